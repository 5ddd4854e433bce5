// Flows 2–3 (strategies and results) in real headless Chromium: every risk-targeting preset and every
// strategy builder run and equal the native CLI on the same scenario; compare two strategies; a parameter
// change re-runs (debounced) and the numbers follow; a bad value shows the engine's error next to its
// field; a new run cancels the one in flight; Cancel keeps the previous results.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, openPage, screenshotPath, useBrowserAndDist } from './harness.mjs';
import { appState, assertHeadlineMatchesCli, assertTablesMatchCli, cliPath, exportScenario, headline, runCli, waitIdle, waitRun } from './flow-support.mjs';

// Chromium and a static server over web/dist for the whole file (harness.mjs).
const env = useBrowserAndDist();

async function open() {
  const o = await openPage(env.browser);
  await o.page.goto(env.server.origin + '/');
  await waitIdle(o.page);
  return o;
}

/** Set a form field (by its scenario path) the way a user does: type, then leave the field. */
async function setField(page, fieldPath, value) {
  const sel = `[data-path="${fieldPath}"]`;
  await page.fill(sel, String(value));
  await page.press(sel, 'Tab');
  // the form re-renders after each edit: wait until the new control shows the value (from the document)
  await page.waitForFunction(([s, x]) => document.querySelector(s)?.value === x, [sel, String(value)]);
}

