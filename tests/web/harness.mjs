// Shared helpers for the browser tests: a tiny static server for web/dist, and Chromium via playwright-core.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB = path.join(ROOT, 'web');
export const FIXTURES = path.join(ROOT, 'tests', 'web', 'fixtures');
export const SHOTS = path.join(ROOT, 'build', 'e2e');

// playwright-core is a dependency of web/ (package-lock.json); resolve it from there.
const requireFromWeb = createRequire(path.join(WEB, 'package.json'));
const { chromium } = requireFromWeb('playwright-core');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--metrics-recording-only', '--no-pings'];

export async function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.csv': 'text/csv', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Serve a folder on 127.0.0.1:<random port> with optional extra response headers (CORS, CSP); resolves to
 * {origin, close, hits} (hits = every path requested). */
export function serveDir(dir, headers = {}) {
  const hits = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    hits.push(url.pathname);
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404, headers); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...headers });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) });
    });
  });
}

/** A fresh page that records every request, console message and page error. */
export async function openPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
  const page = await context.newPage();
  const log = { requests: [], console: [], errors: [] };
  // context-level: also sees requests made by the page's workers
  context.on('request', (r) => log.requests.push({ url: r.url(), at: Date.now() }));
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('requestfailed', (r) => log.console.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  return { context, page, log };
}

/** Wait until the page is 'ready' or shows an 'error'; fail fast (with the page's error text) on the wrong one. */
export async function waitState(page, state, timeout = 30000) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout });
  const got = await page.evaluate(() => document.body.dataset.state);
  if (got !== state) {
    const text = await page.evaluate(() => document.getElementById('error')?.textContent ?? '');
    throw new Error(`page state is '${got}', expected '${state}'${text ? `: ${text}` : ''}`);
  }
}

export function screenshotPath(name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  return path.join(SHOTS, name);
}

export function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'riskdial-e2e-'));
}

/** For a test file: launch Chromium and serve `dir` (default web/dist) before its tests, close both after.
 * Returns {browser, server}, filled in once the `before` hook has run. */
export function useBrowserAndDist(dir = path.join(WEB, 'dist')) {
  const env = { browser: null, server: null };
  before(async () => {
    env.browser = await launchBrowser();
    env.server = await serveDir(dir);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
