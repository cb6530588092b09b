// End-to-end test of the workbench on the bundled sample (public/sample.xlsx): drop it,
// check the numbers of every view, change k, pick customers, export, and prove that no
// request leaves the page. Screenshots of each view go to target/screenshots/app-*.png.
// Each test opens its own page and drops the sample itself: none depends on another's
// state or order.
//
// Expected cleaning numbers of the sample come from the command line
// (`segwork analyze public/sample.xlsx`), which shares the core with the app.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.mjs';
import {
  SAMPLE, cleaningRows, downloadText, dropAndWait, longestTaskSince, numberIn, openApp, parseCsv, requestsSince,
  rerun, segmentSizes, setK, showTab, withDropped,
} from './app-support.mjs';

const SAMPLE_CLEANING = {
  Load: 40_000,
  MissingValues: 29_943,
  Duplicates: 29_915,
  Cancellations: 29_915,
  StockCodes: 29_779,
  ServiceDescriptions: 29_774,
  Prices: 29_771,
};
const SAMPLE_CUSTOMERS = 3_617;
const SAMPLE_CANCELLED = 648;
const ALL_STAGES = ['Load', 'Clean', 'Features', 'Outliers', 'Scale', 'Pca', 'Cluster', 'Score', 'Recommend',
  'Sweep', 'Rfm', 'Lifetime', 'Cohorts', 'Baskets'];

/** Runs `body` on a fresh page with the sample analysed (see `withDropped`). */
const withSample = (body, options) => withDropped(SAMPLE, body, options);

const scatterImage = (page) => page.$eval('[data-testid="chart-scatter"]', (c) => c.toDataURL());

