// Harness of the chart e2e tests (tests/web/charts-*.e2e.test.mjs): mounts renderCharts into the page or into a
// shadow root (as <riskdial-app> will), with the charts' styles injected into that root.
import { renderCharts, styles, type ChartContext, type ChartsHandle } from '../../../web/src/charts/index';

interface MountOptions extends Omit<ChartContext, 'result'> {
  /** the result document, or the URL of one on the harness server */
  result?: ChartContext['result'];
  resultUrl?: string;
  /** mount into a display:none container (a hidden tab) that only print shows */
  hidden?: boolean;
  shadow?: boolean;
  /** custom properties set on the host element, e.g. {'--rd-surface': '#102030'} */
  theme?: Record<string, string>;
}

declare global {
  interface Window {
    mountCharts(o: MountOptions): Promise<{ ids: string[]; ms: number }>;
    result: ChartContext['result'];
    charts: ChartsHandle | null;
    chartsRoot: Document | ShadowRoot;
  }
}

window.charts = null;
window.mountCharts = async (o) => {
  if (o.resultUrl) window.result = await (await fetch(o.resultUrl)).json();
  else if (o.result) window.result = o.result;
  window.charts?.dispose();
  const old = document.getElementById('host')!;
  const host = document.createElement('main');
  host.id = 'host';
  old.replaceWith(host);
  for (const [k, v] of Object.entries(o.theme ?? {})) host.style.setProperty(k, v);
  const root: ShadowRoot | HTMLElement = o.shadow ? host.attachShadow({ mode: 'open' }) : host;
  const style = document.createElement('style');
  style.textContent = styles + (o.hidden ? '\n.charts.hidden { display: none; }\n@media print { .charts.hidden { display: block; } }' : '');
  root.appendChild(style);
  const container = document.createElement('div');
  container.className = o.hidden ? 'charts hidden' : 'charts';
  root.appendChild(container);
  window.chartsRoot = o.shadow ? (root as ShadowRoot) : document;
  const t0 = performance.now();
  window.charts = renderCharts(container, { ...o, result: window.result });
  const ms = performance.now() - t0;
  document.body.dataset.state = 'ready';
  return { ids: window.charts.ids(), ms };
};
