// Measurements behind the accessibility tests: elderly-mode sizes, reflow, the pseudo-locale
// and stand-ins for the browser's speech synthesis. Each runs in the page and returns what
// it found wrong, so a failing assertion says which element and why.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

/** What elderly mode (长辈模式) promises, in CSS pixels and contrast ratios. */
export const elderly = {
  bodyTextPx: 24,
  headingPx: 40,
  primaryActionPx: 40,
  lineHeightRatio: 1.5,
  paragraphSpacingRatio: 1.3,
  targetPx: 60,
  /** Edges and fills of controls against what is behind them (text is axe's job). */
  controlContrast: 4.5,
};

/** WCAG AAA text contrast (7:1), checked in elderly mode on top of the AA scan. */
export async function axeEnhancedContrastViolations(page) {
  const results = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    help: v.help,
    targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
  }));
}

/** True when the page is wider than the window (WCAG 1.4.10 reflow). */
export async function scrollsSideways(page) {
  return page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
}

/**
 * What forced colours (Windows High Contrast) and reduced motion break, as the page is
 * now: `edgeless` controls (the system removes backgrounds, so a control must keep an
 * edge; native check boxes and radio buttons are drawn by the system, edge included, and a
 * file input's edge is its choose-files button's) and `moving` elements (an animation, a
 * transition or smooth scrolling). Call it with both emulated.
 */
export async function forcedColoursProblems(page) {
  return page.evaluate(() => {
    const edgeless = [...document.querySelectorAll('button, .button, input, select, textarea')]
      .filter((el) => el.getBoundingClientRect().width > 1 && !el.closest('[hidden], .visually-hidden'))
      .filter((el) => !(['checkbox', 'radio'].includes(el.type) && getComputedStyle(el).appearance !== 'none'))
      .map((el) => [el, getComputedStyle(el, el.type === 'file' ? '::file-selector-button' : null)])
      .filter(([, style]) => style.borderTopStyle === 'none' || parseFloat(style.borderTopWidth) < 1)
      .map(([el]) => `${el.tagName} ${(el.innerText || el.id).slice(0, 20)}`);
    const moving = [...document.querySelectorAll('*')]
      .filter((el) => {
        const style = getComputedStyle(el);
        return style.animationName !== 'none'
          || style.transitionDuration.split(',').some((d) => parseFloat(d) > 0)
          || style.scrollBehavior === 'smooth';
      })
      .map((el) => el.tagName);
    return { edgeless, moving };
  });
}

/**
 * Everything on screen that breaks elderly mode's promises. Links inside running text (a
 * paragraph or list item with more words than the link) are left out of the target-size
 * check, as WCAG 2.5.5 and 2.5.8 exempt them; the app's own links stand alone. A control
 * drawn with an edge or a fill must show it at `controlContrast` against what is behind
 * it; one drawn as text alone (a plain link) is covered by the text contrast checks.
 */
export async function elderlyModeProblems(page, thresholds = elderly) {
  return page.evaluate((t) => {
    const slack = 0.5; // sub-pixel rounding
    const shown = (el) => {
      if (el.closest('[hidden], .visually-hidden')) return false;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 1 && box.height > 1;
    };
    const name = (el) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
      const text = (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
    };
    const px = (value) => parseFloat(value);

    const withText = [...document.body.querySelectorAll('*')].filter(
      (el) => shown(el) && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()),
    );
    const smallText = withText
      .filter((el) => px(getComputedStyle(el).fontSize) < t.bodyTextPx - slack)
      .map((el) => `${name(el)} ${getComputedStyle(el).fontSize}`);
    const tightLines = withText
      .filter((el) => {
        const style = getComputedStyle(el);
        // `normal` is not a number: it fails, as its size depends on the font.
        return !(px(style.lineHeight) >= t.lineHeightRatio * px(style.fontSize) - slack);
      })
      .map((el) => `${name(el)} ${getComputedStyle(el).lineHeight} / ${getComputedStyle(el).fontSize}`);

    const paragraphs = [...document.querySelectorAll('main p')].filter(
      (p) => shown(p) && p.nextElementSibling && shown(p.nextElementSibling),
    );
    const crampedParagraphs = paragraphs
      .filter((p) => {
        const style = getComputedStyle(p);
        return px(style.marginBottom) < t.paragraphSpacingRatio * px(style.lineHeight) - slack;
      })
      .map((p) => `${name(p)} margin ${getComputedStyle(p).marginBottom}, line ${getComputedStyle(p).lineHeight}`);

    const inRunningText = (el) => {
      if (el.tagName !== 'A') return false;
      const block = el.parentElement?.closest('p, li, td, dd, figcaption');
      return !!block && block.textContent.trim().length > el.textContent.trim().length;
    };
    const controls = [
      ...document.querySelectorAll(
        'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])',
      ),
    ].filter((el) => shown(el) && !inRunningText(el));
    const smallTargets = controls
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width < t.targetPx - slack || box.height < t.targetPx - slack;
      })
      .map((el) => {
        const box = el.getBoundingClientRect();
        return `${name(el)} ${box.width.toFixed(1)}×${box.height.toFixed(1)}`;
      });

    const rgb = (text) =>
      [...text.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => m[1].split(',').map((v) => parseFloat(v)));
    const opaque = (c) => c && (c[3] ?? 1) > 0;
    const linear = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    const contrast = (a, b) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const behind = (el) => {
      for (let n = el.parentElement; n; n = n.parentElement) {
        const [colour] = rgb(getComputedStyle(n).backgroundColor);
        if (opaque(colour)) return colour;
      }
      return [255, 255, 255];
    };
    const faintControls = controls
      .map((el) => {
        const style = getComputedStyle(el);
        const drawn = [];
        if (style.borderTopStyle !== 'none' && px(style.borderTopWidth) >= 1) drawn.push(...rgb(style.borderTopColor));
        drawn.push(...rgb(style.backgroundColor));
        const visible = drawn.filter(opaque);
        if (!visible.length) return null;
        const best = Math.max(...visible.map((c) => contrast(c, behind(el))));
        return best < t.controlContrast ? `${name(el)} edge ${best.toFixed(2)}:1` : null;
      })
      .filter(Boolean);

    return {
      bodyFontPx: px(getComputedStyle(document.body).fontSize),
      h1FontPx: px(getComputedStyle(document.querySelector('h1')).fontSize),
      smallText,
      tightLines,
      crampedParagraphs,
      smallTargets,
      faintControls,
      controlsMeasured: controls.length,
    };
  }, thresholds);
}

