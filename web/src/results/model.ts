// Pure table builders: a result document → table models (captions, headers, cells with the engine's raw value,
// its key and its display text). No DOM here (vitest runs these in Node) and no finance: every number is read
// from the result as the engine wrote it.
import { fmtDate, fmtMonth, fmtNum, fmtPct } from '../shared/format';
import type { MetricsReport, Num, ScenarioResult, StrategyResult } from '../shared/result';
import { expansionOrder, metricCatalog, type CatalogEntry } from './catalog';
import { FACT_SHEET_SEED_ALPHA, HEADLINES, conventionLabel, headlineKey, type Convention } from './conventions';
import { displayOf, formatValue, type Display } from './units';

export interface ResultsContext {
  result: ScenarioResult;
  selected: number[];
  locale: string;
  convention: Convention;
}

export interface CellModel {
  text: string;
  /** the engine's value (null = undefined metric); absent for text cells and for keys the report lacks */
  raw?: Num;
  /** numeric cell: the engine key (data-key) */
  key?: string;
  /** why the value is missing (flags_by_metric, or "not computed …") */
  reason?: string;
  /** extra data-* attributes (data-row, data-window, data-strategy, …) */
  data?: Record<string, string>;
}

export interface RowModel {
  header: string;
  /** small text under the header (e.g. a metric key) */
  sub?: string;
  cells: CellModel[];
  className?: string;
  data?: Record<string, string>;
  /** a formula/details block shown one click away (metrics table) */
  detail?: { label: string; text: string }[];
}

export interface GroupModel {
  title?: string;
  rows: RowModel[];
}

export interface ColumnModel {
  label: string;
  sub?: string;
  /** a text column (left-aligned header) */
  text?: boolean;
}

export interface TableModel {
  id: string;
  caption: string;
  note?: string;
  rowHeaderLabel: string;
  columns: ColumnModel[];
  /** optional first header row spanning columns ({label, span}) */
  superColumns?: { label: string; span: number }[];
  groups: GroupModel[];
}

/** The benchmark's display name of a strategy (its `benchmark:<name>` flag, else the scenario's). */
export function benchmarkName(result: ScenarioResult, s: StrategyResult): string {
  const flag = s.flags.find((f) => f.startsWith('benchmark:'));
  return flag ? flag.slice('benchmark:'.length) : result.benchmark;
}

function selectedStrategies(ctx: ResultsContext): { index: number; s: StrategyResult }[] {
  const out: { index: number; s: StrategyResult }[] = [];
  for (const index of ctx.selected) {
    const s = ctx.result.strategies[index];
    if (s && s.metrics && s.metrics.monthly && !('error' in s.metrics.monthly)) out.push({ index, s });
  }
  return out;
}

/** "Metrics not available for X: message." for selected strategies whose monthly report failed (the engine writes
 * `{"error": …}` there); empty when all are fine. Appended to the table notes so the gap is never silent. */
export function failedNote(ctx: ResultsContext): string {
  const parts: string[] = [];
  for (const index of ctx.selected) {
    const s = ctx.result.strategies[index];
    const m = s?.metrics?.monthly as unknown as { error?: unknown } | undefined;
    if (s && (!m || m.error !== undefined)) {
      const e = m?.error as { message?: string } | string | undefined;
      parts.push(`Metrics not available for ${s.name}${e ? `: ${typeof e === 'string' ? e : e.message ?? JSON.stringify(e)}` : ''}.`);
    }
  }
  return parts.join(' ');
}

function withFailed(note: string, ctx: ResultsContext): string {
  const f = failedNote(ctx);
  return f ? `${note} ${f}` : note;
}

function reasonFor(rep: MetricsReport | undefined, key: string): string {
  if (!rep) return 'not computed';
  if (!(key in rep.metrics)) return 'not computed for this series';
  const flags = rep.flags_by_metric[key];
  return flags && flags.length ? flags.join(', ') : 'undefined';
}

export function numCell(
  raw: Num | undefined,
  key: string,
  d: Display,
  locale: string,
  data: Record<string, string>,
  reason?: string,
): CellModel {
  const cell: CellModel = { text: formatValue(raw, d, locale), key, data };
  if (raw !== undefined) cell.raw = raw;
  if (raw === null || raw === undefined) cell.reason = reason ?? 'undefined';
  return cell;
}

