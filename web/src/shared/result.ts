// Types of the scenario documents the engine reads and writes (docs/scenario.md). The page only reads these
// numbers; it never derives finance from them. Dates are ISO strings ("2025-12-31"); a null number is a value
// the engine could not define, and the metric's flags (flags_by_metric) say why.

/** The scenario document (docs/scenario.md): kept as plain JSON; the engine validates it. */
export type ScenarioDoc = {
  version: number;
  benchmark?: { name?: string; weights: Record<string, number>; rebalance?: string };
  costs?: { fee_ann?: number; fee_method?: string; tc_bps?: number | Record<string, number> };
  data?: Record<string, unknown>;
  strategies: StrategyDoc[];
  [key: string]: unknown;
};

export type StrategyDoc = { name: string; type: string; [key: string]: unknown };

export type Num = number | null;

/** {dates, values} of one series. */
export interface DatedSeries {
  dates: string[];
  values: Num[];
  window?: number;
}

export interface DrawdownEpisode {
  depth: number;
  from: string;
  trough: string;
  to: string | null;
  length: number;
  to_trough: number;
  recovery: number | null;
  recovered: boolean;
}

export interface CalendarYear {
  /** 12 monthly returns, January first (null: no data for the month) */
  months: Num[];
  year: Num;
  partial: boolean;
}

/** One metrics report (docs/metrics.md "Output document"): every key of the metrics suite. */
export interface MetricsReport {
  first_date: string;
  last_date: string;
  n_periods: number;
  n_relative: number;
  periods_per_year: number;
  metrics: Record<string, Num>;
  flags: string[];
  flags_by_metric: Record<string, string[]>;
  drawdowns: DrawdownEpisode[];
  calendar_returns: Record<string, CalendarYear>;
  /** rolling_sharpe_12m, rolling_volatility_12m, rolling_beta_12m, rolling_correlation_12m,
   * rolling_excess_return_1y / 3y / 5y */
  rolling: Record<string, DatedSeries>;
  /** growth_of_1 (W_t) and underwater (W_t / max W − 1), on `dates` */
  series: { dates: string[]; growth_of_1: Num[]; underwater: Num[] };
}

/** A table of the report (report.hpp): named rows of keyed values. */
export interface ReportTable {
  columns?: string[];
  windows?: string[];
  rows: { name: string; values: Record<string, Num> }[];
}

export interface MonthlyReport {
  frequency: string;
  periods_per_year: number;
  first_month: string;
  last_month: string;
  gross: MetricsReport;
  net: MetricsReport;
  benchmark: MetricsReport;
  /** seed-000 fact sheet: rows gross, net, benchmark, net_minus_benchmark */
  fact_sheet: ReportTable;
  /** seed-004 annualized table: rows return_gross … information_ratio_net, columns 1y/3y/5y/10y/since_inception */
  annualized_table: ReportTable;
}

export interface RealizedVsTargetRow {
  start: string;
  end: string;
  target: Num;
  ex_ante: Num;
  realized: Num;
  ratio: Num;
  binding: boolean;
}

export interface DecisionDoc {
  date: string;
  execution_date: string;
  cause: string;
  executed: boolean;
  /** target weights over weight_names */
  target: Num[];
  /** strategy-specific audit record (risk_target: market_vol, target_vol, sigma_min, …; trend: sleeves with
   * the vote matrix; optional `frontier` when the scenario asked for one at this date) */
  audit: Record<string, unknown>;
}

export interface TradeDoc {
  date: string;
  decision_date: string;
  cause: string;
  pre: number[];
  post: number[];
  turnover: number;
  cost: number;
}

export interface StrategyResult {
  name: string;
  type: string;
  flags: string[];
  /** column order of every weight vector (assets, then CASH) */
  weight_names: string[];
  /** end-of-day weights, one row per daily date */
  weights_eod: number[][];
  daily: {
    dates: string[];
    nav_gross: number[];
    nav_net: number[];
    nav_benchmark: number[];
    ret_gross: Num[];
    ret_net: Num[];
    ret_benchmark: Num[];
    cash_returns: Num[];
  };
  /** month-end returns (gross, net, benchmark) on `dates` */
  monthly: { dates: string[]; gross: Num[]; net: Num[]; benchmark: Num[] };
  decisions: DecisionDoc[];
  trades: TradeDoc[];
  fees: { month: string; date: string; rate: number; amount: number; base: number; prorate: number; days_in_month: number; days_invested: number }[];
  holding_periods: { start: string; end: string; observations: number; realized_vol: Num; realized_te: Num }[];
  invariants: { max_weight_sum_error: number; min_nav: number };
  metrics: {
    daily_gross: MetricsReport;
    daily_net: MetricsReport;
    monthly: MonthlyReport;
    /** risk_target strategies only */
    realized_vs_target?: RealizedVsTargetRow[];
  };
}

/** The result document of `riskdial run` and of the worker's runScenario (identical JSON). */
export interface ScenarioResult {
  version: number;
  engine: string;
  benchmark: string;
  strategies: StrategyResult[];
  manifest: {
    scenario: ScenarioDoc;
    input_kind: string;
    data: { first_date: string; last_date: string; rows: number; columns: { name: string; filled_cells: number }[] };
  };
}

/** Progress of a run, reported per strategy. */
export interface RunProgress {
  done: number;
  total: number;
  /** the strategy that just finished (or is starting when done = 0) */
  strategy: string;
}

/** The efficient frontier of one risk_target decision (the scenario's frontier_at diagnostics). */
export interface FrontierView {
  strategy: number;
  date: string;
  points: { volatility: number; expected_return: number }[];
  chosen: { volatility: number; expected_return: number };
}
