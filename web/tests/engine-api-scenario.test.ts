// The worker's runScenario with the real WASM module: running the strategies one at a time (for progress)
// gives exactly the document of one whole-scenario engine call, errors keep their field paths, and the
// progress callback hears once per strategy.
/// <reference types="vite/client" />
import { beforeAll, describe, expect, test } from 'vitest';
import sampleCsv from '../../public/data/sample_prices.csv?raw';
import scenarioJson from '../../public/scenarios/risk_targeting.json?raw';
import createRiskdial from '../src/engine/generated/riskdial-single.mjs';
import type { RiskdialModule } from '../src/engine/generated/riskdial.mjs';
import type { PanelData } from '../src/shared/protocol';
import type { RunProgress, ScenarioDoc, ScenarioResult } from '../src/shared/result';
import { createEngineApi } from '../src/worker/engine-api';

let M: RiskdialModule;
let panel: PanelData;
const scenario = JSON.parse(scenarioJson) as ScenarioDoc;
// two strategies keep the test quick: a risk-targeting preset with its own benchmark override and a static mix
const small: ScenarioDoc = { ...scenario, strategies: [scenario.strategies[3]!, scenario.strategies[4]!] };

beforeAll(async () => {
  M = await createRiskdial(); // the SINGLE_FILE variant: wasm embedded, no fetch in Node
  const imported = M.importFiles([{ name: 'sample_prices.csv', text: sampleCsv }], {});
  if (!imported.ok) throw new Error(imported.error.message);
  panel = imported.value.panel;
}, 60_000);

describe('engine api runScenario (real module)', () => {
  test('per-strategy runs merge into the whole-scenario document, progress once per strategy', async () => {
    const api = createEngineApi(async () => M);
    const progress: RunProgress[] = [];
    const split = await api.runScenario(small, panel, (p) => progress.push(p));
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    const whole = M.runScenario(small, panel);
    expect(whole.ok).toBe(true);
    if (!whole.ok) return;
    const w = whole.value as ScenarioResult;
    const { engineMs, ...doc } = split.value;
    expect(engineMs).toBeGreaterThan(0);
    expect(JSON.stringify(doc.strategies)).toBe(JSON.stringify(w.strategies));
    expect(doc.benchmark).toBe(w.benchmark);
    expect(doc.manifest.data).toEqual(w.manifest.data);
    expect(progress).toEqual([
      { done: 1, total: 2, strategy: small.strategies[0]!.name },
      { done: 2, total: 2, strategy: small.strategies[1]!.name },
    ]);
    // a real number, not just a shape: the static 60/40 ends where its daily net NAV says
    const s = doc.strategies[1]!;
    expect(s.name).toBe('Static 60/40');
    expect(s.daily.nav_net.length).toBe(s.daily.dates.length);
    expect(s.metrics.monthly.fact_sheet.rows.map((r) => r.name)).toEqual(['gross', 'net', 'benchmark', 'net_minus_benchmark']);
  }, 60_000);

  test('the single-strategy form {"strategy": …} runs in one call and equals the list form', async () => {
    const api = createEngineApi(async () => M);
    const { strategies, ...rest } = small;
    const progress: RunProgress[] = [];
    const single = await api.runScenario({ ...rest, strategy: strategies[1]! } as unknown as ScenarioDoc, panel, (p) => progress.push(p));
    expect(single.ok).toBe(true);
    const list = await api.runScenario({ ...rest, strategies: [strategies[1]!] }, panel);
    if (!single.ok || !list.ok) return;
    expect(JSON.stringify(single.value.strategies)).toBe(JSON.stringify(list.value.strategies));
    expect(progress).toEqual([{ done: 1, total: 1, strategy: strategies[1]!.name }]);
  }, 60_000);

  test('errors keep the field path of the strategy in the full scenario', async () => {
    const api = createEngineApi(async () => M);
    const bad: ScenarioDoc = {
      ...small,
      strategies: [small.strategies[1]!, { name: 'x', type: 'static', weights: { NO_SUCH_COLUMN: 1 } }],
    };
    const out = await api.runScenario(bad, panel);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('unknown_column');
    expect(out.error.file).toMatch(/^strategies\[1\]\.weights/);
    const invalid = await api.validateScenario({ ...small, strategies: [{ name: 'y', type: 'nope' }] });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.error.file).toBe('strategies[0].type');
  }, 60_000);

  test('frontier at a decision date: the chosen portfolio is the one the normal run chose', async () => {
    const api = createEngineApi(async () => M);
    const run = M.runScenario(small, panel);
    if (!run.ok) throw new Error(run.error.message);
    const decisions = (run.value as ScenarioResult).strategies[0]!.decisions;
    const d = decisions[decisions.length - 5]!;
    const f = await api.frontier(small, 0, d.date, panel);
    expect(f.ok).toBe(true);
    if (!f.ok) return;
    expect(f.value.points.length).toBe(25);
    expect(f.value.chosen.volatility).toBe(d.audit['ex_ante_vol']);
    expect(f.value.chosen.expected_return).toBe(d.audit['expected_return']);
    // the frontier runs from σ_min to σ_top of that decision, and the choice lies within it
    expect(f.value.points[0]!.volatility).toBeCloseTo(d.audit['sigma_min'] as number, 10);
    expect(f.value.points.at(-1)!.volatility).toBeCloseTo(d.audit['sigma_top'] as number, 10);
    const notADecision = await api.frontier(small, 0, '1999-01-01', panel);
    expect(notADecision.ok).toBe(false);
    const notRiskTarget = await api.frontier(small, 1, d.date, panel);
    expect(notRiskTarget.ok ? '' : notRiskTarget.error.file).toBe('strategies[1]');
  }, 60_000);
});
