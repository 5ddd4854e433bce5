// Table builders of the results views, on a real engine result (web/tests/fixtures/results-result.json: the
// native CLI's `riskdial run` of results-scenario.json on the sample data, long arrays trimmed by
// results-trim.py; every metric scalar is the engine's).
/// <reference types="vite/client" />
import fixtureJson from './fixtures/results-result.json?raw';
import { describe, expect, test } from 'vitest';
import { metricCatalog, namePattern, parseCatalog, splitRow } from '../src/results/catalog';
import { HEADLINES } from '../src/results/conventions';
import {
  annualizedModel, auditModel, calendarModels, factColumns, factSheetModel, groupMetricKeys, metricsModel,
  type ResultsContext,
} from '../src/results/model';
import { displayOf } from '../src/results/units';
import { fmtNum, fmtPct } from '../src/shared/format';
import type { ScenarioResult } from '../src/shared/result';

const load = (): ScenarioResult => JSON.parse(fixtureJson) as ScenarioResult;
const result = load();
const ctx = (over: Partial<ResultsContext> = {}): ResultsContext => ({
  result, selected: [0, 1], locale: 'en-US', convention: 'pa', ...over,
});
const NBSP = /[\u00a0\u202f]/g;

describe('metric catalog (docs/metrics.md)', () => {
  const cat = metricCatalog();
  test('every metric key of a real result has a catalog entry with a formula', () => {
    const keys = new Set<string>();
    for (const s of result.strategies) {
      for (const sr of ['net', 'gross', 'benchmark'] as const) Object.keys(s.metrics.monthly[sr].metrics).forEach((k) => keys.add(k));
      Object.keys(s.metrics.monthly.net.rolling).forEach((k) => keys.add(k));
    }
    expect(keys.size).toBeGreaterThanOrEqual(143 + 7);
    const missing = [...keys].filter((k) => !cat.lookup(k));
    expect(missing).toEqual([]);
    for (const k of keys) {
      const e = cat.lookup(k)!;
      expect(e.fields.length, k).toBeGreaterThanOrEqual(2);
      expect(e.fields[0]!.text.length, k).toBeGreaterThan(0);
    }
  });
  test('families in documented order; placeholder names expand', () => {
    expect(cat.families.slice(0, 3)).toEqual(['Returns', 'Dispersion and shape', 'Risk-adjusted ratios']);
    expect(cat.families).toContain('Tail risk');
    expect(cat.families).toContain('Against the benchmark');
    expect(cat.lookup('return_cumulative_10y')!.name).toBe('return_cumulative_Ky');
    expect(cat.lookup('return_cumulative')!.name).toBe('return_cumulative');
    expect(cat.lookup('var_historical_97_5')!.name).toBe('var_historical_P');
    expect(cat.lookup('starr_annualized_95')!.name).toBe('starr_annualized_P');
    expect(cat.lookup('starr_95')!.name).toBe('starr_P');
    expect(cat.lookup('years')!.name).toBe('years'); // "`n_periods`, `years`" is a list of two
    expect(cat.lookup('down_capture')!.family).toBe('Against the benchmark');
    expect(cat.lookup('no_such_metric')).toBeNull();
    expect(namePattern('alpha_Ky').test('alpha_3y')).toBe(true);
    expect(namePattern('alpha_Ky').test('alpha')).toBe(false);
  });
  test('table rows split on " | " only: |β| and |MDD| stay inside their cells', () => {
    expect(splitRow('| `a` | R_ann/|MDD| | x | |β| < 1e−8 → zero_beta | py |')).toEqual(['`a`', 'R_ann/|MDD|', 'x', '|β| < 1e−8 → zero_beta', 'py']);
    const t = cat.lookup('treynor_ratio')!;
    expect(t.fields.map((f) => f.label)).toEqual(['Formula', 'PA', 'Edge', 'Verified']);
    expect(t.fields[2]!.text).toContain('|β| < 1e−8');
    expect(cat.lookup('calmar_ratio')!.fields[0]!.text).toContain('R_ann/|MDD|');
  });
  test('a malformed row is an error, not a silent shift of columns', () => {
    expect(() => parseCatalog('## Keys\n### Returns\n| Key | Formula |\n|---|---|\n| `a` | x | y |\n')).toThrow(/row of 3 cells/);
  });
});

