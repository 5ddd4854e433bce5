// Pure builders of the chart options and of their data tables. Every number shown comes unchanged from the
// engine's result document (web/src/shared/result.ts); these functions only pick series, pair them with
// dates and format them. The one computation done here is display binning of the return histogram (counting).
import type { EChartsOption } from 'echarts';
import type { CalendarYear, MetricsReport, Num, ScenarioResult, StrategyResult } from '../shared/result';
import { fmtDate, fmtInt, fmtMonth, fmtNum, fmtPct, isoToMs } from '../shared/format';
import { DEFAULT_THEME, type ChartTheme } from './theme';

export interface FrontierInput {
  strategy: number;
  date: string;
  points: { volatility: number; expected_return: number }[];
  chosen: { volatility: number; expected_return: number };
}

export interface ChartContext {
  result: ScenarioResult;
  /** indices into result.strategies to show (compare = several) */
  selected: number[];
  locale: string;
  /** which return series the charts show (benchmark always shown where relevant) */
  basis: 'net' | 'gross';
  frontier?: FrontierInput | null;
}

export type ChartId =
  | 'growth' | 'drawdown' | 'rolling-excess' | 'rolling-beta' | 'weights' | 'risk' | 'heatmap' | 'calendar'
  | 'distribution' | 'frontier' | 'votes';

/** Per-chart view state set by the chart's own controls. */
export interface ChartState {
  /** growth: logarithmic value axis */
  log?: boolean;
  /** heatmap: which selected strategy (index into result.strategies) */
  pick?: number;
  /** votes: index into the trend strategy's decisions */
  decision?: number;
}

export interface Cell {
  text: string;
  /** the engine's value (number/null), or the ISO date / label for header cells */
  raw: number | string | boolean | null;
}

/** An accessible data table: first column = row headers (th scope=row), `columns` = column headers. */
export interface DataTable {
  caption: string;
  columns: string[];
  rows: { header: Cell; cells: Cell[] }[];
}

// ---------------------------------------------------------------------------------------------------------
// Picking series out of the document

export interface Picked {
  index: number;
  s: StrategyResult;
}

export function pickedStrategies(ctx: ChartContext): Picked[] {
  const out: Picked[] = [];
  for (const i of ctx.selected) {
    const s = ctx.result.strategies[i];
    if (s && !out.some((p) => p.index === i)) out.push({ index: i, s });
  }
  return out;
}

/** The strategy's benchmark name (flag `benchmark:<name>`, else the scenario's). */
export function benchmarkName(s: StrategyResult, result: ScenarioResult): string {
  const f = s.flags.find((x) => x.startsWith('benchmark:'));
  return f ? f.slice('benchmark:'.length) : result.benchmark || 'Benchmark';
}

/** A metrics report, or null when the engine reported `{"error": …}` for it. */
export function report(s: StrategyResult, key: 'net' | 'gross' | 'benchmark'): MetricsReport | null {
  const r = s.metrics?.monthly?.[key] as MetricsReport | undefined;
  return r && (r as unknown as { error?: unknown }).error === undefined && r.series ? r : null;
}

interface Line {
  name: string;
  dates: string[];
  values: Num[];
  color: string;
  dash?: 'dashed' | 'dotted';
  benchmark?: boolean;
}

/**
 * One benchmark line per distinct benchmark: strategies sharing a benchmark name and start date share the
 * line (identical numbers); the same name with another start gets "(from <date>)".
 */
