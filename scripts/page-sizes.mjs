// Sizes of the built web app (raw and gzip -9) in the three deployment forms; printed by scripts/bench-page.sh
// and by tests/web/load-time.e2e.test.mjs (which also passes the files the page actually loaded).
//   node scripts/page-sizes.mjs [--json]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'web', 'dist');
const SINGLE = path.join(ROOT, 'web', 'dist-single', 'riskdial.html');

export function sizeOf(file) {
  const buf = fs.readFileSync(file);
  return { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
}

const kindOf = (f) => (f.endsWith('.wasm') ? 'wasm' : f.endsWith('.css') ? 'css' : /\.m?js$/.test(f) ? 'js' : f.endsWith('.html') ? 'html' : 'other');

/** Sum raw/gzip per kind over `files` (paths relative to web/dist). */
export function summarize(files) {
  const rows = files.map((f) => ({ file: f, kind: kindOf(f), ...sizeOf(path.join(DIST, f)) }));
  const total = (pred) => rows.filter(pred).reduce((a, r) => ({ raw: a.raw + r.raw, gzip: a.gzip + r.gzip }), { raw: 0, gzip: 0 });
  return {
    rows,
    byKind: Object.fromEntries(['wasm', 'js', 'css', 'html'].map((k) => [k, total((r) => r.kind === k)])),
    wasmJsCss: total((r) => ['wasm', 'js', 'css'].includes(r.kind)),
  };
}

/** Every wasm/js/css file of the static build (dist/assets/* and the element entry). */
export function staticBuildFiles() {
  const assets = fs.existsSync(path.join(DIST, 'assets')) ? fs.readdirSync(path.join(DIST, 'assets')).sort().map((f) => `assets/${f}`) : [];
  const files = assets.filter((f) => /\.(wasm|m?js|css)$/.test(f));
  if (fs.existsSync(path.join(DIST, 'riskdial-element.js'))) files.push('riskdial-element.js');
  return files;
}

export function singleFileSize() {
  return fs.existsSync(SINGLE) ? sizeOf(SINGLE) : null;
}

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;

export function printSizes({ loaded = null } = {}) {
  const all = summarize(staticBuildFiles());
  const lines = ['## web app sizes (gzip -9)', '', '| what | wasm | js | css | wasm + js + css |', '|---|---|---|---|---|'];
  const row = (label, s) => lines.push(`| ${label} | ${kb(s.byKind.wasm.gzip)} | ${kb(s.byKind.js.gzip)} | ${kb(s.byKind.css.gzip)} | **${kb(s.wasmJsCss.gzip)}** (raw ${kb(s.wasmJsCss.raw)}) |`);
  if (loaded) row('static site, loaded for the first result', summarize(loaded));
  row('static site, every asset (incl. riskdial-element.js)', all);
  const single = singleFileSize();
  if (single) lines.push(`| single file riskdial.html (everything, wasm base64) | | | | **${kb(single.gzip)}** (raw ${kb(single.raw)}) |`);
  lines.push('', '| file | raw | gzip |', '|---|---|---|', ...all.rows.map((r) => `| ${r.file} | ${r.raw} | ${r.gzip} |`));
  console.log(lines.join('\n'));
  return { all, single, loaded: loaded ? summarize(loaded) : null };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = printSizes();
  if (process.argv.includes('--json')) console.log(JSON.stringify(out, null, 1));
}
