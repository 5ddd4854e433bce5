// STUB of web/src/charts/index.ts (owned by page-charts), only so page-app compiles and runs before that
// branch lands. The integrator deletes this file and points ../parts.ts at '../charts'.
import type { ScenarioResult } from '../../shared/result';

export interface ChartContext {
  result: ScenarioResult;
  selected: number[];
  locale: string;
  basis: 'net' | 'gross';
  frontier?: { strategy: number; date: string; points: { volatility: number; expected_return: number }[];
    chosen: { volatility: number; expected_return: number } } | null;
}
export interface ChartsHandle { update(ctx: ChartContext): void; resize(): void; dispose(): void; png(id: string): string | null; ids(): string[] }
export const styles = '';

export function renderCharts(container: HTMLElement, ctx: ChartContext): ChartsHandle {
  const draw = (x: ChartContext) => {
    container.textContent = `Charts for ${x.selected.length} strategies (${x.basis}) appear here once page-charts lands.` +
      (x.frontier ? ` Frontier: ${x.frontier.points.length} points at ${x.frontier.date}.` : '');
  };
  draw(ctx);
  return { update: draw, resize: () => {}, dispose: () => container.replaceChildren(), png: () => null, ids: () => [] };
}
