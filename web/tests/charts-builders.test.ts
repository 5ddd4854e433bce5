// The chart option and table builders (web/src/charts/builders.ts, specs.ts) against a real result document:
// web/tests/fixtures/charts-result.json is `riskdial run` output (risk-targeting baseline, static 60/40 and a
// three-sleeve trend strategy on the bundled sample data) with every array cut to a prefix
// (charts_fixture.py); numbers are the engine's, unchanged. Each test checks that the chart shows exactly the
// document's numbers: series lengths, first/last values, axis types, toggles, table cells.
import { describe, expect, test } from 'vitest';
import fixture from './fixtures/charts-result.json';
import * as b from '../src/charts/builders';
import { CHART_IDS, SPECS } from '../src/charts/specs';
import { PALETTE as GROWTH_PALETTE } from '../src/charts/growth-chart';
import { contrast, DEFAULT_THEME, DIVERGING, PALETTE } from '../src/charts/theme';
import { isoToMs } from '../src/shared/format';
import type { ScenarioResult } from '../src/shared/result';

const doc = fixture as unknown as ScenarioResult;
const [RT, STATIC, TREND] = [0, 1, 2];
const rt = doc.strategies[RT]!, st60 = doc.strategies[STATIC]!, trend = doc.strategies[TREND]!;
const ctx = (selected: number[], extra: Partial<b.ChartContext> = {}): b.ChartContext =>
  ({ result: doc, selected, locale: 'en-US', basis: 'net', ...extra });
type AnyOpt = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const opt = (o: unknown) => o as AnyOpt;
const last = <T>(a: T[]) => a[a.length - 1]!;

test('the fixture is what the tests assume', () => {
  expect(doc.strategies.map((s) => s.type)).toEqual(['risk_target', 'static', 'trend']);
  expect(rt.flags).toContain('benchmark:SIM bond index');
  expect(st60.flags).toContain('benchmark:SIM 60/40');
});

describe('growth of $1 (daily NAV)', () => {
  test('one line per strategy (basis) plus its benchmark; every point is the engine NAV on its date', () => {
    const o = opt(b.growthOption(ctx([RT])));
    expect(o.series.map((s: AnyOpt) => s.name)).toEqual([rt.name, 'SIM bond index']);
    expect(o.xAxis.type).toBe('time');
    const [line, bench] = o.series;
    expect(line.data).toHaveLength(rt.daily.dates.length);
    expect(line.data[0]).toEqual([isoToMs(rt.daily.dates[0]!), rt.daily.nav_net[0]]);
    expect(last(line.data)).toEqual([isoToMs(last(rt.daily.dates)), last(rt.daily.nav_net)]);
    expect(line.data.map((p: [number, number]) => p[1])).toEqual(rt.daily.nav_net);
    expect(bench.data.map((p: [number, number]) => p[1])).toEqual(rt.daily.nav_benchmark);
    expect(bench.lineStyle.type).toBe('dashed');
  });
  test('gross basis shows nav_gross', () => {
    const o = opt(b.growthOption(ctx([RT], { basis: 'gross' })));
    expect(o.series[0].data.map((p: [number, number]) => p[1])).toEqual(rt.daily.nav_gross);
    expect(rt.daily.nav_gross).not.toEqual(rt.daily.nav_net);
  });
  test('log toggle switches the value axis', () => {
    expect(opt(b.growthOption(ctx([RT]), { log: true })).yAxis.type).toBe('log');
    expect(opt(b.growthOption(ctx([RT]), { log: false })).yAxis.type).toBe('value');
  });
  test('compare: distinct benchmarks once each; a shared benchmark is not repeated', () => {
    const o = opt(b.growthOption(ctx([RT, STATIC, TREND])));
    expect(o.series.map((s: AnyOpt) => s.name)).toEqual([rt.name, st60.name, trend.name, 'SIM bond index', 'SIM 60/40', 'SIM equity index']);
    const same = { ...doc, strategies: [rt, { ...rt, name: 'copy' }] } as ScenarioResult;
    expect(opt(b.growthOption({ ...ctx([0, 1]), result: same })).series).toHaveLength(3);
  });
  test('data table: one row per date, one column per line, locale-formatted', () => {
    const t = b.growthTable(ctx([RT], { locale: 'de-DE' }));
    expect(t.columns).toEqual(['Date', rt.name, 'SIM bond index']);
    expect(t.rows).toHaveLength(rt.daily.dates.length);
    const d0 = rt.daily.dates[0]!;
    expect(t.rows[0]!.header.raw).toBe(d0);
    expect(t.rows[0]!.header.text).toBe(`${d0.slice(8, 10)}.${d0.slice(5, 7)}.${d0.slice(0, 4)}`);
    expect(t.rows[1]!.cells[0]!.raw).toBe(rt.daily.nav_net[1]);
    expect(t.rows[1]!.cells[0]!.text).toBe(rt.daily.nav_net[1]!.toFixed(4).replace('.', ','));
    expect(t.caption).toMatch(/net of fees/);
  });
  test('initial state: log scale only when the lines span more than a factor 4', () => {
    const spec = SPECS.find((s) => s.id === 'growth')!;
    expect(spec.initial!(ctx([RT]))).toEqual({ log: false });
  });
});

