// The iframe mode: the normal page opened as `index.html?embed=1[&parentOrigin=https://host.example]`
// gets compact chrome and answers a small postMessage API (docs/web.md "Deployment forms"):
//   host → app  {type:'riskdial:load-data', files:[{name, text}]}, {type:'riskdial:set-scenario', scenario},
//               {type:'riskdial:get-results'}            (an optional `id` is echoed in the direct reply)
//   app → host  {type:'riskdial:ready'}, {type:'riskdial:result', result} (after each run, and in reply to
//               get-results), {type:'riskdial:error', error: {code, message, file, row, column}, request}
// Security: only messages from window.parent are read; with parentOrigin only from that exact origin. Replies
// go to the requesting window at event.origin; results of runs nobody asked for go only to parentOrigin or to
// the origin that last sent an accepted request, never to '*'.
import type { EngineBridge } from '../engine/bridge';
import { EngineError } from '../engine/engine-error';
import type { ScenarioDoc, ScenarioResult } from '../shared/result';
import type { AppHandle, AppOptions } from './app-port';
import { acceptsOrigin, embedError, parseEmbedQuery, parseHostMessage, parseThemeQuery, replyTarget, type EmbedErrorData, type EmbedQuery } from './policy';

export const API_VERSION = 1;

/** The mountApp options the iframe mode implies (merge them into the page's own options). */
export function embedAppOptions(search: string): Pick<AppOptions, 'compact' | 'locale'> {
  const q = parseEmbedQuery(search);
  if (!q.embed) return {};
  return q.locale ? { compact: true, locale: q.locale } : { compact: true };
}

export function isEmbedMode(search: string): boolean {
  return parseEmbedQuery(search).embed;
}

/** Sets the theme the URL asks for (`rd-accent=…`, see parseThemeQuery) on `root` (CSSOM, so the page's CSP
 * needs nothing extra); returns the properties set. */
export function applyEmbedTheme(search: string, root: HTMLElement = document.documentElement): Record<string, string> {
  const theme = parseThemeQuery(search);
  for (const [k, v] of Object.entries(theme)) root.style.setProperty(k, v);
  return theme;
}

/** The iframe mode in one call (main.ts): when the URL has ?embed=1, apply the URL's theme and answer the
 * postMessage API for `app`. Returns whether the page is in embed mode. */
export function startEmbedMode(app: AppHandle, bridge: MessageApiOptions['bridge'], search = location.search): boolean {
  if (!isEmbedMode(search)) return false;
  applyEmbedTheme(search);
  installMessageApi(app, bridge ? { bridge } : {});
  return true;
}

function toErrorData(e: unknown): EmbedErrorData {
  if (e instanceof EngineError) return e.toData();
  if (e && typeof e === 'object' && 'code' in e && 'message' in e && !(e instanceof Error)) return e as EmbedErrorData;
  return embedError('internal', e instanceof Error ? e.message : String(e));
}

export interface MessageApiOptions {
  /** default: parsed from location.search */
  query?: EmbedQuery;
  /** default: window */
  win?: Window;
  /** the page's engine bridge: validates a scenario before it replaces the user's one */
  bridge?: Pick<EngineBridge, 'validateScenario'>;
}

/** Answers the postMessage API for `handle` while the page is framed; returns a function that stops it.
 * Does nothing (returns a no-op) when the page is not in an iframe. */
export function installMessageApi(handle: AppHandle, options: MessageApiOptions = {}): () => void {
  const query = options.query ?? parseEmbedQuery(location.search);
  const win = options.win ?? window;
  const bridge = options.bridge;
  const parent = win.parent;
  if (!parent || parent === win) return () => undefined;
  if (query.parentOriginInvalid) {
    console.error('riskdial: the parentOrigin parameter is not an origin (scheme://host[:port]); the postMessage API is off');
    return () => undefined;
  }
  // where unsolicited messages (results of runs) may go: the configured parent origin, else the origin of the
  // last accepted request (null: nobody asked yet → nothing is sent)
  let resultTarget: { source: MessageEventSource; origin: string } | null =
    query.parentOrigin ? { source: parent, origin: query.parentOrigin } : null;

  const post = (source: MessageEventSource, origin: string, msg: unknown) => {
    (source as Window).postMessage(msg, { targetOrigin: replyTarget(origin) });
  };

  const onMessage = async (event: MessageEvent) => {
    if (event.source !== parent) return; // other frames, workers, extensions: ignored
    if (!acceptsOrigin(query, event.origin)) return;
    const parsed = parseHostMessage(event.data);
    if (!parsed) return;
    const source = event.source;
    if (!query.parentOrigin) resultTarget = { source, origin: event.origin };
    const type = (event.data as { type: string }).type;
    if (!parsed.ok) {
      post(source, event.origin, { type: 'riskdial:error', error: parsed.error, request: type, id: parsed.id });
      return;
    }
    const { msg } = parsed;
    const noRun = (what: string) => embedError('no_run', `${what}, but no result came out of it (the page shows why)`);
    try {
      switch (msg.type) {
        case 'riskdial:load-data': {
          const before = runs;
          await handle.loadFiles(msg.files); // rejects with the engine's error (file, row, column)
          if (runs === before) throw noRun('the data was imported');
          break;
        }
        case 'riskdial:set-scenario': {
          if (bridge) await bridge.validateScenario(msg.scenario as ScenarioDoc);
          const before = runs;
          await handle.setScenario(msg.scenario as ScenarioDoc);
          if (runs === before) throw noRun('the scenario was set');
          break;
        }
        case 'riskdial:get-results': {
          const result = handle.getResults();
          if (result) post(source, event.origin, { type: 'riskdial:result', result, id: msg.id });
          else post(source, event.origin, { type: 'riskdial:error', error: embedError('no_result', 'there is no result yet (the first run has not finished)'), request: type, id: msg.id });
          break;
        }
      }
    } catch (e) {
      post(source, event.origin, { type: 'riskdial:error', error: toErrorData(e), request: type, id: msg.id });
    }
  };
  const listener = (e: MessageEvent) => void onMessage(e);
  win.addEventListener('message', listener);
  let runs = 0;
  const unsubscribe = handle.onResult((result: ScenarioResult) => {
    runs++;
    if (resultTarget) post(resultTarget.source, resultTarget.origin, { type: 'riskdial:result', result });
  });
  // "ready" carries no data, so without parentOrigin it may go to any parent origin
  post(parent, query.parentOrigin ?? '*', { type: 'riskdial:ready', version: API_VERSION });
  return () => {
    win.removeEventListener('message', listener);
    unsubscribe();
  };
}
