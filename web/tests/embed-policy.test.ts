import { describe, expect, test } from 'vitest';
import { EngineError } from '../src/engine/engine-error';
import { embedAppOptions, installMessageApi, type MessageApiOptions } from '../src/embed/iframe';
import { acceptsOrigin, parseEmbedQuery, parseHostMessage, parseThemeQuery, replyTarget, sameOriginUrl, scenarioRef } from '../src/embed/policy';
import type { AppHandle } from '../src/embed/app-port';
import type { ScenarioDoc, ScenarioResult } from '../src/shared/result';

describe('sameOriginUrl (data-url / scenario attributes)', () => {
  const base = 'https://host.example/portal/page.html';
  const origin = 'https://host.example';
  test('relative and absolute URLs on the page origin resolve against the page', () => {
    expect(sameOriginUrl('data/p.csv', base, origin, 'data-url')).toEqual({ ok: true, url: 'https://host.example/portal/data/p.csv' });
    expect(sameOriginUrl('/x.csv', base, origin, 'data-url')).toEqual({ ok: true, url: 'https://host.example/x.csv' });
    expect(sameOriginUrl('https://host.example/a/b.csv?v=2', base, origin, 'data-url')).toEqual({ ok: true, url: 'https://host.example/a/b.csv?v=2' });
  });
  test('other origins (host, port, scheme), protocol-relative URLs and non-http schemes are refused with cross_origin', () => {
    for (const raw of ['https://evil.example/p.csv', 'https://host.example:8443/p.csv', 'http://host.example/p.csv',
      '//evil.example/p.csv', 'data:text/csv,a,b', 'javascript:alert(1)', 'file:///etc/passwd']) {
      const r = sameOriginUrl(raw, base, origin, 'data-url');
      expect(r.ok, raw).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('cross_origin');
        expect(r.error.message).toMatch(/^data-url: /);
        expect(r.error.message).toContain('https://host.example');
        expect(r.error.file).toBe(raw);
      }
    }
  });
  test('an opaque page origin (file://) accepts nothing; a malformed URL is bad_url', () => {
    const r = sameOriginUrl('x.csv', 'file:///tmp/a.html', 'null', 'data-url');
    expect(r.ok).toBe(false);
    const bad = sameOriginUrl('http://[::1', base, origin, 'scenario');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('bad_url');
  });
});

describe('scenarioRef', () => {
  test('preset ids vs URLs', () => {
    expect(scenarioRef('risk_targeting')).toEqual({ kind: 'preset', id: 'risk_targeting' });
    expect(scenarioRef(' trend-moderate ')).toEqual({ kind: 'preset', id: 'trend-moderate' });
    expect(scenarioRef('scenarios/mine.json')).toEqual({ kind: 'url', url: 'scenarios/mine.json' });
    expect(scenarioRef('mine.json')).toEqual({ kind: 'url', url: 'mine.json' });
    expect(scenarioRef('https://host.example/s.json')).toEqual({ kind: 'url', url: 'https://host.example/s.json' });
    expect(scenarioRef('')).toBeNull();
  });
});

describe('parseEmbedQuery / embedAppOptions', () => {
  test('embed flag, parent origin, locale', () => {
    expect(parseEmbedQuery('')).toEqual({ embed: false, parentOrigin: null, parentOriginInvalid: false, locale: null });
    expect(parseEmbedQuery('?embed=1&parentOrigin=https://host.example&locale=de-DE'))
      .toEqual({ embed: true, parentOrigin: 'https://host.example', parentOriginInvalid: false, locale: 'de-DE' });
    expect(parseEmbedQuery('?embed=true&parentOrigin=http%3A%2F%2F127.0.0.1%3A8080%2F').parentOrigin).toBe('http://127.0.0.1:8080');
    expect(parseEmbedQuery('?embed=0').embed).toBe(false);
  });
  test('a parentOrigin that is not exactly an origin switches the API off', () => {
    for (const bad of ['https://host.example/path', 'host.example', '*', 'null', 'https://u:p@host.example',
      'https://host.example?x=1', 'javascript:alert(1)', 'HTTPS://HOST.EXAMPLE']) {
      const q = parseEmbedQuery(`?embed=1&parentOrigin=${encodeURIComponent(bad)}`);
      expect(q.parentOriginInvalid, bad).toBe(true);
      expect(q.parentOrigin).toBeNull();
      expect(acceptsOrigin(q, 'https://host.example')).toBe(false);
    }
  });
  test('a locale that is not a BCP 47 tag is dropped', () => {
    expect(parseEmbedQuery('?locale=<script>').locale).toBeNull();
    expect(parseEmbedQuery('?locale=en-GB').locale).toBe('en-GB');
  });
  test('embedAppOptions', () => {
    expect(embedAppOptions('?x=1')).toEqual({});
    expect(embedAppOptions('?embed=1')).toEqual({ compact: true });
    expect(embedAppOptions('?embed=1&locale=en-GB')).toEqual({ compact: true, locale: 'en-GB' });
  });
});