describe('strategies and results', () => {
  test('the four risk-targeting presets (example scenario) run and equal the native CLI', async (t) => {
    const { context, page, log } = await open();
    const before = (await appState(page)).seq;
    await page.selectOption('#example', 'risk_targeting');
    await page.click('#load-example');
    await waitRun(page, before);
    const rows = await page.$$eval('#headline tbody tr', (r) => r.map((x) => x.dataset.strategy));
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'public', 'scenarios', 'risk_targeting.json'), 'utf8'));
    assert.deepEqual(rows, file.strategies.map((s) => s.name));
    const scenario = await exportScenario(page);
    assert.deepEqual(scenario, file, 'the page holds exactly the example scenario');
    // every strategy card is in the form, with its preset selected
    assert.deepEqual(await page.$$eval('[data-path$=".preset"]', (s) => s.map((x) => x.value)), ['baseline', 'aggressive', 'conservative', 'multi_asset']);
    if (cliPath()) {
      const cli = runCli(scenario);
      t.diagnostic(`${await assertHeadlineMatchesCli(page, cli)} headline cells equal the CLI's`);
      t.diagnostic(`${await assertTablesMatchCli(page, cli)} fact-sheet and annualized-table cells equal the CLI's`);
    } else t.skip('native CLI not built');
    await page.screenshot({ path: screenshotPath('flow-presets.png'), fullPage: true });
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('every strategy builder (trend, Faber, 12-1 momentum, dual momentum, custom risk target, vol-target overlay) runs and equals the CLI', async (t) => {
    const { context, page, log } = await open();
    const before = (await appState(page)).seq;
    // added one after the other: each addition re-schedules the (debounced) run
    for (const kind of ['trend_moderate', 'faber', 'tsmom', 'gem', 'rt_custom']) {
      await page.selectOption('#add-kind', kind);
      await page.click('#add-strategy');
    }
    // the vol-target overlay on the Faber card (index 3)
    await page.$eval('details[data-path="strategies[3]"]', (d) => (d.open = true));
    await page.check('input[data-path="strategies[3].vol_target"]');
    await waitRun(page, before);
    const s = await appState(page);
    const names = await page.$$eval('#headline tbody tr', (r) => r.map((x) => x.dataset.strategy));
    assert.deepEqual(names, ['Baseline (dynamic risk)', 'Static 60/40', 'Moderate (TrendFolios)', 'Faber (10-month SMA)', '12-1 momentum', 'Dual momentum (GEM)', 'Custom risk target']);
    const scenario = await exportScenario(page);
    assert.deepEqual(scenario.strategies[3].vol_target, { vt_target: 0.1, vt_lookback: 63, vt_max_exposure: 1 });
    assert.equal(scenario.strategies[2].sleeves.length, 3);
    const result = await page.evaluate(() => window.riskdial.getResults().strategies.map((x) => [x.type, x.decisions.length > 0]));
    assert.deepEqual(result.map((r) => r[0]), ['risk_target', 'static', 'trend', 'faber+vol_target', 'tsmom', 'gem', 'risk_target']);
    assert.ok(result.every((r) => r[1]), 'every strategy made decisions');
    t.diagnostic(`runs completed: ${s.seq - before} (additions in quick succession cancel the runs in flight)`);
    if (cliPath()) t.diagnostic(`${await assertHeadlineMatchesCli(page, runCli(scenario))} headline cells equal the CLI's`);
    else t.skip('native CLI not built');
    await page.screenshot({ path: screenshotPath('flow-all-builders.png'), fullPage: true });
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('compare: the selector shows one or both strategies in the headline and the views', async () => {
    const { context, page } = await open();
    const rows = () => page.$$eval('#headline tbody tr', (r) => r.map((x) => x.dataset.strategy));
    assert.deepEqual(await rows(), ['Baseline (dynamic risk)', 'Static 60/40']);
    await page.uncheck('#compare input[data-strategy="Baseline (dynamic risk)"]');
    assert.deepEqual(await rows(), ['Static 60/40']);
    // the fact sheet (page-tables) shows the selected strategies only: data-strategy is the result index
    const shown = () => page.$$eval('#panel-factsheet td[data-strategy]', (c) => [...new Set(c.map((x) => x.dataset.strategy))]);
    assert.deepEqual(await shown(), ['1']);
    await page.check('#compare input[data-strategy="Baseline (dynamic risk)"]');
    assert.deepEqual(await rows(), ['Baseline (dynamic risk)', 'Static 60/40']);
    assert.deepEqual(await shown(), ['0', '1']);
    // the tabs switch the views (each view is rendered when first shown)
    for (const tab of ['tables', 'metrics', 'charts', 'audit', 'factsheet']) {
      await page.click(`#tab-${tab}`);
      assert.equal(await page.getAttribute(`#tab-${tab}`, 'aria-selected'), 'true');
      assert.equal(await page.isVisible(`#panel-${tab}`), true);
      assert.ok((await page.textContent(`#panel-${tab}`)).length > 0, `${tab} rendered`);
    }
    await context.close();
  });

  test('a parameter change re-runs and the numbers follow (= CLI); a bad value shows the engine error next to its field', async (t) => {
    const { context, page, log } = await open();
    const before = await headline(page);
    let seq = (await appState(page)).seq;
    await setField(page, 'strategies[0].k_DR', 1.5);
    assert.equal((await appState(page)).state, 'loading', 'the change schedules a run at once');
    await waitRun(page, seq);
    seq = (await appState(page)).seq;
    const after1 = await headline(page);
    const ret = (cells) => cells.find((c) => c.strategy === 'Baseline (dynamic risk)' && c.key === 'annualized_table.volatility_net.since_inception').raw;
    assert.ok(ret(after1) > ret(before) * 1.1, `volatility follows k: ${ret(before)} → ${ret(after1)}`);
    const scenario = await exportScenario(page);
    assert.equal(scenario.strategies[0].k_DR, 1.5);
    if (cliPath()) await assertHeadlineMatchesCli(page, runCli(scenario));
    else t.skip('native CLI not built');
    // out of range: the engine's message next to the field, the previous numbers stay
    await setField(page, 'strategies[0].k_DR', 9);
    await waitIdle(page, 'error');
    const msg = await page.$eval('.rd-field-error', (e) => ({ for: e.dataset.for, text: e.textContent }));
    assert.deepEqual(msg, { for: 'strategies[0].k_DR', text: 'expected a number in 0.1..5.0, got 9' });
    assert.equal(await page.getAttribute('[data-path="strategies[0].k_DR"]', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#run-error'), /strategies\[0\]\.k_DR: expected a number in 0\.1\.\.5\.0, got 9/);
    assert.deepEqual(await headline(page), after1);
    await page.screenshot({ path: screenshotPath('flow-field-error.png'), fullPage: true });
    // a fee out of range names the scenario-level field
    await setField(page, 'strategies[0].k_DR', '');
    await setField(page, 'costs.fee_ann', 0.5);
    await waitIdle(page, 'error');
    assert.equal(await page.$eval('.rd-field-error', (e) => e.dataset.for), 'costs.fee_ann');
    await setField(page, 'costs.fee_ann', 0.01);
    await waitRun(page, seq);
    assert.equal(await page.$('.rd-field-error'), null);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('a new run cancels the one in flight; Cancel stops a run and keeps the previous results', async () => {
    const { context, page, log } = await open();
    const before = await headline(page);
    const seq = (await appState(page)).seq;
    await page.click('#run-now');
    await page.click('#run-now');
    await waitRun(page, seq);
    await page.waitForTimeout(300);
    assert.equal((await appState(page)).seq, seq + 1, 'the first of two runs was cancelled');
    assert.deepEqual(await headline(page), before, 'same scenario, same numbers');
    // Cancel
    await page.click('#run-now');
    assert.equal(await page.isEnabled('#cancel-run'), true);
    assert.equal(await page.isVisible('#run-progress'), true);
    await page.click('#cancel-run');
    await waitIdle(page);
    const s = await appState(page);
    assert.equal(s.run, 'cancelled');
    assert.equal(s.seq, seq + 1);
    assert.match(await page.textContent('#run-status'), /Cancelled/);
    assert.deepEqual(await headline(page), before);
    // the next run works (a fresh worker)
    await page.click('#run-now');
    await waitRun(page, seq + 1);
    assert.deepEqual(await headline(page), before);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('suitability curve editor', () => {
  test('switching the target rule shows the points table; edited points run (= CLI); a non-increasing x is flagged on its row', async (t) => {
    const { context, page, log } = await open();
    let seq = (await appState(page)).seq;
    await page.selectOption('#add-kind', 'rt_custom');
    await page.click('#add-strategy');
    await waitRun(page, seq);
    seq = (await appState(page)).seq;
    await page.selectOption('[data-path="strategies[2].target_rule"]', 'suitability');
    await page.waitForSelector('[data-path="strategies[2].suitability_knots"] tbody tr');
    // the two default points; add a third, then shape the curve: 0 → 0, 0.1 → 0.06, 0.3 → 0.12
    await page.click('[data-path="strategies[2].suitability_knots"] button:has-text("Add point")');
    await page.waitForSelector('[data-path="strategies[2].suitability_knots[2][0]"]');
    const set = async (j, k, v) => {
      const sel = `[data-path="strategies[2].suitability_knots[${j}][${k}]"]`;
      await page.fill(sel, String(v));
      await page.press(sel, 'Tab');
      // the form re-renders after each edit: wait until the new control shows the value (from the document)
      await page.waitForFunction(([s, x]) => document.querySelector(s)?.value === x, [sel, String(v)]);
    };
    await set(1, 0, 0.1);
    await set(1, 1, 0.06);
    // two edits in one task, before the form re-renders: the second builds on the first (it once reverted it)
    await page.evaluate((path) => {
      for (const [j, k, v] of [[2, 0, '0.3'], [2, 1, '0.12']]) {
        const el = document.querySelector(`[data-path="${path}[${j}][${k}]"]`);
        el.value = v;
        el.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }, 'strategies[2].suitability_knots');
    await waitRun(page, seq);
    seq = (await appState(page)).seq;
    const scenario = await exportScenario(page);
    assert.deepEqual(scenario.strategies[2].suitability_knots, [[0, 0], [0.1, 0.06], [0.3, 0.12]]);
    assert.equal(scenario.strategies[2].target_rule, 'suitability');
    const audit = await page.evaluate(() => window.riskdial.getResults().strategies[2].decisions.at(-1).audit);
    assert.equal(audit.target_rule, 'suitability');
    if (cliPath()) await assertHeadlineMatchesCli(page, runCli(scenario));
    else t.skip('native CLI not built');
    // x not increasing: the engine's message on that row
    await set(2, 0, 0.05);
    await waitIdle(page, 'error');
    const err = await page.$eval('.rd-field-error', (e) => ({ for: e.dataset.for, text: e.textContent }));
    assert.equal(err.for, 'strategies[2].suitability_knots[2]');
    assert.match(err.text, /strictly greater/);
    // remove the bad point: valid again
    await page.click('[data-path="strategies[2].suitability_knots"] button[aria-label="remove point 3"]');
    await waitRun(page, seq);
    assert.deepEqual((await exportScenario(page)).strategies[2].suitability_knots, [[0, 0], [0.1, 0.06]]);
    await page.screenshot({ path: screenshotPath('flow-suitability.png'), fullPage: true });
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('metric options and the sleeve split', () => {
  test('metric options reach the engine (trailing display, calendar years, VaR horizon, inception anchor = CLI); a trend sleeve split at month-ends runs (= CLI)', async (t) => {
    const { context, page, log } = await open();
    let seq = (await appState(page)).seq;
    // the metric options sit in a folded "Advanced" section, which stays open across the re-render after each edit
    await page.click('details.rd-advanced[data-key="metrics.year_basis"] > summary');
    const setMetric = async (path, value) => {
      const sel = `[data-path="${path}"]`;
      if (await page.$eval(sel, (e) => e.tagName) === 'SELECT') await page.selectOption(sel, value);
      else { await page.fill(sel, value); await page.press(sel, 'Tab'); }
      await page.waitForFunction((s) => document.querySelector(s)?.checkVisibility(), sel);
    };
    await setMetric('metrics.trailing_display', 'cumulative');
    await setMetric('metrics.year_basis', 'calendar');
    await setMetric('metrics.var_horizon_periods', '3');
    await setMetric('metrics.inception_anchor', '2010-12-31');
    await waitRun(page, seq);
    seq = (await appState(page)).seq;
    const scenario = await exportScenario(page);
    assert.deepEqual(scenario.metrics, { trailing_display: 'cumulative', year_basis: 'calendar', var_horizon_periods: 3, inception_anchor: '2010-12-31' });
    const keys = await page.evaluate(() => Object.keys(window.riskdial.getResults().strategies[0].metrics.monthly.gross.metrics));
    assert.ok(keys.includes('return_cumulative_3y') && !keys.includes('return_annualized_3y'), 'cumulative trailing keys only');
    if (cliPath()) {
      const cli = runCli(scenario);
      await assertHeadlineMatchesCli(page, cli);
      const page0 = await page.evaluate(() => window.riskdial.getResults().strategies[0].metrics.monthly.gross.metrics);
      const cli0 = cli.strategies[0].metrics.monthly.gross.metrics;
      for (const k of ['return_cumulative', 'return_annualized', 'var_gaussian_95', 'es_historical_95']) {
        assert.ok(k in cli0, `${k} in the CLI report`);
        // WASM and native Eigen reductions may differ in the last bits
        assert.ok(Math.abs(page0[k] - cli0[k]) <= 1e-12 * Math.abs(cli0[k]), `${k}: page ${page0[k]}, CLI ${cli0[k]}`);
      }
    } else t.skip('native CLI not built');
    // a trend strategy with the sleeve split reset at month-ends
    await page.selectOption('#add-kind', 'trend_moderate');
    await page.click('#add-strategy');
    await waitRun(page, seq);
    seq = (await appState(page)).seq;
    const n = (await exportScenario(page)).strategies.length - 1;
    await page.selectOption(`[data-path="strategies[${n}].sleeve_rebalance"]`, 'month_end');
    await waitRun(page, seq);
    const doc = await exportScenario(page);
    assert.equal(doc.strategies[n].sleeve_rebalance, 'month_end');
    const shares = await page.evaluate((i) => window.riskdial.getResults().strategies[i].decisions.filter((d) => d.executed).map((d) => d.sleeve_shares), n);
    assert.ok(shares.length > 10 && shares.every((x) => Array.isArray(x) && Math.abs(x.reduce((a, b) => a + b, 0) - 1) < 1e-12), 'sleeve shares sum to 1');
    if (cliPath()) await assertHeadlineMatchesCli(page, runCli(doc));
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});

describe('efficient frontier', () => {
  test('the Charts tab traces the frontier at the last decision of the first risk-targeting strategy (= CLI audit); another date on request', async (t) => {
    const { context, page, log } = await open();
    await page.click('#tab-charts');
    await page.waitForFunction(() => /^Shown: /.test(document.getElementById('frontier-status')?.textContent ?? ''), null, { timeout: 120000 });
    const status = await page.$eval('#frontier-status', (e) => ({ text: e.textContent, ...e.dataset }));
    const scenario = await exportScenario(page);
    const result = await page.evaluate(() => window.riskdial.getResults().strategies[0].decisions.filter((d) => d.executed).map((d) => d.date));
    const last = result.at(-1);
    assert.match(status.text, new RegExp(`^Shown: Baseline \\(dynamic risk\\), ${last}: chosen portfolio volatility \\d+\\.\\d{2}%, expected return \\d+\\.\\d{2}% \\(\\d+ frontier points\\)$`));
    if (cliPath()) {
      const cli = runCli({ ...scenario, strategies: [{ ...scenario.strategies[0], frontier_at: last }] });
      const f = cli.strategies[0].decisions.find((d) => d.date === last).audit.frontier;
      assert.equal(Number(status.points), f.points.length);
      assert.ok(Math.abs(JSON.parse(status.volatility) - f.chosen.volatility) <= 1e-9, `${status.volatility} vs ${f.chosen.volatility}`);
      assert.ok(Math.abs(JSON.parse(status.expectedReturn) - f.chosen.expected_return) <= 1e-9);
    } else t.skip('native CLI not built');
    // an earlier decision date
    const earlier = result.at(-13);
    await page.selectOption('#frontier-date', earlier);
    await page.click('#frontier-show');
    await page.waitForFunction((d) => (document.getElementById('frontier-status')?.textContent ?? '').includes(`, ${d}:`), earlier, { timeout: 120000 });
    assert.equal(await page.inputValue('#frontier-date'), earlier);
    await page.screenshot({ path: screenshotPath('flow-frontier.png') });
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});
