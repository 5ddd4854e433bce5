// The same CSV files parsed natively (build/native/riskdial inspect FILE --values) and in WASM give the same
// panel, bit for bit, and the same import report.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { CLI, ROOT, isoFromDays, loadModule } from './load.mjs';

const FILES = [
  [path.join(ROOT, 'public', 'data', 'sample_prices.csv')],
  [path.join(ROOT, 'tests', 'web', 'fixtures', 'upload_two_assets.csv')],
  [path.join(ROOT, 'tests', 'web', 'fixtures', 'upload_two_assets.csv'), path.join(ROOT, 'public', 'data', 'sample_prices.csv')],
];
const shared = path.join(ROOT, '..', 'shared', 'data');
for (const f of ['edhec_monthly_returns.csv', path.join('pypfopt', 'stock_prices.csv'),
  path.join('pypfopt', 'spy_prices.csv')]) {
  if (fs.existsSync(path.join(shared, f))) FILES.push([path.join(shared, f)]);
}
// the same files with explicit options: CLI flags and the matching importFiles options
const WITH_OPTIONS = [
  { file: path.join(shared, 'managers_monthly_returns.csv'), cli: ['--kind', 'returns'], options: { kind: 'returns' } },
  { file: path.join(shared, 'edhec_monthly_returns.csv'), cli: ['--kind', 'returns', '--max-ffill-days', '0'], options: { kind: 'returns', maxFfillDays: 0 } },
  { file: path.join(ROOT, 'public', 'data', 'sample_prices.csv'), cli: ['--layout', 'wide', '--date-format', 'ymd', '--kind', 'prices'],
    options: { layout: 'wide', dateOrder: 'ymd', kind: 'prices' } },
].filter((x) => fs.existsSync(x.file));

// every CSV fixture of the core tests (good and bad ones): both sides must agree, on the panel or on the error
function listFixtures(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFixtures(path.join(dir, e.name)) : /\.(csv|txt|tsv)$/i.test(e.name) ? [path.join(dir, e.name)] : []);
}
const FIXTURES = listFixtures(path.join(ROOT, 'tests', 'fixtures'));

let M;
before(async () => {
  M = await loadModule();
});