/**
 * Asserts elderly mode's promises on the page as it is shown now (sizes, line and paragraph
 * spacing, targets, control edges); `where` names the page in a failure. Answers what was
 * measured, for checks of a page's own.
 */
export async function assertElderlySizes(page, where) {
  const found = await elderlyModeProblems(page);
  assert.ok(found.bodyFontPx >= elderly.bodyTextPx, `${where}: body text ${found.bodyFontPx}px`);
  assert.ok(found.h1FontPx >= elderly.headingPx, `${where}: h1 ${found.h1FontPx}px`);
  assert.deepEqual(found.smallText, [], `${where}: text under ${elderly.bodyTextPx}px`);
  assert.deepEqual(found.tightLines, [], `${where}: line height under ${elderly.lineHeightRatio}`);
  assert.deepEqual(found.crampedParagraphs, [], `${where}: paragraphs too close`);
  assert.deepEqual(found.smallTargets, [], `${where}: targets under ${elderly.targetPx}×${elderly.targetPx}px`);
  assert.deepEqual(found.faintControls, [], `${where}: control edges under ${elderly.controlContrast}:1`);
  return found;
}

/** The pseudo-locale's marks (frontend/src/pseudo.rs): every app message carries one. */
export const pseudoMarks = ['⟦', '⟧'];
export const pseudoTag = 'en-XA';

/**
 * Visible text and accessible names that did not go through the pseudo-locale. Text
 * marked with another `lang` (the government system's own words, the language names) is
 * not the app's to translate and is left out, and so is text without letters (numbers,
 * dates) and `residentData`: what the resident typed, case numbers, query codes.
 */
export async function untransformedText(page, residentData = []) {
  return page.evaluate(
    ({ marks, tag, data }) => {
      const appWords = (el) => el.closest('[lang]')?.getAttribute('lang') === tag;
      const marked = (text) => marks.some((m) => text.includes(m));
      const shown = (el) => {
        if (el.closest('[hidden]')) return false;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
      };
      const problems = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        const el = node.parentElement;
        if (!text || !el || !shown(el) || !appWords(el)) continue;
        // Numbers, dates and times carry no words; the resident's own data is theirs.
        if (!/\p{L}/u.test(text) || data.some((d) => text.includes(d) || d.includes(text))) continue;
        if (!marked(text)) problems.push(`text "${text}" in <${el.tagName.toLowerCase()}>`);
      }
      for (const el of document.querySelectorAll('[aria-label]')) {
        const label = el.getAttribute('aria-label');
        if (appWords(el) && !marked(label)) problems.push(`aria-label "${label}"`);
      }
      if (!marked(document.title)) problems.push(`title "${document.title}"`);
      return problems;
    },
    { marks: pseudoMarks, tag: pseudoTag, data: residentData },
  );
}

/**
 * Runs before the page's own scripts: notes `<html data-mode>` and the body's font size
 * when the document is parsed and when the app puts its page on the screen (its
 * `<main id="main">`; the first-paint shell before it is checked in first-paint.test.mjs). A
 * MutationObserver callback runs before the browser paints, so "elderly at first content"
 * means the app never showed small text.
 */
