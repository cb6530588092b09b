// Browser benchmark of the built app (run by `cargo xtask bench`).
//
// Environment:
//   SEGWORK_DIST        the built app (e.g. target/bench-dist)            required
//   SEGWORK_BENCH_FILE  the data file to drop onto the app                required
//   SEGWORK_BENCH_RUNS  number of runs, each on a freshly loaded page     default 5
//   SEGWORK_BENCH_ONE_WORKER=1  the page reports one core, so the worker starts no
//                       helper and makes every model itself (to compare; the
//                       Recs* rows are then its own half's stages, and the
//                       "all stages" row the whole, EASE's half included)
//
// Each run reloads the page, drops the file on [data-testid="drop-zone"], waits for
// [data-testid="results"] and reads window.__segworkLastRun, which the app sets after
// every analysis: { stages: [{ stage, ms }], total_ms, wasm_memory_bytes }. It also reads
// window.__segworkReady (page time when the page can take a file) and the longest
// main-thread task from the drop to the k sweep's arrival (PerformanceObserver
// 'longtask'). After the runs, on the last page, it changes k on the Segments view
// several times and times each change up to the scatter's redraw
// (window.__segworkScatterDrawn), and the longest main-thread task of each.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { serve } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { dropFile } from '../support/drop.mjs';
import {
  BenchError, DROP_ZONE, RESULTS, RUN_TIMEOUT_MS, fail, median, mib, ms, printTable, recordFigures,
} from './common.mjs';
import { K_SWITCHES, kDuringSweep, switchK } from './k-switch.mjs';

/** A customer of Online Retail (and of the sample) whose lists are timed. */
const LISTS_CUSTOMER = '12347';

/** Records main-thread long tasks from the page's start (installed before any script). */
const LONG_TASKS = () => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__longTasks = null;
  }
};

function requireEnv(name) {
  const value = process.env[name];
  if (!value) fail(`${name} is not set (see the header of tests/bench/browser-bench.mjs)`);
  return value;
}

