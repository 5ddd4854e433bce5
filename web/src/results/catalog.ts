// The metric catalog: docs/metrics.md's "Keys" tables parsed at build time (imported as text), so the page
// shows each metric's formula exactly as documented, and a vitest fails when the engine emits a key the docs
// do not describe. Documented names with placeholders are expanded: `return_cumulative_Ky` matches
// `return_cumulative_1y`, `_3y`, …; `var_historical_P` matches `var_historical_95`, `_99`, `_97_5`;
// "`up_capture`, `down_capture`" are two entries sharing one row.
import metricsMd from '../../../docs/metrics.md?raw';

export interface CatalogEntry {
  /** the documented name, e.g. `return_cumulative_Ky` */
  name: string;
  /** the family heading of docs/metrics.md ("Returns", "Dispersion and shape", …) */
  family: string;
  /** column header → cell text (Formula, PA equivalent, Edge cases, Verified …), markdown as written */
  fields: { label: string; text: string }[];
  /** matches the engine keys this row documents */
  pattern: RegExp;
}

export interface Catalog {
  families: string[];
  entries: CatalogEntry[];
  /** the "Notation" paragraph of the Keys section (the symbols the formulas use) */
  notation: string;
  lookup(key: string): CatalogEntry | null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `return_cumulative_Ky` → /^return_cumulative_(\d+)y$/, `starr_annualized_P` → /^starr_annualized_(\d+(?:_\d+)?)$/ */
export function namePattern(name: string): RegExp {
  let re = escapeRe(name);
  re = re.replace(/_Ky(?=$|_)/g, '_(\\d+)y');
  re = re.replace(/_P$/, '_(\\d+(?:_\\d+)?)');
  return new RegExp(`^${re}$`);
}

/** Splits one markdown table row into trimmed cells. A cell separator is a pipe with white space on both sides
 * (empty cells give "| |"): formulas such as `R_ann/|MDD|` and `|β| < 1e−8` contain pipes that are not. */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|')) s = s.slice(0, -1);
  return ` ${s} `.split(/(?<=\s)\|(?=\s)/).map((c) => c.trim());
}

/** The family name of a "### …" heading without its parenthetical ("Tail risk (P = …)" → "Tail risk"). */
function familyName(heading: string): string {
  return heading.replace(/\s*\(.*\)\s*$/, '').trim();
}

export function parseCatalog(md: string): Catalog {
  const lines = md.split(/\r?\n/);
  const start = lines.findIndex((l) => /^## Keys\b/.test(l));
  const entries: CatalogEntry[] = [];
  const families: string[] = [];
  const notation: string[] = [];
  if (start < 0) throw new Error('docs/metrics.md has no "## Keys" section');
  let family = '';
  let header: string[] | null = null;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^## /.test(line)) break;
    const h = /^### (.*)$/.exec(line);
    if (h) {
      family = familyName(h[1]!);
      header = null;
      continue;
    }
    if (!family) {
      if (line.trim()) notation.push(line.trim());
      continue;
    }
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    if (/^\|[\s|:-]+\|\s*$/.test(line)) continue; // the |---|---| separator
    const cells = splitRow(line);
    if (!header) {
      header = cells;
      continue;
    }
    if (cells.length !== header.length) {
      throw new Error(`docs/metrics.md: row of ${cells.length} cells under a ${header.length}-column header: ${line}`);
    }
    const names = [...cells[0]!.matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]!);
    const fields = header.slice(1).map((label, j) => ({ label, text: cells[j + 1]! }));
    if (!families.includes(family)) families.push(family);
    for (const name of names) entries.push({ name, family, fields, pattern: namePattern(name) });
  }
  const exact = new Map(entries.map((e) => [e.name, e] as const));
  return {
    families,
    entries,
    notation: notation.join(' '),
    lookup(key: string): CatalogEntry | null {
      return exact.get(key) ?? entries.find((e) => e.pattern.test(key)) ?? null;
    },
  };
}

let cached: Catalog | null = null;
/** The catalog of the docs/metrics.md bundled with this build. */
export function metricCatalog(): Catalog {
  return (cached ??= parseCatalog(metricsMd));
}

/** The sort key of an expanded name: documented order first, then the numeric window/level (1y < 3y < 10y). */
export function expansionOrder(entry: CatalogEntry, key: string): number {
  const m = entry.pattern.exec(key);
  if (!m || m.length < 2) return 0;
  return Number(m[1]!.replace('_', '.'));
}
