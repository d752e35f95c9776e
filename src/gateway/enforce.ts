import type { SessionView } from '../protocol/event.js';
import { ErrorCode } from '../protocol/jsonrpc.js';
import { decide, type Decision } from '../policy/decide.js';
import type { PolicyIR } from '../policy/ir.js';
import { toolAllowed } from '../policy/visibility.js';
import { auditEvent, nullSink, type AuditSink } from './audit.js';
import type { FlowContext, Middleware } from './pipeline.js';
import type { PinStore } from './pins.js';
import type { RateLimiter } from './rate-limit.js';

/** The policy in force; hot reload swaps `ir` between two messages. */
export type PolicyHolder = { ir: PolicyIR };

/** Error codes the gateway answers with, besides the JSON-RPC ones. */
export const GatewayError = {
  PolicyDenied: ErrorCode.PolicyDenied,
  RateLimited: -32005,
  UpstreamUnavailable: -32010,
} as const;

const LISTS: Record<string, string> = {
  'tools/list': 'tools',
  'prompts/list': 'prompts',
  'resources/list': 'resources',
  'resources/templates/list': 'resourceTemplates',
};
const ITEM_PATH = /^result\.(tools|prompts|resources|resourceTemplates)\[(\d+)\]/;

/**
 * What a session remembers for session rules ("after a sensitive read, no egress tool"): its last `max`
 * calls. The view is read synchronously by the engine, so the list is kept in place.
 */
export class SessionMemory {
  private readonly calls: SessionView['calls'][number][] = [];
  private readonly snapshot: SessionView = { calls: this.calls };
  constructor(private readonly max = 200) {}
  view(): SessionView {
    return this.snapshot;
  }
  record(server: string, tool: string, detectors: readonly string[]): void {
    this.calls.push({ server, tool, detectors });
    if (this.calls.length > this.max) this.calls.shift();
  }
}

/**
 * Asks a person to approve a call that a rule marked `decision: approve` (the session asks its client
 * with an elicitation request). `unavailable`: nobody can be asked, and the call is denied.
 */
export type Approver = (ctx: FlowContext, d: Decision) => Promise<'approved' | 'declined' | 'unavailable'>;

function denial(d: Decision): string {
  const ids = d.rules.join(', ');
  if (d.approval_required)
    return `requires approval by policy (${ids}); the client cannot be asked (no elicitation support)`;
  return d.message ? `${d.message} (${ids})` : `denied by policy (${ids})`;
}

/**
 * The engine on both ways: requests judged before they reach the server, results judged (redaction,
 * prompt injection) before they reach the client, lists filtered to what policy allows with poisoned
 * items removed. Rate limits declared by rules are taken here.
 */
export function policyMiddleware(
  policy: PolicyHolder,
  limiter: RateLimiter,
  memory: SessionMemory,
  approver?: Approver,
): Middleware {
  return async (ctx, next) => {
    if (ctx.phase === 'request') {
      const event = {
        server: ctx.server,
        method: ctx.method,
        params: ctx.params,
        client: ctx.client,
        session: memory.view(),
      };
      let d = decide(policy.ir, event);
      ctx.event = event;
      ctx.decision = d;
      // Approval lifts the rule's `approve`, never a detector's denial.
      const approvable = d.approval_required && !d.findings.some((f) => f.action === 'deny');
      if (d.decision === 'deny' && approvable && approver) {
        const answer = await approver(ctx, d);
        if (answer === 'approved') {
          d = decide(policy.ir, event, { approved: true });
          ctx.decision = d;
          ctx.notes.push({ kind: 'approved', message: `approved by the user (${d.rule})`, tool: ctx.tool });
        } else if (answer === 'declined') {
          ctx.notes.push({ kind: 'declined', message: `declined by the user (${d.rule})`, tool: ctx.tool });
          ctx.reply = {
            code: GatewayError.PolicyDenied,
            message: `declined by the user (${d.rules.join(', ')})`,
          };
          return next();
        }
      }
      if (d.decision === 'deny') {
        ctx.reply = { code: GatewayError.PolicyDenied, message: denial(d) };
        return next();
      }
      const limit = d.rate_limit;
      if (limit) {
        const by =
          limit.by === 'client'
            ? ctx.client
            : limit.by === 'server'
              ? ctx.server
              : limit.by === 'tool'
                ? `${ctx.server}/${ctx.tool}`
                : '';
        if (!(await limiter.take(`${d.rule}|${limit.by}:${by}`, limit.requests, limit.windowMs))) {
          ctx.reply = {
            code: GatewayError.RateLimited,
            message: `rate limit of ${limit.requests} per ${limit.per} reached (${d.rule})`,
          };
          ctx.notes.push({
            kind: 'rate-limited',
            message: `${limit.requests} per ${limit.per} by ${limit.by}`,
            tool: ctx.tool,
          });
        }
      }
      return next();
    }
    if (ctx.upstreamError !== undefined) return next();
    const list = LISTS[ctx.method];
    if (list && ctx.method === 'tools/list') ctx.result = hideDeniedTools(ctx, policy.ir);
    // The request was judged on its way in: only the response phase's detectors run now.
    const judge = () =>
      decide(
        policy.ir,
        {
          server: ctx.server,
          method: ctx.method,
          params: ctx.params,
          client: ctx.client,
          result: ctx.result,
        },
        // An approval given on the way in stands for the answer.
        { requestJudged: true, approved: ctx.requestDecision?.approved === true },
      );
    let d = judge();
    if (d.decision === 'deny' && list && droppable(d)) {
      ctx.result = dropItems(ctx, d);
      d = judge();
    }
    ctx.decision = d;
    if (d.decision === 'deny') {
      ctx.reply = {
        code: GatewayError.PolicyDenied,
        message: `the server's answer was withheld by policy (${d.rules.join(', ')})`,
      };
      ctx.notes.push({
        kind: 'result-withheld',
        message: d.findings.map((f) => f.message).join('; '),
        tool: ctx.tool,
      });
    } else if (d.result !== undefined) {
      ctx.result = d.result;
    }
    if (ctx.method === 'tools/call' && ctx.tool !== undefined)
      memory.record(ctx.server, ctx.tool, [...new Set(d.findings.map((f) => f.detector))]);
    return next();
  };
}

