// Runs in <head>. The page itself comes from the server, rendered in the resident's language
// and display mode (bff/src/pages.rs; the server reads them from cookies). This file does two
// things: it carries choices saved on this device before there were cookies into them, and
// it starts the app once the page has been painted, so the .wasm never competes with the
// page's own words and styles. No inline script: the Content-Security-Policy forbids them.
// The keys and values are the app's (frontend/src/prefs.rs); a unit test there keeps this
// file in step.
(function () {
  'use strict';
  var root = document.documentElement;

  // A saved word, written as JSON by the app ("elderly" in quotes) or plainly by hand.
  function saved(key) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw === null ? null : raw.trim().replace(/^"|"$/g, '');
    } catch (e) {
      // Storage blocked: nothing to carry over.
      return null;
    }
  }
  function cookie(name) {
    var found = document.cookie.split(';').map(function (pair) {
      return pair.trim().split('=');
    }).filter(function (pair) {
      return pair[0] === name;
    })[0];
    return found ? found[1] : null;
  }
  function setCookie(name, value) {
    document.cookie = name + '=' + value + '; Path=/; Max-Age=31536000; SameSite=Lax';
    return cookie(name) === value;
  }

  // A choice saved before the server could read it: written into its cookie, and the page
  // asked for again once (before anything is painted) so it comes in that language and
  // mode. Not at a service window, whose residents' choices end with their turn.
  var atWindow = cookie('__Host-huiyin-window') === '1';
  var carried = false;
  if (!atWindow) {
    var locale = saved('huiyin.locale');
    if (locale && cookie('huiyin-locale') === null && ['zh-CN', 'zh-TW', 'en'].indexOf(locale) !== -1) {
      carried = setCookie('huiyin-locale', locale) || carried;
    }
    var mode = saved('huiyin.mode');
    if (mode && cookie('huiyin-mode') === null && (mode === 'elderly' || mode === 'standard')) {
      carried = setCookie('huiyin-mode', mode) || carried;
    }
    // The test-only pseudo-locale (frontend/src/pseudo.rs).
    if (saved('huiyin.pseudo') === '1' && cookie('huiyin-pseudo') === null) {
      carried = setCookie('huiyin-pseudo', '1') || carried;
    }
  }
  if (carried) {
    window.location.reload();
    return;
  }

  // The app: its JavaScript and .wasm are named by Trunk in <meta name="huiyin-app"> (see
  // Trunk.toml), not preloaded and not started by an inline script. Started after the page's
  // first contentful paint; until then, and if it never starts, the page is the server's
  // HTML, readable, with links that load pages as usual.
  // The page's messages (<meta name="huiyin-messages">, bff/src/messages.rs) are fetched
  // beside the JS and .wasm and handed over in window.huiyinMessages (frontend/src/i18n.rs).
  function startApp() {
    var app = document.querySelector('meta[name="huiyin-app"]');
    if (!app) return;
    var meta = document.querySelector('meta[name="huiyin-messages"]');
    var messages = meta && window.fetch
      ? window.fetch(meta.getAttribute('content')).then(function (response) {
          return response.ok ? response.text() : null;
        }).catch(function () {
          return null;
        })
      : Promise.resolve(null);
    // wasm-bindgen's init takes the response's promise.
    var wasm = app.getAttribute('data-wasm');
    if (window.fetch) {
      wasm = window.fetch(wasm);
      // Its failure is the app's not starting, not also an unhandled rejection.
      wasm.catch(function () {});
    }
    import(app.getAttribute('content')).then(function (bindings) {
      return messages.then(function (text) {
        if (text !== null) window.huiyinMessages = text;
        return bindings.default({ module_or_path: wasm });
      });
    }).catch(function (error) {
      // The page stays the server's, and works as plain HTML.
      console.warn('the app did not start', error);
    });
  }
  // The app hydrates the server's page a part at a time, and swaps each part's hydrated
  // copy in for the server's nodes (frontend/src/hydration.rs). These two keep what a
  // resident typed, ticked and had focused meanwhile, by each element's place among its
  // parent's elements (not nodes: the app takes away the server's comment marks as it
  // hydrates), and put it back after the swap: the words entered again as if typed, so the
  // app sees them.
  function placeOf(node) {
    var path = [];
    while (node !== document.body) {
      var parent = node && node.parentNode;
      if (!parent) return null;
      path.unshift(Array.prototype.indexOf.call(parent.children, node));
      node = parent;
    }
    return path;
  }
  function at(path) {
    var node = document.body;
    for (var i = 0; node && i < path.length; i++) node = node.children[path[i]];
    return node || null;
  }
  function ticks(field) {
    return field.type === 'checkbox' || field.type === 'radio';
  }
  window.huiyinHydration = {
    remember: function () {
      var fields = [];
      Array.prototype.forEach.call(document.querySelectorAll('input, textarea'), function (field) {
        var ticked = ticks(field);
        var changed = ticked ? field.checked !== field.defaultChecked
          : field.type !== 'file' && field.value !== field.defaultValue;
        var path = changed && placeOf(field);
        if (path) fields.push({ path: path, ticked: ticked, value: ticked ? field.checked : field.value });
      });
      var active = document.activeElement;
      return { fields: fields, focus: active && active !== document.body ? placeOf(active) : null };
    },
    restore: function (kept) {
      kept.fields.forEach(function (entered) {
        var field = at(entered.path);
        if (!field || !('value' in field) || ticks(field) !== entered.ticked) return;
        if ((entered.ticked ? field.checked : field.value) === entered.value) return;
        if (entered.ticked) field.checked = entered.value;
        else field.value = entered.value;
        field.dispatchEvent(new Event(entered.ticked ? 'change' : 'input', { bubbles: true }));
      });
      var active = document.activeElement;
      var place = kept.focus && (!active || active === document.body) && at(kept.focus);
      if (place && place.focus) place.focus();
    }
  };

  var started = false;
  function startOnce() {
    if (!started) {
      started = true;
      startApp();
    }
  }
  // A page the app draws itself (the filing steps, the service window: the server sent no
  // content, so nothing would be painted without it) starts it at once.
  // (This file may run after the document was parsed, or even loaded: then at once.)
  function startIfAppless() {
    if (!document.getElementById('app')) startOnce();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', startIfAppless);
  } else {
    startIfAppless();
  }
  function afterLoad(then) {
    if (document.readyState === 'complete') then();
    else window.addEventListener('load', then);
  }
  // The first contentful paint, where the browser reports it (its time is when the frame
  // was shown, so the app is asked for only once it has been)...
  var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (types && types.indexOf('paint') !== -1) {
    var observer = new PerformanceObserver(function (list) {
      if (list.getEntriesByName('first-contentful-paint').length) {
        observer.disconnect();
        window.setTimeout(startOnce, 0);
      }
    });
    observer.observe({ type: 'paint', buffered: true });
    // A tab opened in the background paints nothing until it is shown: then at the latest.
    afterLoad(function () {
      window.setTimeout(startOnce, 3000);
    });
  } else {
    // ...else two frames after the page's load, by when it has been painted.
    afterLoad(function () {
      window.requestAnimationFrame(function () {
        window.requestAnimationFrame(function () {
          window.setTimeout(startOnce, 0);
        });
      });
    });
  }
})();
