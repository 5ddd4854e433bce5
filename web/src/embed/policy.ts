// Pure rules of the embedding forms (no DOM, unit-tested in web/tests/embed-policy.test.ts):
// which URLs the element may fetch, how the iframe mode reads its query string, and which postMessage
// messages are well formed. The security model is written out in docs/web.md "Deployment forms".

/** A preset id of public/scenarios (file name without `.json`): letters, digits, `_` and `-` only. */
export const PRESET_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The error the embedding code reports (element event, iframe `riskdial:error`, the element's error box). */
export interface EmbedErrorData {
  code: string;
  message: string;
  file: string;
  row: number;
  column: number;
}

export function embedError(code: string, message: string, file = ''): EmbedErrorData {
  return { code, message, file, row: 0, column: 0 };
}

/** Resolve `raw` against the host page's base URL and require it to be on the host page's own origin
 * (http/https only). Returns the absolute URL, or an error that names the URL and the origin it must have. */
export function sameOriginUrl(
  raw: string,
  baseUrl: string,
  origin: string,
  what: string,
): { ok: true; url: string } | { ok: false; error: EmbedErrorData } {
  let url: URL;
  try {
    url = new URL(raw, baseUrl);
  } catch {
    return { ok: false, error: embedError('bad_url', `${what}: '${raw}' is not a valid URL`, raw) };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: embedError('cross_origin', `${what}: '${raw}' must be an http(s) URL on this page's own origin (${origin})`, raw) };
  }
  if (origin === 'null' || url.origin !== origin) {
    return {
      ok: false,
      error: embedError('cross_origin', `${what}: '${url.href}' is not on this page's own origin (${origin}); ` +
        'riskdial only loads files from the page that embeds it, so nothing is fetched from elsewhere', raw),
    };
  }
  return { ok: true, url: url.href };
}

/** The `scenario` attribute: a preset id ("risk_targeting") or a URL of a scenario JSON (anything with a `/`,
 * a `.`, or a scheme). */
export function scenarioRef(value: string): { kind: 'preset'; id: string } | { kind: 'url'; url: string } | null {
  const v = value.trim();
  if (!v) return null;
  if (PRESET_ID.test(v)) return { kind: 'preset', id: v };
  return { kind: 'url', url: v };
}

/** The iframe mode's query string: `?embed=1` (compact chrome + the postMessage API), `parentOrigin=`
 * (accept messages only from that origin and send unsolicited messages only there), `locale=`. */
export interface EmbedQuery {
  embed: boolean;
  /** normalized origin (scheme://host[:port]) or null when absent */
  parentOrigin: string | null;
  /** set when parentOrigin was given but is not an origin: the API then accepts nothing */
  parentOriginInvalid: boolean;
  locale: string | null;
}

export function parseEmbedQuery(search: string): EmbedQuery {
  const q = new URLSearchParams(search);
  const embed = ['1', 'true', 'yes'].includes((q.get('embed') ?? '').toLowerCase());
  const raw = q.get('parentOrigin');
  let parentOrigin: string | null = null;
  let parentOriginInvalid = false;
  if (raw !== null) {
    try {
      const u = new URL(raw);
      // exactly an origin (scheme://host[:port], optional trailing slash), nothing else
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === raw.replace(/\/$/, '')) {
        parentOrigin = u.origin;
      } else {
        parentOriginInvalid = true;
      }
    } catch {
      parentOriginInvalid = true;
    }
  }
  const locale = q.get('locale');
  return { embed, parentOrigin, parentOriginInvalid, locale: locale && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? locale : null };
}

// ---- iframe theme: ?rd-accent=%238e24aa&rd-font=Georgia,serif&rd-radius=14px ----

