// What new residents tripped on (issue 18, items 1 to 8), walked as they would: dates typed
// the way people say them, errors that name what to fix, a draft picked up where it needs
// them, actions confirmed where they can be seen, the plain list after a search, elderly
// mode at 412 px, words that say what happened, and the browser's Back in the middle of
// filing. Everything is found by role and accessible name, in every language where the
// words matter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { bffBin, startBff } from '../lib/bff.mjs';
import { launchBrowser, openPage, viewports } from '../lib/browser.mjs';
import { locales, message } from '../lib/locales.mjs';
import { admin, fileCase } from '../lib/pages.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

/** A message with its `{ $name }` placeables filled in. */
function say(locale, key, args = {}) {
  return message(locale, key).replace(/\{ \$(\w+) \}/g, (whole, name) => {
    if (!(name in args)) throw new Error(`${key} in ${locale} needs ${name}`);
    return String(args[name]);
  });
}

/** The sandbox's food-safety question about the date, in each language. */
const purchasedAt = {
  'zh-CN': '购买或就餐时间',
  'zh-TW': '購買或用餐時間',
  en: 'When you bought or ate it',
};

async function heading(page, name) {
  const h1 = page.getByRole('heading', { level: 1, name });
  await h1.waitFor();
  return h1;
}

function box(page, locale, part) {
  return page.getByRole('main').getByRole('textbox', { name: message(locale, `date-part-${part}`), exact: true });
}

async function continueOn(page, locale) {
  await page.getByRole('button', { name: message(locale, 'file-continue') }).click();
}

/** Waits until the food-safety draft on the device holds `expected` for question `code`. */
async function draftHolds(page, code, expected) {
  await page.waitForFunction(({ code, expected }) => {
    const drafts = JSON.parse(localStorage.getItem('huiyin.drafts') || '{}');
    const draft = Object.values(drafts).find((d) => d.service_code === 'food-safety');
    return draft?.attributes?.[code] === expected;
  }, { code, expected });
}

/** A case of this test's own, its query code on the device as "My requests" keeps it. */
async function caseOnThisPhone(context, fields = {}) {
  const filed = await fileCase({
    service_code: 'noise-nuisance',
    description: '楼下烧烤店每晚音响很吵',
    location: { address: '人民路 100 号 3 栋' },
    attributes: { noise_source: 'business', time_of_day: 'night' },
    ...fields,
  });
  const remembered = [{
    case_id: filed.case_id,
    query_code: filed.query_code,
    service_code: filed.service_code,
    service_name: '噪音扰民投诉',
    due_date: filed.due_date,
    filed_at: Date.now(),
  }];
  await context.addInitScript((value) => {
    if (!localStorage.getItem('huiyin.my-requests')) localStorage.setItem('huiyin.my-requests', value);
  }, JSON.stringify(remembered));
  return filed;
}


/**
 * A BFF of this file's own (own data folder, own guess counts), for tests whose wrong
 * guesses or clerk accounts must not touch the shared one; `stop()` ends it.
 */
async function ownBff({ clerk } = {}) {
  const bff = await startBff([], { name: 'residents' });
  if (clerk) execFileSync(bffBin, ['--data-dir', bff.dataDir, 'clerk', 'add', clerk.id], { input: `${clerk.password}\n` });
  return bff;
}

