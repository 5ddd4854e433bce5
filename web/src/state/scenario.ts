// The page's state is a ScenarioDoc (docs/scenario.md): the form edits it through field paths
// ("strategies[1].k_DR"), the engine validates it (its errors name the same paths) and runs it.
// Pure functions only (no DOM): strategy builders for the presets, asset-group tags, path get/set.
import type { ScenarioDoc, StrategyDoc } from '../shared/result';

/** Asset-group tag of a data column: builds universes, sleeves and group limits. */
export type Tag = 'equity' | 'bonds' | 'alts' | 'none';
export const TAGS: Tag[] = ['equity', 'bonds', 'alts', 'none'];
export type Tags = Record<string, Tag>;

/** Guess a column's group from its name (the user can change every tag in the data section). */
export function guessTag(name: string): Tag {
  const n = name.toUpperCase();
  if (/BOND|TREAS|TIPS|AGG|BND|IEF|TLT|SHY|BIL|LQD|HYG|GOVT|CREDIT|FIXED|_FI\b|DEBT|\bHY\b|_HY_/.test(n)) return 'bonds';
  if (/GOLD|GLD|COMMOD|GSG|DBC|REAL.?ESTATE|REIT|VNQ|ALT|HEDGE|OIL|SILVER/.test(n)) return 'alts';
  if (/CASH|RF\b|RISK.?FREE|YIELD|RATE/.test(n)) return 'none';
  return 'equity';
}

export function guessTags(columns: string[]): Tags {
  const tags: Tags = {};
  for (const c of columns) tags[c] = guessTag(c);
  return tags;
}

/** Index-like columns (benchmarks rather than holdings). */
export function isIndexColumn(name: string): boolean {
  return /INDEX|^SPY$|^AGG$|^ACWI$|^BND$|^VT$|^VTI$|BENCH/i.test(name);
}

export interface BuildContext {
  columns: string[];
  tags: Tags;
}

function ofTag(ctx: BuildContext, tag: Tag, index = false): string[] {
  return ctx.columns.filter((c) => ctx.tags[c] === tag && isIndexColumn(c) === index);
}

/** The equity and bond reference columns: an index-like column of the group, else its first column. */
export function referenceColumns(ctx: BuildContext): { equity: string | null; bonds: string | null } {
  const pick = (tag: Tag) => ofTag(ctx, tag, true)[0] ?? ofTag(ctx, tag)[0] ?? null;
  return { equity: pick('equity'), bonds: pick('bonds') };
}

/** 60/40 of the two reference columns (or 100 % of the one that exists). */
export function sixtyForty(ctx: BuildContext): Record<string, number> {
  const { equity, bonds } = referenceColumns(ctx);
  if (equity && bonds) return { [equity]: 0.6, [bonds]: 0.4 };
  const one = equity ?? bonds ?? ctx.columns[0];
  return one ? { [one]: 1 } : {};
}

export function benchmarkDoc(weights: Record<string, number>): NonNullable<ScenarioDoc['benchmark']> {
  const keys = Object.keys(weights);
  const name = keys.length === 1 ? keys[0]! : keys.map((k) => `${Math.round(weights[k]! * 100)}% ${k}`).join(' / ');
  return { name, weights: { ...weights } };
}

export type StrategyKind =
  | 'rt_baseline' | 'rt_aggressive' | 'rt_conservative' | 'rt_multi_asset' | 'rt_custom'
  | 'trend_moderate' | 'faber' | 'tsmom' | 'gem' | 'inverse_vol' | 'static_6040' | 'static_equal';

export const STRATEGY_KINDS: { kind: StrategyKind; label: string }[] = [
  { kind: 'rt_baseline', label: 'Risk targeting: baseline (dynamic risk)' },
  { kind: 'rt_aggressive', label: 'Risk targeting: aggressive (risk scaling 1.5×)' },
  { kind: 'rt_conservative', label: 'Risk targeting: conservative (dynamic beta 1)' },
  { kind: 'rt_multi_asset', label: 'Risk targeting: multi-asset (60/40 risk)' },
  { kind: 'rt_custom', label: 'Risk targeting: custom' },
  { kind: 'trend_moderate', label: 'Trend: TrendFolios Moderate' },
  { kind: 'faber', label: 'Trend: Faber (10-month SMA)' },
  { kind: 'tsmom', label: 'Trend: 12-1 momentum (TSMOM)' },
  { kind: 'gem', label: 'Trend: dual momentum (GEM)' },
  { kind: 'inverse_vol', label: 'Inverse volatility' },
  { kind: 'static_6040', label: 'Static mix: 60/40' },
  { kind: 'static_equal', label: 'Static mix: equal weights' },
];

