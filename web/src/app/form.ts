// The scenario form: every control edits one field path of the ScenarioDoc ("strategies[1].k_DR"); empty
// means "engine default" (the field is left out of the document). Engine validation errors are shown next to
// the control whose data-path matches the error's field path.
import type { ScenarioDoc, StrategyDoc } from '../shared/result';
import { TAGS, benchmarkDoc, getPath, tagGroups, type Tag, type Tags } from '../state/scenario';
import { h, nextId, select } from './dom';

export interface FormCtx {
  /** the current document (read it in event handlers: the form may not have re-rendered since the last edit) */
  readonly doc: ScenarioDoc;
  columns: string[];
  tags: Tags;
  /** set one field (undefined = remove it) */
  set(path: string, value: unknown): void;
  /** replace the whole document (structural edits) */
  replace(doc: ScenarioDoc): void;
}

function field(label: string, control: HTMLElement, help?: string): HTMLElement {
  const id = control.id || (control.id = nextId('f'));
  const wrap = h('div', { class: 'rd-field' }, h('label', { for: id, text: label }), control);
  if (help) {
    const hid = nextId('help');
    control.setAttribute('aria-describedby', hid);
    wrap.append(h('span', { class: 'rd-help', id: hid, text: help }));
  }
  return wrap;
}

export function numField(ctx: FormCtx, path: string, label: string, dflt: string, opts: { int?: boolean; help?: string; min?: number; max?: number; step?: string } = {}): HTMLElement {
  const v = getPath(ctx.doc, path);
  const input = h('input', {
    type: 'number', step: opts.step ?? (opts.int ? '1' : 'any'), inputMode: opts.int ? 'numeric' : 'decimal',
    value: typeof v === 'number' ? String(v) : '', placeholder: dflt, 'data-path': path,
  });
  if (opts.min !== undefined) input.min = String(opts.min);
  if (opts.max !== undefined) input.max = String(opts.max);
  input.addEventListener('change', () => {
    const t = input.value.trim();
    ctx.set(path, t === '' || !Number.isFinite(Number(t)) ? undefined : Number(t));
  });
  return field(label, input, opts.help ?? (dflt ? `empty = default ${dflt}` : undefined));
}

export function textField(ctx: FormCtx, path: string, label: string, opts: { required?: boolean } = {}): HTMLElement {
  const v = getPath(ctx.doc, path);
  const input = h('input', { type: 'text', value: typeof v === 'string' ? v : '', 'data-path': path, required: opts.required });
  input.addEventListener('change', () => ctx.set(path, input.value.trim() === '' && !opts.required ? undefined : input.value));
  return field(label, input);
}

/** A select over `options`; with `dflt` the first option "default (…)" removes the field. */
export function selField(ctx: FormCtx, path: string, label: string, options: string[] | [string, string][], dflt?: string, help?: string): HTMLElement {
  const v = getPath(ctx.doc, path);
  const opts: [string, string][] = options.map((o) => (Array.isArray(o) ? o : [o, o.replace(/_/g, ' ')]));
  const cur = typeof v === 'string' ? v : '';
  if (dflt !== undefined) opts.unshift(['', `default (${dflt})`]);
  else if (cur === '') opts.unshift(['', 'choose…']);
  if (cur && !opts.some(([x]) => x === cur)) opts.push([cur, cur]);
  const el = select(opts, cur, { 'data-path': path });
  el.addEventListener('change', () => ctx.set(path, el.value === '' ? undefined : el.value));
  return field(label, el, help);
}

export function boolField(ctx: FormCtx, path: string, label: string, dflt: boolean): HTMLElement {
  const v = getPath(ctx.doc, path);
  const cur = v === true ? 'on' : v === false ? 'off' : '';
  const el = select([['', `default (${dflt ? 'on' : 'off'})`], ['on', 'on'], ['off', 'off']], cur, { 'data-path': path });
  el.addEventListener('change', () => ctx.set(path, el.value === '' ? undefined : el.value === 'on'));
  return field(label, el);
}

/** Checkboxes over the columns; the value is the list of checked names (in column order). */
export function checklist(ctx: FormCtx, path: string, label: string, columns: string[]): HTMLElement {
  const v = getPath(ctx.doc, path);
  const chosen = new Set(Array.isArray(v) ? (v as string[]) : []);
  const fs = h('fieldset', { class: 'rd-checklist', 'data-path': path }, h('legend', { text: label }));
  const extra = [...chosen].filter((c) => !columns.includes(c));
  for (const c of [...columns, ...extra]) {
    const box = h('input', { type: 'checkbox', checked: chosen.has(c), value: c });
    box.addEventListener('change', () => {
      const now = [...fs.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value);
      ctx.set(path, now);
    });
    fs.append(h('label', { class: 'rd-check' }, box, ` ${c}`));
  }
  return fs;
}

