// Every page works for every resident: with a screen reader or keyboard, in elderly mode
// (长辈模式) with large text and targets, on a 320 px phone, with read-aloud (朗读), and in
// the pseudo-locale that shows any text not taken from locales/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchBrowser, openPage, viewports } from '../lib/browser.mjs';
import { format, locales, message } from '../lib/locales.mjs';
import {
  axeEnhancedContrastViolations,
  elderly,
  elderlyModeProblems,
  fakeSpeechSynthesis,
  focusIndicatorProblems,
  pseudoTag,
  recordModeAtFirstPaint,
  scrollsSideways,
  untransformedText,
} from '../lib/accessibility.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});
after(async () => {
  await session?.close();
});

/** The pages that exist, how to tell each has finished loading, and its primary action. */
const pages = [
  { name: 'home', path: '/', heading: 'home-heading', primaryAction: 'home-services-link' },
  { name: 'services', path: '/services', heading: 'services-heading', loaded: 'main h3' },
  { name: 'not-found', path: '/no-such-page', heading: 'not-found-heading', primaryAction: 'not-found-home-link' },
];

const widths = { '320 px': viewports.narrow, '1280 px': viewports.desktop };

async function openAt(page, locale, { path, heading, loaded }) {
  await page.goto(path);
  await page.getByRole('heading', { level: 1, name: message(locale, heading) }).waitFor();
  if (loaded) await page.locator(loaded).first().waitFor();
}

function elderlySwitch(page, locale) {
  return page.getByRole('banner').getByRole('button', { name: message(locale, 'elderly-mode') });
}

async function turnOnElderlyMode(page, locale) {
  await elderlySwitch(page, locale).click();
  await page.waitForFunction(() => document.documentElement.dataset.mode === 'elderly');
}

async function assertElderlySizes(page, locale, spec, where) {
  const found = await elderlyModeProblems(page);
  assert.ok(found.bodyFontPx >= elderly.bodyTextPx, `${where}: body text ${found.bodyFontPx}px`);
  assert.ok(found.h1FontPx >= elderly.headingPx, `${where}: h1 ${found.h1FontPx}px`);
  assert.deepEqual(found.smallText, [], `${where}: text under ${elderly.bodyTextPx}px`);
  assert.deepEqual(found.tightLines, [], `${where}: line height under ${elderly.lineHeightRatio}`);
  assert.deepEqual(found.crampedParagraphs, [], `${where}: paragraphs too close`);
  assert.deepEqual(found.smallTargets, [], `${where}: targets under ${elderly.targetPx}×${elderly.targetPx}px`);
  assert.deepEqual(found.faintControls, [], `${where}: control edges under ${elderly.controlContrast}:1`);
  assert.ok(found.controlsMeasured >= 3, `${where}: measured ${found.controlsMeasured} controls`);
  if (spec.primaryAction) {
    const action = page.getByRole('main').getByRole('link', { name: message(locale, spec.primaryAction) });
    const size = parseFloat(await action.evaluate((el) => getComputedStyle(el).fontSize));
    assert.ok(size >= elderly.primaryActionPx, `${where}: primary action ${size}px`);
  }
}

describe('every page, language, mode and width passes axe and reflows', () => {
  for (const locale of locales) {
    for (const mode of ['normal', 'elderly']) {
      for (const [width, viewport] of Object.entries(widths)) {
        describe(`${locale}, ${mode} mode, ${width}`, () => {
          let opened;
          before(async () => {
            opened = await openPage(session.browser, { locale, viewport });
            if (mode === 'elderly') {
              await openAt(opened.page, locale, pages[0]);
              await turnOnElderlyMode(opened.page, locale);
            }
          });
          after(async () => {
            await opened?.context.close();
          });

          for (const spec of pages) {
            test(spec.name, async () => {
              const { page, errors } = opened;
              await openAt(page, locale, spec);
              const where = `${spec.name} ${locale} ${mode} ${width}`;
              assert.equal(await page.locator('h1').count(), 1, `${where}: one h1`);
              assert.equal(await page.getAttribute('html', 'lang'), locale);
              assert.equal(
                await elderlySwitch(page, locale).getAttribute('aria-pressed'),
                String(mode === 'elderly'),
                `${where}: the elderly-mode switch is in the header and says its state`,
              );
              assert.deepEqual(await axeViolations(page), [], `${where}: axe WCAG 2.2 AA`);
              assert.equal(await scrollsSideways(page), false, `${where}: no sideways scrolling`);
              if (mode === 'elderly') {
                assert.deepEqual(await axeEnhancedContrastViolations(page), [], `${where}: AAA contrast`);
                await assertElderlySizes(page, locale, spec, where);
              }
              if (mode === 'elderly' && spec.name === 'home') {
                // The less-used things behind "More" (the same on every page) must meet
                // the same bar once shown.
                const more = page.getByRole('button', { name: message(locale, 'more') });
                assert.equal(await more.getAttribute('aria-expanded'), 'false');
                await more.click();
                assert.equal(await more.getAttribute('aria-expanded'), 'true');
                await page.getByRole('navigation', { name: message(locale, 'nav-label') }).waitFor();
                assert.deepEqual(await axeViolations(page), [], `${where} with More open: axe`);
                assert.deepEqual(await axeEnhancedContrastViolations(page), [], `${where} with More open: AAA`);
                assert.equal(await scrollsSideways(page), false, `${where} with More open: no sideways scrolling`);
                await assertElderlySizes(page, locale, spec, `${where} with More open`);
              }
              assert.deepEqual(errors, [], `${where}: no script errors`);
            });
          }
        });
      }
    }
  }
});