function benchmarkLines(
  ctx: ChartContext, theme: ChartTheme,
  get: (s: StrategyResult) => { dates: string[]; values: Num[] } | null,
): Line[] {
  const out: Line[] = [];
  const seen = new Set<string>();
  for (const { s } of pickedStrategies(ctx)) {
    const d = get(s);
    if (!d || d.dates.length === 0) continue;
    const name = benchmarkName(s, ctx.result);
    const key = `${name}|${d.dates[0]}|${d.dates.length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const clash = out.some((l) => l.name === name);
    const k = out.length;
    out.push({
      name: clash ? `${name} (from ${fmtDate(d.dates[0], ctx.locale)})` : name,
      dates: d.dates, values: d.values, benchmark: true,
      color: theme.benchmark[k % theme.benchmark.length]!,
      dash: k % 2 === 0 ? 'dashed' : 'dotted',
    });
  }
  return out;
}

const color = (theme: ChartTheme, k: number) => theme.palette[k % theme.palette.length]!;

// ---------------------------------------------------------------------------------------------------------
// Shared option pieces

const msToIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Time-axis ticks: "2005" on 1 January, "Mar 2005" on other month starts, "7 Mar" on other days. */
function timeAxisLabel(locale: string) {
  const year = new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (value: number) => {
    const d = new Date(value);
    if (d.getUTCDate() !== 1) return day.format(d);
    return d.getUTCMonth() === 0 ? year.format(d) : fmtMonth(msToIso(value), locale);
  };
}

/** Fraction digits (up to `max`) that show an axis tick value exactly: 1.005 → 3, 1.5 → 1, 2 → 0. */
export function tickDigits(v: number, max: number): number {
  for (let d = 0; d < max; d++) {
    const x = v * 10 ** d;
    if (Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, Math.abs(x))) return d;
  }
  return max;
}

type Fmt = (v: number | null) => string;

function axisTooltip(locale: string, fmt: Fmt, theme: ChartTheme) {
  return {
    trigger: 'axis',
    confine: true,
    backgroundColor: theme.bg,
    borderColor: theme.border,
    textStyle: { color: theme.fg, fontFamily: theme.font },
    formatter: (params: unknown) => {
      const ps = (Array.isArray(params) ? params : [params]) as {
        seriesName: string; value: [number, Num] | Num; marker: string; axisValue?: number | string;
      }[];
      if (ps.length === 0) return '';
      const first = ps[0]!.value;
      const head = Array.isArray(first) ? fmtDate(msToIso(first[0]), locale) : escapeHtml(String(ps[0]!.axisValue ?? ''));
      const lines = ps.map((p) => {
        const v = Array.isArray(p.value) ? p.value[1] : p.value;
        return `${p.marker}${escapeHtml(p.seriesName)}: <b>${escapeHtml(fmt(v ?? null))}</b>`;
      });
      return [escapeHtml(head), ...lines].join('<br>');
    },
  };
}

/** Common option parts; `axisName` leaves room above the plot for a value-axis name under the legend. */
function base(theme: ChartTheme, legendCount: number, axisName = false): EChartsOption {
  return {
    animation: false,
    backgroundColor: theme.bg,
    textStyle: { color: theme.fg, fontFamily: theme.font },
    legend: {
      type: 'scroll', top: 0, left: 0, right: 0, show: legendCount > 0,
      textStyle: { color: theme.fg },
      pageTextStyle: { color: theme.fg },
    },
    grid: { left: 8, right: 16, top: axisName ? 60 : 40, bottom: 56, containLabel: true },
  } as unknown as EChartsOption;
}

function axisStyle(theme: ChartTheme) {
  return {
    axisLine: { lineStyle: { color: theme.muted } },
    axisLabel: { color: theme.fg },
    splitLine: { lineStyle: { color: theme.border } },
    nameTextStyle: { color: theme.muted },
  };
}

function timeXAxis(ctx: ChartContext, theme: ChartTheme) {
  return {
    type: 'time', ...axisStyle(theme), splitLine: { show: false },
    axisLabel: { color: theme.fg, formatter: timeAxisLabel(ctx.locale), hideOverlap: true },
  };
}

function pctYAxis(ctx: ChartContext, theme: ChartTheme, name: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'value', name, nameLocation: 'end', scale: true, ...axisStyle(theme),
    nameTextStyle: { color: theme.muted, align: 'left' },
    axisLabel: { color: theme.fg, formatter: (v: number) => fmtPct(v, ctx.locale, pctDigits(v)) },
    ...extra,
  };
}

/** Axis labels: whole percents unless the tick is finer than that. */
function pctDigits(v: number): number {
  return tickDigits(v * 100, 2);
}

function zoom(theme: ChartTheme) {
  return [
    { type: 'inside', filterMode: 'none' },
    { type: 'slider', bottom: 8, height: 18, filterMode: 'none', textStyle: { color: theme.muted }, borderColor: theme.border },
  ];
}

function lineSeries(l: Line, extra: Record<string, unknown> = {}) {
  const data: [number, Num][] = l.dates.map((d, i) => [isoToMs(d), l.values[i] ?? null]);
  return {
    type: 'line', name: l.name, data, showSymbol: false, symbol: 'none', connectNulls: false,
    color: l.color,
    lineStyle: { width: l.benchmark ? 1.4 : 1.8, color: l.color, type: l.dash ?? 'solid' },
    emphasis: { focus: 'series' },
    ...(data.length > 600 ? { sampling: 'lttb', large: false } : {}),
    ...extra,
  };
}

/** A table whose rows are the union of the lines' dates (ISO order), one column per line. */
function datedTable(caption: string, lines: Line[], fmt: (v: Num) => string, locale: string): DataTable {
  const cols = lines.map((l) => new Map(l.dates.map((d, i) => [d, l.values[i] ?? null] as const)));
  const dates = [...new Set(lines.flatMap((l) => l.dates))].sort();
  return {
    caption,
    columns: ['Date', ...lines.map((l) => l.name)],
    rows: dates.map((d) => ({
      header: { text: fmtDate(d, locale), raw: d },
      cells: cols.map((c) => {
        const v = c.has(d) ? c.get(d)! : null;
        return { text: c.has(d) ? fmt(v) : '', raw: v };
      }),
    })),
  };
}

const basisLabel = (ctx: ChartContext) => (ctx.basis === 'net' ? 'net of fees' : 'gross of fees');

// ---------------------------------------------------------------------------------------------------------
// 1. Growth of $1 (daily NAVs: one point per trading day; the engine's NAV starts at `initial_nav`)

/** Daily NAV lines: each selected strategy (basis) and its benchmark. */
export function growthLines(ctx: ChartContext, theme: ChartTheme = DEFAULT_THEME): Line[] {
  const ps = pickedStrategies(ctx);
  const lines: Line[] = ps.map(({ s }, k) => ({
    name: s.name, dates: s.daily.dates, values: ctx.basis === 'net' ? s.daily.nav_net : s.daily.nav_gross, color: color(theme, k),
  }));
  return lines.concat(benchmarkLines(ctx, theme, (s) => ({ dates: s.daily.dates, values: s.daily.nav_benchmark })));
}

export function initialNav(ctx: ChartContext): number {
  const v = ctx.result.manifest?.scenario?.initial_nav;
  return typeof v === 'number' ? v : 1;
}

export function growthTitle(ctx: ChartContext): string {
  const nav = initialNav(ctx);
  return nav === 1 ? 'Growth of $1' : `Growth of ${fmtNum(nav, ctx.locale, 2)}`;
}

export function growthOption(ctx: ChartContext, st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const lines = growthLines(ctx, theme);
  const fmt: Fmt = (v) => fmtNum(v, ctx.locale, 4);
  return {
    ...base(theme, lines.length),
    tooltip: axisTooltip(ctx.locale, fmt, theme),
    xAxis: timeXAxis(ctx, theme),
    yAxis: {
      // log base 2: gridlines at $0.50, $1, $2, $4 … (doublings) instead of decades
      type: st.log ? 'log' : 'value', logBase: 2, scale: true, ...axisStyle(theme),
      axisLabel: { color: theme.fg, formatter: (v: number) => fmtNum(v, ctx.locale, Math.max(tickDigits(v, 4), v < 10 ? 2 : 0)) },
    },
    dataZoom: zoom(theme),
    series: lines.map((l) => lineSeries(l)),
  } as unknown as EChartsOption;
}

export function growthTable(ctx: ChartContext): DataTable {
  const caption = `${growthTitle(ctx)} (daily NAV, ${basisLabel(ctx)})`;
  return datedTable(caption, growthLines(ctx), (v) => fmtNum(v, ctx.locale, 4), ctx.locale);
}

// ---------------------------------------------------------------------------------------------------------
// 2. Drawdowns (underwater: W_t / max W − 1 of the month-end series)

export function drawdownLines(ctx: ChartContext, theme: ChartTheme = DEFAULT_THEME): Line[] {
  const lines: Line[] = [];
  pickedStrategies(ctx).forEach(({ s }, k) => {
    const r = report(s, ctx.basis);
    if (r) lines.push({ name: s.name, dates: r.series.dates, values: r.series.underwater, color: color(theme, k) });
  });
  return lines.concat(benchmarkLines(ctx, theme, (s) => {
    const r = report(s, 'benchmark');
    return r ? { dates: r.series.dates, values: r.series.underwater } : null;
  }));
}

export function drawdownOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const lines = drawdownLines(ctx, theme);
  return {
    ...base(theme, lines.length),
    tooltip: axisTooltip(ctx.locale, (v) => fmtPct(v, ctx.locale, 2), theme),
    xAxis: timeXAxis(ctx, theme),
    yAxis: pctYAxis(ctx, theme, '', { max: 0, scale: false }),
    dataZoom: zoom(theme),
    series: lines.map((l) => lineSeries(l, l.benchmark ? {} : { areaStyle: { opacity: 0.12, color: l.color } })),
  } as unknown as EChartsOption;
}

export function drawdownTable(ctx: ChartContext): DataTable {
  const caption = `Drawdown from the previous peak, month ends (${basisLabel(ctx)})`;
  return datedTable(caption, drawdownLines(ctx), (v) => fmtPct(v, ctx.locale, 2), ctx.locale);
}

// ---------------------------------------------------------------------------------------------------------
// 3. Rolling 1/3/5-year excess return; 4. rolling 12-month beta and correlation

const ROLLING_EXCESS: [string, string, Line['dash'] | undefined][] = [
  ['rolling_excess_return_1y', '1y', undefined], ['rolling_excess_return_3y', '3y', 'dashed'], ['rolling_excess_return_5y', '5y', 'dotted'],
];
const ROLLING_BETA: [string, string, Line['dash'] | undefined][] = [
  ['rolling_beta_12m', 'beta', undefined], ['rolling_correlation_12m', 'correlation', 'dashed'],
];

function rollingLines(ctx: ChartContext, keys: typeof ROLLING_EXCESS, theme: ChartTheme): Line[] {
  const lines: Line[] = [];
  const ps = pickedStrategies(ctx);
  ps.forEach(({ s }, k) => {
    const r = report(s, ctx.basis);
    for (const [key, label, dash] of keys) {
      const ser = r?.rolling?.[key];
      if (!ser || ser.dates.length === 0) continue;
      const c = ps.length > 1 ? k : keys.findIndex((x) => x[0] === key);
      lines.push({
        name: ps.length > 1 ? `${s.name} · ${label}` : label, dates: ser.dates, values: ser.values,
        color: color(theme, c), ...(dash ? { dash } : {}),
      });
    }
  });
  return lines;
}

export const rollingExcessLines = (ctx: ChartContext, theme: ChartTheme = DEFAULT_THEME) => rollingLines(ctx, ROLLING_EXCESS, theme);
export const rollingBetaLines = (ctx: ChartContext, theme: ChartTheme = DEFAULT_THEME) => rollingLines(ctx, ROLLING_BETA, theme);

export function rollingExcessOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const lines = rollingExcessLines(ctx, theme);
  return {
    ...base(theme, lines.length, true),
    tooltip: axisTooltip(ctx.locale, (v) => fmtPct(v, ctx.locale, 2), theme),
    xAxis: timeXAxis(ctx, theme),
    yAxis: pctYAxis(ctx, theme, 'annualized excess return'),
    dataZoom: zoom(theme),
    series: lines.map((l) => lineSeries(l)),
  } as unknown as EChartsOption;
}

export function rollingExcessTable(ctx: ChartContext): DataTable {
  const caption = `Rolling annualized excess return over the benchmark, window end (${basisLabel(ctx)})`;
  return datedTable(caption, rollingExcessLines(ctx), (v) => fmtPct(v, ctx.locale, 2), ctx.locale);
}

export function rollingBetaOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const lines = rollingBetaLines(ctx, theme);
  return {
    ...base(theme, lines.length),
    tooltip: axisTooltip(ctx.locale, (v) => fmtNum(v, ctx.locale, 2), theme),
    xAxis: timeXAxis(ctx, theme),
    yAxis: {
      type: 'value', scale: true, ...axisStyle(theme),
      axisLabel: { color: theme.fg, formatter: (v: number) => fmtNum(v, ctx.locale, Math.max(1, tickDigits(v, 3))) },
    },
    dataZoom: zoom(theme),
    series: lines.map((l) => lineSeries(l)),
  } as unknown as EChartsOption;
}

export function rollingBetaTable(ctx: ChartContext): DataTable {
  const caption = `Rolling 12-month beta and correlation with the benchmark, window end (${basisLabel(ctx)})`;
  return datedTable(caption, rollingBetaLines(ctx), (v) => fmtNum(v, ctx.locale, 3), ctx.locale);
}

// ---------------------------------------------------------------------------------------------------------
// 5. Weights over time (first selected strategy; end-of-day weights; all-zero columns dropped)

export function weightColumns(s: StrategyResult): number[] {
  const keep: number[] = [];
  for (let j = 0; j < s.weight_names.length; j++) {
    if (s.weights_eod.some((row) => (row[j] ?? 0) !== 0)) keep.push(j);
  }
  return keep;
}

function weightsStrategy(ctx: ChartContext): StrategyResult | null {
  const p = pickedStrategies(ctx)[0];
  return p && p.s.weights_eod.length > 0 ? p.s : null;
}

export function weightsOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const s = weightsStrategy(ctx);
  const cols = s ? weightColumns(s) : [];
  const dates = s ? s.daily.dates.map(isoToMs) : [];
  return {
    ...base(theme, cols.length),
    tooltip: axisTooltip(ctx.locale, (v) => fmtPct(v, ctx.locale, 1), theme),
    xAxis: timeXAxis(ctx, theme),
    // weights sum to 1 (cash included); the stack's float sum may exceed 1 by ~1e-15, which would push the
    // axis to 120 %
    yAxis: pctYAxis(ctx, theme, '', { scale: false, min: 0, max: (e: { max: number }) => (e.max > 1 + 1e-9 ? e.max : 1) }),
    dataZoom: zoom(theme),
    series: cols.map((j, k) => ({
      type: 'line', name: s!.weight_names[j], stack: 'weights', showSymbol: false, symbol: 'none',
      color: color(theme, k), lineStyle: { width: 0.6, color: color(theme, k) }, areaStyle: { opacity: 0.85, color: color(theme, k) },
      emphasis: { focus: 'series' },
      data: s!.weights_eod.map((row, i) => [dates[i], row[j] ?? null]),
    })),
  } as unknown as EChartsOption;
}

export function weightsTable(ctx: ChartContext): DataTable {
  const s = weightsStrategy(ctx);
  if (!s) return { caption: 'Weights', columns: [], rows: [] };
  const cols = weightColumns(s);
  return {
    caption: `End-of-day weights of ${s.name}`,
    columns: ['Date', ...cols.map((j) => s.weight_names[j]!)],
    rows: s.weights_eod.map((row, i) => ({
      header: { text: fmtDate(s.daily.dates[i], ctx.locale), raw: s.daily.dates[i] ?? null },
      cells: cols.map((j) => ({ text: fmtPct(row[j], ctx.locale, 2), raw: row[j] ?? null })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// 6. Target vs realized risk (risk_target strategies: metrics.realized_vs_target, one row per holding period)

function riskStrategies(ctx: ChartContext): Picked[] {
  return pickedStrategies(ctx).filter(({ s }) => (s.metrics.realized_vs_target?.length ?? 0) > 0);
}

/** Step lines over the holding periods: value i holds from start_i to end_i (the last end closes the step). */
export function riskLines(ctx: ChartContext, theme: ChartTheme = DEFAULT_THEME): Line[] {
  const lines: Line[] = [];
  const ps = riskStrategies(ctx);
  ps.forEach(({ s }, k) => {
    const rows = s.metrics.realized_vs_target!;
    const dates = rows.map((r) => r.start).concat(rows[rows.length - 1]!.end);
    const parts: [keyof (typeof rows)[0], string, Line['dash'] | undefined, number][] = [
      ['target', 'target', undefined, 0], ['ex_ante', 'ex ante', 'dotted', 1], ['realized', 'realized', 'dashed', 2],
    ];
    for (const [key, label, dash, c] of parts) {
      const values = rows.map((r) => r[key] as Num);
      values.push(values[values.length - 1] ?? null);
      lines.push({
        name: ps.length > 1 ? `${s.name} · ${label}` : label, dates, values,
        color: color(theme, ps.length > 1 ? k : c), ...(dash ? { dash } : {}),
      });
    }
  });
  return lines;
}

export function riskOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const lines = riskLines(ctx, theme);
  return {
    ...base(theme, lines.length, true),
    tooltip: axisTooltip(ctx.locale, (v) => fmtPct(v, ctx.locale, 2), theme),
    xAxis: timeXAxis(ctx, theme),
    yAxis: pctYAxis(ctx, theme, 'annualized volatility', { scale: false, min: 0 }),
    dataZoom: zoom(theme),
    series: lines.map((l) => lineSeries(l, { step: 'end' })),
  } as unknown as EChartsOption;
}

export function riskTable(ctx: ChartContext): DataTable {
  const ps = riskStrategies(ctx);
  const multi = ps.length > 1;
  const rows: DataTable['rows'] = [];
  for (const { s } of ps) {
    for (const r of s.metrics.realized_vs_target!) {
      rows.push({
        header: { text: `${multi ? `${s.name}: ` : ''}${fmtDate(r.start, ctx.locale)} – ${fmtDate(r.end, ctx.locale)}`, raw: r.start },
        cells: [
          { text: fmtPct(r.target, ctx.locale, 2), raw: r.target },
          { text: fmtPct(r.ex_ante, ctx.locale, 2), raw: r.ex_ante },
          { text: fmtPct(r.realized, ctx.locale, 2), raw: r.realized },
          { text: fmtNum(r.ratio, ctx.locale, 2), raw: r.ratio },
          { text: r.binding ? 'yes' : 'no', raw: r.binding },
        ],
      });
    }
  }
  return {
    caption: 'Target, ex-ante and realized volatility per holding period (annualized)',
    columns: ['Holding period', 'Target', 'Ex ante', 'Realized', 'Realized / target', 'Binding'],
    rows,
  };
}

// ---------------------------------------------------------------------------------------------------------
// 7. Monthly returns heatmap (years × months) of one strategy

export function monthNames(locale: string): string[] {
  const f = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, m) => f.format(new Date(Date.UTC(2001, m, 1))));
}

function heatmapStrategy(ctx: ChartContext, st: ChartState): Picked | null {
  const ps = pickedStrategies(ctx).filter(({ s }) => report(s, ctx.basis));
  return ps.find((p) => p.index === st.pick) ?? ps[0] ?? null;
}

function calendar(s: StrategyResult, key: 'net' | 'gross' | 'benchmark'): [string, CalendarYear][] {
  const cr = report(s, key)?.calendar_returns ?? {};
  return Object.keys(cr).sort().map((y) => [y, cr[y]!]);
}

/** Cell label styles: white on dark cells, near-black on light ones. */
const CELL_TEXT = { w: { color: '#ffffff' }, d: { color: '#111111' } };

/** Largest |monthly return| (the color scale is symmetric around 0 so white means 0). */
function maxAbs(values: Num[]): number {
  let m = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m > 0 ? m : 0.01;
}

export function heatmapOption(ctx: ChartContext, st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const p = heatmapStrategy(ctx, st);
  const years = p ? calendar(p.s, ctx.basis) : [];
  const data: [number, number, number][] = [];
  years.forEach(([, cy], yi) => cy.months.forEach((v, m) => { if (v !== null) data.push([m, yi, v]); }));
  const m = maxAbs(data.map((d) => d[2]));
  return {
    animation: false,
    backgroundColor: theme.bg,
    textStyle: { color: theme.fg, fontFamily: theme.font },
    tooltip: {
      confine: true, backgroundColor: theme.bg, borderColor: theme.border, textStyle: { color: theme.fg },
      formatter: (q: { value: [number, number, number] }) =>
        `${escapeHtml(`${monthNames(ctx.locale)[q.value[0]]} ${years[q.value[1]]![0]}`)}: ` +
        `<b>${escapeHtml(fmtPct(q.value[2], ctx.locale, 2))}</b>`,
    },
    grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
    xAxis: {
      type: 'category', data: monthNames(ctx.locale), position: 'top', ...axisStyle(theme),
      splitArea: { show: false }, axisTick: { show: false },
    },
    yAxis: { type: 'category', data: years.map(([y]) => y), inverse: true, ...axisStyle(theme), axisTick: { show: false } },
    visualMap: {
      type: 'continuous', min: -m, max: m, calculable: false, orient: 'horizontal', left: 'center', bottom: 4,
      itemHeight: 160, itemWidth: 12, inRange: { color: theme.diverging }, textStyle: { color: theme.fg },
      formatter: (v: number) => fmtPct(v, ctx.locale, 1),
    },
    series: [{
      type: 'heatmap', name: p?.s.name ?? '', data,
      // white text on the dark ends of the scale, dark text elsewhere (both ≥ 4.5:1 on their cells)
      label: {
        show: true, fontSize: 10, rich: CELL_TEXT,
        formatter: (q: { value: [number, number, number] }) =>
          `{${Math.abs(q.value[2]) > 0.7 * m ? 'w' : 'd'}|${fmtPct(q.value[2], ctx.locale, 1)}}`,
      },
      itemStyle: { borderColor: theme.bg, borderWidth: 1 },
      emphasis: { itemStyle: { borderColor: theme.fg, borderWidth: 1 } },
    }],
  } as unknown as EChartsOption;
}

export function heatmapTable(ctx: ChartContext, st: ChartState = {}): DataTable {
  const p = heatmapStrategy(ctx, st);
  const years = p ? calendar(p.s, ctx.basis) : [];
  return {
    caption: `Monthly returns of ${p?.s.name ?? ''} (${basisLabel(ctx)})`,
    columns: ['Year', ...monthNames(ctx.locale), 'Year total'],
    rows: years.map(([y, cy]) => ({
      header: { text: y + (cy.partial ? ' (partial)' : ''), raw: y },
      cells: cy.months.map((v) => ({ text: fmtPct(v, ctx.locale, 2), raw: v })).concat({ text: fmtPct(cy.year, ctx.locale, 2), raw: cy.year }),
    })),
  };
}

/** Number of year rows (for the chart's height). */
export function heatmapYears(ctx: ChartContext, st: ChartState = {}): number {
  const p = heatmapStrategy(ctx, st);
  return p ? calendar(p.s, ctx.basis).length : 0;
}

// ---------------------------------------------------------------------------------------------------------
// 8. Calendar-year returns (bars: strategies and benchmarks)

interface Bars { name: string; years: Map<string, CalendarYear>; color: string; benchmark?: boolean }

export function calendarBars(ctx: ChartContext, theme: ChartTheme = DEFAULT_THEME): { years: string[]; bars: Bars[] } {
  const bars: Bars[] = pickedStrategies(ctx).map(({ s }, k) => ({
    name: s.name, years: new Map(calendar(s, ctx.basis)), color: color(theme, k),
  }));
  const seen = new Set<string>();
  for (const { s } of pickedStrategies(ctx)) {
    const r = report(s, 'benchmark');
    if (!r) continue;
    const name = benchmarkName(s, ctx.result);
    const key = `${name}|${r.first_date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const k = seen.size - 1;
    bars.push({
      name: bars.some((b) => b.name === name) ? `${name} (from ${fmtDate(r.first_date, ctx.locale)})` : name,
      years: new Map(calendar(s, 'benchmark')), color: theme.benchmark[k % theme.benchmark.length]!, benchmark: true,
    });
  }
  const years = [...new Set(bars.flatMap((b) => [...b.years.keys()]))].sort();
  return { years, bars };
}

export function calendarOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const { years, bars } = calendarBars(ctx, theme);
  return {
    ...base(theme, bars.length),
    tooltip: { ...axisTooltip(ctx.locale, (v) => fmtPct(v, ctx.locale, 2), theme), axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: years, ...axisStyle(theme), splitLine: { show: false } },
    yAxis: pctYAxis(ctx, theme, '', { scale: false }), // bars start at 0
    dataZoom: years.length > 12 ? zoom(theme) : undefined,
    series: bars.map((b) => ({
      type: 'bar', name: b.name, color: b.color, itemStyle: { color: b.color },
      data: years.map((y) => b.years.get(y)?.year ?? null),
      emphasis: { focus: 'series' },
    })),
  } as unknown as EChartsOption;
}

