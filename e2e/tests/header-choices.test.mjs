// The header's language and elderly-mode buttons (issue 19): with JavaScript off (and
// before the app has hydrated) they are a plain form the server answers, in the chosen
// language or mode, on the same page; once the app runs they switch at once, with no new
// page load, as before (once the language's messages are fetched; if they cannot be, the
// form is sent after all).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, browserForTheseTests, openPage, viewports } from '../lib/browser.mjs';
import { locales, message } from '../lib/locales.mjs';

const session = browserForTheseTests();

/** A browser that runs no script at all, starting in `locale`. */
async function scriptless(locale) {
  const context = await session.browser.newContext({
    javaScriptEnabled: false,
    viewport: viewports.phone,
    baseURL: baseUrl,
    locale,
  });
  await context.addCookies([{ name: 'huiyin-locale', value: locale, url: baseUrl }]);
  return { context, page: await context.newPage() };
}

/** Another of the three languages than `locale`. */
const otherThan = (locale) => locales[(locales.indexOf(locale) + 1) % locales.length];

const endonyms = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

async function heading(page) {
  return page.getByRole('main').getByRole('heading', { level: 1 }).textContent();
}

async function mode(page) {
  return page.getAttribute('html', 'data-mode');
}

describe('the header\'s choices with JavaScript off', { concurrency: 1 }, () => {
  for (const locale of locales) {
    test(`${locale}: choosing a language and elderly mode loads the same page in it, and the next page remembers`, async () => {
      const { context, page } = await scriptless(otherThan(locale));
      try {
        await page.goto('/services?kind=complaint');
        await page.getByRole('button', { name: endonyms[locale], exact: true }).click();
        await page.waitForURL('**/services?kind=complaint');
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.equal(await heading(page), message(locale, 'services-heading'));
        assert.equal(
          await page.getByRole('button', { name: endonyms[locale], exact: true }).getAttribute('aria-pressed'),
          'true',
        );

        const elderly = page.getByRole('button', { name: message(locale, 'elderly-mode') });
        assert.equal(await elderly.getAttribute('aria-pressed'), 'false');
        await elderly.click();
        await page.waitForURL('**/services?kind=complaint');
        assert.equal(await mode(page), 'elderly');
        assert.equal(await elderly.getAttribute('aria-pressed'), 'true');

        // Another page, by an ordinary link: the server remembers both choices.
        await page.goto('/track');
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.equal(await mode(page), 'elderly');
        assert.equal(await heading(page), message(locale, 'track-title'));

        // In elderly mode the languages sit behind "More", which needs the app: without
        // it they are simply shown, and still work.
        const back = otherThan(locale);
        await page.getByRole('button', { name: endonyms[back], exact: true }).click();
        await page.waitForURL('**/track');
        assert.equal(await page.getAttribute('html', 'lang'), back);
        assert.equal(await heading(page), message(back, 'track-title'));

        await page.getByRole('button', { name: message(back, 'elderly-mode') }).click();
        await page.waitForURL('**/track');
        assert.equal(await mode(page), null, 'elderly mode is off again');
      } finally {
        await context.close();
      }
    });
  }
});

describe('the header\'s choices once the app runs', () => {
  for (const locale of locales) {
    test(`${locale}: the buttons switch the page at once, with no new page load, and the server follows`, async () => {
      const { context, page, errors } = await openPage(session.browser, { locale: otherThan(locale) });
      try {
        await page.goto('/services');
        // A mark on this document: a new page load would lose it.
        await page.evaluate(() => { window.sameDocument = true; });
        await page.getByRole('button', { name: endonyms[locale], exact: true }).click();
        await page.getByRole('heading', { level: 1, name: message(locale, 'services-heading') }).waitFor();
        await page.getByRole('button', { name: message(locale, 'elderly-mode') }).click();
        await page.locator('html[data-mode=elderly]').waitFor({ state: 'attached' });
        assert.equal(await page.evaluate(() => window.sameDocument), true, 'no new page load');
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        const saved = await page.evaluate(() => [localStorage.getItem('huiyin.locale'), localStorage.getItem('huiyin.mode')]);
        assert.deepEqual(saved, [JSON.stringify(locale), JSON.stringify('elderly')], 'kept on the device');
        await page.reload();
        assert.equal(await page.getAttribute('html', 'lang'), locale, 'the server renders the next page so');
        assert.equal(await mode(page), 'elderly');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });

    test(`${locale}: a language whose messages cannot be fetched is chosen as without the app, by the form`, async () => {
      const { context, page } = await openPage(session.browser, { locale: otherThan(locale) });
      try {
        await page.goto('/services');
        // The app fetches a language's messages before switching (frontend/src/i18n.rs).
        const asked = [];
        await page.route(/\/messages\//, (route) => {
          asked.push(new URL(route.request().url()).pathname);
          return route.abort();
        });
        await page.evaluate(() => { window.sameDocument = true; });
        await Promise.all([
          page.waitForNavigation({ waitUntil: 'load' }),
          page.getByRole('button', { name: endonyms[locale], exact: true }).click(),
        ]);
        await page.getByRole('heading', { level: 1, name: message(locale, 'services-heading') }).waitFor();
        assert.equal(await page.evaluate(() => window.sameDocument), undefined, 'the form\'s page load');
        assert.equal(await page.getAttribute('html', 'lang'), locale);
        assert.ok(asked.some((path) => path.startsWith(`/messages/${locale}.`)), JSON.stringify(asked));
      } finally {
        await context.close();
      }
    });
  }
});