/** Weights over columns (static mixes): one number per column, empty = not held. */
export function weightsEditor(ctx: FormCtx, path: string, label: string): HTMLElement {
  const v = (getPath(ctx.doc, path) ?? {}) as Record<string, number>;
  const fs = h('fieldset', { class: 'rd-weights', 'data-path': path }, h('legend', { text: label }));
  const names = [...ctx.columns, 'CASH', ...Object.keys(v).filter((k) => k !== 'CASH' && !ctx.columns.includes(k))];
  for (const c of names) {
    const input = h('input', { type: 'number', step: 'any', min: '0', max: '1', value: v[c] !== undefined ? String(v[c]) : '', placeholder: '0' });
    input.addEventListener('change', () => {
      const cur = { ...((getPath(ctx.doc, path) ?? {}) as Record<string, number>) };
      const t = input.value.trim();
      if (t === '' || Number(t) === 0) delete cur[c];
      else cur[c] = Number(t);
      ctx.set(path, cur);
    });
    fs.append(field(c, input));
  }
  return fs;
}

/** A benchmark / market-risk mix: one column, or a composite of two columns (60/40 by default).
 * `kind` 'benchmark' writes {name, weights}; 'weights' writes the weights object. With `optional`, the first
 * mode "default" removes the field. */
export function mixEditor(ctx: FormCtx, path: string, label: string, kind: 'benchmark' | 'weights', optional: string | null): HTMLElement {
  const raw = getPath(ctx.doc, path) as Record<string, unknown> | undefined;
  const weights = (kind === 'benchmark' ? (raw?.weights as Record<string, number> | undefined) : (raw as Record<string, number> | undefined)) ?? undefined;
  const keys = weights ? Object.keys(weights) : [];
  const mode = !weights ? (optional ? 'default' : 'single') : keys.length === 1 ? 'single' : keys.length === 2 ? 'composite' : 'custom';
  const fs = h('fieldset', { class: 'rd-mix', 'data-path': path }, h('legend', { text: label }));
  const cols = [...ctx.columns];
  const modes: [string, string][] = [];
  if (optional) modes.push(['default', optional]);
  modes.push(['single', 'one column'], ['composite', 'composite of two columns']);
  if (mode === 'custom') modes.push(['custom', `custom (${keys.length} columns, edit as JSON)`]);
  const modeSel = select(modes, mode);
  const write = (w: Record<string, number> | undefined) => {
    if (!w) ctx.set(path, undefined);
    else if (kind === 'benchmark') ctx.set(path, { ...((getPath(ctx.doc, path) as Record<string, unknown> | undefined) ?? {}), ...benchmarkDoc(w) });
    else ctx.set(path, w);
  };
  const a = select(cols.map((c) => [c, c]), keys[0] ?? cols[0] ?? '');
  const b = select(cols.map((c) => [c, c]), keys[1] ?? cols.find((c) => c !== a.value) ?? '');
  const wa = h('input', { type: 'number', step: 'any', min: '0', max: '1', value: String(keys.length === 2 ? weights![keys[0]!] : 0.6) });
  const fromControls = (m: string) => {
    if (m === 'default') return write(undefined);
    if (m === 'single') return write({ [a.value]: 1 });
    if (m === 'composite') {
      const x = Math.min(1, Math.max(0, Number(wa.value) || 0));
      if (a.value === b.value) return write({ [a.value]: 1 });
      return write({ [a.value]: x, [b.value]: Math.round((1 - x) * 1e12) / 1e12 });
    }
  };
  modeSel.addEventListener('change', () => fromControls(modeSel.value));
  for (const el of [a, b, wa]) el.addEventListener('change', () => fromControls(modeSel.value));
  fs.append(field('Mode', modeSel));
  if (mode === 'single' || mode === 'composite') fs.append(field(mode === 'single' ? 'Column' : 'First column', a));
  if (mode === 'composite') fs.append(field('Weight of the first column (0–1)', wa), field('Second column', b));
  if (mode === 'custom') fs.append(h('p', { class: 'rd-help', text: JSON.stringify(weights) }));
  return fs;
}