function hideDeniedTools(ctx: FlowContext, ir: PolicyIR): unknown {
  const result = ctx.result as { tools?: unknown } | undefined;
  if (!result || !Array.isArray(result.tools)) return ctx.result;
  const kept = result.tools.filter((t) => {
    const name = (t as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || toolAllowed(ir, ctx.server, name)) return true;
    ctx.notes.push({ kind: 'list-filtered', message: 'denied by policy rules', tool: name });
    return false;
  });
  return kept.length === result.tools.length ? result : { ...result, tools: kept };
}

/** A list denied only by findings that name an item can be answered without those items. */
function droppable(d: Decision): boolean {
  const denying = d.findings.filter((f) => f.action === 'deny');
  return denying.length > 0 && denying.every((f) => f.path !== undefined && ITEM_PATH.test(f.path));
}

function dropItems(ctx: FlowContext, d: Decision): unknown {
  const drop = new Map<string, Set<number>>();
  for (const f of d.findings) {
    const m = f.action === 'deny' && f.path ? ITEM_PATH.exec(f.path) : null;
    if (!m) continue;
    const set = drop.get(m[1]!) ?? new Set<number>();
    set.add(Number(m[2]));
    drop.set(m[1]!, set);
  }
  const result = { ...(ctx.result as Record<string, unknown>) };
  for (const [key, indexes] of drop) {
    const items = result[key];
    if (!Array.isArray(items)) continue;
    result[key] = items.filter((item, i) => {
      if (!indexes.has(i)) return true;
      const name = (item as { name?: unknown } | null)?.name;
      const why = d.findings
        .filter((f) => f.path?.startsWith(`result.${key}[${i}]`))
        .map((f) => `${f.detector}: ${f.message}`);
      ctx.notes.push({
        kind: 'list-filtered',
        message: why.join('; '),
        tool: typeof name === 'string' ? name : undefined,
      });
      return false;
    });
  }
  return result;
}

/** Tool pinning: changed definitions are taken out of `tools/list` and their calls refused. */
export function pinMiddleware(pins: PinStore): Middleware {
  return async (ctx, next) => {
    if (ctx.phase === 'request') {
      if (ctx.method === 'tools/call' && ctx.tool !== undefined && pins.blocked(ctx.server, ctx.tool)) {
        ctx.reply = {
          code: GatewayError.PolicyDenied,
          message: `tool \`${ctx.tool}\` changed since it was pinned and is blocked until approved (mcpshield pins approve)`,
        };
        ctx.notes.push({ kind: 'pin-blocked', message: 'definition changed since pinned', tool: ctx.tool });
        return;
      }
      return next();
    }
    // Before the policy: a changed tool is a rug pull even when its new description is also poisoned.
    const result = ctx.result as { tools?: unknown } | undefined;
    if (
      ctx.method === 'tools/list' &&
      ctx.upstreamError === undefined &&
      result &&
      Array.isArray(result.tools)
    ) {
      const check = pins.check(ctx.server, result.tools);
      for (const name of check.pinned)
        ctx.notes.push({ kind: 'pinned', message: 'first seen, pinned', tool: name });
      for (const c of check.changed)
        ctx.notes.push({
          kind: 'rug-pull',
          message: `definition changed from ${c.from.slice(0, 19)} to ${c.to.slice(0, 19)}; blocked until approved`,
          tool: c.name,
        });
      if (check.changed.length) ctx.result = { ...result, tools: check.tools };
    }
    return next();
  };
}

/**
 * The audit record, outermost: every `tools/call` (denied on the way in, or answered), and any other
 * exchange the gateway changed, refused or found something in.
 */
export function auditMiddleware(sink: AuditSink, shapeOnly: boolean): Middleware {
  if (sink === nullSink) return (_ctx, next) => next();
  return async (ctx, next) => {
    await next();
    const interesting =
      (ctx.method === 'tools/call' && (ctx.phase === 'response' || ctx.reply !== undefined)) ||
      ctx.reply !== undefined ||
      ctx.notes.length > 0 ||
      (ctx.decision?.findings.length ?? 0) > 0;
    if (interesting) await sink.write(auditEvent(ctx, shapeOnly));
  };
}
