import { describe, expect, test } from 'vitest';
import { dateRangeText, growthChartOption, growthSeriesData, suggestLogScale } from '../src/charts/growth-chart';
import type { PanelData } from '../src/shared/protocol';

const DAY = 86_400_000;
// 4 dates, 2 columns (column-major): A has wealth from row 1, B starts at row 2 and has a gap at row 3
const growth: PanelData = {
  dates: new Int32Array([19000, 19001, 19004, 19005]),
  names: ['A', 'B'],
  values: new Float64Array([NaN, 1.1, 0.99, 1.2, NaN, NaN, 1.05, NaN]),
  rows: 4,
  cols: 2,
  kind: 'prices',
  frequency: 'daily',
};

describe('growth chart', () => {
  test('each line starts at $1 on the date before its first wealth value and skips missing cells', () => {
    const s = growthSeriesData(growth);
    expect(s.map((x) => x.name)).toEqual(['A', 'B']);
    expect(s[0].data).toEqual([[19000 * DAY, 1], [19001 * DAY, 1.1], [19004 * DAY, 0.99], [19005 * DAY, 1.2]]);
    expect(s[1].data).toEqual([[19001 * DAY, 1], [19004 * DAY, 1.05]]);
  });
  test('a column with wealth on row 0 gets no anchor; an empty column gives an empty line', () => {
    const g = { ...growth, values: new Float64Array([1.0, 1.1, 1.2, 1.3, NaN, NaN, NaN, NaN]) };
    const s = growthSeriesData(g);
    expect(s[0].data[0]).toEqual([19000 * DAY, 1.0]);
    expect(s[0].data).toHaveLength(4);
    expect(s[1].data).toEqual([]);
  });
  test('option: one line series per column, log or linear axis', () => {
    const log = growthChartOption(growth, { logScale: true }) as any;
    expect(log.series).toHaveLength(2);
    expect(log.series[0].type).toBe('line');
    expect(log.yAxis.type).toBe('log');
    expect(log.xAxis.type).toBe('time');
    expect((growthChartOption(growth, { logScale: false }) as any).yAxis.type).toBe('value');
    expect(dateRangeText(growth)).toBe('2022-01-08 to 2022-01-13');
  });
});

describe('palette', () => {
  test('at least 12 distinct colors so the sample data lines are all distinguishable', async () => {
    const { PALETTE } = await import('../src/charts/growth-chart');
    expect(new Set(PALETTE).size).toBeGreaterThanOrEqual(12);
  });
});

describe('log scale suggestion', () => {
  test('log only when the lines span more than a factor 4 (the $1 anchor counts)', () => {
    expect(suggestLogScale(growth)).toBe(false);
    expect(suggestLogScale({ ...growth, values: new Float64Array([NaN, 1.1, 4.5, 1.2, NaN, NaN, 1.05, NaN]) })).toBe(true);
    expect(suggestLogScale({ ...growth, values: new Float64Array([NaN, 1.1, 0.2, 1.2, NaN, NaN, 1.05, NaN]) })).toBe(true);
    expect(suggestLogScale({ ...growth, values: new Float64Array([NaN, 1.1, 3.9, 1.2, NaN, NaN, 1.05, NaN]) })).toBe(false);
  });
});
