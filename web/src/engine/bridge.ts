// EngineBridge: the page's only door to the engine. One worker (started lazily, stopped after an idle
// timeout), calls run one at a time in a queue, every call takes an optional AbortSignal (abort terminates
// the worker; the next call starts a fresh one). Outcomes are unwrapped here: {ok:false} → EngineError.
import * as Comlink from 'comlink';
import type { EngineApi, ImportOptions, ImportView, Outcome, PanelData, SourceFileInput, VersionInfo } from '../shared/protocol';
import type { FrontierView, RunProgress, ScenarioDoc, ScenarioResult } from '../shared/result';
import { EngineError } from './engine-error';

/** Something comlink can talk to, that can be terminated (a Worker, or a MessagePort in tests). */
export interface EngineEndpoint extends Comlink.Endpoint {
  terminate?: () => void;
}

export interface BridgeOptions {
  /** stop the worker after this many ms without calls (0 = never) */
  idleMs?: number;
}

/** Turn an Outcome into its value or throw EngineError. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new EngineError(outcome.error);
}

export class EngineBridge {
  private endpoint: EngineEndpoint | null = null;
  private remote: Comlink.Remote<EngineApi> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly idleMs: number;

  constructor(private readonly makeEndpoint: () => EngineEndpoint, options: BridgeOptions = {}) {
    this.idleMs = options.idleMs ?? 0;
  }

  version(signal?: AbortSignal): Promise<VersionInfo> {
    return this.call((api) => api.version(), signal);
  }

  importFiles(files: SourceFileInput[], options: ImportOptions = {}, signal?: AbortSignal): Promise<ImportView> {
    const transfer = files.flatMap((f) =>
      f.text instanceof Uint8Array ? [f.text.buffer as ArrayBuffer] : f.text instanceof ArrayBuffer ? [f.text] : [],
    );
    return this.call((api) => api.importFiles(Comlink.transfer(files, transfer), options), signal);
  }

  /** Validate a scenario without data (errors name the field path, e.g. "strategies[1].k"). */
  validateScenario(scenario: ScenarioDoc, signal?: AbortSignal): Promise<{ strategies: string[] }> {
    return this.call((api) => api.validateScenario(scenario), signal);
  }

  /** Run a scenario on a panel from importFiles; `onProgress` hears after each strategy. Abort = cancel
   * (the worker is terminated; the next call starts a fresh one). */
  runScenario(
    scenario: ScenarioDoc,
    panel: PanelData,
    options: { onProgress?: (p: RunProgress) => void; signal?: AbortSignal } = {},
  ): Promise<ScenarioResult & { engineMs: number }> {
    const progress = options.onProgress ? Comlink.proxy(options.onProgress) : undefined;
    return this.call((api) => api.runScenario(scenario, panel, progress), options.signal);
  }

  /** The efficient frontier at one decision date of a risk_target strategy (index into scenario.strategies). */
  frontier(scenario: ScenarioDoc, strategy: number, date: string, panel: PanelData, signal?: AbortSignal): Promise<FrontierView> {
    return this.call((api) => api.frontier(scenario, strategy, date, panel), signal);
  }

  /** Stop the worker now (pending calls fail with code 'aborted'). */
  terminate(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.remote) this.remote[Comlink.releaseProxy]();
    this.endpoint?.terminate?.();
    this.endpoint = null;
    this.remote = null;
  }

  get running(): boolean {
    return this.remote !== null;
  }

  private api(): Comlink.Remote<EngineApi> {
    if (!this.remote) {
      this.endpoint = this.makeEndpoint();
      this.remote = Comlink.wrap<EngineApi>(this.endpoint);
    }
    return this.remote;
  }

  private call<T>(fn: (api: Comlink.Remote<EngineApi>) => Promise<Outcome<T>>, signal?: AbortSignal): Promise<T> {
    const run = async (): Promise<T> => {
      if (signal?.aborted) throw aborted();
      if (this.idleTimer) clearTimeout(this.idleTimer);
      const api = this.api();
      let onAbort: (() => void) | undefined;
      const abortPromise = new Promise<never>((_, reject) => {
        onAbort = () => {
          this.terminate();
          reject(aborted());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        let outcome: Outcome<T>;
        try {
          outcome = await Promise.race([fn(api), abortPromise]);
        } catch (e) {
          if (e instanceof EngineError) throw e;
          this.terminate();
          throw new EngineError({ code: 'worker_failed', message: `the engine worker failed: ${String(e)}`, file: '', row: 0, column: 0 });
        }
        return unwrap(outcome);
      } finally {
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        this.armIdle();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private armIdle(): void {
    if (this.idleMs > 0 && this.remote) this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }
}

function aborted(): EngineError {
  return new EngineError({ code: 'aborted', message: 'the engine call was cancelled', file: '', row: 0, column: 0 });
}
