import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

const FLAGS = ['autoApprove', 'alwaysAllow', 'auto_approve', 'autoapprove', 'trust', 'alwaysApprove'];
const ARG_FLAGS = new Set([
  '--dangerously-skip-permissions',
  '--yolo',
  '--auto-approve',
  '--no-confirm',
  '--allow-all-tools',
  '--trust',
]);

export const check = defineCheck({
  meta: {
    id: 'CFG-003',
    title: 'Tool calls approved automatically',
    family: 'configuration',
    severity: 'medium',
    owasp: 'MCP02',
    cwe: ['CWE-862'],
    references: [REF.toolSecurity, REF.securityBestPractices],
    description:
      'The config approves tool calls of this server without asking (`autoApprove`, `alwaysAllow`, ' +
      '`"trust": true`, or a `--dangerously-skip-permissions`-style flag). The spec asks for a human in the ' +
      'loop for tool calls; auto-approval turns any prompt injection into an action. Approving every tool ' +
      '(`*`, `true`) is high.',
    remediation: {
      text: 'Remove auto-approval, or limit it to read-only tools, and enforce the rest with a gateway policy.',
      language: 'json',
      example: `{ "mcpServers": { "docs": { "command": "docs-mcp", "autoApprove": ["search_docs"] } } }`,
    },
  },
  run(s) {
    const l = s.launch;
    if (!l) return [];
    const out: Hit[] = [];
    for (const key of FLAGS) {
      const v = l.entry?.[key];
      if (v === true || v === '*')
        out.push({
          location: key,
          evidence: `\`"${key}": ${JSON.stringify(v)}\` approves every tool`,
          severity: 'high',
        });
      else if (Array.isArray(v) && v.length > 0) {
        const all = v.includes('*');
        out.push({
          location: key,
          evidence: `auto-approves ${v
            .slice(0, 5)
            .map((t) => `\`${String(t)}\``)
            .join(', ')}`,
          severity: all ? 'high' : 'medium',
        });
      }
    }
    l.args.forEach((a, i) => {
      if (ARG_FLAGS.has(a.toLowerCase()))
        out.push({ location: `args[${i}]`, evidence: `\`${a}\``, severity: 'high' });
    });
    return out;
  },
});
