// Node tests of the WASM module: it loads, its d.ts is true, errors arrive as data, transforms are exact,
// and repeated error calls do not leak (emscripten 3.1.6 leaks on every exception that crosses into JS).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { declaredFunctions, loadModule, loadSingleFileModule, registeredFunctions } from './load.mjs';

let M;
before(async () => {
  M = await loadModule();
});

const isoDay = (i) => new Date(Date.UTC(2001, 0, 1) + i * 86400000).toISOString().slice(0, 10);
const okValue = (o) => {
  assert.equal(o.ok, true, o.ok ? '' : JSON.stringify(o.error));
  return o.value;
};
const errorOf = (o) => {
  assert.equal(o.ok, false, 'expected an error outcome');
  assert.deepEqual(Object.keys(o.error).sort(), ['code', 'column', 'file', 'message', 'row']);
  return o.error;
};

describe('module and declarations', () => {
  test('every function declared in riskdial.d.ts exists on the module, and vice versa', () => {
    const declared = declaredFunctions();
    assert.ok(declared.length >= 6, `parsed ${declared.length} names`);
    for (const name of declared) assert.equal(typeof M[name], 'function', `Module.${name}`);
    assert.deepEqual([...declared].sort(), [...registeredFunctions()].sort());
  });

  test('the SINGLE_FILE variant loads without a separate .wasm and has the same functions', async () => {
    const S = await loadSingleFileModule();
    for (const name of declaredFunctions()) assert.equal(typeof S[name], 'function', name);
    assert.deepEqual(okValue(S.version()), okValue(M.version()));
  });

  test('version: project version, SIMD build', () => {
    const v = okValue(M.version());
    assert.match(v.version, /^\d+\.\d+\.\d+$/);
    assert.equal(v.simd, true);
    assert.match(v.compiler, /clang/i);
  });

  test('defaultImportOptions come from the C++ ImportOptions defaults', () => {
    assert.deepEqual(okValue(M.defaultImportOptions()), {
      layout: 'auto', dateOrder: 'auto', kind: 'auto', maxBytes: 256 * 1024 * 1024, maxFfillDays: 5,
    });
  });
});

describe('errors arrive as data', () => {
  test('argument errors name the field', () => {
    let e = errorOf(M.importFiles('not an array', {}));
    assert.equal(e.code, 'invalid_argument');
    assert.equal(e.file, 'files');
    e = errorOf(M.importFiles([{ name: 'a.csv', text: 42 }], {}));
    assert.deepEqual([e.code, e.file], ['invalid_argument', 'files[0].text']);
    e = errorOf(M.importFiles([{ text: 'x' }], {}));
    assert.deepEqual([e.code, e.file], ['invalid_argument', 'files[0].name']);
    e = errorOf(M.importFiles([], { layout: 'diagonal' }));
    assert.deepEqual([e.code, e.file], ['invalid_argument', 'options.layout']);
    assert.match(e.message, /'diagonal'/);
    e = errorOf(M.importFiles([], { maxFfillDays: -1 }));
    assert.equal(e.file, 'options.maxFfillDays');
    e = errorOf(M.importFiles([], { delimiter: ';' }));
    assert.equal(e.file, 'options.delimiter');
    assert.match(e.message, /unknown import option/);
  });

  test('a non-numeric cell: code, file, row and column', () => {
    const csv = 'Date,SIM_A,SIM_B\n2024-01-02,100.0,50.0\n2024-01-03,101.5,50.1\n2024-01-04,abc,50.2\n';
    const e = errorOf(M.importFiles([{ name: 'bad.csv', text: csv }], {}));
    assert.deepEqual({ code: e.code, file: e.file, row: e.row, column: e.column },
      { code: 'non_numeric', file: 'bad.csv', row: 4, column: 2 });
    assert.match(e.message, /abc/);
  });

  test('an empty file and a binary file (bytes passed as Uint8Array)', () => {
    let e = errorOf(M.importFiles([{ name: 'empty.csv', text: new Uint8Array(0) }], {}));
    assert.deepEqual([e.code, e.file], ['empty_file', 'empty.csv']);
    const bin = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    e = errorOf(M.importFiles([{ name: 'image.png', text: bin.buffer }], {}));
    assert.deepEqual([e.code, e.file], ['binary_file', 'image.png']);
  });

  test('panel arguments are checked', () => {
    const base = { dates: new Int32Array([1, 2]), names: ['a'], values: new Float64Array([1, 2]), rows: 2, cols: 1, kind: 'prices', frequency: 'daily' };
    let e = errorOf(M.pricesToReturns({ ...base, values: new Float64Array(3) }));
    assert.deepEqual([e.code, e.file], ['invalid_argument', 'panel.values']);
    assert.match(e.message, /expected 2 × 1 = 2 values, got 3/);
    e = errorOf(M.pricesToReturns({ ...base, dates: new Int32Array([2, 2]) }));
    assert.equal(e.file, 'panel.dates');
    e = errorOf(M.pricesToReturns({ ...base, kind: 'returns' }));
    assert.equal(e.file, 'panel.kind');
    e = errorOf(M.returnsToWealth(base));
    assert.equal(e.file, 'panel.kind');
    e = errorOf(M.returnsToWealth({ ...base, kind: 'returns', frequency: 'hourly' }));
    assert.equal(e.file, 'panel.frequency');
    e = errorOf(M.pricesToReturns(null));
    assert.equal(e.file, 'panel');
  });
});

