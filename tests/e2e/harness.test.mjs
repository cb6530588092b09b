// Tests of the test support code itself (tests/support/*), against a tiny site generated
// into a temporary directory, so the e2e tests of the app can trust their tools.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { serve } from '../support/server.mjs';
import { launch, screenshot } from '../support/browser.mjs';
import { dropFile, pickFile } from '../support/drop.mjs';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>harness</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="style.css"></head>
<body>
<div data-testid="drop-zone" id="zone">drop here</div>
<input type="file" id="picker">
<pre id="file-info"></pre>
<pre id="worker-info"></pre>
<script type="module">
  async function describe(file) {
    const bytes = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsArrayBuffer(file);
    });
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    document.getElementById('file-info').textContent =
      JSON.stringify({ name: file.name, size: bytes.byteLength, type: file.type, sha256: hex });
  }
  const zone = document.getElementById('zone');
  zone.addEventListener('dragover', (e) => e.preventDefault());
  zone.addEventListener('drop', (e) => { e.preventDefault(); describe(e.dataTransfer.files[0]); });
  document.getElementById('picker').addEventListener('change', (e) => describe(e.target.files[0]));
  window.startWorker = () => {
    const worker = new Worker('./worker.js');
    worker.onmessage = (e) => { document.getElementById('worker-info').textContent = e.data; };
  };
  console.log('harness page ready');
</script>
</body></html>
`;

const WORKER_JS = `fetch('./from-worker.txt?via=worker')
  .then((r) => r.text())
  .then((t) => postMessage('worker read: ' + t.trim()));
