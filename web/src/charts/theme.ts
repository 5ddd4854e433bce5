// Colors of the charts. Screen colors come from the page's --rd-* custom properties (read on the chart's
// container, so a host theming <riskdial-app> through the shadow boundary themes the charts too); printing
// always uses PRINT_THEME (light background, dark text) whatever the screen theme.

export interface ChartTheme {
  bg: string;
  fg: string;
  muted: string;
  border: string;
  font: string;
  /** line colors of the strategies (each ≥ 3:1 against `bg` for the default light theme: WCAG 1.4.11) */
  palette: string[];
  /** benchmark lines: neutral, dashed */
  benchmark: string[];
  /** diverging heatmap scale, negative → positive (ColorBrewer RdBu: color-blind safe, prints in gray) */
  diverging: string[];
  /** vote matrix: vote for / vote against / no valid vote */
  votes: { yes: string; no: string; none: string };
}

/** Okabe–Ito order first (color-blind safe), darkened where needed so every color has ≥ 3:1 on white. */
export const PALETTE = [
  '#0072b2', '#d55e00', '#009e73', '#cc79a7', '#6b21a8', '#a16207',
  '#0e7490', '#b91c5c', '#1e3a8a', '#15803d', '#9a3412', '#4b5563',
];

export const BENCHMARK_COLORS = ['#3f3f46', '#78716c', '#1f2937'];

export const DIVERGING = ['#b2182b', '#ef8a62', '#fddbc7', '#f7f7f7', '#d1e5f0', '#67a9cf', '#2166ac'];

export const DEFAULT_THEME: ChartTheme = {
  bg: '#ffffff',
  fg: '#1f2328',
  muted: '#59636e',
  border: '#d0d7de',
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  palette: PALETTE,
  benchmark: BENCHMARK_COLORS,
  diverging: DIVERGING,
  votes: { yes: '#2166ac', no: '#ef8a62', none: '#d9d9d9' },
};

/** The theme used while printing and for PNG downloads: light whatever the screen theme. */
export const PRINT_THEME: ChartTheme = { ...DEFAULT_THEME };

/** Reads the --rd-* custom properties visible on `el` (falls back to DEFAULT_THEME for unset ones). */
export function readTheme(el: Element): ChartTheme {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const muted = cs.getPropertyValue('--rd-muted').trim();
  return {
    ...DEFAULT_THEME,
    // a host theme's muted and text colors already contrast with its background (dark themes included)
    benchmark: muted ? [muted, v('--rd-fg', DEFAULT_THEME.fg)] : BENCHMARK_COLORS,
    bg: v('--rd-surface', v('--rd-bg', DEFAULT_THEME.bg)),
    fg: v('--rd-fg', DEFAULT_THEME.fg),
    muted: v('--rd-muted', DEFAULT_THEME.muted),
    border: v('--rd-border', DEFAULT_THEME.border),
    font: v('--rd-font', DEFAULT_THEME.font),
  };
}

/** WCAG relative luminance of "#rrggbb". */
export function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const c = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
  const lin = c.map((x) => (x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}

/** WCAG contrast ratio of two "#rrggbb" colors. */
export function contrast(a: string, b: string): number {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
