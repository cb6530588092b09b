// Starts the page's wasm. Trunk would otherwise inline this as a <script> in index.html,
// which a Content-Security-Policy without 'unsafe-inline' blocks; this file is served from
// the page's own origin instead. The hashed file names come from the tag's data attributes.
//
// It also installs the service worker (app/sw.js) that keeps the app for offline use. The
// page does not wait for it: on a first visit the files that load before it takes control
// are fetched once more by the service worker afterwards (see keepForOffline), which costs
// a little bandwidth once rather than delaying the first paint of every first visit.
const tag = document.querySelector('script[data-segwork-js]');
const worker = offlineWorker();
const { default: init } = await import(tag.dataset.segworkJs);
await init({ module_or_path: tag.dataset.segworkWasm });
if (await worker) keepForOffline();

/** Registers the service worker; true once registered. */
async function offlineWorker() {
  if (!('serviceWorker' in navigator) || !location.protocol.startsWith('http')) return false;
  try {
    await navigator.serviceWorker.register('sw.js');
    return true;
  } catch {
    return false; // e.g. a private window: the app works as before, only not offline
  }
}

/**
 * Once the page is up, tells the service worker which files this version is made of, and
 * marks the page `data-offline="ready"` when it has kept them all.
 */
function keepForOffline() {
  const files = ['worker.js', 'worker_bg.wasm', 'sample.xlsx', 'manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png'];
  const send = async () => {
    const registration = await navigator.serviceWorker.ready;
    const here = location.origin + location.pathname;
    const loaded = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.startsWith(location.origin) && !url.endsWith('/sw.js'));
    const list = [here, ...loaded, ...files.map((name) => new URL(name, location.href).href)];
    navigator.serviceWorker.addEventListener('message', (event) => {
      if (event.data?.segworkKept) {
        document.documentElement.dataset.offline = event.data.missing.length ? 'partial' : 'ready';
      }
    });
    registration.active?.postMessage({ segworkKeep: [...new Set(list)] });
  };
  // After the analysis worker has started loading its code, so that comes through the
  // service worker (and is kept) rather than being fetched a second time.
  setTimeout(() => send().catch(() => {}), 1000);
}
