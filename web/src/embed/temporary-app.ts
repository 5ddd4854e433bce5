/// <reference types="vite/client" />
// TEMPORARY stand-in for page-app's `mountApp` (web/src/app/app.ts, PAGE_CONTRACT.md), used only until that
// lands on main: the same signature and handle, a minimal UI (status, error box, one fact-sheet table with
// data-key/data-raw cells). Imported only through ./app-port.ts; delete it once app-port points at ../app/app.
import type { EngineBridge } from '../engine/bridge';
import { EngineError } from '../engine/engine-error';
import { describeError, fmtPct } from '../shared/format';
import type { PanelData } from '../shared/protocol';
import type { ScenarioDoc, ScenarioResult } from '../shared/result';

export interface AppOptions {
  scenario?: ScenarioDoc | string;
  dataUrl?: string;
  locale?: string;
  compact?: boolean;
}

export interface AppHandle {
  loadFiles(files: { name: string; text: string | ArrayBuffer | Uint8Array }[]): Promise<void>;
  setScenario(doc: ScenarioDoc): Promise<void>;
  getResults(): ScenarioResult | null;
  onResult(cb: (r: ScenarioResult) => void): () => void;
  setLocale(locale: string): void;
  destroy(): void;
}

const PRESETS = import.meta.glob('../../../public/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, ScenarioDoc>;
const preset = (id: string): ScenarioDoc | undefined =>
  Object.entries(PRESETS).find(([p]) => p.endsWith(`/${id}.json`))?.[1];

export const styles = `
.rd-app { font-family: var(--rd-font, system-ui, sans-serif); color: var(--rd-fg, #1d2733);
  background: var(--rd-bg, #f6f7f9); padding: 12px; border-radius: var(--rd-radius, 8px); }
.rd-app h1 { color: var(--rd-accent, #1f5fbf); font-size: 18px; margin: 0 0 8px; }
.rd-app button { font: inherit; background: var(--rd-accent, #1f5fbf); color: var(--rd-accent-fg, #fff);
  border: 1px solid var(--rd-accent, #1f5fbf); border-radius: var(--rd-radius, 8px); padding: 4px 12px; }
.rd-app button:focus-visible { outline: 2px solid var(--rd-focus, #1f5fbf); outline-offset: 2px; }
.rd-app table { border-collapse: collapse; background: var(--rd-surface, #fff); margin-top: 8px; }
.rd-app th, .rd-app td { padding: 4px 8px; border-bottom: 1px solid var(--rd-border, #d5dbe3); text-align: right; }
.rd-app th:first-child, .rd-app td:first-child { text-align: left; }
.rd-error { color: var(--rd-negative, #b3261e); margin: 8px 0; }
`;

const KEYS = ['return_cumulative', 'return_cumulative_1y', 'max_drawdown'] as const;

export function mountApp(root: HTMLElement | ShadowRoot, engine: EngineBridge, options: AppOptions = {}): AppHandle {
  const style = document.createElement('style');
  style.textContent = styles;
  const app = document.createElement('div');
  app.className = 'rd-app';
  app.dataset.state = 'loading';
  if (options.compact) app.dataset.compact = '1';
  app.innerHTML = `<h1>riskdial</h1><p class="rd-status" aria-live="polite">Starting…</p>
    <div class="rd-error" role="alert" hidden></div>
    <button type="button" class="rd-run">Run again</button>
    <table class="rd-facts"><thead><tr><th scope="col">Strategy</th>${KEYS.map((k) => `<th scope="col">${k}</th>`).join('')}</tr></thead><tbody></tbody></table>`;
  root.append(style, app);
  const q = <T extends Element>(sel: string) => app.querySelector(sel) as T;

  let locale = options.locale ?? 'en-US';
  let scenario: ScenarioDoc | null = null;
  let panel: PanelData | null = null;
  let result: ScenarioResult | null = null;
  let destroyed = false;
  const listeners = new Set<(r: ScenarioResult) => void>();

  const showError = (e: unknown) => {
    const el = q<HTMLElement>('.rd-error');
    el.textContent = e instanceof EngineError ? describeError(e.toData()) : String(e);
    el.hidden = false;
    app.dataset.state = 'error';
  };
  const render = () => {
    const tbody = q<HTMLTableSectionElement>('tbody');
    tbody.replaceChildren();
    for (const s of result?.strategies ?? []) {
      const row = s.metrics.monthly.fact_sheet.rows.find((r) => r.name === 'net');
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = s.name;
      tr.append(th);
      for (const k of KEYS) {
        const td = document.createElement('td');
        const v = row?.values[k] ?? null;
        td.dataset.key = k;
        td.dataset.raw = JSON.stringify(v);
        td.textContent = fmtPct(v, locale);
        tr.append(td);
      }
      tbody.append(tr);
    }
  };
  const run = async () => {
    if (!scenario || !panel || destroyed) return;
    app.dataset.state = 'running';
    q<HTMLElement>('.rd-error').hidden = true;
    try {
      const r = await engine.runScenario(scenario, panel);
      if (destroyed) return;
      result = r;
      render();
      q<HTMLElement>('.rd-status').textContent = `${r.strategies.length} strategies, engine ${r.engineMs.toFixed(0)} ms`;
      app.dataset.state = 'ready';
      for (const cb of listeners) cb(r);
    } catch (e) {
      showError(e);
      throw e;
    }
  };
  const loadFiles = async (files: { name: string; text: string | ArrayBuffer | Uint8Array }[]) => {
    app.dataset.state = 'loading';
    try {
      panel = (await engine.importFiles(files.map((f) => ({ name: f.name, text: f.text })), {})).panel;
    } catch (e) {
      showError(e);
      throw e;
    }
    await run();
  };
  const setScenario = async (doc: ScenarioDoc) => {
    try {
      await engine.validateScenario(doc);
    } catch (e) {
      showError(e);
      throw e;
    }
    scenario = doc;
    await run();
  };
  q<HTMLButtonElement>('.rd-run').addEventListener('click', () => void run().catch(() => undefined));

  void (async () => {
    try {
      scenario = typeof options.scenario === 'string' ? preset(options.scenario) ?? null : options.scenario ?? null;
      if (typeof options.scenario === 'string' && !scenario) throw new Error(`unknown preset scenario '${options.scenario}'`);
      scenario ??= preset('risk_targeting') ?? null;
      if (options.dataUrl) {
        const res = await fetch(options.dataUrl, { mode: 'same-origin', credentials: 'same-origin' });
        if (!res.ok) throw new Error(`${options.dataUrl}: HTTP ${res.status}`);
        const name = new URL(options.dataUrl).pathname.split('/').pop() || 'data.csv';
        await loadFiles([{ name, text: new Uint8Array(await res.arrayBuffer()) }]);
      } else {
        const sample = await import('../sample/sample-data');
        await loadFiles(sample.sampleFiles());
      }
    } catch (e) {
      showError(e);
    }
  })();

  return {
    loadFiles,
    setScenario,
    getResults: () => result,
    onResult(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    setLocale(l) {
      locale = l;
      render();
    },
    destroy() {
      destroyed = true;
      listeners.clear();
      style.remove();
      app.remove();
    },
  };
}