describe('dates and times', () => {
  for (const locale of locales) {
    test(`a resident types the date as they would say it (${locale})`, async () => {
      const { context, page, errors } = await openPage(session.browser, { locale });
      try {
        await page.goto('/services/food-safety/file/question-purchased_at');
        await heading(page, new RegExp(purchasedAt[locale]));
        // One group named by the question, a labelled box for each part.
        const group = page.getByRole('group', { name: new RegExp(purchasedAt[locale]) });
        for (const part of ['year', 'month', 'day', 'hour', 'minute']) {
          assert.equal(await group.getByRole('textbox', { name: message(locale, `date-part-${part}`), exact: true }).count(), 1, part);
        }
        // Written the way people write it, in one box: spread over the boxes.
        await box(page, locale, 'year').fill('2025/6/1 20:30');
        assert.deepEqual(
          await Promise.all(['year', 'month', 'day', 'hour', 'minute'].map((p) => box(page, locale, p).inputValue())),
          ['2025', '6', '1', '20', '30'],
        );
        // Kept with the city's offset, as the city's system is sent it.
        await draftHolds(page, 'purchased_at', '2025-06-01T20:30:00+08:00');
        if (locale !== 'en') {
          await box(page, locale, 'year').fill('6月1日晚上8点');
          assert.equal(await box(page, locale, 'hour').inputValue(), '20', '晚上8点 is 20:00');
          assert.equal(await box(page, locale, 'year').inputValue(), String(new Date().getFullYear()));
          await box(page, locale, 'year').fill('2025-06-01 20:30');
          assert.equal(await box(page, locale, 'minute').inputValue(), '30');
        }
        // Half typed is never dropped: the error names the question and the missing part.
        await box(page, locale, 'month').fill('');
        await continueOn(page, locale);
        const problem = say(locale, 'field-error-attribute-datetime-missing', {
          label: purchasedAt[locale],
          parts: message(locale, 'date-part-month-missing'),
        });
        await page.getByRole('alert').getByRole('link', { name: problem }).click();
        assert.equal(await box(page, locale, 'month').evaluate((el) => el.getAttribute('aria-invalid')), 'true');
        // An impossible date is refused with words that say what to write.
        await box(page, locale, 'month').fill('2');
        await box(page, locale, 'day').fill('30');
        await continueOn(page, locale);
        await page.getByRole('alert').getByRole('link', {
          name: say(locale, 'field-error-not_a_datetime', { label: purchasedAt[locale] }),
        }).waitFor();
        // With the keyboard alone: Tab walks the boxes in order.
        await box(page, locale, 'day').fill('1');
        await box(page, locale, 'month').fill('');
        await box(page, locale, locale === 'en' ? 'day' : 'year').focus();
        const order = locale === 'en' ? ['month', 'year', 'hour', 'minute'] : ['month', 'day', 'hour', 'minute'];
        for (const part of order) {
          await page.keyboard.press('Tab');
          assert.equal(await box(page, locale, part).evaluate((el) => el === document.activeElement), true, `Tab reaches ${part}`);
          if (part === 'month') await page.keyboard.type('6');
        }
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 1 }).filter({ hasNotText: purchasedAt[locale] }).waitFor();
        await draftHolds(page, 'purchased_at', '2025-06-01T20:30:00+08:00');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('error messages', () => {
  for (const locale of locales) {
    test(`a resident who leaves a question empty is told which one and what to do (${locale})`, async () => {
      const { context, page } = await openPage(session.browser, { locale });
      try {
        await page.goto('/services/food-safety/file/question-business_name');
        const h1 = page.getByRole('heading', { level: 1 });
        await h1.waitFor();
        const label = (await h1.innerText()).trim();
        await continueOn(page, locale);
        const summary = page.getByRole('alert');
        await summary.getByRole('link', { name: say(locale, 'field-error-required', { label }) }).waitFor();
        assert.equal(
          await summary.getByRole('link', { name: message(locale, 'field-error-required'), exact: true }).count(),
          0,
          'no bare "enter this" left',
        );

        await page.goto('/services/food-safety/file/description');
        await heading(page, message(locale, 'file-description-heading'));
        await page.getByRole('textbox', { name: message(locale, 'file-description-heading') }).fill('噪音');
        await continueOn(page, locale);
        // The limit comes from the contract (api::validation::limits::DESCRIPTION_MIN_CHARS).
        const tooShort = say(locale, 'field-error-description-too_short', { min: 5 });
        await page.getByRole('alert').getByRole('link', { name: tooShort }).waitFor();
        await page.getByRole('main').getByText(say(locale, 'file-description-hint', { min: 5 })).waitFor();
      } finally {
        await context.close();
      }
    });
  }
});

describe('continuing a draft', () => {
  for (const locale of locales) {
    test(`a resident continuing a draft lands on the next question to answer (${locale})`, async () => {
      const { context, page } = await openPage(session.browser, { locale });
      try {
        await page.goto('/services/streetlight-out');
        await page.getByRole('link', { name: message(locale, 'service-start') }).click();
        const first = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
        await page.getByRole('main').getByRole('textbox').first().fill('A-1024');
        await continueOn(page, locale);
        await page.getByRole('heading', { level: 1 }).filter({ hasNotText: first }).waitFor();
        const second = (await page.getByRole('heading', { level: 1 }).innerText()).trim();

        await page.goto('/services/streetlight-out');
        await page.getByRole('heading', { level: 2, name: message(locale, 'service-draft-heading') }).waitFor();
        await page.getByRole('link', { name: message(locale, 'service-draft-continue') }).click();
        await heading(page, second);
        assert.notEqual(second, message(locale, 'file-check-heading'));
      } finally {
        await context.close();
      }
    });
  }
});

describe('confirmations', () => {
  for (const locale of locales) {
    test(`a resident who adds information and withdraws sees each confirmed once (${locale})`, async () => {
      const { context, page, errors } = await openPage(session.browser, { locale });
      try {
        const filed = await caseOnThisPhone(context);
        await page.goto(`/cases/${filed.case_id}`);
        const actions = page.getByRole('region', { name: message(locale, 'case-actions-heading') });
        await actions.getByRole('textbox', { name: message(locale, 'case-info-label') }).fill('每晚十点以后最吵');
        await actions.getByRole('button', { name: message(locale, 'case-info-submit') }).click();
        const banner = page.getByRole('region', { name: message(locale, 'case-info-done') });
        await banner.waitFor();
        assert.ok(await banner.isVisible(), 'seen, not only heard');
        assert.ok(await banner.evaluate((el) => el === document.activeElement), 'focused, so said once');
        const liveSaid = await page.evaluate((words) => [...document.querySelectorAll('[aria-live], [role=status]')]
          .some((el) => el.textContent.includes(words)), message(locale, 'case-info-done'));
        assert.equal(liveSaid, false, 'not said a second time by a live region');
        // The timeline names the event for what it was.
        const timeline = page.getByRole('list').filter({ has: page.locator('time') });
        await timeline.getByRole('listitem').filter({ hasText: message(locale, 'case-event-added_info') }).waitFor();
        assert.equal(
          await timeline.getByRole('listitem').filter({ hasText: message(locale, 'stage-submitted') }).count(),
          1,
          'adding information is not a second "submitted"',
        );

        await actions.getByRole('button', { name: message(locale, 'case-withdraw-submit') }).click();
        await actions.getByRole('button', { name: message(locale, 'case-withdraw-yes') }).click();
        await page.getByRole('region', { name: message(locale, 'case-withdraw-done') }).waitFor();
        // A withdrawn case says so, not that it was concluded.
        await page.getByRole('main').getByText(message(locale, 'case-actions-none-withdrawn')).waitFor();
        assert.equal(await page.getByRole('main').getByText(message(locale, 'case-actions-none')).count(), 0);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('a resident who rates the answer sees the thanks', async () => {
    const locale = 'zh-CN';
    const { context, page } = await openPage(session.browser, { locale });
    try {
      const filed = await caseOnThisPhone(context);
      for (const [action, body] of [
        ['accept', {}],
        ['assign', { department: 'ecology-environment' }],
        ['start', {}],
        ['answer', { answer: '经查，该店已整改。' }],
      ]) {
        await admin(filed.case_id, action, body);
      }
      await page.goto(`/cases/${filed.case_id}`);
      const actions = page.getByRole('region', { name: message(locale, 'case-actions-heading') });
      await actions.getByRole('group', { name: message(locale, 'case-rating-question') })
        .getByRole('radio', { name: message(locale, 'case-rating-5') }).check();
      await actions.getByRole('button', { name: message(locale, 'case-rating-submit') }).click();
      const banner = page.getByRole('region', { name: message(locale, 'case-rating-done') });
      await banner.waitFor();
      assert.ok(await banner.evaluate((el) => el === document.activeElement));
      await page.getByRole('list').getByRole('listitem').filter({ hasText: message(locale, 'case-event-rated') }).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('the services list', () => {
  for (const locale of locales) {
    test(`a resident going back to all services sees the whole list again (${locale})`, async () => {
      const { context, page } = await openPage(session.browser, { locale });
      try {
        await page.goto('/services?q=zzzzqqq');
        await page.getByRole('main').getByText(message(locale, 'find-no-results')).waitFor();
        await page.getByRole('navigation').getByRole('link', { name: message(locale, 'nav-services') }).first().click();
        const search = page.getByRole('searchbox', { name: message(locale, 'find-search-label') });
        await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
        assert.equal(await search.inputValue(), '', 'the old words are gone');
        await page.getByRole('main').locator('h3').first().waitFor();
        assert.equal(await page.getByRole('main').getByText(message(locale, 'find-no-results')).count(), 0);
      } finally {
        await context.close();
      }
    });
  }
});

describe('elderly mode on a phone', () => {
  async function elderly(page, locale) {
    await page.getByRole('banner').getByRole('button', { name: message(locale, 'elderly-mode') }).click();
    await page.waitForFunction(() => document.documentElement.dataset.mode === 'elderly');
  }

  for (const locale of locales) {
    test(`an elderly resident at 412 px reads the case number whole and taps "show all services" easily (${locale})`, async () => {
      const { context, page } = await openPage(session.browser, { locale, viewport: { width: 412, height: 915 } });
      try {
        const filed = await caseOnThisPhone(context);
        await page.goto(`/cases/${filed.case_id}`);
        await elderly(page, locale);
        for (const width of [412, 320]) {
          await page.setViewportSize({ width, height: 915 });
          const h1 = page.getByRole('heading', { level: 1, name: new RegExp(filed.case_id) });
          await h1.waitFor();
          const number = await h1.evaluate((el, id) => {
            const range = document.createRange();
            const text = [...el.querySelectorAll('*'), el].flatMap((n) => [...n.childNodes])
              .find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.includes(id));
            range.selectNodeContents(text);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            return { lines: lines.size, right: range.getBoundingClientRect().right };
          }, filed.case_id);
          assert.equal(number.lines, 1, `${width} px: the number on one line`);
          assert.ok(number.right <= width, `${width} px: the number fits (${number.right})`);
        }
        await page.setViewportSize({ width: 412, height: 915 });
        for (const kind of ['complaint', 'help', 'application']) {
          await page.goto(`/services?kind=${kind}`);
          const link = page.getByRole('main').getByRole('link', { name: message(locale, 'find-kind-filter-clear') });
          await link.waitFor();
          const box = await link.boundingBox();
          assert.ok(box.height >= 60, `?kind=${kind}: target ${box.height}px high`);
        }
      } finally {
        await context.close();
      }
    });
  }
});

describe('words that say what happened', () => {
  for (const locale of locales) {
    test(`a resident locked out of a case is told to wait about 15 minutes (${locale})`, async () => {
      const server = await ownBff();
      const context = await session.browser.newContext({ locale, viewport: viewports.phone, baseURL: server.url });
      try {
        const page = await context.newPage();
        const response = await fetch(new URL('/api/requests', server.url), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `lockout-${locale}-${Date.now()}` },
          body: JSON.stringify({
            service_code: 'noise-nuisance',
            description: '楼下烧烤店每晚音响很吵',
            location: { address: '人民路 100 号 3 栋' },
            attributes: { noise_source: 'business', time_of_day: 'night' },
            consent: true,
            locale: 'zh-CN',
          }),
        });
        assert.equal(response.status, 201);
        const filed = await response.json();
        await page.goto('/track');
        const number = page.getByRole('textbox', { name: message(locale, 'track-case-number') });
        const code = page.getByRole('textbox', { name: message(locale, 'track-query-code') });
        // Wrong codes until the case is locked (five in 15 minutes by default).
        const prefix = say(locale, 'error-too_many_attempts', { wait: '\u0000' }).split('\u0000')[0];
        const notice = page.getByRole('main').getByText(prefix);
        for (let guess = 0; guess < 8 && !(await notice.count()); guess += 1) {
          await number.fill(filed.case_id);
          await code.fill(`ZZZZ${1000 + guess}`);
          await page.getByRole('main').getByRole('button', { name: message(locale, 'track-button') }).click();
          await page.waitForFunction(() => !document.querySelector('main button[aria-disabled=true]'));
        }
        await notice.first().waitFor();
        const text = await notice.first().innerText();
        assert.match(text, locale === 'en' ? /about 15 minutes/ : /15 分(钟|鐘)/, text);
        assert.doesNotMatch(text, /\d{3}/, 'no count of seconds');
      } finally {
        await context.close();
        await server.stop();
      }
    });

    test(`a resident hears "back" alone on the back link (${locale})`, async () => {
      const { context, page } = await openPage(session.browser, { locale });
      try {
        await page.goto('/services/streetlight-out');
        await page.getByRole('link', { name: message(locale, 'service-start') }).click();
        await page.getByRole('link', { name: message(locale, 'journey-back'), exact: true }).waitFor();
        await page.getByRole('button', { name: message(locale, 'file-continue'), exact: true }).waitFor();
        await page.goto('/services/streetlight-out');
        await page.getByRole('link', { name: message(locale, 'service-start'), exact: true }).waitFor();
      } finally {
        await context.close();
      }
    });
  }
});

describe('the browser\'s Back while filing', () => {
  test('a resident pressing Back mid-filing goes to the previous question and finds the draft kept', async () => {
    const locale = 'zh-CN';
    const { context, page } = await openPage(session.browser, { locale });
    try {
      await page.goto('/services/streetlight-out');
      await page.getByRole('link', { name: message(locale, 'service-start') }).click();
      const first = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
      await page.getByRole('main').getByRole('textbox').first().fill('A-1024');
      await continueOn(page, locale);
      await page.getByRole('heading', { level: 1 }).filter({ hasNotText: first }).waitFor();
      await page.goBack();
      await heading(page, first);
      assert.equal(await page.getByRole('main').getByRole('textbox').first().inputValue(), 'A-1024');
      await page.goBack();
      // Out of the flow, the half-filed request is offered again.
      await page.getByRole('heading', { level: 2, name: message(locale, 'service-draft-heading') }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a clerk leaving the window mid-filing is asked first', async () => {
    const clerk = { id: 'li.ming', password: 'counter-window-2026' };
    const server = await ownBff({ clerk });
    const context = await session.browser.newContext({ locale: 'zh-CN', viewport: viewports.desktop, baseURL: server.url });
    try {
      const page = await context.newPage();
      const t = (key) => message('zh-CN', key);
      await page.goto('/window');
      await page.getByRole('textbox', { name: t('window-sign-in-id') }).fill(clerk.id);
      await page.getByLabel(t('window-sign-in-password')).fill(clerk.password);
      await page.getByRole('button', { name: t('window-sign-in-button') }).click();
      await page.getByRole('link', { name: t('window-home-file') }).click();
      await page.getByRole('link', { name: '城市建设建议' }).first().click();
      await page.getByRole('link', { name: t('service-start') }).click();
      const area = page.getByRole('group', { name: '建议领域' });
      await area.getByRole('radio', { name: '无障碍环境' }).check();
      await continueOn(page, 'zh-CN');
      await page.getByRole('textbox', { name: /预期效果/ }).waitFor();
      // Leaving the window with answers given is asked first.
      const asked = new Promise((resolve) => {
        page.once('dialog', async (dialog) => {
          resolve(dialog.type());
          await dialog.dismiss();
        });
      });
      await page.getByRole('textbox', { name: /预期效果/ }).click();
      await page.keyboard.type('方便轮椅出行');
      page.goto('about:blank').catch(() => {});
      assert.equal(await asked, 'beforeunload');
    } finally {
      await context.close();
      await server.stop();
    }
  });
});
