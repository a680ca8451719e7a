// The installed app's worker: the offline page instead of the browser's error. Pages are
// never cached: they hold the freelancer's records.
"use strict";
var CACHE = "tracker-{{ version }}";
var OFFLINE = "{{ offline|escapejs }}";
var ASSETS = [{% for asset in assets %}"{{ asset|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("tracker-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE); }));
    return;
  }
  var path = new URL(request.url).pathname;
  if (new URL(request.url).origin === self.location.origin && ASSETS.indexOf(path) !== -1) {
    event.respondWith(caches.match(request).then(function (kept) { return kept || fetch(request); }));
  }
});