describe('parseThemeQuery (iframe theme from the URL)', () => {
  test('known --rd-* properties with valid values are taken', () => {
    expect(parseThemeQuery('?embed=1&rd-accent=%238e24aa&rd-font=Georgia,%20%22DejaVu%20Serif%22,%20serif&rd-radius=14px&rd-bg=rgb(250,%20247,%20251)'))
      .toEqual({ '--rd-accent': '#8e24aa', '--rd-font': 'Georgia, "DejaVu Serif", serif', '--rd-radius': '14px', '--rd-bg': 'rgb(250, 247, 251)' });
  });
  test('unknown names and values that could inject CSS are ignored', () => {
    expect(parseThemeQuery('?rd-accent=red;background:url(https://evil.example/x)&rd-radius=14px;x&rd-font=a{}&rd-evil=%23fff' +
      '&rd-fg=url(x)&rd-radius=1e9px&accent=%23fff')).toEqual({});
  });
});

describe('parseHostMessage', () => {
  test('foreign messages are ignored (null)', () => {
    for (const d of [null, 42, 'riskdial:get-results', { type: 'other' }, { hello: 1 }, { type: 'riskdial:result', result: {} }]) {
      expect(parseHostMessage(d)).toBeNull();
    }
  });
  test('well-formed requests', () => {
    expect(parseHostMessage({ type: 'riskdial:get-results', id: 7 })).toEqual({ ok: true, msg: { type: 'riskdial:get-results', id: 7 } });
    expect(parseHostMessage({ type: 'riskdial:load-data', files: [{ name: 'a.csv', text: 'Date,A\n', extra: 1 }] }))
      .toEqual({ ok: true, msg: { type: 'riskdial:load-data', files: [{ name: 'a.csv', text: 'Date,A\n' }], id: undefined } });
    const s = { version: 1, strategies: [] };
    expect(parseHostMessage({ type: 'riskdial:set-scenario', scenario: s })).toEqual({ ok: true, msg: { type: 'riskdial:set-scenario', scenario: s, id: undefined } });
  });
  test('malformed requests give bad_message with the reason', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'riskdial:load-data' }, /files must be a non-empty array/],
      [{ type: 'riskdial:load-data', files: [] }, /files must be a non-empty array/],
      [{ type: 'riskdial:load-data', files: [{ name: '', text: 'x' }] }, /files\[0\]\.name/],
      [{ type: 'riskdial:load-data', files: [{ name: 'a', text: 'x' }, { name: 'b', text: 3 }] }, /files\[1\]\.text must be a string/],
      [{ type: 'riskdial:set-scenario', scenario: 'risk_targeting' }, /scenario must be a scenario document/],
      [{ type: 'riskdial:set-scenario', scenario: [1] }, /scenario must be a scenario document/],
      [{ type: 'riskdial:frobnicate', id: 'x' }, /unknown message type/],
    ];
    for (const [d, re] of cases) {
      const r = parseHostMessage(d);
      expect(r && !r.ok, JSON.stringify(d)).toBe(true);
      if (r && !r.ok) {
        expect(r.error.code).toBe('bad_message');
        expect(r.error.message).toMatch(re);
      }
    }
    const r = parseHostMessage({ type: 'riskdial:frobnicate', id: 'x' });
    expect(r && !r.ok && r.id).toBe('x');
  });
  test('replyTarget: opaque origins can only be addressed with *', () => {
    expect(replyTarget('https://host.example')).toBe('https://host.example');
    expect(replyTarget('null')).toBe('*');
  });
});

