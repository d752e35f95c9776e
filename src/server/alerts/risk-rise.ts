import type { ReportRule } from './rule.js';

/** A known server whose score rises by more than this many points is raised. */
export const RISE_POINTS = 10;

export const riskRise: ReportRule = {
  on: 'report',
  meta: {
    id: 'risk-rise',
    summary: `a known server's score rises by more than ${RISE_POINTS} points`,
  },
  create: () => (facts) =>
    facts.servers
      .filter(
        ({ server, previousScore }) =>
          previousScore !== null && server.riskScore - previousScore > RISE_POINTS,
      )
      .map(({ server, previousScore }) => ({
        kind: 'risk-rise',
        severity:
          server.riskLevel === 'critical' ? 'critical' : server.riskLevel === 'high' ? 'high' : 'medium',
        title: `MCP server \`${server.name}\` on ${facts.agent.hostname} rose from ${previousScore} to ${server.riskScore}`,
        details: {
          server: server.name,
          client: server.client,
          hostname: facts.agent.hostname,
          from: previousScore,
          to: server.riskScore,
          level: server.riskLevel,
          factors: server.riskFactors,
        },
        serverId: server.id,
        // One alert per score reached: a replayed report reaches the same score and raises nothing new.
        dedupKey: `risk-rise:${server.id}:${server.riskScore}`,
      })),
};