describe('elderly mode', () => {
  test('is one switch in every header, is remembered, and is on before the first paint', async () => {
    const { context, page, errors } = await openPage(session.browser, { locale: 'zh-CN', viewport: viewports.narrow });
    try {
      await page.addInitScript(recordModeAtFirstPaint);
      await openAt(page, 'zh-CN', pages[0]);
      const toggle = elderlySwitch(page, 'zh-CN');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.mode ?? null), null);
      const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));

      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      assert.equal(await toggle.evaluate((el) => el === document.activeElement), true, 'focus stays on the switch');
      const after = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      assert.ok(after >= elderly.bodyTextPx && after > before, `text grows from ${before}px to ${after}px`);

      for (const spec of pages) {
        await openAt(page, 'zh-CN', spec);
        assert.equal(await elderlySwitch(page, 'zh-CN').getAttribute('aria-pressed'), 'true', `${spec.name} remembers it`);
        const atParse = await page.evaluate(() => window.__atDomContentLoaded);
        const atFirstContent = await page.evaluate(() => window.__atFirstContent);
        assert.equal(atParse.mode, 'elderly', `${spec.name}: set by boot.js when the document is parsed`);
        assert.equal(atFirstContent.mode, 'elderly', `${spec.name}: set when the app first draws`);
        assert.ok(
          parseFloat(atFirstContent.bodyFontSize) >= elderly.bodyTextPx,
          `${spec.name}: the first content is already large (${atFirstContent.bodyFontSize})`,
        );
      }

      await elderlySwitch(page, 'zh-CN').click();
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.evaluate(() => window.__atDomContentLoaded.mode), null, 'off is remembered too');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('hides the less-used things behind More, which opens, navigates and closes', async () => {
    const locale = 'en';
    const { context, page } = await openPage(session.browser, { locale, viewport: viewports.narrow });
    try {
      await openAt(page, locale, pages[0]);
      const navigation = page.getByRole('navigation', { name: message(locale, 'nav-label') });
      const tagline = page.getByText(message(locale, 'app-tagline'));
      assert.equal(await navigation.isVisible(), true, 'normal mode shows the navigation');
      await turnOnElderlyMode(page, locale);
      assert.equal(await navigation.isVisible(), false, 'elderly mode tucks the navigation away');
      assert.equal(await tagline.isVisible(), false, 'and the tagline');
      assert.equal(await page.getByRole('contentinfo').count(), 0, 'and the footer');

      const more = page.getByRole('button', { name: message(locale, 'more') });
      const region = page.locator(`#${await more.getAttribute('aria-controls')}`);
      assert.equal(await region.isHidden(), true);
      await more.click();
      assert.equal(await more.getAttribute('aria-expanded'), 'true');
      assert.equal(await region.isVisible(), true);
      assert.equal(await tagline.isVisible(), true);
      await page.getByText(message(locale, 'footer-hotline')).waitFor();

      await navigation.getByRole('link', { name: message(locale, 'nav-services') }).click();
      const heading = page.getByRole('heading', { level: 1, name: message(locale, 'services-heading') });
      await heading.waitFor();
      assert.equal(await heading.evaluate((h) => h === document.activeElement), true, 'focus moves to the new h1');
      assert.equal(await more.getAttribute('aria-expanded'), 'false', 'More closes on a new page');
      assert.equal(await region.isHidden(), true);
    } finally {
      await context.close();
    }
  });
});

