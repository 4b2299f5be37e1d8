// Postscope's service worker: keeps the built site for use with the network
// off. scripts/site.py writes dist/sw.js from this file, with VERSION (a hash
// of every built file, so each new build is a new worker and a new cache)
// and FILES (every file of the build). Nothing but the site's own files is
// ever fetched or kept.
const VERSION = '__VERSION__';
const FILES = __FILES__;
// Files fetched only when the page asks for them (the Chinese font): kept once fetched.
const LAZY = __LAZY__;
const CACHE = `postscope-${VERSION}`;

self.addEventListener('install', (event) => {
  // cache: 'reload' so the new build's files come from the server, not an HTTP cache.
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // The old builds' caches go: only this build's files are kept.
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('postscope-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // A page (the site's folder, index.html, with or without a #link) is the cached index.html.
    const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : request;
    const hit = await cache.match(key, { ignoreSearch: true });
    if (hit) return hit;
    const response = await fetch(request);
    if (response.ok && LAZY.some((f) => url.pathname.endsWith(`/${f}`))) await cache.put(request, response.clone());
    return response;
  })());
});