const COLOR = /^(#[0-9a-fA-F]{3,8}|rgba?\(\s*\d{1,3}(\s*,\s*\d{1,3}){2}(\s*,\s*(0|1|0?\.\d+))?\s*\))$/;
const THEME_RULES: Record<string, RegExp> = {
  '--rd-bg': COLOR, '--rd-surface': COLOR, '--rd-fg': COLOR, '--rd-muted': COLOR, '--rd-accent': COLOR,
  '--rd-accent-fg': COLOR, '--rd-border': COLOR, '--rd-positive': COLOR, '--rd-negative': COLOR, '--rd-focus': COLOR,
  '--rd-font': /^[A-Za-z0-9 ,'"-]{1,200}$/, '--rd-mono-font': /^[A-Za-z0-9 ,'"-]{1,200}$/,
  '--rd-radius': /^\d{1,3}(\.\d{1,3})?(px|rem|em)$/,
};

/** The theme the iframe's URL asks for: `rd-<name>=<value>` for each --rd-* custom property (the same names
 * the element's host sets in CSS). Values are checked (colors as #hex or rgb(), fonts as plain family lists,
 * radius as a length); anything else is ignored, so the URL cannot inject CSS. */
export function parseThemeQuery(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) {
    const prop = `--${k}`;
    const rule = THEME_RULES[prop];
    if (rule && rule.test(v.trim())) out[prop] = v.trim();
  }
  return out;
}

// ---- postMessage API ----

export type HostMessage =
  | { type: 'riskdial:load-data'; files: { name: string; text: string }[]; id?: unknown }
  | { type: 'riskdial:set-scenario'; scenario: Record<string, unknown>; id?: unknown }
  | { type: 'riskdial:get-results'; id?: unknown };

export const MESSAGE_PREFIX = 'riskdial:';

/** Check a message from the host. `null`: not for us (not an object or no `riskdial:` type: ignored
 * silently, other scripts use postMessage too); otherwise the message or the error to send back. */
export function parseHostMessage(data: unknown): { ok: true; msg: HostMessage } | { ok: false; error: EmbedErrorData; id?: unknown } | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (typeof d.type !== 'string' || !d.type.startsWith(MESSAGE_PREFIX)) return null;
  const id = d.id;
  const fail = (message: string) => ({ ok: false as const, error: embedError('bad_message', `${d.type}: ${message}`), id });
  switch (d.type) {
    case 'riskdial:load-data': {
      if (!Array.isArray(d.files) || d.files.length === 0) return fail('files must be a non-empty array of {name, text}');
      const files: { name: string; text: string }[] = [];
      for (const [i, f] of d.files.entries()) {
        const o = f as Record<string, unknown> | null;
        if (!o || typeof o !== 'object' || typeof o.name !== 'string' || !o.name) return fail(`files[${i}].name must be a non-empty string`);
        if (typeof o.text !== 'string') return fail(`files[${i}].text must be a string (the CSV text)`);
        files.push({ name: o.name, text: o.text });
      }
      return { ok: true, msg: { type: d.type, files, id } };
    }
    case 'riskdial:set-scenario':
      if (typeof d.scenario !== 'object' || d.scenario === null || Array.isArray(d.scenario)) {
        return fail('scenario must be a scenario document (an object, see docs/scenario.md)');
      }
      return { ok: true, msg: { type: d.type, scenario: d.scenario as Record<string, unknown>, id } };
    case 'riskdial:get-results':
      return { ok: true, msg: { type: d.type, id } };
    case 'riskdial:ready':
    case 'riskdial:result':
    case 'riskdial:error':
      return null; // our own replies (e.g. when the page is not framed and window.parent === window)
    default:
      return fail(`unknown message type (expected riskdial:load-data, riskdial:set-scenario or riskdial:get-results)`);
  }
}

/** Whether a message from `origin` is accepted: with `parentOrigin` set, only from exactly that origin. */
export function acceptsOrigin(q: Pick<EmbedQuery, 'parentOrigin' | 'parentOriginInvalid'>, origin: string): boolean {
  if (q.parentOriginInvalid) return false;
  return q.parentOrigin === null || q.parentOrigin === origin;
}

/** The targetOrigin for a reply to a message from `origin` (opaque origins such as file:// hosts can only be
 * addressed with '*'; the reply still goes only to the window that sent the request). */
export function replyTarget(origin: string): string {
  return origin === 'null' || origin === '' ? '*' : origin;
}
