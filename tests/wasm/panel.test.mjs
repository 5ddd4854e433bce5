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
for (const f of ['edhec.csv', 'managers.csv', path.join('pypfopt', 'stock_prices.csv')]) {
  if (fs.existsSync(path.join(shared, f))) FILES.push([path.join(shared, f)]);
}

let M;
before(async () => {
  M = await loadModule();
});

function native(files) {
  const out = execFileSync(CLI, ['inspect', ...files, '--values'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out);
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
