// Settings shared by the normal build (vite.config.ts) and the offline single-file build (vite.single.config.ts).
import type { Plugin } from 'vite';

/** Content-Security-Policy of the page: nothing may leave the page; only the page's own assets load. */
export function csp(singleFile: boolean): string {
  const script = singleFile ? "'self' 'unsafe-inline' 'wasm-unsafe-eval'" : "'self' 'wasm-unsafe-eval'";
  const worker = singleFile ? "'self' blob: data:" : "'self' blob:";
  return [
    "default-src 'self'",
    `script-src ${script}`,
    `worker-src ${worker}`,
    "connect-src 'self' blob: data:",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Fills the CSP placeholder of index.html. */
export function cspPlugin(singleFile: boolean): Plugin {
  return {
    name: 'riskdial-csp',
    transformIndexHtml: (html) => html.replace('__RISKDIAL_CSP__', csp(singleFile)),
  };
}
