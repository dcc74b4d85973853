// Runs in <head>, before the stylesheet is applied and before the app loads: puts the
// resident's saved display choices on <html>, so elderly mode is large from the first
// paint and the page has the right language at once. The app keeps them in step afterwards.
// The keys and values are the app's (frontend/src/prefs.rs); a unit test there keeps this
// file in step. No inline script: the Content-Security-Policy forbids them.
(function () {
  'use strict';
  var root = document.documentElement;

  // A saved word, written as JSON by the app ("elderly" in quotes) or plainly by hand.
  function saved(key) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw === null ? null : raw.trim().replace(/^"|"$/g, '');
    } catch (e) {
      // Storage blocked: keep the defaults.
      return null;
    }
  }

  if (saved('huiyin.mode') === 'elderly') {
    root.setAttribute('data-mode', 'elderly');
  }

  var locales = ['zh-CN', 'zh-TW', 'en'];
  var locale = saved('huiyin.locale');
  var pseudo = /[?&]pseudo=1(&|$)/.test(window.location.search) || saved('huiyin.pseudo') === '1';
  if (pseudo) {
    root.setAttribute('lang', 'en-XA');
  } else if (locales.indexOf(locale) !== -1) {
    root.setAttribute('lang', locale);
  }
})();
