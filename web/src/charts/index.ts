// The charts of a scenario result (ECharts 6, modular imports: only the chart types and components used).
// renderCharts() builds one <section class="rd-chart" data-chart-id="…"> per available chart, each with a
// heading, its controls, the chart (role="img" + a one-line aria-label), a "Show data table" toggle (the
// accessible alternative: a real <table>) and a "Download PNG" button. Works inside a shadow root: nothing is
// looked up in `document`; the download link goes into the container's own root.
//
// Rendering: canvas (fast with 5,700-point daily lines; needed for PNG export through getDataURL), at a
// device pixel ratio of at least 2 so printed charts stay sharp. Lazy: a chart's ECharts instance is
// created when its section comes near the viewport (IntersectionObserver, 300 px margin), or when it is
// needed for printing or png(); headings, descriptions and tables exist from the start.
// Printing: on `beforeprint` (and when the print media query matches) every chart is re-rendered with the
// light PRINT_THEME, without the zoom slider, at PRINT_WIDTH_PX; `afterprint` restores theme and width.
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartContext, ChartId, ChartState, DataTable } from './builders';
import { SPECS, type ChartSpec, type Control } from './specs';
import { PRINT_THEME, readTheme, type ChartTheme } from './theme';
import css from './charts.css?inline';

echarts.use([LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent,
  DataZoomComponent, VisualMapComponent, CanvasRenderer]);

export type { ChartContext, ChartId, ChartState, DataTable, FrontierInput } from './builders';
export { SPECS, CHART_IDS } from './specs';

/** The charts' CSS (page-app injects it into the root). */
export const styles: string = css;

export interface ChartsHandle {
  update(ctx: ChartContext): void;
  resize(): void;
  dispose(): void;
  /** for tests and export: chart id → PNG data URL (null when that chart is not shown) */
  png(id: string): string | null;
  /** ids of the charts currently shown, in page order */
  ids(): string[];
}

interface Mounted {
  spec: ChartSpec;
  section: HTMLElement;
  plot: HTMLElement;
  chart: echarts.ECharts | null;
  tableBox: HTMLElement;
}

interface ViewState extends ChartState {
  tableOpen?: boolean;
}

let instances = 0;

/** Chart width while printing: fits A4 (794 px) and Letter (816 px) minus default margins at 96 px/in. */
export const PRINT_WIDTH_PX = 680;
/** Width of a PNG taken from a chart whose panel is hidden (no layout size). */
export const HIDDEN_WIDTH_PX = 960;