// ---------------------------------------------------------------------------------------------------------------
// Fact sheet (seed 000 newsletter table)

export interface FactColumn {
  key: string;
  label: string;
  sub?: string;
}

export function factColumns(convention: Convention): FactColumn[] {
  return [
    { key: 'last_month_return', label: 'Last month' },
    { key: 'return_ytd', label: 'YTD' },
    { key: 'return_cumulative_1y', label: '1 year' },
    { key: 'return_cumulative_3y', label: '3 years', sub: 'cumulative' },
    { key: 'return_cumulative_5y', label: '5 years', sub: 'cumulative' },
    { key: 'return_cumulative', label: 'Since inception', sub: 'cumulative' },
    { key: 'pct_positive_months', label: '% positive months' },
    convention === 'seed'
      ? { key: FACT_SHEET_SEED_ALPHA, label: 'Alpha since inception', sub: 'R − β·B, not annualized' }
      : { key: 'alpha_annualized', label: 'Alpha since inception', sub: 'annualized' },
    { key: 'alpha_1y', label: '12-mo alpha' },
    { key: 'beta_1y', label: '12-mo beta' },
    { key: 'correlation_1y', label: '12-mo correlation' },
    { key: 'ret_to_vol_1y', label: '12-mo Ret/StDev' },
    { key: 'max_drawdown', label: 'Max drawdown' },
  ];
}

const FACT_ROWS = ['net', 'gross', 'benchmark', 'net_minus_benchmark'] as const;
type FactRow = (typeof FACT_ROWS)[number];

