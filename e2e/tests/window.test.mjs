// The service window (线下窗口), walked as a clerk would with a resident at the counter: an
// account made with the real `huiyin-bff clerk add`, sign-in, filing on the resident's
// behalf, a printed receipt whose QR code leads to the case, and then "Next resident" or
// the idle timeout, after which nothing of that resident is left on the computer. Each
// test runs its own BFF (with its own time limits) on a throw-away data folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { axeViolations, browserForTheseTests, viewports } from '../lib/browser.mjs';
import { assertElderlySizes, axeEnhancedContrastViolations, forcedColoursProblems, scrollsSideways } from '../lib/accessibility.mjs';
import { locales } from '../lib/locales.mjs';
import {
  PASSWORD, assertNoTraceOf, fileForResident, heading, openWindow as openWindowIn, resident, say, signIn,
  startBff, startSuggestion, traces, zh,
} from '../lib/window.mjs';

const session = browserForTheseTests();

const openWindow = (server, options) => openWindowIn(session.browser, server, options);

/** The page's QR code, screenshotted and decoded. */
async function decodeQr(page, name) {
  const image = page.getByRole('img', { name });
  await image.evaluate((img) => img.complete || new Promise((resolve) => { img.onload = resolve; }));
  const shot = PNG.sync.read(await image.screenshot());
  const found = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
  assert.ok(found, 'the QR code decodes');
  return found.data;
}

