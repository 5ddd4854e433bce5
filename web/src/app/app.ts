// The calculator page: data (import + doctor + scenario data choices) → strategies (a ScenarioDoc edited by
// the form) → results (debounced re-run in the worker, progress, cancel) → share link / scenario JSON.
// mountApp works in any root (a plain element or a shadow root): it never queries the document.
import { growthChartOption, suggestLogScale } from '../charts/growth-chart';
import type { EngineBridge } from '../engine/bridge';
import { EngineError } from '../engine/engine-error';
import { DEFAULT_LOCALE, describeError, fmtNum, fmtPct } from '../shared/format';
import type { ImportOptions, ImportView, SourceFileInput } from '../shared/protocol';
import type { FrontierView, ScenarioDoc, ScenarioResult } from '../shared/result';
import {
  STRATEGY_KINDS, TAGS, applyTags, buildStrategy, defaultScenario, errorTarget, guessTags, missingColumns, setPath,
  type StrategyKind, type Tag, type Tags,
} from '../state/scenario';
import { shareUrl } from '../state/share';
import appCss from './app.css?inline';
import { ChartView } from './chart-view';
import { h, nextId, select } from './dom';
import { costFields, dataSettings, metricOptions, mixEditor, riskFreeFields, strategyFields, textField, type FormCtx } from './form';
import {
  chartsStyles, printFactSheet, renderAuditLog, renderCharts, renderExportPanel, renderFactSheet, renderMetricsTable,
  renderTables, resultsStyles,
  type ChartsHandle, type Handle, type ResultsContext,
} from './parts';
import { renderReport } from './report-view';
import { themeCss } from './theme';

export interface AppOptions {
  /** a scenario document, or the id of a bundled example (public/scenarios/<id>.json) */
  scenario?: ScenarioDoc | string;
  /** a CSV on the host's own origin, loaded instead of the sample */
  dataUrl?: string;
  locale?: string;
  /** hide the import report and the data preview chart; strategies folded */
  compact?: boolean;
  /** hears every page state change ('loading' | 'ready' | 'error'); the page mirrors it on <body> */
  onState?: (state: AppState) => void;
  /** ms of quiet after a parameter change before the re-run (default 300) */
  debounceMs?: number;
}

export interface AppHandle {
  loadFiles(files: { name: string; text: string | ArrayBuffer | Uint8Array }[]): Promise<void>;
  setScenario(doc: ScenarioDoc): Promise<void>;
  getResults(): ScenarioResult | null;
  onResult(cb: (r: ScenarioResult) => void): () => void;
  setLocale(locale: string): void;
  destroy(): void;
}

export type AppState = 'loading' | 'ready' | 'error';
type RunStatus = 'idle' | 'pending' | 'running' | 'done' | 'cancelled' | 'error' | 'waiting-data';

export const LOCALES: [string, string][] = [['en-US', 'English (US)'], ['en-GB', 'English (UK)'], ['de-DE', 'Deutsch']];

/** Bundled example scenarios (public/scenarios/*.json), by id. */
const EXAMPLES: Record<string, ScenarioDoc> = Object.fromEntries(
  Object.entries(import.meta.glob('../../../public/scenarios/*.json', { eager: true, import: 'default' })).map(([p, doc]) => [
    p.replace(/^.*\/(.*)\.json$/, '$1'),
    doc as ScenarioDoc,
  ]),
);

const TABS = [
  ['factsheet', 'Fact sheet'],
  ['tables', 'Tables'],
  ['metrics', 'Metrics'],
  ['charts', 'Charts'],
  ['audit', 'Audit log'],
  ['export', 'Export'],
] as const;
type TabId = (typeof TABS)[number][0];

/** Headline numbers shown above the tabs (the engine's values, formatted; data-raw holds the raw value). */
const HEADLINE: { key: string; label: string; pick: (s: ScenarioResult['strategies'][number]) => number | null; pct: boolean }[] = [
  { key: 'annualized_table.return_net.since_inception', label: 'Annualized return (net)', pct: true, pick: (s) => row(s.metrics.monthly.annualized_table, 'return_net', 'since_inception') },
  { key: 'annualized_table.return_benchmark.since_inception', label: 'Benchmark annualized', pct: true, pick: (s) => row(s.metrics.monthly.annualized_table, 'return_benchmark', 'since_inception') },
  { key: 'annualized_table.volatility_net.since_inception', label: 'Volatility (net)', pct: true, pick: (s) => row(s.metrics.monthly.annualized_table, 'volatility_net', 'since_inception') },
  { key: 'annualized_table.sharpe_net.since_inception', label: 'Return / volatility', pct: false, pick: (s) => row(s.metrics.monthly.annualized_table, 'sharpe_net', 'since_inception') },
  { key: 'fact_sheet.net.max_drawdown', label: 'Max drawdown (net)', pct: true, pick: (s) => row(s.metrics.monthly.fact_sheet, 'net', 'max_drawdown') },
  { key: 'fact_sheet.net.return_cumulative', label: 'Cumulative (net)', pct: true, pick: (s) => row(s.metrics.monthly.fact_sheet, 'net', 'return_cumulative') },
];

function row(t: { rows: { name: string; values: Record<string, number | null> }[] } | undefined, name: string, key: string): number | null {
  return t?.rows.find((r) => r.name === name)?.values[key] ?? null;
}

export function mountApp(root: HTMLElement | ShadowRoot, engine: EngineBridge, options: AppOptions = {}): AppHandle {
  const app = new App(root, engine, options);
  void app.start();
  return app.handle();
}

class App {
  private doc: ScenarioDoc = { version: 1, strategies: [] };
  private view: ImportView | null = null;
  private tags: Tags = {};
  private importOptions: ImportOptions = {};
  private lastFiles: { files: SourceFileInput[]; label: string; sample: boolean } | null = null;
  private result: ScenarioResult | null = null;
  private selected: number[] = [];
  private locale: string;
  private basis: 'net' | 'gross' = 'net';
  private convention: 'pa' | 'seed' = 'pa';
  private tab: TabId = 'factsheet';
  private busyImport = false;
  /** the scenario came from the user (share link, JSON import, example, API), not from the defaults */
  private pinned = false;
  private importError = false;
  private runStatus: RunStatus = 'idle';
  private runSeq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private importCtl: AbortController | null = null;
  private runCtl: AbortController | null = null;
  private runDone: (() => void)[] = [];
  private listeners = new Set<(r: ScenarioResult) => void>();
  private handles = new Map<TabId, Handle | ChartsHandle>();
  private dirty = new Set<TabId>();
  private chart: ChartView | null = null;
  private destroyed = false;
  private readonly debounceMs: number;
  private readonly el: Record<string, HTMLElement> = {};
  private readonly appEl: HTMLElement;

