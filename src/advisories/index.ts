import { ADVISORIES, type Advisory, type Ecosystem } from './dataset.js';
import { compareVersions, parseVersion } from './version.js';

export { ADVISORIES, type Advisory, type AdvisorySeverity, type Ecosystem } from './dataset.js';
export { compareVersions, parseVersion, type Version } from './version.js';

/** Whether `version` falls in one of the advisory's affected ranges. */
export function affects(advisory: Advisory, version: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  return advisory.affected.some(({ introduced, fixed }) => {
    const low = introduced ? parseVersion(introduced) : null;
    const high = parseVersion(fixed)!;
    return (!low || compareVersions(v, low) >= 0) && compareVersions(v, high) < 0;
  });
}

export type AdvisoryMatch = {
  advisory: Advisory;
  /** `affected`: the pinned version is vulnerable; `unpinned`: no version given, whatever installs may be. */
  status: 'affected' | 'unpinned';
};

/**
 * The advisories of a package. With a version, those it is affected by; with none (an unpinned `npx -y`),
 * every advisory of the package, marked `unpinned`: the installed version is not known, and a cache may
 * hold an old one. A version that is not a plain release number (a tag such as `latest`) counts as unpinned.
 */
export function advisoriesFor(ecosystem: Ecosystem, name: string, version?: string | null): AdvisoryMatch[] {
  const own = ADVISORIES.filter((a) => a.ecosystem === ecosystem && a.package === name.toLowerCase());
  if (!version || !parseVersion(version)) return own.map((advisory) => ({ advisory, status: 'unpinned' }));
  return own.filter((a) => affects(a, version)).map((advisory) => ({ advisory, status: 'affected' }));
}

/**
 * Splits a package spec into name and version: npm `@scope/name@1.2.3`, `name@latest`, `name`; PyPI
 * `name==1.2.3` (other PyPI specifiers, `>=` and the like, pin nothing).
 */
export function parsePackageSpec(
  spec: string,
  ecosystem: Ecosystem = 'npm',
): { name: string; version: string | null } {
  if (ecosystem === 'pypi') {
    const [name, version] = spec.split('==');
    return { name: name!.split(/[<>=!~;[ ]/)[0]!.trim(), version: version?.trim() || null };
  }
  const at = spec.lastIndexOf('@');
  if (at <= 0) return { name: spec, version: null };
  return { name: spec.slice(0, at), version: spec.slice(at + 1) || null };
}
