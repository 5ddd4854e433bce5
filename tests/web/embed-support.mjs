// Helpers of the deployment-form browser tests (embed-*, single-*, load-*.e2e.test.mjs): a static server with
// extra headers (CORS, CSP), a site layout that puts web/dist and a host page at different paths, and the
// checks shared by the tests (requests stay on the allowed origins; displayed numbers equal the result's).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WEB, serveDir, tmpdir } from './harness.mjs';

/** Serve `dir` with extra response headers: harness.mjs's serveDir. */
export const serve = serveDir;

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

/** Every object node of the result document (arrays of numbers are not walked). */
function objectNodes(result) {
  const nodes = [];
  const walk = (x) => {
    if (Array.isArray(x)) { for (const v of x) if (v && typeof v === 'object') walk(v); return; }
    nodes.push(x);
    for (const v of Object.values(x)) if (v && typeof v === 'object') walk(v);
  };
  walk(result);
  return nodes;
}

/** Resolve a dotted key ("max_drawdown", "fact_sheet.net.max_drawdown",
 * "annualized_table.return_net.since_inception") from `node`: a segment is a property, a row of a table
 * ({rows: [{name, values}]}) or a named element of an array. */
function resolve(node, segs) {
  let x = node;
  for (const seg of segs) {
    if (x === null || typeof x !== 'object') return undefined;
    if (!Array.isArray(x) && seg in x) x = x[seg];
    else if (Array.isArray(x.rows)) x = x.rows.find((r) => r.name === seg)?.values;
    else if (Array.isArray(x)) x = x.find((r) => r && r.name === seg);
    else return undefined;
  }
  return x;
}

/** Each displayed cell {key, raw} (data-key / data-raw, page-tables' convention) must be a value the result
 * document holds at that key (resolved from some node of the document): the page shows the engine's numbers,
 * not numbers of its own. */
export function assertDisplayedFromResult(cells, result, minCells) {
  assert.ok(cells.length >= minCells, `expected at least ${minCells} displayed metric cells, found ${cells.length}`);
  const nodes = objectNodes(result);
  const cache = new Map();
  const valuesAt = (key) => {
    if (!cache.has(key)) {
      const segs = key.split('.');
      const vals = new Set();
      for (const n of nodes) {
        const v = resolve(n, segs);
        if (v === null || typeof v === 'number') vals.add(JSON.stringify(v));
      }
      cache.set(key, vals);
    }
    return cache.get(key);
  };
  const bad = cells.filter((c) => !valuesAt(c.key).has(JSON.stringify(JSON.parse(c.raw))));
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${cells.length} displayed cells hold numbers that are not in the result`);
}

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

/** Wait for the page's first result (the automatic run of the sample scenario: the app handle that main.ts
 * exposes as window.riskdial has a result); returns ms since navigation start as the page measured it. */
export async function waitFirstResult(page, timeout = 60000) {
  // (a page without the app handle — the import-only page before mountApp — counts its 'ready' state)
  // (string evaluation is blocked by the page's CSP: no 'unsafe-eval'; so the check is written out twice)
  await page.waitForFunction(() => (window.riskdial ? window.riskdial.getResults?.() != null : document.body.dataset.state === 'ready') ||
    document.body.dataset.state === 'error', null, { timeout, polling: 20 });
  const at = await page.evaluate(() => performance.now());
  const ok = await page.evaluate(() => (window.riskdial ? window.riskdial.getResults?.() != null : document.body.dataset.state === 'ready'));
  if (!ok) throw new Error(`no result, page state '${await page.evaluate(() => document.body.dataset.state)}': ${await page.evaluate(() => document.body.innerText.slice(0, 500))}`);
  return at;
}
