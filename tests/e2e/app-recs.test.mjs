// End-to-end test of the measured recommendations on the bundled sample
// (public/sample.xlsx): the view asks for them when it shows, the backtest table compares
// every method on the last two months, each customer gets two lists with a reason per pick,
// and a file too short to judge says so. On two cores the worker's helper makes EASE's
// half of the models; with one core the worker makes them all, and the table is the same. The users scored are those
// `segwork recommend public/sample.xlsx --backtest` prints (same core).
// Screenshots: target/screenshots/app-recommendations.png, app-recommendations-thin.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { screenshot } from '../support/browser.mjs';
import {
  FIXTURES, SAMPLE, downloadBytes, longestTaskSince, requestsSince, showTab, unzip, withDropped,
} from './app-support.mjs';

/** Customers who bought in training and in the test months, per list, on the sample. */
const SAMPLE_USERS = { discovery: 1_280, nextBasket: 1_296 };
/** The sample's customers, and the picks of all their lists: the rows of the
 * customer_picks.csv `segwork recommend public/sample.xlsx` writes (same core). */
const SAMPLE_CUSTOMERS = 3_617;
const SAMPLE_PICKS = 71_236;
const METHODS = [
  'reference method', 'popularity by buyers', 'popularity in the segment', 'popularity in the country',
  'item-kNN', 'EASE', 'buy again', 'blend of buy again and a model',
];
/** Every reason a pick can carry, in words. */
const REASON = /^(bought by \d+% of customers who bought .+|buys this about every \d+ days; last bought \d+ days ago|bought \d+ times?; last bought \d+ days ago|best seller among customers in .+|best seller in segment '.+'|best seller)$/;

const percent = (text) => Number(text.replace('%', '')) / 100;

/** The backtest table's rows: each method and its cells. */
const tableRows = (page) => page.$$eval('[data-testid="backtest-table"] tbody tr', (trs) =>
  trs.map((tr) => ({
    method: tr.querySelector('th').textContent.trim(),
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
  })));

/** The table measured by the worker and its helper, for the test without the helper. */
let helped;

/** Opens the view and waits for the backtest (or its verdict). */
async function openRecommendations(page) {
  await page.waitForFunction(() => window.__segworkLastRun?.insights_ready, null, { timeout: 120_000 });
  await showTab(page, 'recommendations');
  await page.locator('[data-testid="backtest-table"], [data-testid="backtest-verdict"]').first().waitFor({ timeout: 300_000 });
}

