// Flow 1 (data) in real headless Chromium: the sample on first load (with its automatic first run), uploads
// through the file input, merged files with the doctor's warnings, a bad file's row/column, fixing an
// ambiguous date order in the doctor, sub-path serving, the offline single file from file://, and privacy
// (zero requests after load, none to other origins).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, ROOT, WEB, openPage, screenshotPath, serveDir, waitState, useBrowserAndDist } from './harness.mjs';
import { RUN_TIMEOUT, appState, assertHeadlineMatchesCli, assertTablesMatchCli, assertOwnOrigin, cliPath, exportScenario, runCli, waitIdle } from './flow-support.mjs';

// Chromium and a static server over web/dist for the whole file (harness.mjs).
const env = useBrowserAndDist();

async function reportNames(page) {
  return page.$$eval('#report-table tbody tr', (rows) => rows.map((r) => r.dataset.column));
}

async function reportSummary(page) {
  return page.textContent('#report-summary');
}

describe('data: static site over http', () => {
  test('first load: sample data, its report, the default scenario run automatically (= native CLI); nothing leaves the page', async (t) => {
    const { context, page, log } = await openPage(env.browser);
    const t0 = Date.now();
    await page.goto(env.server.origin + '/index.html');
    await waitState(page, 'ready', RUN_TIMEOUT);
    t.diagnostic(`first result after ${Date.now() - t0} ms`);
    const loadedAt = Date.now();
    assert.deepEqual(log.errors, []);
    const label = await page.textContent('#source-label');
    assert.match(label, /synthetic sample data/);
    assert.match(label, /sample_prices\.csv \(12 series\)/);
    const names = await reportNames(page);
    assert.equal(names.length, 12);
    for (const n of ['SIM_CORE_BOND', 'SIM_US_EQUITY', 'SIM_GOLD', 'SIM_BOND_INDEX', 'SIM_EQUITY_INDEX']) assert.ok(names.includes(n), n);
    const firstRow = await page.$$eval('#report-table tbody tr:first-child > *', (c) => c.map((x) => x.textContent));
    assert.deepEqual(firstRow.slice(0, 3), ['SIM_CORE_BOND', '2003-01-02', '2025-12-31']);
    assert.match(await page.textContent('#engine-status'), /Engine .* ready/);
    assert.match(await page.textContent('#report-files'), /sample_prices\.csv: wide layout, ',' delimiter, '\.' decimal, dates YYYY-MM-DD, 5,969 data rows/);
    assert.match(await reportSummary(page), /5,969 dates · 2003-01-02 to 2025-12-31 · daily · 12 columns/);
    // the automatic first run: risk-targeting baseline + static 60/40
    const s = await appState(page);
    assert.equal(s.run, 'done');
    assert.equal(s.seq, 1);
    const rows = await page.$$eval('#headline tbody tr', (r) => r.map((x) => x.dataset.strategy));
    assert.deepEqual(rows, ['Baseline (dynamic risk)', 'Static 60/40']);
    const scenario = await exportScenario(page);
    assert.deepEqual(scenario.strategies.map((x) => [x.type, x.preset ?? null]), [['risk_target', 'baseline'], ['static', null]]);
    if (cliPath()) {
      const cli = runCli(scenario);
      t.diagnostic(`${await assertHeadlineMatchesCli(page, cli)} headline cells equal the native CLI's`);
      t.diagnostic(`${await assertTablesMatchCli(page, cli)} fact-sheet and annualized-table cells equal the CLI's`);
    }
    else t.skip('native CLI not built: page-vs-CLI comparison skipped');
    // the data preview chart
    await page.click('.rd-preview summary');
    assert.equal(await page.getAttribute('#chart', 'data-series'), '12');
    assert.ok(await page.$('#chart canvas'), 'chart canvas');
    assert.equal(await page.isChecked('#log-scale'), true, 'log scale for 20 years of data');
    await page.click('#log-scale');
    // interact after load (tabs, compare, chart): still no requests at all
    await page.click('#tab-tables');
    await page.click('#tab-factsheet');
    await page.mouse.move(600, 900);
    await page.waitForTimeout(300);
    assert.deepEqual(log.requests.filter((r) => r.at > loadedAt).map((r) => r.url), [], 'requests after load');
    assertOwnOrigin(log.requests, env.server.origin);
    const paths = log.requests.map((r) => new URL(r.url).pathname);
    assert.ok(paths.some((p) => /\/assets\/engine\.worker-.*\.js$/.test(p)), paths.join(' '));
    assert.ok(paths.some((p) => /\/assets\/riskdial-.*\.wasm$/.test(p)), paths.join(' '));
    await page.screenshot({ path: screenshotPath('flow-first-load.png'), fullPage: true });
    await context.close();
  });

  test('upload a CSV through the file input: report of the new data, a default scenario on its columns, no request', async () => {
    const { context, page, log } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    const loadedAt = Date.now();
    const before = (await appState(page)).seq;
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'upload_two_assets.csv'));
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('upload_two_assets.csv'));
    await waitIdle(page);
    assert.deepEqual(await reportNames(page), ['SIM_UPLOAD_EQUITY', 'SIM_UPLOAD_BOND']);
    assert.equal(await page.getAttribute('#source-label', 'data-sample'), '0');
    const obs = await page.$$eval('#report-table tbody tr:first-child td', (c) => c.map((x) => x.textContent));
    assert.equal(obs[2], '520');
    assert.equal(await page.isHidden('#error'), true);
    // the scenario was rebuilt for the two uploaded columns and run
    assert.ok((await appState(page)).seq > before);
    const scenario = await exportScenario(page);
    const named = JSON.stringify(scenario);
    assert.ok(!named.includes('SIM_BOND_INDEX') && named.includes('SIM_UPLOAD_BOND'), named);
    const bench = await page.$$eval('#data-choices select', (s) => s.map((x) => x.value));
    assert.ok(bench.includes('SIM_UPLOAD_BOND'), bench.join());
    await page.screenshot({ path: screenshotPath('flow-upload.png'), fullPage: true });
    // "Load sample data" restores the default
    await page.click('#load-sample');
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('synthetic sample data'));
    await waitIdle(page);
    assert.equal((await reportNames(page)).length, 12);
    assert.deepEqual(log.requests.filter((r) => r.at > loadedAt).map((r) => r.url), [], 'requests after load');
    assertOwnOrigin(log.requests, env.server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('several files at once are merged; the doctor\'s gaps and warnings appear in the report', async () => {
    const { context, page, log } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    await page.setInputFiles('#file-input', [path.join(FIXTURES, 'upload_two_assets.csv'), path.join(FIXTURES, 'with_warnings.csv')]);
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('with_warnings.csv'));
    await page.waitForFunction(() => document.querySelector('.rd-app')?.dataset.state !== 'loading', null, { timeout: RUN_TIMEOUT });
    assert.match(await page.textContent('#source-label'), /upload_two_assets\.csv, with_warnings\.csv \(4 series\)/);
    assert.deepEqual(await reportNames(page), ['SIM_UPLOAD_EQUITY', 'SIM_UPLOAD_BOND', 'A', 'B']);
    const rowA = await page.$$eval('#report-table tr[data-column="A"] > *', (c) => c.map((x) => x.textContent));
    assert.deepEqual(rowA.slice(0, 4), ['A', '2024-01-02', '2024-01-16', '10']);
    assert.equal(rowA[6], '1', 'gaps filled');
    assert.match(rowA[7], /jump/);
    const rowB = await page.$$eval('#report-table tr[data-column="B"] > *', (c) => c.map((x) => x.textContent));
    assert.match(rowB[7], /stale/);
    // the asset-group selects list every merged column
    assert.deepEqual(await page.$$eval('#asset-groups select', (s) => s.map((x) => x.dataset.column)), ['SIM_UPLOAD_EQUITY', 'SIM_UPLOAD_BOND', 'A', 'B']);
    await page.screenshot({ path: screenshotPath('flow-merged-warnings.png'), fullPage: true });
    assertOwnOrigin(log.requests, env.server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('a bad CSV shows the error with file, row and column and keeps the previous data', async () => {
    const { context, page, log } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'bad_value.csv'));
    await waitState(page, 'error');
    const err = await page.$eval('#error', (e) => ({ ...e.dataset, text: e.textContent, hidden: e.hidden }));
    assert.equal(err.hidden, false);
    assert.equal(err.code, 'non_numeric');
    assert.equal(err.file, 'bad_value.csv');
    assert.equal(err.row, '4');
    assert.equal(err.column, '2');
    assert.match(err.text, /bad_value\.csv, row 4, column 2: /);
    assert.match(err.text, /abc/);
    assert.match(err.text, /the data below is unchanged/);
    assert.equal((await reportNames(page)).length, 12);
    assert.equal((await page.$$('#headline tbody tr')).length, 2, 'previous results still shown');
    await page.screenshot({ path: screenshotPath('flow-bad-csv.png'), fullPage: true });
    // the API (window.riskdial = the app handle) rejects with the same engine error; a scenario naming
    // columns the data lacks is rejected too
    const api = await page.evaluate(async (text) => {
      const out = {};
      try { await window.riskdial.loadFiles([{ name: 'bad_value.csv', text }]); out.load = 'resolved'; } catch (e) { out.load = { name: e.name, code: e.code, file: e.file, row: e.row, column: e.column }; }
      try { await window.riskdial.setScenario({ version: 1, strategies: [{ name: 'x', type: 'static', weights: { NOPE: 1 } }] }); out.scenario = 'resolved'; } catch (e) { out.scenario = String(e.message); }
      return out;
    }, fs.readFileSync(path.join(FIXTURES, 'bad_value.csv'), 'utf8'));
    assert.deepEqual(api.load, { name: 'EngineError', code: 'non_numeric', file: 'bad_value.csv', row: 4, column: 2 });
    assert.match(api.scenario, /lacks: NOPE/);
    assertOwnOrigin(log.requests, env.server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('the doctor: an ambiguous date order is an error until the user picks one; the parsed range follows the choice', async () => {
    const { context, page, log } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'ambiguous_dates.csv'));
    await waitState(page, 'error');
    const err = await page.$eval('#error', (e) => ({ ...e.dataset, text: e.textContent }));
    assert.equal(err.code, 'ambiguous_date');
    assert.equal(err.file, 'ambiguous_dates.csv');
    assert.equal(err.row, '2');
    assert.equal(err.column, '1');
    assert.match(err.text, /Choose the date order/);
    // day/month: 2–11 January 2024
    await page.selectOption('#date-order', 'dmy');
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('ambiguous_dates.csv'));
    await page.waitForFunction(() => document.querySelector('.rd-app')?.dataset.state !== 'loading', null, { timeout: RUN_TIMEOUT });
    assert.match(await reportSummary(page), /10 dates · 2024-01-02 to 2024-01-11 · daily · 2 columns/);
    assert.match(await page.textContent('#report-files'), /dates DD\/MM\/YYYY/);
    assert.equal(await page.isHidden('#error'), true);
    // month/day: the 1st of February … November 2024 (monthly)
    await page.selectOption('#date-order', 'mdy');
    await page.waitForFunction(() => /2024-02-01 to 2024-11-01/.test(document.querySelector('#report-summary')?.textContent ?? ''));
    assert.match(await reportSummary(page), /10 dates · 2024-02-01 to 2024-11-01 · monthly · 2 columns/);
    assert.match(await page.textContent('#report-files'), /dates MM\/DD\/YYYY/);
    // prices vs returns: read the same numbers as returns
    await page.selectOption('#value-kind', 'returns');
    await page.waitForFunction(() => /read as returns/.test(document.querySelector('#report-table tbody tr')?.textContent ?? ''));
    const scenario = await exportScenario(page);
    assert.equal(scenario.data.kind, 'returns', 'the kind choice goes into the scenario (data.kind) so the CLI reads the file alike');
    await page.screenshot({ path: screenshotPath('flow-date-order.png'), fullPage: true });
    assertOwnOrigin(log.requests, env.server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('data: options from the URL', () => {
  test('?data= loads a CSV from the page\'s own origin and ?scenario= picks a bundled example', async () => {
    const { context, page, log } = await openPage(env.browser);
    await page.goto(env.server.origin + '/index.html?data=data/sample_prices.csv&scenario=trend_classic&locale=de-DE');
    await waitState(page, 'ready', RUN_TIMEOUT);
    assert.ok(env.server.hits.includes('/data/sample_prices.csv'), env.server.hits.join(' '));
    assert.equal(await page.getAttribute('#source-label', 'data-sample'), '0');
    assert.match(await page.textContent('#source-label'), /sample_prices\.csv \(12 series\)/);
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'public', 'scenarios', 'trend_classic.json'), 'utf8'));
    assert.deepEqual(await page.$$eval('#headline tbody tr', (r) => r.map((x) => x.dataset.strategy)), doc.strategies.map((s) => s.name));
    assert.equal(await page.inputValue('#locale'), 'de-DE');
    assertOwnOrigin(log.requests, env.server.origin);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('data: static site under a sub-path (base: ./)', () => {
  test('web/dist served as /dist/ loads the engine, the sample data and runs', async () => {
    const sub = await serveDir(WEB);
    try {
      const { context, page, log } = await openPage(env.browser);
      await page.goto(sub.origin + '/dist/index.html');
      await waitState(page, 'ready', RUN_TIMEOUT);
      assert.equal((await reportNames(page)).length, 12);
      assert.equal((await appState(page)).run, 'done');
      assert.ok(sub.hits.some((p) => /^\/dist\/assets\/riskdial-.*\.wasm$/.test(p)), sub.hits.join(' '));
      assertOwnOrigin(log.requests, sub.origin);
      await context.close();
    } finally {
      await sub.close();
    }
  });
});

describe('data: offline single file', () => {
  const dir = path.join(WEB, 'dist-single');
  const file = ['riskdial.html', 'index.html'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  test('the single file works from file:// with the sample data, a run, an upload and an error', { skip: !file && 'web/dist-single not built' }, async () => {
    const { context, page, log } = await openPage(env.browser);
    const url = 'file://' + file;
    await page.goto(url);
    await waitState(page, 'ready', RUN_TIMEOUT);
    assert.match(await page.textContent('#source-label'), /synthetic sample data/);
    assert.equal((await appState(page)).run, 'done');
    assert.equal((await page.$$('#headline tbody tr')).length, 2);
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'upload_two_assets.csv'));
    await page.waitForFunction(() => document.querySelector('#source-label')?.textContent?.includes('upload_two_assets.csv'));
    await waitIdle(page);
    assert.deepEqual(await reportNames(page), ['SIM_UPLOAD_EQUITY', 'SIM_UPLOAD_BOND']);
    await page.setInputFiles('#file-input', path.join(FIXTURES, 'bad_value.csv'));
    await waitState(page, 'error');
    assert.equal(await page.getAttribute('#error', 'data-row'), '4');
    await page.screenshot({ path: screenshotPath('flow-single-file.png'), fullPage: true });
    const outside = log.requests.filter((r) => !(r.url === url || r.url.startsWith('data:') || r.url.startsWith('blob:')));
    assert.deepEqual(outside.map((r) => r.url), [], 'requests besides the file itself');
    assert.deepEqual(log.errors, [], log.console.join('\n'));
    await context.close();
  });
});
