// Every page a resident can reach, in the state worth checking, for the accessibility
// matrix and the pseudo-locale. To add a page, add an entry to `residentPages`: a name, its
// address (a string or a function of the fixtures and locale), what is on the device when
// it opens (`storage`), and how to tell it has finished loading (`ready`).
import assert from 'node:assert/strict';
import { baseUrl, openPage, sandboxUrl } from './browser.mjs';
import { message } from './locales.mjs';

const adminToken = process.env.HUIYIN_SANDBOX_ADMIN_TOKEN || 'e2e-admin-token';

/** What the app keeps of the resident on the device (frontend/src/storage). */
export const residentKeys = ['huiyin.drafts', 'huiyin.outbox', 'huiyin.my-requests', 'huiyin.contact'];

/** A word that finds a few services in each language (search results). */
const searchWord = { 'zh-CN': '投诉', 'zh-TW': '投訴', en: 'report', 'en-XA': 'report' };

/**
 * The resident's own words typed into the filing flow, and the service's name as saved on
 * the device with their requests (in the language they filed in): not the app's to translate.
 */
export const residentWords = ['幸福小吃店', '买到的卤味已经变质', '人民路 88 号幸福小吃店', '噪音扰民投诉'];

const main = (page) => page.getByRole('main');

export const residentPages = [
  { name: 'home', path: '/', primary: { role: 'link', key: 'home-services-link' } },
  { name: 'services', path: '/services', ready: (page) => main(page).locator('h3').first() },
  {
    name: 'services, search results',
    path: (f, locale) => `/services?q=${encodeURIComponent(searchWord[locale])}`,
    ready: (page) => main(page).locator('h3').first(),
  },
  {
    name: 'service',
    path: '/services/food-safety',
    // The start link (its address is the form that works without JavaScript; the app takes
    // the click into its own steps).
    ready: (page) => main(page).locator('a[href$="/request"]').first(),
  },
  ...[
    // Each kind of question the contract has, with the control it is asked with.
    ['question: short text', 'question-business_name', 'input[type=text]:not([inputmode=decimal])'],
    ['question: checkboxes', 'question-problems', 'input[type=checkbox]'],
    ['question: date and time', 'question-purchased_at', 'input[inputmode=numeric]'],
    ['question: number', 'question-amount_paid', 'input[inputmode=decimal]'],
    ['question: radios', 'question-receipt_kept', 'input[type=radio]'],
    ['question: long text', 'question-symptoms', 'textarea'],
    ['description', 'description', 'textarea'],
    ['location', 'location', 'input[autocomplete~=street-address], textarea[autocomplete~=street-address]'],
    ['photos', 'photos', 'img'],
    ['contact', 'contact', 'input[autocomplete=tel]'],
    ['privacy', 'privacy', 'input[type=checkbox]'],
  ].map(([name, step, control]) => ({
    name,
    path: `/services/food-safety/file/${step}`,
    storage: (f) => ({ 'huiyin.drafts': f.drafts }),
    ready: (page) => main(page).locator(control).first(),
    primary: { role: 'button', key: 'file-continue' },
  })),
  {
    // The date boxes with the error that names the missing part (month left out).
    name: 'question: date and time, a part missing',
    path: '/services/food-safety/file/question-purchased_at',
    storage: (f) => ({ 'huiyin.drafts': f.drafts }),
    ready: (page, locale) => ({
      async waitFor() {
        await main(page).getByRole('textbox', { name: message(locale, 'date-part-month'), exact: true }).fill('');
        await main(page).getByRole('button', { name: message(locale, 'file-continue') }).click();
        await page.getByRole('alert').getByRole('link').first().waitFor();
      },
    }),
    primary: { role: 'button', key: 'file-continue' },
  },
  {
    name: 'check answers',
    path: '/services/food-safety/file/check',
    storage: (f) => ({ 'huiyin.drafts': f.drafts }),
    ready: (page, locale) => main(page).getByRole('button', { name: message(locale, 'file-send-button') }),
    primary: { role: 'button', key: 'file-send-button' },
  },
  {
    name: 'sending, waiting in the outbox',
    path: (f) => f.sendingPath,
    storage: (f) => ({ 'huiyin.outbox': f.outbox }),
    ready: (page, locale) => page.getByRole('heading', { level: 1, name: message(locale, 'sending-waiting-title') }),
  },
  {
    name: 'receipt',
    path: (f) => `/receipt/${f.submitted.case_id}`,
    storage: (f) => ({ 'huiyin.my-requests': f.myRequests }),
    ready: (page) => page.locator('#receipt-query-code'),
  },
  { name: 'track', path: '/track', ready: (page) => main(page).getByRole('textbox').first() },
  {
    name: 'case: submitted, with actions',
    path: (f) => `/cases/${f.submitted.case_id}`,
    storage: (f) => ({ 'huiyin.my-requests': f.myRequests }),
    ready: (page, locale) => page.getByRole('region', { name: message(locale, 'case-actions-heading') }).getByRole('button').first(),
  },
  {
    // The confirmation banner after adding information, focused and seen.
    name: 'case: information added, with its confirmation',
    path: (f) => `/cases/${f.submitted.case_id}`,
    storage: (f) => ({ 'huiyin.my-requests': f.myRequests }),
    ready: (page, locale) => ({
      async waitFor() {
        const actions = page.getByRole('region', { name: message(locale, 'case-actions-heading') });
        await actions.getByRole('textbox', { name: message(locale, 'case-info-label') }).fill(residentWords[1]);
        await actions.getByRole('button', { name: message(locale, 'case-info-submit') }).click();
        await page.getByRole('region', { name: message(locale, 'case-info-done') }).waitFor();
      },
    }),
  },
  {
    name: 'case: answered, with the rating form',
    path: (f) => `/cases/${f.answered.case_id}`,
    storage: (f) => ({ 'huiyin.my-requests': f.myRequests }),
    ready: (page, locale) => page.getByRole('group', { name: message(locale, 'case-rating-question') }).getByRole('radio').first(),
  },
  {
    name: 'my requests, empty',
    path: '/my-requests',
    ready: (page, locale) => main(page).getByText(message(locale, 'my-requests-nothing')),
  },
  {
    name: 'my requests, with entries',
    path: '/my-requests',
    storage: (f) => ({ 'huiyin.my-requests': f.myRequests, 'huiyin.drafts': f.drafts }),
    ready: (page) => main(page).getByRole('link').first(),
  },
  { name: 'not found', path: '/no-such-page', primary: { role: 'link', key: 'not-found-home-link' } },
];

