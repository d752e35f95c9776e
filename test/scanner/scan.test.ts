import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/scanner/types.js';
import { buildReport, runChecks } from '../../src/scanner/scan.js';
import { grade, score } from '../../src/scanner/scorecard.js';
import { checks } from '../../src/scanner/checks/index.js';
import { emptySnapshot } from '../../src/scanner/snapshot.js';
import type { ScanFinding, Severity } from '../../src/scanner/types.js';

const finding = (id: string, severity: Severity): ScanFinding => ({
  id,
  severity,
  owasp: 'MCP03',
  title: 't',
  family: 'tools',
  location: 'l',
  evidence: 'e',
  remediation: 'r',
  references: [],
  cwe: [],
});

describe('score and grade', () => {
  it('weighs each id once by its worst severity, repeats a little, never below 0', () => {
    expect(score([])).toBe(100);
    expect(score([finding('A', 'high')])).toBe(80);
    expect(score([finding('A', 'medium'), finding('A', 'medium'), finding('A', 'medium')])).toBe(88);
    expect(score(Array.from({ length: 20 }, () => finding('A', 'medium')))).toBe(84);
    expect(score(['A', 'B', 'C'].map((id) => finding(id, 'critical')))).toBe(0);
  });

  it('grades by score, and a critical finding caps the grade at D', () => {
    expect(grade(100, [])).toBe('A');
    expect(grade(80, [])).toBe('B');
    expect(grade(60, [])).toBe('C');
    expect(grade(45, [])).toBe('D');
    expect(grade(10, [])).toBe('F');
    expect(grade(60, [finding('A', 'critical')])).toBe('D');
    expect(grade(30, [finding('A', 'critical')])).toBe('F');
  });
});

describe('running the catalog', () => {
  it('a failing check makes the report an error, never a clean one', () => {
    const broken = defineCheck({
      meta: { ...checks['TOOL-009']!.meta, id: 'TEST-001' },
      run() {
        throw new Error('bug');
      },
    });
    expect(runChecks(emptySnapshot('x', 'stdio'), [broken]).failed).toEqual(['TEST-001: bug']);
  });

  it('masks credentials in evidence and locations', () => {
    const key = `ghp_${'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'.slice(0, 36)}`;
    const s = {
      ...emptySnapshot('x', 'config'),
      launch: {
        command: 'node',
        args: ['server.js', `--token=${key}`],
        env: {},
        entry: null,
        configPath: null,
        symlinks: [],
        worldWritable: [],
      },
    };
    const report = buildReport(s, { error: null, startedAt: new Date(0), durationMs: 0 });
    expect(report.findings.map((f) => f.id)).toContain('CFG-008');
    expect(JSON.stringify(report)).not.toContain(key);
  });

  it('reports the scorecard per OWASP category and per family', () => {
    const s = {
      ...emptySnapshot('x', 'tools-json'),
      tools: [{ name: 'eval', description: 'Evaluates.', inputSchema: { type: 'object' } }],
    };
    const r = buildReport(s, { error: null, startedAt: new Date(0), durationMs: 0 });
    expect(r.scorecard.owasp.MCP05).toEqual({ status: 'findings', ids: ['TOOL-008'] });
    expect(r.scorecard.owasp.MCP01.status).toBe('clear');
    expect(r.scorecard.families.tools).toMatchObject({ findings: 1, highest: 'medium' });
    expect(r.scorecard.families.auth.checks).toBeGreaterThan(5);
  });
});
