import { describe, expect, test } from 'vitest';
import { reportFiles, reportRows, reportSummary, reportWarnings, warningText } from '../src/shared/report';

const report = {
  rows: 5969,
  frequency: 'daily',
  first_date: '2003-01-02',
  last_date: '2025-12-31',
  columns: [
    { name: 'SIM_A', first_date: '2003-01-02', last_date: '2025-12-31', observations: 5969, kind: 'prices', gaps_filled: 3, warnings: [] },
    { name: 'SIM_B', first_date: '2005-06-01', last_date: '2025-12-31', observations: 5400, kind: 'prices',
      warnings: ['stale run', { code: 'jump', message: 'jump of 62% in one day', date: '2008-10-13' }] },
  ],
  warnings: [{ message: 'sorted descending dates' }],
};

describe('report', () => {
  test('rows map every column with formatted counts', () => {
    const rows = reportRows(report);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      name: 'SIM_A', firstDate: '2003-01-02', lastDate: '2025-12-31', observations: '5,969', kind: 'prices',
      frequency: 'daily', gapsFilled: '3', warnings: [],
    });
    expect(rows[1].gapsFilled).toBe('—');
    expect(rows[1].warnings).toEqual(['stale run', 'jump of 62% in one day on 2008-10-13']);
  });
  test('summary and report-level warnings', () => {
    expect(reportSummary(report)).toBe('5,969 dates · 2003-01-02 to 2025-12-31 · daily · 2 columns');
    expect(reportWarnings(report)).toEqual(['sorted descending dates']);
    expect(reportRows({})).toEqual([]);
  });
  test('warningText handles strings, objects with counts and other values', () => {
    expect(warningText('x')).toBe('x');
    expect(warningText({ message: 'zero price', count: 1200 })).toBe('zero price (1,200×)');
    expect(warningText({ code: 'k' })).toBe('{"code":"k"}');
    expect(warningText(7)).toBe('7');
  });
});

describe('files', () => {
  test('one line per file as the importer read it', () => {
    expect(reportFiles({ files: [{ name: 'a.csv', layout: 'wide', delimiter: ';', decimal: ',', date_format: 'DD.MM.YYYY', data_rows: 1200 },
      { name: 'b.tsv', layout: 'long', delimiter: '\t' }] })).toEqual([
      "a.csv: wide layout, ';' delimiter, ',' decimal, dates DD.MM.YYYY, 1,200 data rows",
      "b.tsv: long layout, '\\t' delimiter",
    ]);
    expect(reportFiles({})).toEqual([]);
  });
});
