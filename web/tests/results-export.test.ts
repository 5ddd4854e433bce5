// CSV/JSON exports on a real engine result: RFC 4180 quoting, headers, and every value equal to the result's
// number (full precision, parsed back with Number()).
/// <reference types="vite/client" />
import fixtureJson from './fixtures/results-result.json?raw';
import { describe, expect, test } from 'vitest';
import { csvField, joinByDate, resultToJson, slug, tablesToCsv, toCsv } from '../src/export/index';
import type { ScenarioResult } from '../src/shared/result';

const result = JSON.parse(fixtureJson) as ScenarioResult;

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (f += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (f += c), i++;
    } else if (c === '"' && f === '') (quoted = true), i++;
    else if (c === ',') (row.push(f), (f = ''), i++);
    else if (c === '\r' && text[i + 1] === '\n') (row.push(f), rows.push(row), (row = []), (f = ''), (i += 2));
    else if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    else if (c === '"') throw new Error(`quote inside an unquoted field at ${i}`);
    else (f += c), i++;
  }
  if (f !== '' || row.length) throw new Error('last record without CRLF');
  return rows;
}

const num = (s: string): number | null => (s === '' ? null : Number(s));
const files = tablesToCsv(result, [0, 1]);
const file = (name: string) => {
  const f = files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name}; have ${files.map((x) => x.name).join(' ')}`);
  return parseCsv(f.csv);
};
const s0 = result.strategies[0]!;
const s1 = result.strategies[1]!;
const p0 = slug(s0.name);
const p1 = slug(s1.name);

describe('CSV basics', () => {
  test('RFC 4180 fields: quoting, doubled quotes, line breaks, null, full precision', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(4.34078737577221e-18)).toBe('4.34078737577221e-18');
    expect(csvField(-0.01)).toBe('-0.01');
    expect(csvField(true)).toBe('true');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
    expect(parseCsv(toCsv(['n'], [['q"u,o\r\nte']]))).toEqual([['n'], ['q"u,o\r\nte']]);
  });
  test('slug and joinByDate', () => {
    expect(slug('Trend "two sleeves", EQ/FI')).toBe('trend-two-sleeves-eq-fi');
    expect(slug('€€€')).toBe('strategy');
    expect(joinByDate([
      { name: 'a', dates: ['2020-01-31', '2020-02-29'], values: [1, 2] },
      { name: 'b', dates: ['2020-02-29', '2020-03-31'], values: [null, 3] },
    ])).toEqual({ header: ['date', 'a', 'b'], rows: [['2020-01-31', 1, null], ['2020-02-29', 2, null], ['2020-03-31', null, 3]] });
  });
  test('file list: the tables, then per strategy every series', () => {
    const names = files.map((f) => f.name);
    expect(names.slice(0, 4)).toEqual(['fact_sheet.csv', 'annualized.csv', 'calendar_years.csv', 'metrics.csv']);
    for (const p of [p0, p1]) {
      for (const n of ['audit_log', 'daily_nav', 'monthly_returns', 'weights', 'trades', 'fees', 'holding_periods', 'growth_drawdown', 'drawdown_episodes', 'rolling']) {
        expect(names, `${p}_${n}`).toContain(`${p}_${n}.csv`);
      }
    }
    expect(names).toContain(`${p0}_realized_vs_target.csv`); // risk_target only
    expect(names).not.toContain(`${p1}_realized_vs_target.csv`);
    for (const f of files) expect(f.csv.endsWith('\r\n'), f.name).toBe(true);
    // duplicate names get a suffix
    const dup = tablesToCsv(result, [0, 0]).map((f) => f.name);
    expect(dup).toContain(`${p0}-2_daily_nav.csv`);
  });
});

describe('CSV contents equal the engine result', () => {
  test('fact_sheet.csv', () => {
    const rows = file('fact_sheet.csv');
    const cols = s0.metrics.monthly.fact_sheet.columns!;
    expect(rows[0]).toEqual(['strategy', 'row', ...cols]);
    expect(rows).toHaveLength(1 + 8);
    const r = rows.find((x) => x[0] === s1.name && x[1] === 'net_minus_benchmark')!;
    const v = s1.metrics.monthly.fact_sheet.rows.find((x) => x.name === 'net_minus_benchmark')!.values;
    cols.forEach((c, j) => expect(num(r[2 + j]!)).toBe(v[c]));
    // the strategy name with a quote and a comma survives quoting
    expect(files[0]!.csv).toContain('"Trend ""two sleeves"", EQ/FI"');
  });
  test('annualized.csv', () => {
    const rows = file('annualized.csv');
    expect(rows[0]).toEqual(['strategy', 'row', '1y', '3y', '5y', '10y', 'since_inception']);
    const t = s0.metrics.monthly.annualized_table;
    t.rows.forEach((tr, k) => {
      const r = rows[1 + k]!;
      expect(r.slice(0, 2)).toEqual([s0.name, tr.name]);
      ['1y', '3y', '5y', '10y', 'since_inception'].forEach((w, j) => expect(num(r[2 + j]!)).toBe(tr.values[w]));
    });
  });
  test('calendar_years.csv', () => {
    const rows = file('calendar_years.csv');
    expect(rows[0]!.slice(0, 4)).toEqual(['strategy', 'series', 'year', 'jan']);
    expect(rows[0]!.slice(-2)).toEqual(['year_return', 'partial']);
    const cal = s1.metrics.monthly.benchmark.calendar_returns;
    const y = Object.keys(cal).sort()[0]!;
    const r = rows.find((x) => x[0] === s1.name && x[1] === 'benchmark' && x[2] === y)!;
    expect(r.slice(3, 15).map(num)).toEqual(cal[y]!.months);
    expect(num(r[15]!)).toBe(cal[y]!.year);
    expect(r[16]).toBe(String(cal[y]!.partial));
  });
  test('metrics.csv: every key of every series, values and flags', () => {
    const rows = file('metrics.csv');
    expect(rows[0]).toEqual(['strategy', 'series', 'family', 'key', 'value', 'flags']);
    for (const s of [s0, s1]) {
      for (const sr of ['net', 'gross', 'benchmark'] as const) {
        const rep = s.metrics.monthly[sr];
        const mine = rows.filter((r) => r[0] === s.name && r[1] === sr);
        expect(mine.map((r) => r[3]).sort()).toEqual(Object.keys(rep.metrics).sort());
        for (const r of mine) expect(num(r[4]!), r[3]).toBe(rep.metrics[r[3]!]);
      }
    }
    expect(rows.find((r) => r[3] === 'sharpe_seed003')![2]).toBe('Risk-adjusted ratios');
  });
  test('daily NAV, monthly returns and weights', () => {
    const nav = file(`${p0}_daily_nav.csv`);
    expect(nav[0]).toEqual(['date', 'nav_gross', 'nav_net', 'nav_benchmark', 'ret_gross', 'ret_net', 'ret_benchmark', 'cash_returns']);
    expect(nav.length - 1).toBe(s0.daily.dates.length);
    nav.slice(1).forEach((r, i) => {
      expect(r[0]).toBe(s0.daily.dates[i]);
      expect(num(r[2]!)).toBe(s0.daily.nav_net[i]);
      expect(num(r[6]!)).toBe(s0.daily.ret_benchmark[i]);
    });
    const mon = file(`${p1}_monthly_returns.csv`);
    expect(mon[0]).toEqual(['date', 'gross', 'net', 'benchmark']);
    expect(mon.slice(1).map((r) => num(r[2]!))).toEqual(s1.monthly.net);
    const w = file(`${p1}_weights.csv`);
    expect(w[0]).toEqual(['date', ...s1.weight_names]);
    w.slice(1).forEach((r, i) => expect(r.slice(1).map(num)).toEqual(s1.weights_eod[i]));
  });
  test('growth/drawdown, episodes and rolling series', () => {
    const g = file(`${p0}_growth_drawdown.csv`);
    expect(g[0]).toEqual(['date', 'growth_of_1_net', 'underwater_net', 'growth_of_1_gross', 'underwater_gross', 'growth_of_1_benchmark', 'underwater_benchmark']);
    const ser = s0.metrics.monthly.net.series;
    const byDate = new Map(g.slice(1).map((r) => [r[0], r]));
    ser.dates.forEach((d, i) => {
      expect(num(byDate.get(d)![1]!)).toBe(ser.growth_of_1[i]);
      expect(num(byDate.get(d)![2]!)).toBe(ser.underwater[i]);
    });
    const ep = file(`${p0}_drawdown_episodes.csv`);
    const e = s0.metrics.monthly.net.drawdowns[0]!;
    expect(ep[1]).toEqual(['net', e.from, e.trough, e.to ?? '', String(e.depth), String(e.length), String(e.to_trough), e.recovery === null ? '' : String(e.recovery), String(e.recovered)]);
    const ro = file(`${p1}_rolling.csv`);
    const col = ro[0]!.indexOf('rolling_beta_12m_net');
    expect(col).toBeGreaterThan(0);
    const rb = s1.metrics.monthly.net.rolling.rolling_beta_12m!;
    const rows = new Map(ro.slice(1).map((r) => [r[0], r]));
    rb.dates.forEach((d, i) => expect(num(rows.get(d)![col]!)).toBe(rb.values[i]));
  });
  test('audit log: decisions, audit fields and target weights', () => {
    const a = file(`${p0}_audit_log.csv`);
    const h = a[0]!;
    expect(h.slice(0, 5)).toEqual(['date', 'execution_date', 'cause', 'executed', 'not_executed_reason']);
    for (const k of ['market_vol', 'target_vol', 'sigma_min', 'sigma_top', 'mu_max', 'ex_ante_vol', 'expected_return', 'status', 'flags', 'universe']) {
      expect(h, k).toContain(`audit.${k}`);
    }
    expect(h.slice(-s0.weight_names.length)).toEqual(s0.weight_names.map((n) => `target.${n}`));
    expect(a.length - 1).toBe(s0.decisions.length);
    const d = s0.decisions[0]!;
    const r = a[1]!;
    expect(r[0]).toBe(d.date);
    expect(num(r[h.indexOf('audit.market_vol')]!)).toBe(d.audit.market_vol);
    expect(r[h.indexOf('audit.universe')]).toBe((d.audit.universe as string[]).join(';'));
    expect(r.slice(-d.target.length).map(num)).toEqual(d.target);
    // trend: the nested sleeve audit goes into one JSON column, lossless
    const t = file(`${p1}_audit_log.csv`);
    const j = t[0]!.indexOf('audit_json');
    expect(j).toBeGreaterThan(0);
    expect(JSON.parse(t[1]![j]!).sleeves).toEqual((s1.decisions[0]!.audit as { sleeves: unknown }).sleeves);
    expect(num(t[1]![t[0]!.indexOf('audit.ex_ante_te')]!)).toBe(s1.decisions[0]!.audit.ex_ante_te ?? null);
  });
  test('a strategy whose metrics failed: its series still export, its table rows are absent', () => {
    const r = structuredClone(result);
    (r.strategies[1]!.metrics as unknown as { monthly: unknown }).monthly = { error: { message: 'too few months' } };
    const fl = tablesToCsv(r, [0, 1]);
    const names = fl.map((f) => f.name);
    expect(names).toContain(`${p1}_daily_nav.csv`);
    expect(names).not.toContain(`${p1}_rolling.csv`);
    const fsRows = parseCsv(fl.find((f) => f.name === 'fact_sheet.csv')!.csv);
    expect(fsRows.slice(1).map((x) => x[0])).toEqual(Array(4).fill(s0.name));
  });
  test('JSON export is the full document, numbers unchanged', async () => {
    const blob = resultToJson(result);
    expect(blob.type).toBe('application/json');
    expect(JSON.parse(await blob.text())).toEqual(result);
  });
});
