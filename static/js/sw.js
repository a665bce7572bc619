/* Lên Sàn's service worker, served at /sw.js (app/offline/views.py puts self.LENSAN above:
   the version, the static files to keep, the shell and fallback pages).

   - The app's static files are kept at install, one cache per version.
   - The members' pages that matter without signal (the shell /m/, a batch page, its event
     forms, the page choosing the kind and the form itself) are fetched from the network when
     there is signal and kept; without signal the kept
     copy answers, or the fallback page says the page was not kept.
   - Nothing but GET is touched: forms and the sending of waiting records go to the network. */
"use strict";

var SETTINGS = self.LENSAN;
var ASSETS = "lensan-assets-" + SETTINGS.version;
var PAGES = "lensan-pages";
var KEPT = [
  /^\/m\/$/, /^\/trace\/batches\/\d+$/, /^\/trace\/batches\/\d+\/events\/new$/,
  /^\/trace\/batches\/new$/
];
var BATCH = /^\/trace\/batches\/\d+$/;
var EVENT_NEW = /^\/trace\/batches\/\d+\/events\/new$/;

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(ASSETS).then(function (cache) { return cache.addAll(SETTINGS.assets); }),
    caches.open(PAGES).then(function (cache) {
      return Promise.all([SETTINGS.shell, SETTINGS.fallback].map(function (path) {
        return keepPage(cache, path);
      }));
    })
  ]).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("lensan-assets-") === 0 && name !== ASSETS;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Pages worth keeping; the batch form only for a product named (offline.js needs it). */
function kept(url) {
  if (url.pathname === "/trace/batches/new" && !/^\d+$/.test(url.searchParams.get("product"))) {
    return false;
  }
  return KEPT.some(function (pattern) { return pattern.test(url.pathname); });
}

/* Fetch and keep a page when it answers itself (not a redirect to the sign-in page). */
function keepPage(cache, path, as) {
  return fetch(path, { credentials: "same-origin" }).then(function (response) {
    if (response.ok && !response.redirected) { return cache.put(as || path, response); }
  }).catch(function () { return undefined; });
}

/* The key a page is kept under: an event form is kept once per batch whatever its kind
   (?kind=… ; offline.js sets the kind from the address), apart from the page choosing it. */
function key(url) {
  if (EVENT_NEW.test(url.pathname) && url.searchParams.has("kind")) {
    return url.pathname + "?form";
  }
  if (url.pathname === "/trace/batches/new" && /^\d+$/.test(url.searchParams.get("product"))) {
    return url.pathname + "?product=" + url.searchParams.get("product");  /* a product's form */
  }
  return url.pathname;
}

/* A batch seen with signal: keep the pages to record its events later without signal (those
   not kept yet; each is kept fresh whenever it is opened with signal). */
function keepBatch(cache, batchPath) {
  var chooser = batchPath + "/events/new";
  return Promise.all([[chooser, chooser], [chooser + "?form", chooser + "?kind=other"]]
    .map(function (pair) {
      return cache.match(pair[0]).then(function (found) {
        return found ? undefined : keepPage(cache, pair[1], pair[0]);
      });
    }));
}

function page(event, url) {
  var path = url.pathname;
  return fetch(event.request).then(function (response) {
    if (kept(url) && response.ok && !response.redirected) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.put(key(url), copy).then(function () {
          return BATCH.test(path) ? keepBatch(cache, path) : undefined;
        });
      }));
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(key(url), { ignoreVary: true }).then(function (found) {
        return found || cache.match(SETTINGS.fallback, { ignoreVary: true });
      });
    });
  });
}

function asset(event) {
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(event.request, { ignoreVary: true }).then(function (found) {
      return found || fetch(event.request);
    });
  });
}

/* The shell (/m/), with signal, asks to keep the batches it lists; signing out, to forget. */
self.addEventListener("message", function (event) {
  if (event.data && event.data.forget) {  /* signing out: this account's pages go */
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  var batches = (event.data && event.data.keep) || [];
  var pages = ((event.data && event.data.pages) || []).filter(function (page) {
    var url = new URL(page, self.location.origin);
    return url.origin === self.location.origin && kept(url);
  });
  event.waitUntil(caches.open(PAGES).then(function (cache) {
    return Promise.all(batches.filter(function (path) { return BATCH.test(path); })
      .map(function (path) { return keepBatch(cache, path); })
      .concat(pages.map(function (page) {
        var as = key(new URL(page, self.location.origin));
        return cache.match(as).then(function (found) {
          return found ? undefined : keepPage(cache, page, as);
        });
      })));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(event));
  }
});
