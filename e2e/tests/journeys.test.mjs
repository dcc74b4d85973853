// The resident's journeys, walked as a resident would, finding everything by role and
// accessible name: find a service, file a request one question per page, survive a reload
// and a dropped connection, get the receipt, follow the case live while the city moves it,
// answer back, and clear the phone. Pages are scanned by axe-core as they come; every page
// in every language, mode and width is checked in accessibility.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import {
  axeViolations,
  baseUrl,
  launchBrowser,
  openPage,
  sandboxUrl,
  viewports,
} from '../lib/browser.mjs';
import { message } from '../lib/locales.mjs';

const adminToken = process.env.HUIYIN_SANDBOX_ADMIN_TOKEN || 'e2e-admin-token';
/** The BFF asks the city's system about a watched case every 5 s by default. */
const LIVE_TIMEOUT = 30_000;

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

/** A message with its `{ $name }` placeables filled in. */
function say(locale, key, args = {}) {
  return message(locale, key).replace(/\{ \$(\w+) \}/g, (_, name) => String(args[name]));
}

const zh = (key, args) => say('zh-CN', key, args);

/** Regular expression matching a message exactly, placeables filled in. */
function exactly(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

async function sandboxCases() {
  const response = await fetch(new URL('requests.json', sandboxUrl));
  assert.equal(response.status, 200);
  return response.json();
}

/** The government side moves a case (the sandbox's admin API). */
async function admin(id, action, body = {}) {
  const response = await fetch(new URL(`admin/requests/${id}/${action}`, sandboxUrl), {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `admin ${action}: ${await response.text()}`);
}

async function noViolations(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what}: no axe violations`);
}

async function heading(page, name) {
  const h1 = page.getByRole('heading', { level: 1, name });
  await h1.waitFor();
  return h1;
}

async function isFocused(locator) {
  return locator.evaluate((element) => element === document.activeElement);
}

async function continueOn(page) {
  await page.getByRole('button', { name: zh('file-continue') }).click();
}

/** A small real PNG (a 24×16 gradient), so the BFF can decode and re-encode it. */
function png() {
  const width = 24;
  const height = 16;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(x * 10, y * 15, 128);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('a resident finds a service', () => {
  test('from the request kinds and common services on the home page', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      await page.goto('/');
      await heading(page, zh('home-heading'));
      const kinds = page.getByRole('region', { name: zh('home-kinds-heading') });
      for (const kind of ['complaint', 'consultation', 'help', 'report', 'suggestion', 'praise']) {
        await kinds.getByRole('link', { name: new RegExp(`^${zh(`kind-${kind}`)}`) }).waitFor();
      }
      const common = page.getByRole('region', { name: zh('home-common-heading') });
      await common.getByRole('link', { name: '噪音扰民投诉' }).waitFor();
      assert.deepEqual(
        await common.getByRole('link').allInnerTexts(),
        ['噪音扰民投诉', '物业服务投诉', '停水求助', '社保政策咨询', '公积金咨询', '路灯不亮求助'],
        'the services the city says are used most, most used first',
      );
      await noViolations(page, 'home with shortcuts');

      await kinds.getByRole('link', { name: new RegExp(`^${zh('kind-help')}`) }).click();
      await heading(page, zh('services-heading'));
      assert.equal(new URL(page.url()).searchParams.get('kind'), 'help');
      await page.getByRole('main').getByText(zh('find-kind-filter', { kind: zh('kind-help') })).waitFor();
      const names = await page.getByRole('main').getByRole('heading', { level: 3 }).allInnerTexts();
      assert.deepEqual(names.sort(), ['停水求助', '路灯不亮求助'].sort());
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('by searching in Chinese, with part of a word, and hears how many match', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      await page.goto('/services');
      await heading(page, zh('services-heading'));
      const search = page.getByRole('searchbox', { name: zh('find-search-label') });
      await search.fill('路灯坏了');
      await page.getByRole('main').getByText(exactly(zh('find-results', { count: 1 }))).waitFor();
      const results = page.getByRole('main').getByRole('heading', { level: 3 });
      assert.deepEqual(await results.allInnerTexts(), ['路灯不亮求助']);
      // The count is said in the app's polite live region once typing pauses.
      await page.waitForFunction(
        (text) => [...document.querySelectorAll('[role=status][aria-live=polite]')]
          .some((region) => region.textContent.includes(text)),
        zh('find-results', { count: 1 }),
      );
      await search.fill('噪');
      await page.getByRole('main').getByText(exactly(zh('find-results', { count: 1 }))).waitFor();
      assert.deepEqual(await results.allInnerTexts(), ['噪音扰民投诉']);
      await search.fill('没有这种服务啊');
      await page.getByRole('main').getByText(zh('find-no-results')).waitFor();
      await noViolations(page, 'search with no results');
      await search.fill('公积金');
      await page.getByRole('link', { name: '公积金咨询' }).click();

      await heading(page, '公积金咨询');
      for (const section of ['service-ready-heading', 'service-time-heading', 'service-window-heading']) {
        await page.getByRole('heading', { level: 2, name: zh(section) }).waitFor();
      }
      await page.getByRole('main').getByText('咨询事项').waitFor();
      await page.getByRole('main').getByText(exactly(zh('service-time-limit', { days: 3 }))).waitFor();
      await page.getByRole('main').getByText(zh('service-window-body')).waitFor();
      await page.getByRole('link', { name: zh('service-start') }).waitFor();
      await noViolations(page, 'service page');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('by searching in English, tolerant of word endings', async () => {
    const { context, page } = await openPage(session.browser, { locale: 'en', viewport: viewports.desktop });
    try {
      await page.goto('/services?q=lamps');
      await heading(page, message('en', 'services-heading'));
      await page.getByRole('main').getByText(exactly('1 service found')).waitFor();
      const results = page.getByRole('main').getByRole('heading', { level: 3 });
      assert.deepEqual(await results.allInnerTexts(), ['Streetlight out']);
      const search = page.getByRole('searchbox', { name: message('en', 'find-search-label') });
      assert.equal(await search.inputValue(), 'lamps', 'the search stays in the address');
      await search.fill('PROVIDENT');
      await page.getByRole('main').getByText(exactly('1 service found')).waitFor();
      assert.deepEqual(await results.allInnerTexts(), ['Housing provident fund enquiry']);
      await noViolations(page, 'English search');
    } finally {
      await context.close();
    }
  });

  test('a service whose time limit is not published says so plainly', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      // A plain GeoReport v2 city system has no time limit: the BFF then sends none.
      await page.route('**/api/services/hukou-policy?*', async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        assert.equal(body.time_limit_days, 3, 'the sandbox publishes it');
        delete body.time_limit_days;
        await route.fulfill({ response, json: body });
      });
      // The server's own service page carries the definition it read (bff/src/pages.rs);
      // the app's way there asks the BFF, which is what is changed above.
      await page.goto('/services');
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      await page.getByRole('main').getByRole('link', { name: '户籍政策咨询' }).first().click();
      await heading(page, '户籍政策咨询');
      await page.getByRole('main').getByText(zh('service-time-unpublished')).waitFor();
      assert.equal(await page.getByRole('main').getByText(/个工作日/).count(), 0, 'no made-up limit');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the header leads everywhere a resident goes back to', () => {
  test('tracking and my requests are in the navigation, behind "More" in elderly mode', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      await page.goto('/');
      await heading(page, zh('home-heading'));
      const nav = page.getByRole('banner').getByRole('navigation', { name: zh('nav-label') });
      await nav.getByRole('link', { name: zh('nav-track') }).click();
      await heading(page, zh('track-title'));
      assert.equal(await nav.getByRole('link', { name: zh('nav-track') }).locator('[aria-current="page"]').count(), 1);
      await nav.getByRole('link', { name: zh('nav-my-requests') }).click();
      await heading(page, zh('my-requests-title'));
      assert.equal(await nav.getByRole('link', { name: zh('nav-my-requests') }).locator('[aria-current="page"]').count(), 1);
      const fits = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
      assert.ok(fits, 'the header fits a 360 px phone');

      await page.evaluate(() => localStorage.setItem('huiyin.mode', JSON.stringify('elderly')));
      await page.goto('/');
      await heading(page, zh('home-heading'));
      assert.equal(await page.getAttribute('html', 'data-mode'), 'elderly');
      const track = nav.getByRole('link', { name: zh('nav-track') });
      assert.equal(await track.isVisible(), false, 'secondary links wait behind "More"');
      const more = page.getByRole('banner').getByRole('button', { name: zh('more') });
      assert.equal(await more.getAttribute('aria-expanded'), 'false');
      await more.click();
      assert.equal(await more.getAttribute('aria-expanded'), 'true');
      for (const key of ['nav-home', 'nav-services', 'nav-track', 'nav-my-requests']) {
        const box = await nav.getByRole('link', { name: zh(key) }).boundingBox();
        assert.ok(box.width >= 60 && box.height >= 60, `${key}: ${box.width}x${box.height} px`);
      }
      await track.click();
      await heading(page, zh('track-title'));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('photos that do not arrive', () => {
  test('a dropped upload says so plainly and can be sent again', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      await page.goto('/services/noise-nuisance/file/photos');
      await heading(page, zh('file-photos-heading'));
      let dropped = 0;
      await page.route('**/api/media', async (route) => {
        if (dropped === 0) {
          dropped += 1;
          await route.abort('connectionreset');
        } else {
          await route.continue();
        }
      });
      await page.getByLabel(zh('file-photos-pick')).setInputFiles({ name: 'street.png', mimeType: 'image/png', buffer: png() });
      const failed = page.getByRole('main').getByText(zh('file-photo-failed', { name: 'street.png' }));
      await failed.waitFor();
      assert.match(await failed.innerText(), new RegExp(zh('error-network')), 'what happened and what to do');
      await page.waitForFunction(
        (text) => [...document.querySelectorAll('[role=alert][aria-live=assertive]')]
          .some((region) => region.textContent.includes(text)),
        zh('file-photo-failed', { name: 'street.png' }),
      );
      await page.getByRole('button', { name: zh('file-photo-dismiss', { name: 'street.png' }) }).waitFor();
      await noViolations(page, 'a failed upload');

      await page.getByRole('button', { name: zh('file-photo-retry', { name: 'street.png' }) }).click();
      await page.getByRole('img', { name: zh('file-photo-alt', { number: 1 }) }).waitFor();
      assert.equal(dropped, 1);
      assert.equal(await failed.count(), 0, 'the error is gone once the photo is up');
      assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_RESET/.test(e)), []);
    } finally {
      await context.close();
    }
  });
});

describe('a case page that cannot reach the BFF', () => {
  test('says what happened, never spins for ever, and loads when asked again', async () => {
    const response = await fetch(new URL('/api/requests', baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `cut-${Date.now()}` },
      body: JSON.stringify({
        service_code: 'water-outage',
        description: '整栋楼从早上开始停水',
        location: { address: '幸福路 3 号' },
        attributes: { outage_since: '2026-11-28T07:00' },
        consent: true,
        locale: 'zh-CN',
      }),
    });
    assert.equal(response.status, 201);
    const filed = await response.json();
    const { context, page, errors } = await openPage(session.browser);
    try {
      await context.addInitScript((saved) => {
        localStorage.setItem('huiyin.my-requests', JSON.stringify([saved]));
      }, {
        case_id: filed.case_id,
        query_code: filed.query_code,
        service_code: filed.service_code,
        service_name: '停水求助',
        due_date: filed.due_date,
        filed_at: Date.now(),
      });
      const answers = ['fault', 'cut'];
      await page.route(`**/api/cases/${filed.case_id}?*`, async (route) => {
        const next = answers.shift();
        if (next === 'fault') await route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' });
        else if (next === 'cut') await route.abort('internetdisconnected');
        else await route.continue();
      });
      await page.route('**/api/cases/*/events*', (route) => route.abort('internetdisconnected'));
      await page.goto(`/cases/${filed.case_id}`);
      await heading(page, zh('case-title', { id: filed.case_id }));
      const problem = page.getByRole('alert').filter({ hasText: zh('error-unexpected') });
      await problem.waitFor();
      assert.equal(await page.getByRole('main').getByText('Internal Server Error').count(), 0, 'no raw error text');
      await noViolations(page, 'case page with a server fault');
      await problem.getByRole('button', { name: zh('journey-try-again') }).click();
      const cut = page.getByRole('alert').filter({ hasText: zh('error-network') });
      await cut.waitFor();
      await cut.getByRole('button', { name: zh('journey-try-again') }).click();
      await page.locator('[aria-current="step"]').filter({ hasText: zh('stage-submitted') }).waitFor();
      assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|500/.test(e)), []);
    } finally {
      await context.close();
    }
  });
});

describe('a resident files a request and follows it', () => {
  let receipt;

  test('one question per page, with every kind of control, a reload, errors, photos and a check page', async () => {
    const { context, page, errors } = await openPage(session.browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    try {
      const before = (await sandboxCases()).length;
      await page.goto('/services/food-safety');
      await heading(page, '食品安全举报');
      await page.getByRole('link', { name: zh('service-start') }).click();

      // A string question: refused empty, with a summary that takes focus and links to the field.
      const business = await heading(page, '商家名称');
      assert.ok(await isFocused(business), 'the question heading takes focus');
      await continueOn(page);
      const summary = page.getByRole('alert').filter({ hasText: zh('journey-error-summary-title') });
      await summary.waitFor();
      assert.ok(await isFocused(summary), 'the error summary takes focus');
      const field = page.getByRole('textbox', { name: '商家名称' });
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.match(await field.getAttribute('aria-describedby'), /attribute-business_name-error/);
      await summary.getByRole('link', { name: zh('field-error-required', { label: '商家名称' }) }).click();
      assert.ok(await isFocused(field), 'the summary link moves focus to the field');
      await noViolations(page, 'a question with an error');
      await field.fill('幸福小吃店');
      await continueOn(page);

      // A multi-value list: checkboxes in a fieldset named by the question.
      await heading(page, '问题类型（可多选）');
      const problems = page.getByRole('group', { name: '问题类型（可多选）' });
      await problems.getByRole('checkbox', { name: '卫生条件差' }).check();
      await problems.getByRole('checkbox', { name: '过期变质' }).check();
      await noViolations(page, 'checkboxes');
      await continueOn(page);

      // A datetime: a box each for year, month, day, hour and minute, in a group named by the question.
      await heading(page, /购买或就餐时间/);
      const when = page.getByRole('group', { name: /购买或就餐时间/ });
      for (const [part, value] of [['year', '2026'], ['month', '11'], ['day', '20'], ['hour', '19'], ['minute', '30']]) {
        await when.getByRole('textbox', { name: zh(`date-part-${part}`), exact: true }).fill(value);
      }
      await continueOn(page);

      // A number, typed on a decimal keypad.
      await heading(page, /消费金额/);
      const amount = page.getByRole('textbox', { name: /消费金额/ });
      assert.equal(await amount.getAttribute('inputmode'), 'decimal');
      await amount.fill('三十五');
      await continueOn(page);
      await page.getByRole('alert').getByRole('link', { name: zh('field-error-not_a_number', { label: '消费金额（元）' }) }).waitFor();
      await amount.fill('35.5');
      await continueOn(page);

      // A single-value list: radios in a fieldset named by the question; required.
      const receiptQuestion = '您保留了购物小票或付款记录吗？';
      await heading(page, receiptQuestion);
      await continueOn(page);
      await page.getByRole('alert').getByRole('link', { name: zh('field-error-attribute-list-required', { label: receiptQuestion }) }).waitFor();
      const kept = page.getByRole('group', { name: receiptQuestion });
      assert.equal(await kept.getByRole('radio').count(), 2);
      await kept.getByRole('radio', { name: '保留了' }).check();
      await noViolations(page, 'radios');
      await continueOn(page);

      // A text: a box of several lines, optional, with its hint tied to it.
      await heading(page, /身体不适/);
      const symptoms = page.getByRole('textbox', { name: /身体不适/ });
      assert.equal(await symptoms.evaluate((e) => e.tagName), 'TEXTAREA');
      assert.match(await page.locator(`#${(await symptoms.getAttribute('aria-describedby')).split(' ')[0]}`).innerText(), /没有就不填/);
      await symptoms.fill('腹泻了两天，\n已去社区医院就诊。');
      await continueOn(page);

      // The description; then the page is reloaded half-way, as a closed tab would be.
      await heading(page, zh('file-description-heading'));
      const description = page.getByRole('textbox', { name: zh('file-description-heading') });
      await description.fill('买到的卤味已经变质，店里卫生也很差');
      await page.reload();
      await heading(page, zh('file-description-heading'));
      assert.equal(
        await page.getByRole('textbox', { name: zh('file-description-heading') }).inputValue(),
        '买到的卤味已经变质，店里卫生也很差',
        'the draft comes back after a reload',
      );
      await noViolations(page, 'description');
      await continueOn(page);

      // Location: the phone's location is refused, and the way on is plain.
      await heading(page, zh('file-location-heading'));
      await page.getByRole('button', { name: zh('file-locate-button') }).click();
      await page.getByRole('main').getByText(zh('file-location-denied')).waitFor();
      await continueOn(page);
      await page.getByRole('alert').getByRole('link', { name: zh('field-error-address-required') }).waitFor();
      await page.getByRole('textbox', { name: zh('file-address-label') }).fill('人民路 88 号幸福小吃店');
      await noViolations(page, 'location');
      await continueOn(page);

      // Photos: picked, uploaded with progress, shown, one removed.
      await heading(page, zh('file-photos-heading'));
      const picker = page.getByLabel(zh('file-photos-pick'));
      await picker.setInputFiles([
        { name: 'shop.png', mimeType: 'image/png', buffer: png() },
        { name: 'food.png', mimeType: 'image/png', buffer: png() },
      ]);
      await page.getByRole('img', { name: zh('file-photo-alt', { number: 2 }) }).waitFor();
      await page.getByRole('button', { name: zh('file-photo-remove', { number: 2 }) }).click();
      await page.getByRole('img', { name: zh('file-photo-alt', { number: 2 }) }).waitFor({ state: 'detached' });
      await page.getByRole('img', { name: zh('file-photo-alt', { number: 1 }) }).waitFor();
      await noViolations(page, 'photos');
      await continueOn(page);

      // Contact details, not remembered.
      await heading(page, zh('file-contact-heading'));
      await page.getByRole('main').getByText(zh('file-contact-anonymous')).waitFor();
      const name = page.getByRole('textbox', { name: zh('file-contact-name') });
      assert.equal(await name.getAttribute('autocomplete'), 'name');
      await name.fill('王小明');
      const phone = page.getByRole('textbox', { name: zh('file-contact-phone') });
      assert.equal(await phone.getAttribute('autocomplete'), 'tel');
      await phone.fill('1391234');
      await continueOn(page);
      await page.getByRole('alert').getByRole('link', { name: zh('field-error-invalid_phone') }).waitFor();
      await phone.fill('13912345678');
      await noViolations(page, 'contact');
      await continueOn(page);

      // Privacy: consent is required.
      await heading(page, zh('file-privacy-heading'));
      await continueOn(page);
      await page.getByRole('alert').getByRole('link', { name: zh('field-error-consent_required') }).click();
      const consent = page.getByRole('checkbox', { name: zh('file-privacy-agree') });
      assert.ok(await isFocused(consent));
      await consent.check();
      await continueOn(page);

      // Check your answers, change one, come back, send.
      await heading(page, zh('file-check-heading'));
      await page.getByRole('main').getByText('卫生条件差').waitFor();
      assert.ok((await page.getByRole('main').getByText('过期变质、卫生条件差').count()) === 1, 'answers in the question\'s order');
      await page.getByRole('main').getByText('2026-11-20 19:30').waitFor();
      await page.getByRole('main').getByText('保留了', { exact: true }).waitFor();
      await page.getByRole('main').getByText(/已去社区医院就诊/).waitFor();
      await page.getByRole('main').getByText(zh('file-photos-count', { count: 1 })).waitFor();
      await page.getByRole('main').getByText('13912345678').waitFor();
      await page.getByRole('main').getByText('王小明', { exact: true }).waitFor();
      await noViolations(page, 'check your answers');
      await page.getByRole('link', { name: `${zh('file-change')} ${zh('file-description-heading')}` }).click();
      const again = page.getByRole('textbox', { name: zh('file-description-heading') });
      await again.fill('买到的卤味已经变质，吃了肚子疼，店里卫生也很差');
      await continueOn(page);
      await heading(page, zh('file-check-heading'));
      await page.getByRole('main').getByText('吃了肚子疼').waitFor();

      const saved = await page.evaluate(() => localStorage.getItem('huiyin.drafts'));
      assert.ok(saved.includes('吃了肚子疼'), 'the draft is on the device');
      assert.ok(!saved.includes('13912345678') && !saved.includes('王小明'),
        'contact details are not saved with the draft');

      await page.getByRole('button', { name: zh('file-send-button') }).click();
      const title = await heading(page, zh('receipt-title'));
      assert.ok(await isFocused(title));
      receipt = {
        caseId: (await page.locator('#receipt-case-id').innerText()).trim(),
        code: (await page.locator('#receipt-query-code').innerText()).trim(),
      };
      assert.match(receipt.caseId, /^\d{8,}$/);
      assert.match(receipt.code, /^[A-Z0-9]{8}$/);
      await page.getByRole('main').getByText(zh('receipt-next-heading')).waitFor();
      await page.getByRole('button', { name: zh('receipt-copy-query-code') }).click();
      await page.getByRole('button', { name: zh('receipt-query-code-copied') }).waitFor();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), receipt.code);
      await noViolations(page, 'receipt');

      const cases = await sandboxCases();
      assert.equal(cases.length, before + 1, 'one new case upstream');
      assert.ok(cases.some((c) => c.service_request_id === receipt.caseId));
      const leftovers = await page.evaluate(() => ({
        drafts: localStorage.getItem('huiyin.drafts'),
        outbox: localStorage.getItem('huiyin.outbox'),
        mine: localStorage.getItem('huiyin.my-requests'),
      }));
      assert.ok(!leftovers.drafts.includes('food-safety'), 'the sent draft is gone');
      assert.equal(leftovers.outbox, '[]', 'nothing left in the outbox');
      assert.ok(leftovers.mine.includes(receipt.caseId), 'the case is in My requests');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a wrong query code is refused; the right one opens the case, without the code in the address', async () => {
    assert.ok(receipt, 'filed by the previous test');
    const { context, page } = await openPage(session.browser);
    try {
      await page.goto('/track');
      await heading(page, zh('track-title'));
      await page.getByRole('textbox', { name: zh('track-case-number') }).fill(receipt.caseId);
      const code = page.getByRole('textbox', { name: zh('track-query-code') });
      await code.fill('WRONG123');
      await page.getByRole('button', { name: zh('track-button') }).click();
      await page.getByRole('alert').getByRole('link', { name: zh('error-case_not_found') }).waitFor();
      assert.equal(await code.getAttribute('aria-invalid'), 'true');
      await noViolations(page, 'track with an error');
      await code.fill(receipt.code.toLowerCase());
      await page.getByRole('button', { name: zh('track-button') }).click();
      await heading(page, zh('case-title', { id: receipt.caseId }));
      assert.equal(new URL(page.url()).pathname, `/cases/${receipt.caseId}`);
      assert.ok(!page.url().includes(receipt.code), 'the query code is not in the address');
      await page.reload();
      await heading(page, zh('case-title', { id: receipt.caseId }));
    } finally {
      await context.close();
    }
  });

  test('the case moves through every stage live, and the resident rates the answer', async () => {
    assert.ok(receipt, 'filed by the first test');
    const { context, page, errors } = await openPage(session.browser);
    try {
      // The receipt's device knows the code; a new phone looks it up once.
      await page.goto(`/cases/${receipt.caseId}`);
      await heading(page, zh('case-title', { id: receipt.caseId }));
      await page.getByRole('main').getByText(zh('case-need-code')).waitFor();
      await page.getByRole('textbox', { name: zh('track-query-code') }).fill(receipt.code);
      await page.getByRole('button', { name: zh('track-button') }).click();

      const timeline = page.getByRole('list').filter({ has: page.locator('[aria-current="step"]') });
      const current = page.locator('[aria-current="step"]');
      await current.filter({ hasText: zh('stage-submitted') }).waitFor();
      await page.getByRole('main').getByText(/还剩 \d+ 个工作日/).waitFor();
      const actions = page.getByRole('region', { name: zh('case-actions-heading') });
      await actions.getByRole('heading', { name: message('zh-CN', 'action-info') }).waitFor();
      await actions.getByRole('heading', { name: message('zh-CN', 'action-withdraw') }).waitFor();
      assert.equal(await actions.getByRole('heading', { name: message('zh-CN', 'action-urge') }).count(), 0,
        'urging is not offered before the due date');
      assert.equal(await actions.getByRole('heading', { name: message('zh-CN', 'action-rating') }).count(), 0,
        'rating is not offered before an answer');
      await noViolations(page, 'case page');

      const steps = [
        ['accept', {}, 'stage-accepted'],
        ['assign', { department: 'market-regulation-city' }, 'stage-assigned'],
        ['start', {}, 'stage-in_progress'],
        ['answer', { answer: '经查，该店已停业整顿，责令销毁变质食品。' }, 'stage-answered'],
      ];
      for (const [action, body, stage] of steps) {
        await admin(receipt.caseId, action, body);
        await current.filter({ hasText: zh(stage) }).waitFor({ timeout: LIVE_TIMEOUT });
        await page.waitForFunction(
          (text) => [...document.querySelectorAll('[role=status][aria-live=polite]')]
            .some((region) => region.textContent.includes(text)),
          zh('case-news', { stage: zh(stage) }),
        );
      }
      assert.equal(await timeline.getByRole('listitem').count() >= 5, true, 'every event is in the timeline');
      await page.getByRole('main').getByText('市市场监管局').first().waitFor();
      await page.getByRole('region', { name: zh('case-answer-heading') }).getByText('已停业整顿').waitFor();
      assert.equal(await actions.getByRole('heading', { name: message('zh-CN', 'action-withdraw') }).count(), 0,
        'an answered case cannot be withdrawn');
      await noViolations(page, 'answered case');

      const stars = actions.getByRole('group', { name: zh('case-rating-question') });
      await actions.getByRole('button', { name: zh('case-rating-submit') }).click();
      await actions.getByText(zh('field-error-rating-out_of_range')).waitFor();
      await stars.getByRole('radio', { name: zh('case-rating-4') }).check();
      await actions.getByRole('textbox', { name: zh('case-rating-comment') }).fill('处理及时');
      await actions.getByRole('button', { name: zh('case-rating-submit') }).click();
      await current.filter({ hasText: zh('case-event-rated') }).waitFor();
      await page.getByRole('main').getByText(zh('case-rated', { rating: 4 })).waitFor();
      await page.getByRole('main').getByText(zh('case-actions-none')).waitFor();
      await noViolations(page, 'rated case');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('a request is never lost and never doubled', () => {
  /** Answers city-development's questions (a single-value list and a text). */
  async function fillSuggestion(page, { locate = false } = {}) {
    await page.goto('/services/city-development');
    await heading(page, '城市建设建议');
    await page.getByRole('link', { name: zh('service-start') }).click();
    await heading(page, '建议领域');
    await page.getByRole('group', { name: '建议领域' }).getByRole('radio', { name: '无障碍环境' }).check();
    await noViolations(page, 'radios');
    await continueOn(page);
    await heading(page, /预期效果/);
    const benefit = page.getByRole('textbox', { name: /预期效果/ });
    assert.equal(await benefit.evaluate((e) => e.tagName), 'TEXTAREA');
    await benefit.fill('方便轮椅出行');
    await continueOn(page);
    await page.getByRole('textbox', { name: zh('file-description-heading') }).fill('建议在人民路地铁站加装无障碍电梯');
    await continueOn(page);
    if (locate) {
      await page.getByRole('button', { name: zh('file-locate-button') }).click();
      await page.getByRole('main').getByText(zh('file-location-kept', { lat: '31.23040', long: '121.47370' })).waitFor();
    } else {
      await page.getByRole('textbox', { name: zh('file-address-label') }).fill('人民路地铁站');
    }
    await continueOn(page);
    await continueOn(page); // no photos
    await continueOn(page); // anonymous
    await page.getByRole('checkbox', { name: zh('file-privacy-agree') }).check();
    await continueOn(page);
    await heading(page, zh('file-check-heading'));
    await page.getByRole('main').getByText(zh('file-anonymous')).waitFor();
  }

  test('sent while offline, it waits on the phone and goes once the connection returns', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      await fillSuggestion(page);
      const before = (await sandboxCases()).length;
      await context.setOffline(true);
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('sending-waiting-title'));
      await page.getByRole('main').getByText(zh('sending-offline')).waitFor();
      await noViolations(page, 'waiting to send');
      const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('huiyin.outbox')));
      assert.equal(queued.length, 1, 'the submission waits in the outbox');
      assert.equal((await sandboxCases()).length, before, 'nothing reached the city yet');

      await context.setOffline(false);
      await heading(page, zh('receipt-title'));
      const cases = await sandboxCases();
      assert.equal(cases.length, before + 1, 'exactly one case');
      assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('huiyin.outbox'))), []);
      assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
    } finally {
      await context.close();
    }
  });

  test('when the answer is lost on the way back, the retry with the same key makes no second case', async () => {
    const { context, page } = await openPage(session.browser);
    await context.grantPermissions(['geolocation'], { origin: baseUrl });
    await context.setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
    try {
      await fillSuggestion(page, { locate: true });
      const before = (await sandboxCases()).length;
      const keys = [];
      let first = true;
      await page.route('**/api/requests', async (route) => {
        keys.push(route.request().headers()['idempotency-key']);
        if (first) {
          first = false;
          await route.fetch(); // the BFF files the case…
          await route.abort('connectionreset'); // …and its answer never arrives.
        } else {
          await route.continue();
        }
      });
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('receipt-title'));
      assert.equal(keys.length, 2, 'sent twice');
      assert.equal(keys[0], keys[1], 'with the same idempotency key');
      assert.equal((await sandboxCases()).length, before + 1, 'exactly one case');
    } finally {
      await context.close();
    }
  });

  test('while the city\'s system is down, the phone says so, keeps trying, and sends it once', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      await fillSuggestion(page);
      const before = (await sandboxCases()).length;
      let down = true;
      const keys = [];
      await page.route('**/api/requests', async (route) => {
        keys.push(route.request().headers()['idempotency-key']);
        if (down) {
          await route.fulfill({ status: 502, contentType: 'application/json', body: JSON.stringify({ code: 'upstream_unavailable' }) });
        } else {
          await route.continue();
        }
      });
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('sending-waiting-title'));
      const notice = page.getByRole('main').getByText(zh('error-upstream_unavailable'));
      await notice.waitFor();
      assert.match(await notice.innerText(), /\d+ 秒后会自动重试/, 'says when it tries again');
      await page.getByRole('main').getByText(zh('sending-kept')).waitFor();
      await noViolations(page, 'retrying');
      // It tries again by itself after the pause.
      for (let waited = 0; keys.length < 2 && waited < 15_000; waited += 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.ok(keys.length >= 2, 'tried again without being asked');
      assert.equal((await sandboxCases()).length, before, 'nothing reached the city yet');

      down = false;
      await page.getByRole('button', { name: zh('sending-retry') }).click();
      await heading(page, zh('receipt-title'));
      assert.ok(keys.every((key) => key === keys[0]), 'every try with the same idempotency key');
      assert.equal((await sandboxCases()).length, before + 1, 'exactly one case');
      assert.deepEqual(errors.filter((e) => !/502/.test(e)), []);
    } finally {
      await context.close();
    }
  });

  test('a draft survives closing the tab, and everything saved can be cleared from one place', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await page.goto('/services/streetlight-out');
      await page.getByRole('link', { name: zh('service-start') }).click();
      await heading(page, /灯杆编号/);
      await page.getByRole('textbox', { name: /灯杆编号/ }).fill('A-1024');
      await continueOn(page);
      await page.getByRole('textbox', { name: /不亮的路灯数量/ }).fill('3');
      await continueOn(page);
      await page.getByRole('textbox', { name: zh('file-description-heading') }).fill('整条巷子的路灯都不亮');
      await continueOn(page);
      await page.getByRole('textbox', { name: zh('file-address-label') }).fill('幸福巷');
      await continueOn(page);
      await continueOn(page);
      await page.getByRole('textbox', { name: zh('file-contact-phone') }).fill('13812345678');
      await page.getByRole('checkbox', { name: zh('file-contact-remember') }).check();
      assert.match(await page.evaluate(() => localStorage.getItem('huiyin.contact')), /13812345678/,
        'remembered on this phone, as asked');

      // A new tab of the same phone (same storage): the draft is offered.
      const other = await context.newPage();
      await other.goto('/services/streetlight-out');
      await other.getByRole('heading', { level: 2, name: zh('service-draft-heading') }).waitFor();
      await other.getByRole('link', { name: zh('service-draft-continue') }).click();
      // It picks up at the page that still needs the resident, not the check page with gaps.
      await other.getByRole('heading', { level: 1, name: zh('file-privacy-heading') }).waitFor();
      await other.getByRole('checkbox', { name: zh('file-privacy-agree') }).check();
      await continueOn(other);
      await other.getByRole('heading', { level: 1, name: zh('file-check-heading') }).waitFor();
      await other.getByRole('main').getByText('整条巷子的路灯都不亮').waitFor();
      await other.getByRole('main').getByText('A-1024').waitFor();

      await other.goto('/my-requests');
      await other.getByRole('heading', { level: 1, name: zh('my-requests-title') }).waitFor();
      await other.getByRole('link', { name: zh('my-requests-draft-link', { service: '路灯不亮求助' }) }).waitFor();
      await other.getByRole('heading', { level: 2, name: zh('my-requests-contact-heading') }).waitFor();
      await noViolations(other, 'my requests');
      await other.getByRole('button', { name: zh('my-requests-clear') }).click();
      await other.getByRole('alert').getByText(zh('my-requests-clear-confirm')).waitFor();
      await other.getByRole('button', { name: zh('my-requests-clear-yes') }).click();
      await other.getByRole('main').getByText(zh('my-requests-nothing')).waitFor();
      const left = await other.evaluate(() => Object.keys(localStorage).filter((k) =>
        ['huiyin.drafts', 'huiyin.outbox', 'huiyin.my-requests', 'huiyin.contact'].includes(k)));
      assert.deepEqual(left, [], 'nothing of the resident is left on the phone');
    } finally {
      await context.close();
    }
  });
});

