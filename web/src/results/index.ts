// Results tables of the calculator page: fact sheet, annualized and calendar-year tables, the full metrics table
// (formulas one click away, convention switch) and the per-rebalance audit log. Renderers take a container and
// a ResultsContext and return a handle; they only arrange and format the engine's numbers (see ./model.ts).
import { fmtDate, fmtMonth, fmtNum } from '../shared/format';
import printCss from '../styles/print.css?inline';
import resultsCss from './results.css?inline';
import { conventionLabel } from './conventions';
import {
  annualizedModel, auditModel, benchmarkName, calendarModels, factSheetModel, metricsModel,
  type ResultsContext,
} from './model';
import { el, nextId, renderRow, renderTable } from './render';

export type { ResultsContext } from './model';
export type { Convention } from './conventions';

export interface Handle {
  update(ctx: ResultsContext): void;
  dispose(): void;
}

/** The CSS of the results views, followed by the print stylesheet (page-app injects it into the root). */
export const styles: string = `${resultsCss}\n${printCss}`;

function docOf(container: HTMLElement): Document {
  return container.ownerDocument;
}

function section(doc: Document, cls: string, title: string): { root: HTMLElement; body: HTMLElement } {
  const id = nextId('h');
  const root = el(doc, 'section', { class: `rd-results-view ${cls}`, 'aria-labelledby': id });
  root.append(el(doc, 'h2', { id, class: 'rd-results-title' }, title));
  const body = el(doc, 'div', { class: 'rd-results-body' });
  root.append(body);
  return { root, body };
}

function mount(container: HTMLElement, cls: string, title: string, draw: (body: HTMLElement, root: HTMLElement, ctx: ResultsContext) => void,
  ctx0: ResultsContext): Handle {
  const doc = docOf(container);
  const { root, body } = section(doc, cls, title);
  container.append(root);
  let ctx = ctx0;
  const redraw = () => {
    body.replaceChildren();
    draw(body, root, ctx);
  };
  redraw();
  return {
    update(next: ResultsContext) {
      ctx = next;
      redraw();
    },
    dispose() {
      root.remove();
    },
  };
}

/** The data range line of the print header and the fact sheet: "Jan 2004 – Dec 2025 (monthly, net of fees)". */
function rangeText(ctx: ResultsContext): string {
  let first = '';
  let last = '';
  for (const i of ctx.selected) {
    const m = ctx.result.strategies[i]?.metrics?.monthly;
    if (!m || 'error' in m) continue;
    if (!first || m.first_month < first) first = m.first_month;
    if (!last || m.last_month > last) last = m.last_month;
  }
  return first ? `${fmtMonth(first, ctx.locale)} – ${fmtMonth(last, ctx.locale)}` : '';
}

/** Fact sheet (seed 000 newsletter style): per selected strategy its net row (gross on request), its benchmark
 * and the difference vs benchmark, straight from `metrics.monthly.fact_sheet`. */
export function renderFactSheet(container: HTMLElement, ctx: ResultsContext): Handle {
  let gross = false;
  return mount(container, 'rd-fact-sheet', 'Fact sheet', (body, _root, c) => {
    const doc = docOf(container);
    // print-only header: title and data range (the screen shows them in the caption/note)
    const ph = el(doc, 'header', { class: 'rd-print-header rd-print-only' });
    const names = c.selected.map((i) => c.result.strategies[i]?.name).filter(Boolean).join(' · ');
    ph.append(el(doc, 'p', { class: 'rd-print-title' }, `Fact sheet: ${names}`));
    const d = c.result.manifest?.data;
    ph.append(el(doc, 'p', { class: 'rd-print-range' },
      `Monthly returns ${rangeText(c)}` + (d ? `; data ${fmtDate(d.first_date, c.locale)} – ${fmtDate(d.last_date, c.locale)}` : '') +
      `; ${conventionLabel(c.convention)}; ${c.result.engine ?? 'riskdial'}`));
    body.append(ph);

    const controls = el(doc, 'div', { class: 'rd-controls' });
    const id = nextId('gross');
    const box = el(doc, 'input', { type: 'checkbox', id, class: 'rd-gross-toggle' });
    box.checked = gross;
    box.addEventListener('change', () => {
      gross = box.checked;
      table.replaceWith((table = renderTable(doc, factSheetModel(c, { gross })).wrapper));
    });
    controls.append(box, el(doc, 'label', { for: id }, 'Show gross rows'));
    body.append(controls);
    let table = renderTable(doc, factSheetModel(c, { gross })).wrapper;
    body.append(table);
  }, ctx);
}

/** The annualized table (seed 004) and one calendar-year table per selected strategy. */
export function renderTables(container: HTMLElement, ctx: ResultsContext): Handle {
  return mount(container, 'rd-annual-tables', 'Annualized and calendar-year returns', (body, _root, c) => {
    const doc = docOf(container);
    body.append(renderTable(doc, annualizedModel(c)).wrapper);
    const cal = el(doc, 'div', { class: 'rd-calendar-tables' });
    for (const m of calendarModels(c)) cal.append(renderTable(doc, m).wrapper);
    body.append(cal);
  }, ctx);
}

/** Every metric key of the monthly reports (net, gross, benchmark per selected strategy), grouped by family, with
 * each formula one click away and the headline rows following the convention switch. */
