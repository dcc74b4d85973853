// Every page works for every resident: with a screen reader or keyboard, in elderly mode
// (长辈模式) with large text and targets, on a 320 px phone, with read-aloud (朗读), and in
// the pseudo-locale that shows any text not taken from locales/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchBrowser, openPage, viewports } from '../lib/browser.mjs';
import { format, locales, message } from '../lib/locales.mjs';
import {
  assertElderlySizes,
  axeEnhancedContrastViolations,
  elderly,
  fakeSpeechSynthesis,
  focusIndicatorProblems,
  focusedStop,
  forcedColoursProblems,
  pseudoTag,
  rawMessageKeys,
  recordModeAtFirstPaint,
  scrollsSideways,
  untransformedText,
} from '../lib/accessibility.mjs';
import {
  admin,
  fileCase,
  openResidentPage,
  prepareContext,
  residentFixtures,
  residentPages,
  residentWords,
} from '../lib/pages.mjs';

let session;
before(async () => {
  session = await launchBrowser();
});

/** The cases, draft and outbox entry every page check shares, made on first use. */
let fixturesMade;
function fixtures() {
  fixturesMade ??= residentFixtures(session.browser);
  return fixturesMade;
}

/** The matrix's outbox entry is held back on purpose (see `prepareContext`). */
function notOurAbortedSend(error) {
  return !/ERR_INTERNET_DISCONNECTED/.test(error);
}
after(async () => {
  await session?.close();
});

/** Three pages of the shell, for the tests below that need only a few; the matrix walks
 * every page a resident can reach (`residentPages`). */