describe('fact sheet', () => {
  test('net, benchmark and difference rows carry the engine fact_sheet values, formatted to 2 decimals in %', () => {
    const m = factSheetModel(ctx());
    expect(m.groups).toHaveLength(2);
    const cols = factColumns('pa');
    expect(m.columns.map((c) => c.label)).toEqual(cols.map((c) => c.label));
    for (const [g, i] of [[m.groups[0]!, 0], [m.groups[1]!, 1]] as const) {
      const fs = new Map(result.strategies[i]!.metrics.monthly.fact_sheet.rows.map((r) => [r.name, r.values]));
      expect(g.rows.map((r) => r.data!.row)).toEqual(['net', 'benchmark', 'net_minus_benchmark']);
      for (const r of g.rows) {
        r.cells.forEach((c, j) => {
          const key = cols[j]!.key;
          expect(c.key).toBe(key);
          expect(c.raw).toBe(fs.get(r.data!.row!)![key]);
          const d = displayOf(key);
          expect(c.text).toBe(d.unit === 'pct' ? fmtPct(c.raw!, 'en-US', d.digits) : fmtNum(c.raw!, 'en-US', 2));
        });
      }
    }
    // spot values (engine numbers of the fixture)
    const net0 = m.groups[0]!.rows[0]!.cells;
    expect(net0[1]!.raw).toBe(0.04603790702405597); // YTD of the baseline strategy
    expect(net0[1]!.text).toBe('4.60%');
    expect(net0[6]!.text).toBe('67.4%'); // % positive months, 1 decimal
    expect(net0[9]!.text).toBe('0.36'); // 12-month beta
    expect(net0[12]!.text).toBe('-11.73%'); // max drawdown
  });
  test('gross rows on request', () => {
    const m = factSheetModel(ctx({ selected: [1] }), { gross: true });
    expect(m.groups[0]!.rows.map((r) => r.data!.row)).toEqual(['net', 'gross', 'benchmark', 'net_minus_benchmark']);
    const gross = result.strategies[1]!.metrics.monthly.fact_sheet.rows.find((r) => r.name === 'gross')!.values;
    expect(m.groups[0]!.rows[1]!.cells[5]!.raw).toBe(gross.return_cumulative);
  });
  test('seed convention: alpha since inception is alpha_return_minus_beta of the monthly report', () => {
    const m = factSheetModel(ctx({ convention: 'seed' }));
    const j = factColumns('seed').findIndex((c) => c.key === 'alpha_return_minus_beta');
    expect(j).toBe(7);
    const rep = result.strategies[0]!.metrics.monthly;
    const [net, bench, diff] = m.groups[0]!.rows;
    expect(net!.cells[j]!.raw).toBe(rep.net.metrics.alpha_return_minus_beta);
    expect(net!.cells[j]!.raw).not.toBe(rep.fact_sheet.rows.find((r) => r.name === 'net')!.values.alpha_annualized);
    expect(bench!.cells[j]!.raw).toBe(0);
    expect(diff!.cells[j]!.raw).toBe(rep.net.metrics.alpha_return_minus_beta);
    // PA: the engine's alpha_annualized is the ols_compound convention
    const pa = factSheetModel(ctx());
    expect(pa.groups[0]!.rows[0]!.cells[7]!.raw).toBe(rep.net.metrics.alpha_annualized_ols_compound);
  });
  test('de-DE and en-GB formatting', () => {
    const de = factSheetModel(ctx({ locale: 'de-DE' })).groups[0]!.rows[0]!.cells;
    expect(de[1]!.text.replace(NBSP, ' ')).toBe('4,60 %');
    expect(de[9]!.text).toBe('0,36');
    expect(de[12]!.text.replace(NBSP, ' ')).toBe('-11,73 %');
    const gb = factSheetModel(ctx({ locale: 'en-GB' }));
    expect(gb.groups[0]!.rows[0]!.cells[1]!.text).toBe('4.60%');
    expect(gb.columns[0]!.sub).toBe('Dec 2025');
    expect(factSheetModel(ctx({ locale: 'de-DE' })).columns[0]!.sub).toMatch(/^Dez\.? 2025$/);
  });
  test('a null value shows "—" with the flag of flags_by_metric', () => {
    const r = load();
    const m = r.strategies[0]!.metrics.monthly;
    m.fact_sheet.rows.find((x) => x.name === 'net')!.values.return_cumulative_5y = null;
    m.net.flags_by_metric.return_cumulative_5y = ['insufficient_data'];
    const c = factSheetModel({ ...ctx(), result: r }).groups[0]!.rows[0]!.cells[4]!;
    expect(c.raw).toBeNull();
    expect(c.text).toBe('—');
    expect(c.reason).toBe('insufficient_data');
  });
});

describe('a strategy whose metrics failed', () => {
  test('is left out of the tables and named in their notes', () => {
    const r = load();
    (r.strategies[1]!.metrics as unknown as { monthly: unknown }).monthly = { error: { message: 'too few months' } };
    const c = { ...ctx(), result: r };
    for (const m of [factSheetModel(c), annualizedModel(c), metricsModel(c)]) {
      expect(m.groups.filter((g) => g.title === r.strategies[1]!.name)).toHaveLength(0);
      expect(m.note).toContain(`Metrics not available for ${r.strategies[1]!.name}: too few months.`);
    }
    expect(calendarModels(c)).toHaveLength(1);
    expect(factSheetModel(ctx()).note).not.toContain('not available');
  });
});

