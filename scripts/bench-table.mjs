// Prints the benchmark table (native vs wasm per case) and the web app's asset sizes. Used by scripts/bench.sh.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [dir, ...areas] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const read = (f) => {
  try {
    const t = fs.readFileSync(f, 'utf8').trim();
    return t ? JSON.parse(t) : null;
  } catch (e) {
    return { parse_error: String(e) };
  }
};
const fmt = (x) =>
  typeof x === 'number' ? (Number.isInteger(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4))
    : x === undefined ? '—' : String(x);
const same = (a, b) => a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 0.01 * Math.abs(a));
const pad = (rows) => {
  const w = rows[0].map((_, j) => Math.max(...rows.map((r) => String(r[j]).length)));
  return rows.map((r) => r.map((c, j) => (j === 0 ? String(c).padEnd(w[j]) : String(c).padStart(w[j]))).join('  ')).join('\n');
};

for (const area of areas) {
  const nat = read(path.join(dir, `${area}.native.json`));
  const wasm = read(path.join(dir, `${area}.wasm.json`));
  const chrome = read(path.join(dir, `${area}.chromium.json`));  // only with bench.sh --chromium
  console.log(`\n## bench-${area}`);
  if (!nat || nat.not_implemented) {
    console.log(`not implemented (skipped)${nat?.error ? `: ${nat.error}` : ''}`);
    continue;
  }
  if (nat.parse_error || !Array.isArray(nat.cases)) {
    console.log(`native output is not a benchmark document: ${nat.parse_error ?? 'no "cases"'}`);
    continue;
  }
  const wcases = new Map((wasm?.cases ?? []).map((c) => [c.name, c]));
  const ccases = chrome ? new Map((chrome.cases ?? []).map((c) => [c.name, c])) : null;
  const core = new Set(['name', 'median_ms', 'min_ms', 'reps']);
  const extras = [...new Set(nat.cases.flatMap((c) => Object.keys(c).filter((k) => !core.has(k))))];
  // an extra field that is the same natively and in wasm (sizes, counts) gets one column, others two
  const shared = new Set(extras.filter((k) => nat.cases.every((c) => same(c[k], wcases.get(c.name)?.[k]))));
  const head = extras.flatMap((k) => (shared.has(k) ? [k] : [`${k} native`, `${k} wasm`]));
  const ratio = (x, c) => (x ? (x.median_ms / c.median_ms).toFixed(2) + '×' : '—');
  const rows = [['case', 'native ms', 'wasm ms', 'wasm/native', ...(ccases ? ['chromium ms', 'chromium/native'] : []),
    'reps n/w', ...head]];
  for (const c of nat.cases) {
    const w = wcases.get(c.name);
    const ch = ccases?.get(c.name);
    rows.push([c.name, fmt(c.median_ms), fmt(w?.median_ms), ratio(w, c), ...(ccases ? [fmt(ch?.median_ms), ratio(ch, c)] : []),
      `${c.reps}/${w?.reps ?? '—'}`, ...extras.flatMap((k) => (shared.has(k) ? [fmt(c[k])] : [fmt(c[k]), fmt(w?.[k])]))]);
  }
  console.log(pad(rows));
  console.log('(median over repetitions; min_ms in build/bench/*.json)');
  if (!wasm || wasm.failed) console.log('wasm run failed: see build/bench/' + area + '.wasm.err');
  if (chrome?.failed) console.log('chromium run failed: see build/bench/' + area + '.chromium.err');
}

// sizes of the built web app
const sizes = [['asset', 'raw bytes', 'gzip bytes']];
const add = (label, file) => {
  const buf = fs.readFileSync(file);
  sizes.push([label, buf.length, zlib.gzipSync(buf, { level: 9 }).length]);
};
const assets = path.join(root, 'web', 'dist', 'assets');
if (fs.existsSync(assets)) {
  for (const f of fs.readdirSync(assets).sort()) if (/\.(wasm|js|css)$/.test(f)) add(`dist/assets/${f}`, path.join(assets, f));
  add('dist/index.html', path.join(root, 'web', 'dist', 'index.html'));
}
const single = path.join(root, 'web', 'dist-single', 'riskdial.html');
if (fs.existsSync(single)) add('dist-single/riskdial.html (everything)', single);
console.log('\n## web app sizes');
console.log(pad(sizes));
