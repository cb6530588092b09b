// Shared steps of the app's end-to-end tests (tests/e2e/app*.test.mjs): open the built
// app, drop a file and wait for its results, read what the page shows.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { serve } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { dropFile } from '../support/drop.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.SEGWORK_DIST
  ? path.resolve(process.env.SEGWORK_DIST)
  : path.join(REPO_ROOT, 'dist');
export const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures');
export const SAMPLE = path.join(REPO_ROOT, 'public', 'sample.xlsx');

export const DROP_ZONE = '[data-testid="drop-zone"]';
export const RESULTS = '[data-testid="results"]';
export const ERROR = '[data-testid="error"]';
export const PROGRESS = '[data-testid="progress"]';

/** The full data set, when ../shared is present; null (and a loud note) otherwise. */
export function fullDataFile() {
  const dir = process.env.SEGWORK_SHARED_DATA;
  const file = dir ? path.join(dir, 'online_retail.xlsx') : null;
  if (file && existsSync(file)) return file;
  console.log(
    '\n*** SKIPPED: the full-data end-to-end case needs SEGWORK_SHARED_DATA pointing at a folder ' +
      `with online_retail.xlsx (got ${dir ? `"${dir}", without the file` : 'nothing'}). ***\n`,
  );
  return null;
}

/**
 * Records, from the first script on: Content-Security-Policy violations and the longest
 * main-thread task, so tests can assert on both.
 */
export const RECORDERS = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longTasks.push({ start: entry.startTime, ms: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the list stays empty.
  }
};

/**
 * Serves the built app, opens it in Chromium at 1280×800 (with extra command-line flags,
 * if any; service workers blocked unless `serviceWorkers: 'allow'`), and waits until it
 * is ready.
 */
export async function openApp({ chromiumArgs = [], cores, serviceWorkers } = {}) {
  assert.ok(
    existsSync(path.join(DIST, 'index.html')),
    `no built app in ${DIST}: run \`trunk build --offline\` first (or set SEGWORK_DIST)`,
  );
  const server = await serve(DIST);
  const session = await launch({ viewport: { width: 1280, height: 800 }, args: chromiumArgs, serviceWorkers });
  await session.context.addInitScript(RECORDERS);
  if (cores !== undefined) {
    // The page starts the worker's helper only on more than one core.
    await session.context.addInitScript((n) => {
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n });
    }, cores);
  }
  await session.page.goto(server.url);
  await waitForEngine(session.page);
  return {
    server,
    session,
    page: session.page,
    close: async () => {
      await session.close();
      await server.close();
    },
  };
}

/** Waits until the page shows its drop zone and the worker's code has loaded. */
export async function waitForEngine(page) {
  await page.locator(DROP_ZONE).waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => window.__segworkReady !== undefined, null, { timeout: 60_000 });
}

/**
 * Network requests made by the page and its worker since `since` (a length of
 * `requests`). blob: and data: URLs are the page's own memory, not the network.
 */
export const requestsSince = (session, since) =>
  session.requests.slice(since).map((r) => r.url).filter((url) => !/^(blob|data):/.test(url));

/** The number of analyses shown so far (`window.__segworkLastRun.seq`; 0 before any). */
export async function runStamp(page) {
  return page.evaluate(() => window.__segworkLastRun?.seq ?? 0);
}

/**
 * Drops a file and waits for the analysis to be shown. Asserts that no request left the
 * page (or its worker) between the drop and the results. Returns the run figures.
 */
export async function dropAndWait(app, file, { timeout = 120_000 } = {}) {
  const { page, session } = app;
  const before = await runStamp(page);
  const since = session.requests.length;
  const { dropPrevented, droppedAt } = await dropFile(page, DROP_ZONE, file);
  assert.equal(dropPrevented, true, 'the drop zone must accept the drop');
  await waitForNewRun(page, before, timeout);
  assert.deepEqual(requestsSince(session, since), [], 'no request may leave the page during an analysis');
  const run = await page.evaluate(() => window.__segworkLastRun);
  return { ...run, droppedAt };
}

/**
 * Waits until an analysis newer than `before` is shown, the progress bar is gone and its
 * k sweep and the marketer's analyses (which the worker sends after the segments) have arrived.
 */
