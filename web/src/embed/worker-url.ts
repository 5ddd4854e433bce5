/// <reference types="vite/client" />
// The engine worker for the embeddable element. Its URL resolves against this bundle's own URL
// (import.meta.url), never against the host page, so the element works from any path. A dedicated worker must
// be same-origin with the host page: when the element's script is served from another origin (a CDN), the
// worker is started from a tiny same-origin blob: module that imports the real worker script (that origin must
// then send CORS headers; documented in docs/web.md "Deployment forms").
import type { EngineEndpoint } from '../engine/bridge';
import workerUrl from '../worker/engine.worker.ts?worker&url';

/** The absolute URL of the worker script of this build. */
export function engineWorkerUrl(): string {
  return new URL(workerUrl, import.meta.url).href;
}

export function makeEmbedWorker(): EngineEndpoint {
  const url = engineWorkerUrl();
  if (new URL(url).origin === location.origin) return new Worker(url, { type: 'module', name: 'riskdial-engine' });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};\n`], { type: 'text/javascript' }));
  const worker = new Worker(shim, { type: 'module', name: 'riskdial-engine' });
  setTimeout(() => URL.revokeObjectURL(shim), 60_000);
  return worker;
}