describe('drawdowns', () => {
  test('the underwater series of the monthly report (basis) and of the benchmark', () => {
    const o = opt(b.drawdownOption(ctx([RT])));
    const net = rt.metrics.monthly.net.series, bm = rt.metrics.monthly.benchmark.series;
    expect(o.series).toHaveLength(2);
    expect(o.series[0].data).toHaveLength(net.dates.length);
    expect(o.series[0].data[0]).toEqual([isoToMs(net.dates[0]!), net.underwater[0]]);
    expect(last(o.series[0].data)).toEqual([isoToMs(last(net.dates)), last(net.underwater)]);
    expect(o.series[1].data.map((p: AnyOpt) => p[1])).toEqual(bm.underwater);
    expect(o.yAxis.max).toBe(0);
    const g = opt(b.drawdownOption(ctx([RT], { basis: 'gross' })));
    expect(g.series[0].data.map((p: AnyOpt) => p[1])).toEqual(rt.metrics.monthly.gross.series.underwater);
  });
});

describe('rolling charts', () => {
  test('excess return: 1y, 3y, 5y lines with the engine values on the window-end dates', () => {
    const o = opt(b.rollingExcessOption(ctx([RT])));
    const r = rt.metrics.monthly.net.rolling;
    expect(o.series.map((s: AnyOpt) => s.name)).toEqual(['1y', '3y', '5y']);
    ['rolling_excess_return_1y', 'rolling_excess_return_3y', 'rolling_excess_return_5y'].forEach((k, i) => {
      expect(o.series[i].data).toHaveLength(r[k]!.dates.length);
      expect(o.series[i].data[0]).toEqual([isoToMs(r[k]!.dates[0]!), r[k]!.values[0]]);
      expect((last(o.series[i].data) as AnyOpt)[1]).toBe(last(r[k]!.values));
    });
    expect(o.series[1].lineStyle.type).toBe('dashed');
    expect(o.dataZoom.map((z: AnyOpt) => z.type)).toEqual(['inside', 'slider']);
  });
  test('compare: series named by strategy and window', () => {
    const o = opt(b.rollingExcessOption(ctx([RT, STATIC])));
    expect(o.series.map((s: AnyOpt) => s.name)).toEqual([`${rt.name} · 1y`, `${rt.name} · 3y`, `${rt.name} · 5y`, `${st60.name} · 1y`, `${st60.name} · 3y`, `${st60.name} · 5y`]);
  });
  test('beta and correlation', () => {
    const o = opt(b.rollingBetaOption(ctx([RT])));
    const r = rt.metrics.monthly.net.rolling;
    expect(o.series.map((s: AnyOpt) => s.name)).toEqual(['beta', 'correlation']);
    expect(o.series[0].data.map((p: AnyOpt) => p[1])).toEqual(r.rolling_beta_12m!.values);
    expect(o.series[1].data.map((p: AnyOpt) => p[1])).toEqual(r.rolling_correlation_12m!.values);
    const t = b.rollingBetaTable(ctx([RT]));
    expect(t.columns).toEqual(['Date', 'beta', 'correlation']);
    expect(t.rows[0]!.cells.map((c) => c.raw)).toEqual([r.rolling_beta_12m!.values[0], r.rolling_correlation_12m!.values[0]]);
  });
});