  constructor(private readonly root: HTMLElement | ShadowRoot, private readonly engine: EngineBridge, private readonly options: AppOptions) {
    this.locale = options.locale ?? DEFAULT_LOCALE;
    this.debounceMs = options.debounceMs ?? 300;
    this.appEl = this.build();
  }

  handle(): AppHandle {
    return {
      loadFiles: (files) => this.settle(() => this.load(files.map((f) => ({ name: f.name, text: f.text })), files.map((f) => f.name).join(', '), false, false)),
      setScenario: (doc) => this.settle(() => this.setScenario(doc)),
      getResults: () => this.result,
      onResult: (cb) => {
        this.listeners.add(cb);
        return () => this.listeners.delete(cb);
      },
      setLocale: (l) => this.setLocale(l),
      destroy: () => this.destroy(),
    };
  }

  /** For the API: runs `act` and rejects with what the page shows when it failed (the import's or the run's
   * error, or the columns the scenario lacks); a call superseded by a newer one resolves. */
  private async settle(act: () => Promise<void>): Promise<void> {
    this.failure = null;
    await act();
    const failure = this.failure as unknown;
    if (failure) throw failure;
    if (this.runStatus === 'waiting-data') throw new Error(this.el.runStatus!.textContent ?? 'the scenario names columns the loaded data lacks');
  }
  /** the last import or run error (for `settle`) */
  private failure: unknown = null;

  // ---------------------------------------------------------------- start

  async start(): Promise<void> {
    this.busyImport = true;
    this.refreshState();
    const initial = typeof this.options.scenario === 'string' ? EXAMPLES[this.options.scenario] ?? null : this.options.scenario ?? null;
    if (typeof this.options.scenario === 'string' && !initial) this.showError(`Unknown example scenario "${this.options.scenario}"`);
    this.engine.version().then(
      (v) => (this.el.status!.textContent = `Engine ${v.version} ready (WebAssembly${v.simd ? ' + SIMD' : ''})`),
      (e) => this.showError(e),
    );
    if (initial) {
      this.doc = normalize(initial);
      this.pinned = true;
      this.openFirstCard();
    }
    if (this.options.dataUrl) {
      try {
        const res = await fetch(this.options.dataUrl);
        if (!res.ok) throw new Error(`${this.options.dataUrl}: HTTP ${res.status}`);
        const name = decodeURIComponent(new URL(this.options.dataUrl, location.href).pathname.split('/').pop() || 'data.csv');
        await this.load([{ name, text: new Uint8Array(await res.arrayBuffer()) }], name, false, false);
      } catch (e) {
        this.busyImport = false;
        this.importError = true;
        this.showError(e);
        this.refreshState();
      }
    } else {
      await this.loadSample(false);
    }
  }

  async loadSample(resetScenario: boolean): Promise<void> {
    this.busyImport = true;
    this.refreshState();
    // a separate chunk in the normal build (loaded in parallel with the engine); inlined in the single file
    const sample = await import('../sample/sample-data');
    await this.load(sample.sampleFiles(), `${sample.SAMPLE_FILE_NAME}`, true, resetScenario);
  }

  // ---------------------------------------------------------------- data

  private async loadUserFiles(files: File[]): Promise<void> {
    this.busyImport = true;
    this.refreshState();
    const inputs: SourceFileInput[] = await Promise.all(files.map(async (f) => ({ name: f.name, text: new Uint8Array(await f.arrayBuffer()) })));
    await this.load(inputs, files.map((f) => f.name).join(', '), false, false);
  }

  /** Import files (the doctor's options apply); on success the scenario is kept when its columns exist,
   * else (or with `resetScenario`) replaced by the default scenario for the new columns. */
  private async load(files: SourceFileInput[], label: string, sample: boolean, resetScenario: boolean): Promise<void> {
    this.importCtl?.abort();
    this.cancelRun('idle');
    const ctl = new AbortController();
    this.importCtl = ctl;
    this.busyImport = true;
    this.importError = false;
    this.refreshState();
    this.hideError();
    // keep a copy: the bridge transfers byte buffers to the worker, and "date order" re-imports the same files
    this.lastFiles = { files: files.map((f) => ({ name: f.name, text: f.text instanceof Uint8Array ? f.text.slice() : f.text })), label, sample };
    try {
      const view = await this.engine.importFiles(files, { ...this.importOptions }, ctl.signal);
      if (ctl.signal.aborted || this.destroyed) return;
      const sameColumns = this.view && view.panel.names.join('\n') === this.view.panel.names.join('\n');
      this.view = view;
      if (!sameColumns) this.tags = guessTags(view.panel.names);
      this.setSource(label, sample, view);
      renderReport({ table: this.el.reportTable as HTMLTableElement, summary: this.el.reportSummary!, files: this.el.reportFiles!, warnings: this.el.reportWarnings! }, view.report);
      (this.el.logScale as HTMLInputElement).checked = suggestLogScale(view.growth);
      this.renderPreview();
      this.renderTags();
      const ctx = { columns: view.panel.names, tags: this.tags };
      // a scenario the user set (share link, import, API) is kept (and waits for files that have its columns);
      // the default one is rebuilt when the columns change
      const missing = missingColumns(this.doc, view.panel.names).length > 0;
      if (resetScenario || !this.doc.strategies.length || (missing && !this.pinned)) {
        this.doc = defaultScenario(ctx);
        this.pinned = false;
        this.openFirstCard();
      }
      if (this.importOptions.kind && this.importOptions.kind !== 'auto') this.doc = setPath(this.doc, 'data.kind', this.importOptions.kind);
      else this.doc = setPath(this.doc, 'data.kind', undefined);
      this.renderForm();
      this.busyImport = false;
      this.runStatus = 'idle';
      this.refreshState();
      await this.runNow();
    } catch (e) {
      if (e instanceof EngineError && e.code === 'aborted') return;
      this.busyImport = false;
      this.importError = true;
      this.failure = e;
      this.showError(e);
      this.refreshState();
    } finally {
      if (this.importCtl === ctl) this.importCtl = null;
    }
  }

  private reimport(): void {
    if (!this.lastFiles) return;
    const { files, label, sample } = this.lastFiles;
    void this.load(files, label, sample, false);
  }