/** The suitability curve: a table of (x, y) points with add/remove. */
export function knotsEditor(ctx: FormCtx, path: string): HTMLElement {
  const current = (): number[][] => {
    const v = getPath(ctx.doc, path);
    return Array.isArray(v) ? (v as number[][]).map((k) => [...k]) : [[0, 0], [1, 1]];
  };
  const knots = current();
  const fs = h('fieldset', { class: 'rd-knots', 'data-path': path }, h('legend', { text: 'Suitability curve points (x strictly increasing)' }));
  const table = h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: '#' }), h('th', { scope: 'col', text: 'x' }), h('th', { scope: 'col', text: 'y' }), h('th', { scope: 'col', text: '' }))));
  const body = h('tbody');
  table.append(body);
  knots.forEach((k, i) => {
    const mk = (j: number) => {
      const input = h('input', { type: 'number', step: 'any', value: String(k[j] ?? 0), 'aria-label': `point ${i + 1} ${j === 0 ? 'x' : 'y'}`, 'data-path': `${path}[${i}][${j}]` });
      input.addEventListener('change', () => {
        const next = current();
        if (!next[i]) return;
        next[i]![j] = Number(input.value);
        ctx.set(path, next);
      });
      return input;
    };
    const del = h('button', { type: 'button', text: 'Remove', 'aria-label': `remove point ${i + 1}` });
    del.addEventListener('click', () => ctx.set(path, current().filter((_, j) => j !== i)));
    body.append(h('tr', { 'data-path': `${path}[${i}]` }, h('td', { text: String(i + 1) }), h('td', {}, mk(0)), h('td', {}, mk(1)), h('td', {}, del)));
  });
  const add = h('button', { type: 'button', text: 'Add point' });
  add.addEventListener('click', () => {
    const now = current();
    const last = now[now.length - 1] ?? [0, 0];
    ctx.set(path, [...now, [Number(((last[0] ?? 0) + 0.1).toFixed(6)), last[1] ?? 0]]);
  });
  fs.append(table, add);
  return fs;
}

/** Group limits from the asset tags: per tag a min and max of the weight sum (written as `groups`). */
export function groupLimits(ctx: FormCtx, i: number, s: StrategyDoc): HTMLElement {
  const path = `strategies[${i}].groups`;
  const groups = (Array.isArray(s.groups) ? s.groups : []) as { name: string; min: number; max: number }[];
  const fs = h('fieldset', { class: 'rd-groups', 'data-path': path }, h('legend', { text: 'Group limits (from the asset groups in the data section; empty = no limit)' }));
  const assets = Array.isArray(s.assets) ? (s.assets as string[]) : [];
  const limits = (): Partial<Record<Tag, [number, number]>> => {
    const out: Partial<Record<Tag, [number, number]>> = {};
    for (const tag of TAGS) {
      if (tag === 'none') continue;
      const lo = fs.querySelector<HTMLInputElement>(`input[data-tag="${tag}"][data-end="min"]`)!.value.trim();
      const hi = fs.querySelector<HTMLInputElement>(`input[data-tag="${tag}"][data-end="max"]`)!.value.trim();
      if (lo === '' && hi === '') continue;
      out[tag] = [lo === '' ? 0 : Number(lo), hi === '' ? 1 : Number(hi)];
    }
    return out;
  };
  const onChange = () => {
    const g = tagGroups(assets, ctx.tags, limits());
    ctx.set(path, g.length ? g : undefined);
  };
  for (const tag of TAGS) {
    if (tag === 'none') continue;
    const g = groups.find((x) => x.name === tag);
    const members = assets.filter((a) => ctx.tags[a] === tag);
    const row = h('div', { class: 'rd-group-row' }, h('span', { class: 'rd-group-name', text: `${tag} (${members.length})` }));
    for (const end of ['min', 'max'] as const) {
      const input = h('input', { type: 'number', step: 'any', min: '0', max: '1', value: g ? String(g[end]) : '', 'data-tag': tag, 'data-end': end, disabled: members.length === 0 });
      input.addEventListener('change', onChange);
      row.append(field(`${tag} ${end}`, input));
    }
    fs.append(row);
  }
  return fs;
}