export function factSheetModel(ctx: ResultsContext, opts: { gross?: boolean } = {}): TableModel {
  const cols = factColumns(ctx.convention);
  const groups: GroupModel[] = [];
  let first = '';
  let last = '';
  for (const { index, s } of selectedStrategies(ctx)) {
    const m = s.metrics.monthly;
    const fs = new Map(m.fact_sheet.rows.map((r) => [r.name, r.values] as const));
    first = first && first < m.first_month ? first : m.first_month;
    last = last > m.last_month ? last : m.last_month;
    const bench = benchmarkName(ctx.result, s);
    const rows: RowModel[] = [];
    const rowKinds: FactRow[] = opts.gross ? ['net', 'gross', 'benchmark', 'net_minus_benchmark'] : ['net', 'benchmark', 'net_minus_benchmark'];
    for (const kind of rowKinds) {
      const values = fs.get(kind) ?? {};
      const cells = cols.map((c) => {
        const data = { strategy: String(index), row: kind };
        if (c.key === FACT_SHEET_SEED_ALPHA) {
          // seed switch: the report's own key; the benchmark's alpha against itself is 0 under every convention
          // (the engine's fact-sheet value); the difference row then equals the strategy's net alpha.
          if (kind === 'net' || kind === 'gross') {
            const rep = m[kind];
            return numCell(rep.metrics[c.key], c.key, displayOf(c.key), ctx.locale, data, reasonFor(rep, c.key));
          }
          if (kind === 'benchmark') {
            return numCell(values['alpha_annualized'], 'alpha_annualized', displayOf(c.key), ctx.locale, data);
          }
          const net = m.net.metrics[c.key];
          const cell = numCell(net, c.key, displayOf(c.key), ctx.locale, data, reasonFor(m.net, c.key));
          cell.reason = cell.reason ?? 'benchmark alpha is 0 by definition: the difference is the net alpha';
          return cell;
        }
        const raw = c.key in values ? values[c.key] : undefined;
        const rep = kind === 'net_minus_benchmark' ? m.net : m[kind];
        return numCell(raw, c.key, displayOf(c.key), ctx.locale, data, reasonFor(rep, c.key));
      });
      // the strategy's name heads its row group (th scope=rowgroup), so the row headers stay short
      const header =
        kind === 'net' ? 'Strategy (net)' :
        kind === 'gross' ? 'Strategy (gross)' :
        kind === 'benchmark' ? `Benchmark: ${bench}` : 'Difference vs benchmark';
      rows.push({
        header,
        sub: kind === 'net_minus_benchmark' ? 'net − benchmark' : undefined,
        cells,
        className: `rd-row-${kind.replace(/_/g, '-')}`,
        data: { strategy: String(index), row: kind },
      });
    }
    groups.push({ title: s.name, rows });
  }
  const lastMonthSub = last ? fmtMonth(last, ctx.locale) : undefined;
  return {
    id: 'fact-sheet',
    caption: 'Returns and statistics against the benchmark',
    note: withFailed(
      (first ? `Monthly returns ${fmtMonth(first, ctx.locale)} – ${fmtMonth(last, ctx.locale)}; ` : '') +
      `net of fees; 3- and 5-year and since-inception returns are cumulative; alpha, beta and correlation against ` +
      `each strategy's benchmark (${conventionLabel(ctx.convention)}).`, ctx),
    rowHeaderLabel: 'Series',
    columns: cols.map((c) => ({ label: c.label, sub: c.key === 'last_month_return' ? lastMonthSub : c.sub })),
    groups,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Annualized table (seed 004)

const ANNUALIZED_LABELS: Record<string, string> = {
  return_gross: 'Return (gross)',
  return_net: 'Return (net)',
  return_benchmark: 'Benchmark return',
  excess_net: 'Excess return (net)',
  volatility_net: 'Volatility (net)',
  sharpe_net: 'Sharpe, no Rf (net)',
  tracking_error_net: 'Tracking error (net)',
  information_ratio_net: 'Information ratio (net)',
};

const WINDOW_LABELS: Record<string, string> = {
  '1y': '1 year', '3y': '3 years', '5y': '5 years', '10y': '10 years', since_inception: 'Since inception',
};

export function annualizedDisplay(row: string): Display {
  return /sharpe|information_ratio/.test(row) ? { unit: 'ratio', digits: 2 } : { unit: 'pct', digits: 2 };
}

export function annualizedModel(ctx: ResultsContext): TableModel {
  const groups: GroupModel[] = [];
  let windows: string[] = ['1y', '3y', '5y', '10y', 'since_inception'];
  for (const { index, s } of selectedStrategies(ctx)) {
    const t = s.metrics.monthly.annualized_table;
    windows = t.windows ?? t.columns ?? windows;
    const bench = benchmarkName(ctx.result, s);
    const rows = t.rows.map((r) => ({
      header: r.name === 'return_benchmark' ? `Benchmark: ${bench}` : ANNUALIZED_LABELS[r.name] ?? r.name,
      cells: windows.map((w) =>
        numCell(
          w in r.values ? r.values[w] : undefined, r.name, annualizedDisplay(r.name), ctx.locale,
          { strategy: String(index), row: r.name, window: w },
          reasonFor(s.metrics.monthly.net, annualizedKey(r.name, w) ?? ''),
        ),
      ),
      className: `rd-row-${r.name.replace(/_/g, '-')}`,
      data: { strategy: String(index), row: r.name },
    }));
    groups.push({ title: s.name, rows });
  }
  return {
    id: 'annualized',
    caption: 'Annualized returns and risk',
    note: withFailed('Annualized (geometric) over trailing windows of monthly returns; excess return = net minus benchmark; Sharpe here is return/volatility, ignoring the risk-free rate (seed 004); "—": history shorter than the window.', ctx),
    rowHeaderLabel: 'Measure',
    columns: windows.map((w) => ({ label: WINDOW_LABELS[w] ?? w })),
    groups,
  };
}

/** The monthly net report's key behind an annualized-table cell (for its flags): return_net/3y → return_annualized_3y. */
export function annualizedKey(row: string, window: string): string | null {
  const base: Record<string, string> = {
    return_net: 'return_annualized', return_gross: 'return_annualized', return_benchmark: 'benchmark_return_annualized',
    excess_net: 'excess_return_annualized', volatility_net: 'volatility_annualized', sharpe_net: 'ret_to_vol',
    tracking_error_net: 'tracking_error', information_ratio_net: 'information_ratio',
  };
  const b = base[row];
  if (!b) return null;
  return window === 'since_inception' ? b : `${b}_${window}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar-year table

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthLabels(locale: string): string[] {
  const f = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  return MONTHS.map((_, i) => f.format(new Date(Date.UTC(2001, i, 1))));
}

export function calendarModels(ctx: ResultsContext): TableModel[] {
  const labels = monthLabels(ctx.locale);
  const pct: Display = { unit: 'pct', digits: 2 };
  return selectedStrategies(ctx).map(({ index, s }) => {
    const net = s.metrics.monthly.net.calendar_returns;
    const bench = s.metrics.monthly.benchmark.calendar_returns;
    const years = [...new Set([...Object.keys(net), ...Object.keys(bench)])].sort();
    const rows: RowModel[] = [];
    for (const y of years) {
      for (const [series, cal] of [['net', net], ['benchmark', bench]] as const) {
        const c = cal[y];
        if (!c) continue;
        const data = (m: string) => ({ strategy: String(index), series, year: y, month: m });
        rows.push({
          header: y,
          sub: series === 'net' ? `net${c.partial ? ', partial year' : ''}` : `benchmark${c.partial ? ', partial year' : ''}`,
          cells: [
            ...c.months.map((v, i) => numCell(v, `calendar.${series}`, pct, ctx.locale, data(String(i + 1)), 'no data for the month')),
            numCell(c.year, `calendar.${series}`, pct, ctx.locale, data('year'), 'no data'),
          ],
          className: `rd-row-${series}${c.partial ? ' rd-partial' : ''}`,
          data: { strategy: String(index), series, year: y },
        });
      }
    }
    return {
      id: `calendar-${index}`,
      caption: `Calendar-year returns: ${s.name} (net) and ${benchmarkName(ctx.result, s)}`,
      note: 'Monthly returns compounded within each calendar year; a partial year has fewer than 12 months.',
      rowHeaderLabel: 'Year',
      columns: [...labels.map((l) => ({ label: l })), { label: 'Year' }],
      groups: [{ rows }],
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Full metrics table

export interface MetricRowKey {
  key: string;
  entry: CatalogEntry | null;
}

/** Every key of the reports, grouped by docs/metrics.md family in the documented order (unknown keys last). */
export function groupMetricKeys(keys: string[]): { family: string; keys: MetricRowKey[] }[] {
  const cat = metricCatalog();
  const byFamily = new Map<string, { key: string; entry: CatalogEntry; order: number; sub: number }[]>();
  const unknown: MetricRowKey[] = [];
  for (const key of keys) {
    const entry = cat.lookup(key);
    if (!entry) {
      unknown.push({ key, entry: null });
      continue;
    }
    const list = byFamily.get(entry.family) ?? [];
    list.push({ key, entry, order: cat.entries.indexOf(entry), sub: expansionOrder(entry, key) });
    byFamily.set(entry.family, list);
  }
  const out: { family: string; keys: MetricRowKey[] }[] = cat.families
    .filter((f) => byFamily.has(f))
    .map((family) => ({
      family,
      keys: byFamily.get(family)!.sort((a, b) => a.order - b.order || a.sub - b.sub).map(({ key, entry }) => ({ key, entry })),
    }));
  if (unknown.length) out.push({ family: 'Other (not in docs/metrics.md)', keys: unknown });
  return out;
}

export function metricsModel(ctx: ResultsContext): TableModel {
  const strategies = selectedStrategies(ctx);
  const series = ['net', 'gross', 'benchmark'] as const;
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const { s } of strategies) {
    for (const sr of series) {
      for (const k of Object.keys(s.metrics.monthly[sr].metrics)) if (!seen.has(k)) (seen.add(k), keys.push(k));
    }
  }
  const cat = metricCatalog();
  const cellsFor = (key: string): CellModel[] =>
    strategies.flatMap(({ index, s }) =>
      series.map((sr) => {
        const rep = s.metrics.monthly[sr];
        const raw = key in rep.metrics ? rep.metrics[key] : undefined;
        return numCell(raw, key, displayOf(key), ctx.locale, { strategy: String(index), series: sr }, reasonFor(rep, key));
      }),
    );
  const detailOf = (entry: CatalogEntry | null) => (entry ? entry.fields.filter((f) => f.text) : undefined);

  const headline: RowModel[] = HEADLINES.filter((h) => seen.has(headlineKey(h, ctx.convention))).map((h) => {
    const key = headlineKey(h, ctx.convention);
    const entry = cat.lookup(key);
    return {
      header: h.label,
      sub: key,
      cells: cellsFor(key),
      className: 'rd-headline',
      data: { key, headline: h.id },
      detail: [...(detailOf(entry) ?? []), { label: 'Convention', text: `PA: \`${h.pa}\`; seed: \`${h.seed}\` — ${h.note}` }],
    };
  });
  const groups: GroupModel[] = [{ title: `Headline figures (${conventionLabel(ctx.convention)})`, rows: headline }];
  for (const g of groupMetricKeys(keys)) {
    groups.push({
      title: g.family,
      rows: g.keys.map(({ key, entry }) => ({
        header: key,
        cells: cellsFor(key),
        data: { key },
        detail: detailOf(entry) ?? [{ label: 'Formula', text: 'not documented in docs/metrics.md' }],
      })),
    });
  }
  return {
    id: 'metrics',
    caption: 'All metrics (monthly returns)',
    note: withFailed(
      `Every key of the engine's monthly reports; select a name for its formula (docs/metrics.md). ` +
      `VaR and ES are positive losses; drawdowns are negative. "—" marks an undefined value, with the reason. ` +
      `Notation: ${cat.notation}`, ctx),
    rowHeaderLabel: 'Metric',
    superColumns: strategies.map(({ s }) => ({ label: s.name, span: series.length })),
    columns: strategies.flatMap(({ s }) => [
      { label: 'Net' },
      { label: 'Gross' },
      { label: 'Benchmark', sub: benchmarkName(ctx.result, s) },
    ]),
    groups,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Audit log

const AUDIT_ORDER = [
  'market_vol', 'target_vol', 'target_beta', 'sigma_min', 'sigma_top', 'mu_max', 'ex_ante_vol', 'expected_return',
  'ex_ante_beta', 'beta_lo', 'beta_hi', 'beta_target_used', 'ex_ante_te', 'vt_exposure', 'vt_sigma_ex_ante',
  'eligible_count', 'iterations', 'status', 'target_rule', 'hold', 'reason', 'flags', 'universe',
];
const AUDIT_LABELS: Record<string, string> = {
  market_vol: 'Market vol', target_vol: 'Target vol', target_beta: 'Target β', sigma_min: 'σ min', sigma_top: 'σ top',
  mu_max: 'μ max', ex_ante_vol: 'Ex-ante vol', expected_return: 'Expected return', ex_ante_beta: 'Ex-ante β',
  beta_lo: 'β low', beta_hi: 'β high', beta_target_used: 'β target used', ex_ante_te: 'Ex-ante TE',
  vt_exposure: 'Vol-target exposure', vt_sigma_ex_ante: 'Vol-target σ', eligible_count: 'Eligible',
  iterations: 'Iterations', status: 'Status', target_rule: 'Rule', flags: 'Flags', universe: 'Universe',
};
const AUDIT_SKIP = new Set(['cause', 'frequencies', 'sleeves', 'assets', 'frontier']);

function auditDisplay(key: string): Display {
  if (key === 'iterations' || key.endsWith('_count')) return { unit: 'int', digits: 0 };
  if (/beta/.test(key) && !/vol/.test(key)) return { unit: 'ratio', digits: 2 };
  if (key === 'vt_exposure') return { unit: 'pct', digits: 1 };
  return { unit: 'pct', digits: 2 };
}

export interface AuditColumn {
  key: string;
  label: string;
  kind: 'num' | 'text';
}

/** The audit fields shown as columns: every scalar (or list of strings) field found in the decisions. */
export function auditColumns(s: StrategyResult): AuditColumn[] {
  const found = new Map<string, 'num' | 'text'>();
  for (const d of s.decisions) {
    for (const [k, v] of Object.entries(d.audit ?? {})) {
      if (AUDIT_SKIP.has(k)) continue;
      if (typeof v === 'number') found.set(k, found.get(k) === 'text' ? 'text' : 'num');
      else if (v === null) { if (!found.has(k)) found.set(k, 'num'); }
      else if (typeof v === 'string' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null))) found.set(k, 'text');
    }
  }
  const keys = [...found.keys()].sort((a, b) => {
    const ia = AUDIT_ORDER.indexOf(a);
    const ib = AUDIT_ORDER.indexOf(b);
    return (ia < 0 ? 1e3 : ia) - (ib < 0 ? 1e3 : ib) || a.localeCompare(b);
  });
  const cols: AuditColumn[] = keys.map((key) => ({ key, label: AUDIT_LABELS[key] ?? key, kind: found.get(key)! }));
  if (s.decisions.some((d) => Array.isArray((d.audit as { sleeves?: unknown }).sleeves))) {
    cols.push({ key: 'sleeves', label: 'Sleeves', kind: 'text' }, { key: 'included', label: 'Included assets', kind: 'text' });
  }
  return cols;
}

