// Export and print from the page itself: the Export tab downloads the full result JSON and the CSV files with
// the engine's numbers (the same as the page's own result and the native CLI's); "Print fact sheet" renders
// the printed views even when their tabs were never opened and prints to a 1–2 page PDF.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { openPage, screenshotPath, useBrowserAndDist } from './harness.mjs';
import { cliPath, exportScenario, runCli, waitIdle } from './flow-support.mjs';

// Chromium and a static server over web/dist for the whole file (harness.mjs).
const env = useBrowserAndDist();

async function downloadText(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

describe('export and print in the page', () => {
  test('Export tab: result JSON and fact-sheet CSV carry the engine numbers (= native CLI)', async () => {
    const { context, page } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    await page.click('#tab-export');
    const json = await downloadText(page, () => page.click('.rd-export-btn[data-file="result.json"]'));
    assert.equal(json.name, 'riskdial-result.json');
    const doc = JSON.parse(json.text);
    const mine = await page.evaluate(() => window.riskdial.getResults());
    assert.deepEqual(doc.strategies.map((s) => s.name), mine.strategies.map((s) => s.name));
    assert.equal(doc.strategies[0].daily.nav_net.at(-1), mine.strategies[0].daily.nav_net.at(-1));

    const files = await page.$$eval('.rd-export-btn', (b) => b.map((x) => x.dataset.file));
    const fact = files.find((f) => /fact/i.test(f));
    assert.ok(fact, `a fact-sheet CSV among ${files.join(', ')}`);
    const csv = await downloadText(page, () => page.click(`.rd-export-btn[data-file="${fact}"]`));
    assert.ok(csv.text.split('\n').length >= 3, 'header and rows');
    const cli = cliPath();
    if (cli) {
      const native = runCli(await exportScenario(page));
      const want = native.strategies[0].metrics.monthly.fact_sheet.rows.find((r) => r.name === 'net').values.return_cumulative;
      // full precision in the CSV: the value appears exactly as JavaScript prints the engine's number, or
      // within 1e-9 relative of the native CLI's (WASM vs native rounding)
      const numbers = csv.text.split(/[,\n]/).map(Number).filter(Number.isFinite);
      assert.ok(numbers.some((x) => Math.abs(x - want) <= 1e-9 * Math.abs(want)), `cumulative return ${want} in ${fact}`);
    }
    await context.close();
  });

  test('Print fact sheet: printed views are rendered from any tab, the PDF has 1–2 pages', async () => {
    const { context, page } = await openPage(env.browser);
    await page.goto(env.server.origin + '/');
    await waitIdle(page);
    await page.click('#tab-audit');
    await page.evaluate(() => { window.print = () => { window.__printed = (window.__printed ?? 0) + 1; }; });
    await page.click('#print-factsheet');
    assert.equal(await page.evaluate(() => window.__printed), 1);
    for (const id of ['factsheet', 'tables', 'charts'])
      assert.ok(await page.$eval(`#panel-${id}`, (p) => p.childElementCount > 0), `${id} rendered for print`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(screenshotPath('flow-print.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
    await context.close();
  });
});
