// End-to-end test on the full UCI Online Retail file (541,909 lines), when
// SEGWORK_SHARED_DATA points at a folder holding online_retail.xlsx: the published
// cleaning numbers, both modes, and how long the main thread is ever busy.
// Without the file the test says loudly that it was skipped. Each test opens its own page
// and drops the file itself: none depends on another.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.mjs';
import { dropFile } from '../support/drop.mjs';
import {
  DROP_ZONE, cleaningRows, fullDataFile, longTasksSince, longestTaskSince, numberIn, openApp, rerun, runStamp, segmentSizes, showTab,
  withDropped,
} from './app-support.mjs';

const FILE = fullDataFile();
const REFERENCE_CLEANING = {
  Load: 541_909,
  MissingValues: 406_829,
  Duplicates: 401_604,
  Cancellations: 401_604,
  StockCodes: 399_689,
  ServiceDescriptions: 399_606,
  Prices: 399_573,
};
/** Main-thread budget during an analysis (issue #3: longest task under 100 ms). */
const LONGEST_TASK_MS = 100;

describe('the workbench on the full data set', { skip: FILE ? false : 'SEGWORK_SHARED_DATA/online_retail.xlsx not found' }, () => {
  const TIMEOUT = { timeout: 600_000 };
  const withFull = (body) => withDropped(FILE, body, TIMEOUT);

  test('corrected mode: the published cleaning numbers and all 4,362 customers', () => withFull(async ({ app, run }) => {
    // The analysis's budget on the main thread (issue #3), from the drop until the
    // marketer's analyses are shown too; measured before this test opens other views,
    // whose own drawing is the user's action, not the analysis.
    await app.page.waitForFunction(() => window.__segworkLastRun?.insights_ready, null, { timeout: 600_000 });
    const longest = await longestTaskSince(app.page, run.droppedAt);
    const tasks = await longTasksSince(app.page, run.droppedAt);
    const stages = run.stages.map((s) => `${s.stage} ${s.ms.toFixed(0)}`).join(', ');
    console.log(`full data: drop to results ${run.total_ms.toFixed(0)} ms (${stages}); decode ${run.decode_ms.toFixed(1)} ms; ` +
      `wasm memory ${(run.wasm_memory_bytes / 2 ** 20).toFixed(0)} MiB; longest main-thread task ${longest.toFixed(0)} ms ` +
      `(long tasks after the drop: ${tasks || 'none'})`);
    assert.ok(longest < LONGEST_TASK_MS, `longest main-thread task ${longest} ms; long tasks after the drop: ${tasks}; stages: ${stages}`);
    assert.deepEqual(await cleaningRows(app.page), REFERENCE_CLEANING);
    const summary = await app.page.textContent('[data-testid="cleaning-summary"]');
    assert.equal(numberIn(summary, /from ([\d,]+) customers/), 4_362);
    assert.equal(numberIn(summary, /([\d,]+) lines are cancellations/), 8_872);
    await showTab(app.page, 'customers');
    assert.equal(numberIn(await app.page.textContent('[data-testid="customer-status"]'), /^([\d,]+) customers/), 4_362);
    await showTab(app.page, 'cleaning');
    await screenshot(app.page, 'app-full-cleaning');
  }));

  test('reference mode reproduces the publication: 4,282 customers, ~215 outliers, silhouette ~0.236, the reference method\'s backtest', () => withFull(async ({ page }) => {
    await rerun(page, () => page.selectOption('#setting-mode', 'reference'), 600_000);
    await showTab(page, 'customers');
    assert.equal(numberIn(await page.textContent('[data-testid="customer-status"]'), /^([\d,]+) customers/), 4_282);
    await showTab(page, 'segments');
    const summary = await page.textContent('[data-testid="segments-summary"]');
    const silhouette = Number(summary.match(/silhouette ([\d.]+)/)[1]);
    assert.ok(silhouette >= 0.226 && silhouette <= 0.246, `silhouette ${silhouette}`);
    const cumulative = Number(summary.match(/explain ([\d.]+)%/)[1]);
    assert.ok(cumulative >= 79.5 && cumulative <= 81.5, `cumulative variance ${cumulative}%`);
    const outliers = await page.locator('[data-testid="segment-sizes"] li:last-child .size').textContent();
    const count = numberIn(outliers, /([\d,]+) customers/);
    assert.ok(count >= 205 && count <= 225, `outliers ${count}`);
    await screenshot(page, 'app-full-segments');
    // The published reference method's backtest (0.194 / 0.027 discovery, 0.185 / 0.025
    // next basket) is measured on these segments.
    await showTab(page, 'recommendations');
    await page.locator('[data-testid="backtest-table"]').waitFor({ timeout: 600_000 });
    const ref = (await backtestRows(page))['reference method'];
    assert.ok(Math.abs(share(ref[0]) - 0.194) <= 0.005 && Math.abs(Number(ref[1]) - 0.027) <= 0.005, `discovery ${ref}`);
    assert.ok(Math.abs(share(ref[3]) - 0.185) <= 0.005 && Math.abs(Number(ref[4]) - 0.025) <= 0.005, `next basket ${ref}`);
  }));

  test('a new k re-runs the model only (the figure issue #3 asks for is printed)', () => withFull(async ({ page }) => {
    await showTab(page, 'choose-k');
    const since = await page.evaluate(() => performance.now());
    await rerun(page, () => page.click('[data-testid="choose-k-5"]'), 600_000);
    const run = await page.evaluate(() => window.__segworkLastRun);
    assert.deepEqual(run.stages.map((s) => s.stage).slice(0, 1), ['Features']);
    const longest = await longestTaskSince(page, since);
    console.log(`full data: new k to results ${run.total_ms.toFixed(0)} ms (worker ${run.worker_ms.toFixed(0)} ms); longest main-thread task ${longest.toFixed(0)} ms`);
    assert.ok(longest < LONGEST_TASK_MS, `longest main-thread task ${longest} ms`);
    await screenshot(page, 'app-full-choose-k');
  }));

  test('a new k entered while the k sweep is running is answered at once, and the sweep follows', async () => {
    const app = await openApp();
    try {
      await kDuringTheSweep(app.page);
    } finally {
      await app.close();
    }
  });

  test("the marketer views: the issue's RFM counts and first cohort, rules, the no-dropout finding", () => withFull(async ({ page, run }) => {
    const stages = Object.fromEntries(run.stages.map((s) => [s.stage, s.ms]));
    console.log(`full data, marketer analyses in the browser: RFM ${stages.Rfm?.toFixed(0)} ms, lifetime ${stages.Lifetime?.toFixed(0)} ms, ` +
      `cohorts ${stages.Cohorts?.toFixed(0)} ms, baskets ${stages.Baskets?.toFixed(0)} ms`);
    await showTab(page, 'rfm');
    const rows = await page.$$eval('[data-testid="rfm-segments"] tbody tr', (trs) =>
      trs.map((tr) => [tr.querySelector('th').textContent.trim(), Number(tr.querySelectorAll('td')[1].textContent.replace(/,/g, ''))]));
    assert.deepEqual(Object.fromEntries(rows), {
      Champions: 655, 'Loyal Customers': 798, 'Potential Loyalists': 484, 'New Customers': 46, Promising: 90,
      'Need Attention': 189, 'About to Sleep': 348, 'At Risk': 587, "Can't Lose": 63, Hibernating: 1_074,
    });
    await screenshot(page, 'app-full-rfm');
    await showTab(page, 'cohorts');
    const first = await page.$$eval('[data-testid="cohorts-customers"] tbody tr:first-child > *', (els) =>
      els.map((e) => e.textContent.trim()));
    assert.deepEqual(first.slice(0, 9), ['2010-12', '884', '100.0%', '36.5%', '32.4%', '38.3%', '36.2%', '39.8%', '36.2%']);
    await showTab(page, 'lifetime');
    assert.match(await page.textContent('[data-testid="lifetime-model"]'), /no measurable dropout/);
    await screenshot(page, 'app-full-lifetime');
    await showTab(page, 'baskets');
    assert.match(await page.textContent('[data-testid="basket-rules"] caption'), /^676 rules from 338 pairs over 18,399 orders/);
    assert.match(await page.textContent('[data-testid="companions"]'), /lift/);
    await page.click('[data-testid="sort-confidence"]');
    const confidence = await page.$$eval('[data-testid="basket-rules"] tbody tr', (trs) =>
      trs.map((tr) => parseFloat(tr.querySelectorAll('td')[4].textContent)));
    assert.deepEqual(confidence, [...confidence].sort((a, b) => b - a), 'sorted by confidence');
    await screenshot(page, 'app-full-baskets');
  }));

  test('recommendations: the protocol\'s users and the best sellers row as published, the models above them', () => withFull(async ({ page }) => {
    await page.waitForFunction(() => window.__segworkLastRun?.insights_ready, null, { timeout: 600_000 });
    await showTab(page, 'recommendations');
    // Opening the view is the user's action (drawn in one task, like any tab); from here
    // on the page must stay free while the worker measures, and when the results arrive.
    await page.locator('[data-testid="backtest-running"]').waitFor({ timeout: 60_000 });
    const since = await page.evaluate(() => performance.now());
    // While they are measured the page names the stage: "Step 1 of 3: Choosing…".
    // (They take seconds on the full file, so the stage is always seen.)
    await page.waitForFunction(() =>
      /^Step [1-3] of 3: /.test(document.querySelector('[data-testid="backtest-stage"]')?.textContent ?? ''),
    null, { timeout: 60_000, polling: 50 });
    await page.locator('[data-testid="backtest-table"]').waitFor({ timeout: 600_000 });
    assert.match(await page.textContent('[data-testid="backtest-period"]'),
      /from 2011-10-09 to 2011-12-09: 1,792 customers bought in both periods \(1,713 of them something new\)/);
    const rows = await backtestRows(page);
    // Published (best Python implementations): popularity by buyers 0.271 / 0.041 and
    // 0.507 / 0.096; the page shows hit rates to 0.1% and NDCG to 0.001.
    const pop = rows['popularity by buyers'];
    assert.ok(Math.abs(share(pop[0]) - 0.271) <= 0.005 && Math.abs(Number(pop[1]) - 0.041) <= 0.005, `discovery ${pop}`);
    assert.ok(Math.abs(share(pop[3]) - 0.507) <= 0.005 && Math.abs(Number(pop[4]) - 0.096) <= 0.005, `next basket ${pop}`);
    assert.ok(share(rows.EASE[0]) >= 0.49 && Number(rows.EASE[1]) >= 0.104, `EASE discovery ${rows.EASE}`);
    const blend = rows['blend of buy again and a model'];
    assert.ok(share(blend[3]) >= 0.80 && Number(blend[4]) >= 0.346, `blend next basket ${blend}`);
    const run = await page.evaluate(() => window.__segworkLastRun);
    const phases = run.stages.filter((s) => s.stage.startsWith('Recs')).map((s) => `${s.stage} ${s.ms.toFixed(0)} ms`);
    assert.equal(phases.length, 3, `the three stages of the recommendations are timed: ${phases}`);
    const longest = await longestTaskSince(page, since);
    console.log(`full data: recommendations measured in ${run.recs_ms.toFixed(0)} ms in the worker (${phases.join(', ')}); ` +
      `wasm memory after ${(run.recs_wasm_memory_bytes / 2 ** 20).toFixed(0)} MiB; longest page task meanwhile ${longest.toFixed(0)} ms`);
    assert.ok(longest < 50, `the page stays free while they are measured (longest task ${longest} ms)`);
    await screenshot(page, 'app-full-recommendations');
  }));
});