describe('annualized and calendar tables', () => {
  test('annualized cells equal annualized_table values per window', () => {
    const m = annualizedModel(ctx());
    expect(m.columns.map((c) => c.label)).toEqual(['1 year', '3 years', '5 years', '10 years', 'Since inception']);
    result.strategies.forEach((s, i) => {
      const t = s.metrics.monthly.annualized_table;
      const g = m.groups[i]!;
      expect(g.rows.map((r) => r.data!.row)).toEqual(t.rows.map((r) => r.name));
      g.rows.forEach((r, k) => {
        r.cells.forEach((c, j) => {
          const w = t.windows![j]!;
          expect(c.raw).toBe(t.rows[k]!.values[w]);
          expect(c.data!.window).toBe(w);
        });
      });
    });
    const sharpe = m.groups[0]!.rows.find((r) => r.data!.row === 'sharpe_net')!.cells[0]!;
    expect(sharpe.text).toBe(fmtNum(sharpe.raw!, 'en-US', 2));
    const ret = m.groups[0]!.rows.find((r) => r.data!.row === 'return_net')!.cells[4]!;
    expect(ret.text).toBe(fmtPct(ret.raw!, 'en-US', 2));
  });
  test('calendar years: net and benchmark rows, 12 months + year, values from calendar_returns', () => {
    const ms = calendarModels(ctx());
    expect(ms).toHaveLength(2);
    const s = result.strategies[1]!;
    const m = ms[1]!;
    expect(m.columns).toHaveLength(13);
    const years = Object.keys(s.metrics.monthly.net.calendar_returns).sort();
    expect(m.groups[0]!.rows.map((r) => `${r.header}/${r.data!.series}`)).toEqual(years.flatMap((y) => [`${y}/net`, `${y}/benchmark`]));
    const row = m.groups[0]!.rows[0]!;
    const cal = s.metrics.monthly.net.calendar_returns[years[0]!]!;
    expect(row.cells.map((c) => c.raw)).toEqual([...cal.months, cal.year]);
    expect(calendarModels(ctx({ locale: 'de-DE' }))[0]!.columns[2]!.label).toMatch(/^März?$/);
  });
});

describe('metrics table', () => {
  test('every key once in its family, columns net/gross/benchmark per strategy', () => {
    const m = metricsModel(ctx());
    expect(m.columns).toHaveLength(6);
    expect(m.superColumns!.map((s) => s.label)).toEqual(result.strategies.map((s) => s.name));
    const famRows = m.groups.slice(1).flatMap((g) => g.rows);
    const keys = Object.keys(result.strategies[0]!.metrics.monthly.net.metrics);
    expect(famRows.map((r) => r.data!.key).sort()).toEqual([...keys].sort());
    expect(m.groups.some((g) => g.title?.startsWith('Other'))).toBe(false);
    const row = famRows.find((r) => r.data!.key === 'sortino_ratio')!;
    const reps = result.strategies.flatMap((s) => [s.metrics.monthly.net, s.metrics.monthly.gross, s.metrics.monthly.benchmark]);
    expect(row.cells.map((c) => c.raw)).toEqual(reps.map((r) => r.metrics.sortino_ratio));
    expect(row.detail!.find((d) => d.label === 'Formula')!.text).toContain('mean(r − τ)/DD_full(τ)');
    // the benchmark report has no relative keys: shown as "not computed for this series"
    const beta = famRows.find((r) => r.data!.key === 'beta')!.cells[2]!;
    expect(beta.raw).toBeUndefined();
    expect(beta.text).toBe('—');
    expect(beta.reason).toBe('not computed for this series');
    // returns precede dispersion, windows sorted numerically
    const ret = m.groups[1]!.rows.map((r) => r.data!.key);
    expect(ret.indexOf('return_cumulative_1y')).toBeLessThan(ret.indexOf('return_cumulative_10y'));
    expect(ret.indexOf('return_cumulative_5y')).toBeLessThan(ret.indexOf('return_cumulative_10y'));
  });
  test('the convention switch changes the headline keys', () => {
    const pa = metricsModel(ctx()).groups[0]!.rows;
    const seed = metricsModel(ctx({ convention: 'seed' })).groups[0]!.rows;
    const key = (rows: typeof pa, id: string) => rows.find((r) => r.data!.headline === id)!.data!.key;
    expect(key(pa, 'sharpe')).toBe('sharpe_annualized_arithmetic');
    expect(key(seed, 'sharpe')).toBe('sharpe_seed003');
    expect(key(pa, 'alpha')).toBe('alpha_annualized_ols_compound');
    expect(key(seed, 'alpha')).toBe('alpha_return_minus_beta');
    expect(key(seed, 'sortino')).toBe('sortino_seed003');
    expect(key(seed, 'var')).toBe('var_modified_99');
    const s = seed.find((r) => r.data!.headline === 'sharpe')!;
    expect(s.cells[0]!.raw).toBe(result.strategies[0]!.metrics.monthly.net.metrics.sharpe_seed003);
    // every headline key exists in the engine's report
    const keys = new Set(Object.keys(result.strategies[0]!.metrics.monthly.net.metrics));
    for (const h of HEADLINES) {
      expect(keys.has(h.pa), h.pa).toBe(true);
      expect(keys.has(h.seed), h.seed).toBe(true);
    }
  });
  test('null metric: "—" and its flag', () => {
    const r = load();
    r.strategies[0]!.metrics.monthly.net.metrics.return_cumulative_10y = null;
    r.strategies[0]!.metrics.monthly.net.flags_by_metric.return_cumulative_10y = ['insufficient_data'];
    const row = metricsModel({ ...ctx(), result: r, selected: [0] }).groups.flatMap((g) => g.rows)
      .find((x) => x.data!.key === 'return_cumulative_10y')!;
    expect(row.cells[0]).toMatchObject({ raw: null, text: '—', reason: 'insufficient_data' });
  });
  test('groupMetricKeys puts undocumented keys last', () => {
    const g = groupMetricKeys(['beta', 'made_up_key', 'return_ytd']);
    expect(g.map((x) => x.family)).toEqual(['Returns', 'Against the benchmark', 'Other (not in docs/metrics.md)']);
  });
  test('unit display: ratios 2 decimals, counts integer, returns %', () => {
    expect(displayOf('beta_1y')).toEqual({ unit: 'ratio', digits: 2 });
    expect(displayOf('correlation')).toEqual({ unit: 'ratio', digits: 2 });
    expect(displayOf('n_periods').unit).toBe('int');
    expect(displayOf('var_modified_95')).toEqual({ unit: 'pct', digits: 2 });
    expect(displayOf('information_ratio_3y').unit).toBe('ratio');
    expect(displayOf('tracking_error_3y').unit).toBe('pct');
  });
});

