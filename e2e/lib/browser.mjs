// Debian's Chromium driven by playwright-core, and axe-core scans. Playwright gives each
// launch a fresh, empty profile of its own, so no state leaks between test files.
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const baseUrl = required('HUIYIN_BASE_URL');
export const sandboxUrl = required('HUIYIN_SANDBOX_URL');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests with \`cargo xtask test\``);
  return value;
}

/** The widths every page must work at: a small phone and a desktop. */
export const viewports = {
  phone: { width: 360, height: 740 },
  narrow: { width: 320, height: 640 },
  desktop: { width: 1280, height: 900 },
};

/** WCAG 2.2 AA, as the project's non-negotiables name it. */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/**
 * One Chromium for a test file: launched before its tests, closed after them. Its
 * `browser` is there once the tests run.
 */
export function browserForTheseTests() {
  const session = { browser: undefined };
  let launched;
  before(async () => {
    launched = await launchBrowser();
    session.browser = launched.browser;
  });
  after(async () => {
    await launched?.close();
  });
  return session;
}

/**
 * A new page in its own context, speaking `locale` as the browser's language.
 *
 * The server sends each resident page rendered, and the app hydrates it after the first
 * paint (tested in first-paint.test.mjs and hydration.test.mjs). So that no check clicks a
 * button before the app is listening, `goto` and `reload` here return once the app has
 * taken over the page (`<html data-hydrated>`, set by the app's first effect).
 * `waitForApp: false` keeps Playwright's own (for pages opened without the app).
 */
export async function openPage(browser, { locale = 'zh-CN', viewport = viewports.phone, waitForApp = true, base = baseUrl } = {}) {
  const context = await browser.newContext({ locale, viewport, baseURL: base });
  const page = await context.newPage();
  if (waitForApp) {
    for (const name of ['goto', 'reload']) {
      const load = page[name].bind(page);
      page[name] = async (...args) => {
        const response = await load(...args);
        await page.locator('html[data-hydrated] #app #main').waitFor({ state: 'attached' });
        return response;
      };
    }
  }
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // An unknown address is answered 404 with the not-found page (bff/src/pages.rs), and
    // Chromium logs the page's own status; a missing file the page asks for still counts.
    const ownStatus = /status of 404/.test(message.text()) && message.location().url === page.url();
    if (!ownStatus) errors.push(message.text());
  });
  return { context, page, errors };
}

/**
 * A browser that runs no script at all (issue 19's journeys without JavaScript), in the
 * resident's language and mode as the server reads them from its cookies. No wait in these
 * journeys is long: a step that cannot happen fails instead of hanging. `errors` collects
 * the page's errors (there should be none: nothing runs).
 */
export async function scriptlessPage(browser, locale, mode) {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    locale,
    viewport: viewports.phone,
    baseURL: baseUrl,
  });
  await context.addCookies([
    { name: 'huiyin-locale', value: locale, url: baseUrl },
    ...(mode === 'elderly' ? [{ name: 'huiyin-mode', value: 'elderly', url: baseUrl }] : []),
  ]);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Zero axe-core violations, reported readably when there are some. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(axeTags).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/**
 * `axeViolations` for a page whose context has JavaScript off (`javaScriptEnabled: false`):
 * Playwright's evaluate still runs there (through the DevTools protocol), and so does
 * axe-core, but for one thing: axe schedules its work with setTimeout, and a timer in a
 * script-disabled page brings Chromium down (156, tried: "browser disconnected"). Timers
 * are run as microtasks instead, which do run. The page's own scripts never run; axe runs
 * in the page itself (legacy mode: the default opens a second, blank page to finish in,
 * which is script-disabled too).
 */
export async function axeViolationsWithoutScript(page) {
  await page.evaluate(() => {
    window.setTimeout = (run, _ms, ...args) => {
      Promise.resolve().then(() => run(...args));
      return 0;
    };
    window.clearTimeout = () => {};
  });
  const results = await new AxeBuilder({ page }).withTags(axeTags).setLegacyMode(true).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}
