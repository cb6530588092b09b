// Starts the page's wasm. Trunk would otherwise inline this as a <script> in index.html,
// which a Content-Security-Policy without 'unsafe-inline' blocks; this file is served from
// the page's own origin instead. The hashed file names come from the tag's data attributes.
//
// It also installs the service worker (app/sw.js) that keeps the app for offline use: on
// a first visit it waits, briefly, for the worker to take control, so the large files
// that follow (the page's and the analysis worker's wasm) are kept as they load rather
// than fetched twice.
const tag = document.querySelector('script[data-segwork-js]');
const worker = await offlineWorker();
const { default: init } = await import(tag.dataset.segworkJs);
await init({ module_or_path: tag.dataset.segworkWasm });
if (worker) keepForOffline();

/** Registers the service worker; true once it controls the page (or timed out trying). */
async function offlineWorker() {
  if (!('serviceWorker' in navigator) || !location.protocol.startsWith('http')) return false;
  try {
    await navigator.serviceWorker.register('sw.js');
  } catch {
    return false; // e.g. a private window: the app works as before, only not offline
  }
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true });
      setTimeout(resolve, 2000);
    });
  }
  return true;
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
