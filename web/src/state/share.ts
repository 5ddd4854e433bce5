// Share links: the scenario (never the data) as base64url(UTF-8 JSON) in the URL fragment "#s=...".
// The fragment is never sent to a server (browsers strip it from requests).
import type { ScenarioDoc } from '../shared/result';

export function base64urlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** "#s=<base64url(JSON)>" for a scenario. */
export function shareFragment(doc: ScenarioDoc): string {
  return `#s=${base64urlEncode(JSON.stringify(doc))}`;
}

/** The full share URL: `href` without its fragment + the scenario fragment. */
export function shareUrl(href: string, doc: ScenarioDoc): string {
  return href.replace(/#.*$/, '') + shareFragment(doc);
}

/** The scenario in a fragment ("#s=..." or "s=..."; other fragment parameters separated by '&' are
 * ignored), null when there is none; throws a readable Error when the fragment is damaged. */
export function scenarioFromFragment(hash: string): ScenarioDoc | null {
  const frag = hash.replace(/^#/, '');
  const part = frag.split('&').find((p) => p.startsWith('s='));
  if (!part) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(base64urlDecode(part.slice(2)));
  } catch {
    throw new Error('the share link is damaged (its scenario could not be decoded)');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the share link does not hold a scenario');
  return doc as ScenarioDoc;
}
