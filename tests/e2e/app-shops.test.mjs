// End-to-end tests on shop exports (tests/fixtures/shops, written by
// make_shop_exports.py): each is recognised from its header and reaches segments with no
// mapping step; the recognised layout is named and can be changed; a day/month order the
// file does not settle can be switched.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { screenshot } from '../support/browser.mjs';
import { FIXTURES, cleaningRows, numberIn, rerun, segmentSizes, showTab, withDropped } from './app-support.mjs';

const shop = (name) => path.join(FIXTURES, 'shops', name);

describe('shop exports', () => {
  test('a Shopify export reaches segments with no mapping step, its layout named', () => withDropped(shop('orders_export_1.csv'), async ({ page }) => {
    assert.equal(await page.locator('#layout-choice').inputValue(), 'shopify');
    assert.equal(await page.locator('[data-testid="mapping"]').count(), 0, 'no mapping step');
    const summary = await page.textContent('[data-testid="cleaning-summary"]');
    assert.equal(numberIn(summary, /^([\d,]+) rows read/), 207);
    assert.equal(numberIn(summary, /from ([\d,]+) customers/), 39);
    const rows = await cleaningRows(page);
    assert.equal(rows.StockCodes, 207, 'SKU-less lines are products');
    assert.match(await page.textContent('[data-step="StockCodes"] th'), /Non-product lines/);
    await showTab(page, 'segments');
    assert.equal((await segmentSizes(page)).length, 3);
    await showTab(page, 'cleaning');
    await screenshot(page, 'app-shops-shopify');
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

  test('a European CSV settles day-first from its own dates', () => withDropped(shop('bestellungen_eu.csv'), async ({ page }) => {
    assert.match(await page.textContent('[data-testid="date-order"]'), /day first .*settled by the file/);
    assert.equal(await page.locator('[data-testid="switch-day-order"]').count(), 0);
  }));
});