/** A new strategy of the given kind on the loaded columns (its name made unique within `doc`). */
export function buildStrategy(kind: StrategyKind, ctx: BuildContext, doc?: ScenarioDoc): StrategyDoc {
  const s = rawStrategy(kind, ctx);
  if (doc) s.name = uniqueName(doc, s.name);
  return s;
}

function rawStrategy(kind: StrategyKind, ctx: BuildContext): StrategyDoc {
  const ref = referenceColumns(ctx);
  const bonds = ofTag(ctx, 'bonds');
  const equity = ofTag(ctx, 'equity');
  const alts = ofTag(ctx, 'alts');
  const holdings = [...equity, ...bonds, ...alts];
  const fiUniverse = bonds.length >= 2 ? bonds : holdings;
  const fiRisk = ref.bonds ? { [ref.bonds]: 1 } : null;
  const fixedIncome = (name: string, preset: string, assets: string[]): StrategyDoc => ({
    name,
    type: 'risk_target',
    preset,
    assets,
    ...(fiRisk ? { market_risk_series: fiRisk, benchmark: benchmarkDoc(fiRisk) } : {}),
  });
  switch (kind) {
    case 'rt_baseline':
      return fixedIncome('Baseline (dynamic risk)', 'baseline', fiUniverse);
    case 'rt_aggressive':
      return fixedIncome('Aggressive (risk scaling 1.5x)', 'aggressive', fiUniverse);
    case 'rt_conservative': {
      const ig = fiUniverse.filter((c) => !/HY|HIGH.?YIELD|JUNK/i.test(c));
      return fixedIncome('Conservative (dynamic beta 1)', 'conservative', ig.length >= 2 ? ig : fiUniverse);
    }
    case 'rt_multi_asset':
    case 'rt_custom': {
      const mix = sixtyForty(ctx);
      const assets = [...equity, ...bonds].length >= 2 ? [...equity, ...bonds] : holdings;
      const base: StrategyDoc = {
        name: kind === 'rt_custom' ? 'Custom risk target' : 'Multi-asset (60/40 risk)',
        type: 'risk_target',
        assets,
        market_risk_series: mix,
        benchmark: benchmarkDoc(mix),
      };
      if (kind === 'rt_multi_asset') return { ...base, preset: 'multi_asset' };
      return { ...base, target_rule: 'dynamic_risk', k_DR: 1 };
    }
    case 'trend_moderate': {
      const sleeves: Record<string, unknown>[] = [];
      const sleeve = (name: string, assets: string[], bench: string | null, weight: number, fallback?: string) => {
        if (!assets.length) return;
        const b = bench ?? assets[0]!;
        sleeves.push({ name, assets, benchmark: b, weight, ...(fallback ? { fallback } : {}) });
      };
      sleeve('EQ', equity, ref.equity, 0.6);
      sleeve('FI', bonds, ref.bonds, 0.3);
      sleeve('ALT', alts, alts[0] ?? null, 0.1, 'CASH');
      const total = sleeves.reduce((a, s) => a + (s.weight as number), 0);
      for (const s of sleeves) s.weight = round6((s.weight as number) / total);
      return { name: 'Moderate (TrendFolios)', type: 'trend', preset: 'moderate', sleeves };
    }
    case 'faber':
      return { name: 'Faber (10-month SMA)', type: 'faber', faber_universe: diversified(ctx), faber_sma_months: 10 };
    case 'tsmom':
      return {
        name: '12-1 momentum', type: 'tsmom', tsmom_universe: diversified(ctx), tsmom_mode: 'long_only',
        tsmom_lookback_months: 12, tsmom_skip_months: 1,
      };
    case 'gem': {
      const us = equity.find((c) => /US|SPY|VTI/i.test(c) && !/EX.?US/i.test(c)) ?? equity[0] ?? holdings[0] ?? '';
      const intl = equity.find((c) => c !== us && /INTL|EFA|VEU|EX.?US|WORLD|EM/i.test(c)) ?? equity.find((c) => c !== us) ?? '';
      const bond = bonds.find((c) => /CORE|AGG|BND/i.test(c)) ?? bonds[0] ?? ref.bonds ?? '';
      return { name: 'Dual momentum (GEM)', type: 'gem', gem_us: us, gem_intl: intl, gem_bonds: bond };
    }
    case 'inverse_vol':
      return { name: 'Inverse volatility', type: 'inverse_vol', assets: diversified(ctx), iv_lookback: 63 };
    case 'static_6040':
      return { name: 'Static 60/40', type: 'static', weights: sixtyForty(ctx) };
    case 'static_equal': {
      const cols = diversified(ctx);
      const w: Record<string, number> = {};
      // equal weights that sum to exactly 1 in floating point: the last one takes the remainder
      cols.forEach((c, i) => (w[c] = i < cols.length - 1 ? round6(1 / cols.length) : round6(1 - round6(1 / cols.length) * (cols.length - 1))));
      return { name: 'Static equal weights', type: 'static', weights: w };
    }
  }
}

