// The page: file input + drop zone → engine import (worker) → report table + growth-of-$1 chart.
import { growthChartOption, suggestLogScale } from '../charts/growth-chart';
import type { EngineBridge } from '../engine/bridge';
import { EngineError } from '../engine/engine-error';
import { describeError } from '../shared/format';
import type { ImportView, SourceFileInput } from '../shared/protocol';
import { ChartView } from './chart-view';
import { renderReport } from './report-view';

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

export class App {
  private readonly chart = new ChartView($('chart'));
  private current: ImportView | null = null;
  private pending: AbortController | null = null;
  private sampleLabel = 'synthetic sample data';

  constructor(private readonly engine: EngineBridge) {}

  async start(): Promise<void> {
    const input = $<HTMLInputElement>('file-input');
    input.addEventListener('change', () => {
      if (input.files && input.files.length) void this.loadUserFiles([...input.files]);
      input.value = '';
    });
    const zone = $('drop-zone');
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
      if (e.key === 'Enter' || e.key === ' ') input.click();
    });
    $('load-sample').addEventListener('click', () => void this.loadSample());
    $<HTMLInputElement>('log-scale').addEventListener('change', () => this.renderChart());

    try {
      const v = await this.engine.version();
      $('engine-status').textContent = `Engine ${v.version} ready (WebAssembly${v.simd ? ' + SIMD' : ''})`;
    } catch (e) {
      this.showError(e);
    }
    await this.loadSample();
  }

  async loadSample(): Promise<void> {
    document.body.dataset.state = 'loading'; // synchronously, before the first await
    // a separate chunk in the normal build (loaded in parallel with the engine); inlined in the single file
    const sample = await import('../sample/sample-data');
    this.sampleLabel = sample.SAMPLE_LABEL;
    await this.load(sample.sampleFiles(), sample.SAMPLE_FILE_NAME, true);
  }

  async loadUserFiles(files: File[]): Promise<void> {
    document.body.dataset.state = 'loading'; // synchronously, before the first await
    const inputs: SourceFileInput[] = await Promise.all(
      files.map(async (f) => ({ name: f.name, text: new Uint8Array(await f.arrayBuffer()) })),
    );
    await this.load(inputs, files.map((f) => f.name).join(', '), false);
  }

  private async load(files: SourceFileInput[], label: string, sample: boolean): Promise<void> {
    this.pending?.abort();
    const controller = new AbortController();
    this.pending = controller;
    document.body.dataset.state = 'loading';
    this.hideError();
    try {
      const view = await this.engine.importFiles(files, {}, controller.signal);
      if (controller.signal.aborted) return;
      this.current = view;
      this.setSource(label, sample, view);
      renderReport(this.reportRoot(), view.report);
      $<HTMLInputElement>('log-scale').checked = suggestLogScale(view.growth);
      this.renderChart();
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (e instanceof EngineError && e.code === 'aborted') return;
      this.showError(e);
      document.body.dataset.state = 'error';
    } finally {
      if (this.pending === controller) this.pending = null;
    }
  }

  private reportRoot() {
    return {
      table: $<HTMLTableElement>('report-table'),
      summary: $('report-summary'),
      files: $('report-files'),
      warnings: $('report-warnings'),
    };
  }

  private setSource(label: string, sample: boolean, view: ImportView): void {
    const el = $('source-label');
    el.replaceChildren();
    el.dataset.sample = sample ? '1' : '0';
    const n = view.panel.cols;
    el.append(`Showing: ${label} (${n} series)`);
    if (sample) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = this.sampleLabel;
      el.append(badge);
    }
  }

  private renderChart(): void {
    if (!this.current) return;
    const logScale = $<HTMLInputElement>('log-scale').checked;
    this.chart.render(growthChartOption(this.current.growth, { logScale }), this.current.growth.cols);
  }

  private hideError(): void {
    const el = $('error');
    el.hidden = true;
    el.replaceChildren();
  }

  private showError(e: unknown): void {
    const el = $('error');
    el.replaceChildren();
    const data = e instanceof EngineError ? e.toData() : null;
    const strong = document.createElement('span');
    strong.className = 'where';
    strong.textContent = data ? 'Could not import: ' : 'Unexpected error: ';
    el.append(strong, data ? describeError(data) : String(e));
    if (data) {
      const code = document.createElement('span');
      code.className = 'code';
      code.textContent = data.code;
      el.append(code);
      el.dataset.code = data.code;
      el.dataset.file = data.file;
      el.dataset.row = String(data.row);
      el.dataset.column = String(data.column);
    }
    el.hidden = false;
    if (this.current) {
      const note = document.createElement('div');
      note.textContent = 'Nothing was imported from these files; the data below is unchanged.';
      el.append(note);
    }
  }
}
