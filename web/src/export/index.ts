// Exports: CSV of every table and series of a result, JSON of the full result, and a download helper.
// CSV: RFC 4180 (CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes doubled), ISO dates,
// numbers at full precision exactly as the engine wrote them (JavaScript's shortest round-trip form, `.` as the
// decimal mark, never display-rounded), an empty field for null (undefined value) or a missing date.
import type { MetricsReport, Num, ScenarioResult, StrategyResult } from '../shared/result';
import { groupMetricKeys } from '../results/model';

export type Field = string | number | boolean | null | undefined;

/** One CSV field (RFC 4180). Numbers keep full precision; non-finite numbers (never in engine output) and null are empty. */
export function csvField(v: Field): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(header: string[], rows: Field[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file-name-safe slug of a strategy name: "Trend \"EQ\"/FI" → "trend-eq-fi". */
export function slug(name: string): string {
  const s = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'strategy';
}

/** Joins dated columns on the union of their dates (ISO strings sort correctly). */
export function joinByDate(cols: { name: string; dates: string[]; values: Num[] }[]): { header: string[]; rows: Field[][] } {
  const maps = cols.map((c) => {
    const m = new Map<string, Num>();
    c.dates.forEach((d, i) => m.set(d, c.values[i] ?? null));
    return m;
  });
  const dates = [...new Set(cols.flatMap((c) => c.dates))].sort();
  return {
    header: ['date', ...cols.map((c) => c.name)],
    rows: dates.map((d) => [d, ...maps.map((m) => (m.has(d) ? m.get(d)! : null))]),
  };
}

const SERIES = ['net', 'gross', 'benchmark'] as const;

function monthlyOk(s: StrategyResult): boolean {
  return !!s.metrics?.monthly && !('error' in s.metrics.monthly);
}

function uniqueSlugs(strategies: StrategyResult[], selected: number[]): Map<number, string> {
  const out = new Map<number, string>();
  const used = new Set<string>();
  for (const i of selected) {
    const base = slug(strategies[i]!.name);
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}-${k}`;
    used.add(name);
    out.set(i, name);
  }
  return out;
}

function factSheetCsv(result: ScenarioResult, sel: number[]): string {
  let cols: string[] = [];
  const rows: Field[][] = [];
  for (const i of sel) {
    const s = result.strategies[i]!;
    if (!monthlyOk(s)) continue;
    const fs = s.metrics.monthly.fact_sheet;
    cols = fs.columns ?? cols;
    for (const r of fs.rows) rows.push([s.name, r.name, ...cols.map((c) => r.values[c])]);
  }
  return toCsv(['strategy', 'row', ...cols], rows);
}

function annualizedCsv(result: ScenarioResult, sel: number[]): string {
  let windows: string[] = [];
  const rows: Field[][] = [];
  for (const i of sel) {
    const s = result.strategies[i]!;
    if (!monthlyOk(s)) continue;
    const t = s.metrics.monthly.annualized_table;
    windows = t.windows ?? t.columns ?? windows;
    for (const r of t.rows) rows.push([s.name, r.name, ...windows.map((w) => r.values[w])]);
  }
  return toCsv(['strategy', 'row', ...windows], rows);
}

const MONTH_COLS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function calendarCsv(result: ScenarioResult, sel: number[]): string {
  const rows: Field[][] = [];
  for (const i of sel) {
    const s = result.strategies[i]!;
    if (!monthlyOk(s)) continue;
    for (const sr of SERIES) {
      const cal = s.metrics.monthly[sr].calendar_returns;
      for (const y of Object.keys(cal).sort()) {
        const c = cal[y]!;
        rows.push([s.name, sr, y, ...c.months, c.year, c.partial]);
      }
    }
  }
  return toCsv(['strategy', 'series', 'year', ...MONTH_COLS, 'year_return', 'partial'], rows);
}

/** Long form: one row per strategy × series × key, in the metrics table's order, with the flags of nulls. */
function metricsCsv(result: ScenarioResult, sel: number[]): string {
  const rows: Field[][] = [];
  for (const i of sel) {
    const s = result.strategies[i]!;
    if (!monthlyOk(s)) continue;
    const m = s.metrics.monthly;
    for (const sr of SERIES) {
      const rep: MetricsReport = m[sr];
      for (const g of groupMetricKeys(Object.keys(rep.metrics))) {
        for (const { key } of g.keys) {
          rows.push([s.name, sr, g.family, key, rep.metrics[key], (rep.flags_by_metric[key] ?? []).join(';')]);
        }
      }
    }
  }
  return toCsv(['strategy', 'series', 'family', 'key', 'value', 'flags'], rows);
}

function scalarAuditKeys(s: StrategyResult): string[] {
  const keys = new Set<string>();
  for (const d of s.decisions) {
    for (const [k, v] of Object.entries(d.audit ?? {})) {
      if (k === 'cause') continue;
      if (v === null || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object'))) keys.add(k);
    }
  }
  return [...keys].sort();
}

function auditCsv(s: StrategyResult): string {
  const keys = scalarAuditKeys(s);
  const nested = s.decisions.some((d) => Object.values(d.audit ?? {}).some((v) => v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object'))));
  const header = ['date', 'execution_date', 'cause', 'executed', 'not_executed_reason', ...keys.map((k) => `audit.${k}`),
    ...(nested ? ['audit_json'] : []), ...s.weight_names.map((n) => `target.${n}`)];
  const rows = s.decisions.map((d) => {
    const a = (d.audit ?? {}) as Record<string, unknown>;
    const vals = keys.map((k) => {
      const v = a[k];
      if (Array.isArray(v)) return v.map((x) => (x === null ? '' : String(x))).join(';');
      return v as Field;
    });
    const rest = nested
      ? [JSON.stringify(Object.fromEntries(Object.entries(a).filter(([k]) => !keys.includes(k) && k !== 'cause')))]
      : [];
    return [d.date, d.execution_date, d.cause, d.executed, (d as { not_executed_reason?: string }).not_executed_reason ?? null,
      ...vals, ...rest, ...d.target];
  });
  return toCsv(header, rows);
}

function dailyCsv(s: StrategyResult): string {
  const d = s.daily;
  const cols = ['nav_gross', 'nav_net', 'nav_benchmark', 'ret_gross', 'ret_net', 'ret_benchmark', 'cash_returns'] as const;
  return toCsv(['date', ...cols], d.dates.map((date, i) => [date, ...cols.map((c) => d[c][i])]));
}

function monthlyCsv(s: StrategyResult): string {
  const m = s.monthly;
  return toCsv(['date', 'gross', 'net', 'benchmark'], m.dates.map((d, i) => [d, m.gross[i], m.net[i], m.benchmark[i]]));
}

function weightsCsv(s: StrategyResult): string {
  return toCsv(['date', ...s.weight_names], s.daily.dates.map((d, i) => [d, ...(s.weights_eod[i] ?? [])]));
}

function growthCsv(s: StrategyResult): string {
  const m = s.metrics.monthly;
  const cols = SERIES.flatMap((sr) => [
    { name: `growth_of_1_${sr}`, dates: m[sr].series.dates, values: m[sr].series.growth_of_1 },
    { name: `underwater_${sr}`, dates: m[sr].series.dates, values: m[sr].series.underwater },
  ]);
  const { header, rows } = joinByDate(cols);
  return toCsv(header, rows);
}

function drawdownEpisodesCsv(s: StrategyResult): string {
  const rows: Field[][] = [];
  for (const sr of SERIES) {
    for (const e of s.metrics.monthly[sr].drawdowns) {
      rows.push([sr, e.from, e.trough, e.to, e.depth, e.length, e.to_trough, e.recovery, e.recovered]);
    }
  }
  return toCsv(['series', 'from', 'trough', 'to', 'depth', 'length', 'to_trough', 'recovery', 'recovered'], rows);
}

function rollingCsv(s: StrategyResult): string {
  const cols = SERIES.flatMap((sr) =>
    Object.keys(s.metrics.monthly[sr].rolling).sort().map((k) => {
      const r = s.metrics.monthly[sr].rolling[k]!;
      return { name: `${k}_${sr}`, dates: r.dates, values: r.values };
    }),
  );
  const { header, rows } = joinByDate(cols);
  return toCsv(header, rows);
}

function recordsCsv(records: Record<string, unknown>[], keys: string[]): string {
  return toCsv(keys, records.map((r) => keys.map((k) => {
    const v = r[k];
    return Array.isArray(v) ? v.join(';') : (v as Field);
  })));
}

/** Every table and series of the selected strategies as CSV files (file names are stable: tests and users rely
 * on them; docs/web.md lists them with their columns). */
/** The weights of the selected strategies in long form (spec §5.6), the same table as the CLI's
 * `riskdial run --weights-csv` (docs/backtest.md "Long-format weights"): `date,strategy,asset,kind,weight`,
 * kind `target` (decisions), `executed` (post-trade weights of every trade), `drifted` (end of day); every
 * asset of `weight_names` on every date, zero weights included; order strategy, kind, date, asset. */
export function weightsLongCsv(result: ScenarioResult, selected: number[]): string {
  const rows: Field[][] = [];
  for (const i of selected) {
    const s = result.strategies[i];
    if (!s) continue;
    const add = (date: string, kind: string, w: readonly Num[] | undefined) =>
      s.weight_names.forEach((a, k) => rows.push([date, s.name, a, kind, w?.[k] ?? null]));
    for (const d of s.decisions) add(d.date, 'target', d.target);
    for (const t of s.trades) add(t.date, 'executed', t.post);
    s.daily.dates.forEach((d, k) => add(d, 'drifted', s.weights_eod[k]));
  }
  return toCsv(['date', 'strategy', 'asset', 'kind', 'weight'], rows);
}

/** A CSV file whose text is built when `csv` is first read (listing the files costs nothing). */
function lazyFile(name: string, build: () => string): { name: string; csv: string } {
  let text: string | null = null;
  return { name, get csv() { return (text ??= build()); } };
}

/** Every table and series of the selected strategies as CSV files (each built on first read of `csv`). */
export function tablesToCsv(result: ScenarioResult, selected: number[]): { name: string; csv: string }[] {
  const sel = selected.filter((i) => !!result.strategies[i]);
  const files: { name: string; csv: string }[] = [
    lazyFile('fact_sheet.csv', () => factSheetCsv(result, sel)),
    lazyFile('annualized.csv', () => annualizedCsv(result, sel)),
    lazyFile('calendar_years.csv', () => calendarCsv(result, sel)),
    lazyFile('metrics.csv', () => metricsCsv(result, sel)),
    lazyFile('weights_long.csv', () => weightsLongCsv(result, sel)),
  ];
  const slugs = uniqueSlugs(result.strategies, sel);
  for (const i of sel) {
    const s = result.strategies[i]!;
    const p = slugs.get(i)!;
    files.push(
      lazyFile(`${p}_audit_log.csv`, () => auditCsv(s)),
      lazyFile(`${p}_daily_nav.csv`, () => dailyCsv(s)),
      lazyFile(`${p}_monthly_returns.csv`, () => monthlyCsv(s)),
      lazyFile(`${p}_weights.csv`, () => weightsCsv(s)),
      lazyFile(`${p}_trades.csv`, () => recordsCsv(s.trades as unknown as Record<string, unknown>[], ['date', 'decision_date', 'cause', 'turnover', 'cost'])),
      lazyFile(`${p}_fees.csv`, () => recordsCsv(s.fees as unknown as Record<string, unknown>[], ['month', 'date', 'rate', 'amount', 'base', 'prorate', 'days_in_month', 'days_invested'])),
      lazyFile(`${p}_holding_periods.csv`, () => recordsCsv(s.holding_periods as unknown as Record<string, unknown>[], ['start', 'end', 'observations', 'realized_vol', 'realized_te'])),
    );
    if (monthlyOk(s)) {
      files.push(
        lazyFile(`${p}_growth_drawdown.csv`, () => growthCsv(s)),
        lazyFile(`${p}_drawdown_episodes.csv`, () => drawdownEpisodesCsv(s)),
        lazyFile(`${p}_rolling.csv`, () => rollingCsv(s)),
      );
    }
    if (s.metrics?.realized_vs_target) {
      const rvt = s.metrics.realized_vs_target;
      files.push(lazyFile(`${p}_realized_vs_target.csv`, () =>
        recordsCsv(rvt as unknown as Record<string, unknown>[], ['start', 'end', 'target', 'ex_ante', 'realized', 'ratio', 'binding'])));
    }
  }
  return files;
}

/** The full result document as JSON (the same document the engine returned; numbers unchanged). */
export function resultToJson(result: ScenarioResult): Blob {
  return new Blob([JSON.stringify(result)], { type: 'application/json' });
}

function mimeOf(name: string): string {
  if (name.endsWith('.csv')) return 'text/csv;charset=utf-8';
  if (name.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

/** Saves `data` as a file: a Blob URL and a temporary <a download> inside `root` (works in a shadow root; no
 * network). The URL is revoked once the click has been handled. */
export function download(name: string, data: Blob | string, root: Document | ShadowRoot): void {
  const blob = typeof data === 'string' ? new Blob([data], { type: mimeOf(name) }) : data;
  const doc = 'createElement' in root ? (root as Document) : (root as ShadowRoot).ownerDocument;
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  a.rel = 'noopener';
  const parent: Node = 'createElement' in root ? ((root as Document).body ?? (root as Document).documentElement) : root;
  parent.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Optional ready-made export panel: one button per CSV file plus the JSON (page-app may use it or its own UI). */
export function renderExportPanel(
  container: HTMLElement,
  get: () => { result: ScenarioResult; selected: number[] } | null,
  root: Document | ShadowRoot,
): { refresh(): void; dispose(): void } {
  const doc = container.ownerDocument;
  const box = doc.createElement('section');
  box.className = 'rd-export';
  box.setAttribute('aria-label', 'Export');
  const h = doc.createElement('h2');
  h.className = 'rd-results-title';
  h.textContent = 'Export';
  const list = doc.createElement('ul');
  list.className = 'rd-export-list';
  const add = (label: string, name: string, act: () => void) => {
    const li = doc.createElement('li');
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = 'rd-export-btn';
    b.dataset.file = name;
    b.textContent = label;
    b.addEventListener('click', act);
    li.append(b);
    list.append(li);
  };
  const draw = () => {
    list.replaceChildren();
    const cur = get();
    if (!cur) return;
    add('JSON (full result)', 'result.json', () => download('riskdial-result.json', resultToJson(cur.result), root));
    for (const f of tablesToCsv(cur.result, cur.selected)) {
      add(f.name, f.name, () => {
        const now = get();
        const file = now ? tablesToCsv(now.result, now.selected).find((x) => x.name === f.name) : null;
        if (file) download(file.name, file.csv, root);
      });
    }
  };
  box.append(h, list);
  container.append(box);
  draw();
  return { refresh: draw, dispose: () => box.remove() };
}
