import type { ReportRule } from './rule.js';

/** A server first reported with a score at or above this is worth a look at once. */
export const RISKY_SCORE = 60;

export const newRiskyServer: ReportRule = {
  on: 'report',
  meta: {
    id: 'new-risky-server',
    summary: `a server seen for the first time scores ${RISKY_SCORE} or more`,
  },
  create: () => (facts) =>
    facts.servers
      .filter(({ server, previousScore }) => previousScore === null && server.riskScore >= RISKY_SCORE)
      .map(({ server }) => ({
        kind: 'new-risky-server',
        severity: server.riskLevel === 'critical' ? 'critical' : 'high',
        title: `New MCP server \`${server.name}\` on ${facts.agent.hostname} scores ${server.riskScore}`,
        details: {
          server: server.name,
          client: server.client,
          hostname: facts.agent.hostname,
          score: server.riskScore,
          level: server.riskLevel,
          factors: server.riskFactors,
        },
        serverId: server.id,
        dedupKey: `new-risky-server:${server.id}`,
      })),
};
