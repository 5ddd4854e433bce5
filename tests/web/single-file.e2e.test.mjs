// The offline single file web/dist-single/riskdial.html opened from file:// (a double-click) in headless
// Chromium: it gets a result with zero network requests, holds no outside reference, and its CSP allows no
// outside connection.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WEB, launchBrowser, openPage, screenshotPath } from './harness.mjs';
import { waitFirstResult } from './embed-support.mjs';

const FILE = path.join(WEB, 'dist-single', 'riskdial.html');

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

describe('single offline file riskdial.html', () => {
  test('the build writes exactly one file, named riskdial.html, with no outside reference and a closed CSP', () => {
    assert.deepEqual(fs.readdirSync(path.dirname(FILE)), ['riskdial.html']);
    const html = fs.readFileSync(FILE, 'utf8');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
    assert.ok(csp, 'CSP meta tag');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives['connect-src'].filter((s) => !["'self'", 'blob:', 'data:'].includes(s)), [], csp);
    assert.deepEqual(directives['default-src'], ["'self'"]);
    for (const [k, v] of Object.entries(directives)) assert.ok(!v.some((s) => /^https?:|^\*$|^https?$/.test(s)), `${k}: ${v}`);
    // no src/href to another file or host (everything is inline)
    const refs = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:') && !u.startsWith('#'));
    assert.deepEqual(refs, []);
  });

  test('opened from file:// it runs the engine and shows a result; zero network requests', async () => {
    const { context, page, log } = await openPage(browser);
    const url = 'file://' + FILE;
    await page.goto(url);
    const ms = await waitFirstResult(page);
    console.log(`# single file from file://: first result after ${ms.toFixed(0)} ms`);
    await page.screenshot({ path: screenshotPath('single-file-riskdial.png'), fullPage: true });
    await page.mouse.move(500, 500);
    await page.waitForTimeout(200);
    const network = log.requests.filter((r) => !(r.url === url || r.url.startsWith('data:') || r.url.startsWith('blob:')));
    assert.deepEqual(network.map((r) => r.url), [], 'requests besides the file itself');
    assert.deepEqual(log.errors, [], log.console.join('\n'));
    await context.close();
  });
});