/** Sleeves of a trend strategy: name, assets (comma list), benchmark, fallback, weight. */
export function sleevesEditor(ctx: FormCtx, i: number, s: StrategyDoc): HTMLElement {
  const path = `strategies[${i}].sleeves`;
  const currentSleeves = () => { const v = getPath(ctx.doc, path); return (Array.isArray(v) ? v : []) as Record<string, unknown>[]; };
  const sleeves = (Array.isArray(s.sleeves) ? s.sleeves : []) as Record<string, unknown>[];
  const fs = h('fieldset', { class: 'rd-sleeves', 'data-path': path }, h('legend', { text: 'Sleeves (empty: the preset\'s own sleeves and tickers)' }));
  sleeves.forEach((sl, j) => {
    const p = `${path}[${j}]`;
    const assets = h('input', { type: 'text', value: ((sl.assets as string[]) ?? []).join(', '), 'data-path': `${p}.assets` });
    assets.addEventListener('change', () => ctx.set(`${p}.assets`, assets.value.split(/[,\s]+/).filter(Boolean)));
    const row = h('div', { class: 'rd-sleeve', 'data-path': p },
      textField(ctx, `${p}.name`, `Sleeve ${j + 1} name`, { required: true }),
      field('Assets (comma separated)', assets),
      selField(ctx, `${p}.benchmark`, 'Sleeve benchmark', ctx.columns),
      selField(ctx, `${p}.fallback`, 'Fallback', [...ctx.columns, 'CASH'], 'the sleeve benchmark'),
      numField(ctx, `${p}.weight`, 'Sleeve weight', '', { help: 'weights of all sleeves sum to 1' }),
    );
    const del = h('button', { type: 'button', text: `Remove sleeve ${j + 1}` });
    del.addEventListener('click', () => {
      const now = currentSleeves();
      ctx.set(path, now.length > 1 ? now.filter((_, k) => k !== j) : undefined);
    });
    row.append(del);
    fs.append(row);
  });
  const add = h('button', { type: 'button', text: 'Add sleeve' });
  add.addEventListener('click', () => {
    const now = currentSleeves();
    ctx.set(path, [...now, { name: `S${now.length + 1}`, assets: ctx.columns.slice(0, 2), benchmark: ctx.columns[0] ?? '', weight: 0 }]);
  });
  fs.append(add);
  return fs;
}

/** Rarely changed fields, folded. */
/** A folded "Advanced" section; `data-key` (the first field path inside) lets a re-render keep it open. */
function advanced(...children: HTMLElement[]): HTMLElement {
  const d = h('details', { class: 'rd-advanced' }, h('summary', { text: 'Advanced' }), ...children);
  const first = d.querySelector<HTMLElement>('[data-path]');
  if (first) d.dataset.key = first.dataset.path!;
  return d;
}

/** Per-asset bounds of a risk_target universe: {"NAME": [min, max]}; empty = the global w_min / w_max. */
function boundsEditor(ctx: FormCtx, i: number, s: StrategyDoc): HTMLElement {
  const path = `strategies[${i}].bounds`;
  const bounds = (s.bounds ?? {}) as Record<string, [number, number]>;
  const assets = Array.isArray(s.assets) ? (s.assets as string[]) : [];
  const fs = h('fieldset', { class: 'rd-bounds', 'data-path': path }, h('legend', { text: 'Per-asset bounds (empty = minimum / maximum weight above)' }));
  for (const a of assets) {
    const row = h('div', { class: 'rd-group-row', 'data-path': `${path}.${a}` }, h('span', { class: 'rd-group-name', text: a }));
    for (const end of [0, 1]) {
      const b = bounds[a];
      const input = h('input', { type: 'number', step: 'any', min: '0', max: '1', value: b ? String(b[end]) : '', placeholder: end ? '1' : '0' });
      input.addEventListener('change', () => {
        const cur = { ...((getPath(ctx.doc, path) ?? {}) as Record<string, [number, number]>) };
        const lo = row.querySelectorAll('input')[0]!.value.trim();
        const hi = row.querySelectorAll('input')[1]!.value.trim();
        if (lo === '' && hi === '') delete cur[a];
        else cur[a] = [lo === '' ? 0 : Number(lo), hi === '' ? 1 : Number(hi)];
        ctx.set(path, Object.keys(cur).length ? cur : undefined);
      });
      row.append(field(`${a} ${end ? 'max' : 'min'}`, input));
    }
    fs.append(row);
  }
  return advanced(fs);
}

function group(title: string, ...children: HTMLElement[]): HTMLElement {
  return h('div', { class: 'rd-group' }, h('h4', { text: title }), h('div', { class: 'rd-grid' }, ...children));
}

