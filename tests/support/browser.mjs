// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core.
//
//   const { browser, page, requests, consoleMessages, pageErrors, close } = await launch();
//
// `requests` records every request made in the browser context, in order, as
// { url, method, resourceType, time, status, failure }. It listens on the *context*,
// which sees the page's requests and those of its dedicated workers (checked with
// playwright-core 1.65.1 and Chromium 156: a Worker's fetch() and importScripts() both
// arrive, attributed to the page's main frame; tests/e2e/harness.test.mjs keeps that
// true). Service workers are blocked unless `serviceWorkers: 'allow'` is passed (Segwork's
// keeps the app for offline use, app/sw.js); then PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS
// is set, so its own requests reach `requests` too.
// Requests Chromium makes by itself (e.g. /favicon.ico) reach the server but not
// `requests`: assert on the server's own log for those.
//
// `consoleMessages` ({ type, text, location, time }) and `pageErrors` ({ message, stack,
// time }) include messages and uncaught errors from the page's dedicated workers too.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'target', 'screenshots');

/**
 * Launches headless Chromium with one page and starts recording; `args` adds command-line
 * flags; `serviceWorkers` is playwright's option ('block' unless a test allows them).
 */
export async function launch({ viewport = { width: 1280, height: 900 }, args = [], serviceWorkers = 'block' } = {}) {
  if (serviceWorkers === 'allow') process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
  });
  const context = await browser.newContext({ viewport, serviceWorkers });
  const requests = [];
  const consoleMessages = [];
  const pageErrors = [];
  const byRequest = new Map();

  context.on('request', (request) => {
    const entry = {
      url: request.url(),
      method: request.method(),
      resourceType: request.resourceType(),
      time: Date.now(),
      status: null,
      failure: null,
    };
    byRequest.set(request, entry);
    requests.push(entry);
  });
  context.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (entry) entry.status = response.status();
  });
  context.on('requestfailed', (request) => {
    const entry = byRequest.get(request);
    if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
  });

  const page = await context.newPage();
  page.on('console', (message) => {
    consoleMessages.push({
      type: message.type(),
      text: message.text(),
      location: message.location(),
      time: Date.now(),
    });
  });
  page.on('pageerror', (error) => {
    pageErrors.push({ message: error.message, stack: error.stack, time: Date.now() });
  });

  return {
    browser,
    context,
    page,
    requests,
    consoleMessages,
    pageErrors,
    close: () => browser.close(),
  };
}

/** Saves a full-page PNG as target/screenshots/NAME.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