describe('transforms (core prices_to_returns / returns_to_wealth)', () => {
  test('hand-computed growth of $1', () => {
    // two columns, column-major: A = 100, 110, 99, 108.9; B = (missing), 50, 55, 44
    const prices = { dates: new Int32Array([19000, 19001, 19004, 19005]), names: ['A', 'B'],
      values: new Float64Array([100, 110, 99, 108.9, NaN, 50, 55, 44]), rows: 4, cols: 2, kind: 'prices', frequency: 'daily' };
    const r = okValue(M.pricesToReturns(prices));
    assert.equal(r.kind, 'returns');
    assert.deepEqual([...r.dates], [19000, 19001, 19004, 19005]);
    const expectR = [NaN, 0.1, -0.1, 0.1, NaN, NaN, 0.1, -0.2];
    r.values.forEach((v, i) => (Number.isNaN(expectR[i]) ? assert.ok(Number.isNaN(v), `r[${i}]`) : assert.ok(Math.abs(v - expectR[i]) <= 1e-12, `r[${i}]=${v}`)));
    const w = okValue(M.returnsToWealth(r));
    assert.equal(w.kind, 'prices');
    // W_t = P_t / P_first: 1.1, 0.99, 1.089 and 1.1, 0.88
    const expectW = [NaN, 1.1, 0.99, 1.089, NaN, NaN, 1.1, 0.88];
    w.values.forEach((v, i) => (Number.isNaN(expectW[i]) ? assert.ok(Number.isNaN(v), `w[${i}]`) : assert.ok(Math.abs(v / expectW[i] - 1) <= 1e-12, `w[${i}]=${v}`)));
    assert.deepEqual(w.names, ['A', 'B']);
  });
});

describe('memory', () => {
  test('10,000 error calls leave heap allocation, memory size and stack pointer flat', () => {
    const bad = [{ name: 'bad.csv', text: 'Date,A\n2024-01-02,1\n2024-01-03,x\n' }];
    const panel = { dates: new Int32Array([1]), names: ['a'], values: new Float64Array(2), rows: 1, cols: 1, kind: 'prices', frequency: 'daily' };
    const round = () => {
      for (let i = 0; i < 2000; i++) {
        assert.equal(M.importFiles(bad, {}).ok, false);
        assert.equal(M.importFiles(bad, { kind: 'nonsense' }).ok, false);
        assert.equal(M.pricesToReturns(panel).ok, false);
      }
    };
    round(); // warm-up (lazy statics, allocator pools)
    const before = okValue(M.memoryUsage());
    for (let k = 0; k < 3; k++) round();
    const afterUse = okValue(M.memoryUsage());
    assert.equal(afterUse.stackPointer, before.stackPointer, 'stack pointer drifted');
    assert.equal(afterUse.heapBytes, before.heapBytes, 'wasm memory grew');
    assert.ok(afterUse.allocatedBytes - before.allocatedBytes <= 4096, `allocated ${before.allocatedBytes} → ${afterUse.allocatedBytes}`);
  });

  test('500 successful imports and transforms leave the stack pointer and allocated bytes flat', () => {
    const csv = 'Date,A,B\n' + Array.from({ length: 300 }, (_, i) => `${isoDay(i)},${100 + i % 7},${50 + i % 5}`).join('\n');
    const run = () => {
      const v = okValue(M.importFiles([{ name: 'ok.csv', text: csv }], {}));
      okValue(M.returnsToWealth(okValue(M.pricesToReturns(v.panel))));
    };
    for (let i = 0; i < 50; i++) run();
    const before = okValue(M.memoryUsage());
    for (let i = 0; i < 500; i++) run();
    const afterUse = okValue(M.memoryUsage());
    assert.equal(afterUse.stackPointer, before.stackPointer);
    assert.equal(afterUse.heapBytes, before.heapBytes);
    assert.ok(afterUse.allocatedBytes - before.allocatedBytes <= 4096, `allocated ${before.allocatedBytes} → ${afterUse.allocatedBytes}`);
  });
});
