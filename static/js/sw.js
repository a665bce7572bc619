/* Lên Sàn's service worker, served at /sw.js (app/offline/views.py puts self.LENSAN above:
   the version, the static files to keep, the shell and fallback pages).

   - The app's static files are kept at install, one cache per version.
   - The members' pages that matter without signal (the shell /m/, a batch page, its event
     form) are fetched from the network when there is signal and kept; without signal the kept
     copy answers, or the fallback page says the page was not kept.
   - Nothing but GET is touched: forms and the sending of waiting records go to the network. */
"use strict";

var SETTINGS = self.LENSAN;
var ASSETS = "lensan-assets-" + SETTINGS.version;
var PAGES = "lensan-pages";
var KEPT = [/^\/m\/$/, /^\/trace\/batches\/\d+$/, /^\/trace\/batches\/\d+\/events\/new$/];
var BATCH = /^\/trace\/batches\/(\d+)$/;

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

function kept(path) {
  return KEPT.some(function (pattern) { return pattern.test(path); });
}

/* Fetch and keep a page when it answers itself (not a redirect to the sign-in page). */
function keepPage(cache, path) {
  return fetch(path, { credentials: "same-origin" }).then(function (response) {
    if (response.ok && !response.redirected) { return cache.put(path, response); }
  }).catch(function () { return undefined; });
}

/* A batch page seen with signal: keep its event form too, so events can be recorded on it
   later without signal (once; the form is kept fresh whenever it is opened with signal). */
function keepEventForm(cache, path) {
  var match = BATCH.exec(path);
  if (!match) { return Promise.resolve(); }
  var form = path + "/events/new";
  return cache.match(form).then(function (found) {
    return found ? undefined : keepPage(cache, form);
  });
}

function page(event, url) {
  var path = url.pathname;
  return fetch(event.request).then(function (response) {
    if (kept(path) && response.ok && !response.redirected) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.put(path, copy).then(function () { return keepEventForm(cache, path); });
      }));
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(path, { ignoreVary: true }).then(function (found) {
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
