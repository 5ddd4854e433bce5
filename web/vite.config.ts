/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { cspPlugin } from './vite.shared.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Normal static build: dist/ (index.html + hashed js/css/wasm) and the embeddable element
// dist/riskdial-element.js (unhashed, so hosts can link it; it shares the hashed chunks in dist/assets/).
// base './' so it works under any path: every asset URL is resolved at run time against the page (HTML) or
// against the importing module's own URL (import.meta.url: the element, the worker, the wasm).
export default defineConfig({
  base: './',
  publicDir: '../public',
  plugins: [cspPlugin(false)],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: { index: here('./index.html'), 'riskdial-element': here('./src/embed/element.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'riskdial-element' ? 'riskdial-element.js' : 'assets/[name]-[hash].js'),
        // the code shared by the page and the element (the app) would be named after an arbitrary module
        chunkFileNames: (chunk) => (chunk.isDynamicEntry ? 'assets/[name]-[hash].js' : 'assets/app-[hash].js'),
      },
    },
  },
  server: { fs: { allow: ['..'] } },
  test: { include: ['tests/**/*.test.ts'], environment: 'node' },
});