const SCHEDULES = ['month_end', 'quarter_end', 'every_n_weeks', 'dates', 'once'];

/** The fields every strategy has: schedule, lag, threshold, benchmark override, vol-target overlay. */
function commonFields(ctx: FormCtx, i: number, s: StrategyDoc): HTMLElement[] {
  const p = `strategies[${i}]`;
  const schedType = (s.schedule as { type?: string } | undefined)?.type;
  const out: HTMLElement[] = [];
  const sched = [selField(ctx, `${p}.schedule.type`, 'Rebalance schedule', SCHEDULES, s.type === 'trend' ? 'every 2 weeks' : 'month end'),
    numField(ctx, `${p}.execution_lag`, 'Execution lag (days)', s.type === 'trend' ? '1' : '0', { int: true, min: 0, max: 5 }),
    numField(ctx, `${p}.turnover_threshold`, 'Turnover threshold (0–1)', '0', { min: 0, max: 1 })];
  if (schedType === 'every_n_weeks') sched.push(numField(ctx, `${p}.schedule.weeks`, 'Every N weeks', '', { int: true, min: 1, max: 52 }));
  if (schedType === 'dates') {
    const dates = h('input', { type: 'text', value: (((s.schedule as { dates?: string[] }).dates) ?? []).join(', '), 'data-path': `${p}.schedule.dates`, placeholder: 'YYYY-MM-DD, …' });
    dates.addEventListener('change', () => ctx.set(`${p}.schedule.dates`, dates.value.split(/[,\s]+/).filter(Boolean)));
    sched.push(field('Decision dates', dates));
  }
  out.push(group('Schedule', ...sched));
  const vt = s.vol_target as Record<string, number> | undefined;
  const box = h('input', { type: 'checkbox', checked: !!vt, 'data-path': `${p}.vol_target` });
  box.addEventListener('change', () => ctx.set(`${p}.vol_target`, box.checked ? { vt_target: 0.1, vt_lookback: 63, vt_max_exposure: 1 } : undefined));
  const vtFields: HTMLElement[] = [h('label', { class: 'rd-check' }, box, ' Volatility-target overlay')];
  if (vt) vtFields.push(
    numField(ctx, `${p}.vol_target.vt_target`, 'Target volatility (fraction)', '0.10', { min: 0.01, max: 1 }),
    numField(ctx, `${p}.vol_target.vt_lookback`, 'Lookback (days)', '63', { int: true, min: 21, max: 504 }),
    numField(ctx, `${p}.vol_target.vt_max_exposure`, 'Max exposure (0–1)', '1.0', { min: 0, max: 1 }),
  );
  out.push(group('Overlay', ...vtFields));
  out.push(mixEditor(ctx, `${p}.benchmark`, 'Benchmark of this strategy', 'benchmark', 'the scenario benchmark'));
  return out;
}

