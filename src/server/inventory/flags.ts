import { advisoriesFor } from '../../advisories/index.js';
import { innerCommand, launchedPackage, type LaunchedPackage } from '../../advisories/packages.js';
import { normaliseName, type KevEntry, type KevIndex } from './kev.js';

/** What the inventory says of a server beyond its risk score. */
export type ServerFlags = {
  /** KEV entries naming the server's package (by product name), or the CVE of one of its advisories. */
  kev: (KevEntry & { package: string; matchedBy: 'product' | 'advisory' })[];
  /** The repository's advisories for the server's package and version. */
  advisories: {
    id: string;
    package: string;
    version: string | null;
    /** `affected`: the pinned version is vulnerable; `unpinned`: whatever version installs may be. */
    status: 'affected' | 'unpinned';
    severity: string;
    cve: string[];
    summary: string;
  }[];
};

/** The part of a stored configuration snapshot the flags read. */
type Launch = { command?: unknown; args?: unknown };

/** The package a server's command installs and runs (`npx -y pkg@1.2.3`, `sudo uvx pkg==1.0`). */
export function packageOf(config: Launch): LaunchedPackage | null {
  if (typeof config.command !== 'string') return null;
  const args = Array.isArray(config.args) ? config.args.filter((a) => typeof a === 'string') : [];
  const inner = innerCommand(config.command, args);
  return launchedPackage(inner.command, inner.args);
}

/** The KEV and advisory flags of a server, from its command and arguments. */
export function serverFlags(config: Launch, kev: KevIndex): ServerFlags {
  const pkg = packageOf(config);
  if (!pkg) return { kev: [], advisories: [] };
  const advisories = advisoriesFor(pkg.ecosystem, pkg.name, pkg.version).map(({ advisory, status }) => ({
    id: advisory.id,
    package: pkg.name,
    version: pkg.version,
    status,
    severity: advisory.severity,
    cve: [...advisory.cve],
    summary: advisory.summary,
  }));
  const found = new Map<string, ServerFlags['kev'][number]>();
  const base = pkg.name.split('/').pop()!;
  for (const key of new Set([normaliseName(base), normaliseName(pkg.name)]))
    for (const e of kev.byName.get(key) ?? [])
      found.set(e.cve, { ...e, package: pkg.name, matchedBy: 'product' });
  for (const a of advisories.filter((x) => x.status === 'affected'))
    for (const cve of a.cve) {
      const e = kev.byCve.get(cve);
      if (e && !found.has(cve)) found.set(cve, { ...e, package: pkg.name, matchedBy: 'advisory' });
    }
  return { kev: [...found.values()], advisories };
}
