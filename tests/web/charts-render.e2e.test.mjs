// The result charts (web/src/charts) in headless Chromium, on a harness page of their own
// (tests/web/charts-harness, built here with Vite into build/charts-harness): every chart renders a canvas
// without console errors, the data-table toggle shows a real <table>, "Download PNG" saves a valid PNG, the
// controls (log scale, decision) re-render, the charts work inside a shadow root, pick up the --rd-* theme and
// print on a light background. Screenshots go to build/e2e/charts-*.png.
//
// Data: the native CLI's result for public/scenarios/risk_targeting.json plus a trend strategy
// (web/tests/fixtures/charts_trend_scenario.json) on the bundled sample data when the CLI is built
// (RISKDIAL_CLI or build/native/core/riskdial), else the trimmed fixture web/tests/fixtures/charts-result.json.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT, WEB, launchBrowser, openPage, screenshotPath, serveDir, tmpdir } from './harness.mjs';

const HARNESS = path.join(ROOT, 'tests', 'web', 'charts-harness');
const OUT = path.join(ROOT, 'build', 'charts-harness');
const ALL_IDS = ['growth', 'drawdown', 'rolling-excess', 'rolling-beta', 'weights', 'risk', 'heatmap', 'calendar', 'distribution', 'frontier', 'votes'];

const AUDIT_FRONTIER_DATE = '2015-06-30';

function loadResult() {
  const cli = process.env.RISKDIAL_CLI ?? path.join(ROOT, 'build', 'native', 'core', 'riskdial');
  if (!fs.existsSync(cli)) {
    return { source: 'fixture', doc: JSON.parse(fs.readFileSync(path.join(WEB, 'tests', 'fixtures', 'charts-result.json'), 'utf8')) };
  }
  const dir = tmpdir();
  const data = path.join(ROOT, 'public', 'data', 'sample_prices.csv');
  const run = (scenario, out) => {
    execFileSync(cli, ['run', scenario, '--data', data, '--out', out]);
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  };
  // the baseline strategy also traces its efficient frontier at one decision (audit.frontier)
  const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'public', 'scenarios', 'risk_targeting.json'), 'utf8'));
  scenario.strategies[0].frontier_at = AUDIT_FRONTIER_DATE;
  fs.writeFileSync(path.join(dir, 'rt-scenario.json'), JSON.stringify(scenario));
  const doc = run(path.join(dir, 'rt-scenario.json'), path.join(dir, 'rt.json'));
  const trend = run(path.join(WEB, 'tests', 'fixtures', 'charts_trend_scenario.json'), path.join(dir, 'trend.json'));
  doc.strategies.push(...trend.strategies);
  return { source: 'native CLI', doc };
}

let browser;
let server;
let result;

