// <riskdial-app> in real headless Chromium: the example host page with its custom theme, a host page at a
// different path (scenario and data from the host's own origin, worker and wasm resolved against the script),
// the same-origin rule for data-url, and the element script served from another origin (CORS) under a host CSP
// that allows exactly that origin. Every test asserts that no request leaves the allowed origins.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, launchBrowser, openPage, screenshotPath } from './harness.mjs';
import { assertDisplayedFromResult, assertOnlyFrom, serve, siteRoot } from './embed-support.mjs';

const SCENARIO = fs.readFileSync(path.join(FIXTURES, 'embed_scenario.json'), 'utf8');
const PRICES = fs.readFileSync(path.join(FIXTURES, 'embed_prices.csv'), 'utf8');
const ACCENT = 'rgb(142, 36, 170)'; // #8e24aa, the example host's --rd-accent

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Wait until the element (by id) has a result; returns it. */
async function elementResult(page, id, timeout = 30000) {
  await page.waitForFunction((id) => document.getElementById(id)?.getResults?.() != null, id, { timeout });
  return page.evaluate((id) => document.getElementById(id).getResults(), id);
}

/** The host page: the element script by absolute path from /site/, a strict host CSP. */
function hostPage({ script, csp, body }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>host</title><link rel="icon" href="data:,"><link rel="stylesheet" href="host.css">
<script type="module" src="${script}"></script></head><body>${body}</body></html>`;
}
const HOST_CSS = 'riskdial-app { --rd-accent: #0b7a3e; --rd-font: "DejaVu Serif", serif; --rd-radius: 3px; }';

describe('custom element', () => {
  test('the example host page: themed element (accent, font, radius inside the shadow root), numbers from the result, no outside request', async () => {
    const root = siteRoot();
    const server = await serve(root);
    try {
      const { context, page, log } = await openPage(browser);
      await page.goto(`${server.origin}/site/embed-example.html`);
      const result = await elementResult(page, 'element');
      assert.deepEqual(log.errors, [], log.console.join('\n'));
      assert.deepEqual(result.strategies.map((s) => s.name), JSON.parse(fs.readFileSync(path.join(root, 'site', 'scenarios', 'risk_targeting.json'), 'utf8')).strategies.map((s) => s.name));
      // the theme crosses the shadow boundary: some rendered element uses the host's accent as its color,
      // background or border; the font and the radius arrive too
      const theme = await page.evaluate((accent) => {
        const sr = document.getElementById('element').shadowRoot;
        const all = [...sr.querySelectorAll('*')];
        const uses = all.filter((e) => {
          const cs = getComputedStyle(e);
          return [cs.color, cs.backgroundColor, cs.borderTopColor, cs.borderBottomColor].includes(accent);
        });
        return {
          accentUsers: uses.map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')),
          fonts: [...new Set(all.map((e) => getComputedStyle(e).fontFamily))],
          radii: [...new Set(all.map((e) => getComputedStyle(e).borderTopLeftRadius))],
          accentVar: getComputedStyle(sr.firstElementChild ?? sr.host).getPropertyValue('--rd-accent').trim(),
        };
      }, ACCENT);
      assert.ok(theme.accentUsers.length > 0, 'no element inside the shadow root uses the host accent');
      assert.equal(theme.accentVar, '#8e24aa');
      assert.ok(theme.fonts.some((f) => f.startsWith('Georgia')), theme.fonts.join(' | '));
      assert.ok(theme.radii.includes('14px'), theme.radii.join(' '));
      // the numbers shown are the result's
      const cells = await page.evaluate(() => [...document.getElementById('element').shadowRoot.querySelectorAll('[data-key][data-raw]')]
        .map((e) => ({ key: e.dataset.key, raw: e.dataset.raw })));
      assertDisplayedFromResult(cells, result, result.strategies.length * 3);
      assert.equal(await page.textContent('#element-events'), `result: ${result.strategies.length} strategies`);
      // the data came from data-url (the host's /site/data/sample_prices.csv), worker + wasm from /site/assets/
      assert.ok(server.hits.includes('/site/data/sample_prices.csv'), server.hits.join(' '));
      assert.ok(server.hits.some((p) => /^\/site\/assets\/engine\.worker-.*\.js$/.test(p)), server.hits.join(' '));
      assert.ok(server.hits.some((p) => /^\/site\/assets\/riskdial-.*\.wasm$/.test(p)), server.hits.join(' '));
      // the iframe form on the same page: wait for its first result too, then nothing more may be requested
      await page.waitForFunction(() => /result/.test(document.getElementById('frame-log').textContent), null, { timeout: 30000 });
      await page.locator('#element').screenshot({ path: screenshotPath('embed-element-themed.png') });
      await page.screenshot({ path: screenshotPath('embed-example.png'), fullPage: true });
      const settled = Date.now();
      await page.mouse.move(400, 400);
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(300);
      assertOnlyFrom(log.requests, [server.origin + '/']);
      assert.deepEqual(log.requests.filter((r) => r.at > settled).map((r) => r.url), [], 'requests after both forms showed a result');
      await context.close();
    } finally {
      await server.close();
    }
  });

  test('host page at another path: scenario URL and data-url on the host origin, worker/wasm resolved against the script', async () => {
    const csp = "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";
    const root = siteRoot({
      'portal/deep/page/index.html': hostPage({ script: '/site/riskdial-element.js', csp,
        body: '<riskdial-app id="a" scenario="../scenarios/mine.json" data-url="prices.csv" locale="de-DE"></riskdial-app>' +
              '<riskdial-app id="b" data-url="http://127.0.0.2:9/x.csv"></riskdial-app>' +
              '<riskdial-app id="c" scenario="https://example.com/s.json"></riskdial-app>' }),
      'portal/deep/page/host.css': HOST_CSS,
      'portal/deep/page/prices.csv': PRICES,
      'portal/deep/scenarios/mine.json': SCENARIO,
    });
    const server = await serve(root);
    try {
      const { context, page, log } = await openPage(browser);
      const errors = [];
      await page.exposeFunction('recordError', (id, e) => errors.push({ id, ...e }));
      await page.addInitScript(() => document.addEventListener('riskdial-error', (e) => window.recordError(e.target.id, e.detail)));
      await page.goto(`${server.origin}/portal/deep/page/`);
      const result = await elementResult(page, 'a');
      assert.deepEqual(result.strategies.map((s) => s.name), ['Host 60/40', 'Host 30/60/10']);
      assert.deepEqual(result.manifest.data.columns.map((c) => c.name), PRICES.split('\n')[0].split(',').slice(1));
      assert.equal(result.manifest.data.first_date, PRICES.split('\n')[1].split(',')[0]);
      const cells = await page.evaluate(() => [...document.getElementById('a').shadowRoot.querySelectorAll('[data-key][data-raw]')]
        .map((e) => ({ key: e.dataset.key, raw: e.dataset.raw, text: e.textContent })));
      assertDisplayedFromResult(cells, result, 6);
      assert.ok(cells.some((c) => /^-?\d+,\d\d\s?%$/.test(c.text)), `de-DE number format: ${cells.map((c) => c.text).join(' ')}`);
      // b and c: refused before any fetch, with a clear message
      for (const [id, bad] of [['b', 'http://127.0.0.2:9/x.csv'], ['c', 'https://example.com/s.json']]) {
        const box = await page.evaluate((id) => {
          const e = document.getElementById(id).shadowRoot.querySelector('.rd-embed-error');
          return e && { code: e.dataset.code, text: e.textContent, role: e.getAttribute('role') };
        }, id);
        assert.ok(box, `element ${id} shows no error`);
        assert.equal(box.code, 'cross_origin');
        assert.equal(box.role, 'alert');
        assert.match(box.text, new RegExp(`'${bad.replace(/[.?/]/g, '\\$&')}' is not on this page's own origin \\(${server.origin.replace(/[.]/g, '\\.')}\\)`));
      }
      assert.deepEqual(errors.map((e) => [e.id, e.code]).sort(), [['b', 'cross_origin'], ['c', 'cross_origin']]);
      // paths: the element script and its chunks from /site/, the data and scenario from the host's paths
      assert.ok(server.hits.includes('/portal/deep/page/prices.csv'));
      assert.ok(server.hits.includes('/portal/deep/scenarios/mine.json'));
      assert.ok(server.hits.some((p) => /^\/site\/assets\/riskdial-.*\.wasm$/.test(p)), server.hits.join(' '));
      assert.deepEqual(server.hits.filter((p) => !p.startsWith('/site/') && !p.startsWith('/portal/deep/')), []);
      assert.deepEqual(server.hits.filter((p) => p.startsWith('/portal/') && !['/portal/deep/page/', '/portal/deep/page/host.css',
        '/portal/deep/page/prices.csv', '/portal/deep/scenarios/mine.json'].includes(p)), [], 'nothing resolved against the host page');
      assertOnlyFrom(log.requests, [server.origin + '/']);
      assert.deepEqual(log.errors, [], log.console.join('\n'));
      await page.locator('#a').screenshot({ path: screenshotPath('embed-element-subpath.png') });
      // the locale attribute switches the display in place (same numbers, en-US format)
      await page.evaluate(() => document.getElementById('a').setAttribute('locale', 'en-US'));
      await page.waitForFunction(() => [...document.getElementById('a').shadowRoot.querySelectorAll('[data-key][data-raw]')]
        .some((e) => /^-?\d+\.\d\d%$/.test(e.textContent)), null, { timeout: 10000 });
      assert.deepEqual(await page.evaluate(() => document.getElementById('a').getResults().strategies.map((s) => s.name)), ['Host 60/40', 'Host 30/60/10']);
      await context.close();
    } finally {
      await server.close();
    }
  });

  test('element script on another origin (CORS) under a host CSP that allows exactly that origin', async () => {
    const assets = await serve(siteRoot(), { 'access-control-allow-origin': '*' });
    const csp = `default-src 'self'; script-src 'self' ${assets.origin} 'wasm-unsafe-eval'; worker-src 'self' blob: ${assets.origin}; ` +
      `connect-src 'self' ${assets.origin}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'`;
    const host = await serve(siteRoot({
      'shop/index.html': hostPage({ script: `${assets.origin}/site/riskdial-element.js`, csp,
        body: '<riskdial-app id="x" data-url="prices.csv" scenario="mine.json"></riskdial-app>' }),
      'shop/host.css': HOST_CSS,
      'shop/prices.csv': PRICES,
      'shop/mine.json': SCENARIO,
    }));
    try {
      const { context, page, log } = await openPage(browser);
      await page.goto(`${host.origin}/shop/`);
      const result = await elementResult(page, 'x');
      assert.deepEqual(result.strategies.map((s) => s.name), ['Host 60/40', 'Host 30/60/10']);
      const color = await page.evaluate(() => {
        const sr = document.getElementById('x').shadowRoot;
        return [...sr.querySelectorAll('*')].some((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor,
          getComputedStyle(e).borderTopColor].includes('rgb(11, 122, 62)'));
      });
      assert.ok(color, 'host accent #0b7a3e used inside the shadow root');
      assert.ok(assets.hits.some((p) => /^\/site\/assets\/riskdial-.*\.wasm$/.test(p)), assets.hits.join(' '));
      assert.deepEqual(host.hits.filter((p) => p.startsWith('/site/')), [], 'no asset was looked up on the host');
      assertOnlyFrom(log.requests, [host.origin + '/', assets.origin + '/']);
      assert.deepEqual(log.errors, [], log.console.join('\n'));
      assert.ok(!log.console.some((l) => /Content Security Policy/i.test(l)), log.console.join('\n'));
      await context.close();
    } finally {
      await host.close();
      await assets.close();
    }
  });
});