describe('screen readers and keyboard', () => {
  test('focus lands on the h1 after each navigation inside the app', async () => {
    const locale = 'zh-TW';
    const { context, page } = await openPage(session.browser, { locale, viewport: viewports.desktop });
    try {
      await openAt(page, locale, pages[2]);
      const steps = [
        [page.getByRole('main').getByRole('link', { name: message(locale, 'not-found-home-link') }), 'home-heading'],
        [page.getByRole('navigation', { name: message(locale, 'nav-label') }).getByRole('link', { name: message(locale, 'nav-services') }), 'services-heading'],
        [page.getByRole('navigation', { name: message(locale, 'nav-label') }).getByRole('link', { name: message(locale, 'nav-home') }), 'home-heading'],
      ];
      for (const [link, heading] of steps) {
        await link.click();
        const h1 = page.getByRole('heading', { level: 1, name: message(locale, heading) });
        await h1.waitFor();
        assert.equal(await h1.evaluate((h) => h === document.activeElement), true, `${heading} has focus`);
      }
    } finally {
      await context.close();
    }
  });

  test('the skip link is first and takes keyboard users to the main content', async () => {
    const locale = 'zh-CN';
    const { context, page } = await openPage(session.browser, { locale, viewport: viewports.narrow });
    try {
      await openAt(page, locale, pages[0]);
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: message(locale, 'skip-to-content') });
      assert.equal(await skip.evaluate((el) => el === document.activeElement), true, 'first Tab reaches the skip link');
      const box = await skip.boundingBox();
      assert.ok(box && box.y >= 0 && box.x >= 0, 'the focused skip link comes into view');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    } finally {
      await context.close();
    }
  });

  for (const mode of ['normal', 'elderly']) {
    test(`every stop in the tab order shows focus at 3:1 or more, in ${mode} mode`, async () => {
      const locale = 'en';
      const { context, page } = await openPage(session.browser, { locale, viewport: viewports.desktop });
      try {
        await openAt(page, locale, pages[0]);
        if (mode === 'elderly') {
          await turnOnElderlyMode(page, locale);
          await page.getByRole('button', { name: message(locale, 'more') }).click();
        }
        const { problems, stops } = await focusIndicatorProblems(page);
        assert.deepEqual(problems, []);
        assert.ok(stops >= 8, `tabbed through ${stops} stops`);
      } finally {
        await context.close();
      }
    });
  }

  test('high contrast, forced colours and reduced motion keep the pages accessible', async () => {
    const locale = 'zh-CN';
    const { context, page } = await openPage(session.browser, { locale, viewport: viewports.narrow });
    try {
      await page.emulateMedia({ contrast: 'more', forcedColors: 'active', reducedMotion: 'reduce' });
      for (const spec of pages) {
        await openAt(page, locale, spec);
        assert.deepEqual(await axeViolations(page), [], `${spec.name}: axe`);
        assert.equal(await scrollsSideways(page), false, `${spec.name}: no sideways scrolling`);
      }
      const { problems, stops } = await focusIndicatorProblems(page);
      assert.deepEqual(problems, [], 'focus stays visible in forced colours');
      assert.ok(stops >= 5);
      await page.emulateMedia({ forcedColors: 'none' });
      assert.deepEqual(await axeEnhancedContrastViolations(page), [], 'more contrast reaches AAA');
    } finally {
      await context.close();
    }
  });

  test('the live region says when the language changes', async () => {
    const { context, page } = await openPage(session.browser, { locale: 'zh-CN', viewport: viewports.desktop });
    try {
      await openAt(page, 'zh-CN', pages[1]);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: message('en', 'services-heading') }).waitFor();
      const said = format('en', 'language-changed', { language: 'English' });
      await page.waitForFunction(
        (text) => [...document.querySelectorAll('[role="status"][aria-live="polite"]')].some((r) => r.textContent.includes(text)),
        said,
      );
      assert.equal(
        await page.locator('[role="status"][aria-live="polite"]').count(),
        1,
        'one polite live region, in the shell',
      );
    } finally {
      await context.close();
    }
  });
});

