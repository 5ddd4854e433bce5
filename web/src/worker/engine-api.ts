// The worker's functions, as plain async functions over a module loader (importable in Node tests).
// Errors stay data: an engine Outcome passes through unchanged.
import type { EngineApi, ErrorCode, ImportOptions, ImportView, Outcome, PanelData, SourceFileInput } from '../shared/protocol';
import type { FrontierView, RunProgress, ScenarioDoc, ScenarioResult } from '../shared/result';
import type { RiskdialModule } from '../engine/generated/riskdial.mjs';

export function createEngineApi(load: () => Promise<RiskdialModule>): EngineApi {
  let module: Promise<RiskdialModule> | null = null;
  const engine = () => (module ??= load());

  return {
    async version() {
      return (await engine()).version();
    },

    async importFiles(files: SourceFileInput[], options: ImportOptions): Promise<Outcome<ImportView>> {
      const m = await engine();
      const t0 = performance.now();
      const imported = m.importFiles(files, options ?? {});
      if (!imported.ok) return imported;
      const { panel, report } = imported.value;
      // growth of $1: the engine's wealth index of the returns (prices → returns first)
      const returns = panel.kind === 'prices' ? m.pricesToReturns(panel) : { ok: true as const, value: panel };
      if (!returns.ok) return returns;
      const growth = m.returnsToWealth(returns.value);
      if (!growth.ok) return growth;
      return { ok: true, value: { report, panel, growth: growth.value, engineMs: performance.now() - t0 } };
    },

    async validateScenario(scenario: ScenarioDoc) {
      return (await engine()).validateScenario(scenario);
    },

    async runScenario(
      scenario: ScenarioDoc,
      panel: PanelData,
      onProgress?: (p: RunProgress) => void,
    ): Promise<Outcome<ScenarioResult & { engineMs: number }>> {
      const m = await engine();
      const t0 = performance.now();
      // Validate the whole document first, so errors keep their field paths (strategies[i]...).
      const checked = m.validateScenario(scenario);
      if (!checked.ok) return checked;
      // The single-strategy form {"strategy": {...}} (docs/scenario.md): one engine call.
      if (!Array.isArray(scenario.strategies)) {
        const one = m.runScenario(scenario, panel);
        if (!one.ok) return one;
        onProgress?.({ done: 1, total: 1, strategy: checked.value.strategies[0] ?? '' });
        return { ok: true, value: { ...(one.value as ScenarioResult), engineMs: performance.now() - t0 } };
      }
      // Strategies are independent given the data, the benchmark and the costs: run them one at a time so
      // progress can be reported; the documents are merged without touching any number. (The engine rejects
      // an empty list, so there is at least one.)
      const total = scenario.strategies.length;
      let merged: ScenarioResult | null = null;
      for (let i = 0; i < total; i++) {
        const strategy = scenario.strategies[i]!;
        const one = m.runScenario({ ...scenario, strategies: [strategy] }, panel);
        if (!one.ok) return { ok: false, error: reindex(one.error, i) };
        const doc = one.value as ScenarioResult;
        if (!merged) merged = { ...doc, strategies: [] };
        merged.strategies.push(doc.strategies[0]!);
        onProgress?.({ done: i + 1, total, strategy: strategy.name });
      }
      merged!.manifest = { ...merged!.manifest, scenario };
      return { ok: true, value: { ...merged!, engineMs: performance.now() - t0 } };
    },

    async frontier(scenario: ScenarioDoc, strategy: number, date: string, panel: PanelData): Promise<Outcome<FrontierView>> {
      const m = await engine();
      const s = scenario.strategies[strategy];
      const where = `strategies[${strategy}]`;
      if (!s || s.type !== 'risk_target')
        return fail('invalid_argument', `the frontier needs a risk_target strategy`, where);
      const one = m.runScenario({ ...scenario, strategies: [{ ...s, frontier_at: date }] }, panel);
      if (!one.ok) return { ok: false, error: reindex(one.error, strategy) };
      const decision = (one.value as ScenarioResult).strategies[0]!.decisions.find((d) => d.date === date);
      const f = decision?.audit['frontier'] as
        | { points?: FrontierView['points']; chosen?: FrontierView['chosen']; error?: string }
        | undefined;
      if (!f) return fail('invalid_argument', `no rebalance decision on ${date}`, `${where}.frontier_at`);
      if (!f.points || !f.chosen) return fail('invalid_argument', f.error ?? 'the frontier could not be traced', `${where}.frontier_at`);
      return { ok: true, value: { strategy, date, points: f.points, chosen: f.chosen } };
    },
  };
}

/** An error of a one-strategy run names "strategies[0]"; point it at the strategy's place in the scenario. */
function reindex<E extends { file: string }>(error: E, i: number): E {
  return { ...error, file: error.file.replace(/^strategies\[0\]/, `strategies[${i}]`) };
}

function fail<T>(code: ErrorCode, message: string, file: string): Outcome<T> {
  return { ok: false, error: { code, message, file, row: 0, column: 0 } };
}
