// Filing a request with JavaScript off (issue 19 item 3): a resident whose browser runs no
// script browses and searches the services, reads one, fills the server's own form (every
// Open311 datatype), meets an error summary for a mistake and fixes it, checks the answers,
// sends, and gets the receipt with case number and query code. Reloading the receipt or
// going back and sending again makes no second case. In all three languages, and in
// elderly mode. axe-core runs on every page of the journey, in the very page the
// JavaScript-less browser shows (axeViolationsWithoutScript says how).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolationsWithoutScript, baseUrl, launchBrowser, sandboxUrl, scriptlessPage } from '../lib/browser.mjs';
import { locales, message } from '../lib/locales.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

/** The sandbox's food-safety service, which asks a question of each datatype. */
const service = {
  'zh-CN': {
    name: '食品安全举报', search: '食品', business: '商家名称', problems: '问题类型', expired: '过期变质', hygiene: '卫生条件差',
    when: '购买或就餐时间', amount: '消费金额', kept: '您保留了购物小票或付款记录吗', keptYes: '保留了', symptoms: '如果食用后身体不适',
  },
  'zh-TW': {
    name: '食品安全檢舉', search: '食品', business: '商家名稱', problems: '問題類型', expired: '過期變質', hygiene: '衛生條件差',
    when: '購買或用餐時間', amount: '消費金額', kept: '您保留了購物收據或付款紀錄嗎', keptYes: '保留了', symptoms: '如果食用後身體不適',
  },
  en: {
    name: 'Report a food safety problem', search: 'food', business: 'Name of the shop or restaurant', problems: 'What the problem is',
    expired: 'Expired or spoiled', hygiene: 'Poor hygiene', when: 'When you bought or ate it', amount: 'Amount paid',
    kept: 'Did you keep the receipt', keptYes: 'Yes, I kept it', symptoms: 'If you fell ill after eating',
  },
};

async function casesWith(description) {
  const cases = await (await fetch(new URL('requests.json', sandboxUrl))).json();
  return cases.filter((c) => c.description === description).length;
}

async function checkPage(page, where, locale, mode) {
  assert.equal(await page.getAttribute('html', 'lang'), locale, `${where}: language`);
  assert.equal(await page.getAttribute('html', 'data-mode'), mode === 'elderly' ? 'elderly' : null, `${where}: mode`);
  assert.deepEqual(await axeViolationsWithoutScript(page), [], `${where}: axe`);
}

const h1 = (page, name) => page.getByRole('main').getByRole('heading', { level: 1, name });