describe('weights over time', () => {
  test('stacked areas of the first selected strategy, all-zero columns dropped', () => {
    const cols = b.weightColumns(rt);
    const names = cols.map((j) => rt.weight_names[j]);
    // the baseline holds only its four bond assets and cash; the other columns are zero on every day
    for (const n of names) expect(['SIM_CORE_BOND', 'SIM_SHORT_TREASURY', 'SIM_TIPS', 'SIM_HY_BOND', 'CASH']).toContain(n);
    for (let j = 0; j < rt.weight_names.length; j++) {
      if (!cols.includes(j)) expect(rt.weights_eod.every((row) => row[j] === 0)).toBe(true);
    }
    const o = opt(b.weightsOption(ctx([RT, STATIC])));
    expect(o.series.map((s: AnyOpt) => s.name)).toEqual(names);
    expect(o.series.every((s: AnyOpt) => s.stack === 'weights' && s.areaStyle)).toBe(true);
    const j = cols[0]!;
    expect(o.series[0].data).toHaveLength(rt.weights_eod.length);
    expect(o.series[0].data[0]).toEqual([isoToMs(rt.daily.dates[0]!), rt.weights_eod[0]![j]]);
    expect(last(o.series[0].data)).toEqual([isoToMs(last(rt.daily.dates)), last(rt.weights_eod)[j]]);
  });
  test('static 60/40 shows its two index columns', () => {
    const o = opt(b.weightsOption(ctx([STATIC])));
    expect(o.series.map((s: AnyOpt) => s.name).sort()).toEqual(['SIM_BOND_INDEX', 'SIM_EQUITY_INDEX']);
    const t = b.weightsTable(ctx([STATIC]));
    expect(t.rows).toHaveLength(st60.weights_eod.length);
    const jb = st60.weight_names.indexOf('SIM_BOND_INDEX');
    expect(t.rows[3]!.cells[t.columns.indexOf('SIM_BOND_INDEX') - 1]!.raw).toBe(st60.weights_eod[3]![jb]);
  });
});

describe('target vs realized risk', () => {
  test('step lines over the holding periods, closed at the last period end', () => {
    const rows = rt.metrics.realized_vs_target!;
    const o = opt(b.riskOption(ctx([RT, STATIC])));
    expect(o.series.map((s: AnyOpt) => s.name)).toEqual(['target', 'ex ante', 'realized']);
    expect(o.series.every((s: AnyOpt) => s.step === 'end')).toBe(true);
    const target = o.series[0].data;
    expect(target).toHaveLength(rows.length + 1);
    expect(target[0]).toEqual([isoToMs(rows[0]!.start), rows[0]!.target]);
    expect(last(target)).toEqual([isoToMs(last(rows).end), last(rows).target]);
    expect(o.series[2].data.slice(0, -1).map((p: AnyOpt) => p[1])).toEqual(rows.map((r) => r.realized));
    const t = b.riskTable(ctx([RT]));
    expect(t.rows).toHaveLength(rows.length);
    expect(t.rows[1]!.cells.map((c) => c.raw)).toEqual([rows[1]!.target, rows[1]!.ex_ante, rows[1]!.realized, rows[1]!.ratio, rows[1]!.binding]);
  });
  test('nothing for strategies without realized_vs_target', () => {
    expect(b.riskLines(ctx([STATIC, TREND]))).toEqual([]);
  });
});

describe('monthly returns heatmap', () => {
  test('one cell per month with a return: [month, year row, value] from calendar_returns', () => {
    const cr = rt.metrics.monthly.net.calendar_returns;
    const years = Object.keys(cr).sort();
    const o = opt(b.heatmapOption(ctx([RT])));
    expect(o.yAxis.data).toEqual(years);
    expect(o.xAxis.data).toHaveLength(12);
    expect(o.xAxis.data[0]).toBe('Jan');
    const cells = o.series[0].data as [number, number, number][];
    const expected = years.flatMap((y, yi) => cr[y]!.months.flatMap((v, m) => (v === null ? [] : [[m, yi, v]])));
    expect(cells).toEqual(expected);
    // symmetric diverging scale: 0 in the middle (white)
    expect(o.visualMap.min).toBe(-o.visualMap.max);
    expect(o.visualMap.max).toBe(Math.max(...cells.map((c) => Math.abs(c[2]))));
    expect(o.visualMap.inRange.color).toEqual(DIVERGING);
    const t = b.heatmapTable(ctx([RT], { locale: 'de-DE' }));
    expect(t.columns[1]).toBe('Jan');
    expect(t.columns[3]).toBe('Mär');
    expect(t.rows[0]!.cells[12]!.raw).toBe(cr[years[0]!]!.year);
  });
  test('the pick control chooses among the selected strategies', () => {
    const o = opt(b.heatmapOption(ctx([RT, STATIC]), { pick: STATIC }));
    expect(o.series[0].name).toBe(st60.name);
    expect(o.yAxis.data).toEqual(Object.keys(st60.metrics.monthly.net.calendar_returns).sort());
  });
});

