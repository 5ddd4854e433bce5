// Results tables, exports and print in real headless Chromium, on the native CLI's output for
// public/scenarios/risk_targeting.json: the harness page (tests/web/results-harness, bundled here with Vite)
// renders every results view into a shadow root. Asserts: displayed fact-sheet and annualized values equal the
// CLI's numbers to the displayed precision (en-US and de-DE), data-raw equals the CLI value exactly, null cells
// show their flag, formula rows open from the keyboard, the audit log filters and pages, each export downloads
// with the right contents, and the print stylesheet gives a 1–2 page A4 and Letter PDF with only the fact sheet,
// the annualized table and the growth and drawdown charts. Screenshots and PDFs: build/e2e/results-*.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ROOT, WEB, launchBrowser, openPage, screenshotPath, serveDir, waitState } from './harness.mjs';

/** Click and wait for the download. Chromium starts at most 10 downloads per second and silently drops the
 * rest (chromedp/chromedp#791; here the 11th and 22nd of ~26 quick clicks were dropped, the same files every
 * run), so the clicks are paced at ≥ 125 ms — no user clicks faster. A dropped download is still retried
 * (up to twice, after 8 s) so that a pause of the machine cannot fail the test. */
async function downloadOf(page, locator) {
  for (let attempt = 0; ; attempt++) {
    try {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 8_000 }), locator.click()]);
      await page.waitForTimeout(125);
      return dl;
    } catch (e) {
      if (attempt >= 2) throw e;
      console.log(`# download retry ${attempt + 1} (${await locator.getAttribute("data-file")}): ${String(e).split("\n")[0]}`);
    }
  }
}

const OUT = path.join(ROOT, 'build', 'results-harness');
const CLI = process.env.RISKDIAL_CLI ?? path.join(ROOT, 'build', 'native', 'core', 'riskdial');
let browser;
let server;
let cli; // the CLI's result document

