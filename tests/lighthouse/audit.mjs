// Lighthouse on the shipped build (`cargo xtask dist`), as `cargo xtask bench` runs it:
//
//   SEGWORK_DIST=target/site node tests/lighthouse/audit.mjs
//
// The build is served on 127.0.0.1 the way a production server serves it (precompressed
// brotli copies), Debian's Chromium is started headless with no network beyond loopback,
// and Lighthouse audits the page twice: with its default mobile settings (simulated slow
// 4G and a 4x slower CPU) and with its desktop preset. It prints each category's score and
// the timings behind the performance score, and saves both reports (HTML and JSON) under
// target/lighthouse/. It exits non-zero only when the audit itself cannot run: the scores
// are figures to read, not a pass or fail.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { serve } from '../support/server.mjs';
import { recordFigures } from '../bench/common.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/browser.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SITE = path.resolve(REPO_ROOT, process.env.SEGWORK_DIST ?? 'target/site');
const OUT = path.join(REPO_ROOT, 'target', 'lighthouse');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  ['first-contentful-paint', 'FCP'],
  ['largest-contentful-paint', 'LCP'],
  ['total-blocking-time', 'TBT'],
  ['cumulative-layout-shift', 'CLS'],
  ['speed-index', 'SI'],
];
const FORMS = [
  ['mobile', undefined],
  ['desktop', desktopConfig],
];

async function audit(url, port, [form, config]) {
  const flags = { port, output: ['html', 'json'], logLevel: 'error', onlyCategories: CATEGORIES };
  const result = await lighthouse(url, flags, config);
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const [html, json] = result.report;
  await writeFile(path.join(OUT, `${form}.report.html`), html);
  await writeFile(path.join(OUT, `${form}.report.json`), json);
  const { categories, audits, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`Lighthouse (${form}): ${runtimeError.message}`);
  const scores = CATEGORIES.map((id) => `${categories[id].title.toLowerCase()} ${Math.round(categories[id].score * 100)}`);
  const metrics = METRICS.map(([id, short]) => `${short} ${audits[id].displayValue}`);
  console.log(`lighthouse (${form}): ${scores.join(', ')}`);
  await recordFigures('lighthouse', Object.fromEntries(CATEGORIES.map((id) => [id, Math.round(categories[id].score * 100)])), form);
  console.log(`lighthouse (${form}) timings: ${metrics.join(', ')}`);
  for (const id of CATEGORIES.slice(1)) {
    for (const ref of categories[id].auditRefs) {
      const found = audits[ref.id];
      if (ref.weight > 0 && found.score !== null && found.score < 1) {
        console.log(`  ${id} (${form}) falls short on: ${found.title}`);
      }
    }
  }
}

const server = await serve(SITE, { precompressed: true });
const profile = await mkdtemp(path.join(tmpdir(), 'segwork-lighthouse-'));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM_PATH,
  chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  userDataDir: profile,
});
try {
  await mkdir(OUT, { recursive: true });
  for (const form of FORMS) await audit(server.url, chrome.port, form);
  const elsewhere = server.requests.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.path}`);
  if (elsewhere.length) console.log(`requests the server could not answer: ${elsewhere.join(', ')}`);
  console.log(`reports: ${path.relative(REPO_ROOT, OUT)}/{mobile,desktop}.report.html`);
} finally {
  chrome.kill();
  await server.close();
  await rm(profile, { recursive: true, force: true });
}