interface SleeveAudit {
  name?: string;
  weight?: number;
  included_count?: number;
  fallback_used?: boolean;
  benchmark?: string;
  assets?: { asset?: string; included?: boolean; te?: number | null; weight?: number | null }[];
}

function sleeveText(audit: Record<string, unknown>, locale: string): { sleeves: string; included: string } {
  const sleeves = (audit.sleeves as SleeveAudit[] | undefined) ?? [];
  const parts = sleeves.map((sl) => {
    const n = sl.assets?.length ?? 0;
    const fb = sl.fallback_used ? `, fallback ${sl.benchmark ?? ''}`.trimEnd() : '';
    return `${sl.name ?? '?'} ${fmtPct(sl.weight ?? null, locale, 0)}: ${sl.included_count ?? 0} of ${n} included${fb}`;
  });
  const inc = sleeves.flatMap((sl) =>
    (sl.assets ?? []).filter((a) => a.included).map((a) =>
      `${a.asset} (${sl.name}; weight ${fmtPct(a.weight ?? null, locale, 1)}, TE ${fmtPct(a.te ?? null, locale, 2)})`),
  );
  return { sleeves: parts.join('; '), included: inc.join('; ') || 'none' };
}

export interface AuditRow extends RowModel {
  /** lower-case text of the whole row, for the search filter */
  search: string;
}

