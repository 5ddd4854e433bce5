// Helpers of the deployment-form browser tests (embed-*, single-*, load-*.e2e.test.mjs): a static server with
// extra headers (CORS, CSP), a site layout that puts web/dist and a host page at different paths, and the
// checks shared by the tests (requests stay on the allowed origins; displayed numbers equal the result's).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WEB, tmpdir } from './harness.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.csv': 'text/csv', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** Serve `dir` on 127.0.0.1:<random port> with extra response headers; {origin, hits, close}. */
export function serve(dir, headers = {}) {
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

/** A temporary web root: /site/ = web/dist (symlink), plus the given files (path → text). */
export function siteRoot(files = {}) {
  const root = tmpdir();
  fs.symlinkSync(path.join(WEB, 'dist'), path.join(root, 'site'));
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  return root;
}

/** Every request URL must start with one of `prefixes` (origins + '/', or a file URL) or be data:/blob:. */
export function assertOnlyFrom(requests, prefixes, what = 'requests leaving the allowed origins') {
  const outside = requests.filter((r) => !(prefixes.some((p) => r.url.startsWith(p)) || r.url.startsWith('data:') || r.url.startsWith('blob:')));
  assert.deepEqual(outside.map((r) => r.url), [], what);
}

/** Every value the result document holds under property `key` (in `values`/`metrics` objects, at any depth). */
function valuesByKey(result) {
  const out = new Map();
  const walk = (x) => {
    if (Array.isArray(x)) { for (const v of x) if (v && typeof v === 'object') walk(v); return; }
    for (const [k, v] of Object.entries(x)) {
      if (v === null || typeof v === 'number') {
        if (!out.has(k)) out.set(k, new Set());
        out.get(k).add(JSON.stringify(v));
      } else if (v && typeof v === 'object') walk(v);
    }
  };
  walk(result);
  return out;
}

/** Each displayed cell {key, raw} (data-key / data-raw, page-tables' convention) must be a value the result
 * document holds under that key: the page shows the engine's numbers, not numbers of its own. */
export function assertDisplayedFromResult(cells, result, minCells) {
  assert.ok(cells.length >= minCells, `expected at least ${minCells} displayed metric cells, found ${cells.length}`);
  const byKey = valuesByKey(result);
  const bad = cells.filter((c) => !byKey.get(c.key)?.has(JSON.stringify(JSON.parse(c.raw))));
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} displayed cells hold numbers that are not in the result`);
}

/** [{key, raw}] of every cell with data-key and data-raw under `root` (a document or a shadow root). */

/** Post a message into the iframe from the host page and collect the iframe's messages until `until` matches. */
export async function frameRequest(page, frameSelector, msg, untilTypes = ['riskdial:result', 'riskdial:error'], timeout = 30000) {
  return page.evaluate(async ({ frameSelector, msg, untilTypes, timeout }) => {
    const frame = document.querySelector(frameSelector);
    const origin = new URL(frame.src).origin;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { window.removeEventListener('message', on); reject(new Error(`no reply to ${msg.type}`)); }, timeout);
      function on(e) {
        if (e.source !== frame.contentWindow || !untilTypes.includes(e.data?.type)) return;
        clearTimeout(timer);
        window.removeEventListener('message', on);
        resolve({ data: e.data, origin: e.origin });
      }
      window.addEventListener('message', on);
      frame.contentWindow.postMessage(msg, origin);
    });
  }, { frameSelector, msg, untilTypes, timeout });
}

/** Wait for the page's first result (the automatic run of the sample scenario); returns ms since navigation
 * start as the page measured it (performance.now()). */
export async function waitFirstResult(page, timeout = 30000) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state ?? ''), null, { timeout });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready') throw new Error(`page state '${state}': ${await page.evaluate(() => document.body.innerText.slice(0, 500))}`);
  return page.evaluate(() => performance.now());
}
