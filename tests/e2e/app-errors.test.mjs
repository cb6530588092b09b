// End-to-end test of what goes wrong: each bad fixture shows a clear message while the
// results already on screen stay; missing columns lead to the mapping step; Cancel and a
// crashed worker leave a working app. Screenshots: target/screenshots/app-error-*.png.
// Each test opens its own page with the sample analysed: none depends on another.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { screenshot } from '../support/browser.mjs';
import { dropFile } from '../support/drop.mjs';
import {
  DROP_ZONE, ERROR, FIXTURES, PROGRESS, RESULTS, SAMPLE, cleaningRows, dropAndWait,
  dropExpectingError, openApp, requestsSince, rerun, runStamp, segmentSizes, setK, showTab, waitForNewRun,
  withDropped,
} from './app-support.mjs';

const BAD_FILES = [
  ['not_a_spreadsheet.png', /not a spreadsheet \(a PNG image\)/],
  ['truncated.xlsx', /damaged or incomplete/],
  ['password.xlsx', /protected by a password/],
  ['empty.xlsx', /no data|empty/i],
  ['bad_dates.csv', /could not be read as dates, for example row \d+ of .*"soon"/],
];

let dir;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'segwork-e2e-'));
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `body` on a fresh page with the sample analysed. */
const withSample = (body) => withDropped(SAMPLE, body);

/** The results of the sample are still there, untouched. */
async function sampleStillShown(page) {
  assert.equal(await page.locator(RESULTS).count(), 1);
  assert.equal(await page.textContent('[data-testid="file-name"]'), 'sample.xlsx');
  await showTab(page, 'cleaning');
  assert.equal((await cleaningRows(page)).Prices, 29_771);
}

describe('bad files', () => {
  for (const [name, message] of BAD_FILES) {
    test(`${name}: a clear message, and the results on screen stay`, () => withSample(async ({ app, page }) => {
      const text = await dropExpectingError(app, path.join(FIXTURES, name));
      assert.match(text, message);
      assert.match(text, /drop another file/i);
      await screenshot(page, `app-error-${name.replace(/\W+/g, '-')}`);
      await sampleStillShown(page);
      await page.click(`${ERROR} button`);
      assert.equal(await page.locator(ERROR).count(), 0);
    }));
  }

  test('missing columns open the mapping step, which can be cancelled', () => withSample(async ({ page }) => {
    await dropFile(page, DROP_ZONE, path.join(FIXTURES, 'missing_columns.xlsx'));
    const mapping = page.locator('[data-testid="mapping"]');
    await mapping.waitFor({ timeout: 60_000 });
    // Every field is offered, required ones first, with the file's columns found by name
    // already selected; nothing in this file can serve as the customer.
    const fields = await mapping.locator('select').evaluateAll((s) => s.map((e) => [e.dataset.field, e.value]));
    assert.deepEqual(fields, [
      ['CustomerID', ''], ['InvoiceDate', 'InvoiceDate'], ['UnitPrice', 'UnitPrice'], ['LineTotal', ''],
      ['Quantity', 'Quantity'], ['InvoiceNo', 'InvoiceNo'], ['StockCode', 'StockCode'],
      ['Description', 'Description'], ['Country', ''],
    ]);
    const options = await mapping.locator('select[data-field="CustomerID"] option').allTextContents();
    assert.deepEqual(options.slice(1), ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice']);
    assert.match(await page.textContent('[data-testid="mapping-outcome"]'), /Choose a column for: Customer\./);
    assert.ok(await page.locator('[data-testid="mapping-continue"]').isDisabled());
    await screenshot(page, 'app-error-mapping');
    await mapping.locator('button', { hasText: 'Cancel' }).click();
    assert.equal(await mapping.count(), 0);
    await sampleStillShown(page);
  }));
});

describe('column mapping', () => {
  test('a file with other column names is analysed once the user maps them', () => withSample(async ({ page }) => {
    await mapRenamedFirst999(page);
  }));
});

/** Drops the first-999 CSV with two columns renamed, and maps them. */
async function mapRenamedFirst999(page) {
  const csv = await readFile(path.join(FIXTURES, 'online_retail_first999.csv'), 'utf8');
  const [header, ...rest] = csv.split('\n');
  const renamed = header.replace('CustomerID', 'Client Ref').replace('Country', 'Land');
  const file = path.join(dir, 'renamed.csv');
  await writeFile(file, [renamed, ...rest].join('\n'));
  const before = await runStamp(page);
  await dropFile(page, DROP_ZONE, file);
  await page.locator('[data-testid="mapping"]').waitFor({ timeout: 60_000 });
  await page.selectOption('select[data-field="CustomerID"]', 'Client Ref');
  await page.click('[data-testid="mapping-continue"]');
  await waitForNewRun(page, before);
  assert.equal(await page.textContent('[data-testid="file-name"]'), 'renamed.csv');
  await showTab(page, 'cleaning');
  assert.equal((await cleaningRows(page)).Load, 999);
}

describe('recovery', () => {
  test('Cancel stops a run, keeps the results, and the next run works without a request', () => withSample(async ({ page, session }) => {
    await mapRenamedFirst999(page);
    const since = session.requests.length;
    await dropFile(page, DROP_ZONE, SAMPLE);
    await page.locator(PROGRESS).waitFor();
    await page.waitForFunction(() => /^Step \d+ of 10: /.test(document.querySelector('[data-testid="progress-stage"]')?.textContent ?? ''));
    await screenshot(page, 'app-progress');
    await page.locator(`${PROGRESS} button`, { hasText: 'Cancel' }).click();
    await page.locator(PROGRESS).waitFor({ state: 'detached' });
    assert.equal(await page.textContent('[data-testid="file-name"]'), 'renamed.csv');
    // The fresh worker has lost the file: a new k reads it again, from the page's copy.
    await rerun(page, async () => {
      await page.fill('#setting-k', '4');
      await page.press('#setting-k', 'Enter');
    });
    const run = await page.evaluate(() => window.__segworkLastRun);
    assert.equal(run.stages[0].stage, 'Load');
    await showTab(page, 'segments');
    assert.equal((await segmentSizes(page)).length, 4);
    assert.deepEqual(requestsSince(session, since), []);
  }));

  test('a worker that dies is replaced, with a message, and the app goes on', () => withSample(async ({ page, session }) => {
    const worker = await workerOfRole(page, 'main');
    assert.ok(worker, 'the analysis worker is running');
    await worker.evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }, 0));
    const error = page.locator(ERROR);
    await error.waitFor();
    assert.match(await error.textContent(), /simulated crash.*restarted; your results so far are kept/s);
    await page.click(`${ERROR} button`);
    assert.equal(await page.textContent('[data-testid="file-name"]'), 'sample.xlsx');
    await setK(page, 4);
    await showTab(page, 'segments');
    assert.equal((await segmentSizes(page)).length, 4);
    assert.equal(session.pageErrors.filter((e) => !/simulated crash/.test(e.message)).length, 0, JSON.stringify(session.pageErrors));
  }));

  test('a helper that dies leaves the worker to make every model, with no message', () => withSample(async ({ page, session }) => {
    const helper = await workerOfRole(page, 'helper');
    assert.ok(helper, 'the worker\'s helper is running (two cores or more)');
    await helper.evaluate(() => setTimeout(() => { throw new Error('simulated helper crash'); }, 0));
    await page.waitForFunction(() => window.__segworkLastRun?.insights_ready, null, { timeout: 120_000 });
    await showTab(page, 'recommendations');
    await page.locator('[data-testid="backtest-table"]').waitFor({ timeout: 300_000 });
    assert.equal(await page.evaluate(() => window.__segworkLastRun.recs_helper), null, 'the worker made EASE\'s half itself');
    assert.equal(await page.locator(ERROR).count(), 0, 'nothing for the user to do');
    assert.equal(session.pageErrors.filter((e) => !/simulated helper crash/.test(e.message)).length, 0, JSON.stringify(session.pageErrors));
  }));
});

