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
      'Listed twice in the same session, with nothing called in between, the tools were not the same. A server ' +
      'that changes definitions after they were reviewed (a "rug pull") can swap a harmless description for a ' +
      'poisoned one once the user has approved it. Pin tools (`mcpshield proxy --pins`) to block changes.',
    remediation: {
      text: 'Keep tool definitions stable; announce real changes with `notifications/tools/list_changed` and a new version.',
      language: 'bash',
      example: `mcpshield proxy --policy policy.yaml --pins ~/.mcpshield/pins -- node server.js`,
    },
  },
  run(s): Hit[] {
    if (!s.toolsRelisted) return [];
    const diff = differences(s.tools, s.toolsRelisted);
    return diff.length
      ? [{ location: 'tools/list', evidence: `second list: ${diff.slice(0, 5).join(', ')}` }]
      : [];
  },
});
