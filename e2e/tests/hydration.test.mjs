// Server-rendered pages and the app that hydrates them (issue 19). The BFF renders every
// resident page with the app's own components; the app, once its .wasm has arrived (after
// the first paint), takes over that HTML instead of drawing its own. A mismatch between
// the two must fail here, never leave a resident a dead or blank page: Yew stops with a
// panic on a structural mismatch (a page error here), and silently rewrites text and
// attributes, so each page is also compared, node by node, as the server sent it (the app
// kept from starting) and as the app left it after hydrating.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, axeViolationsWithoutScript, baseUrl, launchBrowser, openPage, viewports } from '../lib/browser.mjs';
import { admin, fileByTheForm, fileCase } from '../lib/pages.mjs';
import { format, locales, message } from '../lib/locales.mjs';

let session;
let caseId;
let formReceipt;
let preparedId;
/** The session cookie holding the query code of `preparedId`, as a lookup without JS sets it. */
let preparedCookies = [];
before(async () => {
  session = await launchBrowser();
  formReceipt = await fileByTheForm('楼下烧烤店每晚音响很吵，无脚本提交');
  const noise = {
    service_code: 'noise-nuisance',
    description: '楼下烧烤店每晚音响很吵',
    location: { address: '人民路 100 号 3 栋' },
    attributes: { noise_source: 'business', time_of_day: 'night' },
  };
  caseId = (await fileCase(noise)).case_id;
  const prepared = await fileCase(noise);
  preparedId = prepared.case_id;
  await admin(preparedId, 'accept');
  const context = await session.browser.newContext({ javaScriptEnabled: false, baseURL: baseUrl });
  try {
    const page = await context.newPage();
    await page.goto('/track?lang=en');
    await page.getByRole('textbox', { name: message('en', 'track-case-number') }).fill(preparedId);
    await page.getByRole('textbox', { name: message('en', 'track-query-code') }).fill(prepared.query_code);
    await page.getByRole('button', { name: message('en', 'track-button') }).click();
    await page.waitForURL(new RegExp(`/cases/${preparedId}$`));
    preparedCookies = (await context.cookies()).filter((c) => c.name === '__Host-huiyin-cases');
    assert.equal(preparedCookies.length, 1, 'the lookup set the case cookie');
  } finally {
    await context.close();
  }
});
after(async () => {
  await session?.close();
});

/** A word of a service's name in each language, for the search results page. */
const searchWord = { 'zh-CN': '噪音', 'zh-TW': '噪音', en: 'noise' };

/** Every page the server renders, with the heading it must arrive with. */
const pages = [
  { name: 'home', path: () => '/', heading: (l) => message(l, 'home-heading') },
  { name: 'services', path: () => '/services', heading: (l) => message(l, 'services-heading') },
  { name: 'services of a kind', path: () => '/services?kind=complaint', heading: (l) => message(l, 'services-heading') },
  {
    name: 'search results',
    path: (l) => `/services?q=${encodeURIComponent(searchWord[l])}`,
    heading: (l) => message(l, 'services-heading'),
  },
  { name: 'service', path: () => '/services/noise-nuisance', heading: null },
  {
    // Whole as HTML, posted to the server: its page starts no app (frontend's
    // page_runs_the_app), so the browser fetches no .wasm and the page stays the server's.
    name: 'filing without JavaScript',
    path: () => '/services/food-safety/request',
    heading: (l) => message(l, 'nojs-file-heading'),
    app: false,
  },
  { name: 'receipt of that filing', path: () => formReceipt.path, heading: (l) => message(l, 'receipt-title'), caseCookie: true },
  { name: 'track', path: () => '/track', heading: (l) => message(l, 'track-title') },
  { name: 'case', path: () => `/cases/${caseId}`, heading: (l) => format(l, 'case-title', { id: caseId }) },
  {
    // With its query code in this browser's cookie: the case (timeline, actions) is in the
    // server's HTML and in the page's start, and the app hydrates it without asking again.
    name: 'case, prepared by the server',
    path: () => `/cases/${preparedId}`,
    heading: (l) => format(l, 'case-title', { id: preparedId }),
    cookies: () => preparedCookies,
    ready: (l) => message(l, 'case-timeline-heading'),
  },
  { name: 'my requests, empty', path: () => '/my-requests', heading: (l) => message(l, 'my-requests-title') },
  {
    // The cases this browser's cookie holds, listed by the server and, the same, by the app.
    name: 'my requests, with the cases of this browser',
    path: () => '/my-requests',
    heading: (l) => message(l, 'my-requests-title'),
    cookies: () => preparedCookies,
  },
  { name: 'not found', path: () => '/no-such-page', heading: (l) => message(l, 'not-found-heading') },
];

