// The normal build: a module worker, emitted by Vite as its own chunk.
import type { EngineEndpoint } from './bridge';

export const makeWorker = (): EngineEndpoint =>
  new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'riskdial-engine' });
