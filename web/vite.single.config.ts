import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { cspPlugin } from './vite.shared.ts';

// Offline single-file build: dist-single/riskdial.html holds everything (scripts, styles, the worker as a
// classic inline worker, the engine with its wasm embedded) and works when opened from file://.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const OUT_DIR = 'dist-single';
export const SINGLE_FILE_NAME = 'riskdial.html';

/** Renames the one output file from index.html to riskdial.html (after vite-plugin-singlefile inlined it). */
function renameOutput(): Plugin {
  return {
    name: 'riskdial-single-file-name',
    apply: 'build',
    closeBundle() {
      const dir = here(`./${OUT_DIR}`);
      const from = path.join(dir, 'index.html');
      if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, SINGLE_FILE_NAME));
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: false,
  plugins: [cspPlugin(true), viteSingleFile(), renameOutput()],
  worker: { format: 'iife' },
  resolve: {
    alias: [
      { find: /^.*\/make-worker$/, replacement: here('./src/engine/make-worker-inline.ts') },
      { find: /^.*\/generated\/riskdial\.mjs$/, replacement: here('./src/engine/generated/riskdial-single.mjs') },
    ],
  },
  build: { target: 'es2022', outDir: OUT_DIR, chunkSizeWarningLimit: 4000 },
});