describe('calendar-year bars', () => {
  test('strategy and benchmark year returns by year', () => {
    const o = opt(b.calendarOption(ctx([RT])));
    const cr = rt.metrics.monthly.net.calendar_returns, bm = rt.metrics.monthly.benchmark.calendar_returns;
    const years = Object.keys(cr).sort();
    expect(o.xAxis.type).toBe('category');
    expect(o.xAxis.data).toEqual(years);
    expect(o.series.map((s: AnyOpt) => s.type)).toEqual(['bar', 'bar']);
    expect(o.series[0].data).toEqual(years.map((y) => cr[y]!.year));
    expect(o.series[1].data).toEqual(years.map((y) => bm[y]!.year));
  });
  test('compare: years are the union; a strategy without that year has a gap', () => {
    const o = opt(b.calendarOption(ctx([RT, STATIC])));
    const ys = o.xAxis.data as string[];
    expect(ys).toEqual([...new Set([...Object.keys(rt.metrics.monthly.net.calendar_returns), ...Object.keys(st60.metrics.monthly.net.calendar_returns)])].sort());
    const t = b.calendarTable(ctx([RT, STATIC]));
    expect(t.rows).toHaveLength(ys.length);
    const first = st60.metrics.monthly.net.calendar_returns[ys[0]!]!;
    expect(t.rows[0]!.cells[1]!.raw).toBe(first.year);
    if (first.partial) expect(t.rows[0]!.cells[1]!.text).toMatch(/partial/);
  });
});

describe('return distribution', () => {
  test('every non-null monthly return is counted once, in the bin that contains it', () => {
    const h = b.distributionHistogram(ctx([RT]));
    const values = rt.monthly.net.filter((v): v is number => v !== null);
    expect(h.series[0]!.name).toBe(rt.name);
    expect(h.series[0]!.counts.reduce((a, c) => a + c, 0)).toBe(values.length);
    expect(h.series[1]!.counts.reduce((a, c) => a + c, 0)).toBe(rt.monthly.benchmark.filter((v) => v !== null).length);
    const expected = new Array(h.bins).fill(0);
    for (const v of values) {
      const i = expected.findIndex((_, k) => v >= h.lo + k * h.width - 1e-12 && v < h.lo + (k + 1) * h.width - 1e-12);
      expect(i).toBeGreaterThanOrEqual(0);
      expected[i]++;
    }
    expect(h.series[0]!.counts).toEqual(expected);
    expect(h.bins).toBeLessThanOrEqual(40);
    const o = opt(b.distributionOption(ctx([RT])));
    expect(o.xAxis.data).toHaveLength(h.bins);
    expect(o.series[0].data).toEqual(h.series[0]!.counts);
  });
});