export function calendarTable(ctx: ChartContext): DataTable {
  const { years, bars } = calendarBars(ctx);
  return {
    caption: `Calendar-year returns (${basisLabel(ctx)}; partial years marked)`,
    columns: ['Year', ...bars.map((b) => b.name)],
    rows: years.map((y) => ({
      header: { text: y, raw: y },
      cells: bars.map((b) => {
        const cy = b.years.get(y);
        return { text: cy ? fmtPct(cy.year, ctx.locale, 2) + (cy.partial ? ' (partial)' : '') : '', raw: cy?.year ?? null };
      }),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// 9. Distribution of monthly returns (display binning: counts per bin of width w, bins [k·w, (k+1)·w))

const BIN_WIDTHS = [0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.5];

export interface Histogram { width: number; lo: number; bins: number; series: { name: string; counts: number[]; n: number; color: string }[] }

const finite = (v: Num[]) => v.filter((x): x is number => x !== null && Number.isFinite(x));

export function distributionHistogram(ctx: ChartContext, theme: ChartTheme = DEFAULT_THEME): Histogram {
  const groups: { name: string; values: number[]; color: string }[] = [];
  pickedStrategies(ctx).forEach(({ s }, k) => {
    groups.push({ name: s.name, values: finite(s.monthly[ctx.basis] ?? []), color: color(theme, k) });
  });
  for (const l of benchmarkLines(ctx, theme, (s) => ({ dates: s.monthly.dates, values: s.monthly.benchmark }))) {
    groups.push({ name: l.name, values: finite(l.values), color: l.color });
  }
  const all = groups.flatMap((g) => g.values);
  if (all.length === 0) return { width: 0.01, lo: 0, bins: 0, series: [] };
  const min = Math.min(...all), max = Math.max(...all);
  const width = BIN_WIDTHS.find((w) => Math.floor(max / w + 1e-9) - Math.floor(min / w + 1e-9) + 1 <= 40) ?? 1;
  const k0 = Math.floor(min / width + 1e-9);
  const bins = Math.floor(max / width + 1e-9) - k0 + 1;
  return {
    width, lo: k0 * width, bins,
    series: groups.map((g) => {
      const counts = new Array<number>(bins).fill(0);
      for (const v of g.values) counts[Math.floor(v / width + 1e-9) - k0]! += 1;
      return { name: g.name, counts, n: g.values.length, color: g.color };
    }),
  };
}

function binLabel(h: Histogram, i: number, locale: string): string {
  const d = h.width < 0.01 ? 2 : h.width < 0.1 ? 1 : 0;
  const k = Math.round(h.lo / h.width) + i;
  return `${fmtPct(k * h.width, locale, d)} to ${fmtPct((k + 1) * h.width, locale, d)}`;
}

export function distributionOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const h = distributionHistogram(ctx, theme);
  const labels = Array.from({ length: h.bins }, (_, i) => binLabel(h, i, ctx.locale));
  return {
    ...base(theme, h.series.length),
    tooltip: { ...axisTooltip(ctx.locale, (v) => `${fmtInt(v, ctx.locale)} months`, theme), axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category', data: labels, name: 'monthly return', nameLocation: 'middle', nameGap: 28, ...axisStyle(theme),
      splitLine: { show: false },
      axisLabel: { color: theme.fg, formatter: (v: string) => v.split(' to ')[0], hideOverlap: true },
    },
    yAxis: { type: 'value', name: 'months', minInterval: 1, ...axisStyle(theme), nameTextStyle: { color: theme.muted, align: 'left' } },
    grid: { left: 8, right: 16, top: 60, bottom: 28, containLabel: true },
    series: h.series.map((s) => ({
      type: 'bar', name: s.name, data: s.counts, color: s.color, itemStyle: { color: s.color }, barGap: '5%',
      emphasis: { focus: 'series' },
    })),
  } as unknown as EChartsOption;
}

export function distributionTable(ctx: ChartContext): DataTable {
  const h = distributionHistogram(ctx);
  return {
    caption: `Number of months per return bin (${basisLabel(ctx)}; bins include the lower bound)`,
    columns: ['Monthly return', ...h.series.map((s) => s.name)],
    rows: Array.from({ length: h.bins }, (_, i) => ({
      header: { text: binLabel(h, i, ctx.locale), raw: h.lo + i * h.width },
      cells: h.series.map((s) => ({ text: fmtInt(s.counts[i], ctx.locale), raw: s.counts[i]! })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// 10. Efficient frontier at a rebalance date: ctx.frontier (EngineBridge.frontier), else the first
//     `audit.frontier` in the document (a scenario run with `frontier_at`) among the selected strategies

export function frontierData(ctx: ChartContext): FrontierInput | null {
  if (ctx.frontier && ctx.frontier.points.length > 0) return ctx.frontier;
  for (const { index, s } of pickedStrategies(ctx)) {
    for (const d of s.decisions) {
      const f = (d.audit as { frontier?: Partial<FrontierInput> } | undefined)?.frontier;
      if (f && Array.isArray(f.points) && f.points.length > 0 && f.chosen) {
        return { strategy: index, date: d.date, points: f.points, chosen: f.chosen };
      }
    }
  }
  return null;
}

export function frontierOption(ctx: ChartContext, _st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const f = frontierData(ctx);
  const pts = f ? f.points.map((p) => [p.volatility, p.expected_return]) : [];
  const fmtPair = (v: [number, number]) => `${fmtPct(v[0], ctx.locale, 2)} volatility, ${fmtPct(v[1], ctx.locale, 2)} expected return`;
  return {
    ...base(theme, 2),
    tooltip: {
      trigger: 'item', confine: true, backgroundColor: theme.bg, borderColor: theme.border, textStyle: { color: theme.fg },
      formatter: (q: { seriesName: string; value: [number, number]; marker: string }) =>
        `${q.marker}${escapeHtml(q.seriesName)}: ${escapeHtml(fmtPair(q.value))}`,
    },
    xAxis: {
      // from 0: a volatility axis with "nice" rounding below the first point would show negative ticks
      type: 'value', name: 'volatility (annualized)', nameLocation: 'middle', nameGap: 28, min: 0, ...axisStyle(theme),
      axisLabel: { color: theme.fg, formatter: (v: number) => fmtPct(v, ctx.locale, pctDigits(v)) },
    },
    yAxis: pctYAxis(ctx, theme, 'expected return (annualized)'),
    grid: { left: 8, right: 24, top: 60, bottom: 28, containLabel: true },
    series: [
      {
        type: 'line', name: 'Efficient frontier', data: pts, color: color(theme, 0),
        lineStyle: { color: color(theme, 0), width: 2 }, symbol: 'circle', symbolSize: 4, showSymbol: pts.length <= 60,
      },
      // a one-point line series (not a scatter: saves loading ECharts' scatter chart for one marker)
      {
        type: 'line', name: 'Chosen portfolio', data: f ? [[f.chosen.volatility, f.chosen.expected_return]] : [],
        color: color(theme, 1), symbol: 'diamond', symbolSize: 16, showSymbol: true, lineStyle: { width: 0 },
        itemStyle: { color: color(theme, 1), borderColor: theme.fg, borderWidth: 1 }, z: 5,
      },
    ],
  } as unknown as EChartsOption;
}

export function frontierTable(ctx: ChartContext): DataTable {
  const f = frontierData(ctx);
  if (!f) return { caption: 'Efficient frontier', columns: [], rows: [] };
  const row = (label: string, p: { volatility: number; expected_return: number }) => ({
    header: { text: label, raw: label },
    cells: [
      { text: fmtPct(p.volatility, ctx.locale, 2), raw: p.volatility },
      { text: fmtPct(p.expected_return, ctx.locale, 2), raw: p.expected_return },
    ],
  });
  const name = ctx.result.strategies[f.strategy]?.name ?? '';
  return {
    caption: `Efficient frontier of ${name} at ${fmtDate(f.date, ctx.locale)} (annualized)`,
    columns: ['Point', 'Volatility', 'Expected return'],
    rows: [row('Chosen portfolio', f.chosen), ...f.points.map((p, i) => row(`Frontier point ${i + 1}`, p))],
  };
}

// ---------------------------------------------------------------------------------------------------------
// 11. Trend vote matrix (decision audit: sleeves[].assets[].momentum / trend per frequency)

interface VoteAsset {
  asset: string;
  eligible?: boolean;
  included?: boolean;
  momentum?: Num[] | null;
  trend?: Num[] | null;
  votes?: Num;
  valid_votes?: Num;
  weight?: Num;
}
interface VoteSleeve { name: string; assets: VoteAsset[] }

export function votesStrategy(ctx: ChartContext): Picked | null {
  return pickedStrategies(ctx).find(({ s }) => s.decisions.some((d) => Array.isArray((d.audit as { sleeves?: unknown })?.sleeves))) ?? null;
}

/** Decisions of the trend strategy that carry a vote matrix (indices into s.decisions). */
export function voteDecisions(s: StrategyResult): number[] {
  const out: number[] = [];
  s.decisions.forEach((d, i) => { if (Array.isArray((d.audit as { sleeves?: unknown })?.sleeves)) out.push(i); });
  return out;
}

export interface VoteMatrix {
  strategy: string;
  date: string;
  decision: number;
  frequencies: number[];
  /** x labels: "Mom 1" … then "Trend 1" … */
  columns: string[];
  /** y labels: "<sleeve> · <asset>" */
  rows: string[];
  /** row-major: 1 vote for, 0 against, null no valid vote */
  cells: Num[][];
  assets: VoteAsset[];
  sleeves: string[];
}

export function voteMatrix(ctx: ChartContext, st: ChartState = {}): VoteMatrix | null {
  const p = votesStrategy(ctx);
  if (!p) return null;
  const ds = voteDecisions(p.s);
  const di = st.decision !== undefined && ds.includes(st.decision) ? st.decision : ds[ds.length - 1]!;
  const d = p.s.decisions[di]!;
  const audit = d.audit as { frequencies?: number[]; sleeves: VoteSleeve[] };
  const sleeves = audit.sleeves;
  const freqs = audit.frequencies ?? [];
  const widths = sleeves.flatMap((sl) => sl.assets.map((a) => Math.max(a.momentum?.length ?? 0, a.trend?.length ?? 0)));
  const n = Math.max(freqs.length, ...widths);
  const fl = (i: number) => String(freqs[i] ?? i + 1);
  const columns = [...Array.from({ length: n }, (_, i) => `Mom ${fl(i)}`), ...Array.from({ length: n }, (_, i) => `Trend ${fl(i)}`)];
  const rows: string[] = [], cells: Num[][] = [], assets: VoteAsset[] = [], sl: string[] = [];
  for (const s of sleeves) {
    for (const a of s.assets) {
      rows.push(`${s.name} · ${a.asset}`);
      const pad = (v: Num[] | null | undefined) => Array.from({ length: n }, (_, i) => v?.[i] ?? null);
      cells.push([...pad(a.momentum), ...pad(a.trend)]);
      assets.push(a);
      sl.push(s.name);
    }
  }
  return { strategy: p.s.name, date: d.date, decision: di, frequencies: freqs, columns, rows, cells, assets, sleeves: sl };
}

export function votesOption(ctx: ChartContext, st: ChartState = {}, theme: ChartTheme = DEFAULT_THEME): EChartsOption {
  const vm = voteMatrix(ctx, st);
  const data: [number, number, number][] = [];
  vm?.cells.forEach((row, y) => row.forEach((v, x) => data.push([x, y, v === null ? -1 : v])));
  const text = (v: number) => (v === 1 ? '1' : v === 0 ? '0' : '–');
  const meaning = (v: number) => (v === 1 ? 'vote for' : v === 0 ? 'vote against' : 'no valid vote');
  return {
    animation: false,
    backgroundColor: theme.bg,
    textStyle: { color: theme.fg, fontFamily: theme.font },
    tooltip: {
      confine: true, backgroundColor: theme.bg, borderColor: theme.border, textStyle: { color: theme.fg },
      formatter: (q: { value: [number, number, number] }) =>
        `${escapeHtml(vm!.rows[q.value[1]]!)}, ${escapeHtml(vm!.columns[q.value[0]]!)}: <b>${meaning(q.value[2])}</b>`,
    },
    grid: { left: 8, right: 16, top: 8, bottom: 48, containLabel: true },
    xAxis: {
      type: 'category', data: vm?.columns ?? [], position: 'top', ...axisStyle(theme),
      axisTick: { show: false }, splitLine: { show: false },
      // "Mom 21" on two lines: every column keeps its label in a narrow panel
      axisLabel: { color: theme.fg, interval: 0, formatter: (v: string) => v.replace(' ', '\n') },
    },
    yAxis: {
      type: 'category', data: vm?.rows ?? [], inverse: true, ...axisStyle(theme),
      axisTick: { show: false }, splitLine: { show: false },
    },
    visualMap: {
      type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 4, textStyle: { color: theme.fg },
      pieces: [
        { value: 1, label: 'vote for', color: theme.votes.yes },
        { value: 0, label: 'vote against', color: theme.votes.no },
        { value: -1, label: 'no valid vote', color: theme.votes.none },
      ],
    },
    series: [{
      type: 'heatmap', name: 'votes', data,
      label: {
        show: true, fontSize: 11, rich: CELL_TEXT,
        formatter: (q: { value: [number, number, number] }) => `{${q.value[2] === 1 ? 'w' : 'd'}|${text(q.value[2])}}`,
      },
      itemStyle: { borderColor: theme.bg, borderWidth: 2 },
    }],
  } as unknown as EChartsOption;
}

export function votesTable(ctx: ChartContext, st: ChartState = {}): DataTable {
  const vm = voteMatrix(ctx, st);
  if (!vm) return { caption: 'Trend votes', columns: [], rows: [] };
  const t = (v: Num) => (v === 1 ? 'for' : v === 0 ? 'against' : '—');
  return {
    caption: `Trend votes of ${vm.strategy} at the decision of ${fmtDate(vm.date, ctx.locale)} ` +
      '(momentum and trend votes per look-back in trading days)',
    columns: ['Sleeve · asset', ...vm.columns, 'Votes / valid', 'Included', 'Weight in sleeve'],
    rows: vm.rows.map((r, i) => {
      const a = vm.assets[i]!;
      return {
        header: { text: r, raw: r },
        cells: [
          ...vm.cells[i]!.map((v) => ({ text: t(v), raw: v })),
          { text: `${fmtInt(a.votes ?? null, ctx.locale)} / ${fmtInt(a.valid_votes ?? null, ctx.locale)}`, raw: a.votes ?? null },
          { text: a.included ? 'yes' : 'no', raw: a.included ?? null },
          { text: fmtPct(a.weight ?? null, ctx.locale, 2), raw: a.weight ?? null },
        ],
      };
    }),
  };
}

export function votesRows(ctx: ChartContext, st: ChartState = {}): number {
  return voteMatrix(ctx, st)?.rows.length ?? 0;
}
