// The first paint before the app runs: on a slow phone the .wasm takes seconds. The server
// renders each resident page (bff/src/pages.rs, issue 19), so the page's header, heading and
// lead show as soon as the HTML and CSS are in, in the resident's language and display mode,
// passing the same accessibility checks as the app, and the app takes the page over
// (hydration.test.mjs) without anything on it moving.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchBrowser, openPage, viewports } from '../lib/browser.mjs';
import { format, locales, message } from '../lib/locales.mjs';
import { assertElderlySizes, elderly } from '../lib/accessibility.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

/** A browser language that the app negotiates to each locale. */
const browserLanguage = { 'zh-CN': 'zh-CN', 'zh-TW': 'zh-TW', en: 'en-US' };

const caseId = '20261129000042';

/** Pages the server renders; `lead` where the page opens with one. */
const pages = [
  { name: 'home', path: '/', heading: (l) => message(l, 'home-heading'), lead: 'home-intro' },
  { name: 'services', path: '/services', heading: (l) => message(l, 'services-heading'), lead: 'services-intro' },
  { name: 'track', path: '/track', heading: (l) => message(l, 'track-title'), lead: 'track-intro' },
  { name: 'my requests', path: '/my-requests', heading: (l) => message(l, 'my-requests-title'), lead: 'my-requests-intro' },
  { name: 'case', path: `/cases/${caseId}`, heading: (l) => format(l, 'case-title', { id: caseId }) },
];

/** Opens `path` with the app's .wasm refused, so that what shows is the server's page alone. */
async function openShell(locale, path, { viewport = viewports.narrow, mode = null, saved = null } = {}) {
  const opened = await openPage(session.browser, { locale: browserLanguage[locale], viewport, waitForApp: false });
  await opened.page.addInitScript(
    ([mode, saved]) => {
      if (mode) localStorage.setItem('huiyin.mode', JSON.stringify(mode));
      if (saved) localStorage.setItem('huiyin.locale', JSON.stringify(saved));
    },
    [mode, saved],
  );
  await opened.page.route(/\.wasm$/, (route) => route.abort());
  await opened.page.goto(path);
  return opened;
}

/** What a resident sees and hears of the page: its language, headings, lead and links. */
function visible(page) {
  return page.evaluate(() => {
    const shown = (el) => el.checkVisibility({ visibilityProperty: true });
    const h1 = [...document.querySelectorAll('h1')].filter(shown);
    return {
      lang: document.documentElement.lang,
      headings: h1.map((el) => el.textContent),
      h1: h1[0] ? h1[0].getBoundingClientRect().toJSON() : null,
      lead: [...document.querySelectorAll('p.lead')].filter(shown).map((el) => el.textContent),
      // The header's, where every page has the same.
      links: [...document.querySelectorAll('header a')].filter(shown).map((el) => el.textContent),
      // A shown header button before the app runs must submit a form the server answers
      // (the language and elderly-mode switches): one that needs the app would do nothing.
      buttons: [...document.querySelectorAll('header button')].filter(shown)
        .filter((el) => !(el.type === 'submit' && el.form && el.form.method === 'post' && el.form.getAttribute('action'))).length,
      hydrated: document.documentElement.hasAttribute('data-hydrated'),
    };
  });
}

/**
 * Runs before the page's scripts: counts the visible `<h1>`s just before each frame is
 * painted (a requestAnimationFrame callback), for two seconds' worth of frames.
 */
function recordHeadingsPerFrame() {
  window.__headingsPerFrame = [];
  const count = () => {
    const shown = [...document.querySelectorAll('h1')].filter((el) => el.checkVisibility({ visibilityProperty: true }));
    window.__headingsPerFrame.push(shown.length);
    if (window.__headingsPerFrame.length < 120) requestAnimationFrame(count);
  };
  requestAnimationFrame(count);
}

