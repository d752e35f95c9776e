import { capabilities, type Capability } from '../lib/capabilities.js';
import type { Tool } from '../snapshot.js';
import { defineCheck } from '../types.js';
import { REF } from './references.js';

/** The tools of a server holding a capability, by name. */
export function toolsWith(tools: Tool[], cap: Capability): string[] {
  return tools.filter((t) => capabilities(t).has(cap)).map((t) => t.name);
}

const list = (names: string[]) =>
  names
    .slice(0, 3)
    .map((n) => `\`${n}\``)
    .join(', ');

export const check = defineCheck({
  meta: {
    id: 'FLOW-001',
    title: 'Toxic flow: untrusted input, private data and an exit in one server',
    family: 'toxic-flows',
    severity: 'high',
    owasp: 'MCP10',
    cwe: ['CWE-200', 'CWE-1427'],
    references: [REF.toxicFlows, REF.securityBestPractices],
    description:
      'One server offers all three legs of the "lethal trifecta": tools that bring untrusted content into the ' +
      'context (web pages, issues, email), tools that read private data (files, databases, secrets), and tools ' +
      'that send data out (email, messages, HTTP requests). A prompt injection in the untrusted content can make ' +
      'the model read the private data and send it away, no vulnerable code needed.',
    remediation: {
      text: 'Split the capabilities into separate servers, or deny the egress tools after private data was read with a gateway policy.',
      language: 'yaml',
      example: `# mcpshield policy: no outbound messages from this server
rules:
  - id: no-egress
    server: assistant
    tool: 'send_*'
    decision: deny`,
    },
  },
  run(s) {
    const untrusted = toolsWith(s.tools, 'untrusted-input');
    const priv = toolsWith(s.tools, 'private-data');
    const egress = toolsWith(s.tools, 'egress');
    if (!untrusted.length || !priv.length || !egress.length) return [];
    return [
      {
        location: 'tools/list',
        evidence: `untrusted input ${list(untrusted)}; private data ${list(priv)}; egress ${list(egress)}`,
      },
    ];
  },
});
