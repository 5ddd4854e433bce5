// The charts inside the real page (web/dist, mountApp + the WASM engine) in headless Chromium: the Charts
// tab shows every chart of the default scenario and of the trend example, each with a canvas; the numbers
// behind them (data tables, data-raw) are the engine's result and equal the native CLI's on the same
// scenario; the basis switch, the PNG download and the data tables work; no console errors, no outside
// request. Screenshots: build/e2e/charts-app-*.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { openPage, screenshotPath, useBrowserAndDist } from './harness.mjs';
import { appState, assertOwnOrigin, cliPath, exportScenario, runCli, waitIdle, waitRun } from './flow-support.mjs';

// Chromium and a static server over web/dist for the whole file (harness.mjs).
const env = useBrowserAndDist();

const sec = (id) => `#panel-charts .rd-chart[data-chart-id="${id}"]`;

async function chartIds(page) {
  return page.$$eval('#panel-charts .rd-chart', (s) => s.map((x) => x.dataset.chartId));
}

/** Charts render lazily (near the viewport): scroll each into view and wait for its canvas. */
async function renderAll(page, ids) {
  for (const id of ids) {
    await page.locator(sec(id)).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sec(id)} .rd-chart__plot canvas`, { timeout: 30000 });
  }
}

/** Opens a chart's data table and returns its rows: [{header, raw: [...]}]. */
async function table(page, id) {
  const btn = `${sec(id)} button[data-action="table"]`;
  if ((await page.getAttribute(btn, 'aria-expanded')) !== 'true') await page.click(btn);
  return page.$$eval(`${sec(id)} table tbody tr`, (rows) => rows.map((r) => ({
    header: r.querySelector('th').textContent,
    raw: [...r.querySelectorAll('td')].map((c) => JSON.parse(c.dataset.raw)),
  })));
}

/** Console errors, except the env.browser's own favicon.ico 404 (the page declares no icon; not the charts' business). */
function consoleErrors(log, hits) {
  const favicon404 = hits.includes('/favicon.ico');
  return log.console.filter((m) => m.startsWith('error') && !(favicon404 && /Failed to load resource: .* 404/.test(m)));
}

const close = (a, b, what) => assert.ok(a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b))), `${what}: page ${a}, expected ${b}`);

function isPng(buf) {
  return buf.length > 100 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

describe('charts in the page', () => {
  test('default scenario: every chart renders, its numbers are the engine\'s (= CLI), basis switch, PNG', async (t) => {
    const { context, page, log } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    await page.click('#tab-charts');
    await page.waitForSelector('#panel-charts .rd-chart');
    // page-app asks the engine for the frontier at the last decision; the chart appears with it
    await page.waitForSelector(sec('frontier'), { timeout: 120000 });
    const ids = await chartIds(page);
    assert.deepEqual(ids, ['growth', 'drawdown', 'rolling-excess', 'rolling-beta', 'weights', 'risk', 'heatmap', 'calendar', 'distribution', 'frontier']);
    await renderAll(page, ids);
    await page.screenshot({ path: screenshotPath('charts-app-default.png'), fullPage: true });

    const result = await page.evaluate(() => window.riskdial.getResults());
    const [s0, s1] = result.strategies;
    // growth: daily NAVs of both strategies, first and last rows
    const growth = await table(page, 'growth');
    assert.equal(growth.length, new Set([...s0.daily.dates, ...s1.daily.dates]).size);
    const last = growth.at(-1);
    close(last.raw[0], s0.daily.nav_net.at(-1), 'last NAV of the first strategy');
    close(last.raw[1], s1.daily.nav_net.at(-1), 'last NAV of the second strategy');
    // heatmap: the first strategy's monthly returns of its first full year
    const heat = await table(page, 'heatmap');
    const years = Object.keys(s0.metrics.monthly.net.calendar_returns).sort();
    heat.forEach((row, i) => row.raw.slice(0, 12).forEach((v, m) => close(v, s0.metrics.monthly.net.calendar_returns[years[i]].months[m], `heatmap ${years[i]}-${m + 1}`)));
    // risk: realized vs target rows
    const risk = await table(page, 'risk');
    assert.equal(risk.length, s0.metrics.realized_vs_target.length);
    close(risk.at(-1).raw[0], s0.metrics.realized_vs_target.at(-1).target, 'last target volatility');

    if (cliPath()) {
      // the same numbers from the native CLI on the scenario the page holds
      const cli = runCli(await exportScenario(page));
      close(last.raw[0], cli.strategies[0].daily.nav_net.at(-1), 'last NAV vs CLI');
      close(last.raw[1], cli.strategies[1].daily.nav_net.at(-1), 'last NAV (static) vs CLI');
      const cy = cli.strategies[0].metrics.monthly.net.calendar_returns;
      heat.forEach((row, i) => close(row.raw[12], cy[years[i]].year, `year ${years[i]} vs CLI`));
      const dd = await table(page, 'drawdown');
      const uw = cli.strategies[0].metrics.monthly.net.series.underwater;
      close(dd.at(-1).raw[0], uw.at(-1), 'last drawdown vs CLI');
      t.diagnostic('growth, heatmap and drawdown values equal the native CLI');
    } else t.diagnostic('native CLI not built: compared with the page\'s own result only');

    // basis switch: gross NAVs
    const seq = (await appState(page)).seq;
    await page.check('#basis input[value="gross"]');
    await page.waitForFunction(() => /gross of fees/.test(document.querySelector('#panel-charts .rd-chart[data-chart-id="growth"] caption')?.textContent ?? ''), null, { timeout: 30000 });
    const gross = await table(page, 'growth');
    close(gross.at(-1).raw[0], s0.daily.nav_gross.at(-1), 'last gross NAV');
    assert.equal((await appState(page)).seq, seq, 'the basis is display only: no new run');

    // PNG download
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`${sec('growth')} button[data-action="png"]`)]);
    assert.equal(dl.suggestedFilename(), 'riskdial-growth.png');
    assert.ok(isPng(fs.readFileSync(await dl.path())), 'PNG magic bytes');

    assert.deepEqual(log.errors, []);
    assert.deepEqual(consoleErrors(log, env.server.hits), []);
    assertOwnOrigin(log.requests, env.server.origin);
    await context.close();
  });

  test('trend example: the vote matrix is the last decision\'s audit (= CLI)', async (t) => {
    const { context, page, log } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    const seq = (await appState(page)).seq;
    await page.selectOption('#example', 'trend_classic');
    await page.click('#load-example');
    await waitRun(page, seq);
    await page.click('#tab-charts');
    await page.waitForSelector(sec('votes'), { timeout: 60000 });
    const ids = await chartIds(page);
    assert.ok(ids.includes('votes') && !ids.includes('risk') && !ids.includes('frontier'), ids.join(' '));
    await renderAll(page, ids);
    await page.locator(sec('votes')).screenshot({ path: screenshotPath('charts-app-votes.png') });
    const result = await page.evaluate(() => window.riskdial.getResults());
    const trend = result.strategies.find((s) => s.type === 'trend');
    const withVotes = trend.decisions.filter((d) => Array.isArray(d.audit?.sleeves));
    const lastDecision = withVotes.at(-1);
    assert.equal(await page.inputValue(`${sec('votes')} select[data-control="decision"]`), String(trend.decisions.indexOf(lastDecision)));
    const votes = await table(page, 'votes');
    const assets = lastDecision.audit.sleeves.flatMap((s) => s.assets.map((a) => ({ sleeve: s.name, a })));
    assert.equal(votes.length, assets.length);
    assets.forEach(({ sleeve, a }, i) => {
      assert.equal(votes[i].header, `${sleeve} · ${a.asset}`);
      assert.deepEqual(votes[i].raw.slice(0, 12), [...a.momentum, ...a.trend]);
    });
    if (cliPath()) {
      const cli = runCli(await exportScenario(page));
      const ct = cli.strategies.find((s) => s.type === 'trend');
      const cd = ct.decisions.find((d) => d.date === lastDecision.date);
      assert.deepEqual(cd.audit.sleeves.flatMap((s) => s.assets.map((a) => [...a.momentum, ...a.trend])), votes.map((v) => v.raw.slice(0, 12)));
    } else t.diagnostic('native CLI not built');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(consoleErrors(log, env.server.hits), []);
    await context.close();
  });
});
