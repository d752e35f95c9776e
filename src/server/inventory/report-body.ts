import { createHash } from 'node:crypto';
import { z } from 'zod';
import { RISK_LEVELS, type ReportedServer } from '../../store/index.js';

const text = (max: number) => z.string().min(1).max(max);
const names = z.array(z.string().max(256)).max(500);

/** One server of `mcpshield discover --format json` (the contract's fields; unknown ones are dropped). */
const DiscoveredServer = z.object({
  client: text(100),
  configPath: text(4096),
  name: text(256),
  transport: z.enum(['stdio', 'http', 'sse']),
  command: z.string().max(4096).nullable(),
  args: z.array(z.string().max(8192)).max(500),
  url: z.string().max(8192).nullable(),
  /** Names only: discovery never sends values, and an object here (values) is refused. */
  env: names,
  headers: names.optional(),
  scope: z.string().max(50).optional(),
  workspace: z.string().max(4096).nullable().optional(),
  enabled: z.boolean().optional(),
  risk: z.object({
    score: z.number().int().min(0).max(100),
    level: z.enum(RISK_LEVELS),
    factors: z.array(z.object({ id: text(100), points: z.number(), detail: z.string().max(2000) })).max(100),
  }),
});

export type DiscoveredServer = z.infer<typeof DiscoveredServer>;

/** `POST /api/agents/report`: the host and its inventory, exactly as `discover --format json` prints it. */
export const AgentReport = z.object({
  host: z.object({
    hostname: text(255),
    os: text(50),
    fingerprint: text(128),
    agent_version: z.string().max(50).optional(),
  }),
  /** The agent's own id for this report: a report replayed from its spool is applied once. */
  report_id: z
    .string()
    .regex(/^[\w.:-]{8,100}$/, 'must be 8 to 100 letters, digits, `_`, `.`, `:` or `-`')
    .optional(),
  inventory: z.object({
    servers: z.array(DiscoveredServer).max(5000),
    clients: z
      .array(z.object({ client: text(100), configPath: text(4096), status: text(50) }))
      .max(5000)
      .optional(),
    errors: z
      .array(z.object({ configPath: z.string().max(4096), message: z.string().max(2000) }))
      .max(5000)
      .optional(),
  }),
});

export type AgentReport = z.infer<typeof AgentReport>;

/**
 * A server's identity across reports: the host, the client, the config file and the server's name, plus
 * the project folder for per-project entries of a shared file (`~/.claude.json` keeps one `mcpServers` per
 * project, so one file may name two different servers alike).
 */
export function serverFingerprint(
  host: string,
  s: Pick<DiscoveredServer, 'client' | 'configPath' | 'name' | 'workspace'>,
): string {
  const identity = [host, s.client, s.configPath, s.name];
  if (s.workspace) identity.push(s.workspace);
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * What the store keeps of a reported server. The configuration snapshot is what discovery printed:
 * arguments and URLs already masked, env and header names without values.
 */
export function toReportedServer(hostFingerprint: string, s: DiscoveredServer): ReportedServer {
  return {
    fingerprint: serverFingerprint(hostFingerprint, s),
    name: s.name,
    client: s.client,
    transport: s.transport,
    riskScore: s.risk.score,
    riskLevel: s.risk.level,
    riskFactors: s.risk.factors,
    config: {
      configPath: s.configPath,
      command: s.command,
      args: s.args,
      url: s.url,
      env: s.env,
      headers: s.headers ?? [],
      scope: s.scope ?? null,
      workspace: s.workspace ?? null,
      enabled: s.enabled ?? true,
    },
  };
}