export function renderMetricsTable(container: HTMLElement, ctx: ResultsContext): Handle {
  let filter = '';
  return mount(container, 'rd-metrics', 'All metrics', (body, _root, c) => {
    const doc = docOf(container);
    const controls = el(doc, 'div', { class: 'rd-controls' });
    const id = nextId('mfilter');
    controls.append(el(doc, 'label', { for: id }, 'Filter metrics'));
    const input = el(doc, 'input', { type: 'search', id, class: 'rd-metrics-filter', placeholder: 'e.g. sharpe, drawdown' });
    input.value = filter;
    controls.append(input);
    const status = el(doc, 'span', { class: 'rd-status', role: 'status', 'aria-live': 'polite' });
    controls.append(status);
    body.append(controls);
    const rendered = renderTable(doc, metricsModel(c));
    body.append(rendered.wrapper);
    const apply = () => {
      const q = filter.trim().toLowerCase();
      let shown = 0;
      for (const tr of rendered.table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-key]')) {
        const hay = `${tr.dataset.key ?? ''} ${tr.querySelector('th')?.textContent ?? ''}`.toLowerCase();
        const hit = !q || hay.includes(q);
        tr.hidden = !hit;
        const next = tr.nextElementSibling as HTMLTableRowElement | null;
        if (!hit && next?.classList.contains('rd-formula-row')) next.hidden = true;
        if (!hit) tr.querySelector('.rd-formula-btn')?.setAttribute('aria-expanded', 'false');
        if (hit) shown++;
      }
      status.textContent = q ? `${shown} rows match` : '';
    };
    input.addEventListener('input', () => {
      filter = input.value;
      apply();
    });
    if (filter) apply();
  }, ctx);
}

const PAGE_SIZE = 25;

/** The per-rebalance decisions of one selected strategy (a chooser when several are selected): searchable, paged. */
export function renderAuditLog(container: HTMLElement, ctx: ResultsContext): Handle {
  let strategy = ctx.selected[0] ?? 0;
  let query = '';
  let page = 0;
  return mount(container, 'rd-audit', 'Rebalance audit log', (body, _root, c) => {
    const doc = docOf(container);
    if (!c.selected.includes(strategy)) strategy = c.selected[0] ?? 0;
    if (!c.result.strategies[strategy]) {
      body.append(el(doc, 'p', {}, 'No strategy selected.'));
      return;
    }
    const controls = el(doc, 'div', { class: 'rd-controls' });
    if (c.selected.length > 1) {
      const sid = nextId('astrat');
      controls.append(el(doc, 'label', { for: sid }, 'Strategy'));
      const sel = el(doc, 'select', { id: sid, class: 'rd-audit-strategy' });
      for (const i of c.selected) {
        const o = el(doc, 'option', { value: String(i) }, c.result.strategies[i]?.name ?? String(i));
        if (i === strategy) o.selected = true;
        sel.append(o);
      }
      sel.addEventListener('change', () => {
        strategy = Number(sel.value);
        page = 0;
        build();
      });
      controls.append(sel);
    }
    const qid = nextId('aq');
    controls.append(el(doc, 'label', { for: qid }, 'Search decisions'));
    const input = el(doc, 'input', { type: 'search', id: qid, class: 'rd-audit-search', placeholder: 'date, cause, flag, asset…' });
    input.value = query;
    controls.append(input);
    body.append(controls);
    const holder = el(doc, 'div');
    body.append(holder);
    const nav = el(doc, 'nav', { class: 'rd-pager rd-controls', 'aria-label': 'Audit log pages' });
    const prev = el(doc, 'button', { type: 'button', class: 'rd-prev' }, 'Previous');
    const next = el(doc, 'button', { type: 'button', class: 'rd-next' }, 'Next');
    const status = el(doc, 'span', { class: 'rd-status', role: 'status', 'aria-live': 'polite' });
    nav.append(prev, status, next);
    body.append(nav);

    let model = auditModel(c, strategy);
    let tbody: HTMLTableSectionElement;
    const build = () => {
      model = auditModel(c, strategy);
      const r = renderTable(doc, model, { bodyRows: false });
      tbody = r.bodies[0]!;
      holder.replaceChildren(r.wrapper);
      draw();
    };
    const draw = () => {
      const q = query.trim().toLowerCase();
      const terms = q.split(/\s+/).filter(Boolean);
      const hits = model.rows.filter((r) => terms.every((t) => r.search.includes(t)));
      const pages = Math.max(1, Math.ceil(hits.length / PAGE_SIZE));
      page = Math.min(page, pages - 1);
      const slice = hits.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
      tbody.replaceChildren(...slice.flatMap((r) => renderRow(doc, r, model.columns.length)));
      const from = hits.length ? page * PAGE_SIZE + 1 : 0;
      status.textContent =
        `${fmtNum(from, c.locale, 0)}–${fmtNum(page * PAGE_SIZE + slice.length, c.locale, 0)} of ` +
        `${fmtNum(hits.length, c.locale, 0)} decisions` + (q ? ` matching "${query.trim()}"` : '') +
        ` (page ${page + 1} of ${pages})`;
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    };
    prev.addEventListener('click', () => {
      page = Math.max(0, page - 1);
      draw();
    });
    next.addEventListener('click', () => {
      page += 1;
      draw();
    });
    input.addEventListener('input', () => {
      query = input.value;
      page = 0;
      draw();
    });
    build();
  }, ctx);
}

/** Prepares the root for printing (closes open formula rows so the fact sheet stays on one or two pages), then
 * opens the print dialog. page-app's "Print fact sheet" button may call this or `window.print()` directly. */
export function printFactSheet(root: Document | ShadowRoot | HTMLElement): void {
  for (const b of root.querySelectorAll<HTMLButtonElement>('.rd-formula-btn[aria-expanded="true"]')) b.click();
  const win = ('defaultView' in root ? root.defaultView : (root as Node).ownerDocument?.defaultView) ?? window;
  win.print();
}

export { benchmarkName };
