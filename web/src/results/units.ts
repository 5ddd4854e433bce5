// How each engine key is displayed: unit (percentage, ratio, count, …) and digits. Display only: the value is
// the engine's, rounded by Intl at the last step; `data-raw` keeps the full number.
import { fmtInt, fmtNum, fmtPct } from '../shared/format';
import type { Num } from '../shared/result';

export type Unit = 'pct' | 'ratio' | 'int' | 'periods' | 'years';

export interface Display {
  unit: Unit;
  digits: number;
}

const RATIO = [
  /^sharpe/, /^sortino/, /^omega/, /^calmar/, /^sterling/, /^burke/, /^martin/, /^pain_ratio/, /^treynor/,
  /^information_ratio/, /^ret_to_vol/, /^upside_potential_ratio/, /^starr/, /^timing_ratio/, /_capture$/,
  /^skewness/, /^kurtosis/, /^beta/, /^correlation/, /^r_squared$/,
];

/** Display unit of a metric key (docs/metrics.md: numbers are fractions, 0.05 = 5 %). */
export function displayOf(key: string): Display {
  if (key === 'n_periods' || key === 'drawdown_episodes' || key === 'iterations' || key.endsWith('_count')) {
    return { unit: 'int', digits: 0 };
  }
  if (key === 'average_drawdown_length' || key === 'average_recovery') return { unit: 'periods', digits: 1 };
  if (key === 'years') return { unit: 'years', digits: 2 };
  if (key === 'pct_positive_months' || key === 'pct_positive_periods') return { unit: 'pct', digits: 1 };
  if (RATIO.some((re) => re.test(key))) return { unit: 'ratio', digits: 2 };
  return { unit: 'pct', digits: 2 };
}

/** The display text of an engine value ("—" for null/absent). */
export function formatValue(x: Num | undefined, d: Display, locale: string): string {
  if (x === null || x === undefined) return '—';
  switch (d.unit) {
    case 'pct':
      return fmtPct(x, locale, d.digits);
    case 'int':
      return fmtInt(x, locale);
    default:
      return fmtNum(x, locale, d.digits);
  }
}
