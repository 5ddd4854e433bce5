// Every strategy the page's builders make on the sample columns is accepted by the real engine
// (validateScenario of the WASM module), and the default scenario and the shipped examples are valid too.
/// <reference types="vite/client" />
import { beforeAll, describe, expect, test } from 'vitest';
import sampleCsv from '../../public/data/sample_prices.csv?raw';
import rtJson from '../../public/scenarios/risk_targeting.json';
import trendJson from '../../public/scenarios/trend_classic.json';
import createRiskdial from '../src/engine/generated/riskdial-single.mjs';
import type { RiskdialModule } from '../src/engine/generated/riskdial.mjs';
import type { ScenarioDoc } from '../src/shared/result';
import { STRATEGY_KINDS, buildStrategy, defaultScenario, guessTags, tagGroups } from '../src/state/scenario';

let M: RiskdialModule;
const SAMPLE = sampleCsv.split('\n')[0]!.trim().split(',').slice(1);
const ctx = { columns: SAMPLE, tags: guessTags(SAMPLE) };

beforeAll(async () => {
  M = await createRiskdial();
}, 60_000);

describe('builders vs the engine', () => {
  test('each builder alone and all together validate; names as the engine reads them', () => {
    const doc: ScenarioDoc = { version: 1, strategies: [] };
    for (const { kind } of STRATEGY_KINDS) {
      const s = buildStrategy(kind, ctx, doc);
      const one = M.validateScenario({ version: 1, strategies: [s] });
      expect(one, kind).toEqual({ ok: true, value: { strategies: [s.name] } });
      doc.strategies.push(s);
    }
    expect(M.validateScenario(doc)).toEqual({ ok: true, value: { strategies: doc.strategies.map((s) => s.name) } });
    expect(M.validateScenario(defaultScenario(ctx)).ok).toBe(true);
  });

  test('the shipped examples validate', () => {
    expect(M.validateScenario(rtJson).ok).toBe(true);
    expect(M.validateScenario(trendJson).ok).toBe(true);
  });

  test('group limits built from the tags validate; an infeasible pair is the engine\'s to report', () => {
    const s = buildStrategy('rt_multi_asset', ctx);
    const groups = tagGroups(s.assets as string[], ctx.tags, { equity: [0, 0.5], bonds: [0.3, 1] });
    expect(M.validateScenario({ version: 1, strategies: [{ ...s, groups }] }).ok).toBe(true);
    const bad = M.validateScenario({ version: 1, strategies: [{ ...s, groups: [{ ...groups[0]!, min: 0.8, max: 0.2 }] }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.file).toMatch(/^strategies\[0\]\.groups/);
  });
});
