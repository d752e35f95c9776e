import type { Finding } from '../detectors/types.js';
import { toolArguments, toolName, type McpEvent, type Phase } from '../protocol/event.js';
import type { CompiledDetector, CompiledRule, PolicyIR, RateLimitSpec } from './ir.js';

/** A finding as a decision reports it: which action the policy took on it. */
export type DecisionFinding = Finding & { action: 'deny' | 'redact' | 'log' };

/**
 * The answer for one exchange. `decision`, `rules`, `findings` and `result` are a fixed contract
 * (shared/design/CONTRACTS.md); the other fields are additions.
 */
export type Decision = {
  decision: 'allow' | 'deny';
  /** Ids behind the decision: `rules[N]`, `default`, `sessions[N]`, `detectors.ID`, `method`, `invalid`. */
  rules: string[];
  findings: DecisionFinding[];
  /** The result as the client receives it (after redaction); only when the event had one and it is allowed. */
  result?: unknown;
  /** What the rules alone said, before detectors. */
  rule: string;
  /** Set when the deciding rule says `approve`: a person must approve; without one, the call is denied. */
  approval_required?: true;
  /** Set when the deciding rule says `approve` and a person did (`DecideOptions.approved`). */
  approved?: true;
  /** The matched rule's declared rate limit, for the gateway to enforce. */
  rate_limit?: RateLimitSpec;
  /** The rule's message for the client, when it set one. */
  message?: string;
};

/** Steps of an evaluation, for `policy explain`. Only collected when a trace array is passed. */
export type TraceStep =
  | { kind: 'session'; id: string; label?: string; outcome: 'matched' | 'skipped'; reason: string }
  | { kind: 'rule'; id: string; label?: string; outcome: 'matched' | 'skipped'; reason: string }
  | { kind: 'default'; id: 'default'; decision: 'allow' | 'deny' }
  | { kind: 'method'; method: string; reason: string }
  | { kind: 'detector'; id: string; phase: Phase; action: string; findings: number; error?: string };

export type DecideOptions = {
  /** The request was judged already, on its way in (a gateway): with a result, run only the response
   * phase's detectors. Rules are evaluated again either way (they are cheap and say which rule stands). */
  requestJudged?: boolean;
  /** A person approved this call: a rule's `approve` counts as `allow` (detectors still judge). */
  approved?: boolean;
};

/** Decide one exchange. Pure and deterministic: no I/O, no clock; same IR and event, same decision. */
export function decide(ir: PolicyIR, ev: McpEvent, opts?: DecideOptions): Decision {
  return evaluate(ir, ev, undefined, opts);
}

export function evaluate(
  ir: PolicyIR,
  ev: McpEvent,
  trace: TraceStep[] | undefined,
  opts?: DecideOptions,
): Decision {
  try {
    return evaluateUnsafe(
      ir,
      ev,
      trace,
      opts?.requestJudged === true && ev.result !== undefined,
      opts?.approved === true,
    );
  } catch (e) {
    // Fail closed: an engine bug must never let a message through.
    return {
      decision: 'deny',
      rules: ['internal-error'],
      rule: 'internal-error',
      findings: [
        {
          detector: 'engine',
          severity: 'high',
          kind: 'internal-error',
          action: 'deny',
          message: `the engine failed and denied the message (fail closed): ${oneLine(e)}`,
        },
      ],
    };
  }
}

