// Renders the import doctor's report (rows come from shared/report.ts).
import type { ImportReport } from '../shared/protocol';
import { reportFiles, reportRows, reportSummary, reportWarnings } from '../shared/report';

function cell(tr: HTMLTableRowElement, text: string, cls?: string): HTMLTableCellElement {
  const td = tr.insertCell();
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

export interface ReportRoot {
  table: HTMLTableElement;
  summary: HTMLElement;
  files: HTMLElement;
  warnings: HTMLElement;
}

export function renderReport(root: ReportRoot, report: ImportReport | null): void {
  const tbody = root.table.tBodies[0];
  tbody.replaceChildren();
  root.warnings.replaceChildren();
  root.files.replaceChildren();
  root.summary.textContent = report ? reportSummary(report) : '';
  if (!report) return;
  for (const f of reportFiles(report)) {
    const li = document.createElement('li');
    li.textContent = f;
    root.files.append(li);
  }
  for (const w of reportWarnings(report)) {
    const li = document.createElement('li');
    li.textContent = w;
    root.warnings.append(li);
  }
  for (const r of reportRows(report)) {
    const tr = tbody.insertRow();
    tr.dataset.column = r.name;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = r.name;
    tr.append(th);
    cell(tr, r.firstDate);
    cell(tr, r.lastDate);
    cell(tr, r.observations, 'num');
    cell(tr, r.kind);
    cell(tr, r.frequency);
    cell(tr, r.gapsFilled, 'num');
    if (r.warnings.length) cell(tr, r.warnings.join('; '), 'warn');
    else cell(tr, 'none', 'ok');
  }
}
