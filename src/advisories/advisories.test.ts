import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ADVISORIES,
  advisoriesFor,
  affects,
  compareVersions,
  parsePackageSpec,
  parseVersion,
} from './index.js';

const KEV = new URL('../../../shared/data/kev/known_exploited_vulnerabilities.json', import.meta.url);

describe('versions', () => {
  it.each([
    ['1.2.3', '1.2.4', -1],
    ['1.10.0', '1.9.9', 1],
    ['2025.7.1', '0.6.2', 1],
    ['1.0', '1.0.0', 0],
    ['1.0.0-beta.2', '1.0.0', -1],
    ['1.0.0-rc.10', '1.0.0-rc.9', 1],
    ['v0.1.16', '0.1.15', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(parseVersion(a)!, parseVersion(b)!))).toBe(sign);
  });

  it('refuses what is not a release number', () => {
    for (const t of ['latest', '^1.2.0', 'next', '', 'git+https://x/y', '1.2.3.4.5'])
      expect(parseVersion(t)).toBeNull();
  });
});

describe('advisories', () => {
  it('match the versions their ranges say', () => {
    const remote = ADVISORIES.find((a) => a.id === 'CVE-2025-6514')!;
    expect(affects(remote, '0.1.15')).toBe(true);
    expect(affects(remote, '0.1.16')).toBe(false);
    expect(affects(remote, '0.0.4')).toBe(false);
    expect(
      advisoriesFor('npm', '@modelcontextprotocol/server-filesystem', '2025.7.0').map((m) => m.advisory.id),
    ).toEqual(['CVE-2025-53110', 'CVE-2025-53109']);
    expect(advisoriesFor('npm', '@modelcontextprotocol/server-filesystem', '2025.7.1')).toEqual([]);
    expect(advisoriesFor('npm', 'left-pad', '1.0.0')).toEqual([]);
  });

  it('report every advisory of an unpinned package as possible', () => {
    const m = advisoriesFor('npm', 'mcp-remote', 'latest');
    expect(m.map((x) => x.status)).toEqual(['unpinned']);
    expect(advisoriesFor('pypi', 'mcp-server-git', null)).toHaveLength(3);
  });

  it('parse package specs', () => {
    expect(parsePackageSpec('@modelcontextprotocol/server-filesystem@2025.7.1')).toEqual({
      name: '@modelcontextprotocol/server-filesystem',
      version: '2025.7.1',
    });
    expect(parsePackageSpec('@scope/pkg')).toEqual({ name: '@scope/pkg', version: null });
    expect(parsePackageSpec('mcp-remote@latest')).toEqual({ name: 'mcp-remote', version: 'latest' });
    expect(parsePackageSpec('mcp-server-git==2025.9.25', 'pypi')).toEqual({
      name: 'mcp-server-git',
      version: '2025.9.25',
    });
    expect(parsePackageSpec('mcp-server-git>=2025', 'pypi')).toEqual({
      name: 'mcp-server-git',
      version: null,
    });
  });

  it('are well formed: unique ids, CVE ids, ordered ranges, lower-case names', () => {
    expect(new Set(ADVISORIES.map((a) => a.id)).size).toBe(ADVISORIES.length);
    for (const a of ADVISORIES) {
      expect(a.package).toBe(a.package.toLowerCase());
      for (const c of a.cve) expect(c).toMatch(/^CVE-\d{4}-\d{4,}$/);
      expect(a.references.length).toBeGreaterThan(0);
      for (const r of a.affected) {
        expect(parseVersion(r.fixed), `${a.id} fixed`).not.toBeNull();
        if (r.introduced)
          expect(compareVersions(parseVersion(r.introduced)!, parseVersion(r.fixed)!)).toBeLessThan(0);
      }
    }
  });

  it.runIf(existsSync(KEV))('flag exactly the CVEs that CISA lists as known exploited', () => {
    const kev = new Set(
      (JSON.parse(readFileSync(KEV, 'utf8')) as { vulnerabilities: { cveID: string }[] }).vulnerabilities.map(
        (v) => v.cveID,
      ),
    );
    for (const a of ADVISORIES) expect(!!a.knownExploited, a.id).toBe(a.cve.some((c) => kev.has(c)));
  });
});
