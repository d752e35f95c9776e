import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Middleware } from './pipeline.js';

/**
 * Prometheus metrics of one gateway process: messages judged, decisions by outcome and by the rule or
 * detector behind them, judging and round-trip latency, sessions and upstream health. Served at
 * `/metrics` by the HTTP front.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly messages = new Counter({
    name: 'mcpshield_messages_total',
    help: 'Messages judged, by phase and method',
    labelNames: ['phase', 'method'] as const,
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'mcpshield_decisions_total',
    help: 'Decisions, by outcome and by the rule or detector ids behind them',
    labelNames: ['phase', 'decision', 'rule'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'mcpshield_request_duration_seconds',
    help: 'From a client request to its answer, as the gateway sees it',
    labelNames: ['method', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly sessions = new Gauge({
    name: 'mcpshield_sessions',
    help: 'Open client sessions',
    registers: [this.registry],
  });
  readonly upstreamExits = new Counter({
    name: 'mcpshield_upstream_exits_total',
    help: 'Upstream servers that ended (crashed, exited or failed to start)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'mcpshield_process_' });
  }

  /** Outermost middleware: counts every message and decision and times every exchange. */
  middleware(): Middleware {
    return async (ctx, next) => {
      await next();
      const method = ctx.method.length <= 64 ? ctx.method : 'other'; // bounded label values
      this.messages.inc({ phase: ctx.phase, method });
      const d = ctx.decision;
      const refused = ctx.reply !== undefined && ctx.upstreamError === undefined;
      const decision = refused || d?.decision === 'deny' ? 'deny' : 'allow';
      if (d)
        this.decisions.inc({ phase: ctx.phase, decision, rule: d.rules.join(',').slice(0, 120) || 'none' });
      const done = ctx.phase === 'response' || refused;
      if (done)
        this.latency.observe(
          { method, outcome: ctx.upstreamError ? 'upstream-error' : decision },
          (performance.now() - ctx.started) / 1000,
        );
    };
  }
}