describe('a clerk serves a resident at the window', () => {
  let server;
  before(async () => {
    server = await startBff();
    server.addClerk('w001');
  });
  after(async () => {
    await server?.stop();
  });

  test('files for them, prints the receipt with a QR code, and "Next resident" leaves nothing', async () => {
    const { context, page, errors } = await openWindow(server);
    try {
      await page.goto('/');
      await page.goto('/window');
      await heading(page, zh('window-sign-in-title'));
      await signIn(page, 'w001');
      await heading(page, zh('window-home-heading'));
      const [cookie] = (await context.cookies()).filter((c) => c.name === '__Host-huiyin-clerk');
      assert.ok(cookie, 'Chromium keeps a Secure __Host- cookie from http://127.0.0.1');
      assert.equal(cookie.secure, true);
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Strict');
      assert.equal(cookie.path, '/');
      assert.equal(await page.evaluate(() => document.cookie), '__Host-huiyin-window=1',
        'no script can read the session, only that this browser is a window\'s');
      await page.getByRole('complementary', { name: zh('window-bar-label') })
        .getByText(zh('window-bar-clerk', { clerk: 'w001' })).waitFor();

      await fileForResident(page);
      const during = await traces(page, context);
      for (const secret of [resident.phone, resident.name, resident.description]) {
        assert.ok(!during.local.includes(secret) && !during.session.includes(secret), 'never written to storage');
      }
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('window-receipt-title'));
      const caseId = (await page.locator('#receipt-case-id').innerText()).trim();
      const code = (await page.locator('#receipt-query-code').innerText()).trim();
      assert.match(caseId, /^\d+$/);
      const link = `${server.url}cases/${caseId}`;
      const qrName = zh('window-receipt-qr-alt', { link });
      await page.getByRole('main').getByText(link).waitFor();
      assert.ok(!link.includes(code), 'the query code is printed, never in the link');

      for (const paper of ['window-receipt-paper-a4', 'window-receipt-paper-80mm']) {
        await page.getByRole('radio', { name: zh(paper) }).check();
        await page.emulateMedia({ media: 'print' });
        assert.equal(await decodeQr(page, qrName), link, `${paper}: the QR code is the tracking link`);
        assert.equal(await page.getByRole('button', { name: zh('window-next-resident') }).first().isVisible(), false,
          'the clerk\'s controls are not printed');
        assert.ok(await page.getByText(code, { exact: true }).isVisible(), 'the query code is printed');
        await page.emulateMedia({ media: 'screen' });
      }
      const large = page.getByRole('button', { name: zh('window-receipt-large') });
      await large.click();
      assert.equal(await large.getAttribute('aria-pressed'), 'true');
      assert.equal(await decodeQr(page, qrName), link, 'large on screen, still the link');
      assert.deepEqual(await axeViolations(page), [], 'receipt');

      await page.getByRole('complementary', { name: zh('window-bar-label') })
        .getByRole('button', { name: zh('window-next-resident') }).click();
      await heading(page, zh('window-home-heading'));
      await page.getByRole('status').getByText(zh('window-cleared-next')).waitFor();
      const secrets = [caseId, code, resident.phone, '139****5678', resident.name, resident.description,
        resident.benefit, resident.address];
      assertNoTraceOf(await traces(page, context), secrets, 'after "Next resident"');

      // Back: the resident's pages never entered the browser's history.
      await page.goBack();
      await page.waitForLoadState();
      const back = await page.evaluate(() => document.documentElement.outerHTML);
      for (const secret of secrets) assert.ok(!back.includes(secret), `Back shows "${secret}"`);
      assert.equal(new URL(page.url()).pathname, '/', 'Back leaves the window for the page before it');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('looks a case up on the resident\'s word and acts on it', async () => {
    const { context, page, errors } = await openWindow(server);
    try {
      await page.goto('/window');
      await signIn(page, 'w001');
      await heading(page, zh('window-home-heading'));
      await fileForResident(page, { read: 'by_page' });
      await page.getByRole('button', { name: zh('file-send-button') }).click();
      await heading(page, zh('window-receipt-title'));
      const caseId = (await page.locator('#receipt-case-id').innerText()).trim();
      const code = (await page.locator('#receipt-query-code').innerText()).trim();
      await page.getByRole('button', { name: zh('window-next-resident') }).first().click();
      await heading(page, zh('window-home-heading'));

      await page.getByRole('link', { name: zh('window-home-track') }).click();
      await heading(page, zh('track-title'));
      await page.getByRole('textbox', { name: zh('track-case-number') }).fill(caseId);
      await page.getByRole('textbox', { name: zh('track-query-code') }).fill(code);
      await page.getByRole('button', { name: zh('track-button') }).click();
      await heading(page, zh('case-title', { id: caseId }));
      await page.getByRole('button', { name: zh('case-withdraw-submit') }).click();
      await page.getByRole('button', { name: zh('case-withdraw-yes') }).click();
      await page.getByText(zh('case-withdraw-done')).first().waitFor();
      await page.getByRole('button', { name: zh('window-next-resident') }).first().click();
      await heading(page, zh('window-home-heading'));
      assertNoTraceOf(await traces(page, context), [caseId, code], 'after a lookup');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('an unattended counter', () => {
  let server;
  before(async () => {
    // Short on purpose: the warning after 3 s without input, the clearing 5 s later.
    server = await startBff(['--clerk-resident-idle-secs', '8', '--clerk-resident-warning-secs', '5']);
    server.addClerk('w002');
  });
  after(async () => {
    await server?.stop();
  });

  test('warns first, can be extended, then clears the resident', async () => {
    const { context, page, errors } = await openWindow(server);
    try {
      await page.goto('/');
      await page.goto('/window');
      await signIn(page, 'w002');
      await heading(page, zh('window-home-heading'));
      await startSuggestion(page);

      const warning = page.getByRole('dialog', { name: zh('window-idle-title') });
      await warning.waitFor({ timeout: 10_000 });
      assert.deepEqual(await axeViolations(page), [], 'the warning');
      await warning.getByRole('button', { name: zh('window-idle-extend') }).click();
      await warning.waitFor({ state: 'hidden' });
      assert.equal(await page.getByRole('textbox', { name: /预期效果/ }).inputValue(), resident.benefit, 'extended: still there');

      await warning.waitFor({ timeout: 10_000 });
      await heading(page, zh('window-home-heading'));
      await page.getByRole('status').getByText(zh('window-cleared-idle')).waitFor();
      assertNoTraceOf(await traces(page, context), [resident.benefit], 'after the idle timeout');
      await page.goBack();
      await page.waitForLoadState();
      const back = await page.evaluate(() => document.documentElement.outerHTML);
      assert.ok(!back.includes(resident.benefit), 'Back shows nothing of the resident');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe("a clerk's sign-in nearing its absolute limit", () => {
  let server;
  before(async () => {
    // Short on purpose: a session lasts 40 s and the warning comes 30 s before its end.
    server = await startBff(['--clerk-session-max-secs', '40', '--clerk-session-warning-secs', '30']);
    server.addClerk('w005');
    for (const locale of locales) server.addClerk(`s-${locale}`);
  });
  after(async () => {
    await server?.stop();
  });

  test('warns, signs in again on the spot keeping the work, and clears the resident at the limit', async () => {
    const { context, page, errors } = await openWindow(server);
    const benefit = page.getByRole('textbox', { name: /预期效果/ });
    const warning = page.getByRole('dialog', { name: zh('window-session-limit-title') });
    const secondsLeft = () => page.evaluate(async () => (await (await fetch('/api/clerk/session')).json()).expires_in_secs);
    try {
      await page.goto('/window');
      await signIn(page, 'w005');
      await heading(page, zh('window-home-heading'));
      await startSuggestion(page);

      await warning.waitFor({ timeout: 20_000 });
      assert.ok(await warning.getByText(zh('window-session-limit-body', { minutes: 1 })).isVisible(), 'says when');
      const password = warning.getByLabel(zh('window-sign-in-password'));
      assert.ok(await password.evaluate((el) => el === document.activeElement), 'the password field has focus');
      assert.deepEqual(await axeViolations(page), [], 'the warning');
      await password.fill('not-the-password');
      await warning.getByRole('button', { name: zh('window-session-limit-renew') }).click();
      await warning.getByText(zh('error-clerk_sign_in_failed')).waitFor();
      assert.ok(await password.evaluate((el) => el === document.activeElement), 'back on the field after an error');
      assert.deepEqual(await axeViolations(page), [], 'the warning with its error');
      assert.ok(await secondsLeft() <= 30, 'a wrong password changes nothing');

      await password.fill(PASSWORD);
      await warning.getByRole('button', { name: zh('window-session-limit-renew') }).click();
      await warning.waitFor({ state: 'hidden' });
      await page.getByText(zh('window-session-renewed')).waitFor({ state: 'attached' });
      assert.equal(await benefit.inputValue(), resident.benefit, 'the resident\'s work stays');
      assert.ok(await secondsLeft() > 30, 'a new session, with a new limit');

      // Unanswered this time: the warning comes again, and at the limit the page starts
      // afresh at sign-in with nothing of the resident left.
      await warning.waitFor({ timeout: 20_000 });
      await page.getByRole('heading', { level: 1, name: zh('window-sign-in-title') }).waitFor({ timeout: 45_000 });
      await page.getByRole('status').getByText(zh('window-session-ended')).waitFor();
      assertNoTraceOf(await traces(page, context), [resident.benefit], 'after the limit');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the warning passes axe in every language, in elderly mode at 320 px', async () => {
    await Promise.all(locales.map(async (locale) => {
      const { context, page, errors } = await openWindow(server, { locale, viewport: viewports.narrow });
      const where = `the session warning, ${locale}, elderly, 320 px`;
      try {
        await page.goto('/window');
        await page.evaluate(() => localStorage.setItem('huiyin.mode', 'elderly'));
        await signIn(page, `s-${locale}`, PASSWORD, locale);
        await heading(page, say(locale, 'window-home-heading'));
        await page.waitForFunction(() => document.documentElement.dataset.mode === 'elderly');
        await page.getByRole('dialog', { name: say(locale, 'window-session-limit-title') }).waitFor({ timeout: 20_000 });
        assert.deepEqual(await axeViolations(page), [], `${where}: axe WCAG 2.2 AA`);
        assert.deepEqual(await axeEnhancedContrastViolations(page), [], `${where}: AAA contrast`);
        assert.equal(await scrollsSideways(page), false, `${where}: no sideways scrolling`);
        await assertElderlySizes(page, where);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }));
  });
});

describe('what the BFF refuses', () => {
  let server;
  before(async () => {
    server = await startBff(['--clerk-idle-timeout-secs', '3', '--clerk-sign-in-failures-per-account', '3']);
    server.addClerk('w003');
    server.addClerk('w004');
  });
  after(async () => {
    await server?.stop();
  });

  test('a state-changing request without the header, or with an expired session', async () => {
    const { context, page } = await openWindow(server);
    try {
      await page.goto('/window');
      await signIn(page, 'w003');
      await heading(page, zh('window-home-heading'));
      const post = (headers) => page.evaluate(async (headers) => {
        const response = await fetch('/api/clerk/requests', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `k-${Math.random()}`, ...headers },
          body: JSON.stringify({
            service_code: 'city-development', description: '测试', consent: true,
            consent_read_out: 'by_clerk', location: { address: '人民路' },
            attributes: { area: 'accessibility', benefit: '方便' }, locale: 'zh-CN',
          }),
        });
        return { status: response.status, body: await response.json() };
      }, headers);
      const bare = await post({});
      assert.equal(bare.status, 403);
      assert.equal(bare.body.code, 'clerk_header_missing');
      const signOut = await page.evaluate(async () => (await fetch('/api/clerk/sign-out', { method: 'POST' })).status);
      assert.equal(signOut, 403, 'sign-out too needs the header');

      await page.waitForTimeout(3500);
      const expired = await post({ 'X-Huiyin-Clerk': '1' });
      assert.equal(expired.status, 401);
      assert.equal(expired.body.code, 'clerk_session_required');
      // The page finds out at the clerk's next touch (which asks the BFF to keep the
      // session alive) and starts afresh at sign-in.
      await page.getByRole('link', { name: zh('window-home-track') }).click();
      await heading(page, zh('window-sign-in-title'));
      await page.getByRole('status').getByText(zh('window-session-ended')).waitFor();
    } finally {
      await context.close();
    }
  });

  test('wrong passwords are limited, with the wait in the message', async () => {
    const { context, page } = await openWindow(server);
    try {
      await page.goto('/window');
      await heading(page, zh('window-sign-in-title'));
      for (let attempt = 0; attempt < 3; attempt += 1) {
        // One answer per attempt: the message of the previous one is still on the page.
        await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/clerk/sign-in')),
          signIn(page, 'w004', 'not-the-password'),
        ]);
        await page.getByRole('alert').getByRole('link', { name: zh('error-clerk_sign_in_failed') }).waitFor();
      }
      await signIn(page, 'w004');
      await page.getByRole('alert')
        .getByRole('link', { name: zh('error-clerk_sign_in_limited', { minutes: 15 }) }).waitFor();
      await heading(page, zh('window-sign-in-title'));
    } finally {
      await context.close();
    }
  });
});

/**
 * Every page only the window has, as a clerk meets them: sign-in, the clerk's home, filing
 * for a resident on the one-page form (see `fileForResident` in lib/window.mjs: empty, with
 * its error summary, filled in, then the check page), the receipt on screen and large, the case lookup
 * and a case with the clerk's actions. `scan(what)` is called on each.
 */
async function walkWindowPages(page, { locale, clerk, scan }) {
  const t = (key, args) => say(locale, key, args);
  await page.goto('/window');
  await heading(page, t('window-sign-in-title'));
  await scan('sign-in');
  await signIn(page, clerk, PASSWORD, locale);
  await heading(page, t('window-home-heading'));
  await scan('clerk home');
  await fileForResident(page, { locale, scan });
  await page.getByRole('button', { name: t('file-send-button') }).click();
  await heading(page, t('window-receipt-title'));
  const caseId = (await page.locator('#receipt-case-id').innerText()).trim();
  const code = (await page.locator('#receipt-query-code').innerText()).trim();
  await scan('receipt');
  const large = page.getByRole('button', { name: t('window-receipt-large') });
  await large.click();
  assert.equal(await large.getAttribute('aria-pressed'), 'true');
  await scan('receipt, large');
  await page.getByRole('button', { name: t('window-next-resident') }).first().click();
  await heading(page, t('window-home-heading'));
  await page.getByRole('link', { name: t('window-home-track') }).click();
  await heading(page, t('track-title'));
  await scan('case lookup');
  await page.getByRole('textbox', { name: t('track-case-number') }).fill(caseId);
  await page.getByRole('textbox', { name: t('track-query-code') }).fill(code);
  await page.getByRole('button', { name: t('track-button') }).click();
  await heading(page, t('case-title', { id: caseId }));
  await page.getByRole('button', { name: t('case-withdraw-submit') }).waitFor();
  await scan('case, with the clerk\'s actions');
}

describe('every window page, language, mode and width passes axe and reflows', { concurrency: 2 }, () => {
  // The window's own pages (sign-in, the clerk's home, the one-page form with the consent
  // read out and masked contact details, the receipt on screen and large, the lookup and a case with the
  // clerk's actions) in the same matrix as the resident's pages: each language at 320 px
  // and 1280 px, each page scanned as it is and again in elderly mode, which the clerk
  // turns on for the resident and off again.
  let server;
  before(async () => {
    server = await startBff();
    for (const locale of locales) {
      for (const width of ['320', '1280']) server.addClerk(`a-${locale}-${width}`);
    }
    server.addClerk('a-forced');
  });
  after(async () => {
    await server?.stop();
  });

  test('forced colours, more contrast and reduced motion, zh-CN at 320 px', async () => {
    const { context, page, errors } = await openWindow(server, { viewport: viewports.narrow });
    try {
      await page.emulateMedia({ contrast: 'more', forcedColors: 'active', reducedMotion: 'reduce' });
      await walkWindowPages(page, {
        locale: 'zh-CN',
        clerk: 'a-forced',
        scan: async (what) => {
          assert.deepEqual(await axeViolations(page), [], `${what}: axe`);
          assert.equal(await scrollsSideways(page), false, `${what}: no sideways scrolling`);
          const { edgeless, moving } = await forcedColoursProblems(page);
          assert.deepEqual(edgeless, [], `${what}: controls without an edge in forced colours`);
          assert.deepEqual(moving, [], `${what}: motion although reduced motion is asked for`);
        },
      });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  const widths = { '320 px': viewports.narrow, '1280 px': viewports.desktop };
  for (const locale of locales) {
    for (const [width, viewport] of Object.entries(widths)) {
      test(`${locale}, ${width}, normal and elderly`, async () => {
        const { context, page, errors } = await openWindow(server, { locale, viewport });
        const t = (key, args) => say(locale, key, args);
        const check = async (where) => {
          assert.equal(await page.locator('h1').count(), 1, `${where}: one h1`);
          assert.equal(await page.getAttribute('html', 'lang'), locale, `${where}: lang`);
          assert.deepEqual(await axeViolations(page), [], `${where}: axe WCAG 2.2 AA`);
          assert.equal(await scrollsSideways(page), false, `${where}: no sideways scrolling`);
        };
        const scan = async (what) => {
          const where = `${what}, ${locale}, ${width}`;
          await check(where);
          const toggle = page.getByRole('button', { name: t('elderly-mode') });
          await toggle.click();
          await page.waitForFunction(() => document.documentElement.dataset.mode === 'elderly');
          await check(`${where}, elderly`);
          assert.deepEqual(await axeEnhancedContrastViolations(page), [], `${where}, elderly: AAA contrast`);
          await assertElderlySizes(page, `${where}, elderly`);
          await toggle.click();
          await page.waitForFunction(() => document.documentElement.dataset.mode !== 'elderly');
        };
        const clerk = `a-${locale}-${width.split(' ')[0]}`;
        try {
          await walkWindowPages(page, { locale, clerk, scan });
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
