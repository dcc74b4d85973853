// "My requests" for a resident without JavaScript, and after (issue 19 item 3). A browser
// that runs no script keeps no list on the device; the cases it filed or looked up are in
// its session cookie, and the server's /my-requests lists them, each a link to its page.
// When the app runs later in that browser, a receipt the form filed joins the device's own
// "My requests", as the app's own filings do, and is listed there once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolationsWithoutScript, baseUrl, launchBrowser, openPage, scriptlessPage } from '../lib/browser.mjs';
import { fileByTheForm, fileCase } from '../lib/pages.mjs';
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

async function lookUp(page, locale, caseId, code) {
  const t = (key) => message(locale, key);
  await page.goto('/track');
  await page.getByRole('textbox', { name: t('track-case-number') }).fill(caseId);
  await page.getByRole('textbox', { name: t('track-query-code') }).fill(code);
  await page.getByRole('button', { name: t('track-button') }).click();
  await page.waitForURL(new RegExp(`/cases/${caseId}$`));
}

describe('My requests with JavaScript off', { concurrency: 1 }, () => {
  for (const locale of locales) {
    for (const mode of ['normal', 'elderly']) {
      test(`${locale}, ${mode} mode: the cases looked up in this browser are listed, each a link to its page`, { timeout: 120_000 }, async () => {
        const t = (key) => message(locale, key);
        const cases = [await fileCase(noise), await fileCase(noise)];
        const { context, page } = await scriptlessPage(session.browser, locale, mode);
        try {
          await page.goto('/my-requests');
          await page.getByRole('main').getByText(t('my-requests-no-cases')).waitFor();
          for (const filed of cases) await lookUp(page, locale, filed.case_id, filed.query_code);

          await page.goto('/my-requests');
          const main = page.getByRole('main');
          const link = (filed) => main.getByRole('link', { name: format(locale, 'my-requests-case-link', { id: filed.case_id }) });
          for (const filed of cases) await link(filed).waitFor();
          assert.equal(await main.getByText(t('my-requests-browser-case-note')).count(), 2, 'each says where it is kept');
          assert.equal(await main.getByText(t('my-requests-no-cases')).count(), 0);
          if (mode === 'elderly') assert.equal(await page.getAttribute('html', 'data-mode'), 'elderly');
          assert.deepEqual(await axeViolationsWithoutScript(page), [], `${locale} ${mode}: axe`);

          // The link opens the case with its timeline: the server holds the code.
          await link(cases[0]).click();
          await page.waitForURL(new RegExp(`/cases/${cases[0].case_id}$`));
          await page.getByRole('heading', { level: 2, name: t('case-timeline-heading') }).waitFor();
        } finally {
          await context.close();
        }
      });
    }
  }
});

describe('a receipt filed without JavaScript, opened again with the app', () => {
  test('joins the device\'s My requests, said in a status, and is listed there once', async () => {
    const locale = 'zh-CN';
    const t = (key) => message(locale, key);
    const filed = await fileByTheForm('楼下烧烤店每晚音响很吵，先无脚本提交');
    const { context, page, errors } = await openPage(session.browser, { locale });
    try {
      await context.addCookies([{ name: 'huiyin-locale', value: locale, url: baseUrl }, filed.cookie]);
      await page.goto(filed.path);
      await page.getByRole('status').filter({ hasText: t('receipt-saved') }).waitFor();
      const kept = async () => JSON.parse(await page.evaluate(() => localStorage.getItem('huiyin.my-requests')) ?? '[]');
      const saved = (await kept()).filter((c) => c.case_id === filed.caseId);
      assert.equal(saved.length, 1, 'kept on the device');
      assert.equal(saved[0].service_code, 'noise-nuisance');
      assert.match(saved[0].query_code, /^[0-9A-Z]+$/);
      await page.reload();
      assert.equal((await kept()).filter((c) => c.case_id === filed.caseId).length, 1, 'a reload keeps it once');

      await page.goto('/my-requests');
      const main = page.getByRole('main');
      const link = main.getByRole('link', { name: format(locale, 'my-requests-case-link', { id: filed.caseId }) });
      await link.waitFor();
      assert.equal(await link.count(), 1, 'listed once: the device\'s and the cookie\'s are the same case');
      assert.equal(await main.getByText(t('my-requests-browser-case-note')).count(), 0, 'kept on the device now');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