/** One run on a fresh page: drop the file, wait for the results, return the measurements. */
async function runOnce(session, file, run) {
  const { page, pageErrors, consoleMessages } = session;
  pageErrors.length = 0;
  await page.reload({ waitUntil: 'load' });
  await page.locator(DROP_ZONE).waitFor({ timeout: RUN_TIMEOUT_MS });
  // Stamp the moment the results appear, without polling delay.
  await page.evaluate((selector) => {
    const stamp = () => {
      if (document.querySelector(selector) && window.__benchResultsAt === undefined) {
        window.__benchResultsAt = performance.now();
      }
    };
    new MutationObserver(stamp).observe(document, { childList: true, subtree: true });
  }, RESULTS);
  const { dropPrevented, droppedAt } = await dropFile(page, DROP_ZONE, file);
  if (!dropPrevented) fail(`run ${run}: the drop zone did not accept the drop (no preventDefault)`);
  try {
    await page.waitForFunction(
      // The segments show first; the k sweep follows (sweep_pending), and its time counts
      // in the stage table, not in drop-to-results.
      () => window.__benchResultsAt !== undefined && window.__segworkLastRun !== undefined &&
        !window.__segworkLastRun.sweep_pending && window.__segworkLastRun.insights_ready,
      null,
      { timeout: RUN_TIMEOUT_MS, polling: 100 },
    );
  } catch {
    const recent = consoleMessages.slice(-10).map((m) => `  [${m.type}] ${m.text}`).join('\n');
    const errors = pageErrors.map((e) => `  ${e.message}`).join('\n') || '  (none)';
    fail(
      `run ${run}: no ${RESULTS} and window.__segworkLastRun within ${RUN_TIMEOUT_MS / 1000} s ` +
        `of the drop.\npage errors:\n${errors}\nlast console messages:\n${recent || '  (none)'}`,
    );
  }
  // The measured recommendations are computed when their view is first shown.
  await page.click('[data-testid="tab-recommendations"]');
  try {
    await page.waitForFunction(() => window.__segworkLastRun.recs_ready, null, { timeout: RUN_TIMEOUT_MS, polling: 100 });
  } catch {
    fail(`run ${run}: the recommendations did not arrive within ${RUN_TIMEOUT_MS / 1000} s`);
  }
  // One customer's two lists, made in the worker when the customer is picked.
  await page.fill('#recommend-search', LISTS_CUSTOMER);
  await page.press('#recommend-search', 'Enter');
  try {
    await page.locator('[data-testid="customer-discovery"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  } catch {
    fail(`run ${run}: customer ${LISTS_CUSTOMER}'s lists did not show within ${RUN_TIMEOUT_MS / 1000} s`);
  }
  if (pageErrors.length > 0) fail(`run ${run}: page error: ${pageErrors[0].message}`);
  const { lastRun, resultsAt } = await page.evaluate(() => ({
    lastRun: window.__segworkLastRun,
    resultsAt: window.__benchResultsAt,
  }));
  if (!Array.isArray(lastRun?.stages) || typeof lastRun.total_ms !== 'number') {
    fail(`run ${run}: window.__segworkLastRun has an unexpected shape: ${JSON.stringify(lastRun)}`);
  }
  const { ready, longest } = await page.evaluate((since) => ({
    ready: window.__segworkReady,
    longest: window.__longTasks &&
      Math.max(0, ...window.__longTasks.filter((t) => t.start >= since).map((t) => t.ms)),
  }), droppedAt);
  return { ...lastRun, wall_ms: resultsAt - droppedAt, ready_ms: ready, longest_task_ms: longest };
}

/** Shows the Segments view and stamps each change of the k field (the event's time). */
async function main() {
  const dist = path.resolve(requireEnv('SEGWORK_DIST'));
  const file = path.resolve(requireEnv('SEGWORK_BENCH_FILE'));
  const runs = Number.parseInt(process.env.SEGWORK_BENCH_RUNS ?? '5', 10);
  if (!Number.isInteger(runs) || runs < 1) fail('SEGWORK_BENCH_RUNS must be a positive integer');
  const distIndex = await stat(path.join(dist, 'index.html')).catch(() => null);
  if (!distIndex) fail(`${dist}/index.html not found: build the app first (trunk build)`);
  const fileInfo = await stat(file).catch(() => null);
  if (!fileInfo) fail(`data file ${file} not found`);

  const server = await serve(dist);
  // As a visitor meets it: a first visit, with the service worker that keeps the app for
  // offline use installing itself (SEGWORK_BENCH_SERVICE_WORKER=0 blocks it, to compare).
  const serviceWorker = process.env.SEGWORK_BENCH_SERVICE_WORKER !== '0';
  const session = await launch({ serviceWorkers: serviceWorker ? 'allow' : 'block' });
  try {
    console.log(`browser: Chromium ${session.browser.version()} (headless)`);
    console.log(`file:    ${file} (${mib(fileInfo.size)})`);
    console.log(`runs:    ${runs}`);
    console.log(`service worker: ${serviceWorker ? 'allowed (a first visit)' : 'blocked (SEGWORK_BENCH_SERVICE_WORKER=0)'}\n`);
    await session.page.addInitScript(LONG_TASKS);
    const oneWorker = process.env.SEGWORK_BENCH_ONE_WORKER === '1';
    if (oneWorker) {
      await session.page.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 1 });
      });
    }
    console.log(`workers: ${oneWorker ? 'the worker alone (SEGWORK_BENCH_ONE_WORKER=1)' : 'the worker and its helper'}`);
    await session.page.goto(server.url);
    const results = [];
    for (let run = 1; run <= runs; run += 1) {
      const result = await runOnce(session, file, run);
      console.log(`run ${run}/${runs}: ${ms(result.wall_ms)} ms drop to results`);
      results.push(result);
    }

    const stageNames = [];
    for (const { stages } of results) {
      for (const { stage } of stages) if (!stageNames.includes(stage)) stageNames.push(stage);
    }
    const column = (pick) => results.map(pick).filter((v) => typeof v === 'number');
    const row = (name, values) =>
      values.length === 0
        ? [name, '-', '-', '-']
        : [name, ms(median(values)), ms(Math.min(...values)), ms(Math.max(...values))];
    const rows = stageNames.map((name) =>
      row(name, column((r) => r.stages.find((s) => s.stage === name)?.ms)),
    );
    // The marketer's analyses (RFM, lifetime, cohorts, baskets) run after the segments are
    // shown; their sum is what they add to a drop before every view is ready.
    const INSIGHTS = ['Rfm', 'Lifetime', 'Cohorts', 'Baskets'];
    rows.push(row('marketer analyses together', column((r) =>
      r.stages.filter((s) => INSIGHTS.includes(s.stage)).reduce((sum, s) => sum + s.ms, 0))));
    rows.push(row('recommendations measured, all stages (target <= 3,000 ms)', column((r) => r.recs_ms)));
    // The helper (a second worker) makes EASE's half of the models meanwhile.
    for (const stage of ['RecsSettings', 'RecsBacktest', 'RecsFit']) {
      rows.push(row(`  helper: ${stage}`, column((r) => r.recs_helper?.stages.find((s) => s.stage === stage)?.ms)));
    }
    rows.push(row('  helper: request read to answer', column((r) => r.recs_helper?.busy_ms)));
    rows.push(row("  worker's wait for the helper after its own half", column((r) => r.recs_helper?.wait_ms)));
    rows.push(row(`one customer's two lists (worker; customer ${LISTS_CUSTOMER})`, column((r) => r.lists_ms)));
    rows.push(row('total (app)', column((r) => r.total_ms)));
    rows.push(row('drop to results (wall)', column((r) => r.wall_ms)));
    rows.push(row('page open to ready', column((r) => r.ready_ms)));
    rows.push(row('longest long task (>= 50 ms; 0 = none), drop to recommendations', column((r) => r.longest_task_ms)));
    console.log('');
    printTable(['stage', 'median ms', 'min ms', 'max ms'], rows);
    const memory = column((r) => r.wasm_memory_bytes);
    console.log(`\nmax wasm memory: ${memory.length ? mib(Math.max(...memory)) : 'not reported'}`);
    const recsMemory = column((r) => r.recs_wasm_memory_bytes);
    console.log(`max wasm memory after the recommendations: ${recsMemory.length ? mib(Math.max(...recsMemory)) : 'not reported'}`);
    const loads = column((r) => r.stages.find((s) => s.stage === 'Load')?.ms);
    await recordFigures('browser', {
      drop_ms: median(column((r) => r.wall_ms)),
      load_ms: loads.length ? median(loads) : undefined,
      memory_bytes: memory.length ? Math.max(...memory) : undefined,
    });
    const helperMemory = column((r) => r.recs_helper?.wasm_memory_bytes);
    console.log(`max wasm memory of the helper: ${helperMemory.length ? mib(Math.max(...helperMemory)) : 'no helper ran'}`);

    console.log(`\nnew k on the Segments view (k = ${K_SWITCHES.join(', ')}):`);
    const switches = await switchK(session);
    console.log('\nnew k while the k sweep is still running (a fresh drop each time):');
    const during = await kDuringSweep(session, file, Math.min(runs, 3));
    const of = (list, pick) => list.map(pick).filter((v) => typeof v === 'number');
    console.log('');
    printTable(['new k', 'median ms', 'min ms', 'max ms'], [
      row('change to scatter redrawn', of(switches, (r) => r.ms)),
      row('  worker', of(switches, (r) => r.worker_ms)),
      row('  decode on the page', of(switches, (r) => r.decode_ms)),
      row('  longest long task (0 = none)', of(switches, (r) => r.longest)),
      row('same, during the sweep', of(during, (r) => r.ms)),
      row('  longest long task (0 = none)', of(during, (r) => r.longest)),
    ]);
    // Before the layered answers, every new k sent the whole analysis to the page again;
    // now it sends the segmentation alone. The drop's answer holds the whole analysis but
    // the cleaning report (sent once, with the file), so the ratio below understates the gain.
    const whole = median(column((r) => r.response_bytes));
    const newK = median(of(switches, (r) => r.bytes));
    console.log('\nbytes sent to the page for a new k:');
    printTable(['answer', 'median bytes'], [
      ['whole analysis (the drop; what every new k sent before)', String(Math.round(whole))],
      ['new k (segmentation only, now)', String(Math.round(newK))],
      ['ratio', `${(whole / newK).toFixed(1)}x fewer`],
    ]);
  } finally {
    await session.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(`browser-bench: ${err instanceof BenchError ? err.message : (err.stack ?? err)}`);
  process.exitCode = 1;
});