const pages = [
  { name: 'home', path: '/', heading: 'home-heading' },
  { name: 'services', path: '/services', heading: 'services-heading', loaded: 'main h3' },
  { name: 'not-found', path: '/no-such-page', heading: 'not-found-heading' },
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

async function assertPageElderlySizes(page, locale, spec, where) {
  const found = await assertElderlySizes(page, where);
  assert.ok(found.controlsMeasured >= 3, `${where}: measured ${found.controlsMeasured} controls`);
  if (spec.primary) {
    const action = page.getByRole('main').getByRole(spec.primary.role, { name: message(locale, spec.primary.key) });
    const size = parseFloat(await action.evaluate((el) => getComputedStyle(el).fontSize));
    assert.ok(size >= elderly.primaryActionPx, `${where}: primary action ${size}px`);
  }
}

describe('every page, language, mode and width passes axe and reflows', { concurrency: 2 }, () => {
  // One context per combination walks every page (e2e/lib/pages.mjs), each opened with its
  // own state on the device; the cases, draft and outbox entry are made once. Two
  // combinations run at a time (one page each), which keeps both cores busy.
  for (const locale of locales) {
    for (const mode of ['normal', 'elderly']) {
      for (const [width, viewport] of Object.entries(widths)) {
        describe(`${locale}, ${mode} mode, ${width}`, { concurrency: 1 }, () => {
          let opened;
          before(async () => {
            opened = await openPage(session.browser, { locale, viewport });
            await prepareContext(opened.context);
            await openAt(opened.page, locale, pages[0]);
            if (mode === 'elderly') await turnOnElderlyMode(opened.page, locale);
          });
          after(async () => {
            await opened?.context.close();
          });

          for (const spec of residentPages) {
            test(spec.name, async () => {
              const { page, errors } = opened;
              const where = `${spec.name} ${locale} ${mode} ${width}`;
              await openResidentPage(page, spec, await fixtures(), locale);
              assert.equal(await page.locator('h1').count(), 1, `${where}: one h1`);
              assert.equal(await page.getAttribute('html', 'lang'), locale);
              assert.equal(
                await elderlySwitch(page, locale).getAttribute('aria-pressed'),
                String(mode === 'elderly'),
                `${where}: the elderly-mode switch is in the header and says its state`,
              );
              assert.deepEqual(await rawMessageKeys(page), [], `${where}: a message missing from ${locale}`);
              assert.deepEqual(await axeViolations(page), [], `${where}: axe WCAG 2.2 AA`);
              assert.equal(await scrollsSideways(page), false, `${where}: no sideways scrolling`);
              if (mode === 'elderly') {
                assert.deepEqual(await axeEnhancedContrastViolations(page), [], `${where}: AAA contrast`);
                await assertPageElderlySizes(page, locale, spec, where);
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
                await assertPageElderlySizes(page, locale, spec, `${where} with More open`);
              }
              assert.deepEqual(errors.filter(notOurAbortedSend), [], `${where}: no script errors`);
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
  test('focus lands on the h1, and the title changes, after every change of page', async () => {
    const locale = 'zh-TW';
    const { context, page, errors } = await openPage(session.browser, { locale, viewport: viewports.desktop });
    const say = (key) => message(locale, key);
    const nav = () => page.getByRole('navigation', { name: say('nav-label') });
    const main = () => page.getByRole('main');
    const titles = new Set();
    let lastTitle = '';
    /** Waits for a new page whose h1 has focus; returns its heading. */
    async function landed(how, previous) {
      await page.waitForFunction(
        (before) => {
          const h1 = document.querySelector('h1');
          return h1 && h1 === document.activeElement && h1.textContent.trim() !== before;
        },
        previous,
        { timeout: 5_000 },
      ).catch(() => assert.fail(`${how}: focus is not on the new page's h1`));
      const heading = (await page.locator('h1').innerText()).trim();
      await page.waitForFunction((before) => document.title !== before, lastTitle, { timeout: 5_000 })
        .catch(() => assert.fail(`${how}: the title still says "${lastTitle}"`));
      lastTitle = await page.title();
      titles.add(lastTitle);
      return heading;
    }
    try {
      // The first page is a service (its h1 is a PageTitle); then pages of every kind.
      await page.goto('/services/food-safety');
      let h = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
      await main().getByRole('link', { name: say('service-start') }).waitFor();
      lastTitle = await page.title();
      await nav().getByRole('link', { name: say('nav-home') }).click();
      h = await landed('a link in the header to the home page', h);
      await main().getByRole('link', { name: say('home-services-link') }).click();
      h = await landed('a link in the page', h);
      await main().locator('a[href="/services/food-safety"]').click();
      h = await landed('a service in the list', h);
      await page.goBack();
      h = await landed("the browser's back button", h);
      await page.goForward();
      h = await landed("the browser's forward button", h);
      await main().getByRole('link', { name: say('service-start') }).click();
      h = await landed('Start now', h);
      const first = h;
      await main().locator('input:not([type=hidden]), textarea').first().fill('幸福小吃店');
      await main().getByRole('button', { name: say('file-continue') }).click();
      h = await landed('Continue in the filing flow', h);
      await main().getByRole('link', { name: say('journey-back') }).click();
      h = await landed('Back in the filing flow', h);
      assert.equal(h, first, 'Back returns to the question before');
      await page.goBack();
      h = await landed("the browser's back button in the filing flow", h);
      await nav().getByRole('link', { name: say('nav-services') }).click();
      h = await landed('a link in the header to the services', h);
      assert.ok(titles.size >= 5, `each page has its own title: ${[...titles].join(' | ')}`);
      assert.deepEqual(errors, []);
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

  test('high contrast, forced colours and reduced motion keep every page accessible', async () => {
    const locale = 'zh-CN';
    const { context, page } = await openPage(session.browser, { locale, viewport: viewports.narrow });
    try {
      await openAt(page, locale, pages[0]);
      const plain = await page.evaluate(() => ({
        text: getComputedStyle(document.body).color,
        edge: parseFloat(getComputedStyle(document.querySelector('.button, button')).borderTopWidth),
      }));

      const check = async (name) => {
        assert.deepEqual(await axeViolations(page), [], `${name}: axe`);
        assert.equal(await scrollsSideways(page), false, `${name}: no sideways scrolling`);
        const { edgeless, moving } = await forcedColoursProblems(page);
        assert.deepEqual(edgeless, [], `${name}: controls without an edge in forced colours`);
        assert.deepEqual(moving, [], `${name}: motion although reduced motion is asked for`);
      };
      await page.emulateMedia({ contrast: 'more', forcedColors: 'active', reducedMotion: 'reduce' });
      for (const spec of pages) {
        await openAt(page, locale, spec);
        await check(spec.name);
      }
      // And every page of the journeys: forms, choices, errors, the case timeline.
      const f = await fixtures();
      await prepareContext(context);
      for (const spec of residentPages) {
        await openResidentPage(page, spec, f, locale);
        await check(spec.name);
      }
      const { problems, stops } = await focusIndicatorProblems(page);
      assert.deepEqual(problems, [], 'focus stays visible in forced colours');
      assert.ok(stops >= 5);

      await page.emulateMedia({ forcedColors: 'none' });
      await openAt(page, locale, pages[0]);
      const more = await page.evaluate(() => ({
        text: getComputedStyle(document.body).color,
        edge: parseFloat(getComputedStyle(document.querySelector('.button, button')).borderTopWidth),
      }));
      assert.equal(more.text, 'rgb(0, 0, 0)', `more contrast: black text (was ${plain.text})`);
      assert.ok(more.edge > plain.edge, `more contrast: thicker edges (${plain.edge}px → ${more.edge}px)`);
      assert.deepEqual(await axeEnhancedContrastViolations(page), [], 'more contrast reaches AAA');
    } finally {
      await context.close();
    }
  });

  // Each language: Chinese lines break anywhere and wrap differently from English ones.
  for (const locale of locales) test(`the browser text size at 200% doubles the text, and every page still reflows (rem units), in ${locale}`, async () => {
    // 200 % zoom of a 1280 px window leaves 640 CSS px.
    const { context, page, errors } = await openPage(session.browser, { locale, viewport: { width: 640, height: 900 } });
    try {
      const f = await fixtures();
      await prepareContext(context);
      await openAt(page, locale, pages[0]);
      const sizes = () => page.evaluate(() => ({
        body: parseFloat(getComputedStyle(document.body).fontSize),
        h1: parseFloat(getComputedStyle(document.querySelector('h1')).fontSize),
        button: document.querySelector('main .button, main a, header button').getBoundingClientRect().height,
      }));
      const normal = await sizes();
      const cdp = await context.newCDPSession(page);
      // What "Font size: Very large" in the browser's settings does: a larger default size.
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
      await page.reload();
      await page.getByRole('heading', { level: 1 }).waitFor();
      const large = await sizes();
      assert.ok(Math.abs(large.body - 2 * normal.body) < 1, `body text ${normal.body}px → ${large.body}px`);
      assert.ok(Math.abs(large.h1 - 2 * normal.h1) < 1, `h1 ${normal.h1}px → ${large.h1}px`);
      assert.ok(large.button > 1.6 * normal.button, `controls grow with the text (${normal.button}px → ${large.button}px)`);
      for (const spec of residentPages) {
        await openResidentPage(page, spec, f, locale);
        assert.equal(await scrollsSideways(page), false, `${spec.name}: no sideways scrolling with large text`);
      }
      assert.deepEqual(errors.filter(notOurAbortedSend), []);
    } finally {
      await context.close();
    }
  });

  test('the live region says when the city moves a case the resident is looking at', async () => {
    const locale = 'en';
    const { context, page } = await openPage(session.browser, { locale, viewport: viewports.narrow });
    try {
      const f = await fixtures();
      const filed = await fileCase({
        service_code: 'noise-nuisance',
        description: '楼下烧烤店每晚音响很吵',
        location: { address: '人民路 100 号 3 栋' },
        attributes: { noise_source: 'business', time_of_day: 'night' },
      });
      await prepareContext(context);
      await page.goto('/');
      await openResidentPage(page, {
        name: 'a case',
        path: `/cases/${filed.case_id}`,
        storage: () => ({ 'huiyin.my-requests': JSON.stringify([{ ...JSON.parse(f.myRequests)[0], case_id: filed.case_id, query_code: filed.query_code }]) }),
        ready: (p) => p.locator('[aria-current="step"]'),
      }, f, locale);
      await admin(filed.case_id, 'accept');
      const news = format(locale, 'case-news', { stage: message(locale, 'stage-accepted') });
      await page.waitForFunction(
        (text) => [...document.querySelectorAll('[role="status"][aria-live="polite"]')].some((r) => r.textContent.includes(text)),
        news,
        { timeout: 30_000 },
      );
      await page.locator('[aria-current="step"]').filter({ hasText: message(locale, 'stage-accepted') }).waitFor();
    } finally {
      await context.close();
    }
  });

  test('a whole request is filed with the keyboard alone, focus showing at 3:1 at every stop', async () => {
    const locale = 'zh-CN';
    const say = (key) => message(locale, key);
    const { context, page, errors } = await openPage(session.browser, { locale, viewport: viewports.desktop });
    const problems = [];
    let stops = 0;
    let pickers = 0;
    /** Presses `key` until focus is on what `wanted` accepts, checking the indicator at each stop. */
    async function moveTo(wanted, what, key = 'Tab') {
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press(key);
        const stop = await focusedStop(page);
        if (!stop) continue;
        stops += 1;
        if (stop.picker) pickers += 1;
        else if (stop.best < 3) problems.push(`${stop.label}: focus contrast ${stop.best.toFixed(2)}:1`);
        if (wanted(stop)) return stop;
      }
      assert.fail(`${what}: not reached with ${key}`);
    }
    const isButton = (name) => (s) => s.tag === 'button' && s.text === name;
    const h1 = async () => (await page.locator('h1').innerText()).trim();
    async function nextPage(previous) {
      await page.waitForFunction((before) => {
        const h = document.querySelector('h1');
        return h && h.textContent.trim() !== before && document.activeElement === h;
      }, previous);
    }
    try {
      await page.goto('/services/food-safety');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await moveTo((s) => s.tag === 'a' && s.text.replace('›', '').trim() === say('service-start'), 'Start now');
      await page.keyboard.press('Enter');
      for (let step = 0; step < 20; step += 1) {
        await page.getByRole('heading', { level: 1 }).waitFor();
        const title = await h1();
        if (title === say('file-check-heading')) break;
        const m = page.getByRole('main');
        if (await m.locator('input[type=radio]').count()) {
          await moveTo((s) => s.type === 'radio', 'the first choice');
          await page.keyboard.press('Space');
          await page.keyboard.press('ArrowDown');
          const chosen = await focusedStop(page);
          assert.equal(chosen.checked, true, 'an arrow key moves to the next choice and picks it');
        } else if (await m.locator('input[type=checkbox]').count() && title !== say('file-privacy-heading')) {
          await moveTo((s) => s.type === 'checkbox', 'a checkbox');
          await page.keyboard.press('Space');
        } else if (title === say('file-privacy-heading')) {
          await moveTo((s) => s.type === 'checkbox', 'the consent box');
          await page.keyboard.press('Space');
          assert.equal((await focusedStop(page)).checked, true);
        } else if (title === say('file-description-heading')) {
          await moveTo((s) => s.tag === 'textarea', 'the description');
          await page.keyboard.type('用键盘写的：卤味变质');
        } else if (title === say('file-location-heading')) {
          await moveTo((s) => s.tag === 'input' && s.type !== 'checkbox', 'the address');
          await page.keyboard.type('人民路 88 号');
        } else if (await m.locator('input[inputmode=numeric]').count()) {
          // A date (optional here): year, month and day, each box reached with Tab.
          for (const value of ['2026', '11', '20']) {
            await moveTo((s) => s.tag === 'input' && s.inputmode === 'numeric', 'a date box');
            await page.keyboard.type(value);
          }
        } else if (await m.locator('input[type=text], textarea').count()) {
          const field = await moveTo((s) => s.tag === 'textarea' || (s.tag === 'input' && s.type === 'text'), 'the answer');
          await page.keyboard.type(field.inputmode === 'decimal' ? '35.5' : '幸福小吃店');
        }
        // The rest (photos, contact, questions that may be left blank) are passed by.
        await moveTo(isButton(say('file-continue')), `Continue on "${title}"`);
        // Back once with Shift+Tab and forward again: focus order runs both ways.
        await page.keyboard.press('Shift+Tab');
        await moveTo(isButton(say('file-continue')), `Continue again on "${title}"`);
        await page.keyboard.press('Enter');
        await page.waitForFunction(
          (before) => document.querySelector('h1')?.textContent.trim() !== before || document.querySelector('.error-summary'),
          title,
        );
        assert.equal(await page.locator('.error-summary').count(), 0, `${title}: accepted`);
        await nextPage(title);
      }
      assert.equal(await h1(), say('file-check-heading'));
      await moveTo(isButton(say('file-send-button')), 'Send');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: say('receipt-title') }).waitFor();
      assert.deepEqual(problems, [], 'focus is visible at every stop');
      assert.ok(stops > 30, `went through ${stops} stops`);
      assert.ok(pickers <= 2, `only the date field's own calendar button is measured by eye (${pickers})`);
      assert.deepEqual(errors, []);
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
  async function readAloudPage(voices, locale = 'zh-CN', options = {}) {
    const opened = await openPage(session.browser, { locale, viewport: viewports.desktop });
    await opened.page.addInitScript(`(${fakeSpeechSynthesis})(${JSON.stringify(voices)}, ${JSON.stringify(options)})`);
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
          // The choice is kept once its messages have arrived: leaving sooner (as the
          // next line does) would abort their download and the choice with it.
          await page.waitForFunction((tag) => document.documentElement.lang === tag, locale);
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

  test('waits for voices the browser loads late, and reads a journey page in its language', async () => {
    const locale = 'zh-TW';
    const { context, page, errors } = await readAloudPage(['zh-TW', 'en-US'], locale, { loadLate: true });
    try {
      await page.goto('/services/food-safety/file/question-business_name');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await button(page, locale, 'read-aloud-start').click();
      await page.waitForTimeout(300);
      assert.deepEqual(await page.evaluate(() => window.__speech.spoken), [], 'nothing to say it with yet');
      assert.equal(await page.locator('#read-aloud-problem').count(), 0, 'and no "no voice" either: it waits');
      await page.evaluate(() => window.__speech.loadVoices());
      await said(page, locale, 'read-aloud-started');
      const spoken = await page.evaluate(() => window.__speech.spoken);
      const mainText = await page.getByRole('main').innerText();
      const squash = (text) => text.replace(/\s+/g, '');
      assert.equal(squash(spoken.map((s) => s.text).join('')), squash(mainText), 'says what <main> shows');
      assert.ok(mainText.includes(message(locale, 'file-continue')), 'the journey page, with its button');
      assert.deepEqual([...new Set(spoken.map((s) => s.lang))], [locale], 'in the page language');
      assert.equal(await page.getByText(message(locale, 'read-aloud-no-voice')).count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('says so when the browser never has a voice at all', async () => {
    const { context, page } = await readAloudPage(['en-US'], 'en', { loadLate: true });
    try {
      await openAt(page, 'en', pages[0]);
      await button(page, 'en', 'read-aloud-start').click();
      await page.locator('#read-aloud-problem').getByText(message('en', 'read-aloud-no-voice')).waitFor();
      await said(page, 'en', 'read-aloud-no-voice');
      assert.deepEqual(await page.evaluate(() => window.__speech.spoken), []);
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
  // Every page in the pseudo-locale, where each message of the app is accented and marked.
  // Not the app's to translate, so left out: words from the government system (service
  // names, questions, departments, answers), which the app marks with the `lang` they came
  // in; and the resident's own data (what the tests typed, case numbers, query codes).
  for (const mode of ['normal', 'elderly']) {
    test(`every visible word on every page comes from locales/, in ${mode} mode at 320 px`, async () => {
      const { context, page, errors } = await openPage(session.browser, { locale: 'en', viewport: viewports.narrow });
      try {
        const f = await fixtures();
        await prepareContext(context);
        await context.addInitScript(() => localStorage.setItem('huiyin.pseudo', '1'));
        await page.goto('/');
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.equal(await page.getAttribute('html', 'lang'), pseudoTag);
        if (mode === 'elderly') {
          await page.getByRole('banner').getByRole('button', { pressed: false }).first().click();
          await page.waitForFunction(() => document.documentElement.dataset.mode === 'elderly');
        }
        const residentData = [
          ...residentWords,
          f.submitted.case_id,
          f.submitted.query_code,
          f.answered.case_id,
          f.answered.query_code,
        ];
        for (const spec of residentPages) {
          await openResidentPage(page, spec, f, 'en-XA', { pseudo: true });
          if (mode === 'elderly') {
            await page.getByRole('banner').getByRole('button', { expanded: false }).click();
          }
          assert.deepEqual(await untransformedText(page, residentData), [], `${spec.name}: text not from locales/`);
          assert.deepEqual(await rawMessageKeys(page), [], `${spec.name}: a message key instead of words`);
          assert.equal(await scrollsSideways(page), false, `${spec.name}: longer words still reflow`);
          const offered = await page.getByRole('navigation').last().getByRole('button').allInnerTexts();
          assert.deepEqual(offered, ['简体中文', '繁體中文', 'English'], 'the switch never offers the pseudo-locale');
        }
        assert.deepEqual(errors.filter(notOurAbortedSend), []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('language', () => {
  for (const [browser, expected] of [['zh-TW', 'zh-TW'], ['en-US', 'en'], ['zh-HK', 'zh-TW'], ['fr-FR', 'zh-CN']]) {
    test(`a browser speaking ${browser} gets ${expected}, with <html lang> and dir to match`, async () => {
      const { context, page } = await openPage(session.browser, { locale: browser, viewport: viewports.narrow });
      try {
        assert.equal(await page.evaluate(() => navigator.languages[0]), browser);
        await openAt(page, expected, pages[0]);
        assert.equal(await page.getAttribute('html', 'lang'), expected);
        assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
      } finally {
        await context.close();
      }
    });
  }

  test('no language file and no catalogue is fetched: every language is in the app, and the catalogue comes with the page', async () => {
    for (const [browser, tag] of [['en-US', 'en'], ['zh-CN', 'zh-CN']]) {
      const { context, page } = await openPage(session.browser, { locale: browser, viewport: viewports.narrow });
      try {
        // A slow phone link, so that "beside the app" and "after it" are far apart.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 100_000,
        });
        const asked = [];
        let appArrived;
        page.on('request', (r) => {
          const url = new URL(r.url());
          if (/^\/(locales|api)\//.test(url.pathname)) asked.push({ url: url.pathname + url.search, at: Date.now() });
        });
        page.on('requestfinished', (r) => {
          if (r.url().endsWith('.wasm')) appArrived = Date.now();
        });
        const warnings = [];
        page.on('console', (m) => warnings.push(m.text()));
        await openAt(page, tag, pages[0]);
        await page.getByRole('main').getByRole('link').nth(3).waitFor();
        // No /locales/ file: the messages are compiled into the app (frontend/build.rs);
        // the catalogue came with the server's page (issue 19).
        const expected = [];
        assert.deepEqual(asked.map((a) => a.url).sort(), expected.sort(), 'each once: the app uses the preloaded answers');
        for (const { url, at } of asked) {
          assert.ok(appArrived && at < appArrived, `${url} asked for while the app was still downloading`);
        }
        // Chromium's words for a preload nobody asked for (Trunk's own preload of the .wasm
        // draws an unrelated note about `integrity`).
        assert.deepEqual(warnings.filter((w) => /preloaded using link preload but not used/.test(w)), [], 'no unused preload');
      } finally {
        await context.close();
      }
    }
  });

  test('a saved choice wins over the browser, and a switch changes lang, title and words at once', async () => {
    const { context, page } = await openPage(session.browser, { locale: 'zh-TW', viewport: viewports.narrow });
    try {
      await context.addInitScript(() => {
        if (!sessionStorage.getItem('seeded')) {
          sessionStorage.setItem('seeded', '1');
          localStorage.setItem('huiyin.locale', JSON.stringify('en'));
        }
      });
      await openAt(page, 'en', pages[1]);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      const before = await page.title();
      await page.getByRole('button', { name: '简体中文' }).click();
      await page.getByRole('heading', { level: 1, name: message('zh-CN', 'services-heading') }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      assert.notEqual(await page.title(), before);
      await page.reload();
      await openAt(page, 'zh-CN', pages[1]);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN', 'the new choice is remembered');
    } finally {
      await context.close();
    }
  });
});
