import type { Agent, AuditEventInput, McpServer, NewAlert } from '../../store/index.js';
import type { ServerFlags } from '../inventory/flags.js';

/** What an agent's report stored: each server with its score before the report and its flags. */
export type ReportFacts = {
  agent: Agent;
  servers: { server: McpServer; previousScore: number | null; flags: ServerFlags }[];
};

/** Decisions just stored for one organisation (ingest, inspect), as the bus carries them. */
export type AuditFacts = { orgId: string; projectId: string | null; events: AuditEventInput[] };

/** An alert a rule asks for; `dedupKey` names what it is about, so an open one is never raised twice. */
export type Candidate = NewAlert & { dedupKey: string };

type Meta = {
  /** The alert's `kind`, stable across releases. */
  id: string;
  summary: string;
};

/**
 * An alert rule is data plus a function: `meta`, what it looks at (`on`: an agent's report, or decisions
 * stored), and `create()` making the check, once per server process, so a rule may keep state (the burst
 * rule keeps its windows).
 */
export type ReportRule = { meta: Meta; on: 'report'; create(): (facts: ReportFacts) => Candidate[] };
export type AuditRule = { meta: Meta; on: 'audit'; create(): (facts: AuditFacts) => Candidate[] };
export type AlertRule = ReportRule | AuditRule;
