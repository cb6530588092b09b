// A file dropped while the analysis engine's code is still loading (a slow connection, a
// user who drops at once) waits for the engine and is analysed: it is not lost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve } from '../support/server.mjs';
import { launch, screenshot } from '../support/browser.mjs';
import { dropFile } from '../support/drop.mjs';
import { DIST, DROP_ZONE, FIXTURES, RESULTS } from './app-support.mjs';

/** How long the worker's wasm is held back: the drop lands well before it arrives. */
const ENGINE_DELAY_MS = 3_000;

test('a file dropped before the engine has loaded is analysed once it has', async () => {
  const server = await serve(DIST);
  const session = await launch();
  try {
    const { page } = session;
    let released = false;
    await session.context.route(/worker_bg\.wasm$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, ENGINE_DELAY_MS));
      released = true;
      await route.continue();
    });
    await page.goto(server.url);
    await page.locator(DROP_ZONE).waitFor({ timeout: 60_000 });
    await dropFile(page, DROP_ZONE, path.join(FIXTURES, 'retail_300.xlsx'));
    assert.equal(released, false, 'the drop must come before the engine has loaded');
    await page.locator(RESULTS).waitFor({ timeout: 120_000 });
    assert.equal(session.pageErrors.length, 0, session.pageErrors.map((e) => e.message).join('\n'));
    await screenshot(page, 'app-early-drop');
  } finally {
    await session.close();
    await server.close();
  }
});