describe('read-aloud (朗读)', () => {
  async function readAloudPage(voices, locale = 'zh-CN') {
    const opened = await openPage(session.browser, { locale, viewport: viewports.desktop });
    await opened.page.addInitScript(fakeSpeechSynthesis, voices);
    return opened;
  }

  function button(page, locale, key) {
    return page.getByRole('banner').getByRole('button', { name: message(locale, key), exact: true });
  }

  async function said(page, locale, key) {
    const text = message(locale, key);
    await page.waitForFunction(
      (t) => [...document.querySelectorAll('[role="status"][aria-live="polite"]')].some((r) => r.textContent.includes(t)),
      text,
    );
  }

  test('reads the main content in the page language, pauses, resumes, slows and stops', async () => {
    const { context, page, errors } = await readAloudPage(['zh-CN', 'zh-TW', 'en-US']);
    try {
      for (const locale of locales) {
        if (locale !== 'zh-CN') {
          await page.getByRole('button', { name: { 'zh-TW': '繁體中文', en: 'English' }[locale] }).click();
        }
        await openAt(page, locale, pages[1]);
        await page.evaluate(() => {
          window.__speech.spoken.length = 0;
        });
        await button(page, locale, 'read-aloud-start').click();
        await said(page, locale, 'read-aloud-started');
        const spoken = await page.evaluate(() => window.__speech.spoken);
        const mainText = await page.getByRole('main').innerText();
        const squash = (text) => text.replace(/\s+/g, '');
        assert.equal(squash(spoken.map((s) => s.text).join('')), squash(mainText), `${locale}: says what <main> shows`);
        assert.ok(spoken.length > 1, 'in pieces');
        assert.deepEqual([...new Set(spoken.map((s) => s.lang))], [locale], `${locale}: in the page language`);
        assert.deepEqual([...new Set(spoken.map((s) => s.rate))], [1]);

        await button(page, locale, 'read-aloud-pause').click();
        await said(page, locale, 'read-aloud-paused');
        assert.equal(await page.evaluate(() => window.__speech.calls.at(-1)), 'pause');
        await button(page, locale, 'read-aloud-resume').click();
        await said(page, locale, 'read-aloud-resumed');
        assert.equal(await page.evaluate(() => window.__speech.calls.at(-1)), 'resume');

        const slow = button(page, locale, 'read-aloud-slow');
        assert.equal(await slow.getAttribute('aria-pressed'), 'false');
        await slow.click();
        assert.equal(await slow.getAttribute('aria-pressed'), 'true');
        await said(page, locale, 'read-aloud-slow-on');
        const rates = await page.evaluate(() => window.__speech.spoken.map((s) => s.rate));
        assert.ok(Math.abs(rates.at(-1) - 0.7) < 0.01, `restarted slower (${rates.at(-1)})`);
        await slow.click();
        await said(page, locale, 'read-aloud-slow-off');

        await button(page, locale, 'read-aloud-stop').click();
        await said(page, locale, 'read-aloud-stopped');
        assert.equal(await page.evaluate(() => window.__speech.calls.at(-1)), 'cancel');
        const start = button(page, locale, 'read-aloud-start');
        assert.equal(await start.evaluate((el) => el === document.activeElement), true, 'focus returns to Read aloud');
        assert.equal(await button(page, locale, 'read-aloud-stop').count(), 0);
      }

      await button(page, 'en', 'read-aloud-start').click();
      await page.evaluate(() => window.__speech.finish());
      await said(page, 'en', 'read-aloud-finished');
      await button(page, 'en', 'read-aloud-start').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('says so when there is no voice for the language', async () => {
    const { context, page } = await readAloudPage(['en-US']);
    try {
      await openAt(page, 'zh-CN', pages[0]);
      await button(page, 'zh-CN', 'read-aloud-start').click();
      await page.getByText(message('zh-CN', 'read-aloud-no-voice')).waitFor();
      assert.deepEqual(await page.evaluate(() => window.__speech.spoken), []);
      const start = button(page, 'zh-CN', 'read-aloud-start');
      assert.equal(await start.getAttribute('aria-describedby'), 'read-aloud-problem');
    } finally {
      await context.close();
    }
  });

  test('says so when the browser cannot speak', async () => {
    const { context, page, errors } = await readAloudPage(null, 'en');
    try {
      await openAt(page, 'en', pages[0]);
      await button(page, 'en', 'read-aloud-start').click();
      await page.getByText(message('en', 'read-aloud-not-supported')).waitFor();
      await said(page, 'en', 'read-aloud-not-supported');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('pseudo-locale (en-XA)', () => {
  for (const mode of ['normal', 'elderly']) {
    test(`every visible word comes from locales/, in ${mode} mode at 320 px`, async () => {
      const { context, page, errors } = await openPage(session.browser, { locale: 'en', viewport: viewports.narrow });
      try {
        await page.goto('/?pseudo=1');
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), pseudoTag);
        if (mode === 'elderly') {
          await page.getByRole('banner').getByRole('button', { pressed: false }).first().click();
          await page.waitForFunction(() => document.documentElement.dataset.mode === 'elderly');
          await page.getByRole('banner').getByRole('button', { expanded: false }).click();
        }
        for (const spec of pages) {
          await page.goto(`${spec.path}?pseudo=1`);
          await page.getByRole('heading', { level: 1 }).waitFor();
          if (spec.loaded) await page.locator(spec.loaded).first().waitFor();
          if (mode === 'elderly') {
            await page.getByRole('banner').getByRole('button', { expanded: false }).click();
          }
          assert.deepEqual(await untransformedText(page), [], `${spec.name}: text not from locales/`);
          assert.equal(await scrollsSideways(page), false, `${spec.name}: longer words still reflow`);
          const offered = await page.getByRole('navigation').last().getByRole('button').allInnerTexts();
          assert.deepEqual(offered, ['简体中文', '繁體中文', 'English'], 'the switch never offers the pseudo-locale');
        }
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
