// STUB of web/src/results/index.ts (owned by page-tables), only so page-app compiles and runs before that
// branch lands. The integrator deletes this file and points ../parts.ts at '../results'.
import type { ReportTable, ScenarioResult } from '../../shared/result';
import { fmtNum, fmtPct } from '../../shared/format';

export interface ResultsContext { result: ScenarioResult; selected: number[]; locale: string; convention: 'pa' | 'seed' }
export interface Handle { update(ctx: ResultsContext): void; dispose(): void }
export const styles = '.rd-stub-table td{font-variant-numeric:tabular-nums;text-align:right;padding:2px 6px}';

function table(container: HTMLElement, ctx: ResultsContext, pick: (i: number) => ReportTable, title: string): void {
  container.replaceChildren();
  for (const i of ctx.selected) {
    const s = ctx.result.strategies[i];
    if (!s) continue;
    const t = pick(i);
    const cols = t.columns ?? t.windows ?? Object.keys(t.rows[0]?.values ?? {});
    const el = document.createElement('table');
    el.className = 'rd-stub-table';
    el.createCaption().textContent = `${title}: ${s.name}`;
    const head = el.createTHead().insertRow();
    head.append(Object.assign(document.createElement('th'), { textContent: '' }));
    for (const c of cols) head.append(Object.assign(document.createElement('th'), { textContent: c, scope: 'col' }));
    const body = el.createTBody();
    for (const r of t.rows) {
      const tr = body.insertRow();
      tr.append(Object.assign(document.createElement('th'), { textContent: r.name, scope: 'row' }));
      for (const c of cols) {
        const v = r.values[c] ?? null;
        const td = tr.insertCell();
        td.dataset.raw = JSON.stringify(v);
        td.dataset.key = c;
        td.textContent = /beta|correlation|ret_to_vol|sharpe|information/.test(c + r.name) ? fmtNum(v, ctx.locale) : fmtPct(v, ctx.locale);
      }
    }
    container.append(el);
  }
}

function handle(container: HTMLElement, ctx: ResultsContext, draw: (c: HTMLElement, x: ResultsContext) => void): Handle {
  draw(container, ctx);
  return { update: (x) => draw(container, x), dispose: () => container.replaceChildren() };
}

export function renderFactSheet(container: HTMLElement, ctx: ResultsContext): Handle {
  return handle(container, ctx, (c, x) => table(c, x, (i) => x.result.strategies[i]!.metrics.monthly.fact_sheet, 'Fact sheet'));
}
export function renderTables(container: HTMLElement, ctx: ResultsContext): Handle {
  return handle(container, ctx, (c, x) => table(c, x, (i) => x.result.strategies[i]!.metrics.monthly.annualized_table, 'Annualized'));
}
export function renderMetricsTable(container: HTMLElement, ctx: ResultsContext): Handle {
  return handle(container, ctx, (c, x) =>
    table(c, x, (i) => ({ columns: ['value'], rows: Object.entries(x.result.strategies[i]!.metrics.monthly.net.metrics).map(([k, v]) => ({ name: k, values: { value: v } })) }), 'Metrics (net)'),
  );
}
export function renderAuditLog(container: HTMLElement, ctx: ResultsContext): Handle {
  return handle(container, ctx, (c, x) => {
    c.replaceChildren();
    for (const i of x.selected) {
      const s = x.result.strategies[i];
      if (!s) continue;
      const p = document.createElement('p');
      p.textContent = `${s.name}: ${s.decisions.length} decisions (audit log: page-tables)`;
      c.append(p);
    }
  });
}
