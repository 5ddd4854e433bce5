// The worker's functions, as plain async functions over a module loader (importable in Node tests).
// Errors stay data: an engine Outcome passes through unchanged.
import type { EngineApi, ImportOptions, ImportView, Outcome, SourceFileInput } from '../shared/protocol';
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
  };
}
