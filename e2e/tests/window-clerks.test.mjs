// What clerks tripped on at the service window (issue 18, items 9 to 14), walked as a clerk
// does: a second tab, the window's own words, reading the resident's details back, the
// counter's position, all of a service's questions on one page, a withdrawal's reason and
// the next resident's language. Each describe block runs its own BFF (see lib/window.mjs).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForTheseTests } from '../lib/browser.mjs';
import { locales } from '../lib/locales.mjs';
import {
  assertNoTraceOf, clerkBar, fileForResident, heading, openSuggestionForm, openWindow, resident,
  say, signIn, startBff, suggestion, traces, zh,
} from '../lib/window.mjs';

const session = browserForTheseTests();

/** A case the resident filed themselves on their phone, with their phone number. */
async function filedByResident(server, description = '小区门口的路灯坏了三天') {
  const response = await fetch(new URL('/api/requests', server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `own-${Date.now()}-${Math.random()}` },
    body: JSON.stringify({
      service_code: 'city-development', description, consent: true, locale: 'zh-CN',
      location: { address: resident.address }, attributes: { area: 'accessibility', expected_benefit: resident.benefit },
      contact: { name: resident.name, phone: resident.phone },
    }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text);
}

/** From the clerk's home, looks the case up on the resident's word. */
async function lookUp(page, filed, locale = 'zh-CN') {
  const t = (key, args) => say(locale, key, args);
  await page.getByRole('link', { name: t('window-home-track') }).click();
  await heading(page, t('track-title'));
  await page.getByRole('textbox', { name: t('track-case-number') }).fill(filed.case_id);
  await page.getByRole('textbox', { name: t('track-query-code') }).fill(filed.query_code);
  await page.getByRole('button', { name: t('track-button') }).click();
  await heading(page, t('case-title', { id: filed.case_id }));
}

describe('a clerk at the window', () => {
  let server;
  before(async () => {
    server = await startBff();
    for (const id of ['c09', 'c11', 'c11b', 'c12', 'c13', 'c14', 'c14b']) server.addClerk(id);
    for (const locale of locales) server.addClerk(`c10-${locale}`);
    for (const locale of locales) server.addClerk(`c10s-${locale}`);
  });
  after(async () => {
    await server?.stop();
  });

  test("a clerk's new tab stays at the window", async () => {
    const { context, page, errors } = await openWindow(session.browser, server);
    try {
      await page.goto('/window');
      await signIn(page, 'c09');
      await heading(page, zh('window-home-heading'));

      // A middle-click on one of the window's links opens it in a tab of its own.
      const [tab] = await Promise.all([
        context.waitForEvent('page'),
        page.getByRole('link', { name: zh('window-home-track') }).click({ button: 'middle' }),
      ]);
      await tab.waitForLoadState();
      await heading(tab, zh('track-title'));
      await clerkBar(tab).getByText(zh('window-bar-clerk', { clerk: 'c09' })).waitFor();
      await tab.close();

      // An address typed into a new tab: the window's pages too, and filing from there is
      // the window's, with the clerk's id.
      const typed = await context.newPage();
      typed.on('pageerror', (error) => errors.push(error.message));
      await typed.goto('/');
      await heading(typed, zh('window-home-heading'));
      await clerkBar(typed).getByRole('button', { name: zh('window-next-resident') }).waitFor();
      await fileForResident(typed);
      const during = await traces(typed, context);
      for (const secret of [resident.phone, resident.name, resident.description, resident.benefit]) {
        assert.ok(!during.local.includes(secret) && !during.session.includes(secret), `"${secret}" never written to storage`);
      }
      await typed.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(typed, zh('window-receipt-title'));
      const caseId = (await typed.locator('#receipt-case-id').innerText()).trim();
      const upstream = await server.upstreamCase(caseId);
      assert.equal(upstream.extended_attributes.channel, 'window');
      assert.equal(upstream.extended_attributes.clerk_id, 'c09');
      const after = await traces(typed, context);
      assert.ok(!after.local.includes(caseId), 'no "My requests" or outbox left on the shared computer');
      await clerkBar(typed).getByRole('button', { name: zh('window-next-resident') }).click();
      await heading(typed, zh('window-home-heading'));
      assertNoTraceOf(await traces(typed, context), [caseId, resident.phone, resident.name], 'after "Next resident"');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a clerk reads words meant for the clerk, in every language', async () => {
    await Promise.all(locales.map(async (locale) => {
      const t = (key, args) => say(locale, key, args);
      const { context, page, errors } = await openWindow(session.browser, server, { locale });
      try {
        await page.goto('/window');
        await signIn(page, `c10-${locale}`, undefined, locale);
        await heading(page, t('window-home-heading'));
        await page.getByRole('link', { name: t('window-home-file') }).click();
        await page.getByRole('link', { name: suggestion[locale].service }).first().click();
        await heading(page, suggestion[locale].service);
        const main = page.getByRole('main');
        await main.getByText(t('window-service-ready-intro')).waitFor();
        assert.equal(await main.getByRole('heading', { name: t('service-window-heading') }).count(), 0,
          `${locale}: "you can also go to a window" is not said at the window`);
        assert.equal(await main.getByText(t('service-ready-intro')).count(), 0, `${locale}: no "one question per page"`);
        await page.getByRole('link', { name: t('service-start') }).click();
        await heading(page, t('window-file-all-heading'));
        await main.getByText(t('window-file-not-saved-note')).waitFor();
        assert.equal(await main.getByText(t('file-saved-note')).count(), 0, `${locale}: nothing is "saved on this phone"`);
        assert.equal(await main.getByText(t('file-location-intro')).count(), 0, `${locale}: no "use the phone's location"`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }));
  });

  test('a clerk sending on a dropped connection is told the request waits on the page, not on a phone', async () => {
    await Promise.all(locales.map(async (locale) => {
      const t = (key, args) => say(locale, key, args);
      const { context, page, errors } = await openWindow(session.browser, server, { locale });
      try {
        await page.goto('/window');
        await signIn(page, `c10s-${locale}`, undefined, locale);
        await heading(page, t('window-home-heading'));
        await fileForResident(page, { locale });
        await context.setOffline(true);
        await page.getByRole('button', { name: t('file-send-button') }).click();
        const main = page.getByRole('main');
        await main.getByText(t('window-sending-offline')).waitFor();
        await main.getByText(t('window-sending-kept')).waitFor();
        for (const phoneWords of ['sending-offline', 'sending-kept']) {
          assert.equal(await main.getByText(t(phoneWords)).count(), 0, `${locale}: no "${phoneWords}" at the window`);
        }
        await context.setOffline(false);
        await heading(page, t('window-receipt-title'));
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }));
  });

  test("a clerk reads the resident's name and phone back in full before sending", async () => {
    const { context, page, errors } = await openWindow(session.browser, server);
    try {
      await page.goto('/window');
      await signIn(page, 'c11');
      await heading(page, zh('window-home-heading'));
      await fileForResident(page);
      const main = page.getByRole('main');
      await main.getByText(resident.phone, { exact: true }).waitFor();
      await main.getByText(resident.name, { exact: true }).waitFor();
      assert.equal(await main.getByText('139****5678').count(), 0, 'not masked on the check page');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("a clerk confirms a looked-up case is the resident's by its masked phone", async () => {
    const filed = await filedByResident(server);
    const { context, page, errors } = await openWindow(session.browser, server);
    try {
      await page.goto('/window');
      await signIn(page, 'c11b');
      await heading(page, zh('window-home-heading'));
      await lookUp(page, filed);
      const main = page.getByRole('main');
      await main.getByText(zh('window-case-phone', { phone: '139****5678' })).waitFor();
      assert.ok(!(await page.content()).includes(resident.phone), 'the full number never reaches the page');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("a clerk is not offered the counter computer's position as the problem's", async () => {
    const { context, page, errors } = await openWindow(session.browser, server);
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 31.23, longitude: 121.47 });
    try {
      await page.goto('/window');
      await signIn(page, 'c12');
      await heading(page, zh('window-home-heading'));
      await openSuggestionForm(page);
      const main = page.getByRole('main');
      await main.getByRole('textbox', { name: zh('file-address-label') }).waitFor();
      assert.equal(await main.getByRole('button', { name: zh('file-locate-button') }).count(), 0, 'no "use my location"');
      assert.equal(await main.getByRole('heading', { name: zh('file-locate-heading') }).count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("a clerk fills in all of a service's questions on one page", async () => {
    const { context, page, errors } = await openWindow(session.browser, server);
    try {
      await page.goto('/window');
      await signIn(page, 'c13');
      await heading(page, zh('window-home-heading'));
      const form = async (what) => {
        if (!what.startsWith('one-page form')) return;
        assert.equal(await page.locator('h1').count(), 1, `${what}: one h1`);
        assert.match(await page.title(), new RegExp(zh('window-file-all-heading')), `${what}: the page's title`);
        const main = page.getByRole('main');
        for (const part of ['file-description-heading', 'file-location-heading', 'file-contact-heading', 'file-privacy-heading']) {
          await main.getByRole('heading', { level: 2, name: zh(part) }).waitFor();
        }
        await main.getByRole('group', { name: suggestion['zh-CN'].area }).waitFor();
        assert.equal(await main.getByRole('button', { name: zh('file-continue') }).count(), 1, `${what}: one form`);
      };
      await fileForResident(page, { scan: form });
      // The error summary's links lead to the fields on the same page; the check page is
      // the one-question flow's.
      await page.getByRole('button', { name: zh('file-send-button') }).waitFor();
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('window-receipt-title'));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("a clerk withdraws with the resident's reason, which stays off the public timeline", async () => {
    const filed = await filedByResident(server, '楼道里的灯不亮了');
    const reason = '王秀英说邻居已经修好了';
    const { context, page, errors } = await openWindow(session.browser, server);
    try {
      await page.goto('/window');
      await signIn(page, 'c14');
      await heading(page, zh('window-home-heading'));
      await lookUp(page, filed);
      await page.getByRole('textbox', { name: zh('case-withdraw-note-label') }).fill(reason);
      await page.getByRole('button', { name: zh('case-withdraw-submit') }).click();
      await page.getByRole('button', { name: zh('case-withdraw-yes') }).click();
      await page.getByText(zh('case-withdraw-done')).first().waitFor();
      assert.equal(await page.getByRole('main').getByText(reason).count(), 0, 'not on the case page as a note');
      const publicView = await (await fetch(new URL(
        `/api/cases/${filed.case_id}?code=${encodeURIComponent(filed.query_code)}`, server.url,
      ))).text();
      assert.match(publicView, /"withdrawn"/);
      assert.ok(!publicView.includes(reason), 'not on the public timeline');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test("the next resident starts in the window's language, not the last resident's", async () => {
    const { context, page, errors } = await openWindow(session.browser, server);
    try {
      await page.goto('/window');
      await signIn(page, 'c14b');
      await heading(page, zh('window-home-heading'));
      await page.getByRole('button', { name: 'English', exact: true }).click();
      await heading(page, say('en', 'window-home-heading'));
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      await clerkBar(page, 'en').getByRole('button', { name: say('en', 'window-next-resident') }).click();
      await heading(page, zh('window-home-heading'));
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
