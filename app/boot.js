// Starts the page's wasm. Trunk would otherwise inline this as a <script> in index.html,
// which a Content-Security-Policy without 'unsafe-inline' blocks; this file is served from
// the page's own origin instead. The hashed file names come from the tag's data attributes.
const tag = document.querySelector('script[data-segwork-js]');
const { default: init } = await import(tag.dataset.segworkJs);
await init({ module_or_path: tag.dataset.segworkWasm });