export function renderCharts(container: HTMLElement, ctx: ChartContext): ChartsHandle {
  const doc = container.ownerDocument;
  const win = doc.defaultView ?? window;
  const uid = `rd-charts-${++instances}`;
  const states = new Map<ChartId, ViewState>();
  let mounted: Mounted[] = [];
  let current = ctx;
  let printing = false;

  const wrap = doc.createElement('div');
  wrap.className = 'rd-charts';
  container.appendChild(wrap);

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string) => {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const themeFor = (): ChartTheme => (printing ? PRINT_THEME : readTheme(container));

  const optionFor = (m: Mounted) => {
    const st = states.get(m.spec.id)!;
    const opt = m.spec.option(current, st, themeFor()) as Record<string, unknown>;
    if (printing && Array.isArray(opt.dataZoom)) {
      opt.dataZoom = (opt.dataZoom as { type: string }[]).filter((z) => z.type === 'inside');
      const g = opt.grid as Record<string, unknown> | undefined;
      if (g) opt.grid = { ...g, bottom: 24 };
    }
    return opt;
  };

  /**
   * The chart's size: its element's layout size, except in a hidden panel (display: none, e.g. another tab
   * when a PNG is exported): HIDDEN_WIDTH_PX × the chart's height. While printing the element has an inline
   * width (PRINT_WIDTH_PX), which ECharts reads even when hidden. Explicit sizes stick in ECharts until
   * 'auto' is passed, hence always one of the two.
   */
  const sizeFor = (m: Mounted): { width: number | 'auto'; height: number | 'auto' } =>
    m.plot.clientWidth === 0 && !m.plot.style.width
      ? { width: HIDDEN_WIDTH_PX, height: m.spec.height(current, states.get(m.spec.id)!) }
      : { width: 'auto', height: 'auto' };

  const draw = (m: Mounted) => {
    const st = states.get(m.spec.id)!;
    m.plot.setAttribute('aria-label', m.spec.describe(current, st));
    m.plot.style.height = `${m.spec.height(current, st)}px`;
    if (!m.chart) return;
    const opt = optionFor(m);
    m.chart.setOption(m.spec.media ? { baseOption: opt, media: m.spec.media } : opt, { notMerge: true });
    m.chart.resize(sizeFor(m));
    m.plot.dataset.ready = '1';
  };

  const fillTable = (m: Mounted) => {
    m.tableBox.replaceChildren(buildTable(doc, m.spec.table(current, states.get(m.spec.id)!)));
  };

  const renderControl = (m: Mounted, c: Control) => {
    const st = states.get(m.spec.id)!;
    const label = el('label', 'rd-chart__control');
    if (c.kind === 'checkbox') {
      const input = el('input');
      input.type = 'checkbox';
      input.checked = !!st[c.key];
      input.dataset.control = c.key;
      input.addEventListener('change', () => {
        st[c.key] = input.checked;
        draw(m);
      });
      label.append(input, doc.createTextNode(` ${c.label}`));
    } else {
      const select = el('select');
      select.dataset.control = c.key;
      for (const o of c.options) {
        const opt = el('option', undefined, o.label);
        opt.value = String(o.value);
        select.appendChild(opt);
      }
      const cur = st[c.key];
      if (cur !== undefined && c.options.some((o) => o.value === cur)) select.value = String(cur);
      select.addEventListener('change', () => {
        st[c.key] = Number(select.value);
        draw(m);
        if (st.tableOpen) fillTable(m);
        const title = m.section.querySelector('.rd-chart__title');
        if (title) title.textContent = m.spec.title(current);
      });
      label.append(doc.createTextNode(`${c.label} `), select);
    }
    return label;
  };

  const mount = (spec: ChartSpec): Mounted => {
    if (!states.has(spec.id)) states.set(spec.id, { ...(spec.initial?.(current) ?? {}) });
    const st = states.get(spec.id)!;
    const base = `${uid}-${spec.id}`;
    const section = el('section', 'rd-chart');
    section.dataset.chartId = spec.id;
    section.setAttribute('aria-labelledby', `${base}-title`);
    const head = el('div', 'rd-chart__head');
    const h = el('h3', 'rd-chart__title', spec.title(current));
    h.id = `${base}-title`;
    const tools = el('div', 'rd-chart__tools');
    const plot = el('div', 'rd-chart__plot');
    plot.setAttribute('role', 'img');
    plot.style.height = `${spec.height(current, st)}px`;
    const tableBox = el('div', 'rd-chart__table');
    tableBox.id = `${base}-table`;
    tableBox.hidden = true;
    tableBox.tabIndex = 0;
    tableBox.setAttribute('role', 'region');
    tableBox.setAttribute('aria-label', `Data table: ${spec.title(current)}`);

    const m: Mounted = { spec, section, plot, chart: null, tableBox };
    for (const c of spec.controls?.(current, st) ?? []) tools.appendChild(renderControl(m, c));

    const tableBtn = el('button', 'rd-chart__btn', 'Show data table');
    tableBtn.type = 'button';
    tableBtn.dataset.action = 'table';
    tableBtn.setAttribute('aria-controls', tableBox.id);
    tableBtn.setAttribute('aria-describedby', h.id); // which chart's table (every chart has this button)
    const setOpen = (open: boolean) => {
      st.tableOpen = open;
      if (open) fillTable(m);
      else tableBox.replaceChildren();
      tableBox.hidden = !open;
      tableBtn.setAttribute('aria-expanded', String(open));
      tableBtn.textContent = open ? 'Hide data table' : 'Show data table';
    };
    tableBtn.addEventListener('click', () => setOpen(!st.tableOpen));

    const pngBtn = el('button', 'rd-chart__btn', 'Download PNG');
    pngBtn.type = 'button';
    pngBtn.dataset.action = 'png';
    pngBtn.setAttribute('aria-label', `Download PNG: ${spec.title(current)}`);
    pngBtn.addEventListener('click', () => download(container, `riskdial-${spec.id}.png`, pngOf(m)));

    tools.append(tableBtn, pngBtn);
    head.append(h, tools);
    section.append(head, plot, tableBox);
    wrap.appendChild(section);
    setOpen(!!st.tableOpen);
    return m;
  };

  /** Creates the chart's ECharts instance if it does not exist yet and draws it. */

  const ensure = (m: Mounted): echarts.ECharts => {
    if (!m.chart) {
      const dpr = Math.max(2, win.devicePixelRatio || 1);
      m.chart = echarts.init(m.plot, undefined, { renderer: 'canvas', devicePixelRatio: dpr, ...sizeFor(m) });
      draw(m);
    }
    return m.chart;
  };

  const io = typeof IntersectionObserver !== 'undefined'
    ? new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        const m = mounted.find((x) => x.plot === e.target);
        if (m) ensure(m);
        io!.unobserve(e.target);
      }
    }, { rootMargin: '300px 0px' })
    : null;

  const pngOf = (m: Mounted) => {
    const chart = ensure(m);
    chart.resize(sizeFor(m));
    return chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: themeFor().bg, excludeComponents: ['dataZoom'] });
  };

  const build = () => {
    io?.disconnect();
    for (const m of mounted) m.chart?.dispose();
    wrap.replaceChildren();
    mounted = SPECS.filter((s) => s.available(current)).map(mount);
    for (const m of mounted) {
      draw(m);
      if (io) io.observe(m.plot);
      else ensure(m);
    }
  };

  let raf = 0;
  const resizeAll = () => {
    for (const m of mounted) m.chart?.resize(sizeFor(m));
  };
  const onResize = () => {
    if (raf) return;
    raf = win.requestAnimationFrame(() => {
      raf = 0;
      resizeAll();
    });
  };
  const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(onResize) : null;
  ro?.observe(wrap);

  const setPrinting = (p: boolean) => {
    if (p === printing) return;
    printing = p;
    for (const m of mounted) {
      // `beforeprint` comes before the print layout, so the canvas would keep its screen width (and be cut
      // off on paper): print at a width that fits A4 and Letter with their default margins
      m.plot.style.width = p ? `${PRINT_WIDTH_PX}px` : '';
      if (m.chart) draw(m);
      else if (p) ensure(m);
    }
  };
  const before = () => setPrinting(true);
  const after = () => setPrinting(false);
  win.addEventListener('beforeprint', before);
  win.addEventListener('afterprint', after);
  const mq = win.matchMedia?.('print');
  const onMq = (e: MediaQueryListEvent) => setPrinting(e.matches);
  mq?.addEventListener?.('change', onMq);

  build();

  return {
    update(next: ChartContext) {
      current = next;
      build();
    },
    resize: resizeAll,
    dispose() {
      ro?.disconnect();
      io?.disconnect();
      win.removeEventListener('beforeprint', before);
      win.removeEventListener('afterprint', after);
      mq?.removeEventListener?.('change', onMq);
      if (raf) win.cancelAnimationFrame(raf);
      for (const m of mounted) m.chart?.dispose();
      mounted = [];
      wrap.remove();
    },
    png(id: string) {
      const m = mounted.find((x) => x.spec.id === id);
      return m ? pngOf(m) : null;
    },
    ids: () => mounted.map((m) => m.spec.id),
  };
}