/** The worker (role "main") or its helper, as the page started them. */
async function workerOfRole(page, role) {
  for (const worker of page.workers()) {
    if (await worker.evaluate(() => self.segworkRole).catch(() => undefined) === role) return worker;
  }
  return undefined;
}

describe('running out of memory', () => {
  // A real allocation failure, not a simulated one: V8 caps every wasm memory of this
  // browser at 24 MiB (384 pages of 64 KiB). The first-999 CSV needs about 8 MiB, the
  // 40,000-row sample about 46 MiB.
  const CAP_PAGES = 384;
  let capped;
  before(async () => {
    capped = await openApp({ chromiumArgs: [`--js-flags=--wasm-max-mem-pages=${CAP_PAGES}`] });
  });
  after(async () => capped?.close());

  test('a file too big for the memory gives a clear message, keeps the results and the app goes on', async () => {
    const { page } = capped;
    await dropAndWait(capped, path.join(FIXTURES, 'online_retail_first999.csv'));
    await showTab(page, 'segments');
    const sizes = await segmentSizes(page);
    assert.equal(sizes.length, 3);
    await dropFile(page, DROP_ZONE, SAMPLE);
    const error = page.locator(ERROR);
    await error.waitFor({ timeout: 120_000 });
    assert.match(await error.textContent(), /could not give the analysis engine enough memory.*restarted and your results so far are kept/s);
    await screenshot(page, 'app-error-out-of-memory');
    assert.equal(await page.textContent('[data-testid="file-name"]'), 'online_retail_first999.csv');
    assert.deepEqual(await segmentSizes(page), sizes, 'the results on screen are kept');
    await page.click(`${ERROR} button`);
    // The fresh worker reads the small file again, from the page's copy, and goes on.
    await rerun(page, async () => {
      await page.fill('#setting-k', '2');
      await page.press('#setting-k', 'Enter');
    });
    assert.equal((await segmentSizes(page)).length, 2);
  });
});