describe('a resident files a request with JavaScript off', { concurrency: 1 }, () => {
  for (const locale of locales) {
    for (const mode of ['normal', 'elderly']) {
      test(`${locale}, ${mode} mode: browse, search, read, fill every kind of question, fix a mistake, check, send, receipt, no second case`, { timeout: 240_000 }, async () => {
        const words = service[locale];
        const description = `无脚本 ${locale} ${mode} ${Date.now()}：这家店卖的牛奶过期了`;
        const { context, page } = await scriptlessPage(session.browser, locale, mode);
        const where = (step) => `${step} in ${locale}, ${mode}`;
        try {
          // Browse: the list of services, then search it with its GET form.
          await page.goto('/services');
          await h1(page, message(locale, 'services-heading')).waitFor();
          assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-hydrated')), false, 'no app ran');
          const search = page.getByRole('search');
          await search.getByLabel(message(locale, 'find-search-label')).fill(words.search);
          await search.getByRole('button', { name: message(locale, 'find-search-button') }).click();
          await page.waitForURL(/\?q=/);
          await checkPage(page, where('search results'), locale, mode);
          await page.getByRole('link', { name: words.name }).first().click();

          // Read the service, then start: the server's form.
          await h1(page, words.name).waitFor();
          await checkPage(page, where('service page'), locale, mode);
          await page.getByRole('link', { name: message(locale, 'service-start') }).click();
          await h1(page, message(locale, 'nojs-file-heading')).waitFor();
          assert.match(page.url(), /\/services\/food-safety\/request$/);
          await checkPage(page, where('the form'), locale, mode);
          await page.getByText(message(locale, 'nojs-file-photos-body')).waitFor();

          // Every datatype: string, multivaluelist, datetime, number, singlevaluelist, text.
          await page.getByLabel(words.business).fill('幸福小吃店');
          const problems = page.getByRole('group', { name: new RegExp(words.problems) });
          await problems.getByRole('checkbox', { name: words.expired }).check();
          await problems.getByRole('checkbox', { name: words.hygiene }).check();
          const when = page.getByRole('group', { name: new RegExp(words.when) });
          await when.getByLabel(message(locale, 'date-part-year'), { exact: true }).fill('2025');
          await when.getByLabel(message(locale, 'date-part-month'), { exact: true }).fill('6');
          await when.getByLabel(message(locale, 'date-part-day'), { exact: true }).fill('1');
          await when.getByLabel(message(locale, 'date-part-hour'), { exact: true }).fill('19');
          await when.getByLabel(message(locale, 'date-part-minute'), { exact: true }).fill('30');
          await page.getByLabel(words.amount).fill('35.5');
          await page.getByRole('group', { name: new RegExp(words.kept) }).getByRole('radio', { name: words.keptYes }).check();
          await page.getByLabel(words.symptoms).fill('肚子疼了一晚上');
          await page.getByLabel(message(locale, 'nojs-file-description-label')).fill(description);
          await page.getByLabel(message(locale, 'file-contact-name')).fill('欧阳小明');
          // Mistakes: no address, a phone number too short, and the privacy notice not agreed.
          await page.getByLabel(message(locale, 'file-contact-phone')).fill('12');
          await page.getByRole('button', { name: message(locale, 'file-continue') }).click();

          // The error summary names each problem, links to its field, and nothing is lost.
          const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: message(locale, 'journey-error-summary-title') }) });
          await summary.waitFor();
          await checkPage(page, where('the form with errors'), locale, mode);
          const consentLink = summary.getByRole('link', { name: message(locale, 'field-error-consent_required') });
          assert.equal(await consentLink.getAttribute('href'), '#consent');
          assert.equal(await summary.getByRole('link').count(), 3, where('three problems'));
          // This form has no "use your location" button, and its words do not offer one.
          await summary.getByRole('link', { name: message(locale, 'nojs-field-error-address-required') }).waitFor();
          await page.getByLabel(message(locale, 'file-address-label')).fill('人民路 88 号');
          assert.equal(await page.getByLabel(words.business).inputValue(), '幸福小吃店');
          assert.equal(await problems.getByRole('checkbox', { name: words.hygiene }).isChecked(), true);
          assert.equal(await when.getByLabel(message(locale, 'date-part-minute'), { exact: true }).inputValue(), '30');
          assert.equal(await page.getByLabel(message(locale, 'nojs-file-description-label')).inputValue(), description);
          await consentLink.click();
          assert.match(page.url(), /#consent$/);
          await page.getByLabel(message(locale, 'file-contact-phone')).fill('13912345678');
          await page.getByLabel(message(locale, 'file-privacy-agree')).check();
          await page.getByRole('button', { name: message(locale, 'file-continue') }).click();

          // Check the answers, then send.
          await h1(page, message(locale, 'file-check-heading')).waitFor();
          await checkPage(page, where('check your answers'), locale, mode);
          const answers = await page.getByRole('main').textContent();
          for (const answer of ['幸福小吃店', words.expired, words.hygiene, '35.5', words.keptYes, description, '人民路 88 号', '13912345678']) {
            assert.ok(answers.includes(answer), `${where('check page')}: ${answer}`);
          }
          const checkUrl = page.url().split('#')[0];
          const sendForm = await page
            .getByRole('button', { name: message(locale, 'file-send-button') })
            .evaluate((button) => [...new FormData(button.form)]);
          await page.getByRole('button', { name: message(locale, 'file-send-button') }).click();

          // The receipt, after a redirect: the code is on the page, never in the address.
          await h1(page, message(locale, 'receipt-title')).waitFor();
          await checkPage(page, where('the receipt'), locale, mode);
          // The `#consent` the summary's link left is not carried over the redirect: the
          // forms post to their own address, not to the page's.
          assert.equal(new URL(page.url()).hash, '', where('no fragment on the receipt'));
          const receiptUrl = new URL(page.url()).pathname;
          const [caseId, queryCode] = await page.getByRole('definition').allTextContents();
          assert.match(receiptUrl, new RegExp(`/receipt/${caseId}$`));
          assert.ok(!receiptUrl.includes(queryCode), 'the query code is not in the address');
          const lookup = await fetch(new URL(`/api/cases/${caseId}?code=${queryCode}`, baseUrl));
          assert.equal(lookup.status, 200, 'the number and code on the receipt find the case');
          assert.equal(await casesWith(description), 1);

          // Reload: the same receipt, nothing filed again.
          await page.reload();
          await h1(page, message(locale, 'receipt-title')).waitFor();
          assert.deepEqual(await page.getByRole('definition').allTextContents().then((d) => d.slice(0, 2)), [caseId, queryCode]);
          // Back to the check page and send again: the same case. The check page was a
          // post's answer, which Chromium will not show again without asking to post once
          // more ("Confirm form resubmission", ERR_CACHE_MISS here); what it then posts is
          // the check page's form as it was, which is sent here as the browser sends it.
          await page.goBack().catch((error) => assert.match(error.message, /ERR_CACHE_MISS/));
          const again = await context.request.post(checkUrl, {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            data: new URLSearchParams([...sendForm, ['action', 'send']]).toString(),
            maxRedirects: 0,
          });
          assert.equal(again.status(), 303, 'sent again');
          assert.equal(new URL(again.headers().location, baseUrl).pathname, receiptUrl, 'sent again, the same receipt');
          assert.equal(await casesWith(description), 1, 'one case however often it is sent');
        } finally {
          await context.close();
        }
      });
    }
  }
});
