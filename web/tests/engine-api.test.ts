// The worker's functions with a fake module: the growth series comes from the engine's own transforms.
import { describe, expect, test } from 'vitest';
import type { RiskdialModule } from '../src/engine/generated/riskdial.mjs';
import { createEngineApi } from '../src/worker/engine-api';

function panel(kind: 'prices' | 'returns', tag: string) {
  return { dates: new Int32Array([1]), names: [tag], values: new Float64Array([1]), rows: 1, cols: 1, kind, frequency: 'daily' as const };
}

function fakeModule(kind: 'prices' | 'returns', calls: string[]): RiskdialModule {
  return {
    version: () => ({ ok: true, value: { version: '1', compiler: 'c', simd: true } }),
    defaultImportOptions: () => ({ ok: true, value: { layout: 'auto', dateOrder: 'auto', kind: 'auto', maxBytes: 1, maxFfillDays: 5 } }),
    importFiles: (files) => {
      calls.push('importFiles');
      if (files[0].name === 'bad.csv') return { ok: false, error: { code: 'bad_date', message: 'm', file: 'bad.csv', row: 2, column: 1 } };
      return { ok: true, value: { report: { rows: 1 }, panel: panel(kind, 'imported') } };
    },
    pricesToReturns: (p) => {
      calls.push(`pricesToReturns:${p.names[0]}`);
      return { ok: true, value: panel('returns', 'returns') };
    },
    returnsToWealth: (p) => {
      calls.push(`returnsToWealth:${p.names[0]}`);
      return { ok: true, value: panel('prices', 'wealth') };
    },
    validateScenario: () => ({ ok: true, value: { strategies: [] } }),
    runScenario: () => ({ ok: false, error: { code: 'internal', message: 'not in this fake', file: '', row: 0, column: 0 } }),
    memoryUsage: () => ({ ok: true, value: { allocatedBytes: 0, heapBytes: 0, stackPointer: 0 } }),
  };
}

describe('engine api (worker side)', () => {
  test('prices: growth = returnsToWealth(pricesToReturns(panel)); module loaded once', async () => {
    const calls: string[] = [];
    let loads = 0;
    const api = createEngineApi(async () => { loads++; return fakeModule('prices', calls); });
    const out = await api.importFiles([{ name: 'a.csv', text: '' }], {});
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(calls).toEqual(['importFiles', 'pricesToReturns:imported', 'returnsToWealth:returns']);
    expect(out.value.growth.names).toEqual(['wealth']);
    expect(out.value.panel.names).toEqual(['imported']);
    await api.version();
    expect(loads).toBe(1);
  });
  test('returns: growth = returnsToWealth(panel)', async () => {
    const calls: string[] = [];
    const api = createEngineApi(async () => fakeModule('returns', calls));
    await api.importFiles([{ name: 'a.csv', text: '' }], {});
    expect(calls).toEqual(['importFiles', 'returnsToWealth:imported']);
  });
  test('an engine error passes through unchanged', async () => {
    const api = createEngineApi(async () => fakeModule('prices', []));
    expect(await api.importFiles([{ name: 'bad.csv', text: '' }], {})).toEqual({
      ok: false, error: { code: 'bad_date', message: 'm', file: 'bad.csv', row: 2, column: 1 },
    });
  });
});
