// Display formatters (no finance here: numbers arrive computed by the engine).
import type { AnyErrorData } from './protocol';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 → "YYYY-MM-DD". */
export function formatDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 → epoch milliseconds (for the chart's time axis). */
export function dateToMs(days: number): number {
  return days * MS_PER_DAY;
}

/** 12345 → "12,345"; non-finite → "—". */
export function formatCount(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** A growth-of-$1 value for tooltips: "$1.2345". */
export function formatDollars(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `$${x.toFixed(digits)}`;
}

/** "sample.csv, row 12, column 3: expected a number, got 'abc'" (parts that do not apply are left out). */
export function describeError(e: Pick<AnyErrorData, 'file' | 'row' | 'column' | 'message'>): string {
  const where: string[] = [];
  if (e.file) where.push(e.file);
  if (e.row > 0) where.push(`row ${e.row}`);
  if (e.column > 0) where.push(`column ${e.column}`);
  return where.length ? `${where.join(', ')}: ${e.message}` : e.message;
}

/** Byte size for humans: 1536 → "1.5 kB". */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}
