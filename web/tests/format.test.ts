import { describe, expect, test } from 'vitest';
import { dateToMs, describeError, formatBytes, formatCount, formatDate, formatDollars } from '../src/shared/format';

describe('format', () => {
  test('formatDate: days since 1970-01-01 → ISO', () => {
    expect(formatDate(0)).toBe('1970-01-01');
    expect(formatDate(-1)).toBe('1969-12-31');
    expect(formatDate(19753)).toBe('2024-01-31'); // 2024-01-31 = 19753 days
    expect(formatDate(11060)).toBe('2000-04-13');
  });
  test('dateToMs', () => {
    expect(dateToMs(19753)).toBe(Date.UTC(2024, 0, 31));
  });
  test('formatCount / formatDollars / formatBytes', () => {
    expect(formatCount(5969)).toBe('5,969');
    expect(formatCount(NaN)).toBe('—');
    expect(formatCount('3')).toBe('—');
    expect(formatDollars(1.23456)).toBe('$1.2346');
    expect(formatDollars(null)).toBe('—');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
  });
  test('describeError names file, row and column when known', () => {
    expect(describeError({ file: 'a.csv', row: 4, column: 2, message: "expected a number, got 'abc'" })).toBe(
      "a.csv, row 4, column 2: expected a number, got 'abc'",
    );
    expect(describeError({ file: 'a.csv', row: 0, column: 0, message: 'empty file' })).toBe('a.csv: empty file');
    expect(describeError({ file: '', row: 0, column: 0, message: 'boom' })).toBe('boom');
  });
});