function riskTargetFields(ctx: FormCtx, i: number, s: StrategyDoc): HTMLElement[] {
  const p = `strategies[${i}]`;
  const preset = s.preset as string | undefined;
  const rule = (s.target_rule as string | undefined) ?? ({ baseline: 'dynamic_risk', aggressive: 'risk_scaling', conservative: 'dynamic_beta', multi_asset: 'dynamic_risk' } as Record<string, string>)[preset ?? ''] ?? 'dynamic_risk';
  const target: HTMLElement[] = [
    selField(ctx, `${p}.preset`, 'Preset', ['baseline', 'aggressive', 'conservative', 'multi_asset'], 'none', 'explicit fields override the preset'),
    selField(ctx, `${p}.target_rule`, 'Target rule', ['dynamic_risk', 'risk_scaling', 'dynamic_beta', 'suitability'], preset ? `preset: ${rule.replace(/_/g, ' ')}` : 'dynamic risk'),
  ];
  if (rule === 'dynamic_risk') target.push(numField(ctx, `${p}.k_DR`, 'k (target = k × market risk)', '1', { min: 0 }));
  if (rule === 'risk_scaling') target.push(numField(ctx, `${p}.k_RS`, 'k (target = k × market risk)', '1.5', { min: 0 }));
  if (rule === 'dynamic_beta') target.push(
    numField(ctx, `${p}.beta_target`, 'β* (target beta)', '1'),
    numField(ctx, `${p}.beta_tol`, 'Beta tolerance', '0'),
    numField(ctx, `${p}.beta_vol_cap_mult`, 'Volatility cap (× market risk)', 'none'),
  );
  const out: HTMLElement[] = [group('Target', ...target)];
  if (rule === 'suitability') {
    out.push(group('Suitability curve',
      selField(ctx, `${p}.suitability_input`, 'Curve input', ['absolute', 'relative'], 'absolute'),
      numField(ctx, `${p}.suitability_history_months`, 'History for "relative" (months)', '120', { int: true }),
      numField(ctx, `${p}.target_floor`, 'Target floor', '0.005'),
      numField(ctx, `${p}.target_cap`, 'Target cap', '0.50'),
      numField(ctx, `${p}.target_smoothing_a`, 'Smoothing a (1 = none)', '1', { min: 0, max: 1 }),
    ), knotsEditor(ctx, `${p}.suitability_knots`));
  }
  out.push(mixEditor(ctx, `${p}.market_risk_series`, 'Market risk series', 'weights', 'the strategy\'s benchmark'));
  out.push(group('Market risk estimate',
    selField(ctx, `${p}.mr_estimator`, 'Estimator', ['sample', 'ewma'], 'sample'),
    numField(ctx, `${p}.mr_lookback`, 'Lookback (periods)', '126', { int: true }),
    numField(ctx, `${p}.mr_ewma_lambda`, 'EWMA λ', '0.94'),
    numField(ctx, `${p}.mr_ewma_window`, 'EWMA window', '252', { int: true }),
  ));
  out.push(group('Expected returns and covariance',
    selField(ctx, `${p}.mu_estimator`, 'Expected returns', ['trailing_mean', 'shrunk_mean', 'jorion', 'momentum'], 'trailing mean'),
    numField(ctx, `${p}.mu_lookback`, 'Return lookback (0 = covariance lookback)', '0', { int: true }),
    numField(ctx, `${p}.mu_shrink_delta`, 'Shrinkage δ', '0.5'),
    numField(ctx, `${p}.mom_lookback_months`, 'Momentum lookback (months)', '12', { int: true }),
    numField(ctx, `${p}.mom_skip_months`, 'Momentum skip (months)', '1', { int: true }),
    selField(ctx, `${p}.cov_estimator`, 'Covariance', ['sample', 'ewma', 'lw_identity', 'lw_constcorr'], 'sample'),
    numField(ctx, `${p}.cov_lookback`, 'Covariance lookback (periods)', '252', { int: true }),
    numField(ctx, `${p}.cov_ewma_lambda`, 'Covariance EWMA λ', '0.94'),
    boolField(ctx, `${p}.ewma_demean`, 'EWMA demean', false),
  ));
  out.push(checklist(ctx, `${p}.assets`, 'Universe (assets)', ctx.columns));
  out.push(group('Bounds and holdings',
    numField(ctx, `${p}.w_min`, 'Minimum weight', '0'),
    numField(ctx, `${p}.w_max`, 'Maximum weight', '1'),
    numField(ctx, `${p}.max_holdings`, 'Max holdings', preset && preset !== 'multi_asset' ? '5 (preset)' : 'off', { int: true }),
    numField(ctx, `${p}.min_position`, 'Minimum position', preset && preset !== 'multi_asset' ? '0.05 (preset)' : '0'),
  ));
  out.push(groupLimits(ctx, i, s));
  out.push(boundsEditor(ctx, i, s));
  out.push(group('Triggers',
    boolField(ctx, `${p}.triggers_enabled`, 'Triggers', true),
    numField(ctx, `${p}.trig_vol_rel`, 'Volatility trigger (relative change)', '0.25'),
    numField(ctx, `${p}.trig_ret_k`, 'Return trigger (k σ)', '2.0'),
    numField(ctx, `${p}.trig_min_gap_days`, 'Minimum gap (days)', '5', { int: true }),
  ));
  out.push(advanced(group('Optimizer tolerances',
    numField(ctx, `${p}.tiebreak_eps_rel`, 'Tie-break ε (relative)', '1e-8'),
    numField(ctx, `${p}.vol_tol`, 'Volatility tolerance', '1e-10'),
    numField(ctx, `${p}.psd_eps_rel`, 'PSD repair ε (relative)', '1e-10'),
  )));
  return out;
}

