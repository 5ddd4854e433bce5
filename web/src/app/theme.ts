// Theme: every color, the fonts and the radius come from CSS custom properties (--rd-*) so a host page can
// theme the app through the shadow boundary. These are the defaults (WCAG AA checked in web/tests/app-theme).
export const THEME_DEFAULTS = {
  '--rd-bg': '#ffffff',
  '--rd-surface': '#f3f5f8',
  '--rd-fg': '#1b1f24',
  '--rd-muted': '#4a5563',
  '--rd-accent': '#0b5cad',
  '--rd-accent-fg': '#ffffff',
  '--rd-border': '#6b7585',
  '--rd-positive': '#0a6a30',
  '--rd-negative': '#b3261e',
  '--rd-focus': '#b54708',
  '--rd-font': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  '--rd-mono-font': 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  '--rd-radius': '6px',
} as const;

export type ThemeVar = keyof typeof THEME_DEFAULTS;

/** The internal aliases (--_x: var(--rd-x, default)) declared on the app's root element. */
export function themeCss(selector: string): string {
  const lines = Object.entries(THEME_DEFAULTS).map(([k, v]) => `  --_${k.slice(5)}: var(${k}, ${v});`);
  return `${selector} {\n${lines.join('\n')}\n}\n`;
}

/** WCAG 2 contrast ratio of two #rrggbb colors. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  };
  const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (l1! + 0.05) / (l2! + 0.05);
}
