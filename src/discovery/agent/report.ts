import { randomUUID } from 'node:crypto';
import type { Inventory } from '../types.js';
import type { HostIdentity } from './host.js';
import { spool } from './spool.js';
import { controlPlaneBase } from '../../protocol/control-plane-url.js';

/** An unchanged inventory is reported again after this long, so the control plane knows the agent lives. */
export const HEARTBEAT_MS = 60 * 60 * 1000;
const REQUEST_TIMEOUT_MS = 30_000;

export type ReporterOptions = {
  /** The control plane's base URL (`https://mcpshield.example.com`). */
  controlPlane: string;
  /** A project API key (`mcps_...`). */
  apiKey: string;
  /** Where reports wait while the control plane is away (`$MCPSHIELD_HOME/spool/agent`). */
  spoolDir: string;
  host: HostIdentity;
  agentVersion: string;
  heartbeatMs?: number;
  /** Where problems are told (default: stderr). */
  log?: (line: string) => void;
};

/** What a pass did: reports accepted, reports still waiting, reports refused for good. */
export type PassResult = { sent: number; waiting: number; refused: number };

/** The body of `POST /api/agents/report`. */
export type AgentReportBody = {
  report_id: string;
  host: { hostname: string; os: string; fingerprint: string; agent_version: string };
  inventory: Inventory;
};

/**
 * Sends the agent's inventories to the control plane. Every report is first written to the spool, then
 * the spool is replayed oldest first: accepted reports leave it; when the control plane cannot be reached,
 * answers 5xx or 429, the rest wait for the next pass; any other refusal (a revoked key, a report it
 * cannot read) is told once and dropped, since sending it again would fail the same way.
 */
export function reporter(options: ReporterOptions) {
  const queue = spool(options.spoolDir);
  const log = options.log ?? ((line: string) => process.stderr.write(line));
  const heartbeat = options.heartbeatMs ?? HEARTBEAT_MS;
  const endpoint = `${controlPlaneBase(options.controlPlane)}/api/agents/report`;
  let latest: Inventory | null = null;
  let lastQueued = -Infinity;

  async function enqueue(inventory: Inventory, now: number): Promise<void> {
    const body: AgentReportBody = {
      report_id: randomUUID(),
      host: { ...options.host, agent_version: options.agentVersion },
      inventory,
    };
    const dropped = await queue.put(body);
    if (dropped.length)
      log(`mcpshield agent: spool full, ${dropped.length} oldest report(s) dropped from ${queue.dir}\n`);
    lastQueued = now;
  }

  /** `sent`: accepted; `wait`: try again next pass; `refused`: told and dropped. */
  async function send(body: unknown): Promise<'sent' | 'wait' | 'refused'> {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      return 'wait';
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return 'sent';
    if (res.status >= 500 || res.status === 429) return 'wait';
    const message = (() => {
      try {
        return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        return text;
      }
    })();
    log(`mcpshield agent: the control plane refused a report (${res.status}): ${message.slice(0, 500)}\n`);
    return 'refused';
  }

  return {
    /**
     * One pass: queues `inventory` when it changed (not `null`), or the last one again when nothing was
     * queued for `heartbeatMs`; then replays the spool, oldest first.
     */
    async pass(inventory: Inventory | null, now = Date.now()): Promise<PassResult> {
      if (inventory) latest = inventory;
      if (inventory || (latest && now - lastQueued >= heartbeat)) await enqueue(latest!, now);
      const result: PassResult = { sent: 0, waiting: 0, refused: 0 };
      const names = await queue.list();
      for (const [i, name] of names.entries()) {
        let body: unknown;
        try {
          body = await queue.read(name);
        } catch (err) {
          log(`mcpshield agent: spooled report ${name} is unreadable, dropped: ${(err as Error).message}\n`);
          await queue.remove(name);
          result.refused++;
          continue;
        }
        const outcome = await send(body);
        if (outcome === 'wait') {
          result.waiting = names.length - i;
          break;
        }
        await queue.remove(name);
        result[outcome]++;
      }
      return result;
    },
  };
}

export type Reporter = ReturnType<typeof reporter>;
