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

// ---- Locale-aware display of engine numbers (en-US default; de-DE and en-GB tested). ----
// Every formatter takes the value as the engine produced it (a fraction for returns: 0.0123 = 1.23 %) and
// returns "—" for null / non-finite (an undefined metric; its flag says why).

export type Locale = string;
export const DEFAULT_LOCALE: Locale = 'en-US';

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A fraction as a percentage: 0.01234 → "1.23%" (en-US) / "1,23 %" (de-DE). */
export function fmtPct(x: number | null | undefined, locale: Locale = DEFAULT_LOCALE, digits = 2): string {
  if (!isNum(x)) return '—';
  return nf(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** A plain number (ratios, betas): 1.2345 → "1.23". */
export function fmtNum(x: number | null | undefined, locale: Locale = DEFAULT_LOCALE, digits = 2): string {
  if (!isNum(x)) return '—';
  return nf(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** An integer count: 12345 → "12,345". */
export function fmtInt(x: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (!isNum(x)) return '—';
  return nf(locale, { maximumFractionDigits: 0 }).format(x);
}

/** An ISO date "2025-12-31" → "12/31/2025" (en-US), "31.12.2025" (de-DE), "31/12/2025" (en-GB). */
export function fmtDate(iso: string | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (!iso) return '—';
  const [y, m, d] = iso.split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An ISO date or month "2025-12[-31]" → "Dec 2025" (en-US/en-GB), "Dez. 2025" (de-DE). */
export function fmtMonth(iso: string | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (!iso) return '—';
  const [y, m] = iso.split('-').map(Number);
  if (!y || !m) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

/** ISO date → epoch milliseconds (UTC), for chart time axes. */
export function isoToMs(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y!, (m ?? 1) - 1, d ?? 1);
}
