import { describe, expect, it } from 'vitest';
import { caseInput, caseName, type CaseTable } from '../../src/detectors/cases.js';
import type { Detector } from '../../src/detectors/types.js';

/**
 * Runs a detector's case table, ESLint RuleTester style: every attack must produce a finding of this
 * detector (of the expected kind when the row names one); every benign row must produce none. The table
 * itself is checked too: at least 30 rows each, no duplicate rows, no attack row without any finding.
 */
export function runCaseTable(detector: Detector, table: CaseTable, min = 30): void {
  const run = (options: Record<string, unknown> | undefined) =>
    detector.create(detector.options.parse(options ?? {}));
  const defaultRun = run(undefined);

  describe(`${detector.meta.id} case table`, () => {
    it(`has at least ${min} attacks and ${min} benign look-alikes, without duplicates`, () => {
      expect(table.attacks.length).toBeGreaterThanOrEqual(min);
      expect(table.benign.length).toBeGreaterThanOrEqual(min);
      const seen = new Set<string>();
      for (const c of [...table.attacks, ...table.benign]) {
        const key = JSON.stringify(caseInput(c)) + JSON.stringify(c.options ?? {});
        expect(seen.has(key), `duplicate row ${key}`).toBe(false);
        seen.add(key);
      }
    });

    describe('attacks', () => {
      table.attacks.forEach((c, i) => {
        it(caseName(c, i), () => {
          const out = (c.options ? run(c.options) : defaultRun)(caseInput(c));
          expect(out.findings.length, 'expected a finding').toBeGreaterThan(0);
          for (const f of out.findings) {
            expect(f.detector).toBe(detector.meta.id);
            expect(f.message.length).toBeGreaterThan(0);
            expect(f.message).not.toContain('\n');
          }
          if (c.kind) expect(out.findings.map((f) => f.kind)).toContain(c.kind);
          if (c.removed) {
            const rewritten = JSON.stringify(out.result);
            expect(out.result, 'expected a rewritten result').toBeDefined();
            for (const s of c.removed) expect(rewritten).not.toContain(s);
          }
        });
      });
    });

    describe('benign look-alikes', () => {
      table.benign.forEach((c, i) => {
        it(caseName(c, i), () => {
          const out = (c.options ? run(c.options) : defaultRun)(caseInput(c));
          expect(out.findings).toEqual([]);
        });
      });
    });
  });
}
