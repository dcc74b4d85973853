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

  // The browser's language as the app negotiates it (api/src/locale.rs, Locale::negotiate).
  function negotiate(tag) {
    tag = String(tag).trim().toLowerCase().replace(/_/g, '-');
    if (tag === 'en' || tag.indexOf('en-') === 0) return 'en';
    if (tag === 'zh' || tag.indexOf('zh-') === 0) {
      return /-(hant|tw|hk|mo)/.test(tag) ? 'zh-TW' : 'zh-CN';
    }
    return null;
  }
  function browserLocale() {
    var tags = (navigator.languages || []).concat([navigator.language]);
    for (var i = 0; i < tags.length; i += 1) {
      var found = tags[i] && negotiate(tags[i]);
      if (found) return found;
    }
    return null;
  }

  // Preloaded, an answer the app asks for once it runs downloads beside the app instead of
  // after it. `crossorigin` makes it the same request as the app's own fetch, so it is
  // used, not fetched twice. (Every language's messages are in the app.)
  function preload(href) {
    var link = document.createElement('link');
    link.rel = 'preload';
    link.as = 'fetch';
    link.crossOrigin = 'anonymous';
    link.href = href;
    document.head.appendChild(link);
  }
  var speaks = pseudo ? 'en' : locales.indexOf(locale) !== -1 ? locale : browserLocale() || 'zh-CN';
  // The page is in the language the app will show, from the first paint: the first-paint
  // shell (xtask/src/shell.rs) shows the copy whose lang matches. The pseudo-locale has no
  // copy, so nothing shows before the app there.
  root.setAttribute('lang', pseudo ? 'en-XA' : speaks);
  // The home page (most used services) and the services page draw their main content from
  // the catalogue: asked for here, it arrives with the app rather than one round trip after
  // it (the same URL as frontend/src/api_client.rs `services`).
  var path = window.location.pathname;
  if (path === '/' || path === '/services') {
    preload('/api/services?locale=' + speaks);
  }

  // Which heading the first-paint shell shows (the app's routes, frontend/src/app.rs); other
  // pages show its header only, and the service window (/window) none of it.
  var pages = { '/': 'home', '/services': 'services', '/track': 'track', '/my-requests': 'my-requests' };
  var caseId = /^\/cases\/([0-9A-Za-z-]{1,64})$/.exec(path);
  var page = pages[path] || (caseId ? 'case' : path === '/window' || path.indexOf('/window/') === 0 ? null : 'other');
  if (page) {
    root.setAttribute('data-shell-page', page);
  }
  // The case number is in the address, not in the built page: written in once the page has
  // been read, which is before it is first painted.
  if (caseId) {
    document.addEventListener('readystatechange', function fill() {
      document.removeEventListener('readystatechange', fill);
      var spots = document.querySelectorAll('.shell__case-id');
      for (var i = 0; i < spots.length; i += 1) {
        spots[i].textContent = caseId[1];
      }
    });
  }
})();