before(async () => {
  assert.ok(fs.existsSync(CLI), `native CLI missing at ${CLI} (cmake --build build/native --target riskdial)`);
  const vite = await import(pathToFileURL(path.join(WEB, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href);
  await vite.build({
    root: path.join(ROOT, 'tests', 'web', 'results-harness'),
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir: OUT, emptyOutDir: true, target: 'es2022' },
  });
  execFileSync(CLI, ['run', path.join(ROOT, 'public/scenarios/risk_targeting.json'), '--data',
    path.join(ROOT, 'public/data/sample_prices.csv'), '--out', path.join(OUT, 'result.json'),
    '--weights-csv', path.join(OUT, 'weights_long.csv')], { stdio: 'pipe' });
  cli = JSON.parse(fs.readFileSync(path.join(OUT, 'result.json'), 'utf8'));
  browser = await launchBrowser();
  server = await serveDir(OUT);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(query = '') {
  const { context, page, log } = await openPage(browser);
  await page.goto(`${server.origin}/index.html${query}`);
  await waitState(page, 'ready');
  return { context, page, log };
}

/** Every number cell of a table in the shadow root: {strategy, row, key, window, raw, text}. */
async function cells(page, table) {
  return page.evaluate((table) => {
    const root = document.getElementById('host').shadowRoot;
    return [...root.querySelectorAll(`table[data-table="${table}"] td[data-raw]`)].map((td) => ({
      strategy: Number(td.dataset.strategy), row: td.dataset.row, key: td.dataset.key, window: td.dataset.window,
      raw: td.dataset.raw, text: td.childNodes[0]?.textContent ?? '', reason: td.querySelector('.rd-reason')?.textContent?.trim() ?? null,
    }));
  }, table);
}

/** Displayed text → number in display units (percent points for "%"), for en-US and de-DE. */
function parseShown(text, locale) {
  let t = text.replace(/[\u00a0\u202f\s]/g, '').replace('−', '-');
  const pct = t.endsWith('%');
  t = t.replace('%', '');
  t = locale === 'de-DE' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  return { value: Number(t), pct, digits: (t.split('.')[1] ?? '').length };
}

function assertShown(c, value, locale) {
  assert.equal(c.raw, JSON.stringify(value), `data-raw of ${c.key}`);
  if (value === null) {
    assert.equal(c.text, '—');
    return;
  }
  const s = parseShown(c.text, locale);
  const v = s.pct ? value * 100 : value;
  const tol = 0.5 * 10 ** -s.digits + 1e-9;
  assert.ok(Math.abs(s.value - v) <= tol, `${c.key} ${c.window ?? c.row}: shown ${c.text}, CLI ${value}`);
}

describe('results tables in Chromium', () => {
  test('fact sheet and annualized table equal the native CLI output (en-US all strategies, de-DE)', async () => {
    // en-US: all five strategies; de-DE: two (the locale only changes the formatting)
    for (const [locale, selected] of [['en-US', cli.strategies.map((_, i) => i)], ['de-DE', [0, 4]]]) {
      const { context, page, log } = await open(`?selected=${selected.join(',')}&locale=${locale}`);
      const fs1 = await cells(page, 'fact-sheet');
      assert.equal(fs1.length, selected.length * 3 * 13);
      for (const c of fs1) {
        const rows = cli.strategies[c.strategy].metrics.monthly.fact_sheet.rows;
        assertShown(c, rows.find((r) => r.name === c.row).values[c.key], locale);
      }
      const an = await cells(page, 'annualized');
      assert.equal(an.length, selected.length * 8 * 5);
      for (const c of an) {
        const t = cli.strategies[c.strategy].metrics.monthly.annualized_table;
        assertShown(c, t.rows.find((r) => r.name === c.row).values[c.window], locale);
      }
      if (locale === 'de-DE') {
        const ytd = fs1.find((c) => c.strategy === 0 && c.row === 'net' && c.key === 'return_ytd');
        assert.match(ytd.text, /^\d+,\d\d[\u00a0\u202f]%$/);
      }
      await page.screenshot({ path: screenshotPath(`results-tables-${locale}.png`), fullPage: true });
      assert.deepEqual(log.errors, []);
      await context.close();
    }
  });

  test('metrics table: every key, formula one click (or Enter) away, convention switch, null flags', async () => {
    const { context, page } = await open('?selected=0');
    const keys = await page.evaluate(() => [...document.getElementById('host').shadowRoot
      .querySelectorAll('table[data-table="metrics"] tbody tr[data-key]:not([data-headline])')].map((r) => r.dataset.key));
    assert.deepEqual([...keys].sort(), Object.keys(cli.strategies[0].metrics.monthly.net.metrics).sort());
    const m = await cells(page, 'metrics');
    const net = cli.strategies[0].metrics.monthly.net.metrics;
    const netCells = await page.evaluate(() => [...document.getElementById('host').shadowRoot
      .querySelectorAll('table[data-table="metrics"] td[data-series="net"]')].map((td) => [td.dataset.key, td.dataset.raw]));
    assert.ok(netCells.length >= keys.length);
    for (const [k, raw] of netCells) assert.equal(raw, JSON.stringify(net[k]), k);
    const sharpeRaw = await page.evaluate(() => document.getElementById('host').shadowRoot
      .querySelector('tr[data-headline="sharpe"] td[data-series="net"]').dataset.raw);
    assert.equal(sharpeRaw, JSON.stringify(net.sharpe_annualized_arithmetic));
    // keyboard: focus the sortino row's formula button, Enter opens its formula row
    const btn = page.locator('#host tr[data-key="sortino_ratio"]:not([data-headline]) .rd-formula-btn');
    await btn.focus();
    await page.keyboard.press('Enter');
    assert.equal(await btn.getAttribute('aria-expanded'), 'true');
    const id = await btn.getAttribute('aria-controls');
    const formula = page.locator(`#host #${id}`);
    assert.ok(await formula.isVisible());
    assert.match(await formula.textContent(), /SortinoRatio\(R, MAR=τ\)/);
    await page.keyboard.press('Space');
    assert.equal(await btn.getAttribute('aria-expanded'), 'false');
    // the convention switch re-renders the headline rows with the seed keys
    await page.evaluate(() => window.rdHarness.update({ convention: 'seed' }));
    const seed = await page.evaluate(() => document.getElementById('host').shadowRoot
      .querySelector('tr[data-headline="sharpe"]').dataset.key);
    assert.equal(seed, 'sharpe_seed003');
    const alpha = await page.evaluate(() => document.getElementById('host').shadowRoot
      .querySelector('table[data-table="fact-sheet"] td[data-row="net"][data-key="alpha_return_minus_beta"]').dataset.raw);
    assert.equal(alpha, JSON.stringify(net.alpha_return_minus_beta));
    // a null metric shows "—" and its flag (the benchmark report has no relative keys: "not computed")
    const benchBeta = m.find((c) => c.key === 'beta' && c.raw === 'null');
    assert.equal(benchBeta.text, '—');
    assert.ok(benchBeta.reason.length > 0);
    await context.close();
  });

  test('audit log: 350 decisions paged, searchable, keyboard operable', async () => {
    const { context, page } = await open('?selected=0,4');
    const n = cli.strategies[0].decisions.length;
    assert.ok(n >= 300);
    const rows = () => page.locator('#host .rd-audit table tbody tr[data-decision]').count();
    assert.equal(await rows(), 25);
    const status = page.locator('#host .rd-audit .rd-pager .rd-status');
    assert.match(await status.textContent(), new RegExp(`^1–25 of ${n.toLocaleString('en-US')} decisions`));
    await page.locator('#host .rd-audit .rd-next').focus();
    await page.keyboard.press('Enter');
    assert.match(await status.textContent(), /^26–50 of/);
    // search: only decisions of March 2020 caused by a trigger
    const search = page.locator('#host .rd-audit-search');
    await search.fill('2020-03 vol');
    const expect = cli.strategies[0].decisions.filter((d) => d.date.startsWith('2020-03') && d.cause.includes('vol')).length;
    assert.ok(expect >= 1);
    assert.equal(await rows(), expect);
    const dates = await page.locator('#host .rd-audit tbody tr[data-decision]').evaluateAll((trs) => trs.map((t) => t.dataset.date));
    for (const d of dates) assert.ok(d.startsWith('2020-03'), d);
    // a number cell of the audit equals the CLI's audit field
    await search.fill('');
    const mv = await page.evaluate(() => document.getElementById('host').shadowRoot
      .querySelector('.rd-audit tr[data-decision="0"] td[data-key="market_vol"]').dataset.raw);
    assert.equal(mv, JSON.stringify(cli.strategies[0].decisions[0].audit.market_vol));
    // the strategy chooser switches to the static strategy
    await page.locator('#host .rd-audit-strategy').selectOption('4');
    assert.equal(await rows(), Math.min(25, cli.strategies[4].decisions.length));
    await page.screenshot({ path: screenshotPath('results-audit.png'), fullPage: false });
    await context.close();
  });

  test('exports: every CSV and the JSON download with the engine numbers', async () => {
    const { context, page, log } = await open('?selected=0,3');
    const buttons = await page.locator('#host .rd-export-btn').evaluateAll((bs) => bs.map((b) => b.dataset.file));
    assert.ok(buttons.length >= 4 + 2 * 10, `buttons: ${buttons}`);
    const got = {};
    for (const file of buttons) {
      const dl = await downloadOf(page, page.locator(`#host .rd-export-btn[data-file="${file}"]`));
      got[file] = { name: dl.suggestedFilename(), text: fs.readFileSync(await dl.path(), 'utf8') };
    }
    assert.deepEqual(JSON.parse(got['result.json'].text), cli);
    assert.equal(got['result.json'].name, 'riskdial-result.json');
    const split = (t) => t.trimEnd().split('\r\n');
    const fsRows = split(got['fact_sheet.csv'].text);
    assert.equal(fsRows[0], 'strategy,row,' + cli.strategies[0].metrics.monthly.fact_sheet.columns.join(','));
    assert.equal(fsRows.length, 1 + 2 * 4);
    const net0 = cli.strategies[0].metrics.monthly.fact_sheet.rows.find((r) => r.name === 'gross');
    const line = fsRows.find((l) => l.startsWith('"Baseline (dynamic risk)",gross,') || l.startsWith('Baseline (dynamic risk),gross,'));
    assert.ok(line, fsRows.join('\n'));
    const vals = line.split(',').slice(2).map(Number);
    assert.deepEqual(vals, cli.strategies[0].metrics.monthly.fact_sheet.columns.map((c) => net0.values[c]));
    const nav = split(got['baseline-dynamic-risk_daily_nav.csv'].text);
    assert.equal(nav.length, 1 + cli.strategies[0].daily.dates.length);
    const last = nav.at(-1).split(',');
    assert.equal(last[0], cli.strategies[0].daily.dates.at(-1));
    assert.equal(Number(last[2]), cli.strategies[0].daily.nav_net.at(-1));
    const w = split(got['multi-asset-60-40-risk_weights.csv'].text);
    assert.equal(w[0], 'date,' + cli.strategies[3].weight_names.join(','));
    assert.equal(w.length, 1 + cli.strategies[3].weights_eod.length);
    // the long-format weights equal the CLI's --weights-csv rows of the two selected strategies (same order)
    const names = [cli.strategies[0].name, cli.strategies[3].name];
    const rowsOf = (lines) => lines.slice(1).map((l) => l.split(',')).filter((f) => names.includes(f[1]))
      .map((f) => [...f.slice(0, 4), Number(f[4])]);
    const longPage = split(got['weights_long.csv'].text);
    const longCli = fs.readFileSync(path.join(OUT, 'weights_long.csv'), 'utf8').trimEnd().split('\n');
    assert.equal(longPage[0], 'date,strategy,asset,kind,weight');
    assert.equal(longPage[0], longCli[0]);
    const [a, b] = [rowsOf(longPage), rowsOf(longCli)];
    assert.equal(a.length, longPage.length - 1);
    assert.equal(a.length, b.length);
    assert.deepEqual(a, b);
    const audit = split(got['baseline-dynamic-risk_audit_log.csv'].text);
    assert.equal(audit.length, 1 + cli.strategies[0].decisions.length);
    for (const [name, f] of Object.entries(got)) {
      if (name.endsWith('.csv')) assert.ok(f.text.endsWith('\r\n') && f.text.split('\r\n')[0].length > 0, name);
    }
    // download() with the document as root (the non-shadow page) works the same; the anchor is removed again
    const [doc] = await Promise.all([
      page.waitForEvent('download'),
      page.evaluate(() => window.rdHarness.download('plain-doc.csv', 'a,b\r\n1,2\r\n', document)),
    ]);
    assert.equal(doc.suggestedFilename(), 'plain-doc.csv');
    assert.equal(fs.readFileSync(await doc.path(), 'utf8'), 'a,b\r\n1,2\r\n');
    assert.equal(await page.evaluate(() => document.querySelectorAll('a[download]').length), 0);
    // downloads are Blob URLs: no request left the page
    assert.deepEqual(log.requests.filter((r) => !r.url.startsWith(server.origin) && !r.url.startsWith('blob:')).map((r) => r.url), []);
    await context.close();
  });

  test('print: 1–2 page A4 and Letter PDF with the fact sheet, annualized table, growth and drawdown charts', async () => {
    // tabs=1: the views sit in tab panels with only the metrics panel shown, as in page-app
    const { context, page } = await open('?selected=0,3&tabs=1');
    const shownOnScreen = await page.evaluate(() => document.getElementById('host').shadowRoot
      .querySelector('table[data-table="fact-sheet"]').getBoundingClientRect().height);
    assert.equal(shownOnScreen, 0);
    await page.emulateMedia({ media: 'print' });
    const vis = await page.evaluate(() => {
      const root = document.getElementById('host').shadowRoot;
      const shown = (sel) => { const e = root.querySelector(sel); return !!e && e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== 'none'; };
      return {
        fact: shown('table[data-table="fact-sheet"]'), annualized: shown('table[data-table="annualized"]'),
        header: shown('.rd-print-header'), growth: shown('.rd-chart[data-chart-id="growth"]'),
        drawdown: shown('.rd-chart[data-chart-id="drawdown"]'), weights: shown('.rd-chart[data-chart-id="weights"]'),
        metrics: shown('table[data-table="metrics"]'), audit: shown('.rd-audit'), calendar: shown('.rd-calendar-tables'),
        controls: shown('.rd-controls'), exportPanel: shown('.rd-export'),
      };
    });
    assert.deepEqual(vis, { fact: true, annualized: true, header: true, growth: true, drawdown: true, weights: false,
      metrics: false, audit: false, calendar: false, controls: false, exportPanel: false });
    const header = await page.evaluate(() => document.getElementById('host').shadowRoot.querySelector('.rd-print-header').textContent);
    assert.match(header, /Fact sheet: Baseline \(dynamic risk\) · Multi-asset \(60\/40 risk\)/);
    assert.match(header, /Monthly returns Jan 2004 – Dec 2025/);
    for (const format of ['A4', 'Letter']) {
      const file = screenshotPath(`results-fact-sheet-${format}.pdf`);
      const pdf = await page.pdf({ path: file, format, printBackground: false });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      assert.ok(pages >= 1 && pages <= 2, `${format}: ${pages} pages`);
    }
    await page.screenshot({ path: screenshotPath('results-print.png'), fullPage: true });
    await context.close();
  });
});
