// End-to-end tests in real headless Chromium (Debian's /usr/bin/chromium through playwright-core):
// the built static site (web/dist) served over http, and the offline single file (web/dist-single) from file://.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, WEB, launchBrowser, openPage, screenshotPath, serveDir, waitState } from './harness.mjs';

const timings = {};
let browser;
let server;

before(async () => {
  const t0 = Date.now();
  browser = await launchBrowser();
  timings.launch = Date.now() - t0;
  server = await serveDir(path.join(WEB, 'dist'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  console.log(`# e2e timings (ms): ${JSON.stringify(timings)}`);
});

/** Every request must stay on the page's own origin (or be an in-page data:/blob: URL). */
function assertOwnOrigin(requests, origin) {
  const outside = requests.filter((r) => !(r.url.startsWith(origin + '/') || r.url.startsWith('data:') || r.url.startsWith('blob:')));
  assert.deepEqual(outside.map((r) => r.url), [], 'requests to other origins');
}

async function reportNames(page) {
  return page.$$eval('#report-table tbody tr', (rows) => rows.map((r) => r.dataset.column));
}

describe('static site over http', () => {
  test('opens with the synthetic sample data, its report and a chart; nothing leaves the page', async () => {
    const { context, page, log } = await openPage(browser);
    const t0 = Date.now();
    await page.goto(server.origin + '/index.html');
    await waitState(page, 'ready');
    timings.firstLoad = Date.now() - t0;
    const loadedAt = Date.now();
    assert.deepEqual(log.errors, []);
    const label = await page.textContent('#source-label');
    assert.match(label, /synthetic sample data/);
    assert.match(label, /sample_prices\.csv \(12 series\)/);
    const names = await reportNames(page);
    assert.equal(names.length, 12);
    for (const n of ['SIM_CORE_BOND', 'SIM_US_EQUITY', 'SIM_GOLD', 'SIM_BOND_INDEX', 'SIM_EQUITY_INDEX']) assert.ok(names.includes(n), n);
    assert.equal(await page.getAttribute('#chart', 'data-series'), '12');
    assert.ok(await page.$('#chart canvas'), 'chart canvas');
    const firstRow = await page.$$eval('#report-table tbody tr:first-child > *', (c) => c.map((x) => x.textContent));
    assert.deepEqual(firstRow.slice(0, 3), ['SIM_CORE_BOND', '2003-01-02', '2025-12-31']);
    assert.match(await page.textContent('#engine-status'), /Engine .* ready/);
    assert.match(await page.textContent('#report-files'), /sample_prices\.csv: wide layout, ',' delimiter, '\.' decimal, dates YYYY-MM-DD, 5,969 data rows/);
    assert.match(await page.textContent('#report-summary'), /5,969 dates · 2003-01-02 to 2025-12-31 · daily · 12 columns/);
    assert.equal(await page.isChecked('#log-scale'), true, 'log scale for 20 years of data');
    // interact with the chart after load: still no requests at all
    await page.click('#log-scale');
    await page.mouse.move(600, 900);
    await page.waitForTimeout(300);
    assert.deepEqual(log.requests.filter((r) => r.at > loadedAt).map((r) => r.url), [], 'requests after load');
    assertOwnOrigin(log.requests, server.origin);
    // the recorder does see the page's own assets, including the worker's wasm fetch
    const paths = log.requests.map((r) => new URL(r.url).pathname);
    assert.ok(paths.some((p) => /\/assets\/engine\.worker-.*\.js$/.test(p)), paths.join(' '));
    assert.ok(paths.some((p) => /\/assets\/riskdial-.*\.wasm$/.test(p)), paths.join(' '));
    assert.ok(server.hits.some((p) => p.endsWith('.wasm')));
    await page.click('#log-scale');
    await page.screenshot({ path: screenshotPath('sample.png'), fullPage: true });
    await context.close();
  });

  test('upload a CSV through the file input: report and chart of the new data, no request', async () => {
    const { context, page, log } = await openPage(browser);
    await page.goto(server.origin + '/');
    await waitState(page, 'ready');
    const loadedAt = Date.now();
    const t0 = Date.now();
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'upload_two_assets.csv'));
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('upload_two_assets.csv'));
    await waitState(page, 'ready');
    timings.upload = Date.now() - t0;
    assert.deepEqual(await reportNames(page), ['SIM_UPLOAD_EQUITY', 'SIM_UPLOAD_BOND']);
    assert.equal(await page.getAttribute('#chart', 'data-series'), '2');
    assert.equal(await page.getAttribute('#source-label', 'data-sample'), '0');
    assert.equal(await page.isChecked('#log-scale'), false, 'linear scale for two years of data');
    const obs = await page.$$eval('#report-table tbody tr:first-child td', (c) => c.map((x) => x.textContent));
    assert.equal(obs[2], '520');
    assert.equal(await page.isHidden('#error'), true);
    await page.screenshot({ path: screenshotPath('upload.png'), fullPage: true });
    // "Load sample data" restores the default
    await page.click('#load-sample');
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('synthetic sample data'));
    await waitState(page, 'ready');
    assert.equal((await reportNames(page)).length, 12);
    assert.deepEqual(log.requests.filter((r) => r.at > loadedAt).map((r) => r.url), [], 'requests after load');
    assertOwnOrigin(log.requests, server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('several files at once are merged; the doctor\'s gaps and warnings appear in the report', async () => {
    const { context, page, log } = await openPage(browser);
    await page.goto(server.origin + '/');
    await waitState(page, 'ready');
    await page.setInputFiles('#file-input', [path.join(FIXTURES, 'upload_two_assets.csv'), path.join(FIXTURES, 'with_warnings.csv')]);
    await waitState(page, 'ready');
    assert.match(await page.textContent('#source-label'), /upload_two_assets\.csv, with_warnings\.csv \(4 series\)/);
    assert.deepEqual(await reportNames(page), ['SIM_UPLOAD_EQUITY', 'SIM_UPLOAD_BOND', 'A', 'B']);
    const rowA = await page.$$eval('#report-table tr[data-column="A"] > *', (c) => c.map((x) => x.textContent));
    assert.deepEqual(rowA.slice(0, 4), ['A', '2024-01-02', '2024-01-16', '10']);
    assert.equal(rowA[6], '1', 'gaps filled');
    assert.match(rowA[7], /jump/);
    const rowB = await page.$$eval('#report-table tr[data-column="B"] > *', (c) => c.map((x) => x.textContent));
    assert.match(rowB[7], /stale/);
    assert.equal(await page.getAttribute('#chart', 'data-series'), '4');
    await page.screenshot({ path: screenshotPath('merged-warnings.png'), fullPage: true });
    assertOwnOrigin(log.requests, server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('a bad CSV shows the error with file, row and column and keeps the previous data', async () => {
    const { context, page, log } = await openPage(browser);
    await page.goto(server.origin + '/');
    await waitState(page, 'ready');
    const t0 = Date.now();
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'bad_value.csv'));
    await waitState(page, 'error');
    timings.badUpload = Date.now() - t0;
    const err = await page.$eval('#error', (e) => ({ ...e.dataset, text: e.textContent, hidden: e.hidden }));
    assert.equal(err.hidden, false);
    assert.equal(err.code, 'non_numeric');
    assert.equal(err.file, 'bad_value.csv');
    assert.equal(err.row, '4');
    assert.equal(err.column, '2');
    assert.match(err.text, /bad_value\.csv, row 4, column 2: /);
    assert.match(err.text, /abc/);
    // previous (sample) data still shown
    assert.equal((await reportNames(page)).length, 12);
    await page.screenshot({ path: screenshotPath('bad-csv.png'), fullPage: true });
    assertOwnOrigin(log.requests, server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('static site under a sub-path (base: ./)', () => {
  test('web/dist served as /dist/ loads the engine and the sample data', async () => {
    const sub = await serveDir(WEB);
    try {
      const { context, page, log } = await openPage(browser);
      await page.goto(sub.origin + '/dist/index.html');
      await waitState(page, 'ready');
      assert.equal(await page.getAttribute('#chart', 'data-series'), '12');
      assert.ok(sub.hits.some((p) => /^\/dist\/assets\/riskdial-.*\.wasm$/.test(p)), sub.hits.join(' '));
      assertOwnOrigin(log.requests, sub.origin);
      await context.close();
    } finally {
      await sub.close();
    }
  });
});

describe('offline single file', () => {
  test('dist-single/riskdial.html works from file:// with the sample data, an upload and an error', async () => {
    const { context, page, log } = await openPage(browser);
    const url = 'file://' + path.join(WEB, 'dist-single', 'riskdial.html');
    const t0 = Date.now();
    await page.goto(url);
    await waitState(page, 'ready');
    timings.singleFileLoad = Date.now() - t0;
    assert.match(await page.textContent('#source-label'), /synthetic sample data/);
    assert.equal(await page.getAttribute('#chart', 'data-series'), '12');
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'upload_two_assets.csv'));
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('upload_two_assets.csv'));
    assert.equal(await page.getAttribute('#chart', 'data-series'), '2');
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'bad_value.csv'));
    await waitState(page, 'error');
    assert.equal(await page.getAttribute('#error', 'data-row'), '4');
    await page.screenshot({ path: screenshotPath('single-file.png'), fullPage: true });
    const outside = log.requests.filter((r) => !(r.url === url || r.url.startsWith('data:') || r.url.startsWith('blob:')));
    assert.deepEqual(outside.map((r) => r.url), [], 'requests besides the file itself');
    assert.deepEqual(log.errors, [], log.console.join('\n'));
    await context.close();
  });
});
