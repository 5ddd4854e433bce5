// The bridge against a fake engine over a real MessageChannel (comlink drops custom Error fields, so the
// error data must survive as an Outcome and be rebuilt into an EngineError here).
import * as Comlink from 'comlink';
import { afterEach, describe, expect, test } from 'vitest';
import { EngineBridge, unwrap } from '../src/engine/bridge';
import { EngineError } from '../src/engine/engine-error';
import type { EngineApi, ImportView } from '../src/shared/protocol';

const badValue = { code: 'non_numeric', message: "expected a number, got 'abc'", file: 'bad.csv', row: 4, column: 2 } as const;
const view = { report: { rows: 1 }, panel: {}, growth: {}, engineMs: 1 } as unknown as ImportView;

function fakeEngine(overrides: Partial<EngineApi> = {}) {
  const calls: string[] = [];
  const api: EngineApi = {
    async version() {
      calls.push('version');
      return { ok: true, value: { version: '9.9.9', compiler: 'x', simd: true } };
    },
    async importFiles(files) {
      calls.push(`import:${files.map((f) => f.name).join('+')}`);
      if (files[0]?.name === 'bad.csv') return { ok: false, error: badValue };
      if (files[0]?.name === 'slow.csv') await new Promise((r) => setTimeout(r, 50));
      return { ok: true, value: view };
    },
    async validateScenario(doc) {
      calls.push('validate');
      return { ok: true, value: { strategies: doc.strategies.map((x) => x.name) } };
    },
    async runScenario(doc, _panel, onProgress) {
      calls.push('run');
      for (let i = 0; i < doc.strategies.length; i++)
        await onProgress?.({ done: i + 1, total: doc.strategies.length, strategy: doc.strategies[i]!.name });
      return { ok: true, value: { strategies: [], engineMs: 2 } as never };
    },
    async frontier(_doc, strategy, date) {
      calls.push('frontier');
      return { ok: true, value: { strategy, date, points: [], chosen: { volatility: 0.1, expected_return: 0.05 } } };
    },
    ...overrides,
  };
  let terminated = 0;
  const ports: MessagePort[] = [];
  const make = () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    Comlink.expose(api, port1);
    return Object.assign(port2, { terminate: () => { terminated++; port1.close(); port2.close(); } });
  };
  return { api, calls, make, terminated: () => terminated, close: () => ports.forEach((p) => p.close()) };
}

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

describe('EngineBridge', () => {
  test('ok outcomes resolve to their value', async () => {
    const f = fakeEngine();
    cleanup = f.close;
    const bridge = new EngineBridge(f.make);
    expect(await bridge.version()).toEqual({ version: '9.9.9', compiler: 'x', simd: true });
    expect(await bridge.importFiles([{ name: 'a.csv', text: 'x' }])).toEqual(view);
  });

  test('an error outcome becomes a typed EngineError with code, file, row and column', async () => {
    const f = fakeEngine();
    cleanup = f.close;
    const bridge = new EngineBridge(f.make);
    const err = await bridge.importFiles([{ name: 'bad.csv', text: 'x' }]).catch((e) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ code: 'non_numeric', file: 'bad.csv', row: 4, column: 2, detail: badValue.message });
    expect(err.message).toBe("bad.csv, row 4, column 2: expected a number, got 'abc'");
    expect(err.toData()).toEqual(badValue);
    // the bridge keeps working after an error
    expect(await bridge.version()).toMatchObject({ version: '9.9.9' });
  });

  test('runScenario forwards progress through a comlink proxy, once per strategy', async () => {
    const f = fakeEngine();
    cleanup = f.close;
    const bridge = new EngineBridge(f.make);
    const seen: string[] = [];
    const doc = { version: 1, strategies: [{ name: 'a', type: 'static' }, { name: 'b', type: 'static' }] };
    const out = await bridge.runScenario(doc, view.panel, { onProgress: (p) => seen.push(`${p.done}/${p.total}:${p.strategy}`) });
    expect(out.engineMs).toBe(2);
    expect(seen).toEqual(['1/2:a', '2/2:b']);
    expect(await bridge.validateScenario(doc)).toEqual({ strategies: ['a', 'b'] });
  });

  test('calls run one at a time in order', async () => {
    const f = fakeEngine();
    cleanup = f.close;
    const bridge = new EngineBridge(f.make);
    const results = await Promise.all([
      bridge.importFiles([{ name: 'slow.csv', text: '' }]),
      bridge.importFiles([{ name: 'bad.csv', text: '' }]).catch((e: EngineError) => e.code),
      bridge.version(),
    ]);
    expect(f.calls).toEqual(['import:slow.csv', 'import:bad.csv', 'version']);
    expect(results[1]).toBe('non_numeric');
  });

  test('bytes are transferred (the caller buffer is detached)', async () => {
    const f = fakeEngine();
    cleanup = f.close;
    const bridge = new EngineBridge(f.make);
    const bytes = new Uint8Array([65, 44, 66]);
    await bridge.importFiles([{ name: 'a.csv', text: bytes }]);
    expect(bytes.byteLength).toBe(0);
  });

  test('abort terminates the worker with code aborted; the next call starts a fresh one', async () => {
    const f = fakeEngine();
    cleanup = f.close;
    const bridge = new EngineBridge(f.make);
    const ctl = new AbortController();
    const p = bridge.importFiles([{ name: 'slow.csv', text: '' }], {}, ctl.signal);
    setTimeout(() => ctl.abort(), 5);
    await expect(p).rejects.toMatchObject({ code: 'aborted' });
    expect(f.terminated()).toBe(1);
    expect(bridge.running).toBe(false);
    expect(await bridge.version()).toMatchObject({ version: '9.9.9' });
    const pre = new AbortController();
    pre.abort();
    await expect(bridge.version(pre.signal)).rejects.toMatchObject({ code: 'aborted' });
  });

  test('a worker that throws becomes worker_failed', async () => {
    const f = fakeEngine({ version: async () => { throw new Error('wasm trap'); } });
    cleanup = f.close;
    const bridge = new EngineBridge(f.make);
    await expect(bridge.version()).rejects.toMatchObject({ code: 'worker_failed' });
    expect(f.terminated()).toBe(1);
  });

  test('the idle timeout stops the worker', async () => {
    const f = fakeEngine();
    cleanup = f.close;
    const bridge = new EngineBridge(f.make, { idleMs: 10 });
    await bridge.version();
    expect(bridge.running).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    expect(bridge.running).toBe(false);
  });

  test('unwrap', () => {
    expect(unwrap({ ok: true, value: 3 })).toBe(3);
    expect(() => unwrap({ ok: false, error: badValue })).toThrow(EngineError);
  });
});
