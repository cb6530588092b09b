// End-to-end tests on shop exports (tests/fixtures/shops, written by
// make_shop_exports.py): each is recognised from its header and reaches segments with no
// mapping step; the recognised layout is named and can be changed; a day/month order the
// file does not settle can be switched; a layout no preset knows is mapped through the
// mapping step's pre-selected guesses, which the page remembers for the next such file.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { screenshot } from '../support/browser.mjs';
import { dropFile } from '../support/drop.mjs';
import {
  DROP_ZONE, FIXTURES, cleaningRows, numberIn, openApp, requestsSince, rerun, runStamp, segmentSizes, showTab,
  waitForNewRun, withDropped,
} from './app-support.mjs';

const shop = (name) => path.join(FIXTURES, 'shops', name);

describe('shop exports', () => {
  test('a Shopify export reaches segments with no mapping step, its layout named', () => withDropped(shop('orders_export_1.csv'), async ({ page }) => {
    assert.equal(await page.locator('#layout-choice').inputValue(), 'shopify');
    assert.equal(await page.locator('[data-testid="mapping"]').count(), 0, 'no mapping step');
    const summary = await page.textContent('[data-testid="cleaning-summary"]');
    assert.equal(numberIn(summary, /^([\d,]+) rows read/), 207);
    assert.equal(numberIn(summary, /from ([\d,]+) customers/), 39);
    assert.match(summary, / orders from 39 customers, 2023-\d\d-\d\d to 2023-\d\d-\d\d \(\d+ days\)/);
    assert.match(await page.textContent('[data-testid="cautions"]'), /Only 39 customers: each segment rests on a handful of people/);
    const rows = await cleaningRows(page);
    assert.equal(rows.StockCodes, 207, 'SKU-less lines are products');
    assert.match(await page.textContent('[data-step="StockCodes"] th'), /Non-product lines/);
    await showTab(page, 'segments');
    assert.equal((await segmentSizes(page)).length, 3);
    await showTab(page, 'cleaning');
    await screenshot(page, 'app-shops-shopify');
  }));

  test('a point-of-sale export takes its times of day from its Time column', () => withDropped(shop('square_items.csv'), async ({ page }) => {
    assert.equal(await page.locator('[data-testid="mapping"]').count(), 0, 'no mapping step');
    assert.match(await page.textContent('[data-testid="time-of-day"]'), /Times of day read from the column "Time"/);
    await screenshot(page, 'app-shops-square');
    await showTab(page, 'segments');
    assert.equal((await segmentSizes(page)).length, 3);
  }));

  test('a Superstore sheet keeps its CA- orders, and another layout can be chosen', () => withDropped(shop('superstore_orders.csv'), async ({ page }) => {
    assert.equal(await page.locator('#layout-choice').inputValue(), 'superstore');
    assert.equal((await cleaningRows(page)).Prices, 198);
    assert.match(await page.textContent('[data-testid="cleaning-summary"]'), / 0 lines are cancellations/);
    await rerun(page, () => page.selectOption('#layout-choice', 'generic'), 120_000);
    assert.equal(await page.locator('#layout-choice').inputValue(), 'generic');
  }));

  test('a purchase log without a header reaches segments and says what it lacks', () => withDropped(shop('purchase_log.txt'), async ({ page }) => {
    assert.equal(await page.locator('#layout-choice').inputValue(), 'purchase-log');
    const absent = await page.textContent('[data-testid="absent-fields"]');
    assert.match(absent, /No order id/);
    assert.match(absent, /No product id or name: product recommendations are skipped/);
    await showTab(page, 'recommendations');
    assert.match(await page.textContent('[data-testid="recommendations-skipped"]'), /no product id or product name/);
    await showTab(page, 'segments');
    assert.equal((await segmentSizes(page)).length, 3);
    await showTab(page, 'cleaning');
    await screenshot(page, 'app-shops-purchase-log');
  }));

  test('a cleaning rule can be switched off and on again, its lines counted either way', () => withDropped(shop('woocommerce_orders.csv'), async ({ page }) => {
    const before = await cleaningRows(page);
    const caught = before.Cancellations - before.StockCodes;
    assert.ok(caught > 0, 'the fixture has lines that are not products');
    const toggle = page.locator('[data-step="StockCodes"] [data-testid="rule-switch"]');
    assert.equal(await toggle.isChecked(), true);
    await rerun(page, () => toggle.uncheck(), 120_000);
    const off = await cleaningRows(page);
    assert.equal(off.StockCodes, before.Cancellations, 'every line kept');
    assert.equal(await page.textContent('[data-step="StockCodes"] [data-testid="rows-change"]'), `off: ${caught} kept`);
    assert.equal(await toggle.isChecked(), false);
    await showTab(page, 'segments');
    assert.equal((await segmentSizes(page)).length, 3);
    await showTab(page, 'cleaning');
    await screenshot(page, 'app-shops-rule-off');
    await rerun(page, () => toggle.check(), 120_000);
    assert.deepEqual(await cleaningRows(page), before);
  }));

  test('a European CSV settles day-first from its own dates', () => withDropped(shop('bestellungen_eu.csv'), async ({ page }) => {
    assert.match(await page.textContent('[data-testid="date-order"]'), /day first .*settled by the file/);
    assert.equal(await page.locator('[data-testid="switch-day-order"]').count(), 0);
  }));
});

