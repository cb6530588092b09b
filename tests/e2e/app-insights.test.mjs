// End-to-end test of the marketer's views on the bundled sample (public/sample.xlsx): the
// RFM grid and segments, lifetime value with its backtest, cohorts, what sells together,
// and the Excel export. Expected figures come from the command line
// (`segwork analyze public/sample.xlsx`), which shares the core with the app.
// Screenshots go to target/screenshots/app-rfm.png and the like.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot } from '../support/browser.mjs';
import { SAMPLE, numberIn, requestsSince, rerun, showTab, withDropped } from './app-support.mjs';

/** RFM segment sizes of the sample, as `segwork analyze public/sample.xlsx` prints them. */
const SAMPLE_RFM = {
  Champions: 547,
  'Loyal Customers': 626,
  'Potential Loyalists': 403,
  'New Customers': 50,
  Promising: 75,
  'Need Attention': 174,
  'About to Sleep': 286,
  'At Risk': 494,
  "Can't Lose": 58,
  Hibernating: 874,
};
const SAMPLE_RFM_CUSTOMERS = 3_587;

const withSample = (body) => withDropped(SAMPLE, body);
const cells = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent.trim()));
const count = (text) => Number(text.replace(/,/g, ''));
const ranStages = (page) => page.evaluate(() => window.__segworkLastRun.stages.map((s) => s.stage));

describe('the marketer views on the sample data', () => {
  test('RFM: the grid, the named segments, a cell to its customers, and the cross-table', () =>
    withSample(async ({ page, session, afterLoad }) => {
      await showTab(page, 'rfm');
      await page.locator('[data-testid="rfm-grid"]').waitFor();
      const grid = (await cells(page, '[data-testid="rfm-grid"] td.heat .count')).map(count);
      assert.equal(grid.length, 25);
      assert.equal(grid.reduce((a, b) => a + b, 0), SAMPLE_RFM_CUSTOMERS);
      const rows = await page.$$eval('[data-testid="rfm-segments"] tbody tr', (trs) =>
        trs.map((tr) => [tr.querySelector('th').textContent.trim(), tr.querySelectorAll('td')[1].textContent.trim()]));
      assert.deepEqual(Object.fromEntries(rows.map(([name, n]) => [name, count(n)])), SAMPLE_RFM);
      const actions = await cells(page, '[data-testid="rfm-segments"] td.action');
      assert.ok(actions.every((a) => a.length > 20), 'every segment has a suggested action');

      await page.click('[data-testid="rfm-cell-55"]');
      const heading = await page.textContent('[data-testid="rfm-customers"] h3');
      assert.match(heading, /R 5 and F 5/);
      const listed = await page.locator('[data-testid="rfm-customers"] tbody tr').count();
      assert.equal(listed, Math.min(200, grid[4]), 'the cell R5 F5 (top row, last column) lists its customers');
      await page.click('[data-testid="rfm-segments"] tbody tr:nth-child(10)');
      assert.match(await page.textContent('[data-testid="rfm-customers"] h3'), /Hibernating.*874 customers/);

      const cross = await page.$$eval('[data-testid="rfm-cross"] tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent.replace(/,/g, '')))));
      assert.equal(cross.length, 10);
      const crossed = cross.flat().reduce((a, b) => a + b, 0);
      assert.ok(crossed > 3_000 && crossed <= SAMPLE_RFM_CUSTOMERS, `${crossed} customers in the cross-table`);
      await screenshot(page, 'app-rfm');
      assert.deepEqual(requestsSince(session, afterLoad), []);
    }));

  test('Lifetime value: the no-dropout finding in words, the backtest, customers by value', () =>
    withSample(async ({ page }) => {
      await showTab(page, 'lifetime');
      await page.locator('[data-testid="lifetime-model"]').waitFor();
      assert.match(await page.textContent('[data-testid="lifetime-model"]'), /no measurable dropout/);
      assert.match(await page.textContent('[data-testid="lifetime-note"]'), /heuristic/);
      const backtest = await page.textContent('[data-testid="lifetime-backtest"]');
      assert.match(backtest, /predict the last 93 days/);
      assert.ok(await page.locator('[data-testid="lifetime-backtest"] tbody tr').count() >= 5);
      const values = (await page.$$eval('[data-testid="lifetime-customers"] tbody tr', (trs) =>
        trs.map((tr) => tr.querySelectorAll('td')[6].textContent))).map(count);
      assert.equal(values.length, 100);
      assert.deepEqual(values, [...values].sort((a, b) => b - a), 'highest lifetime value first');
      await screenshot(page, 'app-lifetime');

      // A longer horizon re-fits nothing but the lifetime layer, and raises every value.
      const top = values[0];
      await rerun(page, () => page.fill('[data-testid="clv-horizon"]', '24').then(() =>
        page.dispatchEvent('[data-testid="clv-horizon"]', 'change')));
      const stages = await ranStages(page);
      assert.ok(stages.includes('Lifetime'), stages.join());
      for (const other of ['Load', 'Outliers', 'Cluster', 'Rfm', 'Cohorts', 'Baskets']) {
        assert.ok(!stages.includes(other), `${other} is kept: ${stages.join()}`);
      }
      const after = count(await page.textContent('[data-testid="lifetime-customers"] tbody tr td:nth-child(7)'));
      assert.ok(after > top, `24 months (${after}) are worth more than 12 (${top})`);
    }));

  test('Cohorts: retention by months since the first purchase, customers and revenue', () =>
    withSample(async ({ page }) => {
      await showTab(page, 'cohorts');
      const first = await page.$$eval('[data-testid="cohorts-customers"] tbody tr:first-child > *', (els) =>
        els.map((e) => e.textContent.trim()));
      assert.deepEqual(first.slice(0, 5), ['2010-12', '609', '100.0%', '31.0%', '25.3%']);
      await screenshot(page, 'app-cohorts');
      await page.click('[data-testid="cohort-measure-revenue"]');
      await page.locator('[data-testid="cohorts-revenue"]').waitFor();
      const months = await page.locator('[data-testid="cohorts-revenue"] thead th').count();
      assert.equal(months, 2 + 13, 'cohort, size and months +0 to +12');
    }));

  test('Bought together: too few co-purchases are said plainly; the settings control recounts', () =>
    withSample(async ({ page }) => {
      await showTab(page, 'baskets');
      const none = await page.textContent('[data-testid="baskets-none"]');
      assert.equal(numberIn(none, /these ([\d,]+) orders/), 11_472);
      assert.match(none, /lower minimum support/);
      await rerun(page, () => page.selectOption('[data-testid="min-support"]', '0.001'));
      const stages = await ranStages(page);
      assert.ok(stages.includes('Baskets') && !stages.includes('Rfm') && !stages.includes('Lifetime'), stages.join());
      await page.locator('[data-testid="baskets-none"], [data-testid="basket-rules"]').first().waitFor();
      await screenshot(page, 'app-baskets');
    }));

  test('the Excel export holds one sheet per table', () =>
    withSample(async ({ page }) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('[data-testid="export-segwork"]'),
      ]);
      assert.match(download.suggestedFilename(), /segwork\.xlsx$/);
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip container');
      // Sheet names are stored uncompressed in the zip's directory as xl/worksheets/sheetN.xml;
      // the workbook part lists them by name, compressed, so count the worksheet parts.
      const parts = bytes.toString('latin1').match(/xl\/worksheets\/sheet\d+\.xml/g) ?? [];
      assert.equal(new Set(parts).size, 8, 'summary, customers, segments, RFM, two cohort sheets, pairs, recommendations');
    }));
});