describe('efficient frontier', () => {
  const frontier: b.FrontierInput = {
    strategy: RT, date: '2004-06-30',
    points: [{ volatility: 0.02, expected_return: 0.03 }, { volatility: 0.03, expected_return: 0.045 }, { volatility: 0.05, expected_return: 0.055 }],
    chosen: { volatility: 0.03, expected_return: 0.045 },
  };
  test('the frontier line and the chosen portfolio marker', () => {
    const o = opt(b.frontierOption(ctx([RT], { frontier })));
    expect(o.xAxis.type).toBe('value');
    expect(o.xAxis.min).toBe(0);
    expect(o.series[0].data).toEqual([[0.02, 0.03], [0.03, 0.045], [0.05, 0.055]]);
    expect(o.series[1].type).toBe('line');
    expect(o.series[1].symbol).toBe('diamond');
    expect(o.series[1].data).toEqual([[0.03, 0.045]]);
    const t = b.frontierTable(ctx([RT], { frontier }));
    expect(t.rows).toHaveLength(4);
    expect(t.rows[0]!.cells.map((c) => c.text)).toEqual(['3.00%', '4.50%']);
  });
  test('available with ctx.frontier, or with a decision audit carrying one (scenario frontier_at)', () => {
    const spec = SPECS.find((s) => s.id === 'frontier')!;
    expect(spec.available(ctx([RT]))).toBe(false);
    expect(spec.available(ctx([RT], { frontier: null }))).toBe(false);
    expect(spec.available(ctx([RT], { frontier }))).toBe(true);
    // the engine's audit.frontier (same shape as EngineBridge.frontier's points/chosen) on the second decision
    const decisions = rt.decisions.map((d, i) => (i === 1 ? { ...d, audit: { ...d.audit, frontier: { points: frontier.points, chosen: frontier.chosen } } } : d));
    const withAudit = { ...doc, strategies: [rt, st60, trend, { ...rt, decisions }] } as ScenarioResult;
    const c = { ...ctx([STATIC, 3]), result: withAudit };
    expect(b.frontierData(c)).toEqual({ strategy: 3, date: rt.decisions[1]!.date, points: frontier.points, chosen: frontier.chosen });
    expect(spec.available(c)).toBe(true);
    expect(opt(b.frontierOption(c)).series[1].data).toEqual([[0.03, 0.045]]);
    // ctx.frontier wins over the audit
    const other = { ...frontier, date: '2004-12-31', chosen: { volatility: 0.05, expected_return: 0.055 } };
    expect(b.frontierData({ ...c, frontier: other })).toBe(other);
  });
});

describe('trend vote matrix', () => {
  const decisions = b.voteDecisions(trend);
  test('the last decision by default; cells are the audit momentum then trend votes', () => {
    const vm = b.voteMatrix(ctx([RT, TREND]))!;
    const d = last(trend.decisions);
    const audit = d.audit as AnyOpt;
    expect(vm.decision).toBe(last(decisions));
    expect(vm.date).toBe(d.date);
    expect(vm.columns).toEqual(['Mom 1', 'Mom 5', 'Mom 21', 'Mom 63', 'Mom 126', 'Mom 252', 'Trend 1', 'Trend 5', 'Trend 21', 'Trend 63', 'Trend 126', 'Trend 252']);
    const assets = audit.sleeves.flatMap((s: AnyOpt) => s.assets.map((a: AnyOpt) => ({ s: s.name, a })));
    expect(vm.rows).toEqual(assets.map((x: AnyOpt) => `${x.s} · ${x.a.asset}`));
    assets.forEach((x: AnyOpt, i: number) => expect(vm.cells[i]).toEqual([...x.a.momentum, ...x.a.trend]));
    // the trend vote of ν = 1 is always invalid (null)
    expect(vm.cells.every((r) => r[6] === null)).toBe(true);
    const o = opt(b.votesOption(ctx([TREND])));
    const data = o.series[0].data as [number, number, number][];
    expect(data).toHaveLength(vm.rows.length * 12);
    expect(data.find((c) => c[0] === 6 && c[1] === 0)![2]).toBe(-1);
    expect(data.find((c) => c[0] === 2 && c[1] === 0)![2]).toBe(vm.cells[0]![2]);
  });
  test('the decision control picks another decision', () => {
    const first = decisions[0]!;
    const vm = b.voteMatrix(ctx([TREND]), { decision: first })!;
    expect(vm.date).toBe(trend.decisions[first]!.date);
    const t = b.votesTable(ctx([TREND]), { decision: first });
    const a0 = (trend.decisions[first]!.audit as AnyOpt).sleeves[0].assets[0];
    expect(t.rows[0]!.cells.slice(0, 12).map((c) => c.raw)).toEqual([...a0.momentum, ...a0.trend]);
    expect(t.rows[0]!.cells[12]!.raw).toBe(a0.votes);
    const spec = SPECS.find((s) => s.id === 'votes')!;
    const [control] = spec.controls!(ctx([TREND]), {});
    expect(control!.kind).toBe('select');
    expect((control as AnyOpt).options.map((o: AnyOpt) => o.value)).toEqual([...decisions].reverse());
  });
});