describe('the workbench on the sample data', () => {
  test('the start screen offers a drop zone, the privacy promise and the attribution', async () => {
    const app = await openApp();
    const { page } = app;
    assert.match(await page.textContent('[data-testid="privacy"]'), /never uploaded.*makes no network requests/s);
    const attribution = await page.textContent('[data-testid="attribution"]');
    assert.match(attribution, /Online Retail/);
    assert.match(attribution, /Chen.*Sain.*Guo.*2012/s);
    assert.match(attribution, /CC BY 4\.0/);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|https?:/);
    await screenshot(page, 'app-start');
    await app.close();
  });

  test('a dropped file shows the cleaning numbers of every step', () => withSample(async ({ app, run }) => {
    assert.deepEqual(await cleaningRows(app.page), SAMPLE_CLEANING);
    const summary = await app.page.textContent('[data-testid="cleaning-summary"]');
    assert.equal(numberIn(summary, /from ([\d,]+) customers/), SAMPLE_CUSTOMERS);
    assert.equal(numberIn(summary, /([\d,]+) lines are cancellations/), SAMPLE_CANCELLED);
    assert.deepEqual(run.stages.map((s) => s.stage), ALL_STAGES);
    assert.ok(run.stages.every((s) => s.ms >= 0));
    assert.ok(run.stages.find((s) => s.stage === 'Sweep').ms > 0, 'the k sweep ran');
    assert.ok(run.total_ms > 0 && run.wasm_memory_bytes > 1e6, JSON.stringify(run));
    const longest = await longestTaskSince(app.page, run.droppedAt);
    console.log(`sample: drop to results ${run.total_ms.toFixed(0)} ms, decode ${run.decode_ms.toFixed(1)} ms, ` +
      `longest main-thread task ${longest.toFixed(0)} ms`);
    assert.ok(longest < 100, `longest main-thread task ${longest} ms`);
    await screenshot(app.page, 'app-cleaning');
  }));

  test('the customer table pages, sorts and searches', () => withSample(async ({ page }) => {
    await showTab(page, 'customers');
    const status = () => page.textContent('[data-testid="customer-status"]');
    assert.equal(numberIn(await status(), /^([\d,]+) customers match/), SAMPLE_CUSTOMERS);
    assert.match(await status(), /page 1 of 73/);
    const rows = page.locator('[data-testid="customer-table"] tbody tr');
    assert.equal(await rows.count(), 50);
    // Sorted by total spend (the 4th feature column after id and segment), largest first.
    const spend = await page.$$eval('[data-testid="customer-table"] tbody tr', (trs) =>
      trs.map((tr) => Number(tr.querySelectorAll('td')[4].textContent.replace(/,/g, ''))));
    assert.deepEqual(spend, [...spend].sort((a, b) => b - a));
    const id = (await rows.nth(7).locator('th').textContent()).trim();
    await page.fill('#customer-search', id);
    await page.waitForFunction(() => /^1 customer matches/.test(document.querySelector('[data-testid="customer-status"]').textContent));
    assert.equal((await rows.first().locator('th').textContent()).trim(), id);
    await page.fill('#customer-search', '');
    await screenshot(page, 'app-customers');
  }));

  test('choosing a k re-runs the model only, reusing the sweep', () => withSample(async ({ app, page }) => {
    await showTab(page, 'choose-k');
    assert.equal(await page.locator('[data-testid^="choose-k-"]').count(), 11);
    assert.equal(await page.getAttribute('[data-testid="choose-k-3"]', 'aria-pressed'), 'true');
    await screenshot(page, 'app-choose-k');
    const since = app.session.requests.length;
    await rerun(page, () => page.click('[data-testid="choose-k-5"]'));
    const run = await page.evaluate(() => window.__segworkLastRun);
    // The file is not read again (no Load, no Clean), the outliers and PCA are not
    // refitted, k = 5 was already clustered by the sweep, and the sweep on screen is kept.
    assert.deepEqual(run.stages.map((s) => s.stage), ['Features', 'Score', 'Recommend']);
    assert.equal(await page.getAttribute('[data-testid="choose-k-5"]', 'aria-pressed'), 'true');
    assert.equal(await page.locator('[data-testid^="choose-k-"]').count(), 11, 'the sweep is kept');
    assert.deepEqual(requestsSince(app.session, since), []);
  }));

  test('changing k changes the scatter and the segment sizes', () => withSample(async ({ page }) => {
    await showTab(page, 'segments');
    const three = await segmentSizes(page);
    assert.equal(three.length, 3);
    const before = await scatterImage(page);
    await setK(page, 4);
    const four = await segmentSizes(page);
    assert.equal(four.length, 4);
    assert.equal(four.reduce((a, b) => a + b), three.reduce((a, b) => a + b), 'the same customers are segmented');
    assert.notEqual(await scatterImage(page), before, 'the scatter is redrawn');
    assert.equal(await page.inputValue('#setting-k'), '4');
  }));

  test('the scatter shows a tooltip, picks a customer and brushes a group', () => withSample(async ({ page }) => {
    await showTab(page, 'segments');
    const box = await page.locator('[data-testid="scatter-overlay"]').boundingBox();
    let found = null;
    for (let y = 0.3; y <= 0.8 && !found; y += 0.02) {
      for (let x = 0.2; x <= 0.8 && !found; x += 0.02) {
        await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
        if (await page.locator('[data-testid="scatter-tooltip"]').count()) found = { x, y };
      }
    }
    assert.ok(found, 'hovering the plot shows a customer');
    const tip = await page.textContent('[data-testid="scatter-tooltip"]');
    assert.match(tip, /^Customer \S+ · .+ · spend [-\d,]+ · [\d,]+ orders · last purchase [\d,]+ days ago$/);
    await screenshot(page, 'app-segments-hover');
    await page.mouse.down();
    await page.mouse.up();
    const picked = await page.textContent('[data-testid="picked-customer"] h3');
    assert.equal(picked, tip.match(/^(Customer \S+)/)[1]);
    await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.15);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.up();
    const brushed = numberIn(await page.textContent('[data-testid="brush-summary"] h3'), /^([\d,]+) customers selected/);
    assert.ok(brushed > 0 && brushed <= SAMPLE_CUSTOMERS, `brushed ${brushed}`);
    await screenshot(page, 'app-segments');
  }));

  test('the scatter and the tabs work from the keyboard', () => withSample(async ({ page }) => {
    await showTab(page, 'segments');
    const picked = () => page.textContent('[data-testid="picked-customer"] h3');
    await page.focus('[data-testid="scatter-overlay"]');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-testid="picked-customer"]').count(), 0);
    await page.keyboard.press('ArrowRight');
    const first = await picked();
    assert.match(first, /^Customer \S+$/);
    const tip = await page.textContent('[data-testid="scatter-tooltip"]');
    assert.equal(tip.match(/^(Customer \S+)/)[1], first, 'the hover card names the picked customer');
    const seen = new Set([first]);
    for (const key of ['ArrowRight', 'ArrowUp', 'ArrowLeft', 'ArrowDown', 'ArrowRight']) {
      await page.keyboard.press(key);
      seen.add(await picked());
    }
    assert.ok(seen.size >= 3, `arrow keys move between customers: ${[...seen].join(', ')}`);
    await screenshot(page, 'app-segments-keyboard');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-testid="picked-customer"]').count(), 0);

    // The tab list: one tab in the Tab order, arrows move and show, Home and End jump.
    assert.deepEqual(await page.$$eval('[role="tab"]', (tabs) => tabs.map((t) => t.tabIndex)), [-1, -1, -1, 0, -1, -1, -1, -1, -1]);
    await page.focus('[data-testid="tab-segments"]');
    const focused = () => page.evaluate(() => document.activeElement.id);
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-recommendations');
    assert.equal(await page.getAttribute('[data-testid="tab-recommendations"]', 'aria-selected'), 'true');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'tab-baskets');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'tab-cleaning', 'the arrows wrap around');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'tab-baskets');
    await page.keyboard.press('Home');
    assert.equal(await focused(), 'tab-cleaning');
    await page.locator('[data-testid="cleaning-summary"]').waitFor();
    await showTab(page, 'segments');
  }));

  test('recommendations for a customer match the exported recommendations', () => withSample(async ({ page }) => {
    const { name, text } = await downloadText(page, () => page.click('[data-testid="export-recommendations"]'));
    assert.equal(name, 'sample-recommendations.csv');
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], ['CustomerID', 'Segment', 'Rank', 'StockCode', 'Description', 'Segment_Quantity', 'Segment_Buyers']);
    const id = rows[1][0];
    const codes = rows.slice(1).filter((r) => r[0] === id).map((r) => r[3]);
    assert.ok(codes.length >= 1 && codes.length <= 3);
    await showTab(page, 'recommendations');
    await page.fill('#recommend-search', id);
    await page.press('#recommend-search', 'Enter');
    await page.waitForFunction((x) => document.querySelector('[data-testid="picked-heading"]')?.textContent.includes(`Customer ${x} `), id);
    const shown = await page.$$eval('[data-testid="customer-recommendations"] tbody tr', (trs) =>
      trs.map((tr) => [tr.children[1].textContent, tr.children[3].textContent]));
    assert.deepEqual(shown.map((r) => r[0]), codes);
    assert.match(shown[0][1], /^Best seller #\d+ in segment '.+' \([\d,]+ units, [\d,]+ buyers\); not yet bought by this customer\.$/);
    assert.equal(await page.locator('[data-testid="segment-products"] .segment-products').count(), 4);
    await screenshot(page, 'app-recommendations');
  }, { k: 4 }));

  test('the customers CSV has one row per customer', () => withSample(async ({ page }) => {
    const { name, text } = await downloadText(page, () => page.click('[data-testid="export-customers"]'));
    assert.equal(name, 'sample-customers.csv');
    const rows = parseCsv(text);
    assert.equal(rows.length, 1 + SAMPLE_CUSTOMERS);
    assert.equal(rows[0][0], 'CustomerID');
    assert.equal(rows[0].length, 1 + 15 + 3 + 6, 'id, 15 features, segment, outlier flag and score, 6 PCs');
    assert.ok(rows.slice(1).every((r) => r.length === rows[0].length));
    const segments = new Set(rows.slice(1).map((r) => r[16]).filter((s) => s !== ''));
    assert.deepEqual([...segments].sort(), ['1', '2', '3', '4']);
  }, { k: 4 }));

  test('a chart saves as PNG and the report as JSON', () => withSample(async ({ page }) => {
    await showTab(page, 'choose-k');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[aria-label^="Save “Elbow"]')]);
    assert.equal(download.suggestedFilename(), 'elbow.png');
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    assert.deepEqual([...Buffer.concat(chunks).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const { text } = await downloadText(page, () => page.click('[data-testid="export-report"]'));
    const report = JSON.parse(text);
    assert.equal(report.params.model.kmeans.k, 4);
    assert.equal(report.file.customers_total, SAMPLE_CUSTOMERS);
    assert.equal(report.sweep.points.length, 11);
  }, { k: 4 }));

  test('the page made no request after loading, and its CSP blocks sending anywhere', () => withSample(async ({ app, page, afterLoad }) => {
    const { session } = app;
    await showTab(page, 'segments');
    await setK(page, 5);
    await downloadText(page, () => page.click('[data-testid="export-customers"]'));
    assert.deepEqual(requestsSince(session, afterLoad), []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
    // Both the page and a blob worker (as the app's own) are stopped by connect-src.
    const elsewhere = 'http://127.0.0.1:9/collect';
    const fromPage = await page.evaluate((url) => fetch(url, { method: 'POST', body: 'x' }).then(() => 'sent', () => 'blocked'), elsewhere);
    assert.equal(fromPage, 'blocked');
    const fromWorker = await page.evaluate((url) => new Promise((resolve) => {
      const code = `fetch(${JSON.stringify(url)}).then(() => postMessage('sent'), () => postMessage('blocked'))`;
      const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
      worker.onmessage = (e) => resolve(e.data);
    }), elsewhere);
    assert.equal(fromWorker, 'blocked');
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.ok(violations.some((v) => v.startsWith('connect-src')), JSON.stringify(violations));
    assert.equal(session.pageErrors.length, 0, JSON.stringify(session.pageErrors));
  }));
});