const modes = ['normal', 'elderly'];

/** The cookies the server renders a resident's language and mode from (api::paths). */
function cookies(locale, mode, spec = {}) {
  const url = baseUrl;
  return [
    { name: 'huiyin-locale', value: locale, url },
    ...(mode === 'elderly' ? [{ name: 'huiyin-mode', value: 'elderly', url }] : []),
    // The receipt the server renders is the one this browser's case cookie holds.
    ...(spec.caseCookie ? [formReceipt.cookie] : []),
    ...(spec.cookies ? spec.cookies() : []),
  ];
}

/**
 * The page as a resident meets it: elements with their attributes and the text between
 * them, in order. Yew's comment markers and the live regions' words (said after the app
 * runs) are left out; so is the JSON the page starts from, and forms' tokens.
 */
function snapshot() {
  /** Every string in the page's start JSON: the form tokens the server gave this page. */
  const pageTokens = () => {
    const found = new Set();
    const walk = (value) => {
      if (typeof value === 'string') found.add(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(JSON.parse(document.getElementById('page-start')?.textContent ?? '{}'));
    return found;
  };
  const lines = [];
  // Text between two elements, as one: the browser parses the server's neighbouring text
  // nodes as one, which the app may keep as two.
  const walk = (node, depth) => {
    let text = '';
    const flush = () => {
      const words = text.replace(/\s+/g, ' ');
      if (words.trim()) lines.push(`${' '.repeat(depth)}"${words}"`);
      text = '';
    };
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        text += child.textContent;
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        flush();
        if (child.id === 'page-start') continue;
        // A form's filing key and token are made afresh for each load of the page (the
        // server page and the hydrated one are two loads): what must hold is that each form
        // carries its page's own, the ones in its start.
        const perLoad = child.type === 'hidden' && ['key', 'form_token'].includes(child.name)
          && pageTokens().has(child.value);
        const attributes = [...child.attributes]
          .map((a) => `${a.name}=${perLoad && a.name === 'value' ? '(this page\'s own)' : a.value}`)
          .sort()
          .join(' ');
        lines.push(`${' '.repeat(depth)}<${child.tagName.toLowerCase()} ${attributes}>`);
        if (!child.hasAttribute('aria-live')) walk(child, depth + 1);
      }
    }
    flush();
  };
  walk(document.getElementById('app'), 0);
  return {
    lang: document.documentElement.lang,
    mode: document.documentElement.dataset.mode ?? null,
    title: document.title,
    nodes: lines,
  };
}

/**
 * The server's HTML as it arrived, with JavaScript off: what a browser without it shows
 * (no script runs, static/boot.js included), and the page before the app has hydrated.
 * axe-core still runs in it (axeViolationsWithoutScript says how).
 */
async function serverPage(locale, mode, path, spec) {
  const context = await session.browser.newContext({ viewport: viewports.narrow, baseURL: baseUrl, javaScriptEnabled: false });
  await context.addCookies(cookies(locale, mode, spec));
  const page = await context.newPage();
  const response = await page.goto(path);
  return { context, page, status: response.status() };
}

/**
 * The page once the app has hydrated it; `errors` holds every page error and console error.
 * A page that starts no app (`spec.app === false`) is taken once nothing is loading any more.
 */
async function hydratedPage(locale, mode, path, spec = {}) {
  const runsTheApp = spec.app !== false;
  const opened = await openPage(session.browser, { locale, viewport: viewports.narrow, waitForApp: runsTheApp });
  await opened.context.addCookies(cookies(locale, mode, spec));
  // What the app asks the API for while hydrating, and every script and .wasm fetched.
  opened.asked = [];
  opened.fetched = [];
  opened.page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) opened.asked.push(url.pathname);
    if (/\.(wasm|js)$/.test(url.pathname)) opened.fetched.push(url.pathname);
  });
  await opened.page.goto(path);
  if (!runsTheApp) await opened.page.waitForLoadState('networkidle');
  return opened;
}

