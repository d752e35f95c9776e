import { toolHash } from '../lib/tool-hash.js';
import { defineCheck, type Hit } from '../types.js';
import type { Tool } from '../snapshot.js';
import { REF } from './references.js';

/** Tools whose definition differs between two lists (by the pinning hash), and tools only in one. */
export function differences(a: Tool[], b: Tool[]): string[] {
  const before = new Map(a.map((t) => [t.name, toolHash(t)]));
  const after = new Map(b.map((t) => [t.name, toolHash(t)]));
  const out: string[] = [];
  for (const [name, hash] of before) {
    if (!after.has(name)) out.push(`\`${name}\` disappeared`);
    else if (after.get(name) !== hash) out.push(`\`${name}\` changed`);
  }
  for (const name of after.keys()) if (!before.has(name)) out.push(`\`${name}\` appeared`);
  return out;
}

/** Tools listed in both whose definition differs (tools that come or go after a call may be legitimate). */
function changed(a: Tool[], b: Tool[]): string[] {
  const after = new Map(b.map((t) => [t.name, toolHash(t)]));
  return a.filter((t) => after.has(t.name) && after.get(t.name) !== toolHash(t)).map((t) => `\`${t.name}\``);
}

/** `lookup ×3, add` for the calls made before a list. */
function callsShown(calls: string[]): string {
  const runs: [string, number][] = [];
  for (const name of calls) {
    const last = runs.at(-1);
    if (last?.[0] === name) last[1] += 1;
    else runs.push([name, 1]);
  }
  return runs.map(([name, n]) => (n > 1 ? `\`${name}\` ×${n}` : `\`${name}\``)).join(', ');
}

export const check = defineCheck({
  meta: {
    id: 'TOOL-010',
    title: 'Tool definitions change within a session (rug pull)',
    family: 'tools',
    severity: 'high',
    owasp: 'MCP03',
    cwe: ['CWE-494', 'CWE-1427'],
    references: [REF.toolPoisoning, REF.toolSecurity],
    description:
      'Listed twice in the same session, with nothing called in between, the tools were not the same; or, with ' +
      '`--exercise N`, a tool was defined differently after the scanner had called read-only tools. A server ' +
      'that changes definitions after they were reviewed (a "rug pull"), at once or only after some use, can ' +
      'swap a harmless description for a poisoned one once the user has approved it. Pin tools ' +
      '(`mcpshield proxy --pins`) to block changes.',
    remediation: {
      text: 'Keep tool definitions stable; announce real changes with `notifications/tools/list_changed` and a new version.',
      language: 'bash',
      example: `mcpshield proxy --policy policy.yaml --pins ~/.mcpshield/pins -- node server.js`,
    },
  },
  run(s): Hit[] {
    const hits: Hit[] = [];
    const diff = s.toolsRelisted ? differences(s.tools, s.toolsRelisted) : [];
    if (diff.length)
      hits.push({ location: 'tools/list', evidence: `second list: ${diff.slice(0, 5).join(', ')}` });
    // After calls: the first list with a changed definition, against the tools as listed before any call.
    const before = s.toolsRelisted ?? s.tools;
    for (const after of s.toolsAfterCalls ?? []) {
      const names = changed(before, after.tools);
      if (names.length === 0) continue;
      hits.push({
        location: 'tools/list',
        evidence: `after calling ${callsShown(after.calls)}: ${names.slice(0, 5).join(', ')} changed`,
      });
      break;
    }
    return hits;
  },
});