/** Up to one column per kind of holding (Faber's SPY/EFA/IEF/VNQ/GSG shape). */
function diversified(ctx: BuildContext): string[] {
  const out: string[] = [];
  const equity = ofTag(ctx, 'equity');
  const bonds = ofTag(ctx, 'bonds');
  const alts = ofTag(ctx, 'alts');
  out.push(...equity.slice(0, 2));
  if (bonds.length) out.push(bonds.find((c) => /CORE|AGG|IEF|BND/i.test(c)) ?? bonds[0]!);
  out.push(...alts.filter((c) => /REAL|REIT|VNQ/i.test(c)).slice(0, 1));
  out.push(...alts.filter((c) => /COMMOD|GSG|DBC/i.test(c)).slice(0, 1));
  if (out.length < 2) out.push(...[...equity, ...bonds, ...alts].filter((c) => !out.includes(c)).slice(0, 5 - out.length));
  return out;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function uniqueName(doc: ScenarioDoc, name: string): string {
  const used = new Set(doc.strategies.map((s) => s.name));
  if (!used.has(name)) return name;
  for (let i = 2; ; i++) if (!used.has(`${name} ${i}`)) return `${name} ${i}`;
}

/** The default scenario on loaded data: risk targeting baseline + static 60/40 (both with their benchmarks). */
export function defaultScenario(ctx: BuildContext): ScenarioDoc {
  const ref = referenceColumns(ctx);
  const bench = ref.bonds ? { [ref.bonds]: 1 } : sixtyForty(ctx);
  const mix = sixtyForty(ctx);
  const doc: ScenarioDoc = { version: 1, benchmark: benchmarkDoc(bench), costs: { fee_ann: 0.0055 }, strategies: [] };
  doc.strategies.push(buildStrategy('rt_baseline', ctx, doc));
  doc.strategies.push({ ...buildStrategy('static_6040', ctx, doc), benchmark: benchmarkDoc(mix) });
  return doc;
}

/** Columns a scenario names (universes, weights, benchmarks, sleeves, rf series); CASH excluded. */
export function referencedColumns(doc: ScenarioDoc): string[] {
  const out = new Set<string>();
  const addKeys = (o: unknown) => {
    if (o && typeof o === 'object') for (const k of Object.keys(o)) out.add(k);
  };
  const addList = (l: unknown) => {
    if (Array.isArray(l)) for (const x of l) if (typeof x === 'string') out.add(x);
  };
  const addOne = (x: unknown) => {
    if (typeof x === 'string' && x) out.add(x);
  };
  addKeys(doc.benchmark?.weights);
  const rf = (doc.data as { rf?: { column?: string } } | undefined)?.rf;
  addOne(rf?.column);
  const strategies = doc.strategies ?? (doc.strategy ? [doc.strategy as StrategyDoc] : []);
  for (const s of strategies) {
    addKeys((s.benchmark as { weights?: object } | undefined)?.weights);
    addKeys(s.weights);
    addKeys(s.market_risk_series);
    addKeys(s.bounds);
    addList(s.assets);
    addList(s.faber_universe);
    addList(s.tsmom_universe);
    for (const k of ['gem_us', 'gem_intl', 'gem_bonds']) addOne(s[k]);
    if (Array.isArray(s.sleeves))
      for (const sl of s.sleeves as Record<string, unknown>[]) {
        addList(sl.assets);
        addOne(sl.benchmark);
        addOne(sl.fallback);
      }
    if (Array.isArray(s.groups)) for (const g of s.groups as Record<string, unknown>[]) addList(g.members);
  }
  out.delete('CASH');
  out.delete('default');
  return [...out];
}

/** Columns the scenario names that `columns` lacks. */
export function missingColumns(doc: ScenarioDoc, columns: string[]): string[] {
  const have = new Set(columns);
  return referencedColumns(doc).filter((c) => !have.has(c));
}

// ---- field paths: "strategies[1].k_DR", "costs.fee_ann", "strategies[0].suitability_knots[2][1]" ----

export type PathPart = string | number;

export function parsePath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return parts;
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const p of parsePath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** A copy of `doc` with the value at `path` set (undefined deletes the key; missing parents are created;
 * emptied parent objects are removed so an "engine default" field leaves no trace). */
export function setPath<T>(doc: T, path: string, value: unknown): T {
  const parts = parsePath(path);
  if (!parts.length) return value as T;
  const copy = structuredClone(doc) as unknown as Record<string | number, unknown>;
  const chain: Record<string | number, unknown>[] = [copy];
  let cur = copy;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    let next = cur[p];
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return copy as unknown as T;
      next = typeof parts[i + 1] === 'number' ? [] : {};
      cur[p] = next;
    }
    cur = next as Record<string | number, unknown>;
    chain.push(cur);
  }
  const last = parts[parts.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
    else delete cur[last];
    // drop parents that became empty objects (never the document or a strategy)
    for (let i = chain.length - 1; i >= 1; i--) {
      const o = chain[i]!;
      if (!Array.isArray(o) && Object.keys(o).length === 0) delete chain[i - 1]![parts[i - 1]!];
      else break;
    }
  } else {
    cur[last] = value;
  }
  return copy as unknown as T;
}