// ---- installMessageApi with a fake window pair: the origin rules end to end ----

type Posted = { msg: Record<string, unknown>; target: string };

function fakeWindows() {
  const posted: Posted[] = [];
  const parent = { postMessage: (msg: Record<string, unknown>, opts: { targetOrigin: string }) => posted.push({ msg, target: opts.targetOrigin }) };
  const listeners: ((e: MessageEvent) => void)[] = [];
  const win = {
    parent,
    addEventListener: (_: string, l: (e: MessageEvent) => void) => listeners.push(l),
    removeEventListener: (_: string, l: (e: MessageEvent) => void) => listeners.splice(listeners.indexOf(l), 1),
  };
  const send = async (data: unknown, origin: string, source: unknown = parent) => {
    for (const l of [...listeners]) l({ data, origin, source } as MessageEvent);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { posted, parent, win: win as unknown as Window, send, listeners };
}

/** A fake app handle: a load/scenario call "runs" (emits a result) unless the file is named silent.csv
 * (settles without a run, like an app that shows the error instead of rejecting) or bad.csv (rejects). */
function fakeHandle() {
  const calls: string[] = [];
  let result: ScenarioResult | null = null;
  const subs = new Set<(r: ScenarioResult) => void>();
  const emit = (r: ScenarioResult) => {
    result = r;
    for (const s of subs) s(r);
  };
  const handle: AppHandle = {
    async loadFiles(files) {
      calls.push(`load:${files.map((f) => f.name).join(',')}`);
      if (files[0]!.name === 'bad.csv') throw Object.assign(new Error('bad.csv, row 2: x'), {});
      if (files[0]!.name === 'engine.csv') {
        throw new EngineError({ code: 'non_numeric', message: "expected a number, got 'abc'", file: 'engine.csv', row: 4, column: 2 });
      }
      if (files[0]!.name !== 'silent.csv') emit(R);
    },
    async setScenario() {
      calls.push('scenario');
      emit(R);
    },
    getResults: () => result,
    onResult(cb) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
    setLocale() {},
    destroy() {},
  };
  return { handle, calls, emit, subs };
}

const R = { version: 1, strategies: [] } as unknown as ScenarioResult;

describe('installMessageApi', () => {
  test('not framed: nothing installed', () => {
    const w = { addEventListener() { throw new Error('no'); } } as unknown as Window;
    (w as unknown as { parent: unknown }).parent = w;
    expect(() => installMessageApi(fakeHandle().handle, { query: parseEmbedQuery('?embed=1'), win: w })()).not.toThrow();
  });

  test('without parentOrigin: ready to *, replies to the requester origin, run results only after a request', async () => {
    const { posted, win, send } = fakeWindows();
    const { handle, calls, emit } = fakeHandle();
    installMessageApi(handle, { query: parseEmbedQuery('?embed=1'), win });
    expect(posted).toEqual([{ msg: { type: 'riskdial:ready', version: 1 }, target: '*' }]);
    emit(R); // nobody asked yet: the result is not broadcast
    expect(posted.length).toBe(1);
    await send({ type: 'riskdial:get-results', id: 1 }, 'https://a.example');
    expect(posted[1]).toEqual({ msg: { type: 'riskdial:result', result: R, id: 1 }, target: 'https://a.example' });
    await send({ type: 'riskdial:load-data', files: [{ name: 'x.csv', text: 'Date,A' }] }, 'https://a.example');
    expect(calls).toEqual(['load:x.csv']);
    // the run after the load goes to the requester's origin, and so do later runs
    expect(posted[2]).toEqual({ msg: { type: 'riskdial:result', result: R }, target: 'https://a.example' });
    emit(R);
    expect(posted[3]).toEqual({ msg: { type: 'riskdial:result', result: R }, target: 'https://a.example' });
    expect(posted.length).toBe(4);
    // a message from another window (not the parent) is ignored
    await send({ type: 'riskdial:get-results' }, 'https://evil.example', {});
    expect(posted.length).toBe(4);
  });

  test('with parentOrigin: other origins are ignored; errors are replied with the request type and id', async () => {
    const { posted, win, send } = fakeWindows();
    const { handle, calls, emit } = fakeHandle();
    installMessageApi(handle, { query: parseEmbedQuery('?embed=1&parentOrigin=https://host.example'), win });
    expect(posted[0].target).toBe('https://host.example');
    emit(R); // parentOrigin known: results go there without a request
    expect(posted[1]).toEqual({ msg: { type: 'riskdial:result', result: R }, target: 'https://host.example' });
    await send({ type: 'riskdial:load-data', files: [{ name: 'x.csv', text: '' }] }, 'https://evil.example');
    expect(calls).toEqual([]);
    expect(posted.length).toBe(2);
    await send({ type: 'riskdial:load-data', files: [{ name: 'bad.csv', text: '' }], id: 'r1' }, 'https://host.example');
    expect(calls).toEqual(['load:bad.csv']);
    expect(posted[2].target).toBe('https://host.example');
    expect(posted[2].msg).toMatchObject({ type: 'riskdial:error', request: 'riskdial:load-data', id: 'r1', error: { code: 'internal', message: 'bad.csv, row 2: x' } });
    await send({ type: 'riskdial:set-scenario', scenario: 3 }, 'https://host.example');
    expect(posted[3].msg).toMatchObject({ type: 'riskdial:error', request: 'riskdial:set-scenario', error: { code: 'bad_message' } });
  });

  test("the handle's engine error is replied with its location; an invalid scenario never reaches the app; a handle that settles without a run: no_run", async () => {
    const bridge = {
      validateScenario: async (doc: ScenarioDoc) => {
        if ((doc as { strategies: { type: string }[] }).strategies[0]?.type === 'nope') {
          throw new EngineError({ code: 'invalid_argument', message: 'unknown type', file: 'strategies[0].type', row: 0, column: 0 });
        }
        return { strategies: [] };
      },
    } as unknown as NonNullable<MessageApiOptions['bridge']>;
    const w = fakeWindows();
    const { handle, calls } = fakeHandle();
    installMessageApi(handle, { query: parseEmbedQuery('?embed=1'), win: w.win, bridge });
    await w.send({ type: 'riskdial:load-data', files: [{ name: 'engine.csv', text: 'x' }], id: 3 }, 'https://h.example');
    expect(w.posted[1]!.msg).toEqual({ type: 'riskdial:error', request: 'riskdial:load-data', id: 3,
      error: { code: 'non_numeric', message: "expected a number, got 'abc'", file: 'engine.csv', row: 4, column: 2 } });
    await w.send({ type: 'riskdial:set-scenario', scenario: { version: 1, strategies: [{ name: 'x', type: 'nope' }] } }, 'https://h.example');
    expect(w.posted[2]!.msg).toMatchObject({ type: 'riskdial:error', error: { code: 'invalid_argument', file: 'strategies[0].type' } });
    expect(calls).toEqual(['load:engine.csv']); // the invalid scenario never reached the app
    await w.send({ type: 'riskdial:load-data', files: [{ name: 'silent.csv', text: 'x' }] }, 'https://h.example');
    expect(w.posted[3]!.msg).toMatchObject({ type: 'riskdial:error', error: { code: 'no_run' } });
  });

  test('get-results before the first run: no_result error; invalid parentOrigin: API off', async () => {
    const a = fakeWindows();
    installMessageApi(fakeHandle().handle, { query: parseEmbedQuery('?embed=1'), win: a.win });
    await a.send({ type: 'riskdial:get-results', id: 9 }, 'null');
    expect(a.posted[1]).toMatchObject({ target: '*', msg: { type: 'riskdial:error', id: 9, error: { code: 'no_result' } } });
    const b = fakeWindows();
    const orig = console.error;
    console.error = () => undefined;
    try {
      installMessageApi(fakeHandle().handle, { query: parseEmbedQuery('?embed=1&parentOrigin=https://x.example/p'), win: b.win });
    } finally {
      console.error = orig;
    }
    expect(b.posted).toEqual([]);
    expect(b.listeners.length).toBe(0);
  });
});
