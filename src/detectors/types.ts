import type { z } from 'zod';
import type { Phase } from '../protocol/event.js';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** What the engine does with a detector's findings. */
export type Action = 'deny' | 'redact' | 'log' | 'off';

/** OWASP MCP Top 10 (2025) categories. */
export type OwaspMcp =
  'MCP01' | 'MCP02' | 'MCP03' | 'MCP04' | 'MCP05' | 'MCP06' | 'MCP07' | 'MCP08' | 'MCP09' | 'MCP10';

/** One thing a detector found. `detector`, `severity` and `message` are a fixed contract. */
export type Finding = {
  detector: string;
  severity: Severity;
  /** One line, lowercase start, user values in backticks. */
  message: string;
  /** Sub-category, stable: e.g. `cloud-metadata`, `github_token`, `reverse-shell`. */
  kind?: string;
  /** Where in the message, e.g. `params.arguments.url` or `result.content[0].text`. */
  path?: string;
};

/** What a detector sees of one exchange. */
export type DetectorInput = {
  phase: Phase;
  method: string;
  server: string;
  /** Tool name for `tools/call`. */
  tool?: string;
  /** Request params (for `tools/call`: `{ name, arguments }`). */
  params: unknown;
  /** The result, in the response phase. */
  result?: unknown;
};

/** Findings, and for redacting detectors the result rewritten (only read when the action is `redact`). */
export type DetectorOutput = { findings: Finding[]; result?: unknown };

export type DetectorRun = (input: DetectorInput) => DetectorOutput;

export type DetectorMeta = {
  id: string;
  title: string;
  /** One paragraph for the docs. */
  description: string;
  /** The severity of its typical finding (findings carry their own). */
  severity: Severity;
  /** Action when the policy does not mention the detector. */
  defaultAction: Exclude<Action, 'off'>;
  /** Actions this detector supports (`off` and `log` always work). */
  actions: readonly Action[];
  /** Phases in which it runs. */
  phases: readonly Phase[];
  /** Methods it looks at; `*` for all. The engine skips it for other methods (pay for what is used). */
  methods: readonly string[];
  references: readonly string[];
  cwe: readonly string[];
  owasp: OwaspMcp;
};

/** A detector: data plus a function. `options` is a zod object schema with defaults for every field. */
export type Detector<S extends z.ZodType = z.ZodType> = {
  meta: DetectorMeta;
  options: S;
  create(options: z.output<S>): DetectorRun;
};

export function defineDetector<S extends z.ZodType>(d: Detector<S>): Detector<S> {
  return d;
}

/** Does this detector look at this method in this phase? */
export function appliesTo(meta: DetectorMeta, phase: Phase, method: string): boolean {
  return meta.phases.includes(phase) && (meta.methods.includes('*') || meta.methods.includes(method));
}