describe('a request of every kind', () => {
  /** Answers whatever each question page asks, the way a hurried resident would. */
  async function answerEverything(page) {
    const main = page.getByRole('main');
    for (let pages = 0; pages < 15; pages++) {
      const title = (await main.getByRole('heading', { level: 1 }).innerText()).trim();
      if (title === zh('file-check-heading')) return;
      if (title === zh('file-privacy-heading')) {
        await main.getByRole('checkbox', { name: zh('file-privacy-agree') }).check();
      } else if (title === zh('file-location-heading')) {
        await main.getByRole('textbox', { name: zh('file-address-label') }).fill('城东区人民路 1 号');
      } else if (title === zh('file-description-heading')) {
        await main.getByRole('textbox', { name: zh('file-description-heading') }).fill('请尽快处理，谢谢。');
      } else if (await main.getByRole('radio').count()) {
        await main.getByRole('radio').first().check();
      } else if (await main.getByRole('checkbox').count()) {
        await main.getByRole('checkbox').first().check();
      } else if (await main.getByRole('textbox', { name: zh('date-part-year'), exact: true }).count()) {
        for (const [part, value] of [['year', '1940'], ['month', '5'], ['day', '1']]) {
          await main.getByRole('textbox', { name: zh(`date-part-${part}`), exact: true }).fill(value);
        }
      } else if (await main.getByRole('textbox').count()) {
        const box = main.getByRole('textbox').first();
        await box.fill((await box.getAttribute('inputmode')) === 'decimal' ? '2' : '测试内容 110101194005010011');
      }
      await continueOn(page);
      await page.waitForFunction(
        (previous) => document.querySelector('main h1')?.textContent.trim() !== previous
          || document.querySelector('.error-summary'),
        title,
      );
      assert.equal(await page.locator('.error-summary').count(), 0, `${title}: accepted`);
    }
    assert.fail('never reached the check page');
  }

  for (const [kind, code, name] of [
    ['help', 'water-outage', '停水求助'],
    ['praise', 'staff-praise', '工作人员表扬'],
    ['application', 'elderly-allowance', '高龄津贴申请'],
    ['complaint', 'property-service', '物业服务投诉'],
  ]) {
    test(`${kind}: ${name}`, async () => {
      const { context, page, errors } = await openPage(session.browser);
      try {
        await page.goto(`/services/${code}`);
        await heading(page, name);
        await page.getByRole('link', { name: zh('service-start') }).click();
        await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
        await answerEverything(page);
        await page.getByRole('button', { name: zh('file-send-button') }).click();
        await heading(page, zh('receipt-title'));
        const id = (await page.locator('#receipt-case-id').innerText()).trim();
        const upstream = (await sandboxCases()).find((c) => c.service_request_id === id);
        assert.equal(upstream?.service_code, code);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('the resident answers back, and is refused where the stage does not allow', () => {
  test('adds information, then withdraws; a withdrawn case offers nothing more', async () => {
    const { context, page, errors } = await openPage(session.browser);
    try {
      await page.goto('/services/hukou-policy');
      await page.getByRole('link', { name: zh('service-start') }).click();
      await page.getByRole('textbox', { name: zh('file-description-heading') }).fill('外地户口的孩子在本市上学，能否随迁落户？');
      await continueOn(page);
      await page.getByRole('textbox', { name: zh('file-address-label') }).fill('城东区');
      await continueOn(page);
      await continueOn(page);
      await continueOn(page);
      await page.getByRole('checkbox', { name: zh('file-privacy-agree') }).check();
      await continueOn(page);
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('receipt-title'));
      const caseId = (await page.locator('#receipt-case-id').innerText()).trim();
      await page.getByRole('link', { name: zh('receipt-track') }).click();
      await heading(page, zh('case-title', { id: caseId }));

      await admin(caseId, 'request-info', { note: '请补充孩子的就读学校。' });
      const current = page.locator('[aria-current="step"]');
      await current.filter({ hasText: zh('stage-needs_info') }).waitFor({ timeout: LIVE_TIMEOUT });
      const actions = page.getByRole('region', { name: zh('case-actions-heading') });
      await actions.getByText(zh('case-info-asked')).waitFor();
      await actions.getByRole('button', { name: zh('case-info-submit') }).click();
      await actions.getByText(zh('field-error-text-required')).waitFor();
      await actions.getByRole('textbox', { name: zh('case-info-label') }).fill('就读于城东第一小学三年级。');
      await actions.getByRole('button', { name: zh('case-info-submit') }).click();
      await current.filter({ hasText: zh('case-event-added_info') }).waitFor();

      await actions.getByRole('button', { name: zh('case-withdraw-submit') }).click();
      await actions.getByRole('alert').getByText(zh('case-withdraw-confirm')).waitFor();
      await noViolations(page, 'withdraw confirmation');
      await actions.getByRole('button', { name: zh('case-withdraw-yes') }).click();
      await current.filter({ hasText: zh('stage-withdrawn') }).waitFor();
      await page.getByRole('main').getByText(zh('case-actions-none-withdrawn')).waitFor();

      // The BFF refuses what the page no longer offers.
      const refused = await page.evaluate(async ({ caseId, code }) => {
        const response = await fetch(`/api/cases/${caseId}/rating`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code, rating: 5 }),
        });
        return { status: response.status, body: await response.json() };
      }, { caseId, code: await page.evaluate((id) => JSON.parse(localStorage.getItem('huiyin.my-requests')).find((c) => c.case_id === id).query_code, caseId) });
      assert.deepEqual(refused, { status: 409, body: { code: 'action_not_allowed' } });
      assert.deepEqual(errors.filter((e) => !e.includes('409')), []);
    } finally {
      await context.close();
    }
  });

  test('without live updates (a proxy that refuses event streams), the page polls instead', async () => {
    const response = await fetch(new URL('/api/requests', baseUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `poll-${Date.now()}` },
      body: JSON.stringify({
        service_code: 'water-outage',
        description: '整栋楼从早上开始停水',
        location: { address: '幸福路 2 号' },
        attributes: { outage_since: '2026-11-28T07:00' },
        consent: true,
        locale: 'zh-CN',
      }),
    });
    assert.equal(response.status, 201);
    const filed = await response.json();
    const { context, page } = await openPage(session.browser);
    try {
      await context.route('**/api/cases/*/events*', (route) => route.fulfill({ status: 503, body: '' }));
      await page.goto('/track');
      await page.getByRole('textbox', { name: zh('track-case-number') }).fill(filed.case_id);
      await page.getByRole('textbox', { name: zh('track-query-code') }).fill(filed.query_code);
      await page.getByRole('button', { name: zh('track-button') }).click();
      const current = page.locator('[aria-current="step"]');
      await current.filter({ hasText: zh('stage-submitted') }).waitFor();
      await admin(filed.case_id, 'accept');
      await current.filter({ hasText: zh('stage-accepted') }).waitFor({ timeout: LIVE_TIMEOUT });
    } finally {
      await context.close();
    }
  });

  test('too many wrong codes are refused with how long to wait', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      await page.goto('/track');
      await page.getByRole('textbox', { name: zh('track-case-number') }).fill('20990101000001');
      const code = page.getByRole('textbox', { name: zh('track-query-code') });
      const button = page.getByRole('button', { name: zh('track-button') });
      for (let i = 0; i < 6; i++) {
        await code.fill(`WRONG00${i}`);
        await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/cases/20990101000001')),
          button.click(),
        ]);
      }
      await page.getByRole('alert').getByRole('link', { name: /分钟后再试/ }).waitFor();
      const text = await page.getByRole('alert').getByRole('link').innerText();
      assert.match(text, /^查询码错误次数太多，请大约 \d+ 分钟后再试。$/);
    } finally {
      await context.close();
    }
  });
});