/** The accessible data table: caption, column headers (th scope=col), row headers (th scope=row). */
export function buildTable(doc: Document, t: DataTable): HTMLTableElement {
  const table = doc.createElement('table');
  table.className = 'rd-chart__datatable';
  const cap = doc.createElement('caption');
  cap.textContent = t.caption;
  table.appendChild(cap);
  const thead = doc.createElement('thead');
  const hr = doc.createElement('tr');
  for (const c of t.columns) {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    hr.appendChild(th);
  }
  thead.appendChild(hr);
  const tbody = doc.createElement('tbody');
  for (const r of t.rows) {
    const tr = doc.createElement('tr');
    const th = doc.createElement('th');
    th.scope = 'row';
    th.textContent = r.header.text;
    tr.appendChild(th);
    for (const c of r.cells) {
      const td = doc.createElement('td');
      td.textContent = c.text;
      td.dataset.raw = JSON.stringify(c.raw);
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  table.append(thead, tbody);
  return table;
}

/** Saves a data URL through a temporary <a download> placed in the container's own root (no network). */
function download(container: HTMLElement, name: string, url: string) {
  const root = container.getRootNode() as Document | ShadowRoot;
  const a = container.ownerDocument.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  const parent = root.nodeType === 11 ? (root as ShadowRoot) : (root as Document).body ?? container;
  parent.appendChild(a);
  a.click();
  a.remove();
}
