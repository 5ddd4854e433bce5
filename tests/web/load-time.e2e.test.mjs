// Loading benchmark (printed, not asserted): open the static site in headless Chromium and measure the time
// from navigation start to the first result (the automatic run of the sample scenario), 3 fresh contexts,
// plus the gzipped wasm + js + css the page loaded. Also: the static site works under a sub-path (page,
// iframe mode and element entry), and no request leaves the origin. Figures go to build/bench/page-load.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, WEB, launchBrowser, openPage, screenshotPath } from './harness.mjs';
import { assertOnlyFrom, serve, waitFirstResult } from './embed-support.mjs';
import { printSizes } from '../../scripts/page-sizes.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

describe('loading', () => {
  test('the static pages\' CSP (index.html, embed-example.html) allows no outside host', () => {
    for (const f of ['index.html', 'embed-example.html']) {
      const html = fs.readFileSync(path.join(WEB, 'dist', f), 'utf8');
      const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
      assert.ok(csp, `${f}: CSP meta tag`);
      const d = Object.fromEntries(csp.split(';').map((x) => x.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      assert.deepEqual(d['default-src'], ["'self'"], f);
      assert.deepEqual(d['connect-src'].filter((x) => !["'self'", 'blob:', 'data:'].includes(x)), [], `${f}: ${csp}`);
      for (const [k, v] of Object.entries(d)) assert.ok(!v.some((x) => /^(https?:|\*|https?$)/.test(x) || x.includes('.')), `${f}: ${k} ${v}`);
    }
  });

  test('time to the first result (printed) and the size of what the page loaded; nothing leaves the origin', async () => {
    const server = await serve(path.join(WEB, 'dist'));
    const runs = [];
    let loaded = [];
    try {
      for (let i = 0; i < 3; i++) {
        const { context, page, log } = await openPage(browser);
        const t0 = Date.now();
        await page.goto(`${server.origin}/index.html`);
        const inPage = await waitFirstResult(page);
        // breakdown: when the page's own scripts had arrived, and the engine time of the first run
        const parts = await page.evaluate(() => ({
          scripts_ms: Math.round(Math.max(0, ...performance.getEntriesByType('resource').filter((r) => /\.(m?js|css)$/.test(r.name)).map((r) => r.responseEnd))),
          engine_ms: Math.round(window.riskdial?.getResults?.()?.engineMs ?? NaN) || null,
        }));
        runs.push({ wall_ms: Date.now() - t0, page_ms: Math.round(inPage), ...parts });
        const settled = Date.now();
        await page.waitForTimeout(300);
        assertOnlyFrom(log.requests, [server.origin + '/']);
        assert.deepEqual(log.requests.filter((r) => r.at > settled).map((r) => r.url), [], 'requests after the first result');
        assert.deepEqual(log.errors, [], log.console.join('\n'));
        if (i === 0) {
          loaded = [...new Set(log.requests.map((r) => new URL(r.url).pathname.slice(1)).filter((p) => /\.(wasm|m?js|css)$/.test(p)))];
          await page.screenshot({ path: screenshotPath('load-first-result.png'), fullPage: true });
        }
        await context.close();
      }
    } finally {
      await server.close();
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const summary = { runs, median_page_ms: med(runs.map((r) => r.page_ms)), median_wall_ms: med(runs.map((r) => r.wall_ms)),
      load_average: (await import('node:os')).loadavg()[0] };
    console.log(`# time to first result (navigation start → result, headless Chromium, cold contexts): ` +
      `median ${summary.median_page_ms} ms in-page, ${summary.median_wall_ms} ms wall (machine load average ${summary.load_average.toFixed(1)}); ` +
      `runs ${JSON.stringify(runs)} (scripts_ms: page scripts and styles arrived; engine_ms: the engine's time for the first run)`);
    const sizes = printSizes({ loaded });
    console.log(`# loaded for the first result: wasm + js + css = ${(sizes.loaded.wasmJsCss.gzip / 1000).toFixed(1)} kB gzip`);
    assert.ok(loaded.some((f) => f.endsWith('.wasm')) && loaded.some((f) => f.endsWith('.js')), loaded.join(' '));
    fs.mkdirSync(path.join(ROOT, 'build', 'bench'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'build', 'bench', 'page-load.json'), JSON.stringify({ ...summary, loaded: sizes.loaded, all: sizes.all, single: sizes.single }, null, 1));
  });

  test('static site under a sub-path: page, iframe mode and element entry resolve every asset under it', async () => {
    const server = await serve(WEB); // web/dist is served as /dist/
    try {
      const { context, page, log } = await openPage(browser);
      // the example page holds all three: the element entry, and the page itself in the iframe mode
      await page.goto(`${server.origin}/dist/embed-example.html`);
      await page.waitForFunction(() => document.getElementById('element')?.getResults?.() != null, null, { timeout: 60000 });
      await page.waitForFunction(() => /result/.test(document.getElementById('frame-log').textContent), null, { timeout: 60000 });
      assert.ok(server.hits.includes('/dist/index.html'), server.hits.join(' '));
      // (/favicon.ico: the browser's own default lookup when a page names no icon; same origin, not the app's)
      const outside = server.hits.filter((p) => !p.startsWith('/dist/') && p !== '/favicon.ico');
      assert.deepEqual(outside, [], 'paths outside /dist/');
      assert.ok(server.hits.includes('/dist/riskdial-element.js'));
      assert.ok(server.hits.filter((p) => /^\/dist\/assets\/riskdial-.*\.wasm$/.test(p)).length >= 2, server.hits.join(' '));
      assertOnlyFrom(log.requests, [server.origin + '/']);
      assert.deepEqual(log.errors, [], log.console.join('\n'));
      await context.close();
    } finally {
      await server.close();
    }
  });
});
