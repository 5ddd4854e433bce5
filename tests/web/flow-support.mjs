// Helpers of the page-app flow tests (tests/web/flow-*.e2e.test.mjs): open the app and wait for its runs,
// read the headline cells, export the scenario the page holds, run the same scenario with the native CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tmpdir } from './harness.mjs';

export const SAMPLE_CSV = path.join(ROOT, 'public', 'data', 'sample_prices.csv');
/** Runs can take seconds on a loaded machine (every test builds its own page). */
export const RUN_TIMEOUT = 180_000;

/** The native CLI (scripts/test.sh builds it before the browser tests), or null. */
export function cliPath() {
  for (const p of [process.env.RISKDIAL_CLI, path.join(ROOT, 'build', 'native', 'riskdial'), path.join(ROOT, 'build', 'native', 'core', 'riskdial')])
    if (p && fs.existsSync(p)) return p;
  return null;
}

/** `riskdial run` of a scenario object on data files; the parsed result document. */
export function runCli(scenario, dataFiles = [SAMPLE_CSV]) {
  const cli = cliPath();
  const dir = tmpdir();
  const scen = path.join(dir, 'scenario.json');
  const out = path.join(dir, 'result.json');
  fs.writeFileSync(scen, JSON.stringify(scenario));
  execFileSync(cli, ['run', scen, ...dataFiles.flatMap((f) => ['--data', f]), '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const result = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

/** The app's state attributes (on the .rd-app element; <body data-state> mirrors `state`). */
export async function appState(page) {
  return page.$eval('.rd-app', (e) => ({ state: e.dataset.state, run: e.dataset.run, seq: Number(e.dataset.runSeq) }));
}

/** Wait until run number > `after` has finished and the page is idle ('ready'). */
export async function waitRun(page, after, timeout = RUN_TIMEOUT) {
  await page.waitForFunction(
    (n) => {
      const e = document.querySelector('.rd-app');
      return e && Number(e.dataset.runSeq) > n && e.dataset.state !== 'loading';
    },
    after,
    { timeout, polling: 100 },
  );
  const s = await appState(page);
  if (s.state !== 'ready') {
    const text = await page.evaluate(() => `${document.getElementById('run-error')?.textContent ?? ''} ${document.getElementById('error')?.textContent ?? ''}`);
    throw new Error(`app state ${JSON.stringify(s)}: ${text}`);
  }
  return s;
}

/** Wait until the page is idle in the given state (no run pending). */
export async function waitIdle(page, state = 'ready', timeout = RUN_TIMEOUT) {
  await page.waitForFunction(() => {
    const e = document.querySelector('.rd-app');
    return e && e.dataset.state !== 'loading';
  }, null, { timeout, polling: 100 });
  const s = await appState(page);
  assert.equal(s.state, state, `app state ${JSON.stringify(s)}: ${await page.evaluate(() => `${document.getElementById('run-error')?.textContent ?? ''} ${document.getElementById('error')?.textContent ?? ''}`)}`);
  return s;
}

/** The headline cells: [{strategy, key, raw, text}]. */
export async function headline(page) {
  return page.$$eval('#headline tbody tr', (rows) =>
    rows.flatMap((tr) => [...tr.querySelectorAll('td[data-key]')].map((td) => ({
      strategy: tr.dataset.strategy, key: td.dataset.key, raw: JSON.parse(td.dataset.raw), text: td.textContent, pct: td.dataset.pct === '1',
    }))));
}

/** The value a headline key names in a strategy of a result document ("annualized_table.return_net.since_inception"). */
export function pick(strategy, key) {
  const [table, row, col] = key.split('.');
  const t = strategy.metrics.monthly[table];
  return t.rows.find((r) => r.name === row).values[col];
}

/** Every headline cell equals the CLI's value to the displayed precision: the page's text is exactly the
 * CLI value formatted the same way (Intl in the page, same locale), and the raw values agree to 1e-9. */
export async function assertHeadlineMatchesCli(page, cliResult, locale = 'en-US') {
  const cells = await headline(page);
  assert.ok(cells.length >= 6, 'headline cells');
  const expected = cells.map((c) => {
    const s = cliResult.strategies.find((x) => x.name === c.strategy);
    assert.ok(s, `strategy ${c.strategy} in the CLI result`);
    return pick(s, c.key);
  });
  const formatted = await page.evaluate(({ cells, expected, locale }) => cells.map((c, i) => {
    const v = expected[i];
    if (v === null) return '—';
    const o = c.pct ? { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    return new Intl.NumberFormat(locale, o).format(v);
  }), { cells, expected, locale });
  cells.forEach((c, i) => {
    assert.equal(c.text, formatted[i], `${c.strategy} ${c.key}: page ${c.text}, CLI ${expected[i]}`);
    if (expected[i] === null) assert.equal(c.raw, null);
    else assert.ok(Math.abs(c.raw - expected[i]) <= 1e-9 * Math.max(1, Math.abs(expected[i])), `${c.strategy} ${c.key}: raw ${c.raw} vs CLI ${expected[i]}`);
  });
  return cells.length;
}

/** Click "Export scenario JSON" and read the download. */
export async function exportScenario(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-scenario')]);
  assert.equal(download.suggestedFilename(), 'riskdial-scenario.json');
  const file = await download.path();
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every request must stay on the page's own origin (or be an in-page data:/blob: URL). */
export function assertOwnOrigin(requests, origin) {
  const outside = requests.filter((r) => !(r.url.startsWith(origin + '/') || r.url.startsWith('data:') || r.url.startsWith('blob:')));
  assert.deepEqual(outside.map((r) => r.url), [], 'requests to other origins');
}

/** The results views (page-tables) against the CLI: every fact-sheet cell (data-strategy, data-row, data-key)
 * and every annualized-table cell (data-strategy, data-row, data-window) holds the CLI's number (1e-9
 * relative) and shows text ('—' exactly when the value is null). Opens the two tabs. Returns the cell count. */
export async function assertTablesMatchCli(page, cliResult) {
  const read = (sel) => page.$$eval(sel, (tds) => tds.map((td) => ({ ...td.dataset, text: td.textContent.trim() })));
  const close = (a, b) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
  const names = await page.evaluate(() => window.riskdial.getResults().strategies.map((s) => s.name));
  const cli = (i) => cliResult.strategies.find((s) => s.name === names[Number(i)]);
  let n = 0;
  await page.click('#tab-factsheet');
  for (const c of await read('#panel-factsheet td[data-key][data-row][data-strategy]')) {
    const row = cli(c.strategy).metrics.monthly.fact_sheet.rows.find((r) => r.name === c.row);
    if (!row || !(c.key in row.values)) continue; // a convention-specific cell the fact_sheet block does not hold
    const want = row.values[c.key];
    assert.ok(close(JSON.parse(c.raw), want), `fact sheet ${names[c.strategy]} ${c.row} ${c.key}: page ${c.raw}, CLI ${want}`);
    assert.equal(c.text === '—', want === null, `fact sheet ${c.row} ${c.key} text ${c.text}`);
    n++;
  }
  await page.click('#tab-tables');
  for (const c of await read('#panel-tables td[data-window][data-row][data-strategy]')) {
    const row = cli(c.strategy).metrics.monthly.annualized_table.rows.find((r) => r.name === c.row);
    if (!row) continue;
    const want = row.values[c.window];
    assert.ok(close(JSON.parse(c.raw), want), `annualized ${names[c.strategy]} ${c.row} ${c.window}: page ${c.raw}, CLI ${want}`);
    n++;
  }
  await page.click('#tab-factsheet');
  assert.ok(n >= 20 * names.length, `${n} table cells compared`);
  return n;
}