/** The column pre-selected for each field of the mapping step. */
const selected = (page) => page.locator('[data-testid="mapping"] select').evaluateAll(
  (selects) => Object.fromEntries(selects.map((s) => [s.dataset.field, s.value])),
);

describe('a layout no preset knows', () => {
  test('is read with the guessed columns as they stand, and the choice is remembered', async () => {
    const app = await openApp();
    const { page, session } = app;
    try {
      const since = session.requests.length;
      await dropFile(page, DROP_ZONE, shop('till_report.csv'));
      const mapping = page.locator('[data-testid="mapping"]');
      await mapping.waitFor({ timeout: 60_000 });
      const preview = page.locator('[data-testid="mapping-preview"]');
      assert.equal(await preview.locator('thead th').count(), 9);
      assert.equal(await preview.locator('tbody tr').count(), 8);
      assert.match(await preview.locator('thead th').nth(3).textContent(), /Client E-mail.*e-mail addresses/);
      assert.deepEqual(await selected(page), {
        CustomerID: 'Client E-mail', InvoiceDate: 'Purchased On', UnitPrice: 'Each', LineTotal: 'Line Total',
        Quantity: 'Units', InvoiceNo: 'Receipt', StockCode: '', Description: 'Article', Country: 'Land',
      });
      const outcome = page.locator('[data-testid="mapping-outcome"]');
      assert.match(await outcome.textContent(), /No product id: products are told apart by name/);
      // Marking the country "not in my file" says at once what it means.
      await page.selectOption('select[data-field="Country"]', '');
      assert.match(await outcome.textContent(), /No country: the location feature is left out/);
      await screenshot(page, 'app-shops-mapping');
      let before = await runStamp(page);
      await page.click('[data-testid="mapping-continue"]');
      await waitForNewRun(page, before);
      assert.equal(await page.locator('#layout-choice').inputValue(), 'generic');
      const summary = await page.textContent('[data-testid="cleaning-summary"]');
      assert.equal(numberIn(summary, /^([\d,]+) rows read/), 164);
      assert.equal(numberIn(summary, /from ([\d,]+) customers/), 24);
      await showTab(page, 'choose-k');
      assert.match(await page.textContent('[data-testid="constant-features"]'), /Left out of the model: .*same value in this file/);
      await showTab(page, 'segments');
      assert.equal((await segmentSizes(page)).length, 3);

      // The same header again: the columns confirmed last time are offered.
      await dropFile(page, DROP_ZONE, shop('till_report.csv'));
      await mapping.waitFor({ timeout: 60_000 });
      assert.match(await mapping.textContent(), /you chose last time/);
      assert.equal((await selected(page)).Country, '');
      before = await runStamp(page);
      await page.click('[data-testid="mapping-continue"]');
      await waitForNewRun(page, before);
      assert.deepEqual(requestsSince(session, since), [], 'the mapping step stays on the page');
    } finally {
      await app.close();
    }
  });
});