/**
 * Runs in every page before the app: puts exactly the storage planned for this visit on
 * the device (planned in sessionStorage, which survives the navigation), so each page
 * opens in its own state whatever the previous page left.
 */
export function applyPlannedStorage({ keys }) {
  const plan = sessionStorage.getItem('e2e.storage');
  if (plan === null) return;
  sessionStorage.removeItem('e2e.storage');
  for (const key of keys) localStorage.removeItem(key);
  for (const [key, value] of Object.entries(JSON.parse(plan))) localStorage.setItem(key, value);
}

/** Prepares a context for `openResidentPage` (call once per context, before any page). */
export async function prepareContext(context) {
  await context.addInitScript(applyPlannedStorage, { keys: residentKeys });
  // Nothing queued in these tests may reach the city: the outbox page must stay "waiting".
  await context.route('**/api/requests', (route) => route.abort('internetdisconnected'));
}

/** Opens `spec` as the resident would find it, and waits until it has loaded. */
export async function openResidentPage(page, spec, fixtures, locale) {
  const storage = spec.storage ? spec.storage(fixtures) : {};
  if (page.url().startsWith(baseUrl)) {
    await page.evaluate((plan) => sessionStorage.setItem('e2e.storage', JSON.stringify(plan)), storage);
  } else {
    assert.deepEqual(storage, {}, `${spec.name} needs storage: open another page of the app first`);
  }
  const path = typeof spec.path === 'function' ? spec.path(fixtures, locale) : spec.path;
  await page.goto(path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  if (spec.ready) await spec.ready(page, locale).waitFor();
}

/** The government side moves a case (the sandbox's admin API). */
export async function admin(id, action, body = {}) {
  const response = await fetch(new URL(`admin/requests/${id}/${action}`, sandboxUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `admin ${action}: ${await response.text()}`);
}

/** Files a case straight through the BFF's API. */
export async function fileCase(fields) {
  const response = await fetch(new URL('/api/requests', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `a11y-${Date.now()}-${Math.random()}` },
    body: JSON.stringify({ consent: true, locale: 'zh-CN', ...fields }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text);
}

/** A small real PNG, drawn by the browser. */
async function smallPng(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 24;
    canvas.height = 16;
    const g = canvas.getContext('2d');
    g.fillStyle = '#2a7';
    g.fillRect(0, 0, 24, 16);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

function remembered(filed, serviceName) {
  return {
    case_id: filed.case_id,
    query_code: filed.query_code,
    service_code: filed.service_code,
    service_name: serviceName,
    due_date: filed.due_date,
    filed_at: Date.now(),
  };
}

/**
 * Made once for every page check: a new case, one the city has answered, a half-written
 * request with every answer and a photo, and a request waiting in the outbox.
 */
export async function residentFixtures(browser) {
  const noise = {
    service_code: 'noise-nuisance',
    description: '楼下烧烤店每晚音响很吵',
    location: { address: '人民路 100 号 3 栋' },
    attributes: { noise_source: 'business', time_of_day: 'night' },
  };
  const submitted = await fileCase(noise);
  const answered = await fileCase(noise);
  for (const [action, body] of [
    ['accept', {}],
    ['assign', { department: 'ecology-environment' }],
    ['start', {}],
    ['answer', { answer: '经查，该店已整改，夜间不再播放音响。' }],
  ]) {
    await admin(answered.case_id, action, body);
  }
  const myRequests = JSON.stringify([remembered(submitted, residentWords[3]), remembered(answered, residentWords[3])]);

  const { context, page } = await openPage(browser, { locale: 'zh-CN' });
  try {
    await prepareContext(context);
    const zh = (key) => message('zh-CN', key);
    const next = () => page.getByRole('button', { name: zh('file-continue') }).click();
    const h1 = (name) => page.getByRole('heading', { level: 1, name }).waitFor();
    await page.goto('/services/food-safety');
    await page.getByRole('link', { name: zh('service-start') }).click();
    // Whatever the service asks, answered as a resident would, a photo included.
    for (let step = 0; ; step += 1) {
      assert.ok(step < 20, 'reached the check page');
      await page.getByRole('heading', { level: 1 }).waitFor();
      const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
      if (title === zh('file-check-heading')) break;
      const m = main(page);
      if (title === zh('file-description-heading')) {
        await m.getByRole('textbox').fill(residentWords[1]);
      } else if (title === zh('file-location-heading')) {
        await m.getByRole('textbox', { name: zh('file-address-label') }).fill(residentWords[2]);
      } else if (title === zh('file-photos-heading')) {
        await page.getByLabel(zh('file-photos-pick')).setInputFiles({
          name: 'shop.png',
          mimeType: 'image/png',
          buffer: await smallPng(page),
        });
        await m.getByRole('img').first().waitFor();
      } else if (title === zh('file-privacy-heading')) {
        await m.getByRole('checkbox').check();
      } else if (title === zh('file-contact-heading')) {
        // Anonymous.
      } else if (await m.getByRole('radio').count()) {
        await m.getByRole('radio').first().check();
      } else if (await m.getByRole('checkbox').count()) {
        await m.getByRole('checkbox').first().check();
        await m.getByRole('checkbox').last().check();
      } else if (await m.locator('input[inputmode=numeric]').count()) {
        // A date and time: year, month, day, hour, minute, each box by its label.
        for (const [part, value] of [['year', '2026'], ['month', '11'], ['day', '20'], ['hour', '19'], ['minute', '30']]) {
          await m.getByRole('textbox', { name: zh(`date-part-${part}`), exact: true }).fill(value);
        }
      } else if (await m.locator('input[type=date]').count()) {
        await m.locator('input[type=date]').fill('2026-11-20');
      } else {
        const box = m.locator('input:not([type=hidden]):not([type=file]), textarea').first();
        await box.fill((await box.getAttribute('inputmode')) === 'decimal' ? '35.5' : residentWords[0]);
      }
      await next();
      await page.waitForFunction(
        (previous) => document.querySelector('main h1')?.textContent.trim() !== previous
          || document.querySelector('.error-summary'),
        title,
      );
      assert.equal(await page.locator('.error-summary').count(), 0, `${title}: accepted`);
    }
    const drafts = await page.evaluate(() => localStorage.getItem('huiyin.drafts'));

    await page.getByRole('button', { name: zh('file-send-button') }).click();
    await h1(zh('sending-waiting-title'));
    const outbox = await page.evaluate(() => localStorage.getItem('huiyin.outbox'));
    const sendingPath = new URL(page.url()).pathname;
    return { submitted, answered, myRequests, drafts, outbox, sendingPath };
  } finally {
    await context.close();
  }
}

/**
 * A request filed as a browser without JavaScript files it (issue 19): the server's noise
 * form, posted with its own key and token, answered by a redirect to the receipt and the
 * case cookie. `path` is the receipt's address, `caseId` its case, `cookie` the case cookie
 * for a Playwright context.
 */
export async function fileByTheForm(description) {
  const form = await (await fetch(new URL('/services/noise-nuisance/request', baseUrl))).text();
  const hidden = (name) => {
    // The filing form's own, in the page's main part (the header's form has a token too).
    const main = form.slice(form.indexOf('<main'));
    const tag = [...main.matchAll(/<input[^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`name="${name}"`));
    return /value="([^"]*)"/.exec(tag)[1];
  };
  const body = new URLSearchParams([
    ['attribute-noise_source', 'business'],
    ['description', description],
    ['address', '人民路 100 号 3 栋'],
    ['consent', 'yes'],
    ['key', hidden('key')],
    ['form_token', hidden('form_token')],
    ['action', 'send'],
  ]);
  const sent = await fetch(new URL('/services/noise-nuisance/request', baseUrl), { method: 'POST', body, redirect: 'manual' });
  assert.equal(sent.status, 303, await sent.text());
  const [pair] = sent.headers.get('set-cookie').split(';');
  const [name, value] = pair.split('=');
  const path = sent.headers.get('location');
  return {
    path,
    caseId: decodeURIComponent(path.replace(/^\/receipt\//, '').split('?')[0]),
    // `__Host-` is Secure and host-only: Chromium takes it on loopback by host and path.
    cookie: { name, value, domain: new URL(baseUrl).hostname, path: '/', secure: true },
  };
}
