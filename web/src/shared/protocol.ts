// Types shared by the main thread and the worker. The engine's own types come from the hand-written
// declarations of the WASM module (wasm/riskdial.d.ts, copied next to the generated module).
import type {
  EngineErrorData,
  ImportOptions,
  ImportReport,
  Outcome,
  PanelData,
  SourceFileInput,
  VersionInfo,
} from '../engine/generated/riskdial.mjs';

export type {
  EngineErrorData,
  ErrorCode,
  ImportOptions,
  ImportReport,
  Outcome,
  PanelData,
  ReportColumn,
  SourceFileInput,
  VersionInfo,
} from '../engine/generated/riskdial.mjs';

import type { FrontierView, RunProgress, ScenarioDoc, ScenarioResult } from './result';

/** What the page receives for an import: the report, the panel and its growth-of-$1 wealth index. */
export interface ImportView {
  report: ImportReport;
  panel: PanelData;
  /** wealth index W_t = Π(1 + r_s) (engine: pricesToReturns → returnsToWealth); W_0 = 1 is not stored */
  growth: PanelData;
  /** milliseconds spent in the engine (import + transforms), measured in the worker */
  engineMs: number;
}

/** The worker's API (exposed through comlink). Every function resolves to an Outcome; it never rejects for
 * bad input, so error details survive the trip (comlink keeps only name/message/stack of a thrown Error). */
export interface EngineApi {
  version(): Promise<Outcome<VersionInfo>>;
  importFiles(files: SourceFileInput[], options: ImportOptions): Promise<Outcome<ImportView>>;
  /** Validate a scenario without data: the names of its strategies, or the field-path error. */
  validateScenario(scenario: ScenarioDoc): Promise<Outcome<{ strategies: string[] }>>;
  /** Run every strategy of `scenario` on `panel` (one engine call per strategy, so `onProgress` — a comlink
   * proxy — hears after each; the merged document equals `riskdial run`'s for the whole scenario). */
  runScenario(
    scenario: ScenarioDoc,
    panel: PanelData,
    onProgress?: (p: RunProgress) => void,
  ): Promise<Outcome<ScenarioResult & { engineMs: number }>>;
  /** The efficient frontier at the decision dated `date` (YYYY-MM-DD) of risk_target strategy `strategy`
   * (an index into scenario.strategies): that strategy is re-run with `frontier_at` = date. */
  frontier(scenario: ScenarioDoc, strategy: number, date: string, panel: PanelData): Promise<Outcome<FrontierView>>;
}

/** Bridge-level failure codes added to the engine's own codes. */
export type BridgeErrorCode = 'aborted' | 'worker_failed';

export type AnyErrorData = Omit<EngineErrorData, 'code'> & { code: EngineErrorData['code'] | BridgeErrorCode };
