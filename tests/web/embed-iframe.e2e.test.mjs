// The iframe mode (index.html?embed=1) and its postMessage API in real headless Chromium, driven from a host
// page: set a scenario, load data, get results (numbers equal the ones the page in the iframe shows), errors
// come back as riskdial:error, and the origin rules hold (parentOrigin; another origin gets nothing).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, launchBrowser, openPage, screenshotPath } from './harness.mjs';
import { assertDisplayedFromResult, assertOnlyFrom, frameRequest, serve, siteRoot } from './embed-support.mjs';

const SCENARIO = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'embed_scenario.json'), 'utf8'));
const PRICES = fs.readFileSync(path.join(FIXTURES, 'embed_prices.csv'), 'utf8');
const BAD = fs.readFileSync(path.join(FIXTURES, 'bad_value.csv'), 'utf8');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A host page that frames `src` and records every message it receives (window.got). */
const HOST_JS = `window.got = [];
window.addEventListener('message', (e) => window.got.push({ type: e.data && e.data.type, origin: e.origin, data: e.data }));
document.getElementById('f').src = new URLSearchParams(location.search).get('src');`;
const HOST_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; frame-src *; style-src 'self' 'unsafe-inline'">
<script src="host.js" defer></script></head><body><iframe id="f" title="riskdial" style="width:1200px;height:900px"></iframe></body></html>`;

async function displayedInFrame(page) {
  const frame = page.frames().find((f) => f.url().includes('embed=1'));
  return frame.evaluate(() => {
    const roots = [document, ...[...document.querySelectorAll('*')].map((e) => e.shadowRoot).filter(Boolean)];
    return roots.flatMap((r) => [...r.querySelectorAll('[data-key][data-raw]')].map((e) => ({ key: e.dataset.key, raw: e.dataset.raw })));
  });
}

describe('iframe mode with the postMessage API', () => {
  test('set scenario, load data, get results; the numbers equal the page\'s; errors are replied; nothing leaves the origin', async () => {
    const root = siteRoot({ 'host/a/index.html': HOST_HTML, 'host/a/host.js': HOST_JS });
    const server = await serve(root);
    try {
      const { context, page, log } = await openPage(browser);
      const app = `${server.origin}/site/index.html?embed=1&parentOrigin=${encodeURIComponent(server.origin)}` +
        '&rd-accent=%230b7a3e&rd-radius=3px&rd-fg=red;x';
      await page.goto(`${server.origin}/host/a/?src=${encodeURIComponent(app)}`);
      // ready, then (parentOrigin given) the result of the automatic first run arrives unasked
      await page.waitForFunction(() => window.got.some((m) => m.type === 'riskdial:ready'), null, { timeout: 30000 });
      await page.waitForFunction(() => window.got.some((m) => m.type === 'riskdial:result'), null, { timeout: 30000 });
      const ready = await page.evaluate(() => window.got.find((m) => m.type === 'riskdial:ready'));
      assert.deepEqual(ready, { type: 'riskdial:ready', origin: server.origin, data: { type: 'riskdial:ready', version: 1 } });

      // 1. set-scenario → a result with the scenario's strategies
      const r1 = await frameRequest(page, '#f', { type: 'riskdial:set-scenario', scenario: SCENARIO, id: 'set' });
      assert.equal(r1.data.type, 'riskdial:result', JSON.stringify(r1.data.error));
      assert.equal(r1.origin, server.origin);
      assert.deepEqual(r1.data.result.strategies.map((s) => s.name), ['Host 60/40', 'Host 30/60/10']);
      assert.equal(r1.data.result.manifest.data.first_date, '2003-01-02', 'still the sample data');

      // 2. load-data → the same scenario on the host's CSV
      const r2 = await frameRequest(page, '#f', { type: 'riskdial:load-data', files: [{ name: 'embed_prices.csv', text: PRICES }] });
      assert.equal(r2.data.type, 'riskdial:result', JSON.stringify(r2.data.error));
      assert.equal(r2.data.result.manifest.data.first_date, PRICES.split('\n')[1].split(',')[0]);
      assert.deepEqual(r2.data.result.strategies.map((s) => s.name), ['Host 60/40', 'Host 30/60/10']);
      const net = (r) => r.strategies.map((s) => s.metrics.monthly.fact_sheet.rows.find((x) => x.name === 'net').values.return_cumulative);
      assert.notDeepEqual(net(r2.data.result), net(r1.data.result), 'other data, other numbers');

      // 3. get-results → exactly the last result, with the request id echoed
      const r3 = await frameRequest(page, '#f', { type: 'riskdial:get-results', id: 42 });
      assert.equal(r3.data.type, 'riskdial:result');
      assert.equal(r3.data.id, 42);
      assert.deepEqual(r3.data.result, r2.data.result);

      // the numbers the iframe page shows are the ones the host received
      const cells = await displayedInFrame(page);
      assertDisplayedFromResult(cells, r3.data.result, 6);
      // the URL's theme: accent and radius set (and used), the malformed rd-fg ignored
      const theme = await page.frames().find((f) => f.url().includes('embed=1')).evaluate(() => {
        const all = [document.documentElement, ...document.querySelectorAll('*')];
        return {
          accent: getComputedStyle(document.documentElement).getPropertyValue('--rd-accent').trim(),
          fg: getComputedStyle(document.documentElement).getPropertyValue('--rd-fg').trim(),
          usesAccent: all.some((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor, getComputedStyle(e).borderTopColor].includes('rgb(11, 122, 62)')),
          usesRadius: all.some((e) => getComputedStyle(e).borderTopLeftRadius === '3px'),
        };
      });
      assert.deepEqual(theme, { accent: '#0b7a3e', fg: '', usesAccent: true, usesRadius: true });
      await page.screenshot({ path: screenshotPath('embed-iframe.png') });

      // 4. errors come back as riskdial:error with the engine's location; the last result stays
      const e1 = await frameRequest(page, '#f', { type: 'riskdial:load-data', files: [{ name: 'bad_value.csv', text: BAD }], id: 'bad' });
      assert.equal(e1.data.type, 'riskdial:error');
      assert.equal(e1.data.request, 'riskdial:load-data');
      assert.equal(e1.data.id, 'bad');
      assert.deepEqual([e1.data.error.code, e1.data.error.file, e1.data.error.row, e1.data.error.column], ['non_numeric', 'bad_value.csv', 4, 2]);
      const e2 = await frameRequest(page, '#f', { type: 'riskdial:set-scenario', scenario: { version: 1, strategies: [{ name: 'x', type: 'nope' }] } });
      assert.equal(e2.data.type, 'riskdial:error');
      assert.match(e2.data.error.file, /strategies\[0\]/);
      const e3 = await frameRequest(page, '#f', { type: 'riskdial:load-data', files: 'x' });
      assert.equal(e3.data.error.code, 'bad_message');
      const r4 = await frameRequest(page, '#f', { type: 'riskdial:get-results' });
      assert.deepEqual(r4.data.result, r2.data.result);

      assertOnlyFrom(log.requests, [server.origin + '/']);
      assert.deepEqual(log.errors, [], log.console.join('\n'));
      await context.close();
    } finally {
      await server.close();
    }
  });

  test('origin rules: a host on another origin than parentOrigin gets nothing and cannot drive the app; without parentOrigin the requester is answered', async () => {
    const app = await serve(siteRoot());
    const other = await serve(siteRoot({ 'h/index.html': HOST_HTML, 'h/host.js': HOST_JS }));
    try {
      const { context, page } = await openPage(browser);
      // framed by `other`, but the app only trusts app.origin
      const src = `${app.origin}/site/index.html?embed=1&parentOrigin=${encodeURIComponent(app.origin)}`;
      await page.goto(`${other.origin}/h/?src=${encodeURIComponent(src)}`);
      const frame = await (await page.waitForSelector('#f')).contentFrame();
      await frame.waitForLoadState('load');
      await page.evaluate((o) => document.getElementById('f').contentWindow.postMessage({ type: 'riskdial:get-results', id: 1 }, o), app.origin);
      await page.evaluate((o) => document.getElementById('f').contentWindow.postMessage({ type: 'riskdial:load-data', files: [{ name: 'a.csv', text: 'Date,A\n2024-01-02,1\n' }] }, o), app.origin);
      await page.waitForTimeout(2500);
      assert.deepEqual(await page.evaluate(() => window.got), [], 'the other origin received messages');

      // without parentOrigin: ready reaches any parent; the requester's origin gets the reply
      const open = `${app.origin}/site/index.html?embed=1`;
      await page.goto(`${other.origin}/h/?src=${encodeURIComponent(open)}`);
      await page.waitForFunction(() => window.got.some((m) => m.type === 'riskdial:ready'), null, { timeout: 30000 });
      const reply = await frameRequest(page, '#f', { type: 'riskdial:get-results', id: 2 }, ['riskdial:result', 'riskdial:error'])
        .catch((e) => ({ failed: String(e) }));
      assert.ok(reply.data, JSON.stringify(reply));
      assert.equal(reply.origin, app.origin);
      assert.ok(['riskdial:result', 'riskdial:error'].includes(reply.data.type));
      if (reply.data.type === 'riskdial:error') assert.equal(reply.data.error.code, 'no_result');
      await context.close();
    } finally {
      await app.close();
      await other.close();
    }
  });
});
