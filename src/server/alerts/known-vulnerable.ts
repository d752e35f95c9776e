import { SEVERITIES } from '../../store/index.js';
import type { ReportRule, Candidate } from './rule.js';

type Severity = (typeof SEVERITIES)[number];

const stronger = (a: Severity, b: Severity): Severity =>
  SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;

/**
 * A server whose package is in CISA's KEV catalog (critical: exploited in the wild), or whose pinned
 * version an advisory affects (the advisory's severity). Unpinned installs are flagged in the inventory
 * but not raised: the installed version is not known.
 */
export const knownVulnerable: ReportRule = {
  on: 'report',
  meta: {
    id: 'known-vulnerable',
    summary: 'a server runs a package listed in the KEV catalog or affected by an advisory',
  },
  create: () => (facts) => {
    const out: Candidate[] = [];
    for (const { server, flags } of facts.servers) {
      const affected = flags.advisories.filter((a) => a.status === 'affected');
      if (flags.kev.length === 0 && affected.length === 0) continue;
      const severity = affected.reduce<Severity>(
        (s, a) => stronger(s, a.severity as Severity),
        flags.kev.length ? 'critical' : 'low',
      );
      const ids = [...flags.kev.map((k) => k.cve), ...affected.map((a) => a.id)].sort();
      const what = flags.kev.length ? 'a known exploited vulnerability' : 'a known vulnerability';
      out.push({
        kind: 'known-vulnerable',
        severity,
        title: `MCP server \`${server.name}\` on ${facts.agent.hostname} runs a package with ${what}`,
        details: {
          server: server.name,
          hostname: facts.agent.hostname,
          kev: flags.kev.map((k) => ({
            cve: k.cve,
            vendor: k.vendor,
            product: k.product,
            package: k.package,
          })),
          advisories: affected.map((a) => ({ id: a.id, package: a.package, version: a.version })),
        },
        serverId: server.id,
        dedupKey: `known-vulnerable:${server.id}:${[...new Set(ids)].join(',')}`,
      });
    }
    return out;
  },
};
