// The app's own messages, read from locales/, so tests find elements by the words a
// resident sees in each language.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const locales = ['zh-CN', 'zh-TW', 'en'];

const cache = new Map();

/** Simple `key = value` messages (no placeables or selectors). */
export function message(locale, key) {
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
