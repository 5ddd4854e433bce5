// Share links: base64url(UTF-8 JSON) in "#s=", round trip, damaged links.
import { describe, expect, test } from 'vitest';
import { base64urlDecode, base64urlEncode, scenarioFromFragment, shareFragment, shareUrl } from '../src/state/share';
import type { ScenarioDoc } from '../src/shared/result';

import rtJson from '../../public/scenarios/risk_targeting.json';

const example = rtJson as unknown as ScenarioDoc;
/** an independent base64url: the platform's btoa over UTF-8 bytes, then the RFC 4648 §5 alphabet */
function ref(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

describe('share link', () => {
  test('base64url matches RFC 4648 §5 (no padding, - and _)', () => {
    expect(base64urlEncode('')).toBe('');
    expect(base64urlEncode('f')).toBe('Zg');
    expect(base64urlEncode('foob')).toBe('Zm9vYg');
    expect(base64urlEncode('\u00ff\u00fe')).toBe('w7_Dvg'); // UTF-8 c3 bf c3 be → "w7/Dvg" in base64
    expect(base64urlEncode('>>>?')).toBe('Pj4-Pw');
    for (const s of ['', 'a', 'ab', 'abc', 'Größe €', '𝛔* = k·σ_M']) expect(base64urlDecode(base64urlEncode(s))).toBe(s);
  });

  test('a scenario survives the round trip exactly', () => {
    const frag = shareFragment(example);
    expect(frag.startsWith('#s=')).toBe(true);
    expect(frag).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(scenarioFromFragment(frag)).toEqual(example);
    // the same bytes Node's own base64url gives
    expect(frag.slice(3)).toBe(ref(JSON.stringify(example)));
    const withName = { ...example, strategies: [{ ...example.strategies[0]!, name: 'Zürich — 60/40 σ' }] };
    expect(scenarioFromFragment(shareFragment(withName))).toEqual(withName);
  });

  test('shareUrl replaces an existing fragment and keeps path and query', () => {
    const u = shareUrl('https://x.example/sub/index.html?locale=de-DE#s=old', { version: 1, strategies: [] });
    expect(u).toBe(`https://x.example/sub/index.html?locale=de-DE#s=${ref('{"version":1,"strategies":[]}')}`);
  });

  test('no fragment → null; damaged → a readable error', () => {
    expect(scenarioFromFragment('')).toBeNull();
    expect(scenarioFromFragment('#other=1')).toBeNull();
    expect(() => scenarioFromFragment('#s=%%%')).toThrow(/damaged/);
    expect(() => scenarioFromFragment('#s=' + base64urlEncode('{"version":'))).toThrow(/damaged/);
    expect(() => scenarioFromFragment('#s=' + base64urlEncode('[1,2]'))).toThrow(/does not hold a scenario/);
    expect(scenarioFromFragment('#x=1&s=' + base64urlEncode('{"version":1,"strategies":[]}'))).toEqual({ version: 1, strategies: [] });
  });
});