describe('availability', () => {
  test('which charts each selection gets', () => {
    const ids = (sel: number[]) => SPECS.filter((s) => s.available(ctx(sel))).map((s) => s.id);
    expect(ids([RT])).toEqual(['growth', 'drawdown', 'rolling-excess', 'rolling-beta', 'weights', 'risk', 'heatmap', 'calendar', 'distribution']);
    expect(ids([STATIC])).not.toContain('risk');
    expect(ids([TREND])).toContain('votes');
    expect(ids([])).toEqual([]);
    expect(CHART_IDS).toEqual(['growth', 'drawdown', 'rolling-excess', 'rolling-beta', 'weights', 'risk', 'heatmap', 'calendar', 'distribution', 'frontier', 'votes']);
  });
  test('a metrics failure ({"error": …}) hides the charts built on that report instead of crashing', () => {
    const broken = { ...rt, metrics: { ...rt.metrics, monthly: { ...rt.metrics.monthly, net: { error: 'x' } } } } as unknown as typeof rt;
    const c = { ...ctx([0]), result: { ...doc, strategies: [broken] } as ScenarioResult };
    expect(SPECS.find((s) => s.id === 'drawdown')!.available(c)).toBe(true); // benchmark still there
    expect(SPECS.find((s) => s.id === 'heatmap')!.available(c)).toBe(false);
    expect(SPECS.find((s) => s.id === 'rolling-excess')!.available(c)).toBe(false);
  });
});

describe('display', () => {
  test('tooltips escape strategy names (user text inside HTML)', () => {
    const evil = { ...doc, strategies: [{ ...rt, name: '<img src=x onerror=alert(1)>' }] } as ScenarioResult;
    const o = opt(b.growthOption({ ...ctx([0]), result: evil }));
    const html = o.tooltip.formatter([{ seriesName: evil.strategies[0]!.name, value: [isoToMs('2004-01-30'), 1.01], marker: '' }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).toContain('01/30/2004');
  });
  test('locale-aware axis labels', () => {
    const o = opt(b.drawdownOption(ctx([RT], { locale: 'de-DE' })));
    expect(o.yAxis.axisLabel.formatter(-0.05)).toBe('-5\u00a0%');
    expect(o.xAxis.axisLabel.formatter(isoToMs('2005-01-01'))).toBe('2005');
    expect(o.xAxis.axisLabel.formatter(isoToMs('2005-03-01'))).toBe('März 2005');
    expect(o.xAxis.axisLabel.formatter(isoToMs('2005-03-07'))).toBe('7. März');
    // growth axis: as many digits as the tick needs (no "0.99, 0.99" on a narrow range)
    const g = opt(b.growthOption(ctx([RT])));
    expect([0.995, 1, 1.5, 12].map((v) => g.yAxis.axisLabel.formatter(v))).toEqual(['0.995', '1.00', '1.50', '12']);
    expect([0, 1, 2, 3, 4].map((d) => b.tickDigits(0.125, d))).toEqual([0, 1, 2, 3, 3]);
    // bars start at zero
    expect(opt(b.calendarOption(ctx([RT]))).yAxis.scale).toBe(false);
  });
  test('line palette: ≥ 3:1 against the default background (WCAG 1.4.11), distinct colors', () => {
    for (const c of PALETTE) expect(contrast(c, DEFAULT_THEME.bg)).toBeGreaterThanOrEqual(3);
    for (const c of DEFAULT_THEME.benchmark) expect(contrast(c, DEFAULT_THEME.bg)).toBeGreaterThanOrEqual(3);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
    // cell labels: white on the dark cells, near-black on the light ones, ≥ 4.5:1 (text)
    for (const c of [DIVERGING[0]!, DIVERGING[6]!, DEFAULT_THEME.votes.yes]) expect(contrast('#ffffff', c)).toBeGreaterThanOrEqual(4.5);
    for (const c of [...DIVERGING.slice(1, 6), DEFAULT_THEME.votes.no, DEFAULT_THEME.votes.none]) expect(contrast('#111111', c)).toBeGreaterThanOrEqual(4.5);
    const v = opt(b.votesOption(ctx([TREND]))).series[0].label.formatter;
    expect([1, 0, -1].map((x) => v({ value: [0, 0, x] }))).toEqual(['{w|1}', '{d|0}', '{d|–}']);
    const h = opt(b.heatmapOption(ctx([RT])));
    const m = h.visualMap.max;
    expect(h.series[0].label.formatter({ value: [0, 0, -0.9 * m] })).toMatch(/^\{w\|/);
    expect(h.series[0].label.formatter({ value: [0, 0, 0.5 * m] })).toMatch(/^\{d\|/);
    // the import doctor's wealth chart too
    for (const c of GROWTH_PALETTE) expect(contrast(c, '#ffffff')).toBeGreaterThanOrEqual(3);
  });
});
