// Harness of the results e2e test: loads ./result.json, renders every results view into a shadow root with the
// exported styles, stand-in chart boxes (the print rules key on .rd-chart[data-chart-id]) and the export panel.
// Query parameters: selected=0,1  locale=de-DE  convention=seed  tabs=1
import { download, renderExportPanel } from '../../../web/src/export/index';
import {
  printFactSheet, renderAuditLog, renderFactSheet, renderMetricsTable, renderTables, styles,
  type ResultsContext,
} from '../../../web/src/results/index';
import type { ScenarioResult } from '../../../web/src/shared/result';

declare global {
  interface Window {
    rdHarness?: { ctx: ResultsContext; update(c: Partial<ResultsContext>): void; print(): void; download: typeof download };
  }
}

async function main(): Promise<void> {
  const q = new URLSearchParams(location.search);
  const result = (await (await fetch(q.get('result') ?? './result.json')).json()) as ScenarioResult;
  const ctx: ResultsContext = {
    result,
    selected: (q.get('selected') ?? '0').split(',').map(Number),
    locale: q.get('locale') ?? 'en-US',
    convention: q.get('convention') === 'seed' ? 'seed' : 'pa',
  };
  const host = document.getElementById('host')!;
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = styles;
  root.append(style);
  const main = document.createElement('main');
  root.append(main);
  // tabs=1: like page-app, each view in its own tab panel and only the metrics panel shown (the print rules must
  // still print the fact sheet, the annualized table and the two charts)
  const tabs = q.get('tabs') === '1';
  const panel = (shown: boolean) => {
    if (!tabs) return main;
    const p = document.createElement('div');
    p.setAttribute('role', 'tabpanel');
    p.hidden = !shown;
    main.append(p);
    return p;
  };
  const p1 = panel(false);
  const handles = [renderFactSheet(p1, ctx), renderTables(panel(false), ctx)];
  const p3 = panel(false);
  for (const id of ['growth', 'drawdown', 'rolling-excess', 'weights']) {
    const box = document.createElement('figure');
    box.className = 'rd-chart';
    box.dataset.chartId = id;
    box.style.cssText = 'height:220px;margin:0;border:1px solid #999;background:linear-gradient(90deg,#dde,#fff)';
    box.textContent = `chart ${id}`;
    p3.append(box);
  }
  handles.push(renderMetricsTable(panel(true), ctx), renderAuditLog(panel(false), ctx));
  const exp = renderExportPanel(main, () => ({ result: ctx.result, selected: ctx.selected }), root);
  window.rdHarness = {
    ctx,
    update(c) {
      Object.assign(ctx, c);
      for (const h of handles) h.update({ ...ctx });
      exp.refresh();
    },
    print: () => printFactSheet(root),
    download,
  };
  document.body.dataset.state = 'ready';
}

main().catch((e) => {
  document.body.dataset.state = 'error';
  const p = document.createElement('pre');
  p.id = 'error';
  p.textContent = String(e?.stack ?? e);
  document.body.append(p);
});
