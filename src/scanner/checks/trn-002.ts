import { defineCheck } from '../types.js';
import { REF } from './references.js';

export const check = defineCheck({
  meta: {
    id: 'TRN-002',
    title: 'Deprecated HTTP+SSE transport',
    family: 'transport',
    severity: 'low',
    owasp: null,
    cwe: ['CWE-477'],
    references: [REF.transports, REF.legacySse],
    description:
      'The server speaks only the HTTP+SSE transport of protocol version 2024-11-05, replaced by Streamable ' +
      'HTTP in 2025-03-26. The legacy transport keeps a long-lived stream per client, has no session ' +
      'termination and no resumption, and new clients drop it.',
    remediation: {
      text: 'Serve Streamable HTTP on one endpoint (keep `/sse` only as a fallback for old clients).',
      language: 'ts',
      example: `import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
await server.connect(transport);
app.all('/mcp', (req, res) => transport.handleRequest(req, res, req.body));`,
    },
  },
  run(s) {
    if (s.transport === 'sse')
      return [
        {
          location: s.url ?? s.target,
          evidence: 'Streamable HTTP failed; the legacy SSE transport answered',
        },
      ];
    const type = s.launch?.entry?.type ?? s.launch?.entry?.transport;
    if (s.transport === 'config' && type === 'sse')
      return [{ location: s.url ?? s.target, evidence: 'the config entry says `"type": "sse"`' }];
    return [];
  },
});