function trendFields(ctx: FormCtx, i: number, s: StrategyDoc): HTMLElement[] {
  const p = `strategies[${i}]`;
  const freq = h('input', { type: 'text', value: Array.isArray(s.tf_frequencies) ? (s.tf_frequencies as number[]).join(', ') : '', placeholder: '1, 5, 21, 63, 126, 252', 'data-path': `${p}.tf_frequencies` });
  freq.addEventListener('change', () => {
    const l = freq.value.split(/[,\s]+/).filter(Boolean).map(Number);
    ctx.set(`${p}.tf_frequencies`, l.length ? l : undefined);
  });
  return [
    group('TrendFolios',
      selField(ctx, `${p}.preset`, 'Preset', ['moderate', 'equity', 'fixed_income', 'alternatives'], 'moderate'),
      field('Lookbacks (days)', freq),
      selField(ctx, `${p}.tf_fusion`, 'Vote fusion', ['pooled_majority', 'two_stage'], 'pooled majority'),
      selField(ctx, `${p}.tf_spread_mode`, 'Spread mode', ['ma_curve', 'literal'], 'ma curve'),
      numField(ctx, `${p}.tf_mom_threshold`, 'Momentum threshold', '0'),
      numField(ctx, `${p}.tf_max_weight`, 'Max weight per asset', '1.0'),
      numField(ctx, `${p}.tf_rebalance_weeks`, 'Rebalance every N weeks', '2', { int: true }),
      numField(ctx, `${p}.tf_min_history`, 'Minimum history (days)', '252', { int: true }),
      numField(ctx, `${p}.tf_te_lookback`, 'Tracking-error lookback', '126', { int: true }),
      numField(ctx, `${p}.tf_te_floor`, 'Tracking-error floor', '0.001'),
    ),
    sleevesEditor(ctx, i, s),
    group('Sleeve split',
      selField(ctx, `${p}.sleeve_rebalance`, 'Reset the sleeve weights', [['with_sleeves', 'at every sleeve execution'], ['month_end', 'at month-ends (sleeves drift in between)']], 'at every sleeve execution'),
    ),
    advanced(group('Trend details',
      selField(ctx, `${p}.tf_calendar_anchor`, 'Lookback anchor', ['trading_days', 'calendar'], 'trading days'),
      numField(ctx, `${p}.tf_trend_vol_coef`, 'Trend-volatility coefficient', '0', { min: -3, max: 3 }),
      selField(ctx, `${p}.tf_vol_method`, 'Volatility method', ['scaled_daily', 'literal_eq5'], 'scaled daily'),
      numField(ctx, `${p}.tf_vol_min_window`, 'Volatility minimum window', '21', { int: true }),
      numField(ctx, `${p}.tf_eq5_n`, 'Eq. 5 window', '21', { int: true }),
    )),
  ];
}

export function strategyFields(ctx: FormCtx, i: number): HTMLElement[] {
  const s = ctx.doc.strategies[i]!;
  const p = `strategies[${i}]`;
  const out: HTMLElement[] = [];
  switch (s.type) {
    case 'risk_target':
      out.push(...riskTargetFields(ctx, i, s));
      break;
    case 'trend':
      out.push(...trendFields(ctx, i, s));
      break;
    case 'faber':
      out.push(group('Faber', numField(ctx, `${p}.faber_sma_months`, 'SMA length (months)', '10', { int: true, min: 2, max: 24 })),
        checklist(ctx, `${p}.faber_universe`, 'Universe', ctx.columns));
      break;
    case 'tsmom':
      out.push(group('Time-series momentum',
        numField(ctx, `${p}.tsmom_lookback_months`, 'Lookback (months)', '12', { int: true, min: 1, max: 24 }),
        numField(ctx, `${p}.tsmom_skip_months`, 'Skip (months)', '1', { int: true, min: 0, max: 3 }),
        selField(ctx, `${p}.tsmom_mode`, 'Mode', ['long_only', 'long_only_vol_scaled', 'long_short_mop'], 'long only'),
      ), checklist(ctx, `${p}.tsmom_universe`, 'Universe', ctx.columns),
      advanced(group('Volatility scaling',
        numField(ctx, `${p}.tsmom_vol_target_mop`, 'Portfolio volatility target (long/short)', '0.40'),
        numField(ctx, `${p}.tsmom_asset_vol_target`, 'Asset volatility target', '0.10'),
        numField(ctx, `${p}.tsmom_com_days`, 'EWMA center of mass (days)', '60'),
        numField(ctx, `${p}.tsmom_ann_factor`, 'Annualization factor', '261'),
      )));
      break;
    case 'gem':
      out.push(group('Dual momentum',
        selField(ctx, `${p}.gem_us`, 'US equity', ctx.columns, 'SPY'),
        selField(ctx, `${p}.gem_intl`, 'International equity', ctx.columns, 'VEU'),
        selField(ctx, `${p}.gem_bonds`, 'Bonds', ctx.columns, 'AGG'),
        numField(ctx, `${p}.gem_lookback_months`, 'Lookback (months)', '12', { int: true }),
        selField(ctx, `${p}.gem_abs_filter`, 'Absolute filter', ['us_equity', 'winner'], 'us equity'),
      ));
      break;
    case 'static':
      out.push(weightsEditor(ctx, `${p}.weights`, 'Weights (sum to 1)'));
      break;
    case 'inverse_vol':
      out.push(group('Inverse volatility', numField(ctx, `${p}.iv_lookback`, 'Lookback (days)', '63', { int: true })),
        checklist(ctx, `${p}.assets`, 'Universe', ctx.columns));
      break;
  }
  out.push(...commonFields(ctx, i, s));
  return out;
}

