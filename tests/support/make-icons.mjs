// Draws the app's PNG icons (for the web app manifest) from public/icon.svg with Debian's
// Chromium: `node tests/support/make-icons.mjs` from the repository root.
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';

const svg = await readFile('public/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>body{margin:0}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`);
  await page.screenshot({ path: `public/icon-${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
