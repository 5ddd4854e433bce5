/// <reference types="vite/client" />
// Scenario building from form state (web/src/state/scenario.ts): presets on the sample's columns, tags,
// field paths, the columns a scenario needs.
import { describe, expect, test } from 'vitest';
import {
  STRATEGY_KINDS, applyTags, buildStrategy, defaultScenario, errorTarget, getPath, guessTags, missingColumns,
  parsePath, referencedColumns, setPath, tagGroups,
} from '../src/state/scenario';
import type { ScenarioDoc } from '../src/shared/result';

import sampleCsv from '../../public/data/sample_prices.csv?raw';
import rtJson from '../../public/scenarios/risk_targeting.json';
import trendJson from '../../public/scenarios/trend_classic.json';
import moderateJson from '../../tests/fixtures/scenarios/moderate.json';

const SAMPLE = sampleCsv.split('\n')[0]!.trim().split(',').slice(1);
const ctx = { columns: SAMPLE, tags: guessTags(SAMPLE) };
const rtExample = rtJson as unknown as ScenarioDoc;

describe('asset groups', () => {
  test('the sample columns get the groups their names say', () => {
    expect(ctx.tags).toEqual({
      SIM_CORE_BOND: 'bonds', SIM_SHORT_TREASURY: 'bonds', SIM_TIPS: 'bonds', SIM_HY_BOND: 'bonds',
      SIM_US_EQUITY: 'equity', SIM_INTL_EQUITY: 'equity', SIM_EM_EQUITY: 'equity',
      SIM_REAL_ESTATE: 'alts', SIM_GOLD: 'alts', SIM_COMMODITY: 'alts',
      SIM_BOND_INDEX: 'bonds', SIM_EQUITY_INDEX: 'equity',
    });
    expect(guessTags(['SPY', 'AGG', 'GLD', 'BIL'])).toEqual({ SPY: 'equity', AGG: 'bonds', GLD: 'alts', BIL: 'bonds' });
  });
});

describe('strategy builders on the sample data', () => {
  test('the default scenario: baseline risk targeting on the bond universe + static 60/40', () => {
    const doc = defaultScenario(ctx);
    const baseline = rtExample.strategies[0]!;
    expect(doc.benchmark).toEqual({ name: 'SIM_BOND_INDEX', weights: { SIM_BOND_INDEX: 1 } });
    expect(doc.costs).toEqual({ fee_ann: 0.0055 });
    expect(doc.strategies).toHaveLength(2);
    const [rt, mix] = doc.strategies;
    // the same strategy as the shipped example (public/scenarios/risk_targeting.json), with its own benchmark
    expect(rt).toEqual({ ...baseline, benchmark: { name: 'SIM_BOND_INDEX', weights: { SIM_BOND_INDEX: 1 } } });
    expect(mix).toEqual({
      name: 'Static 60/40', type: 'static', weights: { SIM_EQUITY_INDEX: 0.6, SIM_BOND_INDEX: 0.4 },
      benchmark: { name: '60% SIM_EQUITY_INDEX / 40% SIM_BOND_INDEX', weights: { SIM_EQUITY_INDEX: 0.6, SIM_BOND_INDEX: 0.4 } },
    });
  });

  test('risk-targeting presets match the shipped example\'s universes', () => {
    expect(buildStrategy('rt_aggressive', ctx).assets).toEqual(rtExample.strategies[1]!.assets);
    expect(buildStrategy('rt_conservative', ctx).assets).toEqual(rtExample.strategies[2]!.assets);
    const multi = buildStrategy('rt_multi_asset', ctx);
    expect(multi.preset).toBe('multi_asset');
    expect(multi.market_risk_series).toEqual({ SIM_EQUITY_INDEX: 0.6, SIM_BOND_INDEX: 0.4 });
    expect(multi.assets).toEqual(['SIM_US_EQUITY', 'SIM_INTL_EQUITY', 'SIM_EM_EQUITY', 'SIM_CORE_BOND', 'SIM_SHORT_TREASURY', 'SIM_TIPS', 'SIM_HY_BOND']);
    const custom = buildStrategy('rt_custom', ctx);
    expect(custom.preset).toBeUndefined();
    expect(custom).toMatchObject({ target_rule: 'dynamic_risk', k_DR: 1 });
  });

  test('trend and classic strategies map the sleeves and universes to the loaded columns', () => {
    const t = buildStrategy('trend_moderate', ctx);
    expect(t.sleeves).toEqual([
      { name: 'EQ', assets: ['SIM_US_EQUITY', 'SIM_INTL_EQUITY', 'SIM_EM_EQUITY'], benchmark: 'SIM_EQUITY_INDEX', weight: 0.6 },
      { name: 'FI', assets: ['SIM_CORE_BOND', 'SIM_SHORT_TREASURY', 'SIM_TIPS', 'SIM_HY_BOND'], benchmark: 'SIM_BOND_INDEX', weight: 0.3 },
      { name: 'ALT', assets: ['SIM_REAL_ESTATE', 'SIM_GOLD', 'SIM_COMMODITY'], benchmark: 'SIM_REAL_ESTATE', weight: 0.1, fallback: 'CASH' },
    ]);
    expect(buildStrategy('faber', ctx).faber_universe).toEqual(['SIM_US_EQUITY', 'SIM_INTL_EQUITY', 'SIM_CORE_BOND', 'SIM_REAL_ESTATE', 'SIM_COMMODITY']);
    expect(buildStrategy('gem', ctx)).toMatchObject({ gem_us: 'SIM_US_EQUITY', gem_intl: 'SIM_INTL_EQUITY', gem_bonds: 'SIM_CORE_BOND' });
    expect(buildStrategy('tsmom', ctx)).toMatchObject({ tsmom_lookback_months: 12, tsmom_skip_months: 1, tsmom_mode: 'long_only' });
  });

  test('every kind names only loaded columns; names are made unique', () => {
    const doc: ScenarioDoc = { version: 1, strategies: [] };
    for (const { kind } of STRATEGY_KINDS) doc.strategies.push(buildStrategy(kind, ctx, doc));
    expect(missingColumns(doc, SAMPLE)).toEqual([]);
    expect(new Set(doc.strategies.map((s) => s.name)).size).toBe(doc.strategies.length);
    doc.strategies.push(buildStrategy('faber', ctx, doc));
    expect(doc.strategies.at(-1)!.name).toBe('Faber (10-month SMA) 2');
  });

  test('two columns without groups still give valid-looking strategies', () => {
    const two = { columns: ['AAA', 'BBB'], tags: guessTags(['AAA', 'BBB']) };
    const d = defaultScenario(two);
    expect(missingColumns(d, two.columns)).toEqual([]);
    expect(d.strategies[0]!.assets).toEqual(['AAA', 'BBB']);
    expect(d.strategies[1]!.weights).toEqual({ AAA: 1 });
  });
});