describe('audit log', () => {
  test('risk_target: one row per decision with the audit fields and target weights', () => {
    const m = auditModel(ctx(), 0);
    const s = result.strategies[0]!;
    expect(m.rows).toHaveLength(s.decisions.length);
    const labels = m.columns.map((c) => c.sub ?? c.label); // audit columns carry their key as sub-label
    expect(m.columns.find((c) => c.sub === 'sigma_min')!.label).toBe('σ min');
    for (const k of ['market_vol', 'target_vol', 'sigma_min', 'sigma_top', 'mu_max', 'ex_ante_vol', 'expected_return', 'status', 'flags', 'universe']) {
      expect(labels, k).toContain(k);
    }
    expect(labels.indexOf('market_vol')).toBeLessThan(labels.indexOf('status'));
    const d = s.decisions[0]!;
    const j = labels.indexOf('market_vol');
    const cell = m.rows[0]!.cells[j]!;
    expect(cell.raw).toBe(d.audit.market_vol);
    expect(cell.key).toBe('market_vol');
    expect(m.rows[0]!.header).toBe('12/31/2003');
    expect(m.rows[0]!.cells[labels.indexOf('universe')]!.text).toBe((d.audit.universe as string[]).join(', '));
    expect(m.rows[0]!.cells.at(-1)!.text).toBe('SIM_CORE_BOND 100.0%');
    expect(m.rows[0]!.search).toContain('2003-12-31');
  });
  test('trend: sleeves, included assets and TE', () => {
    const m = auditModel(ctx(), 1);
    const labels = m.columns.map((c) => c.sub ?? c.label);
    expect(labels).toContain('ex_ante_te');
    expect(labels).toContain('Sleeves');
    expect(labels).toContain('Included assets');
    const s = result.strategies[1]!;
    const last = s.decisions.length - 1;
    const sleeves = m.rows[last]!.cells[labels.indexOf('Sleeves')]!.text;
    expect(sleeves).toMatch(/^EQ 60%: \d of 3 included.*; FI 40%: \d of 3 included/);
    const audit = s.decisions[last]!.audit as { sleeves: { assets: { asset: string; included: boolean }[] }[] };
    const inc = audit.sleeves.flatMap((sl) => sl.assets.filter((a) => a.included).map((a) => a.asset));
    const text = m.rows[last]!.cells[labels.indexOf('Included assets')]!.text;
    for (const a of inc) expect(text).toContain(a);
  });
});