/** The backtest table's rows: method name → its cells' texts. */
async function backtestRows(page) {
  return Object.fromEntries(await page.$$eval('[data-testid="backtest-table"] tbody tr', (trs) =>
    trs.map((tr) => [tr.querySelector('th').textContent.trim(), [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())])));
}

/** A hit rate shown as a percentage, as a share. */
const share = (text) => Number(text.replace('%', '')) / 100;

/** Drops the full file and enters k = 6 as soon as the segments are shown. */
async function kDuringTheSweep(page) {
  const before = await runStamp(page);
  await dropFile(page, DROP_ZONE, FILE);
  // The segments are shown; the sweep may still be running.
  await page.waitForFunction((old) => window.__segworkLastRun?.seq > old, before, { timeout: 600_000, polling: 50 });
  await showTab(page, 'choose-k');
  const pending = await page.evaluate(() => window.__segworkLastRun.sweep_pending);
  if (pending) {
    assert.match(await page.textContent('[data-testid="sweep-pending"]'), /Comparing k = 2 to 12… \d+ of 11 done/);
  }
  await showTab(page, 'segments');
  await rerun(page, async () => {
    await page.fill('#setting-k', '6');
    await page.press('#setting-k', 'Enter');
  }, 600_000);
  assert.equal((await segmentSizes(page)).length, 6);
  await showTab(page, 'choose-k');
  assert.equal(await page.locator('[data-testid^="choose-k-"]').count(), 11, 'the sweep arrived for the new k');
  assert.equal(await page.getAttribute('[data-testid="choose-k-6"]', 'aria-pressed'), 'true');
  console.log(`full data: new k during the sweep (${pending ? 'sweep was running' : 'sweep had finished'}): ` +
    `results after ${(await page.evaluate(() => window.__segworkLastRun.total_ms)).toFixed(0)} ms`);
}
