// The browser benchmark's new-k part: k entered on the Segments view, timed from the
// input's change event to the scatter redrawn (window.__segworkScatterDrawn).

import { dropFile } from '../support/drop.mjs';
import { DROP_ZONE, RUN_TIMEOUT_MS, fail, ms } from './common.mjs';

/** The k values chosen in turn after the runs (the first run uses the default k = 3). */
export const K_SWITCHES = [4, 5, 6, 2, 3, 7, 8];

async function onSegments(page) {
  await page.click('[data-testid="tab-segments"]');
  await page.locator('[data-testid="chart-scatter"]').waitFor();
  await page.evaluate(() => {
    if (window.__benchStamping) return;
    window.__benchStamping = true;
    document.addEventListener('change', (e) => {
      if (e.target?.id === 'setting-k') window.__benchChangeAt = e.timeStamp;
    }, true);
  });
}

/**
 * Enters k in the settings, as a person would, and times it from the input's change
 * event to the scatter drawn again with the new segments.
 */
async function timeK(page, k) {
  const before = await page.evaluate(() => window.__segworkLastRun?.seq ?? 0);
  await page.fill('#setting-k', String(k));
  await page.press('#setting-k', 'Enter');
  try {
    await page.waitForFunction(
      (old) => window.__segworkLastRun?.seq > old && window.__segworkScatterDrawn > window.__benchChangeAt,
      before,
      { timeout: RUN_TIMEOUT_MS, polling: 20 },
    );
  } catch {
    fail(`k = ${k}: the scatter was not redrawn within ${RUN_TIMEOUT_MS / 1000} s`);
  }
  const sizes = await page.locator('[data-testid="segment-sizes"] li').count();
  if (sizes !== k + 1) fail(`k = ${k}: ${sizes} entries in the sizes list, expected ${k} segments and the outliers`);
  const r = await page.evaluate(() => ({
    changeAt: window.__benchChangeAt,
    drawnAt: window.__segworkScatterDrawn,
    run: window.__segworkLastRun,
    longest: window.__longTasks &&
      Math.max(0, ...window.__longTasks.filter((t) => t.start >= window.__benchChangeAt).map((t) => t.ms)),
  }));
  return {
    k, ms: r.drawnAt - r.changeAt, worker_ms: r.run.worker_ms, decode_ms: r.run.decode_ms, longest: r.longest,
    bytes: r.run.response_bytes,
  };
}

const describeK = (r) =>
  `k = ${r.k}: ${ms(r.ms)} ms to the scatter redrawn (worker ${ms(r.worker_ms)} ms, decode ${ms(r.decode_ms)} ms, ` +
  `${r.bytes} bytes sent to the page; ` +
  `longest long task ${r.longest === 0 ? 'none' : `${ms(r.longest)} ms`})`;

/** On the results of the last run (the k sweep done): each k of K_SWITCHES in turn. */
export async function switchK(session) {
  await onSegments(session.page);
  const results = [];
  for (const k of K_SWITCHES) {
    const r = await timeK(session.page, k);
    console.log(describeK(r));
    results.push(r);
  }
  return results;
}

/**
 * A new k entered as soon as the segments are shown, while the worker is still sweeping
 * k = 2..12: the request waits for the k being swept, not for the whole sweep.
 */
export async function kDuringSweep(session, file, runs) {
  const { page } = session;
  const results = [];
  for (let run = 1; run <= runs; run += 1) {
    await page.reload({ waitUntil: 'load' });
    await page.locator(DROP_ZONE).waitFor({ timeout: RUN_TIMEOUT_MS });
    await dropFile(page, DROP_ZONE, file);
    await page.waitForFunction(() => window.__segworkLastRun !== undefined, null, { timeout: RUN_TIMEOUT_MS, polling: 20 });
    await onSegments(page);
    const pending = await page.evaluate(() => window.__segworkLastRun.sweep_pending);
    if (!pending) fail('the k sweep was already done when the segments were shown; nothing to measure');
    const r = await timeK(page, 5);
    console.log(`during the sweep: ${describeK(r)}`);
    results.push(r);
  }
  return results;
}
