// Following a case with JavaScript off (issue 19 item 3): a resident whose browser runs no
// script (an old WebView, a strict proxy, the .wasm never arriving) looks the case up with
// its number and query code, reads its timeline, adds information, urges an overdue one,
// withdraws it, and rates an answered one. Each is a plain HTML form the BFF answers (bff/src/pages/case_forms.rs)
// with a redirect back to the case page, which confirms what was done.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolationsWithoutScript, baseUrl, launchBrowser, scriptlessPage } from '../lib/browser.mjs';
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

/** axe-core on the very page this scriptless browser shows (browser.mjs says how it runs there). */
async function axeClean(page, where) {
  assert.deepEqual(await axeViolationsWithoutScript(page), [], `${where}: axe`);
}

/** The case as the API shows it to its code (for what the city now holds). */
async function caseView(filed) {
  const response = await fetch(new URL(`/api/cases/${encodeURIComponent(filed.case_id)}?code=${filed.query_code}`, baseUrl));
  assert.equal(response.status, 200);
  return response.json();
}

/**
 * A case past its due date, which the resident may urge (催办): the city's supervisor sets
 * its due date to a moment just after it was filed (the sandbox's admin `set-due`, as an
 * extension or a shortened time limit is set), and the test waits until that moment has
 * passed, as the BFF sees it.
 */
async function overdueCase() {
  const filed = await fileCase(noise);
  const due = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
  await admin(filed.case_id, 'set-due', { due: due.toISOString() });
  for (let tries = 0; tries < 40; tries += 1) {
    if ((await caseView(filed)).actions.includes('urge')) return filed;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`case ${filed.case_id} never became overdue`);
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
      test(`${locale}, ${mode} mode: look up, read the timeline, add information, urge, withdraw, rate`, { timeout: 180_000 }, async () => {
        const t = (key) => message(locale, key);
        const filed = await overdueCase();
        const answered = await answeredCase();
        const { context, page, errors } = await scriptlessPage(session.browser, locale, mode);
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

          // Urge it, being overdue: confirmed once, and a reload sends nothing again.
          const urgedBefore = (await caseView(filed)).events.filter((e) => e.kind === 'urged').length;
          await actions.getByRole('textbox', { name: t('case-urge-note-label') }).fill('已经超过时限了');
          await actions.getByRole('button', { name: t('case-urge-submit') }).click();
          const urged = page.getByRole('region', { name: t('case-urge-done') });
          await urged.waitFor();
          assert.equal(await urged.getByRole('status').count(), 1, 'said as a status');
          assert.ok((await page.getByRole('main').textContent()).includes(t('case-event-urged')));
          await axeClean(page, `${locale} ${mode}: urged`);
          await page.reload();
          assert.equal(await page.getByRole('region', { name: t('case-urge-done') }).count(), 0, 'confirmed once');
          const urgedAfter = (await caseView(filed)).events.filter((e) => e.kind === 'urged').length;
          assert.equal(urgedAfter, urgedBefore + 1, 'urged once, the reload sent nothing');

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
