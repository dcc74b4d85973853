// Following a case with JavaScript off (issue 19 item 3): a resident whose browser runs no
// script (an old WebView, a strict proxy, the .wasm never arriving) looks the case up with
// its number and query code, reads its timeline, adds information, withdraws it, and rates
// an answered one. Each is a plain HTML form the BFF answers (bff/src/pages/case_forms.rs)
// with a redirect back to the case page, which confirms what was done.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, baseUrl, launchBrowser, viewports } from '../lib/browser.mjs';
import { admin, fileCase } from '../lib/pages.mjs';
import { format, locales, message } from '../lib/locales.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

const noise = {
  service_code: 'noise-nuisance',
  description: '楼下烧烤店每晚音响很吵',
  location: { address: '人民路 100 号 3 栋' },
  attributes: { noise_source: 'business', time_of_day: 'night' },
};

async function answeredCase() {
  const filed = await fileCase(noise);
  for (const [action, body] of [
    ['accept', {}],
    ['assign', { department: 'ecology-environment' }],
    ['start', {}],
    ['answer', { answer: '经查，该店已整改，夜间不再播放音响。' }],
  ]) {
    await admin(filed.case_id, action, body);
  }
  return filed;
}

/** A browser that runs no script at all, in the resident's language and mode. */
async function scriptlessPage(locale, mode) {
  const context = await session.browser.newContext({
    javaScriptEnabled: false,
    locale,
    viewport: viewports.phone,
    baseURL: baseUrl,
  });
  await context.addCookies([
    { name: 'huiyin-locale', value: locale, url: baseUrl },
    ...(mode === 'elderly' ? [{ name: 'huiyin-mode', value: 'elderly', url: baseUrl }] : []),
  ]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/**
 * axe-core on the page as this scriptless browser got it. With JavaScript disabled,
 * Chromium still runs what Playwright evaluates, but axe-core's own timers never fire
 * there (its run never ends), so the very DOM is checked in a second context with
 * JavaScript on and the app kept from starting (its JS and .wasm refused, as
 * hydration.test.mjs does), the page's address answered with that HTML.
 */
async function axeClean(page, where) {
  const html = await page.content();
  const url = page.url();
  const context = await session.browser.newContext({ viewport: viewports.phone, baseURL: baseUrl });
  try {
    await context.route(/huiyin-frontend-[0-9a-f]+(_bg\.wasm|\.js)$/, (route) => route.abort());
    await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    const copy = await context.newPage();
    await copy.goto(url);
    assert.deepEqual(await axeViolations(copy), [], `${where}: axe`);
  } finally {
    await context.close();
  }
}

async function lookUp(page, locale, caseId, code) {
  const t = (key) => message(locale, key);
  await page.goto('/track');
  await page.getByRole('heading', { level: 1, name: t('track-title') }).waitFor();
  await page.getByRole('textbox', { name: t('track-case-number') }).fill(caseId);
  await page.getByRole('textbox', { name: t('track-query-code') }).fill(code);
  await page.getByRole('button', { name: t('track-button') }).click();
}

const modes = ['normal', 'elderly'];

describe('a case followed with JavaScript off', { concurrency: 1 }, () => {
  for (const locale of locales) {
    for (const mode of modes) {
      test(`${locale}, ${mode} mode: look up, read the timeline, add information, withdraw, rate`, { timeout: 180_000 }, async () => {
        const t = (key) => message(locale, key);
        const filed = await fileCase(noise);
        const answered = await answeredCase();
        const { context, page, errors } = await scriptlessPage(locale, mode);
        try {
          // A wrong code: the page again, with the app's error summary and the number kept.
          await lookUp(page, locale, filed.case_id, 'WRONG000');
          const summary = page.getByRole('alert').filter({ hasText: t('journey-error-summary-title') });
          await summary.waitFor();
          assert.ok((await summary.textContent()).includes(t('error-case_not_found')));
          assert.equal(await page.getByRole('textbox', { name: t('track-case-number') }).inputValue(), filed.case_id);
          await axeClean(page, `${locale} ${mode}: a wrong code`);

          // The right one: the case page, its timeline in the server's HTML.
          await page.getByRole('textbox', { name: t('track-query-code') }).fill(filed.query_code);
          await page.getByRole('button', { name: t('track-button') }).click();
          await page.waitForURL(new RegExp(`/cases/${filed.case_id}$`));
          assert.equal(new URL(page.url()).search, '', 'no code in the address');
          await page.getByRole('heading', { level: 1, name: format(locale, 'case-title', { id: filed.case_id }) }).waitFor();
          await page.getByRole('heading', { level: 2, name: t('case-timeline-heading') }).waitFor();
          assert.ok((await page.getByRole('main').textContent()).includes(t('stage-submitted')), 'the timeline shows the stage');
          if (mode === 'elderly') assert.equal(await page.getAttribute('html', 'data-mode'), 'elderly');
          await axeClean(page, `${locale} ${mode}: the case`);

          // Add information: nothing typed is a problem to fix; then sent and confirmed.
          const actions = page.getByRole('region', { name: t('case-actions-heading') });
          await actions.getByRole('button', { name: t('case-info-submit') }).click();
          await page.getByRole('alert').filter({ hasText: t('journey-error-summary-title') }).waitFor();
          await axeClean(page, `${locale} ${mode}: information missing`);
          await actions.getByRole('textbox', { name: t('case-info-label') }).fill('音响在晚上十点后最吵');
          await actions.getByRole('button', { name: t('case-info-submit') }).click();
          const added = page.getByRole('region', { name: t('case-info-done') });
          await added.waitFor();
          assert.equal(await added.getByRole('status').count(), 1, 'said as a status');
          assert.ok((await page.getByRole('main').textContent()).includes(t('case-event-added_info')));
          await axeClean(page, `${locale} ${mode}: information added`);
          await page.reload();
          assert.equal(await page.getByRole('region', { name: t('case-info-done') }).count(), 0, 'confirmed once');

          // Withdraw: asked once more first, as the app does.
          await actions.getByRole('textbox', { name: t('case-withdraw-note-label') }).fill('已经解决了');
          await actions.getByRole('button', { name: t('case-withdraw-submit') }).click();
          await page.getByText(t('case-withdraw-confirm')).waitFor();
          assert.equal(await actions.getByRole('textbox', { name: t('case-withdraw-note-label') }).inputValue(), '已经解决了');
          await axeClean(page, `${locale} ${mode}: withdraw, are you sure`);
          await actions.getByRole('button', { name: t('case-withdraw-yes') }).click();
          await page.getByRole('region', { name: t('case-withdraw-done') }).waitFor();
          assert.ok((await page.getByRole('main').textContent()).includes(t('stage-withdrawn')));

          // Rate an answered case.
          await lookUp(page, locale, answered.case_id, answered.query_code);
          await page.waitForURL(new RegExp(`/cases/${answered.case_id}$`));
          const rating = page.getByRole('group', { name: t('case-rating-question') });
          await rating.getByRole('radio', { name: t('case-rating-5') }).check();
          await page.getByRole('textbox', { name: t('case-rating-comment') }).fill('处理很及时');
          await page.getByRole('button', { name: t('case-rating-submit') }).click();
          await page.getByRole('region', { name: t('case-rating-done') }).waitFor();
          await axeClean(page, `${locale} ${mode}: rated`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