export function targetWeightsText(names: string[], target: Num[], locale: string): string {
  const parts: string[] = [];
  target.forEach((w, i) => {
    if (w === null) return;
    if (Math.abs(w) < 0.0005) return; // would show as 0.0 %: not listed
    parts.push(`${names[i] ?? i} ${fmtPct(w, locale, 1)}`);
  });
  return parts.join(', ');
}

export function auditModel(ctx: ResultsContext, index: number): TableModel & { rows: AuditRow[] } {
  const s = ctx.result.strategies[index]!;
  const cols = auditColumns(s);
  const rows: AuditRow[] = s.decisions.map((d, i) => {
    const audit = (d.audit ?? {}) as Record<string, unknown>;
    const trend = cols.some((c) => c.key === 'sleeves') ? sleeveText(audit, ctx.locale) : null;
    const data = { strategy: String(index), decision: String(i) };
    const reason = (d as { not_executed_reason?: string }).not_executed_reason;
    const cells: CellModel[] = [
      { text: fmtDate(d.execution_date, ctx.locale) },
      { text: d.cause },
      { text: d.executed ? 'yes' : `no${reason ? ` (${reason})` : ''}` },
      ...cols.map((c): CellModel => {
        if (c.key === 'sleeves') return { text: trend!.sleeves };
        if (c.key === 'included') return { text: trend!.included };
        const v = audit[c.key];
        if (c.kind === 'num' && (typeof v === 'number' || v === null)) {
          return numCell(v, c.key, auditDisplay(c.key), ctx.locale, data, 'not defined at this decision');
        }
        if (v === undefined) return { text: '' };
        return { text: Array.isArray(v) ? v.join(', ') : String(v) };
      }),
      { text: targetWeightsText(s.weight_names, d.target, ctx.locale) },
    ];
    const header = fmtDate(d.date, ctx.locale);
    const search = [d.date, header, ...cells.map((c) => c.text)].join(' ').toLowerCase();
    return { header, cells, data: { decision: String(i), date: d.date }, search, className: d.executed ? undefined : 'rd-not-executed' };
  });
  return {
    id: `audit-${index}`,
    caption: `Rebalance decisions: ${s.name}`,
    note: `${s.decisions.length} decisions (type ${s.type}); risk figures annualized; target weights listed when they show as at least 0.1 %.`,
    rowHeaderLabel: 'Decision date',
    columns: [
      { label: 'Execution date', text: true }, { label: 'Cause', text: true }, { label: 'Executed', text: true },
      ...cols.map((c) => ({ label: c.label, sub: c.key === 'sleeves' || c.key === 'included' ? undefined : c.key, text: c.kind === 'text' })),
      { label: 'Target weights', text: true },
    ],
    groups: [{ rows }],
    rows,
  };
}

/** A count with the locale's digits ("1,234"). */
export function countText(n: number, locale: string): string {
  return fmtNum(n, locale, 0);
}
