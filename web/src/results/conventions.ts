// The convention switch: PerformanceAnalytics (PA 2.1.0) defaults vs the seed documents' variants. The engine
// emits every variant as its own key (docs/metrics.md); the switch only chooses which key a headline row and the
// fact sheet's "alpha since inception" column show. Nothing is recomputed.

export type Convention = 'pa' | 'seed';

export interface HeadlineRow {
  id: string;
  label: string;
  pa: string;
  seed: string;
  /** why the seed variant differs (or why it is the same key) */
  note: string;
}

export const HEADLINES: HeadlineRow[] = [
  { id: 'return', label: 'Annualized return', pa: 'return_annualized', seed: 'return_annualized', note: 'geometric in both' },
  { id: 'volatility', label: 'Annualized volatility', pa: 'volatility_annualized', seed: 'volatility_annualized', note: 'sd·√P in both' },
  {
    id: 'sharpe', label: 'Sharpe ratio', pa: 'sharpe_annualized_arithmetic', seed: 'sharpe_seed003',
    note: 'PA 2.1.0 SharpeRatio.annualized (√P·mean(x)/sd(x)); seed 003: (R_ann − rf_ann)/σ_ann',
  },
  {
    id: 'ret_to_vol', label: 'Return / volatility (Sharpe ignoring Rf)', pa: 'ret_to_vol', seed: 'ret_to_vol',
    note: 'seed 004 "Sharpe ignoring the risk-free rate", seed 000 "Ret/StDev"; no PA function',
  },
  {
    id: 'sortino', label: 'Sortino ratio', pa: 'sortino_ratio', seed: 'sortino_seed003',
    note: 'PA SortinoRatio (per period, full downside deviation); seed 003: annualized, subset downside deviation',
  },
  {
    id: 'omega', label: 'Omega ratio', pa: 'omega_ratio', seed: 'omega_ratio',
    note: "seed 003's figures match the Keating–Shadwick (all-observation) reading; omega_conditional is in the full table",
  },
  {
    id: 'calmar', label: 'Calmar ratio', pa: 'calmar_ratio', seed: 'calmar_ratio',
    note: 'seed 003 subtracts rf_ann (no separate key: equal when Rf = 0)',
  },
  {
    id: 'sterling', label: 'Sterling ratio', pa: 'sterling_ratio', seed: 'sterling_ratio_avg_drawdown',
    note: 'PA: R_ann/(|MDD| + 10 %); seed 003: (R_ann − rf_ann)/|average drawdown|',
  },
  {
    id: 'modified_sharpe', label: 'Modified Sharpe (95 %)', pa: 'sharpe_modified_var_95', seed: 'sharpe_modified_var_95',
    note: "seed 003's annual-over-daily variant is not emitted by the engine",
  },
  {
    id: 'var', label: 'Modified VaR (loss)', pa: 'var_modified_95', seed: 'var_modified_99',
    note: 'PA default p = 0.95; seed 003 uses the 99 % modified VaR',
  },
  {
    id: 'es', label: 'Modified ES (loss)', pa: 'es_modified_95', seed: 'es_modified_99',
    note: 'PA default p = 0.95; seed 003\'s "MVaR" of the worst 1 % is a 99 % expected shortfall',
  },
  { id: 'max_drawdown', label: 'Max drawdown', pa: 'max_drawdown', seed: 'max_drawdown', note: 'negative in both' },
  {
    id: 'alpha', label: 'Alpha (since inception)', pa: 'alpha_annualized_ols_compound', seed: 'alpha_return_minus_beta',
    note: 'PA table.CAPM (1 + α)^P − 1; seed 000 fixed-income rows: R − β·B on compounded returns (not annualized)',
  },
  { id: 'beta', label: 'Beta', pa: 'beta', seed: 'beta', note: 'OLS slope in both' },
  { id: 'jensen', label: "Jensen's alpha", pa: 'jensen_alpha', seed: 'jensen_alpha', note: 'seed 003 formula identical' },
  { id: 'treynor', label: 'Treynor ratio', pa: 'treynor_ratio', seed: 'treynor_ratio', note: 'equal when Rf = 0' },
  {
    id: 'm2', label: 'M² excess', pa: 'm_squared_excess_geometric', seed: 'm_squared_excess',
    note: 'PA MSquaredExcess default (geometric); seed 003 table: arithmetic M² − R_b',
  },
  { id: 'te', label: 'Tracking error', pa: 'tracking_error', seed: 'tracking_error', note: 'same' },
  { id: 'ir', label: 'Information ratio', pa: 'information_ratio', seed: 'information_ratio', note: 'same' },
];

export function headlineKey(row: HeadlineRow, convention: Convention): string {
  return convention === 'seed' ? row.seed : row.pa;
}

/** The fact sheet's "alpha since inception" column: the engine's `fact_sheet.alpha_annualized` (scenario
 * convention, ols_compound) under PA, `alpha_return_minus_beta` of the monthly report under the seed switch. */
export const FACT_SHEET_SEED_ALPHA = 'alpha_return_minus_beta';

export function conventionLabel(c: Convention): string {
  return c === 'seed' ? "seed documents' variants" : 'PerformanceAnalytics defaults';
}
