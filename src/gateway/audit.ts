import { randomUUID } from 'node:crypto';
import { createWriteStream, renameSync, statSync, type WriteStream } from 'node:fs';
import { mapStrings } from '../detectors/lib/walk.js';
import { redactSecrets } from '../detectors/secrets.js';
import type { DecisionFinding } from '../policy/decide.js';
import type { FlowContext, GatewayNote } from './pipeline.js';

/** One decision of the gateway, as the audit trail keeps it (one JSON line each). */
export type AuditEvent = {
  id: string;
  time: string;
  client: string;
  server: string;
  method: string;
  tool?: string;
  /** `request`: judged on the way in (a denial); `response`: the whole exchange, answered. */
  phase: 'request' | 'response';
  decision: 'allow' | 'deny';
  rules: string[];
  findings: DecisionFinding[];
  notes?: GatewayNote[];
  /** From the client's request to this decision. */
  latency_ms: number;
  /** Tool arguments with secrets redacted, or their shape only (`--audit-shape`). */
  arguments?: unknown;
  /** The upstream answered with an error. */
  upstream_error?: { code: number; message: string };
};

/**
 * Where audit events go. `write` resolves once the sink has taken the event: a slow sink slows the
 * gateway down (back-pressure) rather than dropping anything. The control plane's sink plugs in here.
 */
export interface AuditSink {
  write(event: AuditEvent): Promise<void>;
  close(): Promise<void>;
}

/** Events dropped nowhere: for a gateway run without `--audit`. */
export const nullSink: AuditSink = { write: () => Promise.resolve(), close: () => Promise.resolve() };

/** Every event to each of `sinks` (a file and the control plane); `write` waits for all of them. */
export function teeSink(sinks: AuditSink[]): AuditSink {
  if (sinks.length === 0) return nullSink;
  if (sinks.length === 1) return sinks[0]!;
  return {
    write: async (event) => void (await Promise.all(sinks.map((s) => s.write(event)))),
    close: async () => void (await Promise.all(sinks.map((s) => s.close()))),
  };
}

/** Secrets in every string replaced by `[REDACTED:kind]`. */
export function redactedArguments(args: unknown): unknown {
  return mapStrings(args, (s) => redactSecrets(s).text, 'arguments');
}

/** Types and lengths only: `{"path": "string(12)"}`. */
export function argumentShape(args: unknown): unknown {
  return mapStrings(args, (s) => `string(${s.length})`, 'arguments');
}

export function auditEvent(ctx: FlowContext, shapeOnly: boolean): AuditEvent {
  const d = ctx.decision;
  const denied = ctx.reply !== undefined && ctx.upstreamError === undefined;
  const event: AuditEvent = {
    id: randomUUID(),
    time: new Date().toISOString(),
    client: ctx.client,
    server: ctx.server,
    method: ctx.method,
    phase: ctx.phase,
    decision: denied || d?.decision === 'deny' ? 'deny' : 'allow',
    rules: d?.rules ?? [],
    findings: [...(ctx.requestDecision?.findings ?? []), ...(d?.findings ?? [])],
    latency_ms: Math.round((performance.now() - ctx.started) * 1000) / 1000,
  };
  if (ctx.tool !== undefined) event.tool = ctx.tool;
  if (ctx.notes.length) event.notes = ctx.notes;
  if (ctx.method === 'tools/call') {
    const args = (ctx.params as { arguments?: unknown } | undefined)?.arguments ?? {};
    event.arguments = shapeOnly ? argumentShape(args) : redactedArguments(args);
  }
  if (ctx.upstreamError)
    event.upstream_error = { code: ctx.upstreamError.code, message: ctx.upstreamError.message };
  return event;
}

/**
 * JSONL file, rotated by size: `audit.jsonl` becomes `audit.jsonl.1` (older ones shift up to `keep`).
 * Writes are queued in order; when the disk is slower than the gateway, `write` waits for `drain`.
 */
export class JsonlAuditSink implements AuditSink {
  private stream: WriteStream;
  private size: number;
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly keep = 5,
  ) {
    this.size = fileSize(path);
    this.stream = this.open();
  }

  private open(): WriteStream {
    const s = createWriteStream(this.path, { flags: 'a', mode: 0o600 });
    s.on('error', (e) => (this.failure = e));
    return s;
  }

  write(event: AuditEvent): Promise<void> {
    const line = `${JSON.stringify(event)}\n`;
    this.chain = this.chain.then(() => this.append(line));
    return this.chain;
  }

  private async append(line: string): Promise<void> {
    if (this.failure) throw new Error(`audit file \`${this.path}\` failed: ${this.failure.message}`);
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) await this.rotate();
    this.size += bytes;
    if (!this.stream.write(line)) await new Promise<void>((r) => this.stream.once('drain', r));
  }

  private async rotate(): Promise<void> {
    await new Promise<void>((r) => this.stream.end(r));
    for (let i = this.keep - 1; i >= 1; i--) tryRename(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    tryRename(this.path, `${this.path}.1`);
    this.size = 0;
    this.stream = this.open();
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await new Promise<void>((r) => this.stream.end(r));
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function tryRename(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // nothing to shift
  }
}
