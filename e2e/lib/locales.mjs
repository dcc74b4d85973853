// The app's own messages, read from locales/, so tests find elements by the words a
// resident sees in each language.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const locales = ['zh-CN', 'zh-TW', 'en'];

const cache = new Map();

/** The pseudo-locale's transform of one piece of English (frontend/src/pseudo.rs). */
function pseudo(text) {
  if (!text.trim()) return text;
  const lower = 'áƀçðéƒĝĥíĵķļɱñöþǫŕšţüṽŵẋýž';
  const upper = 'ÁƁÇÐÉƑĜĤÍĴĶĻṀÑÖÞǪŔŠŢÜṼŴẊÝŽ';
  const accented = [...text].map((c) => {
    if (c >= 'a' && c <= 'z') return [...lower][c.charCodeAt(0) - 97];
    if (c >= 'A' && c <= 'Z') return [...upper][c.charCodeAt(0) - 65];
    return c;
  });
  const letters = [...text].filter((c) => /\p{L}/u.test(c)).length;
  const wanted = Math.ceil(letters / 5) * 2;
  const filler = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
  let out = `⟦${accented.join('')}`;
  for (let added = 0, i = 0; added < wanted; i += 1) {
    const word = filler[i % filler.length];
    out += ` ${word}`;
    added += word.length + 1;
  }
  return `${out}⟧`;
}

/** Simple `key = value` messages (no placeables or selectors); `en-XA` is the pseudo-locale. */
export function message(locale, key) {
  if (locale === 'en-XA') return pseudo(message('en', key));
  if (!cache.has(locale)) {
    const path = fileURLToPath(new URL(`../../locales/${locale}/main.ftl`, import.meta.url));
    const messages = new Map();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const match = /^([a-z][a-z0-9_-]*) = (.*)$/.exec(line);
      if (match) messages.set(match[1], match[2].trim());
    }
    cache.set(locale, messages);
  }
  const text = cache.get(locale).get(key);
  if (text === undefined) throw new Error(`no message ${key} in ${locale}`);
  return text;
}

/** A message with simple `{ $name }` placeables filled in (no selectors). */
export function format(locale, key, args = {}) {
  return message(locale, key).replace(/\{ \$([a-z_]+) \}/g, (whole, name) => {
    if (!(name in args)) throw new Error(`${key} in ${locale} needs ${name}`);
    return String(args[name]);
  });
}
