// The service window's test fixtures, shared by every window test file: a BFF of the test's
// own (its own time limits, accounts made with the real `huiyin-bff clerk add`), a clerk's
// browser, sign-in, the resident at the counter and how to find any trace of them left on
// the computer, and filing for them on the window's one-page form.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { bffBin, startBff as startOwnBff } from './bff.mjs';
import { viewports } from './browser.mjs';
import { message } from './locales.mjs';

export const PASSWORD = 'counter-window-2026';

/** The cookies a signed-in clerk's browser holds: the session, and the window-mode flag. */
export const clerkCookies = ['__Host-huiyin-clerk', '__Host-huiyin-window'];

/** A message with its `{ $name }` placeables filled in. */
export function say(locale, key, args = {}) {
  return message(locale, key).replace(/\{ \$(\w+) \}/g, (_, name) => String(args[name]));
}
export const zh = (key, args) => say('zh-CN', key, args);

/** A BFF of this test's own (see bff.mjs), with the window's fixtures on it. */
export async function startBff(args = []) {
  const bff = await startOwnBff(args, { name: 'window' });
  const { dataDir, sandboxUrl } = bff;
  return {
    ...bff,
    /** `huiyin-bff clerk add`, the password on standard input as a script would give it. */
    addClerk(id) {
      execFileSync(bffBin, ['--data-dir', dataDir, 'clerk', 'add', id], { input: `${PASSWORD}\n` });
    },
    /** The case as the city's system holds it, with its extension keys (channel, clerk). */
    async upstreamCase(id) {
      const response = await fetch(`${sandboxUrl}requests/${id}.json?extensions=true`);
      return (await response.json())[0];
    },
  };
}

export async function openWindow(browser, server, { locale = 'zh-CN', viewport = viewports.desktop } = {}) {
  const context = await browser.newContext({ locale, viewport, baseURL: server.url });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

export async function heading(page, name) {
  const h1 = page.getByRole('heading', { level: 1, name });
  await h1.waitFor();
  return h1;
}

export async function signIn(page, id, password = PASSWORD, locale = 'zh-CN') {
  await page.getByRole('textbox', { name: say(locale, 'window-sign-in-id') }).fill(id);
  await page.getByLabel(say(locale, 'window-sign-in-password')).fill(password);
  await page.getByRole('button', { name: say(locale, 'window-sign-in-button') }).click();
}

export async function continueOn(page, locale = 'zh-CN') {
  await page.getByRole('button', { name: say(locale, 'file-continue') }).click();
}

/** The clerk's bar, on every page of a signed-in clerk's browser. */
export function clerkBar(page, locale = 'zh-CN') {
  return page.getByRole('complementary', { name: say(locale, 'window-bar-label') });
}

/** The resident in these tests, and how to recognise any trace of them. */
export const resident = {
  name: '王秀英',
  phone: '13912345678',
  description: '人民路地铁站没有无障碍电梯，轮椅上下很困难',
  benefit: '方便轮椅和婴儿车出行',
  address: '人民路地铁站三号口',
};

/** What the resident suggests, in each language's words of the sandbox's catalogue. */
export const suggestion = {
  'zh-CN': { service: '城市建设建议', area: '建议领域', choice: '无障碍环境', benefit: /预期效果/ },
  'zh-TW': { service: '城市建設建言', area: '建言領域', choice: '無障礙環境', benefit: /預期效果/ },
  en: {
    service: 'Suggestion for the city',
    area: 'What your suggestion is about',
    choice: 'Accessibility',
    benefit: /What it would improve/,
  },
};

/** From the clerk's home, opens city-development's suggestion on the window's one-page form. */
export async function openSuggestionForm(page, locale = 'zh-CN') {
  const t = (key, args) => say(locale, key, args);
  const words = suggestion[locale];
  await page.getByRole('link', { name: t('window-home-file') }).click();
  await page.getByRole('link', { name: words.service }).first().click();
  await heading(page, words.service);
  await page.getByRole('link', { name: t('service-start') }).click();
  await heading(page, t('window-file-all-heading'));
}

/** From the clerk's home, starts city-development's suggestion, up to the typed answer. */
export async function startSuggestion(page, locale = 'zh-CN') {
  const words = suggestion[locale];
  await openSuggestionForm(page, locale);
  await page.getByRole('group', { name: words.area }).getByRole('radio', { name: words.choice }).check();
  await page.getByRole('textbox', { name: words.benefit }).fill(resident.benefit);
}

/**
 * From the clerk's home, files city-development's suggestion on the one-page form up to the
 * check page. `scan`, when given, is called on each page only the window has (the one-page
 * form, with its error summary and filled in, and the check page).
 */
export async function fileForResident(page, { read = 'by_clerk', locale = 'zh-CN', scan = async () => {} } = {}) {
  const t = (key, args) => say(locale, key, args);
  await openSuggestionForm(page, locale);
  await scan('one-page form');
  await continueOn(page, locale);
  // Nothing answered yet: the same error summary as the one-question pages, all at once.
  const summary = page.getByRole('alert');
  await summary.getByRole('link').first().waitFor();
  assert.ok(await summary.getByRole('link').count() >= 4, 'every missing answer is listed');
  await scan('one-page form, with its error summary');
  const words = suggestion[locale];
  await page.getByRole('group', { name: words.area }).getByRole('radio', { name: words.choice }).check();
  await page.getByRole('textbox', { name: words.benefit }).fill(resident.benefit);
  await page.getByRole('textbox', { name: t('file-description-heading') }).fill(resident.description);
  await page.getByRole('textbox', { name: t('file-address-label') }).fill(resident.address);
  assert.equal(
    await page.getByRole('checkbox', { name: t('file-contact-remember') }).count(),
    0,
    'nothing is remembered on a shared computer',
  );
  await page.getByRole('textbox', { name: t('file-contact-name') }).fill(resident.name);
  const phone = page.getByRole('textbox', { name: t('file-contact-phone') });
  await phone.fill(resident.phone);
  await phone.press('Tab');
  const main = page.getByRole('main');
  // Masked once typed, for anyone behind the resident; in full on the check page.
  await main.getByText('139****5678').waitFor();
  await page.getByRole('button', { name: t('window-consent-read-aloud') }).waitFor();
  await page.getByRole('checkbox', { name: t('window-consent-agree') }).check();
  await page
    .getByRole('group', { name: t('window-consent-read-out-legend') })
    .getByRole('radio', { name: t(`window-consent-read-out-${read}`) })
    .check();
  await scan('one-page form, filled in');
  await continueOn(page, locale);
  await heading(page, t('file-check-heading'));
  await scan('check page');
}

/** Every place a resident's data could be left on this computer, as text. */
export async function traces(page, context) {
  const stored = await page.evaluate(async () => {
    const dump = (area) => Object.keys(area).map((k) => `${k}=${area.getItem(k)}`).join('\n');
    const databases = indexedDB.databases ? await indexedDB.databases() : [];
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      databases: databases.map((d) => d.name),
      page: document.documentElement.outerHTML,
      title: document.title,
    };
  });
  const cookies = await context.cookies();
  return { ...stored, cookies };
}

export function assertNoTraceOf(found, secrets, where) {
  const text = JSON.stringify({ ...found, cookies: found.cookies.map((c) => `${c.name}=${c.value}`) });
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `${where}: "${secret}" is still on the computer`);
  }
  assert.deepEqual(found.databases, [], `${where}: no IndexedDB`);
  assert.deepEqual(found.cookies.map((c) => c.name).sort(), clerkCookies, `${where}: only the clerk's cookies`);
}