  // ---------------------------------------------------------------- scenario

  private formCtx(): FormCtx {
    // `doc` is read live: a handler that fires before the form re-renders (two edits within one task) must
    // build on the latest document, not on the one the form was drawn from
    const app = this;
    return {
      get doc() { return app.doc; },
      columns: this.view?.panel.names ?? [],
      tags: this.tags,
      set: (path, value) => {
        // a renamed card stays open
        const m = /^strategies\[(\d+)\]\.name$/.exec(path);
        const old = m ? this.doc.strategies[Number(m[1])]?.name : undefined;
        if (old !== undefined && this.openCards.delete(old) && typeof value === 'string') this.openCards.add(value);
        this.edit(setPath(this.doc, path, value));
      },
      replace: (doc) => this.edit(doc),
    };
  }

  /** Every edit: new document → re-render the form (after the browser has moved the focus, e.g. on Tab, so
   * the focus stays where the user put it) → debounced run. */
  private edit(doc: ScenarioDoc): void {
    this.doc = doc;
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => {
      this.renderTimer = null;
      this.renderForm();
    }, 0);
    this.scheduleRun();
  }
  private renderTimer: ReturnType<typeof setTimeout> | null = null;

  async setScenario(doc: ScenarioDoc): Promise<void> {
    this.doc = normalize(doc);
    this.pinned = true;
    this.openFirstCard();
    this.renderForm();
    await this.runNow();
  }

  private setLocale(locale: string): void {
    this.locale = locale;
    (this.el.locale as HTMLSelectElement).value = locale;
    this.renderResults();
  }

  // ---------------------------------------------------------------- run

  private scheduleRun(): void {
    if (this.timer) clearTimeout(this.timer);
    this.runStatus = 'pending';
    this.importError = false;
    this.refreshState();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow();
    }, this.debounceMs);
  }

  private cancelRun(status: RunStatus): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ctl = this.runCtl;
    this.runCtl = null;
    ctl?.abort();
    if (ctl || this.runStatus === 'pending' || this.runStatus === 'running') {
      this.runStatus = status;
      this.setRunUi();
      this.refreshState();
    }
  }

  /** Run the current scenario on the current data now (cancelling a run in flight). */
  private async runNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.runCtl?.abort();
    this.frontierCtl?.abort();
    this.frontierCtl = null;
    this.clearFieldErrors();
    const view = this.view;
    if (!view) return;
    const missing = missingColumns(this.doc, view.panel.names);
    if (missing.length) {
      this.runStatus = 'waiting-data';
      this.setRunUi(`This scenario names columns the loaded data lacks: ${missing.join(', ')}. Load files that have them (section 1).`);
      this.refreshState();
      return;
    }
    if (!this.doc.strategies.length) {
      this.runStatus = 'idle';
      this.setRunUi('Add a strategy to run.');
      this.refreshState();
      return;
    }
    const ctl = new AbortController();
    this.runCtl = ctl;
    this.runStatus = 'running';
    const progress = this.el.progress as HTMLProgressElement;
    progress.max = this.doc.strategies.length;
    progress.value = 0;
    this.setRunUi(`Running ${this.doc.strategies.length} strateg${this.doc.strategies.length === 1 ? 'y' : 'ies'}…`);
    this.refreshState();
    const doc = structuredClone(this.doc);
    try {
      const result = await this.engine.runScenario(doc, view.panel, {
        signal: ctl.signal,
        onProgress: (p) => {
          if (this.runCtl !== ctl) return;
          progress.max = p.total;
          progress.value = p.done;
          this.el.runStatus!.textContent = `Ran ${p.done} of ${p.total}: ${p.strategy}`;
        },
      });
      if (this.runCtl !== ctl || this.destroyed) return;
      this.runCtl = null;
      this.setResult(result, Math.round(result.engineMs));
    } catch (e) {
      if (this.runCtl !== ctl) return; // superseded or cancelled
      this.runCtl = null;
      this.runStatus = 'error';
      this.failure = e;
      this.showRunError(e);
      this.setRunUi();
      this.refreshState();
    }
  }

  private setResult(result: ScenarioResult, ms: number): void {
    const prevNames = this.result?.strategies.map((s) => s.name) ?? [];
    const prevSel = new Set(this.selected.map((i) => prevNames[i]));
    this.result = result;
    const names = result.strategies.map((s) => s.name);
    const kept = names.map((n, i) => (prevSel.has(n) ? i : -1)).filter((i) => i >= 0);
    const fresh = names.map((n, i) => (!prevNames.includes(n) ? i : -1)).filter((i) => i >= 0);
    this.selected = [...new Set([...kept, ...fresh])].sort((a, b) => a - b);
    if (!this.selected.length) this.selected = names.map((_, i) => i);
    this.runSeq += 1;
    this.runStatus = 'done';
    this.appEl.dataset.runSeq = String(this.runSeq);
    this.setRunUi(`Done: ${names.length} strateg${names.length === 1 ? 'y' : 'ies'} in ${ms} ms (engine).`);
    this.renderCompare();
    this.dirty = new Set(TABS.map((t) => t[0]));
    this.renderResults();
    this.refreshState();
    for (const cb of this.listeners) cb(result);
  }

  // ---------------------------------------------------------------- state

  private refreshState(): void {
    const running = this.runStatus === 'pending' || this.runStatus === 'running';
    const state: AppState = this.busyImport || running ? 'loading' : this.importError || this.runStatus === 'error' ? 'error' : 'ready';
    this.appEl.dataset.state = state;
    this.el.results?.setAttribute('aria-busy', String(running));
    this.appEl.dataset.run = this.runStatus;
    (this.el.cancel as HTMLButtonElement).disabled = !running;
    this.options.onState?.(state);
    if (!running) for (const f of this.runDone.splice(0)) f();
  }

  private setRunUi(text?: string): void {
    const progress = this.el.progress as HTMLProgressElement;
    progress.hidden = this.runStatus !== 'running';
    if (this.runStatus !== 'error') this.el.runError!.hidden = true;
    if (text !== undefined) this.el.runStatus!.textContent = text;
    else if (this.runStatus === 'cancelled') this.el.runStatus!.textContent = 'Cancelled. The results below are from the previous run.';
    else if (this.runStatus === 'error') this.el.runStatus!.textContent = 'The run failed (see below).';
  }

  // ---------------------------------------------------------------- errors

  private hideError(): void {
    const el = this.el.error!;
    el.hidden = true;
    el.replaceChildren();
    for (const k of ['code', 'file', 'row', 'column']) delete el.dataset[k];
  }

  private showError(e: unknown): void {
    const el = this.el.error!;
    el.replaceChildren();
    const data = e instanceof EngineError ? e.toData() : null;
    el.append(h('span', { class: 'where', text: data ? 'Could not import: ' : 'Error: ' }), data ? describeError(data) : e instanceof Error ? e.message : String(e));
    if (data) {
      el.append(h('span', { class: 'code', text: data.code }));
      el.dataset.code = data.code;
      el.dataset.file = data.file;
      el.dataset.row = String(data.row);
      el.dataset.column = String(data.column);
      if (data.code === 'ambiguous_date' || data.code === 'bad_date' || data.code === 'mixed_date_formats')
        el.append(h('div', { text: 'Choose the date order under "Interpretation" below; the files are read again at once.' }));
    }
    el.hidden = false;
    if (this.view) el.append(h('div', { text: 'Nothing was imported from these files; the data below is unchanged.' }));
  }

  private showRunError(e: unknown): void {
    const el = this.el.runError!;
    el.replaceChildren();
    const data = e instanceof EngineError ? e.toData() : null;
    el.append(h('span', { class: 'where', text: 'Could not run: ' }), data ? describeError(data) : String(e));
    el.hidden = false;
    if (data) {
      el.dataset.code = data.code;
      el.dataset.file = data.file;
      // a scenario error names a field path: show it next to that field too
      const has = (p: string) => !!this.root.querySelector(`[data-path="${cssEscape(p)}"]`);
      const target = data.file ? errorTarget(data.file, has) : null;
      if (target) {
        const ctl = this.root.querySelector<HTMLElement>(`[data-path="${cssEscape(target)}"]`)!;
        const id = nextId('err');
        const msg = h('span', { class: 'rd-field-error', id, role: 'alert', 'data-for': target, text: data.message });
        ctl.setAttribute('aria-invalid', 'true');
        ctl.setAttribute('aria-describedby', `${ctl.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
        (ctl.closest('.rd-field') ?? ctl).after(msg);
        el.dataset.field = target;
      }
    }
  }

  private clearFieldErrors(): void {
    for (const m of this.root.querySelectorAll('.rd-field-error')) m.remove();
    for (const c of this.root.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  }

  // ---------------------------------------------------------------- rendering

  private build(): HTMLElement {
    const style = h('style', { text: themeCss('.rd-app') + appCss + '\n' + resultsStyles + '\n' + chartsStyles });
    const el = this.el;
    const appEl = h('div', { class: `rd-app${this.options.compact ? ' rd-compact' : ''}`, 'data-state': 'loading', 'data-run': 'idle', 'data-run-seq': '0' });

    // header
    el.status = h('p', { id: 'engine-status', class: 'rd-status', 'aria-live': 'polite', text: 'Starting the engine…' });
    el.locale = select(LOCALES, this.locale, { id: 'locale' });
    el.locale.addEventListener('change', () => this.setLocale((el.locale as HTMLSelectElement).value));
    el.shareUrl = h('input', { id: 'share-url', type: 'text', readOnly: true, 'aria-label': 'Share link', class: 'rd-share-url', hidden: true });
    el.shareStatus = h('span', { id: 'share-status', 'aria-live': 'polite' });
    const importScenario = h('input', { id: 'import-scenario', type: 'file', accept: '.json,application/json', class: 'rd-visually-hidden', tabindex: '-1' });
    importScenario.addEventListener('change', () => {
      const f = importScenario.files?.[0];
      importScenario.value = '';
      if (f) void f.text().then((t) => {
        try {
          void this.setScenario(JSON.parse(t) as ScenarioDoc);
        } catch (e) {
          this.showError(new Error(`${f.name}: not a JSON scenario (${e instanceof Error ? e.message : String(e)})`));
        }
      });
    });
    const header = h('header', { class: 'rd-top' },
      h('div', { class: 'rd-brand' }, h('h1', { text: 'riskdial' }), h('p', { class: 'rd-tagline', text: 'Your files stay on this computer: everything is computed in your browser.' }), el.status),
      h('div', { class: 'rd-toolbar', role: 'group', 'aria-label': 'Page settings and sharing' },
        h('label', { for: 'locale', text: 'Number format ' }), el.locale,
        h('button', { id: 'share-link', type: 'button', text: 'Copy share link', onclick: () => void this.share() }),
        h('button', { id: 'export-scenario', type: 'button', text: 'Export scenario JSON', onclick: () => this.exportScenario() }),
        h('label', { class: 'rd-button', for: 'import-scenario', tabindex: '0', role: 'button', id: 'import-scenario-label', onkeydown: (e: Event) => keyClick(e, importScenario) }, 'Import scenario JSON', importScenario),
        el.shareStatus, el.shareUrl),
    );

    // 1. data
    // the drop zone (a button for the keyboard) opens the picker; the hidden input itself is not a tab stop
    const fileInput = h('input', { id: 'file-input', type: 'file', multiple: true, accept: '.csv,.txt,.tsv,text/csv,text/plain', class: 'rd-visually-hidden', tabindex: '-1' });
    fileInput.addEventListener('change', () => {
      if (fileInput.files && fileInput.files.length) void this.loadUserFiles([...fileInput.files]);
      fileInput.value = '';
    });
    const zone = h('div', { id: 'drop-zone', class: 'rd-drop', tabindex: '0', role: 'button', 'aria-label': 'Drop CSV files here, or press Enter to choose files' },
      h('p', {}, h('strong', { text: 'Drop CSV files here' }), ' or ', h('label', { class: 'rd-file-label', for: 'file-input', text: 'choose files' }), fileInput),
      h('p', { class: 'rd-help', text: 'Wide (Date + one column per asset), long (date, ticker, value), one file per asset or Yahoo/Stooq exports; several files are merged on their dates.' }));
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('dragover');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragover'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('dragover');
      const files = e.dataTransfer ? [...e.dataTransfer.files] : [];
      if (files.length) void this.loadUserFiles(files);
    });
    zone.addEventListener('keydown', (e) => {
      if (e.target === zone) keyClick(e, fileInput);
    });
    el.source = h('span', { id: 'source-label', class: 'rd-source' });
    el.error = h('div', { id: 'error', class: 'rd-error', role: 'alert', hidden: true });
    const dateOrder = select([['auto', 'detect'], ['ymd', 'year-month-day'], ['mdy', 'month/day/year'], ['dmy', 'day/month/year']], 'auto', { id: 'date-order' });
    dateOrder.addEventListener('change', () => {
      this.importOptions.dateOrder = dateOrder.value as ImportOptions['dateOrder'];
      this.reimport();
    });
    const kind = select([['auto', 'detect'], ['prices', 'prices (or index levels)'], ['returns', 'returns (decimal)']], 'auto', { id: 'value-kind' });
    kind.addEventListener('change', () => {
      this.importOptions.kind = kind.value as ImportOptions['kind'];
      this.reimport();
    });
    el.reportSummary = h('p', { id: 'report-summary', class: 'rd-summary' });
    el.reportFiles = h('ul', { id: 'report-files', class: 'rd-files' });
    el.reportWarnings = h('ul', { id: 'report-warnings', class: 'rd-warnings' });
    el.reportTable = h('table', { id: 'report-table' },
      h('caption', { class: 'rd-visually-hidden', text: 'What the import understood, per column' }),
      h('thead', {}, h('tr', {}, ...['Column', 'First date', 'Last date', 'Observations', 'Kind', 'Frequency', 'Gaps filled', 'Warnings'].map((t, i) => h('th', { scope: 'col', class: [3, 6].includes(i) ? 'num' : '', text: t })))),
      h('tbody'));
    el.tags = h('div', { id: 'asset-groups', class: 'rd-tags' });
    el.dataChoices = h('div', { id: 'data-choices', class: 'rd-data-choices' });
    el.logScale = h('input', { id: 'log-scale', type: 'checkbox', onchange: () => this.renderPreview() });
    el.chart = h('div', { id: 'chart', class: 'rd-chart', role: 'img', 'aria-label': 'Growth of one dollar for every column' });
    const data = h('section', { class: 'rd-section rd-data', 'aria-labelledby': 'data-title' },
      h('h2', { id: 'data-title', text: '1. Data' }),
      zone,
      h('div', { class: 'rd-actions' }, h('button', { id: 'load-sample', type: 'button', text: 'Load sample data', onclick: () => void this.loadSample(true) }), el.source),
      el.error,
      h('fieldset', { class: 'rd-interpret' }, h('legend', { text: 'Interpretation (the files are read again on change)' }),
        h('div', { class: 'rd-grid' },
          h('div', { class: 'rd-field' }, h('label', { for: 'date-order', text: 'Date order of a/b/yyyy dates' }), dateOrder),
          h('div', { class: 'rd-field' }, h('label', { for: 'value-kind', text: 'Values are' }), kind))),
      h('div', { class: 'rd-report' }, el.reportSummary, el.reportFiles, el.reportWarnings, h('div', { class: 'rd-scroll', tabindex: '0', role: 'region', 'aria-label': 'Import report table' }, el.reportTable)),
      el.dataChoices,
      el.tags,
      h('details', { class: 'rd-preview' }, h('summary', { text: 'Growth of $1 of every loaded column' }),
        h('label', { class: 'rd-check' }, el.logScale, ' log scale'), el.chart),
    );

    // 2. strategies
    const addKind = select(STRATEGY_KINDS.map((k) => [k.kind, k.label]), 'rt_baseline', { id: 'add-kind' });
    const example = select(Object.keys(EXAMPLES).map((k) => [k, k.replace(/_/g, ' ')]), Object.keys(EXAMPLES)[0] ?? '', { id: 'example' });
    el.costs = h('div', { id: 'costs' });
    el.strategies = h('div', { id: 'strategies', class: 'rd-strategies' });
    const strategies = h('section', { class: 'rd-section rd-strategy', 'aria-labelledby': 'strategy-title' },
      h('h2', { id: 'strategy-title', text: '2. Strategies' }),
      h('div', { class: 'rd-actions' },
        h('label', { for: 'add-kind', text: 'Strategy' }), addKind,
        h('button', { id: 'add-strategy', type: 'button', text: 'Add', onclick: () => this.addStrategy(addKind.value as StrategyKind) }),
        h('label', { for: 'example', text: 'Example scenario' }), example,
        h('button', { id: 'load-example', type: 'button', text: 'Load example', onclick: () => {
          const doc = EXAMPLES[example.value];
          if (doc) void this.setScenario(doc);
        } }),
        h('button', { id: 'reset-scenario', type: 'button', text: 'Defaults', onclick: () => {
          if (!this.view) return;
          this.pinned = false;
          this.doc = defaultScenario({ columns: this.view.panel.names, tags: this.tags });
          this.openFirstCard();
          this.edit(this.doc);
        } })),
      el.costs,
      el.strategies,
    );

    // 3. results
    el.progress = h('progress', { id: 'run-progress', hidden: true, 'aria-label': 'Run progress' });
    el.cancel = h('button', { id: 'cancel-run', type: 'button', text: 'Cancel', disabled: true, onclick: () => this.cancelRun('cancelled') });
    el.runStatus = h('span', { id: 'run-status', 'aria-live': 'polite' });
    el.runError = h('div', { id: 'run-error', class: 'rd-error', role: 'alert', hidden: true });
    el.compare = h('fieldset', { id: 'compare', class: 'rd-compare' }, h('legend', { text: 'Show' }));
    const radios = (name: string, opts: [string, string][], cur: string, on: (v: string) => void) => {
      const fs = h('fieldset', { id: name, class: 'rd-radios' }, h('legend', { text: name === 'basis' ? 'Return basis (charts)' : 'Metric convention' }));
      for (const [v, l] of opts) {
        const r = h('input', { type: 'radio', name: `${name}-${nextId()}`, value: v, checked: v === cur, id: `${name}-${v}` });
        r.addEventListener('change', () => r.checked && on(v));
        fs.append(h('label', { class: 'rd-check' }, r, ` ${l}`));
      }
      return fs;
    };
    const basis = radios('basis', [['net', 'net of fees'], ['gross', 'gross']], this.basis, (v) => {
      this.basis = v as 'net' | 'gross';
      this.markAllDirty();
    });
    const convention = radios('convention', [['pa', 'PerformanceAnalytics'], ['seed', 'seed documents']], this.convention, (v) => {
      this.convention = v as 'pa' | 'seed';
      this.markAllDirty();
    });
    // the radio groups share one name per group
    for (const fs of [basis, convention]) {
      const n = nextId('g');
      for (const r of fs.querySelectorAll('input')) r.name = n;
    }
    el.headline = h('div', { id: 'headline', class: 'rd-scroll', tabindex: '0', role: 'region', 'aria-label': 'Headline numbers' });
    const tablist = h('div', { class: 'rd-tabs', role: 'tablist', 'aria-label': 'Result views' });
    const panels = h('div', { class: 'rd-panels' });
    for (const [id, label] of TABS) {
      const tab = h('button', { id: `tab-${id}`, type: 'button', role: 'tab', 'aria-controls': `panel-${id}`, 'aria-selected': String(id === this.tab), text: label });
      tab.addEventListener('click', () => this.showTab(id));
      tab.addEventListener('keydown', (e) => {
        const i = TABS.findIndex((t) => t[0] === id);
        const k = (e as KeyboardEvent).key;
        const j = k === 'ArrowRight' ? (i + 1) % TABS.length : k === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
        if (j >= 0) {
          e.preventDefault();
          this.showTab(TABS[j]![0]);
          (this.el[`tab-${TABS[j]![0]}`] as HTMLElement).focus();
        }
      });
      el[`tab-${id}`] = tab;
      el[`panel-${id}`] = h('div', { id: `panel-${id}`, role: 'tabpanel', 'aria-labelledby': `tab-${id}`, class: 'rd-panel', hidden: id !== this.tab, tabindex: '0' });
      tablist.append(tab);
      panels.append(el[`panel-${id}`]!);
    }
    const results = (el.results = h('section', { class: 'rd-section rd-results', 'aria-labelledby': 'results-title' },
      h('h2', { id: 'results-title', text: '3. Results' }),
      h('div', { class: 'rd-runbar' },
        h('button', { id: 'run-now', type: 'button', class: 'rd-primary', text: 'Run now', onclick: () => void this.runNow() }),
        el.cancel, el.progress, el.runStatus,
        h('button', { id: 'print-factsheet', type: 'button', text: 'Print fact sheet', onclick: () => this.print() })),
      el.runError,
      h('div', { class: 'rd-view-controls' }, el.compare, basis, convention),
      el.headline,
      tablist,
      panels,
    ));

    appEl.append(style, header, h('main', { class: 'rd-main' }, h('div', { class: 'rd-col rd-col-inputs' }, data, strategies), h('div', { class: 'rd-col rd-col-results' }, results)),
      h('footer', { class: 'rd-footer', text: 'riskdial · a portfolio calculator that runs entirely in your browser · no data leaves this page' }));
    this.root.append(appEl);
    this.chart = new ChartView(el.chart);
    return appEl;
  }

  private setSource(label: string, sample: boolean, view: ImportView): void {
    const el = this.el.source!;
    el.replaceChildren(`Showing: ${label} (${view.panel.cols} series)`);
    el.dataset.sample = sample ? '1' : '0';
    if (sample) el.append(h('span', { class: 'rd-badge', text: 'synthetic sample data' }));
  }

  private renderPreview(): void {
    if (!this.view || !this.chart) return;
    const logScale = (this.el.logScale as HTMLInputElement).checked;
    this.chart.render(growthChartOption(this.view.growth, { logScale }), this.view.growth.cols);
  }

  /** Asset groups: one select per column (equity / bonds / alts / none). */
  private renderTags(): void {
    const el = this.el.tags!;
    el.replaceChildren();
    const columns = this.view?.panel.names ?? [];
    const fs = h('details', { open: this.tagsOpen }, h('summary', { text: 'Asset groups (equity / bonds / alts: build universes, trend sleeves and group limits)' }));
    fs.addEventListener('toggle', () => (this.tagsOpen = fs.open));
    const grid = h('div', { class: 'rd-grid' });
    for (const c of columns) {
      const sel = select(TAGS.map((t) => [t, t]), this.tags[c] ?? 'none', { 'data-column': c });
      const id = nextId('tag');
      sel.id = id;
      sel.addEventListener('change', () => {
        this.tags = { ...this.tags, [c]: sel.value as Tag };
        this.edit(applyTags(this.doc, { columns, tags: this.tags }));
      });
      grid.append(h('div', { class: 'rd-field' }, h('label', { for: id, text: c }), sel));
    }
    fs.append(grid);
    el.append(fs);
  }

  /** The scenario form: data choices (benchmark, risk-free), costs, one card per strategy. */
  private renderForm(): void {
    const active = ('activeElement' in this.root ? this.root.activeElement : this.root.ownerDocument.activeElement) as HTMLElement | null;
    const focusables = () =>
      [this.el.dataChoices!, this.el.costs!, this.el.strategies!].flatMap((c) => [...c.querySelectorAll<HTMLElement>('input, select, button, summary, textarea')]);
    const focusIndex = active ? focusables().indexOf(active) : -1;
    // "Advanced" sections the user opened stay open (an edit inside one re-renders the form)
    const advanced = () => [this.el.dataChoices!, this.el.costs!, this.el.strategies!].flatMap((c) => [...c.querySelectorAll<HTMLDetailsElement>('details.rd-advanced')]);
    const openAdvanced = new Set(advanced().filter((d) => d.open).map((d) => d.dataset.key));
    const ctx = this.formCtx();
    const choices = this.el.dataChoices!;
    choices.replaceChildren(
      h('h3', { text: 'Scenario data choices' }),
      h('div', { class: 'rd-grid rd-grid-wide' }, mixEditor(ctx, 'benchmark', 'Benchmark (scenario)', 'benchmark', null), riskFreeFields(ctx)),
      dataSettings(ctx),
      metricOptions(ctx),
    );
    this.el.costs!.replaceChildren(costFields(ctx));
    const list = this.el.strategies!;
    list.replaceChildren();
    this.doc.strategies.forEach((s, i) => {
      const remove = h('button', { type: 'button', class: 'rd-remove', text: 'Remove', 'aria-label': `Remove ${s.name}` });
      remove.addEventListener('click', () => this.edit({ ...this.doc, strategies: this.doc.strategies.filter((_, j) => j !== i) }));
      const up = h('button', { type: 'button', text: 'Move up', 'aria-label': `Move ${s.name} up`, disabled: i === 0 });
      up.addEventListener('click', () => {
        const l = [...this.doc.strategies];
        [l[i - 1], l[i]] = [l[i]!, l[i - 1]!];
        this.edit({ ...this.doc, strategies: l });
      });
      const details = h('details', { class: 'rd-card', 'data-path': `strategies[${i}]`, open: this.openCards.has(s.name) },
        h('summary', {}, h('span', { class: 'rd-card-title', text: s.name }), h('span', { class: 'rd-card-type', text: ` ${s.type}${s.preset ? ` · ${String(s.preset)}` : ''}` })),
        h('div', { class: 'rd-card-body' },
          h('div', { class: 'rd-grid' }, textField(ctx, `strategies[${i}].name`, 'Name', { required: true }), h('div', { class: 'rd-card-actions' }, up, remove)),
          ...strategyFields(ctx, i)));
      details.dataset.index = String(i);
      list.append(details);
    });
    // remember which cards are open across re-renders
    for (const d of list.querySelectorAll<HTMLDetailsElement>('details.rd-card')) {
      const i = Number(d.dataset.index);
      d.addEventListener('toggle', () => {
        const n = this.doc.strategies[i]?.name ?? '';
        if (d.open) this.openCards.add(n);
        else this.openCards.delete(n);
      });
    }
    for (const d of advanced()) if (d.dataset.key && openAdvanced.has(d.dataset.key)) d.open = true;
    if (focusIndex >= 0) focusables()[focusIndex]?.focus();
  }
  private openCards = new Set<string>();
  private tagsOpen = false;

  private openFirstCard(): void {
    this.openCards.clear();
    const first = this.doc.strategies[0]?.name;
    const narrow = typeof matchMedia === 'function' && matchMedia('(max-width: 600px)').matches;
    if (first && !this.options.compact && !narrow) this.openCards.add(first);
  }

  private addStrategy(kind: StrategyKind): void {
    if (!this.view) return;
    const s = buildStrategy(kind, { columns: this.view.panel.names, tags: this.tags }, this.doc);
    this.openCards.add(s.name);
    this.edit({ ...this.doc, strategies: [...this.doc.strategies, s] });
  }

  private renderCompare(): void {
    const fs = this.el.compare!;
    fs.replaceChildren(h('legend', { text: 'Show (compare)' }));
    this.result?.strategies.forEach((s, i) => {
      const box = h('input', { type: 'checkbox', checked: this.selected.includes(i), value: String(i), 'data-strategy': s.name });
      box.addEventListener('change', () => {
        const sel = new Set(this.selected);
        if (box.checked) sel.add(i);
        else sel.delete(i);
        this.selected = [...sel].sort((a, b) => a - b);
        this.markAllDirty();
      });
      fs.append(h('label', { class: 'rd-check' }, box, ` ${s.name}`));
    });
  }

  private markAllDirty(): void {
    this.dirty = new Set(TABS.map((t) => t[0]));
    this.renderResults();
  }

  private showTab(id: TabId): void {
    this.tab = id;
    for (const [t] of TABS) {
      this.el[`tab-${t}`]!.setAttribute('aria-selected', String(t === id));
      this.el[`panel-${t}`]!.hidden = t !== id;
    }
    this.renderResults();
  }

  private renderHeadline(): void {
    const el = this.el.headline!;
    el.replaceChildren();
    const r = this.result;
    if (!r) return;
    const table = h('table', { class: 'rd-headline' }, h('caption', { text: 'Since inception (monthly returns; the tabs below have every number)' }));
    const head = h('tr', {}, h('th', { scope: 'col', text: 'Strategy' }), h('th', { scope: 'col', text: 'Benchmark' }), ...HEADLINE.map((c) => h('th', { scope: 'col', class: 'num', text: c.label })));
    table.append(h('thead', {}, head));
    const body = h('tbody');
    for (const i of this.selected) {
      const s = r.strategies[i];
      if (!s) continue;
      const bench = s.flags.find((f) => f.startsWith('benchmark:'))?.slice('benchmark:'.length) ?? r.benchmark;
      const tr = h('tr', { 'data-strategy': s.name }, h('th', { scope: 'row', text: s.name }), h('td', { class: 'rd-bench', 'data-label': 'Benchmark', text: bench }));
      for (const c of HEADLINE) {
        const v = c.pick(s);
        const td = h('td', { class: 'num', 'data-label': c.label, 'data-key': c.key, 'data-raw': JSON.stringify(v), 'data-digits': '2', 'data-pct': c.pct ? '1' : '0' });
        td.textContent = c.pct ? fmtPct(v, this.locale) : fmtNum(v, this.locale);
        if (typeof v === 'number' && c.pct && c.key.includes('return')) td.classList.add(v < 0 ? 'rd-neg' : 'rd-pos');
        tr.append(td);
      }
      body.append(tr);
    }
    table.append(body);
    el.append(table);
  }

  private renderResults(): void {
    this.renderHeadline();
    this.renderView(this.tab);
  }

  /** Print: the printed views (fact sheet, annualized table, growth and drawdown charts; print.css) are rendered
   * even when their tabs were never opened, then the browser's print dialog opens. */
  private print(): void {
    if (!this.result) return;
    for (const id of ['factsheet', 'tables', 'charts'] as const) this.renderView(id);
    printFactSheet(this.root);
  }

  private renderView(id: TabId): void {
    const r = this.result;
    if (!r) return;
    const container = this.el[`panel-${id}`]!;
    const rctx: ResultsContext = { result: r, selected: this.selected, locale: this.locale, convention: this.convention };
    const existing = this.handles.get(id);
    if (existing && !this.dirty.has(id)) return;
    this.dirty.delete(id);
    try {
      if (id === 'charts') {
        this.renderFrontierControls();
        const cctx = { result: r, selected: this.selected, locale: this.locale, basis: this.basis, frontier: this.frontierFor(r) };
        if (existing) (existing as ChartsHandle).update(cctx);
        else this.handles.set(id, renderCharts(this.chartsHost(container), cctx));
        if (!this.frontierFor(r) && !this.frontierCtl) void this.loadFrontier();
      } else if (id === 'export') {
        if (existing) (existing as Handle).update(rctx);
        else {
          const dl = this.root instanceof ShadowRoot ? this.root : this.root.ownerDocument;
          const panel = renderExportPanel(container, () => (this.result ? { result: this.result, selected: this.selected } : null), dl);
          this.handles.set(id, { update: () => panel.refresh(), dispose: () => panel.dispose() });
        }
      } else if (existing) {
        (existing as Handle).update(rctx);
      } else {
        const render = { factsheet: renderFactSheet, tables: renderTables, metrics: renderMetricsTable, audit: renderAuditLog }[id as Exclude<TabId, 'charts' | 'export'>];
        this.handles.set(id, render(container, rctx));
      }
    } catch (e) {
      container.replaceChildren(h('p', { class: 'rd-error', text: `This view failed: ${String(e)}` }));
      this.handles.delete(id);
    }
  }

  // ---------------------------------------------------------------- efficient frontier (charts tab)

  private frontier: FrontierView | null = null;
  private frontierResult: ScenarioResult | null = null;
  private frontierCtl: AbortController | null = null;

  /** The charts panel: frontier controls on top, page-charts' container below. */
  private chartsHost(panel: HTMLElement): HTMLElement {
    let host = panel.querySelector<HTMLElement>(':scope > .rd-charts-host');
    if (!host) {
      host = h('div', { class: 'rd-charts-host' });
      panel.append(this.el.frontierBox!, host);
    }
    return host;
  }

  private frontierFor(r: ScenarioResult): FrontierView | null {
    return this.frontier && this.frontierResult === r ? this.frontier : null;
  }

  /** Strategy + decision-date selects for the efficient-frontier chart (risk_target strategies only). */
  private renderFrontierControls(): void {
    const box = (this.el.frontierBox ??= h('fieldset', { id: 'frontier-controls', class: 'rd-frontier' }));
    const r = this.result;
    const rts = r ? r.strategies.map((s, i) => [s, i] as const).filter(([s]) => s.type === 'risk_target') : [];
    box.replaceChildren(h('legend', { text: 'Efficient frontier at a rebalance date' }));
    if (!r || !rts.length) {
      box.append(h('p', { class: 'rd-help', text: 'Needs a risk-targeting strategy.' }));
      return;
    }
    const cur = this.frontierFor(r);
    const si = cur ? cur.strategy : rts[0]![1];
    const stratSel = select(rts.map(([s, i]) => [String(i), s.name]), String(si), { id: 'frontier-strategy' });
    const dates = r.strategies[si]!.decisions.filter((d) => d.executed).map((d) => d.date).reverse();
    const dateSel = select(dates.map((d) => [d, d]), cur?.date ?? dates[0] ?? '', { id: 'frontier-date' });
    stratSel.addEventListener('change', () => {
      const d = r.strategies[Number(stratSel.value)]!.decisions.filter((x) => x.executed).map((x) => x.date);
      dateSel.replaceChildren(...d.reverse().map((x) => h('option', { value: x, text: x })));
    });
    const go = h('button', { id: 'frontier-show', type: 'button', text: 'Show frontier', onclick: () => void this.loadFrontier(Number(stratSel.value), dateSel.value) });
    this.el.frontierStatus = h('span', { id: 'frontier-status', 'aria-live': 'polite' });
    if (cur) {
      const st = this.el.frontierStatus;
      st.textContent = `Shown: ${r.strategies[cur.strategy]!.name}, ${cur.date}: chosen portfolio volatility ${fmtPct(cur.chosen.volatility, this.locale)}, expected return ${fmtPct(cur.chosen.expected_return, this.locale)} (${cur.points.length} frontier points)`;
      st.dataset.volatility = JSON.stringify(cur.chosen.volatility);
      st.dataset.expectedReturn = JSON.stringify(cur.chosen.expected_return);
      st.dataset.points = String(cur.points.length);
    }
    box.append(h('div', { class: 'rd-actions' },
      h('label', { for: 'frontier-strategy', text: 'Strategy' }), stratSel,
      h('label', { for: 'frontier-date', text: 'Decision date' }), dateSel, go, this.el.frontierStatus));
  }

  /** Ask the engine for the frontier (default: the first risk_target strategy's last executed decision). */
  private async loadFrontier(strategy?: number, date?: string): Promise<void> {
    const r = this.result;
    const view = this.view;
    if (!r || !view) return;
    const si = strategy ?? r.strategies.findIndex((s) => s.type === 'risk_target');
    if (si < 0) return;
    const d = date ?? [...r.strategies[si]!.decisions].reverse().find((x) => x.executed)?.date;
    if (!d) return;
    this.frontierCtl?.abort();
    const ctl = new AbortController();
    this.frontierCtl = ctl;
    if (this.el.frontierStatus) this.el.frontierStatus.textContent = 'Tracing the frontier…';
    try {
      const f = await this.engine.frontier(r.manifest.scenario, si, d, view.panel, ctl.signal);
      if (this.frontierCtl !== ctl || this.result !== r) return;
      this.frontier = f;
      this.frontierResult = r;
      this.dirty.add('charts');
      if (this.tab === 'charts') this.renderResults();
    } catch (e) {
      if (this.frontierCtl !== ctl) return;
      if (this.el.frontierStatus) this.el.frontierStatus.textContent = `No frontier: ${e instanceof EngineError ? describeError(e.toData()) : String(e)}`;
    } finally {
      if (this.frontierCtl === ctl) this.frontierCtl = null;
    }
  }

  // ---------------------------------------------------------------- share / export

  private async share(): Promise<void> {
    const url = shareUrl(location.href, this.doc);
    if (!(this.root instanceof ShadowRoot)) history.replaceState(null, '', url);
    const input = this.el.shareUrl as HTMLInputElement;
    input.value = url;
    input.hidden = false;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      /* no clipboard permission (e.g. file://, embedded): the link is shown for manual copying */
    }
    this.el.shareStatus!.textContent = copied ? 'Link copied (it holds the scenario, never your data).' : 'Copy the link below (it holds the scenario, never your data).';
    input.select();
  }

  private exportScenario(): void {
    const blob = new Blob([JSON.stringify(this.doc, null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: 'riskdial-scenario.json', hidden: true });
    this.appEl.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private destroy(): void {
    this.destroyed = true;
    this.cancelRun('idle');
    this.importCtl?.abort();
    for (const hd of this.handles.values()) hd.dispose();
    this.handles.clear();
    this.chart?.dispose();
    this.listeners.clear();
    this.appEl.remove();
  }

  /** Resolves when no run is pending or running (used by tests through the handle's promises). */
  whenIdle(): Promise<void> {
    if (this.runStatus !== 'pending' && this.runStatus !== 'running') return Promise.resolve();
    return new Promise((r) => this.runDone.push(r));
  }
}

/** A copy of a scenario with `strategy` (single) turned into `strategies`. */
export function normalize(doc: ScenarioDoc): ScenarioDoc {
  const out = structuredClone(doc);
  if (!Array.isArray(out.strategies)) {
    out.strategies = out.strategy ? [out.strategy as ScenarioDoc['strategies'][number]] : [];
    delete out.strategy;
  }
  return out;
}

function keyClick(e: Event, target: HTMLElement): void {
  const k = (e as KeyboardEvent).key;
  if (k === 'Enter' || k === ' ') {
    e.preventDefault();
    target.click();
  }
}

function cssEscape(s: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/["\\\]\[.#]/g, '\\$&');
}
