// DOM for the table models: real <table>s with <caption>, <th scope>, and on every number cell data-raw (the
// engine's value as JSON) and data-key. Works inside a shadow root (no document-level queries).
import type { CellModel, RowModel, TableModel } from './model';

let uid = 0;
/** A page-unique id prefix (several result views may live in one document or shadow root). */
export function nextId(prefix: string): string {
  uid += 1;
  return `rd-${prefix}-${uid}`;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function setData(e: HTMLElement, data: Record<string, string> | undefined): void {
  if (!data) return;
  for (const [k, v] of Object.entries(data)) e.setAttribute(`data-${k}`, v);
}

/** Markdown-ish cell text: `code` spans become <code>, the rest plain text (never innerHTML). */
export function appendMd(doc: Document, parent: HTMLElement, text: string): void {
  text.split('`').forEach((part, i) => {
    if (!part) return;
    if (i % 2 === 1) parent.append(el(doc, 'code', {}, part));
    else parent.append(doc.createTextNode(part.replace(/\*\*/g, '')));
  });
}

export function renderCell(doc: Document, c: CellModel): HTMLTableCellElement {
  const td = el(doc, 'td');
  if (c.key !== undefined) {
    td.className = 'rd-num';
    td.setAttribute('data-key', c.key);
    td.setAttribute('data-raw', c.raw === undefined ? 'null' : JSON.stringify(c.raw));
    if (c.raw === undefined) td.setAttribute('data-absent', '');
    setData(td, c.data);
    td.textContent = c.text;
    if (c.raw === null || c.raw === undefined) {
      td.classList.add('rd-missing');
      const why = c.reason ?? 'undefined';
      td.title = why;
      td.append(el(doc, 'span', { class: 'rd-reason' }, ` ${why}`));
    } else if (c.raw < 0) {
      td.classList.add('rd-neg');
    }
  } else {
    td.className = 'rd-text';
    setData(td, c.data);
    td.textContent = c.text;
  }
  return td;
}

export interface RenderedTable {
  wrapper: HTMLElement;
  table: HTMLTableElement;
  bodies: HTMLTableSectionElement[];
}

function headerCell(doc: Document, row: RowModel, detailId: string | null): HTMLTableCellElement {
  const th = el(doc, 'th', { scope: 'row' });
  if (detailId) {
    const btn = el(doc, 'button', { type: 'button', class: 'rd-formula-btn', 'aria-expanded': 'false', 'aria-controls': detailId });
    btn.append(el(doc, 'span', { class: 'rd-row-label' }, row.header));
    if (row.sub) btn.append(el(doc, 'code', { class: 'rd-sub' }, row.sub));
    btn.append(el(doc, 'span', { class: 'rd-visually-hidden' }, ': show formula'));
    th.append(btn);
  } else {
    th.append(el(doc, 'span', { class: 'rd-row-label' }, row.header));
    if (row.sub) th.append(el(doc, 'span', { class: 'rd-sub' }, row.sub));
  }
  return th;
}

/** One <tr> (plus a hidden formula row when the row has details). */
export function renderRow(doc: Document, row: RowModel, ncols: number): HTMLTableRowElement[] {
  const tr = el(doc, 'tr');
  if (row.className) tr.className = row.className;
  setData(tr, row.data);
  const detailId = row.detail ? nextId('formula') : null;
  tr.append(headerCell(doc, row, detailId));
  for (const c of row.cells) tr.append(renderCell(doc, c));
  if (!row.detail || !detailId) return [tr];
  const dr = el(doc, 'tr', { class: 'rd-formula-row', id: detailId });
  dr.hidden = true;
  const td = el(doc, 'td', { colspan: String(ncols + 1) });
  const dl = el(doc, 'dl', { class: 'rd-formula' });
  for (const f of row.detail) {
    dl.append(el(doc, 'dt', {}, f.label));
    const dd = el(doc, 'dd');
    appendMd(doc, dd, f.text);
    dl.append(dd);
  }
  td.append(dl);
  dr.append(td);
  return [tr, dr];
}

export function renderTable(doc: Document, model: TableModel, opts: { bodyRows?: boolean } = {}): RenderedTable {
  // a focusable, labelled scroll region: wide tables scroll horizontally by keyboard too
  const wrapper = el(doc, 'div', {
    class: `rd-table-wrap rd-${model.id.replace(/-\d+$/, '')}-wrap`, role: 'region', tabindex: '0', 'aria-label': model.caption,
  });
  const table = el(doc, 'table', { class: `rd-table rd-table-${model.id.replace(/-\d+$/, '')}`, 'data-table': model.id });
  const noteId = model.note ? nextId('note') : null;
  const caption = el(doc, 'caption', {}, model.caption);
  table.append(caption);
  if (noteId) table.setAttribute('aria-describedby', noteId);
  const thead = el(doc, 'thead');
  if (model.superColumns && model.superColumns.length) {
    const tr = el(doc, 'tr');
    tr.append(el(doc, 'td', { class: 'rd-corner' }));
    for (const sc of model.superColumns) tr.append(el(doc, 'th', { scope: 'colgroup', colspan: String(sc.span) }, sc.label));
    thead.append(tr);
  }
  const hr = el(doc, 'tr');
  hr.append(el(doc, 'th', { scope: 'col' }, model.rowHeaderLabel));
  for (const c of model.columns) {
    const th = el(doc, 'th', { scope: 'col' }, c.label);
    if (c.text) th.className = 'rd-text-col';
    if (c.sub) th.append(el(doc, 'span', { class: 'rd-sub' }, c.sub));
    hr.append(th);
  }
  thead.append(hr);
  table.append(thead);
  const bodies: HTMLTableSectionElement[] = [];
  const n = model.columns.length;
  for (const g of model.groups) {
    const tb = el(doc, 'tbody');
    if (g.title) {
      const tr = el(doc, 'tr', { class: 'rd-group' });
      tr.append(el(doc, 'th', { scope: 'rowgroup', colspan: String(n + 1) }, g.title));
      tb.append(tr);
    }
    if (opts.bodyRows !== false) for (const r of g.rows) tb.append(...renderRow(doc, r, n));
    bodies.push(tb);
    table.append(tb);
  }
  wrapper.append(table);
  if (noteId) wrapper.append(el(doc, 'p', { class: 'rd-note', id: noteId }, model.note));
  // one delegated listener for the formula buttons
  table.addEventListener('click', (e) => {
    const btn = (e.target as HTMLElement | null)?.closest?.('.rd-formula-btn') as HTMLButtonElement | null;
    if (!btn) return;
    const id = btn.getAttribute('aria-controls');
    const row = id ? (table.querySelector(`#${id}`) as HTMLTableRowElement | null) : null;
    if (!row) return;
    const open = btn.getAttribute('aria-expanded') !== 'true';
    btn.setAttribute('aria-expanded', String(open));
    row.hidden = !open;
  });
  return { wrapper, table, bodies };
}