before(async () => {
  const requireFromWeb = createRequire(path.join(WEB, 'package.json'));
  const vite = await import(pathToFileURL(requireFromWeb.resolve('vite')).href);
  await vite.build({
    root: HARNESS, base: './', configFile: false, logLevel: 'warn',
    build: { outDir: OUT, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  });
  result = loadResult();
  fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify(result.doc));
  console.log(`# charts e2e data: ${result.source}`);
  browser = await launchBrowser();
  server = await serveDir(OUT);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(opts) {
  const { context, page, log } = await openPage(browser);
  await page.goto(server.origin + '/index.html');
  await page.waitForFunction(() => typeof window.mountCharts === 'function');
  const { ids, ms } = await page.evaluate((o) => window.mountCharts(o), { resultUrl: 'result.json', ...opts });
  console.log(`# renderCharts (${ids.length} charts): ${Math.round(ms)} ms`);
  return { context, page, log, ids };
}

const rootSel = (shadow) => (shadow ? 'main#host >> ' : '');

const FRONTIER = {
  strategy: 0, date: '2015-06-30',
  points: [{ volatility: 0.02, expected_return: 0.025 }, { volatility: 0.03, expected_return: 0.034 }, { volatility: 0.04, expected_return: 0.039 }, { volatility: 0.06, expected_return: 0.043 }],
  chosen: { volatility: 0.03, expected_return: 0.034 },
};

/** Charts render lazily (when near the viewport): scroll each into view and wait for its canvas. */
async function renderAll(page, ids) {
  for (const id of ids) {
    const sec = `.rd-chart[data-chart-id="${id}"]`;
    await page.locator(sec).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sec} .rd-chart__plot canvas`, { timeout: 20000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

function isPng(buf) {
  return buf.length > 100 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

describe('charts in Chromium', () => {
  test('every chart renders a canvas; data tables, PNG download, controls; no console errors', async () => {
    const { doc } = result;
    const trendIndex = doc.strategies.findIndex((s) => s.type === 'trend');
    const { context, page, log, ids } = await open({ selected: [0, trendIndex], locale: 'en-US', basis: 'net', frontier: FRONTIER });
    assert.deepEqual(ids, ALL_IDS);
    // lazy: the charts far below the first screen have no canvas yet
    assert.equal(await page.$('.rd-chart[data-chart-id="votes"] canvas'), null);
    await renderAll(page, ids);
    for (const id of ids) {
      const sec = `.rd-chart[data-chart-id="${id}"]`;
      assert.ok(await page.$(`${sec} .rd-chart__plot[role="img"] canvas`), `${id}: canvas`);
      const label = await page.getAttribute(`${sec} .rd-chart__plot`, 'aria-label');
      assert.ok(label && label.length > 20, `${id}: aria-label '${label}'`);
      assert.ok((await page.textContent(`${sec} h3`)).length > 3, `${id}: heading`);
      const box = await page.$eval(`${sec} canvas`, (c) => ({ w: c.width, h: c.height }));
      assert.ok(box.w > 300 && box.h > 100, `${id}: canvas size ${JSON.stringify(box)}`);
    }
    await page.screenshot({ path: screenshotPath('charts-all.png'), fullPage: true });

    // data table of the growth chart: caption, th scope, the engine's NAV in data-raw
    const sec = '.rd-chart[data-chart-id="growth"]';
    assert.equal(await page.isHidden(`${sec} .rd-chart__table`), true);
    await page.click(`${sec} button[data-action="table"]`);
    assert.equal(await page.getAttribute(`${sec} button[data-action="table"]`, 'aria-expanded'), 'true');
    assert.match(await page.textContent(`${sec} caption`), /Growth of \$1/);
    const heads = await page.$$eval(`${sec} thead th`, (t) => t.map((x) => [x.getAttribute('scope'), x.textContent]));
    assert.deepEqual(heads[0], ['col', 'Date']);
    assert.equal(heads[1][1], doc.strategies[0].name);
    const nRows = await page.$$eval(`${sec} tbody tr`, (r) => r.length);
    const s0 = doc.strategies[0];
    const allDates = new Set([...s0.daily.dates, ...doc.strategies[trendIndex].daily.dates]);
    assert.equal(nRows, allDates.size);
    const firstDate = [...allDates].sort()[0];
    const row = await page.$$eval(`${sec} tbody tr:first-child > *`, (c) => c.map((x) => [x.tagName, x.getAttribute('scope'), x.textContent, x.dataset.raw]));
    assert.deepEqual(row[0].slice(0, 2), ['TH', 'row']);
    const k = s0.daily.dates.indexOf(firstDate);
    if (k >= 0) assert.equal(Number(row[1][3]), s0.daily.nav_net[k]);
    await page.click(`${sec} button[data-action="table"]`);
    assert.equal(await page.isHidden(`${sec} .rd-chart__table`), true);

    // every chart's table has rows
    for (const id of ids) {
      const s = `.rd-chart[data-chart-id="${id}"]`;
      await page.click(`${s} button[data-action="table"]`);
      const n = await page.$$eval(`${s} table tbody tr`, (r) => r.length);
      assert.ok(n > 0, `${id}: table rows`);
      await page.click(`${s} button[data-action="table"]`);
    }

    // log toggle: the description says so and the chart is redrawn
    const before = await page.getAttribute(`${sec} .rd-chart__plot`, 'aria-label');
    await page.click(`${sec} input[data-control="log"]`);
    const afterLabel = await page.getAttribute(`${sec} .rd-chart__plot`, 'aria-label');
    assert.notEqual(before, afterLabel);
    assert.match(afterLabel + before, /logarithmic/);

    // decision select of the vote matrix
    const vsec = '.rd-chart[data-chart-id="votes"]';
    const options = await page.$$eval(`${vsec} select[data-control="decision"] option`, (o) => o.map((x) => x.value));
    assert.ok(options.length >= 2);
    const labelLast = await page.getAttribute(`${vsec} .rd-chart__plot`, 'aria-label');
    await page.selectOption(`${vsec} select[data-control="decision"]`, options[options.length - 1]);
    assert.notEqual(await page.getAttribute(`${vsec} .rd-chart__plot`, 'aria-label'), labelLast);

    // PNG: the download button saves a PNG; png(id) gives a PNG data URL for every chart
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.rd-chart[data-chart-id="drawdown"] button[data-action="png"]')]);
    assert.equal(dl.suggestedFilename(), 'riskdial-drawdown.png');
    const file = path.join(tmpdir(), 'drawdown.png');
    await dl.saveAs(file);
    assert.ok(isPng(fs.readFileSync(file)), 'downloaded file is a PNG');
    for (const id of ids) {
      const url = await page.evaluate((i) => window.charts.png(i), id);
      assert.match(url, /^data:image\/png;base64,/);
      const buf = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
      assert.ok(isPng(buf), `${id}: PNG magic bytes`);
      fs.writeFileSync(screenshotPath(`charts-png-${id}.png`), buf);
    }
    assert.equal(await page.evaluate(() => window.charts.png('nope')), null);

    // hover over a chart: tooltip without errors
    const plot = await page.$('.rd-chart[data-chart-id="growth"] .rd-chart__plot');
    const bb = await plot.boundingBox();
    await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2);
    await page.waitForTimeout(200);

    // compare two strategies with German formatting (update keeps each chart's control state), then dispose
    const logBefore = await page.isChecked(`${sec} input[data-control="log"]`);
    await page.evaluate(() => window.charts.update({ result: window.result, selected: [0, 4], locale: 'de-DE', basis: 'gross' }));
    assert.equal(await page.isChecked(`${sec} input[data-control="log"]`), logBefore);
    assert.match(await page.getAttribute(`${sec} .rd-chart__plot`, 'aria-label'), logBefore ? /logarithmic/ : /linear/);
    const compareIds = await page.evaluate(() => window.charts.ids());
    // no ctx.frontier now: the frontier chart comes from the baseline's audit (native CLI data only)
    assert.deepEqual(compareIds, ALL_IDS.filter((x) => x !== 'votes' && (x !== 'frontier' || result.source === 'native CLI')));
    await renderAll(page, compareIds);
    await page.click('.rd-chart[data-chart-id="calendar"] button[data-action="table"]');
    assert.match(await page.textContent('.rd-chart[data-chart-id="calendar"] tbody'), /\d,\d\d\u00a0%/);
    await page.screenshot({ path: screenshotPath('charts-compare-de.png'), fullPage: true });
    await page.evaluate(() => window.charts.dispose());
    assert.equal(await page.$$eval('.rd-chart', (x) => x.length), 0);

    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console.filter((m) => m.startsWith('error')), []);
    assert.deepEqual(log.requests.filter((r) => !r.url.startsWith(server.origin)).map((r) => r.url), []);
    await context.close();
  });

  test('inside a shadow root with a dark theme; print re-renders on white', async () => {
    const { doc } = result;
    const theme = { '--rd-surface': '#102030', '--rd-bg': '#102030', '--rd-fg': '#f0f0f0', '--rd-border': '#445566', '--rd-muted': '#b0b8c0' };
    const rtIndex = doc.strategies.map((s) => s.type).lastIndexOf('risk_target');
    const { context, page, log, ids } = await open({ selected: [rtIndex], locale: 'en-GB', basis: 'net', shadow: true, theme });
    assert.ok(ids.includes('risk') && ids.includes('weights'));
    await renderAll(page, ids);
    assert.equal(await page.evaluate(() => document.querySelectorAll('.rd-chart').length), 0, 'nothing in the light DOM');
    assert.equal(await page.evaluate(() => [...window.chartsRoot.querySelectorAll('.rd-chart')].filter((s) => s.querySelector('canvas')).length), ids.length);
    const pixel = () => page.evaluate(() => {
      const c = window.chartsRoot.querySelector('.rd-chart[data-chart-id="drawdown"] canvas');
      return Array.from(c.getContext('2d').getImageData(2, 2, 1, 1).data.slice(0, 3));
    });
    assert.deepEqual(await pixel(), [0x10, 0x20, 0x30]);
    await page.screenshot({ path: screenshotPath('charts-shadow-dark.png'), fullPage: true });

    // the PNG download link goes into the shadow root and still downloads
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('main#host >> .rd-chart[data-chart-id="weights"] button[data-action="png"]')]);
    const file = path.join(tmpdir(), 'weights.png');
    await dl.saveAs(file);
    assert.ok(isPng(fs.readFileSync(file)));
    // keyboard: the table toggle is reachable and works with Enter
    await page.focus('main#host >> .rd-chart[data-chart-id="risk"] button[data-action="table"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => window.chartsRoot.querySelector('.rd-chart[data-chart-id="risk"] table') !== null), true);

    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => {
      const c = window.chartsRoot.querySelector('.rd-chart[data-chart-id="drawdown"] canvas');
      const d = c.getContext('2d').getImageData(2, 2, 1, 1).data;
      return d[0] === 255 && d[1] === 255 && d[2] === 255;
    });
    // printed at a width that fits A4 and Letter
    const printWidths = await page.evaluate(() => [...window.chartsRoot.querySelectorAll('.rd-chart__plot canvas')]
      .map((c) => c.getBoundingClientRect().width));
    assert.ok(printWidths.length >= ids.length && printWidths.every((w) => w <= 680), JSON.stringify(printWidths));
    await page.screenshot({ path: screenshotPath('charts-print.png'), fullPage: true });
    const pdf = path.join(ROOT, 'build', 'e2e', 'charts-print.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    await page.emulateMedia({ media: 'screen' });
    await page.waitForFunction(() => {
      const c = window.chartsRoot.querySelector('.rd-chart[data-chart-id="drawdown"] canvas');
      return c.getContext('2d').getImageData(2, 2, 1, 1).data[0] === 0x10;
    });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console.filter((m) => m.startsWith('error')), []);
    await context.close();
  });

  test('frontier from the result document (scenario frontier_at) when ctx.frontier is not given', async (t) => {
    if (result.source !== 'native CLI') return t.skip('needs the native CLI');
    const { doc } = result;
    const d = doc.strategies[0].decisions.find((x) => x.date === AUDIT_FRONTIER_DATE);
    assert.ok(d?.audit.frontier?.points?.length > 2, 'the engine traced the frontier');
    const { context, page, log, ids } = await open({ selected: [0], locale: 'en-US', basis: 'net' });
    assert.ok(ids.includes('frontier'));
    const sec = '.rd-chart[data-chart-id="frontier"]';
    assert.match(await page.textContent(`${sec} h3`), /Efficient frontier at 06\/30\/2015/);
    await page.locator(sec).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sec} canvas`);
    await page.click(`${sec} button[data-action="table"]`);
    const rows = await page.$$eval(`${sec} tbody tr`, (r) => r.map((x) => [...x.querySelectorAll('td')].map((c) => Number(c.dataset.raw))));
    assert.equal(rows.length, d.audit.frontier.points.length + 1);
    assert.deepEqual(rows[0], [d.audit.frontier.chosen.volatility, d.audit.frontier.chosen.expected_return]);
    assert.deepEqual(rows.at(-1), [d.audit.frontier.points.at(-1).volatility, d.audit.frontier.points.at(-1).expected_return]);
    await page.locator(sec).screenshot({ path: screenshotPath('charts-frontier-audit.png') });
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('charts in a hidden panel: PNG export and print still draw them at a proper size', async () => {
    const { context, page, log, ids } = await open({ selected: [0], locale: 'en-US', basis: 'net', hidden: true });
    assert.ok(ids.includes('growth'));
    await page.waitForTimeout(300);
    assert.equal(await page.$$eval('.rd-chart canvas', (c) => c.length), 0, 'nothing drawn while hidden');
    // png(id) of a hidden chart: drawn at 960 CSS px × 2
    const url = await page.evaluate(() => window.charts.png('growth'));
    const buf = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    assert.ok(isPng(buf));
    assert.deepEqual([buf.readUInt32BE(16), buf.readUInt32BE(20)], [1920, 680]);
    // print shows the panel: every chart drawn 680 px wide, not blank
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => document.querySelectorAll('.rd-chart canvas').length >= 9);
    const drawn = await page.$$eval('.rd-chart .rd-chart__plot > div > canvas:first-child', (cs) => cs.map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4 * 97) if (d[i] < 200) ink++;
      return { w: c.getBoundingClientRect().width, ink };
    }));
    assert.ok(drawn.length === ids.length && drawn.every((x) => x.w === 680 && x.ink > 20), JSON.stringify(drawn));
    await page.pdf({ path: path.join(ROOT, 'build', 'e2e', 'charts-hidden-print.pdf'), format: 'Letter' });
    // back on screen and the panel shown: the charts take the layout width again (not 680 or 960)
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => document.querySelector('.charts').classList.remove('hidden'));
    await page.waitForFunction(() => {
      const c = document.querySelector('.rd-chart[data-chart-id="growth"] canvas');
      const host = document.querySelector('.rd-chart[data-chart-id="growth"] .rd-chart__plot');
      return Math.abs(c.getBoundingClientRect().width - host.clientWidth) < 2 && host.clientWidth > 1000;
    });
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.console.filter((m) => m.startsWith('error') || /width or height/.test(m)), []);
    await context.close();
  });

  test('phone width: charts fit 390 px', async () => {
    const { context, page } = await openPage(browser);
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(server.origin + '/index.html');
    await page.waitForFunction(() => typeof window.mountCharts === 'function');
    const { ids } = await page.evaluate(() => window.mountCharts({ resultUrl: 'result.json', selected: [0], locale: 'en-US', basis: 'net' }));
    await renderAll(page, ids);
    const widths = await page.$$eval('.rd-chart canvas', (cs) => cs.map((c) => c.getBoundingClientRect().right));
    assert.ok(widths.every((w) => w <= 390), JSON.stringify(widths));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    await page.screenshot({ path: screenshotPath('charts-phone.png'), fullPage: true });
    await context.close();
  });
});