export function recordModeAtFirstPaint() {
  const snapshot = () => ({
    mode: document.documentElement.dataset.mode ?? null,
    appRendered: !!document.getElementById('main'),
    bodyFontSize: document.body ? getComputedStyle(document.body).fontSize : null,
  });
  document.addEventListener('DOMContentLoaded', () => {
    window.__atDomContentLoaded = snapshot();
  });
  const observer = new MutationObserver(() => {
    if (document.getElementById('main')) {
      window.__atFirstContent = snapshot();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

/**
 * Replaces the browser's speech synthesis with a recorder before the page loads. `voices`
 * are the languages it claims to speak (with `loadLate`, only once the test calls
 * `__speech.loadVoices()`); `null` removes speech synthesis altogether. The
 * first queued utterance "starts" and stays on until `window.__speech.finish()` ends them
 * all, so a test can pause, resume and stop in between.
 */
export function fakeSpeechSynthesis(voices, { loadLate = false } = {}) {
  if (voices === null) {
    Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    return;
  }
  const synthesis = window.speechSynthesis;
  const queue = [];
  const record = { spoken: [], calls: [] };
  const startNext = () => {
    const next = queue[0];
    if (next && !next.__started) {
      next.__started = true;
      setTimeout(() => next.dispatchEvent(new Event('start')), 0);
    }
  };
  record.finish = () => {
    while (queue.length) queue.shift().dispatchEvent(new Event('end'));
  };
  window.__speech = record;
  // Like Chromium, the list may be empty at first and come later with `voiceschanged`:
  // with `loadLate`, only when the test calls `__speech.loadVoices()`.
  let loaded = !loadLate;
  record.loadVoices = () => {
    loaded = true;
    synthesis.dispatchEvent(new Event('voiceschanged'));
  };
  synthesis.getVoices = () =>
    (loaded ? voices : []).map((lang) => ({
      lang,
      name: `Test voice ${lang}`,
      voiceURI: `test-${lang}`,
      localService: true,
      default: false,
    }));
  synthesis.speak = (utterance) => {
    record.spoken.push({ text: utterance.text, lang: utterance.lang, rate: utterance.rate });
    queue.push(utterance);
    startNext();
  };
  synthesis.cancel = () => {
    record.calls.push('cancel');
    queue.length = 0;
  };
  synthesis.pause = () => record.calls.push('pause');
  synthesis.resume = () => record.calls.push('resume');
}

/**
 * Tabs through the page and, at each stop, checks that focus is drawn (an outline of at
 * least 2 px, a ring or a changed background) in a colour with at least 3:1 contrast
 * against what is behind the control (WCAG 2.4.7, 1.4.11). Returns the stops that fail.
 */
export async function focusIndicatorProblems(page, { maxStops = 40 } = {}) {
  // Start from the top of the page, wherever focus was.
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  const problems = [];
  const seen = new Set();
  for (let i = 0; i < maxStops; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await focusedStop(page);
    if (!stop || seen.has(stop.key)) break;
    seen.add(stop.key);
    if (stop.best < 3) problems.push(`${stop.label}: focus contrast ${stop.best.toFixed(2)}:1`);
  }
  return { problems, stops: seen.size };
}

/**
 * Visible text that is a bare message key (`file-continue`): what Fluent shows when a
 * locale lacks a message the code asks for. Checked in every locale on every page.
 */
export async function rawMessageKeys(page) {
  return page.evaluate(() => {
    const key = /^[a-z][a-z0-9]*(-[a-z0-9_]+)+$/;
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (key.test(node.textContent.trim())) found.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const attr of ['aria-label', 'title', 'placeholder']) {
        const value = el.getAttribute(attr);
        if (value && key.test(value.trim())) found.push(`${attr}="${value}"`);
      }
    }
    if (key.test(document.title.trim())) found.push(`title ${document.title}`);
    return found;
  });
}

/**
 * Where focus is, and how well it shows: the best contrast (against what is behind the
 * control) of its outline of 2 px or more, its ring (box-shadow) or its own background.
 */
export async function focusedStop(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const rgb = (text) =>
      [...text.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => m[1].split(',').map((v) => parseFloat(v)));
    const linear = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ([r, g, b]) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    const contrast = (a, b) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    let behind = [255, 255, 255];
    for (let n = el.parentElement; n; n = n.parentElement) {
      const [colour] = rgb(getComputedStyle(n).backgroundColor);
      if (colour && (colour[3] ?? 1) > 0) {
        behind = colour;
        break;
      }
    }
    // A date field's calendar button is a stop of its own inside the browser's control:
    // the browser draws its ring there (dark, around the icon), out of the page's reach.
    const picker = el.matches('input[type^=date], input[type=time]') && !el.matches(':focus');
    const style = getComputedStyle(el);
    const colours = [];
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) colours.push(...rgb(style.outlineColor));
    if (style.boxShadow !== 'none') colours.push(...rgb(style.boxShadow));
    const [own] = rgb(style.backgroundColor);
    if (own && (own[3] ?? 1) > 0) colours.push(own);
    const best = Math.max(0, ...colours.filter((c) => (c[3] ?? 1) > 0).map((c) => contrast(c, behind)));
    const label = el.labels?.[0]?.innerText || el.getAttribute('aria-label') || '';
    const text = (el.innerText || label || el.id || '').trim().slice(0, 30);
    return {
      key: `${el.tagName} ${text} ${el.getBoundingClientRect().top}`,
      label: `${el.tagName.toLowerCase()} "${text}"`,
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      text: (el.innerText || '').trim(),
      checked: el.checked ?? null,
      required: el.required ?? false,
      inputmode: el.getAttribute('inputmode'),
      picker,
      best,
    };
  });
}