function native(files, flags = []) {
  const out = execFileSync(CLI, ['inspect', ...files, ...flags, '--values'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
}

/** Native run that may fail: {doc} or {status, stderr}. */
function nativeMaybe(files) {
  try {
    return { doc: native(files) };
  } catch (e) {
    return { status: e.status, stderr: String(e.stderr ?? ''), stdout: String(e.stdout ?? '') };
  }
}

function assertSamePanel(panel, np) {
  assert.deepEqual(panel.names, np.names);
  const dates = [...panel.dates].map((d) => (typeof np.dates[0] === 'number' ? d : isoFromDays(d)));
  assert.deepEqual(dates, np.dates);
  assert.equal(np.values.length, panel.cols);
  let mismatches = 0;
  for (let j = 0; j < panel.cols; j++) {
    for (let i = 0; i < panel.rows; i++) {
      const w = panel.values[j * panel.rows + i];
      const n = np.values[j][i] === null ? NaN : np.values[j][i];
      if (!(Object.is(w, n) || (Number.isNaN(w) && Number.isNaN(n)))) mismatches++;
    }
  }
  assert.equal(mismatches, 0, 'cells that differ');
}

describe('native and WASM panels are identical', () => {
  for (const files of FILES) {
    test(files.map((f) => path.basename(f)).join(' + '), () => {
      const doc = native(files);
      const out = M.importFiles(files.map((f) => ({ name: path.basename(f), text: fs.readFileSync(f) })), {});
      assert.equal(out.ok, true, out.ok ? '' : JSON.stringify(out.error));
      const { panel, report } = out.value;
      const np = doc.panel;
      assert.ok(np, 'native output has "panel"');
      assert.deepEqual(panel.names, np.names);
      const dates = [...panel.dates].map((d) => (typeof np.dates[0] === 'number' ? d : isoFromDays(d)));
      assert.deepEqual(dates, np.dates);
      assert.equal(panel.rows, np.dates.length);
      assert.equal(panel.cols, np.names.length);
      assert.equal(panel.values.length, panel.rows * panel.cols);
      // values: [[column...]...] with null for NaN; compare every cell exactly
      assert.equal(np.values.length, panel.cols);
      let mismatches = 0;
      for (let j = 0; j < panel.cols; j++) {
        const col = np.values[j];
        assert.equal(col.length, panel.rows);
        for (let i = 0; i < panel.rows; i++) {
          const w = panel.values[j * panel.rows + i];
          const n = col[i] === null ? NaN : col[i];
          if (!(Object.is(w, n) || (Number.isNaN(w) && Number.isNaN(n)))) mismatches++;
        }
      }
      assert.equal(mismatches, 0, 'cells that differ');
      const { panel: _omit, ...nativeReport } = doc;
      assert.deepEqual(report, nativeReport);
    });
  }

  for (const { file, cli, options } of WITH_OPTIONS) {
    test(`${path.basename(file)} with ${cli.join(' ')}`, () => {
      const doc = native([file], cli);
      const out = M.importFiles([{ name: path.basename(file), text: fs.readFileSync(file) }], options);
      assert.equal(out.ok, true, out.ok ? '' : JSON.stringify(out.error));
      assertSamePanel(out.value.panel, doc.panel);
      const { panel: _omit, ...nativeReport } = doc;
      assert.deepEqual(out.value.report, nativeReport);
    });
  }

  test(`every CSV under tests/fixtures (${FIXTURES.length} files) gives the same panel or the same error`, (t) => {
    if (!FIXTURES.length) return t.skip('no CSV fixtures in tests/fixtures yet');
    let ok = 0, errors = 0;
    for (const f of FIXTURES) {
      const nat = nativeMaybe([f]);
      const out = M.importFiles([{ name: path.basename(f), text: fs.readFileSync(f) }], {});
      if (nat.doc) {
        assert.equal(out.ok, true, `${f}: native ok, wasm ${JSON.stringify(out.error)}`);
        assertSamePanel(out.value.panel, nat.doc.panel);
        const { panel: _omit, ...nativeReport } = nat.doc;
        assert.deepEqual(out.value.report, nativeReport, f);
        ok++;
      } else {
        assert.equal(nat.status, 2, `${f}: ${nat.stderr}`);
        assert.equal(out.ok, false, `${f}: native failed (${nat.stderr.trim()}), wasm ok`);
        assert.equal(nat.stderr.trim(), `error: ${out.error.file}:${out.error.row}:${out.error.column}: ${out.error.message}`
          .replace(/:0:0: /, ': ').replace(/:(\d+):0: /, ':$1: '), f);
        errors++;
      }
    }
    if (FIXTURES.length) console.log(`# fixtures: ${ok} parsed identically, ${errors} rejected identically`);
  });

  test('a bad file fails the same way natively (exit 2, error line) and in WASM', () => {
    const bad = path.join(ROOT, 'tests', 'web', 'fixtures', 'bad_value.csv');
    let status = 0, stderr = '', stdout = '';
    try {
      execFileSync(CLI, ['inspect', bad], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      status = e.status; stderr = e.stderr; stdout = e.stdout;
    }
    assert.equal(status, 2);
    assert.equal(stdout, '');
    const out = M.importFiles([{ name: path.basename(bad), text: fs.readFileSync(bad) }], {});
    assert.equal(out.ok, false);
    assert.equal(stderr.trim(), `error: ${out.error.file}:${out.error.row}:${out.error.column}: ${out.error.message}`);
    assert.deepEqual([out.error.row, out.error.column], [4, 2]);
  });

  test('a large price CSV (300 columns × 6,500 rows, ~17 MB) imports in WASM', () => {
    const rows = 6500, cols = 300;
    const lines = ['Date,' + Array.from({ length: cols }, (_, j) => `SIM_${j}`).join(',')];
    let d = Date.UTC(2000, 0, 3) / 86400000;
    for (let i = 0; i < rows; i++) {
      while ([0, 6].includes(new Date(d * 86400000).getUTCDay())) d++;
      const cells = [isoFromDays(d)];
      for (let j = 0; j < cols; j++) cells.push((100 + ((i * 7 + j * 13) % 997) / 10).toFixed(4));
      lines.push(cells.join(','));
      d++;
    }
    const text = lines.join('\n') + '\n';
    assert.ok(text.length > 15e6);
    const out = M.importFiles([{ name: 'large.csv', text }], {});
    assert.equal(out.ok, true, out.ok ? '' : JSON.stringify(out.error));
    assert.equal(out.value.panel.rows, rows);
    assert.equal(out.value.panel.cols, cols);
    // spot check: cell (i=6499, j=299)
    const i = 6499, j = 299;
    assert.equal(out.value.panel.values[j * rows + i], Number((100 + ((i * 7 + j * 13) % 997) / 10).toFixed(4)));
  });
});