/** The path of the form control that shows an engine error: the longest prefix of `file` that `has` knows. */
export function errorTarget(file: string, has: (path: string) => boolean): string | null {
  const parts = parsePath(file);
  for (let n = parts.length; n > 0; n--) {
    const p = formatPath(parts.slice(0, n));
    if (has(p)) return p;
  }
  return null;
}

export function formatPath(parts: PathPart[]): string {
  let s = '';
  for (const p of parts) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/** Re-apply the group tags to the strategies built from them: risk_target group limits (named equity /
 * bonds / alts) get the tagged members; trend sleeves named EQ / FI / ALT get the tagged assets. */
export function applyTags(doc: ScenarioDoc, ctx: BuildContext): ScenarioDoc {
  const next = structuredClone(doc);
  const sleeveTag: Record<string, Tag> = { EQ: 'equity', FI: 'bonds', ALT: 'alts' };
  for (const s of next.strategies) {
    if (Array.isArray(s.groups))
      for (const g of s.groups as { name: string; members: string[] }[]) {
        if (TAGS.includes(g.name as Tag)) {
          const assets = Array.isArray(s.assets) ? (s.assets as string[]) : ctx.columns;
          g.members = assets.filter((c) => ctx.tags[c] === g.name);
        }
      }
    if (s.type === 'trend' && Array.isArray(s.sleeves))
      for (const sl of s.sleeves as { name: string; assets: string[]; benchmark?: string }[]) {
        const tag = sleeveTag[sl.name];
        if (tag) sl.assets = ctx.columns.filter((c) => ctx.tags[c] === tag && !isIndexColumn(c));
      }
  }
  return next;
}

/** Group limits from the tags for a risk_target strategy: one group per tag present in its universe. */
export function tagGroups(assets: string[], tags: Tags, limits: Partial<Record<Tag, [number, number]>>): { name: string; members: string[]; min: number; max: number }[] {
  const out: { name: string; members: string[]; min: number; max: number }[] = [];
  for (const tag of TAGS) {
    const lim = limits[tag];
    if (tag === 'none' || !lim) continue;
    const members = assets.filter((a) => tags[a] === tag);
    if (members.length) out.push({ name: tag, members, min: lim[0], max: lim[1] });
  }
  return out;
}