/** Scenario-level fields: costs, risk-free rate, scenario benchmark. */
export function costFields(ctx: FormCtx): HTMLElement {
  return group('Fees and trading costs',
    numField(ctx, 'costs.fee_ann', 'Annual fee (fraction; 0.0055 = 0.55 %)', '0.0055', { min: 0, max: 0.05 }),
    selField(ctx, 'costs.fee_method', 'Fee method', ['subtract_monthly', 'multiply_nav', 'geometric'], 'subtract monthly'),
    numField(ctx, 'costs.tc_bps', 'Trading cost (basis points per unit traded)', '0', { min: 0, max: 200 }),
  );
}

/** Calendar and fill settings, initial NAV, the benchmark's rebalancing. */
export function dataSettings(ctx: FormCtx): HTMLElement {
  return advanced(group('Data settings',
    selField(ctx, 'data.frequency', 'Frequency', ['daily', 'monthly'], 'daily'),
    numField(ctx, 'data.periods_per_year', 'Periods per year', 'from frequency', { int: true, min: 1, max: 366 }),
    numField(ctx, 'data.max_ffill_days', 'Longest gap filled (rows)', '5', { int: true, min: 0, max: 20 }),
    numField(ctx, 'initial_nav', 'Initial NAV', '1.0'),
    selField(ctx, 'benchmark.rebalance', 'Benchmark rebalancing', ['month_end', 'daily', 'none'], 'month end'),
  ));
}

/** Options of the metric tables (docs/scenario.md `metrics`). */
export function metricOptions(ctx: FormCtx): HTMLElement {
  return advanced(group('Metric options',
    selField(ctx, 'metrics.year_basis', 'Years counted as', [['periods', 'periods / periods per year'], ['calendar', 'calendar days / 365.25']], 'periods / periods per year'),
    numField(ctx, 'metrics.var_horizon_periods', 'VaR / ES horizon (periods of the table: months)', '1', { int: true, min: 1, max: 252 }),
    selField(ctx, 'metrics.trailing_display', 'Trailing-year returns shown', [['both', 'cumulative and annualized'], ['cumulative', 'cumulative'], ['annualised', 'annualized']], 'both'),
    dateField(ctx, 'metrics.inception_anchor', 'Since inception from (date)', 'the first NAV date'),
  ));
}

/** A date (ISO text); empty = default. */
function dateField(ctx: FormCtx, path: string, label: string, dflt: string): HTMLElement {
  const v = getPath(ctx.doc, path);
  const input = h('input', { type: 'date', value: typeof v === 'string' ? v : '', 'data-path': path });
  input.addEventListener('change', () => ctx.set(path, input.value === '' ? undefined : input.value));
  return field(label, input, `empty = ${dflt}`);
}

export function riskFreeFields(ctx: FormCtx): HTMLElement {
  const rf = ((ctx.doc.data as { rf?: Record<string, unknown> } | undefined)?.rf ?? {}) as Record<string, unknown>;
  const source = (rf.source as string | undefined) ?? 'constant';
  const fields: HTMLElement[] = [selField(ctx, 'data.rf.source', 'Risk-free source', [['constant', 'constant rate'], ['index_series', 'a total-return cash index column'], ['yield_series', 'an annualized yield column']], 'constant')];
  if (source === 'constant') fields.push(numField(ctx, 'data.rf.rf_ann', 'Risk-free rate (annual fraction)', '0', { min: -0.05, max: 0.25 }));
  else fields.push(selField(ctx, 'data.rf.column', 'Risk-free column', ctx.columns));
  return group('Risk-free rate', ...fields);
}
