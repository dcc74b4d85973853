// Foundation slice: a resident opens the home page, follows the link to the services list,
// and sees the government system's catalogue, in every language, at phone and desktop
// widths, with no accessibility violations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  axeViolations,
  baseUrl,
  launchBrowser,
  openPage,
  sandboxUrl,
  viewports,
} from '../lib/browser.mjs';
import { locales, message } from '../lib/locales.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

async function sandboxServiceNames(locale) {
  const response = await fetch(new URL(`services.json?locale=${locale}`, sandboxUrl));
  assert.equal(response.status, 200, 'the sandbox answers services.json');
  const services = await response.json();
  return services.map((s) => s.service_name).sort();
}

describe('a resident finds the service list', () => {
  for (const locale of locales) {
    for (const [width, viewport] of Object.entries(viewports)) {
      test(`from the home page, in ${locale} at ${width} width`, async () => {
        const { context, page, errors } = await openPage(session.browser, { locale, viewport });
        try {
          await page.goto('/');
          const home = page.getByRole('heading', { level: 1, name: message(locale, 'home-heading') });
          await home.waitFor();
          assert.equal(await page.getAttribute('html', 'lang'), locale);
          assert.equal(await page.title(), `${message(locale, 'home-title')} - ${message(locale, 'app-name')}`);
          assert.deepEqual(await axeViolations(page), [], 'home page has no axe violations');

          await page.getByRole('main').getByRole('link', { name: message(locale, 'home-services-link') }).click();
          const heading = page.getByRole('heading', { level: 1, name: message(locale, 'services-heading') });
          await heading.waitFor();
          assert.equal(new URL(page.url()).pathname, '/services');
          assert.equal(await heading.evaluate((h) => h === document.activeElement), true,
            'focus moves to the new page heading');
          assert.equal(await page.title(), `${message(locale, 'services-title')} - ${message(locale, 'app-name')}`);

          const expected = await sandboxServiceNames(locale);
          assert.ok(expected.length >= 12, `the sandbox seeds at least 12 services (has ${expected.length})`);
          const names = page.getByRole('main').getByRole('heading', { level: 3 });
          await page.waitForFunction(
            (count) => document.querySelectorAll('main h3').length === count,
            expected.length,
          );
          assert.deepEqual((await names.allInnerTexts()).map((n) => n.trim()).sort(), expected);

          const noHorizontalScroll = await page.evaluate(
            () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
          );
          assert.ok(noHorizontalScroll, 'the page reflows without horizontal scrolling');
          assert.deepEqual(await axeViolations(page), [], 'services page has no axe violations');
          assert.deepEqual(errors, [], 'no script errors');
        } finally {
          await context.close();
        }
      });
    }
  }

  test('a reload on /services opens the services page (client route served by the BFF)', async () => {
    const { context, page } = await openPage(session.browser);
    try {
      const response = await page.goto('/services');
      assert.equal(response.status(), 200);
      await page.getByRole('heading', { level: 1, name: message('zh-CN', 'services-heading') }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('switching the language changes the page and is remembered', async () => {
    const { context, page } = await openPage(session.browser, { locale: 'zh-CN' });
    try {
      await page.goto('/services');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: message('en', 'services-heading') }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      const expected = await sandboxServiceNames('en');
      await page.waitForFunction(
        (first) => [...document.querySelectorAll('main h3')].some((h) => h.textContent.trim() === first),
        expected[0],
      );
      await page.reload();
      await page.getByRole('heading', { level: 1, name: message('en', 'services-heading') }).waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'),
        'true',
      );
    } finally {
      await context.close();
    }
  });
});

test('an unknown API path is a JSON 404, not the app', async () => {
  const response = await fetch(new URL('/api/no-such-thing', baseUrl));
  assert.equal(response.status, 404);
  assert.deepEqual(await response.json(), { code: 'not_found' });
});

test('the web manifest names icons that exist, so the app can be added to a home screen', async () => {
  const response = await fetch(new URL('/manifest.webmanifest', baseUrl));
  assert.equal(response.status, 200);
  const manifest = await response.json();
  assert.ok(manifest.icons.length > 0, 'the manifest lists an icon');
  for (const icon of manifest.icons) {
    const found = await fetch(new URL(icon.src, baseUrl));
    assert.equal(found.status, 200, `${icon.src} is served`);
    assert.equal(found.headers.get('content-type')?.split(';')[0], icon.type, `${icon.src} has its type`);
  }
});