describe('every server-rendered page hydrates to exactly what the server sent', { concurrency: 1 }, () => {
  for (const locale of locales) {
    for (const mode of modes) {
      test(`${locale}, ${mode} mode: same page with JavaScript off and hydrated, no error, axe clean both times`, async () => {
        for (const spec of pages) {
          const path = spec.path(locale);
          const where = `${spec.name} (${path}) in ${locale}, ${mode}`;
          const server = await serverPage(locale, mode, path, spec);
          let before;
          try {
            assert.equal(server.status, spec.name === 'not found' ? 404 : 200, where);
            before = await server.page.evaluate(snapshot);
            assert.equal(before.lang, locale, `${where}: <html lang> from the server`);
            assert.equal(before.mode, mode === 'elderly' ? 'elderly' : null, `${where}: elderly mode from the server`);
            const h1 = await server.page.getByRole('main').getByRole('heading', { level: 1 }).textContent();
            if (spec.heading) assert.equal(h1, spec.heading(locale), `${where}: the h1 is in the server's HTML`);
            if (spec.ready) await server.page.getByRole('heading', { name: spec.ready(locale) }).waitFor();
            assert.deepEqual(await axeViolationsWithoutScript(server.page), [], `${where}: axe, with JavaScript off`);
          } finally {
            await server.context.close();
          }

          const { context, page, errors, asked, fetched } = await hydratedPage(locale, mode, path, spec);
          try {
            if (spec.app === false) {
              assert.ok(!fetched.some((file) => /huiyin-frontend.*\.(wasm|js)$/.test(file)), `${where}: the app is not fetched: ${fetched}`);
              assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-hydrated')), false, `${where}: no app started`);
            }
            const hydrated = await page.evaluate(snapshot);
            if (spec.cookies) {
              assert.ok(!asked.includes(`/api/cases/${preparedId}`), `${where}: the app did not fetch the case the page had: ${asked}`);
            }
            assert.deepEqual(errors, [], `${where}: no page or console error while hydrating`);
            assert.deepEqual(hydrated, before, `${where}: the app changed nothing the server sent`);
            assert.deepEqual(await axeViolations(page), [], `${where}: axe, after hydrating`);
          } finally {
            await context.close();
          }
        }
      });
    }
  }

  test('a hydrated page works: the language switch and elderly mode answer at once', async () => {
    const { context, page, errors } = await hydratedPage('zh-CN', 'normal', '/services');
    try {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: message('en', 'services-heading') }).waitFor();
      await page.getByRole('button', { name: message('en', 'elderly-mode') }).click();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), 'elderly');
      // And the server renders the next page so too, from the cookies the app wrote.
      await page.reload();
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), 'elderly');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the app comes after the first paint', () => {
  test('the .wasm is asked for only after the page has painted its content, with nothing preloaded', async () => {
    for (const locale of locales) {
      const { context, page, errors } = await hydratedPage(locale, 'normal', '/');
      try {
        const timing = await page.evaluate(() => {
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
          const js = performance.getEntriesByType('resource').find((r) => /huiyin-frontend-[0-9a-f]+\.js$/.test(r.name));
          return { paint: paint?.startTime, wasm: wasm?.startTime, js: js?.startTime };
        });
        assert.ok(timing.paint !== undefined && timing.wasm !== undefined && timing.js !== undefined, JSON.stringify(timing));
        assert.ok(timing.js > timing.paint, `${locale}: the app's JS is asked for after the first contentful paint: ${JSON.stringify(timing)}`);
        assert.ok(timing.wasm > timing.paint, `${locale}: the .wasm after the first contentful paint: ${JSON.stringify(timing)}`);
        const preloads = await page.evaluate(() => [...document.querySelectorAll('link[rel=preload], link[rel=modulepreload]')]
          .map((l) => l.getAttribute('href'))
          .filter((href) => /\.(wasm|js)$/.test(href)));
        assert.deepEqual(preloads, [], `${locale}: no preload of the app beside the page`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    }
  });

  test('the pages the server renders bring the resident\'s app; "Start now" loads the full app, its heading focused', async () => {
    const { context, page, errors } = await openPage(session.browser, { locale: 'en', viewport: viewports.narrow });
    try {
      await context.addCookies(cookies('en', 'normal'));
      const apps = [];
      page.on('request', (request) => {
        if (request.url().endsWith('.wasm')) apps.push(new URL(request.url()).pathname);
      });
      await page.goto('/services/food-safety');
      assert.equal(apps.length, 1, `one app for the service page: ${apps}`);
      const residents = (await page.request.head(apps[0])).headers()['content-length'];
      await page.getByRole('main').getByRole('link', { name: message('en', 'service-start') }).click();
      await page.waitForURL(/\/services\/food-safety\/file\//);
      await page.waitForFunction(() => {
        const h1 = document.querySelector('main h1');
        return document.documentElement.hasAttribute('data-hydrated') && h1 && h1 === document.activeElement;
      }, null, { timeout: 10_000 }).catch(() => assert.fail('the first question\'s heading has focus in the full app'));
      assert.equal(apps.length, 2, `the steps are the full app's: ${apps}`);
      assert.notEqual(apps[1], apps[0]);
      const full = (await page.request.head(apps[1])).headers()['content-length'];
      assert.ok(Number(residents) < Number(full), `the resident's app (${residents} B) is the smaller (${full} B)`);
      // Back is the service page again, as the server renders it.
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: /food|食品/i }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('while the .wasm is on its way, the page is readable and its links load pages', async () => {
    const { context, page } = await openPage(session.browser, { locale: 'en', viewport: viewports.narrow, waitForApp: false });
    try {
      await context.addCookies(cookies('en', 'normal'));
      // The .wasm never arrives in this test.
      await page.route(/\.wasm$/, () => {});
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: message('en', 'home-heading') }).waitFor();
      await page.getByRole('main').getByRole('link', { name: message('en', 'home-services-link') }).click();
      await page.waitForURL(/\/services$/);
      await page.getByRole('heading', { level: 1, name: message('en', 'services-heading') }).waitFor();
      // The search is a plain form until the app runs: the server answers it.
      await page.getByRole('searchbox').fill(searchWord.en);
      await page.getByRole('search').getByRole('button', { name: message('en', 'find-search-button') }).click();
      await page.waitForURL(/q=noise/);
      const results = await page.locator('#service-results').textContent();
      assert.match(results, /found/, 'the server rendered the results');
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-hydrated')), false);
    } finally {
      await context.close();
    }
  });

  test('what a resident typed and where they were while the app was on its way are kept when it takes over', async () => {
    const { context, page, errors } = await openPage(session.browser, { locale: 'zh-CN', viewport: viewports.narrow, waitForApp: false });
    try {
      await context.addCookies(cookies('zh-CN', 'normal'));
      // The .wasm is held back until the resident has typed.
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route(/\.wasm$/, async (route) => { await held; await route.continue(); });
      await page.goto('/services');
      const search = page.getByRole('searchbox', { name: message('zh-CN', 'find-search-label') });
      await search.fill(searchWord['zh-CN']);
      release();
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      // The app takes the words as typed to it: it filters the list and puts them in the address.
      await page.getByRole('main').getByText(format('zh-CN', 'find-results', { count: 1 }), { exact: true }).waitFor();
      assert.equal(new URL(page.url()).searchParams.get('q'), searchWord['zh-CN']);
      assert.equal(await search.inputValue(), searchWord['zh-CN']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'service-search', 'focus stays in the search box');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a device that saved its choices before the server could read them keeps them', async () => {
    const { context, page, errors } = await openPage(session.browser, { locale: 'zh-CN', viewport: viewports.narrow });
    try {
      await context.addInitScript(() => {
        localStorage.setItem('huiyin.locale', '"zh-TW"');
        localStorage.setItem('huiyin.mode', '"elderly"');
      });
      await page.goto('/track');
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-TW');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), 'elderly');
      await page.getByRole('heading', { level: 1, name: message('zh-TW', 'track-title') }).waitFor();
      const saved = (await context.cookies()).filter((c) => c.name.startsWith('huiyin-')).map((c) => `${c.name}=${c.value}`).sort();
      assert.deepEqual(saved, ['huiyin-locale=zh-TW', 'huiyin-mode=elderly']);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
