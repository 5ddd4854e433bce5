// The results views inside the real page (page-app's mountApp in web/dist, the engine in the WASM worker):
// the fact sheet and the annualized table the page shows equal the native CLI's numbers for the page's own
// scenario (raw to 1e-9 relative: WASM vs native; text to the displayed precision, en-US and de-DE), the views
// follow the convention switch, and the page prints to a 1–2 page A4 PDF. Screenshots: build/e2e/results-app-*.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPage, screenshotPath, waitState, useBrowserAndDist } from './harness.mjs';
import { RUN_TIMEOUT, cliPath, exportScenario, runCli } from './flow-support.mjs';

// Chromium and a static server over web/dist for the whole file (harness.mjs).
const env = useBrowserAndDist();

/** Displayed text → number in display units (percent points for "%"), en-US and de-DE. */
function parseShown(text, locale) {
  let t = text.replace(/[\u00a0\u202f\s]/g, '').replace('−', '-');
  const pct = t.endsWith('%');
  t = t.replace('%', '');
  t = locale === 'de-DE' ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  return { value: Number(t), pct, digits: (t.split('.')[1] ?? '').length };
}

function assertCell(c, value, locale) {
  const raw = JSON.parse(c.raw);
  if (value === null) {
    assert.equal(raw, null, c.key);
    assert.equal(c.text, '—');
    return;
  }
  assert.ok(Math.abs(raw - value) <= 1e-9 * Math.max(1, Math.abs(value)), `${c.key}: raw ${raw} vs CLI ${value}`);
  const s = parseShown(c.text, locale);
  const v = s.pct ? value * 100 : value;
  // half a unit of the last shown digit, plus the 1e-9 relative WASM-vs-native allowance of the raw value (the
  // Static 60/40 information ratio is ~-4.8e12: its tracking error is rounding noise, see the report)
  const tol = 0.5 * 10 ** -s.digits + 1e-9 * Math.abs(v);
  assert.ok(Math.abs(s.value - v) <= tol, `${c.key} ${c.window ?? c.row}: shown ${c.text}, CLI ${value}`);
}

async function cells(page, table) {
  return page.locator(`table[data-table="${table}"] td[data-raw]`).evaluateAll((tds) => tds.map((td) => ({
    strategy: Number(td.dataset.strategy), row: td.dataset.row, key: td.dataset.key, window: td.dataset.window,
    raw: td.dataset.raw, text: td.childNodes[0]?.textContent ?? '',
  })));
}

describe('results views in the page', () => {
  test('fact sheet and annualized table equal the native CLI for the page scenario (en-US, de-DE); print to PDF', { skip: !cliPath() && 'native CLI not built' }, async () => {
    let cli = null;
    for (const locale of ['en-US', 'de-DE']) {
      const { context, page, log } = await openPage(env.browser);
      await page.goto(`${env.server.origin}/index.html?locale=${locale}`);
      await waitState(page, 'ready', RUN_TIMEOUT);
      if (!cli) cli = runCli(await exportScenario(page));
      await page.click('#tab-factsheet');
      const fs1 = await cells(page, 'fact-sheet');
      assert.ok(fs1.length >= 2 * 3 * 13, `fact-sheet cells: ${fs1.length}`);
      for (const c of fs1) {
        const rows = cli.strategies[c.strategy].metrics.monthly.fact_sheet.rows;
        assertCell(c, rows.find((r) => r.name === c.row).values[c.key], locale);
      }
      await page.click('#tab-tables');
      const an = await cells(page, 'annualized');
      assert.ok(an.length >= 2 * 8 * 5, `annualized cells: ${an.length}`);
      for (const c of an) {
        const t = cli.strategies[c.strategy].metrics.monthly.annualized_table;
        assertCell(c, t.rows.find((r) => r.name === c.row).values[c.window], locale);
      }
      await page.screenshot({ path: screenshotPath(`results-app-tables-${locale}.png`), fullPage: true });
      if (locale === 'en-US') {
        // print: render the charts view once, come back to the fact sheet, print
        await page.click('#tab-charts');
        await page.waitForTimeout(500);
        await page.click('#tab-factsheet');
        await page.emulateMedia({ media: 'print' });
        assert.ok(await page.locator('table[data-table="fact-sheet"]').isVisible());
        assert.ok(await page.locator('table[data-table="annualized"]').isVisible());
        assert.equal(await page.locator('table[data-table="metrics"]').count() === 0 || !(await page.locator('table[data-table="metrics"]').isVisible()), true);
        const file = screenshotPath('results-app-fact-sheet-A4.pdf');
        const pdf = await page.pdf({ path: file, format: 'A4' });
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
        assert.ok(pages >= 1 && pages <= 2, `A4: ${pages} pages`);
        await page.emulateMedia({ media: 'screen' });
      }
      assert.deepEqual(log.errors, []);
      await context.close();
    }
  });
});