describe('the first paint, before the app runs', () => {
  for (const locale of locales) {
    test(`${locale}: every page with a heading of its own shows it, and passes axe`, async () => {
      for (const spec of pages) {
        const { context, page } = await openShell(locale, spec.path);
        try {
          const seen = await visible(page);
          assert.equal(seen.lang, locale, `${spec.name}: <html lang>`);
          assert.deepEqual(seen.headings, [spec.heading(locale)], `${spec.name}: one h1, in ${locale}`);
          assert.deepEqual(seen.lead, spec.lead ? [message(locale, spec.lead)] : [], `${spec.name}: lead`);
          assert.deepEqual(
            seen.links,
            [message(locale, 'app-name'), ...['nav-home', 'nav-services', 'nav-track', 'nav-my-requests'].map((k) => message(locale, k))],
            `${spec.name}: the header's links work without the app`,
          );
          assert.equal(seen.buttons, 0, `${spec.name}: no header button that would do nothing before the app runs`);
          assert.equal(seen.hydrated, false, `${spec.name}: this is the server's page`);
          assert.deepEqual(await axeViolations(page), [], `${spec.name} in ${locale}`);
        } finally {
          await context.close();
        }
      }
    });
  }

  test('in elderly mode it is large from the start, with only the name in the header', async () => {
    for (const locale of locales) {
      for (const spec of [pages[0], pages[4]]) {
        const { context, page } = await openShell(locale, spec.path, { mode: 'elderly' });
        try {
          const seen = await visible(page);
          assert.deepEqual(seen.headings, [spec.heading(locale)]);
          assert.deepEqual(seen.links, [message(locale, 'app-name')], 'navigation waits behind "More", as in the app');
          const size = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
          assert.ok(size >= elderly.bodyTextPx, `${locale} ${spec.name}: body text ${size}px`);
          await assertElderlySizes(page, `${locale} ${spec.name} (before the app)`);
          assert.deepEqual(await axeViolations(page), [], `${spec.name} in ${locale}, elderly`);
        } finally {
          await context.close();
        }
      }
    }
  });

  test('a language chosen on this device wins over the browser\'s', async () => {
    const { context, page } = await openShell('zh-CN', '/', { saved: 'en' });
    try {
      const seen = await visible(page);
      assert.equal(seen.lang, 'en');
      assert.deepEqual(seen.headings, [message('en', 'home-heading')]);
    } finally {
      await context.close();
    }
  });

  test('the service window is the app\'s alone; every other page, the pseudo-locale\'s too, comes with its heading', async () => {
    for (const [path, heading, links] of [
      ['/window', null, 0],
      ['/window/receipt/1', null, 0],
      ['/services/food-safety', 'any', 5],
      ['/?pseudo=1', message('en-XA', 'home-heading'), 5],
    ]) {
      const { context, page } = await openShell('zh-CN', path);
      try {
        const seen = await visible(page);
        if (heading === null) assert.deepEqual(seen.headings, [], `${path}: no heading before the app`);
        else if (heading === 'any') assert.equal(seen.headings.length, 1, `${path}: its heading`);
        else assert.deepEqual(seen.headings, [heading], `${path}: its heading`);
        assert.equal(seen.links.length, links, `${path}: header links`);
      } finally {
        await context.close();
      }
    }
  });

  test('the app has its language\'s words at once: it takes over the server\'s English page with no language file to be had', async () => {
    const { context, page, errors } = await openPage(session.browser, { locale: 'en-US', viewport: viewports.narrow, waitForApp: false });
    try {
      // The messages are compiled into the app (frontend/build.rs): nothing under /locales/
      // is asked for, and if it were, it could not be had.
      const asked = [];
      await page.route('**/locales/**', async (route) => {
        asked.push(route.request().url());
        await route.abort();
      });
      let appArrived;
      const arrived = new Promise((resolve) => {
        appArrived = resolve;
      });
      page.on('requestfinished', (r) => {
        if (r.url().endsWith('.wasm')) appArrived();
      });
      await page.goto('/');
      await arrived;
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      const after = await visible(page);
      assert.deepEqual(after.headings, [message('en', 'home-heading')], 'the app shows the one heading, in English');
      assert.deepEqual(asked, [], 'no language file asked for');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the app takes over without the heading moving', async () => {
    const cases = [];
    for (const locale of ['zh-CN', 'en']) {
      for (const viewport of [viewports.narrow, viewports.desktop]) {
        for (const mode of [null, 'elderly']) {
          for (const spec of pages) cases.push({ locale, viewport, mode, spec });
        }
      }
    }
    for (const { locale, viewport, mode, spec } of cases) {
      const where = `${spec.name}, ${locale}, ${viewport.width} px${mode ? ', elderly' : ''}`;
      const shell = await openShell(locale, spec.path, { viewport, mode });
      // The server's page is drawn; the app has not run.
      const before = await visible(shell.page);
      await shell.context.close();

      const { context, page, errors } = await openPage(session.browser, { locale: browserLanguage[locale], viewport });
      try {
        if (mode) await page.addInitScript(() => localStorage.setItem('huiyin.mode', '"elderly"'));
        await page.addInitScript(recordHeadingsPerFrame);
        await page.goto(spec.path);
        await page.getByRole('heading', { level: 1, name: spec.heading(locale) }).waitFor();
        const frames = await page.evaluate(() => window.__headingsPerFrame);
        const shown = frames.slice(frames.findIndex((n) => n > 0));
        assert.ok(shown.length > 0 && shown.every((n) => n === 1), `${where}: one heading in every frame from the first, never none or two: ${frames}`);
        const after = await visible(page);
        assert.equal(after.hydrated, true, `${where}: the app has taken over`);
        assert.deepEqual(after.headings, before.headings, `${where}: the same heading`);
        for (const side of ['x', 'y', 'width', 'height']) {
          assert.ok(
            Math.abs(after.h1[side] - before.h1[side]) < 1,
            `${where}: the heading's ${side} is ${before.h1[side]} in the shell and ${after.h1[side]} in the app`,
          );
        }
        assert.deepEqual(errors, [], where);
      } finally {
        await context.close();
      }
    }
  });
});
