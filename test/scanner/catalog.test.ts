import { describe, expect, it } from 'vitest';
import { checkIds, checks } from '../../src/scanner/checks/index.js';
import { FAMILIES } from '../../src/scanner/types.js';
import { cases } from './cases/index.js';

/** The catalog tests itself: every check has metadata, fixtures on both sides, and its fixtures hold. */
describe('scanner catalog', () => {
  it('has at least 40 unique ids, each the id of its registry key', () => {
    expect(checkIds.length).toBeGreaterThanOrEqual(40);
    for (const [id, c] of Object.entries(checks)) expect(c.meta.id).toBe(id);
    expect(new Set(checkIds).size).toBe(checkIds.length);
  });

  it('covers every family', () => {
    for (const f of FAMILIES)
      expect(
        Object.values(checks).some((c) => c.meta.family === f),
        f,
      ).toBe(true);
  });

  it.each(checkIds)('%s has complete metadata', (id) => {
    const m = checks[id]!.meta;
    expect(m.id).toMatch(/^[A-Z]+-\d{3}$/);
    expect(m.title.length).toBeGreaterThan(5);
    expect(m.description.length).toBeGreaterThan(40);
    expect(m.owasp === null || /^MCP(0[1-9]|10)$/.test(m.owasp)).toBe(true);
    expect(m.cwe.length).toBeGreaterThan(0);
    for (const c of m.cwe) expect(c).toMatch(/^CWE-\d+$/);
    expect(m.references.length).toBeGreaterThan(0);
    for (const r of m.references) expect(r).toMatch(/^https:\/\//);
    expect(m.remediation.text.length).toBeGreaterThan(10);
    expect(m.remediation.example.length).toBeGreaterThan(10);
  });

  it('has fixtures for exactly the checks of the registry', () => {
    expect(Object.keys(cases).sort()).toEqual([...checkIds].sort());
  });

  describe.each(checkIds)('%s', (id) => {
    const table = cases[id] ?? { find: [], clean: [] };
    it('has at least one must-find and one must-not-find fixture', () => {
      expect(table.find.length).toBeGreaterThan(0);
      expect(table.clean.length).toBeGreaterThan(0);
    });
    it.each(table.find.map((s, i) => [i, s] as const))('finds something in must-find fixture %i', (_, s) => {
      expect(checks[id]!.run(s).length).toBeGreaterThan(0);
    });
    it.each(table.clean.map((s, i) => [i, s] as const))('stays quiet on must-not-find fixture %i', (_, s) => {
      expect(checks[id]!.run(s)).toEqual([]);
    });
  });
});
