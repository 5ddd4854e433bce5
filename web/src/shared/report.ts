// The import doctor's report (engine JSON) → rows for the report table. Pure mapping, no DOM.
import type { ImportReport, ReportColumn } from './protocol';
import { formatCount } from './format';

export interface ReportRow {
  name: string;
  firstDate: string;
  lastDate: string;
  observations: string;
  kind: string;
  frequency: string;
  gapsFilled: string;
  warnings: string[];
}

/** A warning may be a string or an object {code?, message?, ...}; show its message. */
export function warningText(w: unknown): string {
  if (typeof w === 'string') return w;
  if (w && typeof w === 'object') {
    const o = w as Record<string, unknown>;
    const msg = typeof o.message === 'string' ? o.message : JSON.stringify(o);
    const count = typeof o.count === 'number' ? ` (${formatCount(o.count)}×)` : '';
    const date = typeof o.date === 'string' ? ` on ${o.date}` : typeof o.first_date === 'string' ? ` from ${o.first_date}` : '';
    return `${msg}${date}${count}`;
  }
  return String(w);
}

function text(v: unknown): string {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : '—';
}

function gaps(c: ReportColumn): string {
  for (const key of ['gaps_filled', 'filled', 'filled_cells', 'forward_filled']) {
    if (typeof c[key] === 'number') return formatCount(c[key]);
  }
  return '—';
}

export function reportRows(report: ImportReport): ReportRow[] {
  const columns = Array.isArray(report.columns) ? report.columns : [];
  return columns.map((c) => ({
    name: text(c.name),
    firstDate: text(c.first_date),
    lastDate: text(c.last_date),
    observations: formatCount(c.observations),
    kind: text(c.kind ?? report.kind),
    frequency: text(c.frequency ?? report.frequency),
    gapsFilled: gaps(c),
    warnings: Array.isArray(c.warnings) ? c.warnings.map(warningText) : [],
  }));
}

/** "5,969 dates · daily · 12 columns" */
export function reportSummary(report: ImportReport): string {
  const parts: string[] = [];
  if (typeof report.rows === 'number') parts.push(`${formatCount(report.rows)} dates`);
  if (typeof report.first_date === 'string' && typeof report.last_date === 'string')
    parts.push(`${report.first_date} to ${report.last_date}`);
  if (typeof report.frequency === 'string') parts.push(report.frequency);
  if (Array.isArray(report.columns)) parts.push(`${report.columns.length} columns`);
  return parts.join(' · ');
}

export function reportWarnings(report: ImportReport): string[] {
  return Array.isArray(report.warnings) ? report.warnings.map(warningText) : [];
}

/** "sample_prices.csv: wide layout, ',' delimiter, '.' decimal, dates YYYY-MM-DD, 5,969 data rows" per file. */
export function reportFiles(report: ImportReport): string[] {
  if (!Array.isArray(report.files)) return [];
  return report.files.map((f) => {
    const parts: string[] = [];
    if (typeof f.layout === 'string') parts.push(`${f.layout} layout`);
    if (typeof f.delimiter === 'string') parts.push(`'${f.delimiter === '\t' ? '\\t' : f.delimiter}' delimiter`);
    if (typeof f.decimal === 'string') parts.push(`'${f.decimal}' decimal`);
    if (typeof f.date_format === 'string') parts.push(`dates ${f.date_format}`);
    if (typeof f.data_rows === 'number') parts.push(`${formatCount(f.data_rows)} data rows`);
    return `${f.name}: ${parts.join(', ')}`;
  });
}
