// Loads the built embind module in Node (the generated copy the web app uses).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GENERATED = path.join(ROOT, 'web', 'src', 'engine', 'generated');
export const CLI = process.env.RISKDIAL_CLI ?? path.join(ROOT, 'build', 'native', 'riskdial');

/** The normal variant: built for web/worker, so in Node the .wasm bytes are passed in (no fetch). */
export async function loadModule() {
  const { default: create } = await import(pathToFileURL(path.join(GENERATED, 'riskdial.mjs')).href);
  return create({ wasmBinary: fs.readFileSync(path.join(GENERATED, 'riskdial.wasm')) });
}

/** The SINGLE_FILE variant (wasm embedded as base64). */
export async function loadSingleFileModule() {
  const { default: create } = await import(pathToFileURL(path.join(GENERATED, 'riskdial-single.mjs')).href);
  return create();
}

/** Function names declared in interface RiskdialModule of wasm/riskdial.d.ts. */
export function declaredFunctions() {
  const dts = fs.readFileSync(path.join(ROOT, 'wasm', 'riskdial.d.ts'), 'utf8');
  const body = dts.match(/export interface RiskdialModule \{([\s\S]*?)\n\}/)[1];
  return [...body.matchAll(/^\s*([A-Za-z_]\w*)\s*\(/gm)].map((m) => m[1]);
}

/** Function names registered in wasm/bindings.cpp. */
export function registeredFunctions() {
  const cpp = fs.readFileSync(path.join(ROOT, 'wasm', 'bindings.cpp'), 'utf8');
  return [...cpp.matchAll(/emscripten::function\("(\w+)"/g)].map((m) => m[1]);
}

export function isoFromDays(days) {
  return new Date(days * 86400000).toISOString().slice(0, 10);
}
