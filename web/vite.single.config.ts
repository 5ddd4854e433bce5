import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { cspPlugin } from './vite.shared.ts';

// Offline single-file build: dist-single/index.html holds everything (scripts, styles, the worker as a
// classic inline worker, the engine with its wasm embedded) and works when opened from file://.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [cspPlugin(true), viteSingleFile()],
  worker: { format: 'iife' },
  resolve: {
    alias: [
      { find: /^.*\/make-worker$/, replacement: here('./src/engine/make-worker-inline.ts') },
      { find: /^.*\/generated\/riskdial\.mjs$/, replacement: here('./src/engine/generated/riskdial-single.mjs') },
    ],
  },
  build: { target: 'es2022', outDir: 'dist-single', chunkSizeWarningLimit: 4000 },
});
