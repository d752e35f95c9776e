import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reporters } from '../../src/scanner/reporters/index.js';
import { buildReport } from '../../src/scanner/scan.js';
import { readToolsJson } from '../../src/scanner/collect.js';
import { emptySnapshot } from '../../src/scanner/snapshot.js';
import { CHROMIUM, launchChromium, pageWithErrors } from '../support/browser.js';
import { ROOT } from '../support/source.js';

describe('the HTML report in a real browser', () => {
  it.skipIf(!CHROMIUM)(
    'opens without errors, sorts by a clicked column, and is screenshotted',
    async () => {
      const tools = readToolsJson(join(ROOT, 'test/fixtures/scanner/tools/poisoned.json'));
      const report = buildReport(
        { ...emptySnapshot('poisoned.json', 'tools-json'), tools },
        { error: null, startedAt: new Date(0), durationMs: 1 },
      );
      const dir = mkdtempSync(join(tmpdir(), 'mcpshield-html-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, reporters.html.render([report]));
      const browser = await launchChromium();
      try {
        const { page, errors } = await pageWithErrors(browser);
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(file).href);
        const firstSeverity = () =>
          page.locator('table.findings tbody tr td:nth-child(1)').first().textContent();
        const header = page.locator('table.findings th', { hasText: 'severity' });
        await header.click(); // ascending: the lowest severity first
        expect(await firstSeverity()).toBe('high');
        await header.click();
        expect(await firstSeverity()).toBe('critical');
        await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
        expect(existsSync(join(dir, 'report.png'))).toBe(true);
        expect(errors).toEqual([]);
        expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
