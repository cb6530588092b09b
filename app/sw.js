// Segwork's service worker: after one visit the app opens and works with the network off.
//
// Every GET of the page's own origin goes to the network first, and each good answer is
// kept in the cache; when the network fails, the kept answer is served. Once the page has
// started, it sends the list of the files this version is made of (`segworkKeep`, see
// app/boot.js): the worker fetches those it has not kept yet (on a first visit, the ones
// the page loaded before this worker was in control: the page, its start-up script and
// style, the sample, the icons) and drops every file no longer listed, so older versions
// do not pile up. The files a user analyses never pass through here: the page reads them
// from the disk into its own memory.
const CACHE = 'segwork-app';
/** URL → the promise of its answer being kept, while a fetch is under way. */
const inFlight = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The cache key: the address without its query and fragment. */
const key = (url) => {
  const u = new URL(url, self.location.href);
  return u.origin + u.pathname;
};

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(networkFirst(request, event));
});

async function networkFirst(request, event) {
  const url = key(request.url);
  try {
    const response = await fetch(request);
    if (response.status === 200 && response.type === 'basic') {
      const copy = response.clone();
      const kept = caches
        .open(CACHE)
        .then((cache) => cache.put(url, copy))
        .catch(() => {})
        .finally(() => inFlight.delete(url));
      inFlight.set(url, kept);
      event.waitUntil(kept);
    }
    return response;
  } catch (error) {
    const kept = await (await caches.open(CACHE)).match(url);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener('message', (event) => {
  const list = event.data && event.data.segworkKeep;
  if (!Array.isArray(list)) return;
  event.waitUntil(
    keepOnly(list.map(key)).then((missing) => event.source?.postMessage({ segworkKept: list.length, missing })),
  );
});

/** Keeps exactly `urls`: fetches those not kept, drops the others. Returns what failed. */
async function keepOnly(urls) {
  await Promise.allSettled([...inFlight.values()]);
  const cache = await caches.open(CACHE);
  const wanted = new Set(urls);
  for (const request of await cache.keys()) {
    if (!wanted.has(key(request.url))) await cache.delete(request);
  }
  const missing = [];
  for (const url of wanted) {
    if (await cache.match(url)) continue;
    try {
      await cache.add(url);
    } catch {
      missing.push(url);
    }
  }
  return missing;
}