export async function waitForNewRun(page, before, timeout = 120_000) {
  await page.waitForFunction(
    (old) => {
      const run = window.__segworkLastRun;
      return run && run.seq > old && !run.sweep_pending && run.insights_ready && document.querySelector('[data-testid="results"]') &&
        !document.querySelector('[data-testid="progress"]');
    },
    before,
    { timeout, polling: 50 },
  );
}

/** The longest main-thread task that started at or after `since` (page time, ms). */
/** Every long task since `since`, as "start+ms" relative to it, for failure messages. */
export const longTasksSince = (page, since) =>
  page.evaluate((t) => window.__longTasks.filter((x) => x.start >= t).map((x) => `+${(x.start - t).toFixed(0)}ms: ${x.ms.toFixed(0)} ms`).join(', '), since);

export const longestTaskSince = (page, since) =>
  page.evaluate((t) => Math.max(0, ...window.__longTasks.filter((x) => x.start >= t).map((x) => x.ms)), since);

/** Runs `action` (which starts a re-analysis) and waits for its results. */
export async function rerun(page, action, timeout = 120_000) {
  const before = await runStamp(page);
  await action();
  await waitForNewRun(page, before, timeout);
}

/** Drops a file that must fail, and returns the error message shown. */
export async function dropExpectingError(app, file) {
  const { page } = app;
  await dropFile(page, DROP_ZONE, file);
  const error = page.locator(ERROR);
  await error.waitFor({ timeout: 60_000 });
  await page.locator(PROGRESS).waitFor({ state: 'detached', timeout: 60_000 });
  return (await error.textContent()).trim();
}

/** The "rows out" of each cleaning step, by step id, as numbers. */
export async function cleaningRows(page) {
  return page.$$eval('[data-testid="cleaning-table"] > tbody > tr', (rows) =>
    Object.fromEntries(
      rows.map((r) => [
        r.dataset.step,
        Number(r.querySelector('[data-testid="rows-out"]').textContent.replace(/,/g, '')),
      ]),
    ),
  );
}

/** Segment sizes as shown in the legend of the Segments view. */
export async function segmentSizes(page) {
  return page.$$eval('[data-testid="segment-size"]', (els) =>
    els.map((e) => Number(e.textContent.replace(/[^0-9]/g, ''))),
  );
}

/** A number inside a text, with thousands separators, e.g. "4,362 customers" → 4362. */
export const numberIn = (text, pattern) => {
  const m = text.match(pattern);
  assert.ok(m, `"${text}" does not match ${pattern}`);
  return Number(m[1].replace(/,/g, ''));
};

export async function showTab(page, slug) {
  await page.click(`[data-testid="tab-${slug}"]`);
  await page.locator(`[data-testid="tab-${slug}"][aria-selected="true"]`).waitFor();
}

/** Reads a download's text. */
export async function downloadText(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** Clicks, waits for the download it starts and returns its bytes. */
export async function downloadBytes(page, click, timeout = 120_000) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout }), click()]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** The files of a zip archive (an .xlsx), by name, read from its central directory. */
export function unzip(bytes) {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'a zip archive has an end of central directory record');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i += 1) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const [method, size] = [bytes.readUInt16LE(at + 10), bytes.readUInt32LE(at + 20)];
    const [nameLength, extraLength, commentLength] = [28, 30, 32].map((o) => bytes.readUInt16LE(at + o));
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Parses simple CSV (quoted fields allowed) into rows of cells. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** Types a k into the settings and waits for its results. */
export async function setK(page, k, timeout = 120_000) {
  await rerun(page, async () => {
    await page.fill('#setting-k', String(k));
    await page.press('#setting-k', 'Enter');
  }, timeout);
}

/**
 * Runs `body` on a fresh page with `file` dropped and analysed (and k set, if given), then
 * closes the page, so that no test depends on another's state. `afterLoad` counts the
 * requests made while the page loaded; `run` is the figures of the drop.
 */
export async function withDropped(file, body, { k, chromiumArgs, timeout, cores } = {}) {
  const app = await openApp({ chromiumArgs, cores });
  try {
    const afterLoad = app.session.requests.length;
    const run = await dropAndWait(app, file, { timeout });
    if (k !== undefined) await setK(app.page, k, timeout);
    await body({ app, page: app.page, session: app.session, run, afterLoad });
  } finally {
    await app.close();
  }
}
