// Tiny DOM helpers for the page-app views (no framework). Everything is created under the root the app was
// mounted in; nothing here queries the document.
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

let uid = 0;
/** A document-unique id (labels, aria-describedby); ids live in the app's root (a shadow root when embedded). */
export function nextId(prefix = 'rd'): string {
  uid += 1;
  return `${prefix}-${uid}`;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v as EventListener);
    else if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (k in el && !k.startsWith('data-') && !k.startsWith('aria-') && k !== 'role' && k !== 'for' && k !== 'list') {
      (el as unknown as Record<string, unknown>)[k] = v === true ? true : v;
    } else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A <select> with options [value, label]. */
export function select(options: [string, string][], value: string, attrs: Attrs = {}): HTMLSelectElement {
  const el = h('select', attrs);
  for (const [v, l] of options) el.append(h('option', { value: v, text: l, selected: v === value }));
  el.value = value;
  return el;
}
