// The single-file build (aliased over make-worker.ts): a classic worker inlined into the page, because module
// workers and separate files cannot load from file://.
import EngineWorker from '../worker/engine.worker.ts?worker&inline';
import type { EngineEndpoint } from './bridge';

export const makeWorker = (): EngineEndpoint => new EngineWorker({ name: 'riskdial-engine' });
