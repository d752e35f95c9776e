import type { DetectorMeta, DetectorRun } from '../detectors/types.js';
import type { Phase } from '../protocol/event.js';
import type { ArgCheck } from './args.js';
import type { Condition } from './conditions.js';
import type { NameMatcher } from './glob.js';
import type { Policy } from './schema.js';

/** The compiled form of a policy: everything `decide()` needs, prepared once. */
export type PolicyIR = {
  name: string | undefined;
  default: 'allow' | 'deny';
  rules: CompiledRule[];
  sessions: CompiledSessionRule[];
  /** Active detectors (action not `off`) in run order. */
  detectors: CompiledDetector[];
  /** The validated source, defaults filled. */
  policy: Policy;
  /** Detectors per phase and method, filled on first use (a cache: decide stays deterministic). */
  plan: Record<Phase, Map<string, CompiledDetector[]>>;
};

export type CompiledRule = {
  /** `rules[N]`: the id decisions carry. */
  id: string;
  label: string | undefined;
  server: string;
  tool: string;
  matchServer: NameMatcher;
  matchTool: NameMatcher;
  decision: 'allow' | 'deny' | 'approve';
  checks: { name: 'path_prefix' | 'allowed_domains' | 'args'; check: Condition | ArgCheck }[];
  rateLimit: RateLimitSpec | undefined;
  message: string | undefined;
};

export type RateLimitSpec = {
  requests: number;
  per: 'second' | 'minute' | 'hour' | 'day';
  windowMs: number;
  by: 'client' | 'server' | 'tool' | 'global';
};

export type CompiledSessionRule = {
  /** `sessions[N]`. */
  id: string;
  label: string | undefined;
  after: { matchServer: NameMatcher; matchTool: NameMatcher; detector: string | undefined };
  deny: { matchServer: NameMatcher; matchTool: NameMatcher };
};

export type CompiledDetector = {
  id: string;
  action: 'deny' | 'redact' | 'log';
  meta: DetectorMeta;
  run: DetectorRun;
};
