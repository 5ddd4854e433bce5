/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { cspPlugin } from './vite.shared.ts';

// Normal static build: dist/ (index.html + hashed js/css/wasm). base './' so it works under any path.
export default defineConfig({
  base: './',
  publicDir: '../public',
  plugins: [cspPlugin(false)],
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', chunkSizeWarningLimit: 1500 },
  server: { fs: { allow: ['..'] } },
  test: { include: ['tests/**/*.test.ts'], environment: 'node' },
});
