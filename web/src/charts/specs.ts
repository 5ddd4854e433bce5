// The list of charts: id, heading, one-line description (the chart element's aria-label), when it is
// available, its controls, and its option / table builders (builders.ts).
import type { EChartsOption } from 'echarts';
import { fmtDate, fmtMonth } from '../shared/format';
import * as b from './builders';
import type { ChartContext, ChartId, ChartState, DataTable } from './builders';
import type { ChartTheme } from './theme';

export type Control =
  | { kind: 'checkbox'; key: 'log'; label: string }
  | { kind: 'select'; key: 'pick' | 'decision'; label: string; options: { value: number; label: string }[] };

export interface ChartSpec {
  id: ChartId;
  title(ctx: ChartContext): string;
  describe(ctx: ChartContext, st: ChartState): string;
  available(ctx: ChartContext): boolean;
  option(ctx: ChartContext, st: ChartState, theme: ChartTheme): EChartsOption;
  table(ctx: ChartContext, st: ChartState): DataTable;
  /** chart height in CSS px */
  height(ctx: ChartContext, st: ChartState): number;
  controls?(ctx: ChartContext, st: ChartState): Control[];
  /** ECharts media queries (applied on resize), e.g. cell labels off on narrow screens */
  media?: { query: { maxWidth?: number; minWidth?: number }; option: Record<string, unknown> }[];
  /** initial state (e.g. log scale for long histories) */
  initial?(ctx: ChartContext): ChartState;
}

const names = (ctx: ChartContext) => b.pickedStrategies(ctx).map(({ s }) => s.name).join(', ');
const span = (dates: string[], ctx: ChartContext) =>
  dates.length ? `${fmtMonth(dates[0], ctx.locale)} to ${fmtMonth(dates[dates.length - 1], ctx.locale)}` : '';
const firstSpan = (ctx: ChartContext) => {
  const p = b.pickedStrategies(ctx)[0];
  return p ? span(p.s.daily.dates, ctx) : '';
};
const hasRolling = (ctx: ChartContext, lines: (c: ChartContext) => unknown[]) => lines(ctx).length > 0;

