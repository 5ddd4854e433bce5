// Runs `riskdial bench-<area>` as WASM in headless Chromium (the same CLI objects as build/wasm/core/riskdial.js,
// linked for the browser as build/wasm/wasm/riskdial-bench.mjs) and writes the JSON document it prints.
//   node scripts/bench-chromium.mjs OUT_DIR AREA [AREA...] [-- BENCH_ARGS...]
// writes OUT_DIR/<area>.chromium.json (or {"benchmark", "failed": true, "error"}). Used by scripts/bench.sh --chromium.
//
// How it runs: a local http server serves the module plus a small page and a module Web Worker (the engine runs in
// a worker in the app too). Every file is served with COOP/COEP headers, so the page is cross-origin isolated and
// performance.now() (which std::chrono::steady_clock uses in WASM) has 5 µs resolution instead of 100 µs.
// One fresh page, worker and module instance per area, like one CLI process per area under Node.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dd = argv.indexOf('--');
const [outDir, ...areas] = dd < 0 ? argv : argv.slice(0, dd);
const benchArgs = dd < 0 ? [] : argv.slice(dd + 1);
if (!outDir || areas.length === 0) {
  console.error('usage: node scripts/bench-chromium.mjs OUT_DIR AREA [AREA...] [-- BENCH_ARGS...]');
  process.exit(2);
}
const MODULE_DIR = process.env.RISKDIAL_BENCH_WEB_DIR ?? path.join(ROOT, 'build', 'wasm', 'wasm');
for (const f of ['riskdial-bench.mjs', 'riskdial-bench.wasm'])
  if (!fs.existsSync(path.join(MODULE_DIR, f))) {
    console.error(`error: ${path.join(MODULE_DIR, f)} is missing (cmake --build --preset wasm-release --target riskdial_bench_web)`);
    process.exit(2);
  }

const { chromium } = createRequire(path.join(ROOT, 'web', 'package.json'))('playwright-core');

const PAGE = `<!doctype html><meta charset="utf-8"><title>riskdial bench</title>
<script type="module">
window.runBench = (args) => new Promise((resolve) => {
  const w = new Worker('./bench-worker.mjs', { type: 'module' });
  w.onmessage = (e) => { resolve(e.data); w.terminate(); };
  w.onerror = (e) => { resolve({ code: -1, out: '', err: 'worker error: ' + (e.message ?? '') }); w.terminate(); };
  w.postMessage(args);
});
window.isolated = self.crossOriginIsolated;
</script>`;
const WORKER = `import createRiskdialBench from './riskdial-bench.mjs';
self.onmessage = async (e) => {
  const out = [], err = [];
  let code = -1;
  try {
    const M = await createRiskdialBench({ print: (t) => out.push(t), printErr: (t) => err.push(t), noExitRuntime: true });
    try {
      code = M.callMain(e.data);
    } catch (x) {
      if (x && typeof x === 'object' && 'status' in x) code = x.status; else err.push(String(x));
    }
  } catch (x) {
    err.push(String(x));
  }
  self.postMessage({ code, out: out.join('\\n'), err: err.join('\\n'), isolated: self.crossOriginIsolated });
};`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const name = new URL(req.url, 'http://x').pathname.slice(1) || 'index.html';
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cache-Control': 'no-store' };
  let body;
  if (name === 'index.html') body = PAGE;
  else if (name === 'bench-worker.mjs') body = WORKER;
  else if (name === 'riskdial-bench.mjs' || name === 'riskdial-bench.wasm') body = fs.readFileSync(path.join(MODULE_DIR, name));
  if (body === undefined) {
    res.writeHead(404, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions'],
});
let failed = 0;
try {
  fs.mkdirSync(outDir, { recursive: true });
  for (const area of areas) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const r = await page.evaluate((args) => window.runBench(args), [`bench-${area}`, ...benchArgs]);
    await page.close();
    const file = path.join(outDir, `${area}.chromium.json`);
    let doc;
    try {
      doc = JSON.parse(r.out);
      doc.chromium = { version: browser.version(), cross_origin_isolated: r.isolated };
    } catch {
      doc = null;
    }
    if (r.code !== 0 || !doc) {
      failed++;
      const error = [r.err, ...errors].filter(Boolean).join('\n') || `exit status ${r.code}`;
      fs.writeFileSync(file, JSON.stringify({ benchmark: area, failed: true, error }) + '\n');
      console.error(`bench-${area} in chromium failed: ${error}`);
    } else {
      fs.writeFileSync(file, JSON.stringify(doc, null, 1) + '\n');
    }
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
