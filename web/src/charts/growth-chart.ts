// Growth-of-$1 chart: a pure function from the engine's wealth-index panel to an ECharts option.
// The numbers are the engine's (returnsToWealth); this only arranges them for display. W_0 = 1 is not stored
// by the engine, so each line is anchored at $1 on the date before its first wealth value.
import type { PanelData } from '../shared/protocol';
import { dateToMs, formatDate, formatDollars } from '../shared/format';

export interface GrowthChartOptions {
  logScale: boolean;
  title?: string;
}

export type Point = [number, number];

/** 16 distinguishable colors (ECharts' default palette repeats after 9, which made two lines look alike), each
 * with ≥ 3:1 contrast on white (WCAG 1.4.11; tests/charts-builders.test.ts). */
export const PALETTE = [
  '#1f5fbf', '#e8710a', '#2e9d4f', '#d62f2f', '#8a4fbf', '#8c564b', '#d45fb0', '#5f6b7a',
  '#a16207', '#0e7490', '#0b3d91', '#a21caf', '#4d7c0f', '#7f1d1d', '#5e35b1', '#4e342e',
];

/** One line per column: [epoch ms, $ value] pairs; NaN cells (no data yet / gaps) are skipped. */
export function growthSeriesData(growth: PanelData): { name: string; data: Point[] }[] {
  const { rows, cols, dates, values, names } = growth;
  const out: { name: string; data: Point[] }[] = [];
  for (let j = 0; j < cols; j++) {
    const data: Point[] = [];
    const base = j * rows;
    for (let i = 0; i < rows; i++) {
      const v = values[base + i];
      if (!Number.isFinite(v)) continue;
      if (data.length === 0 && i > 0) data.push([dateToMs(dates[i - 1]), 1]);
      data.push([dateToMs(dates[i]), v]);
    }
    out.push({ name: names[j], data });
  }
  return out;
}

export function growthChartOption(growth: PanelData, options: GrowthChartOptions): Record<string, unknown> {
  const series = growthSeriesData(growth).map((s) => ({
    name: s.name,
    type: 'line',
    data: s.data,
    showSymbol: false,
    sampling: 'lttb',
    lineStyle: { width: 1.4 },
    emphasis: { focus: 'series' },
  }));
  return {
    animation: false,
    title: options.title ? { text: options.title, left: 'center', textStyle: { fontSize: 13 } } : undefined,
    color: PALETTE,
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: options.title ? 40 : 16, bottom: 40 },
    grid: { left: 64, right: 200, top: options.title ? 40 : 16, bottom: 64 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => formatDollars(typeof v === 'number' ? v : Number(v), 3),
    },
    xAxis: { type: 'time' },
    yAxis: {
      type: options.logScale ? 'log' : 'value',
      name: 'growth of $1',
      nameLocation: 'middle',
      nameGap: 48,
      scale: true,
      axisLabel: { formatter: (v: number) => `$${v >= 10 ? v.toFixed(0) : v.toFixed(2)}` },
    },
    dataZoom: [{ type: 'inside' }, { type: 'slider', bottom: 12, height: 18, right: 200 }],
    series,
  };
}

/** Axis label text for tests and the accessible description: "2003-01-02 to 2025-12-31". */
export function dateRangeText(growth: PanelData): string {
  if (growth.rows === 0) return '';
  return `${formatDate(growth.dates[0])} to ${formatDate(growth.dates[growth.rows - 1])}`;
}

/** Log scale reads better when the lines span a wide range (here: largest / smallest value > 4). */
export function suggestLogScale(growth: PanelData): boolean {
  let lo = 1, hi = 1;
  for (const v of growth.values) {
    if (!Number.isFinite(v) || v <= 0) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi / lo > 4;
}