describe('measured recommendations', () => {
  test('the backtest table, the lists of a customer with their reasons, and no request', () =>
    withDropped(SAMPLE, async ({ page, session, afterLoad }) => {
      await openRecommendations(page);
      const period = await page.textContent('[data-testid="backtest-period"]');
      assert.match(period, /from 2011-10-09 to 2011-12-09/);
      assert.match(period, /1,296 customers bought in both periods \(1,280 of them something new\)/);
      assert.deepEqual(
        [SAMPLE_USERS.nextBasket, SAMPLE_USERS.discovery],
        period.match(/([\d,]+) customers bought in both periods \(([\d,]+)/).slice(1).map((n) => Number(n.replace(/,/g, ''))),
      );
      const rows = await tableRows(page);
      assert.deepEqual(rows.map((r) => r.method), METHODS);
      const helper = await page.evaluate(() => window.__segworkLastRun.recs_helper);
      assert.deepEqual(helper?.stages.map((s) => s.stage), ['RecsSettings', 'RecsBacktest', 'RecsFit'],
        'the helper made EASE\'s half of the models');
      assert.ok(helper.wasm_memory_bytes > 0 && helper.busy_ms > 0);
      helped = rows;
      const byMethod = Object.fromEntries(rows.map((r) => [r.method, r]));
      // Columns: discovery hit@10, NDCG@10, hit@3; next basket the same; coverage; used for.
      const used = (list) => rows.find((r) => r.cells[7].includes(list));
      assert.ok(used('discovery') && used('next basket'), 'each list names the method it uses');
      const hit = (row, list) => percent(row.cells[list === 'discovery' ? 0 : 3]);
      for (const list of ['discovery', 'next basket']) {
        assert.ok(hit(used(list), list) >= hit(byMethod['popularity by buyers'], list),
          `${list}: the method used beats best sellers on the test months`);
        assert.ok(hit(used(list), list) > hit(byMethod['reference method'], list),
          `${list}: the method used beats the published method`);
      }
      assert.deepEqual(byMethod['buy again'].cells.slice(0, 3), ['—', '—', '—'], 'buy again only repeats purchases');

      const since = await page.evaluate(() => performance.now());
      await page.fill('#recommend-search', '12347');
      await page.press('#recommend-search', 'Enter');
      // The customer's lists are made in the worker when the customer is picked.
      await page.locator('[data-testid="customer-discovery"]').waitFor();
      assert.equal(await page.evaluate(() => window.__segworkLastRun.lists_customers), 1, 'only this customer\'s lists were made');
      for (const list of ['customer-discovery', 'customer-next-basket']) {
        const reasons = await page.$$eval(`[data-testid="${list}"] td.reason`, (tds) => tds.map((td) => td.textContent.trim()));
        assert.equal(reasons.length, 10, `${list} has ten picks`);
        for (const r of reasons) assert.match(r, REASON);
      }
      const discovery = await page.$$eval('[data-testid="customer-discovery"] tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
      const again = await page.$$eval('[data-testid="customer-next-basket"] td.reason', (tds) => tds.map((td) => td.textContent));
      assert.equal(new Set(discovery).size, 10);
      assert.ok(again.some((r) => /last bought/.test(r)), 'the next basket repeats some of their own products');
      const longest = await longestTaskSince(page, since);
      assert.ok(longest < 50, `showing a customer's lists took a ${longest} ms task`);
      await screenshot(page, 'app-recommendations');

      // The Excel export gets every customer's lists from the worker first: its largest
      // sheet holds every pick of every customer (up to ten per list).
      const { bytes } = await downloadBytes(page, () => page.click('[data-testid="export-segwork"]'));
      assert.equal(await page.evaluate(() => window.__segworkLastRun.lists_customers), SAMPLE_CUSTOMERS);
      const sheets = [...unzip(bytes)].filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
      assert.equal(sheets.length, 10, 'the eight tables, the customers\' picks and the backtest');
      const sheetRows = sheets.map(([, xml]) => (xml.toString('utf8').match(/<row /g) ?? []).length);
      assert.equal(Math.max(...sheetRows), 1 + SAMPLE_PICKS, 'a header and a row per pick');
      assert.deepEqual(requestsSince(session, afterLoad), []);
    }));

  test('the worker alone, with no helper on one core, measures the same', () =>
    withDropped(SAMPLE, async ({ page, session, afterLoad }) => {
      await openRecommendations(page);
      assert.equal(await page.evaluate(() => window.__segworkLastRun.recs_helper), null, 'no helper ran');
      const rows = await tableRows(page);
      assert.deepEqual(rows.map((r) => r.method), METHODS);
      assert.ok(helped, 'compared with the table of the test above, which must run first');
      assert.deepEqual(rows, helped, 'the same table as the worker and its helper');
      assert.deepEqual(requestsSince(session, afterLoad), []);
    }, { cores: 1 }));

  test('a file too short to judge says so, and still lists picks', () =>
    withDropped(path.join(FIXTURES, 'retail_300.xlsx'), async ({ page }) => {
      await openRecommendations(page);
      const verdict = await page.textContent('[data-testid="backtest-verdict"]');
      assert.match(verdict, /Too little data to judge: the purchases span \d+ days?/);
      assert.match(verdict, /unmeasured on this file/);
      await page.fill('#recommend-search', '17850');
      await page.press('#recommend-search', 'Enter');
      await page.locator('[data-testid="customer-next-basket"]').waitFor();
      await screenshot(page, 'app-recommendations-thin');
    }));
});