describe('field paths', () => {
  test('parse, get, set (copy) and delete with empty parents removed', () => {
    expect(parsePath('strategies[1].suitability_knots[2][0]')).toEqual(['strategies', 1, 'suitability_knots', 2, 0]);
    const doc: ScenarioDoc = { version: 1, strategies: [{ name: 'a', type: 'static' }] };
    const d1 = setPath(doc, 'strategies[0].vol_target.vt_target', 0.1);
    expect(doc.strategies[0]).toEqual({ name: 'a', type: 'static' }); // not mutated
    expect(getPath(d1, 'strategies[0].vol_target.vt_target')).toBe(0.1);
    const d2 = setPath(d1, 'strategies[0].vol_target.vt_target', undefined);
    expect(d2.strategies[0]).toEqual({ name: 'a', type: 'static' });
    const d3 = setPath(doc, 'costs.fee_ann', 0.01);
    expect(d3.costs).toEqual({ fee_ann: 0.01 });
    expect(setPath(d3, 'costs.fee_ann', undefined).costs).toBeUndefined();
    expect(setPath(doc, 'data.rf.rf_ann', undefined)).toEqual(doc);
  });

  test('an engine error path finds the closest control', () => {
    const known = new Set(['strategies[0].k_DR', 'strategies[1].suitability_knots']);
    expect(errorTarget('strategies[0].k_DR', (p) => known.has(p))).toBe('strategies[0].k_DR');
    expect(errorTarget('strategies[1].suitability_knots[2][0]', (p) => known.has(p))).toBe('strategies[1].suitability_knots');
    expect(errorTarget('benchmark.weights', (p) => known.has(p))).toBeNull();
  });
});

describe('columns a scenario needs', () => {
  test('the shipped examples name SIM_* columns only; the SPY/AGG fixture is missing them', () => {
    expect(referencedColumns(rtExample).sort()).toEqual(
      ['SIM_BOND_INDEX', 'SIM_CORE_BOND', 'SIM_EQUITY_INDEX', 'SIM_HY_BOND', 'SIM_INTL_EQUITY', 'SIM_SHORT_TREASURY', 'SIM_TIPS', 'SIM_US_EQUITY'].sort(),
    );
    const trend = trendJson as unknown as ScenarioDoc;
    expect(missingColumns(trend, SAMPLE)).toEqual([]);
    const moderate = moderateJson as unknown as ScenarioDoc;
    expect(missingColumns(moderate, SAMPLE).sort()).toEqual(['AGG', 'SPY']);
  });
});

describe('tags → group limits and sleeves', () => {
  test('tagGroups makes one group per tag in the universe', () => {
    expect(tagGroups(['SIM_US_EQUITY', 'SIM_CORE_BOND', 'SIM_TIPS'], ctx.tags, { equity: [0, 0.5], bonds: [0.2, 1], alts: [0, 0.1] })).toEqual([
      { name: 'equity', members: ['SIM_US_EQUITY'], min: 0, max: 0.5 },
      { name: 'bonds', members: ['SIM_CORE_BOND', 'SIM_TIPS'], min: 0.2, max: 1 },
    ]);
  });
  test('applyTags moves a re-tagged column between sleeves and groups', () => {
    const doc: ScenarioDoc = { version: 1, strategies: [buildStrategy('trend_moderate', ctx), { ...buildStrategy('rt_multi_asset', ctx), groups: [{ name: 'equity', members: ['SIM_US_EQUITY'], min: 0, max: 0.6 }] }] };
    const tags = { ...ctx.tags, SIM_HY_BOND: 'equity' as const };
    const next = applyTags(doc, { columns: SAMPLE, tags });
    const sleeves = next.strategies[0]!.sleeves as { name: string; assets: string[] }[];
    expect(sleeves[0]!.assets).toContain('SIM_HY_BOND');
    expect(sleeves[1]!.assets).not.toContain('SIM_HY_BOND');
    expect((next.strategies[1]!.groups as { members: string[] }[])[0]!.members).toEqual(['SIM_US_EQUITY', 'SIM_INTL_EQUITY', 'SIM_EM_EQUITY', 'SIM_HY_BOND']);
    expect(doc.strategies[0]!.sleeves).not.toBe(sleeves); // copy
  });
});
