// The app with no network: the single file (dist/segwork.html, packed by the `build` step
// the way `cargo xtask dist --single-file` packs the release build) opened from file://,
// and the served app opened again offline after one visit, from its service worker.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { launch, screenshot } from '../support/browser.mjs';
import {
  DIST,
  FIXTURES,
  RECORDERS,
  RESULTS,
  dropAndWait,
  openApp,
  runStamp,
  waitForEngine,
  waitForNewRun,
} from './app-support.mjs';

const SHOP = path.join(FIXTURES, 'shops', 'woocommerce_orders.csv');

/** Requests that left the machine: anything but the page's own file and memory. */
const network = (session) =>
  session.requests.map((r) => r.url).filter((url) => !/^(blob|data|file):/.test(url));

describe('the app with no network', () => {
  test('the single file analyses a dropped file and the sample from file://, offline', async () => {
    const file = path.join(DIST, 'segwork.html');
    assert.ok(existsSync(file), `no ${file}: the \`build\` step of \`cargo xtask test\` writes it`);
    const session = await launch({ viewport: { width: 1280, height: 800 } });
    try {
      await session.context.addInitScript(RECORDERS);
      await session.context.setOffline(true);
      await session.page.goto(pathToFileURL(file).href);
      await waitForEngine(session.page);
      // The sample button opens the copy the file carries.
      const before = await runStamp(session.page);
      await session.page.click('[data-testid="sample"]');
      await waitForNewRun(session.page, before);
      assert.equal(await session.page.textContent('[data-testid="file-name"]'), 'sample.xlsx');
      await session.page.locator(RESULTS).waitFor();
      await screenshot(session.page, 'app-single-file');

      // A dropped file, read and analysed with no request (dropAndWait checks).
      await dropAndWait({ page: session.page, session }, SHOP);
      assert.equal(await session.page.textContent('[data-testid="file-name"]'), 'woocommerce_orders.csv');

      assert.deepEqual(network(session), [], 'the single file reaches no address');
      assert.deepEqual(await session.page.evaluate(() => window.__cspViolations), []);
      assert.deepEqual(session.pageErrors, []);
    } finally {
      await session.close();
    }
  });

  test('after one visit the served app opens and analyses a file with the network off', async () => {
    const app = await openApp({ serviceWorkers: 'allow' });
    const { page, session } = app;
    try {
      // The service worker has kept every file of this version.
      await page.waitForFunction(() => document.documentElement.dataset.offline === 'ready', null, {
        timeout: 60_000,
      });
      // No server and no network: only the service worker's copies remain.
      await app.server.close();
      await session.context.setOffline(true);
      await page.reload();
      await waitForEngine(page);
      await dropAndWait(app, SHOP);
      assert.equal(await page.textContent('[data-testid="file-name"]'), 'woocommerce_orders.csv');
      await screenshot(page, 'app-offline');
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
      assert.deepEqual(session.pageErrors, []);
    } finally {
      await session.close();
    }
  });
});