function evaluateUnsafe(
  ir: PolicyIR,
  ev: McpEvent,
  trace: TraceStep[] | undefined,
  skipRequest: boolean,
  approved: boolean,
): Decision {
  const method = ev.method;
  const hasResult = ev.result !== undefined;
  let ruleId: string;
  let ruleDecision: 'allow' | 'deny' | 'approve';
  let matched: CompiledRule | undefined;
  const tool = toolName(ev);

  if (method === 'tools/call') {
    if (tool === undefined) {
      return {
        decision: 'deny',
        rules: ['invalid'],
        rule: 'invalid',
        findings: [],
        message: 'tools/call without a tool name',
      };
    }
    const args = toolArguments(ev);
    const session = sessionRule(ir, ev, tool, trace);
    if (session) {
      ruleId = session;
      ruleDecision = 'deny';
    } else {
      matched = firstMatchingRule(ir, ev.server, tool, args, trace);
      ruleId = matched ? matched.id : 'default';
      ruleDecision = matched ? matched.decision : ir.default;
      if (!matched) trace?.push({ kind: 'default', id: 'default', decision: ir.default });
    }
  } else {
    ruleId = 'method';
    ruleDecision = 'allow';
    trace?.push({
      kind: 'method',
      method,
      reason: 'rules apply to tools/call; other methods are judged by detectors',
    });
  }

  const findings: DecisionFinding[] = [];
  const denied: string[] = [];
  const rewrote: string[] = [];
  let result = ev.result;

  const runPhase = (phase: Phase) => {
    const input = { phase, method, server: ev.server, tool, params: ev.params ?? {}, result };
    for (const d of detectorsFor(ir, phase, method)) {
      let out;
      try {
        out = d.run(input);
      } catch (e) {
        trace?.push({ kind: 'detector', id: d.id, phase, action: d.action, findings: 1, error: oneLine(e) });
        findings.push({
          detector: d.id,
          severity: 'high',
          kind: 'internal-error',
          action: 'deny',
          message: `detector failed and the message was denied (fail closed): ${oneLine(e)}`,
        });
        pushOnce(denied, d.id);
        continue;
      }
      trace?.push({ kind: 'detector', id: d.id, phase, action: d.action, findings: out.findings.length });
      if (out.findings.length === 0) continue;
      for (const f of out.findings) findings.push({ ...f, action: d.action });
      if (d.action === 'deny') pushOnce(denied, d.id);
      else if (d.action === 'redact' && out.result !== undefined && phase === 'response') {
        result = out.result;
        input.result = result;
        pushOnce(rewrote, d.id);
      }
    }
  };
  if (!skipRequest) runPhase('request');
  if (hasResult) runPhase('response');

  const allowedByRules = ruleDecision === 'allow' || (ruleDecision === 'approve' && approved);
  const decision: Decision = {
    decision: allowedByRules && denied.length === 0 ? 'allow' : 'deny',
    rules: [],
    findings,
    rule: ruleId,
  };
  if (denied.length > 0) {
    decision.rules = allowedByRules ? denied.map(detectorRef) : [ruleId, ...denied.map(detectorRef)];
  } else {
    decision.rules = [ruleId, ...rewrote.map(detectorRef)];
  }
  if (ruleDecision === 'approve') {
    if (approved) decision.approved = true;
    else decision.approval_required = true;
  }
  if (matched?.rateLimit) decision.rate_limit = matched.rateLimit;
  if (matched?.message && decision.decision === 'deny') decision.message = matched.message;
  if (decision.decision === 'allow' && hasResult) decision.result = result;
  return decision;
}

function detectorRef(id: string): string {
  return `detectors.${id}`;
}

function pushOnce(list: string[], id: string): void {
  if (!list.includes(id)) list.push(id);
}

function firstMatchingRule(
  ir: PolicyIR,
  server: string,
  tool: string,
  args: unknown,
  trace: TraceStep[] | undefined,
): CompiledRule | undefined {
  for (const r of ir.rules) {
    if (!r.matchServer(server)) {
      trace?.push(skip(r, `server \`${server}\` does not match \`${r.server}\``));
      continue;
    }
    if (!r.matchTool(tool)) {
      trace?.push(skip(r, `tool \`${tool}\` does not match \`${r.tool}\``));
      continue;
    }
    let failure: string | undefined;
    for (const c of r.checks) {
      failure = c.check(args);
      if (failure) {
        failure = `${c.name}: ${failure}`;
        break;
      }
    }
    if (failure) {
      trace?.push(skip(r, failure));
      continue;
    }
    trace?.push({
      kind: 'rule',
      id: r.id,
      label: r.label,
      outcome: 'matched',
      reason: r.checks.length
        ? `server, tool and ${r.checks.map((c) => c.name).join(', ')} hold`
        : 'server and tool match',
    });
    return r;
  }
  return undefined;
}

function skip(r: CompiledRule, reason: string): TraceStep {
  return { kind: 'rule', id: r.id, label: r.label, outcome: 'skipped', reason };
}

function sessionRule(
  ir: PolicyIR,
  ev: McpEvent,
  tool: string,
  trace: TraceStep[] | undefined,
): string | undefined {
  if (ir.sessions.length === 0) return undefined;
  const calls = ev.session?.calls ?? [];
  for (const s of ir.sessions) {
    if (!s.deny.matchServer(ev.server) || !s.deny.matchTool(tool)) continue;
    const earlier = calls.find(
      (c) =>
        s.after.matchServer(c.server) &&
        s.after.matchTool(c.tool) &&
        (s.after.detector === undefined || (c.detectors ?? []).includes(s.after.detector)),
    );
    if (earlier) {
      trace?.push({
        kind: 'session',
        id: s.id,
        label: s.label,
        outcome: 'matched',
        reason: `an earlier call to \`${earlier.server}/${earlier.tool}\` in this session forbids \`${tool}\``,
      });
      return s.id;
    }
    trace?.push({
      kind: 'session',
      id: s.id,
      label: s.label,
      outcome: 'skipped',
      reason: 'no earlier call triggers it',
    });
  }
  return undefined;
}

/** Detectors that look at this method in this phase, computed once per (phase, method). */
export function detectorsFor(ir: PolicyIR, phase: Phase, method: string): CompiledDetector[] {
  const plan = ir.plan[phase];
  let list = plan.get(method);
  if (!list) {
    list = ir.detectors.filter(
      (d) =>
        d.meta.phases.includes(phase) && (d.meta.methods.includes('*') || d.meta.methods.includes(method)),
    );
    if (plan.size < 128) plan.set(method, list);
  }
  return list;
}

function oneLine(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  const line = s.split('\n')[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
