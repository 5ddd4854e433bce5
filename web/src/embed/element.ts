// <riskdial-app>: the calculator as a custom element with a shadow root, for host pages that include
//   <script type="module" src="…/riskdial-element.js"></script>
//   <riskdial-app scenario="risk_targeting" data-url="/data/prices.csv" locale="de-DE" compact></riskdial-app>
// Attributes: scenario (a preset id of public/scenarios, or the URL of a scenario JSON on the host's own
// origin), data-url (a CSV on the host's own origin), locale, compact. Theme: the --rd-* custom properties
// inherit through the shadow boundary (docs/web.md "Deployment forms"). Events (bubbling, composed):
// riskdial-ready, riskdial-result (detail: the result document), riskdial-error (detail: {code, message, …}).
import { EngineBridge } from '../engine/bridge';
import { EngineError } from '../engine/engine-error';
import type { ScenarioDoc, ScenarioResult } from '../shared/result';
import { mountApp, type AppHandle, type AppOptions } from './app-port';
import { embedError, sameOriginUrl, scenarioRef, type EmbedErrorData } from './policy';
import { makeEmbedWorker } from './worker-url';

export const TAG = 'riskdial-app';

const HOST_CSS = `
:host { display: block; position: relative; font-family: var(--rd-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  color: var(--rd-fg, #1d2733); }
:host([hidden]) { display: none; }
.rd-embed-error { margin: 8px 0; padding: 10px 14px; border-radius: var(--rd-radius, 6px);
  border: 1px solid var(--rd-negative, #b3261e); color: var(--rd-negative, #b3261e); background: var(--rd-surface, #fff); }
.rd-embed-error .rd-code { font-family: var(--rd-mono-font, ui-monospace, monospace); font-size: 12px; margin-left: 8px; }
`;

function errorData(e: unknown): EmbedErrorData {
  if (e instanceof EngineError) return e.toData();
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) return e as EmbedErrorData;
  return embedError('internal', e instanceof Error ? e.message : String(e));
}

/** Adds the element's own small stylesheet: a constructed sheet (not subject to the host's style-src CSP)
 * where supported, else a <style>. */
function addHostStyles(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(HOST_CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = HOST_CSS;
    root.append(style);
  }
}

export class RiskdialAppElement extends HTMLElement {
  static observedAttributes = ['scenario', 'data-url', 'locale', 'compact'];

  readonly #root: ShadowRoot;
  #bridge: EngineBridge | null = null;
  #handle: AppHandle | null = null;
  #unsubscribe: (() => void) | null = null;
  #generation = 0;
  #queued = false;
  #mounted: Promise<AppHandle | null> = Promise.resolve(null);

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    addHostStyles(this.#root);
  }

  connectedCallback(): void {
    this.#scheduleMount();
  }

  disconnectedCallback(): void {
    this.#teardown();
    this.#bridge?.terminate();
    this.#bridge = null;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.isConnected) return;
    if (name === 'locale' && this.#handle && value) {
      this.#handle.setLocale(value);
      return;
    }
    this.#scheduleMount();
  }

  // ---- the host's JavaScript API (same as the app handle; each waits for the mount) ----

  /** Resolves with the app handle once mounted (null when the attributes were rejected). */
  get mounted(): Promise<AppHandle | null> {
    return this.#mounted;
  }

  async loadFiles(files: { name: string; text: string | ArrayBuffer | Uint8Array }[]): Promise<void> {
    const h = await this.#require();
    await h.loadFiles(files);
  }

  async setScenario(doc: ScenarioDoc): Promise<void> {
    const h = await this.#require();
    await h.setScenario(doc);
  }

  getResults(): ScenarioResult | null {
    return this.#handle?.getResults() ?? null;
  }

  // ---- internals ----

  async #require(): Promise<AppHandle> {
    const h = await this.#mounted;
    if (!h) throw new Error('riskdial-app is not mounted (see its error message)');
    return h;
  }

  #scheduleMount(): void {
    if (this.#queued) return;
    this.#queued = true;
    // attributes set right after creation (or several at once) give one mount
    this.#mounted = Promise.resolve().then(() => {
      this.#queued = false;
      return this.isConnected ? this.#mount() : null;
    });
  }

  #teardown(): void {
    this.#generation++;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#handle?.destroy();
    this.#handle = null;
    this.#root.replaceChildren(...[...this.#root.children].filter((c) => c.tagName === 'STYLE' && c.textContent === HOST_CSS));
  }

  #emit(type: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #fail(error: EmbedErrorData): null {
    const box = document.createElement('div');
    box.className = 'rd-embed-error';
    box.setAttribute('role', 'alert');
    box.dataset.code = error.code;
    box.textContent = `riskdial: ${error.message}`;
    const code = document.createElement('span');
    code.className = 'rd-code';
    code.textContent = error.code;
    box.append(code);
    this.#root.append(box);
    this.#emit('riskdial-error', error);
    return null;
  }

  async #mount(): Promise<AppHandle | null> {
    this.#teardown();
    const generation = this.#generation;
    const options: AppOptions = {};
    const locale = this.getAttribute('locale');
    if (locale) options.locale = locale;
    const compact = this.getAttribute('compact');
    options.compact = compact !== null && compact !== 'false';

    const dataUrl = this.getAttribute('data-url');
    if (dataUrl) {
      const checked = sameOriginUrl(dataUrl, document.baseURI, location.origin, 'data-url');
      if (!checked.ok) return this.#fail(checked.error);
      options.dataUrl = checked.url;
    }
    const ref = scenarioRef(this.getAttribute('scenario') ?? '');
    if (ref?.kind === 'preset') options.scenario = ref.id;
    if (ref?.kind === 'url') {
      const checked = sameOriginUrl(ref.url, document.baseURI, location.origin, 'scenario');
      if (!checked.ok) return this.#fail(checked.error);
      try {
        const res = await fetch(checked.url, { mode: 'same-origin', credentials: 'same-origin' });
        if (!res.ok) throw embedError('fetch_failed', `scenario: ${checked.url}: HTTP ${res.status}`, checked.url);
        const text = await res.text();
        try {
          options.scenario = JSON.parse(text) as ScenarioDoc;
        } catch (e) {
          throw embedError('bad_json', `scenario: ${checked.url} is not valid JSON (${String(e)})`, checked.url);
        }
      } catch (e) {
        if (generation !== this.#generation) return null;
        return this.#fail(e instanceof TypeError ? embedError('fetch_failed', `scenario: ${checked.url}: ${e.message}`, checked.url) : errorData(e));
      }
      if (generation !== this.#generation) return null;
    }

    this.#bridge ??= new EngineBridge(makeEmbedWorker);
    let handle: AppHandle;
    try {
      handle = mountApp(this.#root, this.#bridge, options);
    } catch (e) {
      return this.#fail(errorData(e));
    }
    this.#handle = handle;
    this.#unsubscribe = handle.onResult((r) => this.#emit('riskdial-result', r));
    this.#emit('riskdial-ready');
    return handle;
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, RiskdialAppElement);

declare global {
  interface HTMLElementTagNameMap {
    'riskdial-app': RiskdialAppElement;
  }
}
