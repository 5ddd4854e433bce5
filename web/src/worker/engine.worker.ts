/// <reference lib="webworker" />
// The engine worker: instantiates the WASM module once (lazily) and exposes the engine API via comlink.
// The single-file build aliases the module import to the SINGLE_FILE variant (wasm embedded).
import * as Comlink from 'comlink';
import createRiskdial from '../engine/generated/riskdial.mjs';
import { createEngineApi } from './engine-api';

Comlink.expose(createEngineApi(() => createRiskdial()));