export const SPECS: ChartSpec[] = [
  {
    id: 'growth',
    title: (ctx) => b.growthTitle(ctx),
    describe: (ctx, st) => `Line chart of the daily value of ${names(ctx)} and the benchmark, ${firstSpan(ctx)}, ` +
      `${st.log ? 'logarithmic' : 'linear'} scale.`,
    available: (ctx) => b.pickedStrategies(ctx).some(({ s }) => s.daily.dates.length > 0),
    option: b.growthOption,
    table: (ctx) => b.growthTable(ctx),
    height: () => 340,
    controls: () => [{ kind: 'checkbox', key: 'log', label: 'Log scale' }],
    initial: (ctx) => {
      // log scale reads better when the lines span more than a factor 4 (display choice only)
      let lo = Infinity, hi = -Infinity;
      for (const l of b.growthLines(ctx)) {
        for (const v of l.values) {
          if (v !== null && v > 0) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      return { log: hi / lo > 4 };
    },
  },
  {
    id: 'drawdown',
    title: () => 'Drawdowns',
    describe: (ctx) => `Area chart of the decline from the previous peak at each month end for ${names(ctx)} and the benchmark.`,
    available: (ctx) => b.drawdownLines(ctx).length > 0,
    option: b.drawdownOption,
    table: (ctx) => b.drawdownTable(ctx),
    height: () => 280,
  },
  {
    id: 'rolling-excess',
    title: () => 'Rolling excess return (1, 3 and 5 years)',
    describe: (ctx) => `Line chart of the annualized return over the benchmark in rolling 1, 3 and 5-year windows for ${names(ctx)}.`,
    available: (ctx) => hasRolling(ctx, b.rollingExcessLines),
    option: b.rollingExcessOption,
    table: (ctx) => b.rollingExcessTable(ctx),
    height: () => 300,
  },
  {
    id: 'rolling-beta',
    title: () => 'Rolling 12-month beta and correlation',
    describe: (ctx) => `Line chart of the beta and correlation with the benchmark in rolling 12-month windows for ${names(ctx)}.`,
    available: (ctx) => hasRolling(ctx, b.rollingBetaLines),
    option: b.rollingBetaOption,
    table: (ctx) => b.rollingBetaTable(ctx),
    height: () => 280,
  },
  {
    id: 'weights',
    title: (ctx) => `Weights over time: ${b.pickedStrategies(ctx)[0]?.s.name ?? ''}`,
    describe: (ctx) =>
      `Stacked area chart of the end-of-day asset weights of ${b.pickedStrategies(ctx)[0]?.s.name ?? ''}, ${firstSpan(ctx)}.`,
    available: (ctx) => {
      const p = b.pickedStrategies(ctx)[0];
      return !!p && p.s.weights_eod.length > 0 && b.weightColumns(p.s).length > 0;
    },
    option: b.weightsOption,
    table: (ctx) => b.weightsTable(ctx),
    height: () => 320,
  },
  {
    id: 'risk',
    title: () => 'Target vs realized risk',
    describe: () => 'Step chart of the target, ex-ante and realized annualized volatility over each holding period.',
    available: (ctx) => b.riskLines(ctx).length > 0,
    option: b.riskOption,
    table: (ctx) => b.riskTable(ctx),
    height: () => 300,
  },
  {
    id: 'heatmap',
    title: () => 'Monthly returns',
    describe: (ctx, st) => {
      const t = b.heatmapTable(ctx, st);
      const what = t.caption.replace(/^Monthly returns of /, '');
      return `Heatmap of the monthly returns by year and month (${what}), red negative, blue positive.`;
    },
    available: (ctx) => b.heatmapYears(ctx) > 0,
    option: b.heatmapOption,
    table: b.heatmapTable,
    height: (ctx, st) => 90 + 22 * b.heatmapYears(ctx, st),
    // "-1.2%" needs ~40 px per cell: no cell labels below 600 px (the tooltip and the table still show them)
    media: [{ query: { maxWidth: 600 }, option: { series: [{ label: { show: false } }] } }],
    controls: (ctx) => {
      const ps = b.pickedStrategies(ctx).filter(({ s }) => b.report(s, ctx.basis));
      if (ps.length < 2) return [];
      return [{ kind: 'select', key: 'pick', label: 'Strategy', options: ps.map((p) => ({ value: p.index, label: p.s.name })) }];
    },
  },
  {
    id: 'calendar',
    title: () => 'Calendar-year returns',
    describe: (ctx) => `Bar chart of the return of each calendar year for ${names(ctx)} and the benchmark.`,
    available: (ctx) => b.calendarBars(ctx).years.length > 0,
    option: b.calendarOption,
    table: (ctx) => b.calendarTable(ctx),
    height: () => 300,
  },
  {
    id: 'distribution',
    title: () => 'Distribution of monthly returns',
    describe: (ctx) => `Histogram of the monthly returns of ${names(ctx)} and the benchmark.`,
    available: (ctx) => b.distributionHistogram(ctx).bins > 0,
    option: b.distributionOption,
    table: (ctx) => b.distributionTable(ctx),
    height: () => 280,
  },
  {
    id: 'frontier',
    title: (ctx) => `Efficient frontier at ${fmtDate(b.frontierData(ctx)?.date, ctx.locale)}`,
    describe: (ctx) => {
      const f = b.frontierData(ctx);
      const name = ctx.result.strategies[f?.strategy ?? -1]?.name ?? '';
      return `Line chart of expected return against volatility along the efficient frontier of ${name} at ` +
        `${fmtDate(f?.date, ctx.locale)}, with the chosen portfolio marked.`;
    },
    available: (ctx) => b.frontierData(ctx) !== null,
    option: b.frontierOption,
    table: (ctx) => b.frontierTable(ctx),
    height: () => 320,
  },
  {
    id: 'votes',
    title: (ctx) => `Trend votes: ${b.votesStrategy(ctx)?.s.name ?? ''}`,
    describe: (ctx, st) => {
      const vm = b.voteMatrix(ctx, st);
      if (!vm) return '';
      return `Matrix of the momentum and trend votes per asset and look-back at the decision of ` +
        `${fmtDate(vm.date, ctx.locale)}: blue for, orange against, gray no valid vote.`;
    },
    available: (ctx) => !!b.votesStrategy(ctx),
    option: b.votesOption,
    table: b.votesTable,
    height: (ctx, st) => 90 + 26 * b.votesRows(ctx, st),
    controls: (ctx) => {
      const p = b.votesStrategy(ctx);
      if (!p) return [];
      const ds = b.voteDecisions(p.s);
      return [{
        kind: 'select', key: 'decision', label: 'Decision',
        options: ds.map((i) => ({ value: i, label: fmtDate(p.s.decisions[i]!.date, ctx.locale) })).reverse(),
      }];
    },
  },
];

export const CHART_IDS: ChartId[] = SPECS.map((s) => s.id);