`;

const EXPECTED_TYPES = {
  'index.html': 'text/html',
  'worker.js': 'text/javascript',
  'module.mjs': 'text/javascript',
  'style.css': 'text/css',
  'tiny.wasm': 'application/wasm',
  'data.xlsx': XLSX_MIME,
  'data.csv': 'text/csv',
};

let dir;
let server;
let session;

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const fileInfo = async (page) => {
  await page.waitForFunction(() => document.getElementById('file-info').textContent !== '');
  return JSON.parse(await page.locator('#file-info').textContent());
};
const rawGet = (url, rawPath) =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = httpRequest({ hostname, port, path: rawPath }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'segwork-harness-'));
  await writeFile(path.join(dir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(dir, 'worker.js'), WORKER_JS);
  await writeFile(path.join(dir, 'module.mjs'), 'export const x = 1;\n');
  await writeFile(path.join(dir, 'style.css'), 'body { font-family: sans-serif; }\n');
  await writeFile(path.join(dir, 'from-worker.txt'), 'hello from the server\n');
  // The 8-byte header of an empty wasm module.
  await writeFile(path.join(dir, 'tiny.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  // Larger than one transfer chunk of dropFile, and random so any corruption shows.
  await writeFile(path.join(dir, 'data.xlsx'), randomBytes(7 * 1024 * 1024 + 123));
  await writeFile(path.join(dir, 'data.csv'), 'Customer ID,Quantity\n1,2\n');
  server = await serve(dir);
  session = await launch();
});

after(async () => {
  await session?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('static server', () => {
  for (const [file, type] of Object.entries(EXPECTED_TYPES)) {
    test(`serves ${file} as ${type}`, async () => {
      const res = await fetch(new URL(file, server.url));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type').split(';')[0], type);
      const body = Buffer.from(await res.arrayBuffer());
      assert.deepEqual(body, await readFile(path.join(dir, file)));
    });
  }

  test('serves index.html for the root and 404 for missing files', async () => {
    const root = await fetch(server.url);
    assert.equal(root.status, 200);
    assert.match(await root.text(), /data-testid="drop-zone"/);
    assert.equal((await fetch(new URL('no-such-file.js', server.url))).status, 404);
  });

  test('serves a precompressed copy when asked to and the client accepts it', async () => {
    const text = 'compressed on the server, once\n'.repeat(50);
    await writeFile(path.join(dir, 'packed.txt'), text);
    await writeFile(path.join(dir, 'packed.txt.br'), brotliCompressSync(text));
    const packed = await serve(dir, { precompressed: true });
    try {
      const url = new URL('packed.txt', packed.url);
      const br = await fetch(url, { headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(br.headers.get('content-encoding'), 'br');
      assert.equal(await br.text(), text); // fetch decodes it
      const plain = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(plain.headers.get('content-encoding'), null);
      assert.equal(await plain.text(), text);
      const unasked = await fetch(new URL('packed.txt', server.url), { headers: { 'accept-encoding': 'br' } });
      assert.equal(unasked.headers.get('content-encoding'), null);
    } finally {
      await packed.close();
    }
  });

  test('never serves files outside its directory', async () => {
    assert.equal(await rawGet(server.url, '/../../../etc/passwd'), 404);
    assert.equal(await rawGet(server.url, '/..%2f..%2f..%2fetc%2fpasswd'), 404);
  });

  test('records every request path', async () => {
    const marker = `/recorded-${Date.now()}.txt`;
    await fetch(new URL(marker, server.url));
    const entry = server.requests.find((r) => r.path === marker);
    assert.ok(entry, `expected ${marker} in ${JSON.stringify(server.paths)}`);
    assert.equal(entry.status, 404);
    assert.ok(server.paths.includes('/style.css'));
  });
});

describe('browser session', () => {
  test('loads the page, records its requests and console', async () => {
    const { page, requests, consoleMessages, pageErrors } = session;
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.startWorker === 'function');
    const urls = requests.map((r) => r.url);
    assert.ok(urls.includes(server.url), `page request missing from ${JSON.stringify(urls)}`);
    assert.ok(urls.includes(new URL('style.css', server.url).href));
    assert.equal(requests.find((r) => r.url.endsWith('/style.css')).status, 200);
    assert.ok(consoleMessages.some((m) => m.text === 'harness page ready'));
    assert.deepEqual(pageErrors, []);
  });

  test("captures a dedicated worker's fetch", async () => {
    const { page, requests } = session;
    await page.evaluate(() => window.startWorker());
    await page.waitForFunction(
      () => document.getElementById('worker-info').textContent.startsWith('worker read'),
    );
    assert.equal(await page.locator('#worker-info').textContent(), 'worker read: hello from the server');
    const fromWorker = requests.find((r) => r.url.endsWith('/from-worker.txt?via=worker'));
    assert.ok(fromWorker, `worker fetch missing from ${JSON.stringify(requests.map((r) => r.url))}`);
    assert.equal(fromWorker.resourceType, 'fetch');
    assert.ok(requests.some((r) => r.url.endsWith('/worker.js')));
    assert.ok(server.paths.includes('/from-worker.txt'));
  });

  test('dropFile delivers the exact file to a drop target', async () => {
    const { page } = session;
    const file = path.join(dir, 'data.xlsx');
    const bytes = await readFile(file);
    await page.evaluate(() => (document.getElementById('file-info').textContent = ''));
    const { dropPrevented, droppedAt } = await dropFile(page, '[data-testid="drop-zone"]', file);
    assert.equal(dropPrevented, true);
    assert.ok(droppedAt > 0 && droppedAt <= (await page.evaluate(() => performance.now())));
    assert.deepEqual(await fileInfo(page), {
      name: 'data.xlsx',
      size: bytes.length,
      type: XLSX_MIME,
      sha256: sha256(bytes),
    });
  });

  test('pickFile chooses a file in a file input', async () => {
    const { page } = session;
    const file = path.join(dir, 'data.csv');
    await page.evaluate(() => (document.getElementById('file-info').textContent = ''));
    await pickFile(page, '#picker', file);
    const info = await fileInfo(page);
    assert.equal(info.name, 'data.csv');
    assert.equal(info.size, (await readFile(file)).length);
    assert.equal(info.sha256, sha256(await readFile(file)));
  });

  test('screenshot writes a PNG under target/screenshots', async () => {
    const file = await screenshot(session.page, 'harness');
    assert.ok(file.endsWith(path.join('target', 'screenshots', 'harness.png')));
    const png = await readFile(file);
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });
});
