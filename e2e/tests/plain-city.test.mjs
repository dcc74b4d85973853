// The resident's journeys against a plain GeoReport v2 city, as third-party servers are:
// a BFF of this file's own with its embedded sandbox in plain mode (`--sandbox-plain`: no
// extensions, a paged catalogue, ids of letters, refusals with HTTP 500 and a reason) and
// the shipped profile (docs/profiles/plain-sandbox.toml). Find, file, receipt, track, live
// updates, and each action's explanation where the city has no online way for it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBff } from '../lib/bff.mjs';
import { axeViolations, launchBrowser, openPage } from '../lib/browser.mjs';
import { locales, message } from '../lib/locales.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const profile = join(root, 'docs/profiles/plain-sandbox.toml');
const ADMIN_TOKEN = 'plain-city-admin';
const LIVE_TIMEOUT = 30_000;

function say(locale, key, args = {}) {
  return message(locale, key).replace(/\{ \$(\w+) \}/g, (_, name) => String(args[name]));
}
const zh = (key, args) => say('zh-CN', key, args);

/** A BFF of this file's own on a plain city; `withProfile: false` tells it nothing of it. */
async function startPlainBff({ withProfile = true } = {}) {
  const args = ['--sandbox-plain', '--sandbox-admin-token', ADMIN_TOKEN, '--case-poll-secs', '1'];
  if (withProfile) args.push('--upstream-profile', profile);
  const bff = await startBff(args, { name: 'plain' });
  return {
    ...bff,
    async admin(id, action, body = {}) {
      const response = await fetch(new URL(`admin/requests/${id}/${action}`, bff.sandboxUrl), {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 200, `admin ${action}: ${await response.text()}`);
    },
  };
}

let session;
let city;
before(async () => {
  session = await launchBrowser();
  city = await startPlainBff();
});
after(async () => {
  await session?.close();
  await city?.stop();
});

async function heading(page, name) {
  const h1 = page.getByRole('heading', { level: 1, name });
  await h1.waitFor();
  return h1;
}

async function noViolations(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what}: no axe violations`);
}

async function continueOn(page) {
  await page.getByRole('button', { name: zh('file-continue') }).click();
}

/** From the service's first page to the check page: the questions left empty where they
 * may be, the address typed, no photo, no contact, consent given. */
async function fillUpToCheck(page, code, address) {
  await page.goto(`/services/${code}`);
  await page.getByRole('link', { name: zh('service-start') }).click();
  const description = page.getByRole('heading', { level: 1, name: zh('file-description-heading') });
  // Optional questions: passed over.
  for (let i = 0; i < 10 && !(await description.isVisible()); i++) {
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (await description.isVisible()) break;
    await continueOn(page);
    await page.waitForTimeout(100);
  }
  await description.waitFor();
  await page.getByRole('textbox', { name: zh('file-description-heading') }).fill('路口一直有人占道摆摊，行人只能走到机动车道上');
  await continueOn(page);
  await heading(page, zh('file-location-heading'));
  await page.getByRole('textbox', { name: zh('file-address-label') }).fill(address);
  await continueOn(page);
  await heading(page, zh('file-photos-heading'));
  await continueOn(page);
  await heading(page, zh('file-contact-heading'));
  await continueOn(page);
  await heading(page, zh('file-privacy-heading'));
  await page.getByRole('checkbox', { name: zh('file-privacy-agree') }).check();
  await continueOn(page);
  await heading(page, zh('file-check-heading'));
}

describe('a resident of a plain Open311 city', () => {
  let receipt;

  test('finds a service from the last page of the city\'s catalogue', async () => {
    const list = await (await fetch(new URL('/api/services', city.url))).json();
    const last = list.services[list.services.length - 1];
    assert.ok(list.services.length > 8, 'more than the city\'s first page');
    const { context, page, errors } = await openPage(session.browser, { base: city.url });
    try {
      await page.goto('/services');
      await page.getByRole('link', { name: last.name }).first().waitFor();
      await noViolations(page, 'catalogue of a plain city');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('files a request and gets a receipt with a case number of letters', async () => {
    const { context, page, errors } = await openPage(session.browser, { base: city.url });
    try {
      await fillUpToCheck(page, 'street-vending', '人民路与解放路路口');
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('receipt-title'));
      receipt = {
        caseId: (await page.locator('#receipt-case-id').innerText()).trim(),
        code: (await page.locator('#receipt-query-code').innerText()).trim(),
      };
      assert.match(receipt.caseId, /^[a-z0-9]{8}$/);
      await noViolations(page, 'receipt of a plain city');
      const upstream = await (await fetch(new URL(`requests/${receipt.caseId}.json`, city.sandboxUrl))).json();
      assert.equal(upstream[0].address, '人民路与解放路路口', 'the address reached the city under its own name');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('tracks it by a case number typed in capitals, follows it live, and is told how to act by phone', async () => {
    assert.ok(receipt, 'filed by the previous test');
    const { context, page, errors } = await openPage(session.browser, { base: city.url });
    try {
      await page.goto('/track');
      await heading(page, zh('track-title'));
      const number = page.getByRole('textbox', { name: zh('track-case-number') });
      assert.equal(await number.getAttribute('inputmode'), null, 'a plain text field, not a numeric keypad');
      await number.fill(` ${receipt.caseId.toUpperCase()} `);
      await page.getByRole('textbox', { name: zh('track-query-code') }).fill(receipt.code);
      await page.getByRole('button', { name: zh('track-button') }).click();
      await heading(page, zh('case-title', { id: receipt.caseId }));

      const actions = page.getByRole('region', { name: zh('case-actions-heading') });
      await actions.getByText(zh('case-offline-info', { case: receipt.caseId })).waitFor();
      await actions.getByText(zh('case-offline-withdraw', { case: receipt.caseId })).waitFor();
      assert.equal(await actions.getByText(zh('case-offline-urge', { case: receipt.caseId })).count(), 0,
        'no urging: the city published no time limit');
      assert.equal(await actions.getByRole('button').count(), 0, 'nothing offered online');
      await noViolations(page, 'case page of a plain city');

      await city.admin(receipt.caseId, 'accept');
      await city.admin(receipt.caseId, 'assign', { department: 'urban-enforcement' });
      await city.admin(receipt.caseId, 'start');
      const current = page.locator('[aria-current="step"]');
      await current.filter({ hasText: zh('stage-in_progress') }).waitFor({ timeout: LIVE_TIMEOUT });
      await city.admin(receipt.caseId, 'answer', { answer: '已清理占道摊点。' });
      await current.filter({ hasText: zh('stage-answered') }).waitFor({ timeout: LIVE_TIMEOUT });
      await actions.getByText(zh('case-offline-rating', { case: receipt.caseId })).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the case page with its explanations passes axe in every language', async () => {
    assert.ok(receipt, 'filed by the second test');
    for (const locale of locales) {
      const { context, page } = await openPage(session.browser, { base: city.url, locale });
      try {
        await page.goto('/track');
        await page.getByRole('textbox', { name: say(locale, 'track-case-number') }).fill(receipt.caseId);
        await page.getByRole('textbox', { name: say(locale, 'track-query-code') }).fill(receipt.code);
        await page.getByRole('button', { name: say(locale, 'track-button') }).click();
        await page.getByText(say(locale, 'case-offline-rating', { case: receipt.caseId })).waitFor();
        await noViolations(page, `case page of a plain city in ${locale}`);
      } finally {
        await context.close();
      }
    }
  });
});

describe('a city that refuses a report and says why', () => {
  test('the resident reads the city\'s reason, keeps the draft and is told what to change', async () => {
    // Told nothing of this city, the BFF sends the address as `address_string`, which it
    // does not read: it answers the streetlight report with HTTP 500 and its reason.
    const unprofiled = await startPlainBff({ withProfile: false });
    const { context, page, errors } = await openPage(session.browser, { base: unprofiled.url });
    try {
      await fillUpToCheck(page, 'streetlight-out', '幸福路 12 号门口');
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('sending-refused-title'));
      await page.getByRole('main').getByText(/Streetlight report not accepted/).waitFor();
      await page.getByRole('main').getByText(zh('field-error-refused_by_city'), { exact: false }).first().waitFor();
      await noViolations(page, 'a refusal with the city\'s reason');
      await page.getByRole('link', { name: zh('sending-check-answers') }).click();
      await heading(page, zh('file-check-heading'));
      await page.getByRole('main').getByText('幸福路 12 号门口').waitFor();
      const cases = await (await fetch(new URL('requests.json', unprofiled.sandboxUrl))).json();
      assert.equal(cases.length, 0, 'no case was made');
      assert.deepEqual(errors.filter((e) => !/422/.test(e)), []);
    } finally {
      await context.close();
      await unprofiled.stop();
    }
  });
});
