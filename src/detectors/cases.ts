import type { Phase } from '../protocol/event.js';
import type { DetectorInput } from './types.js';

/**
 * One row of a detector's case table. Shorthands: `tool` + `args` build a `tools/call` request;
 * `text` builds a tool result with one text block; `result` is a raw result (response phase).
 */
export type DetectorCase = {
  name?: string;
  method?: string;
  server?: string;
  tool?: string;
  args?: unknown;
  params?: unknown;
  text?: string;
  result?: unknown;
  phase?: Phase;
  /** Attacks: a finding with this kind must be among the findings. */
  kind?: string;
  /** Detector options for this row. */
  options?: Record<string, unknown>;
  /** Redacting detectors: strings that must be gone from the rewritten result. */
  removed?: string[];
};

/** Attacks must be found; benign look-alikes must not. At least 30 of each per detector. */
export type CaseTable = { attacks: DetectorCase[]; benign: DetectorCase[] };

export function caseInput(c: DetectorCase): DetectorInput {
  const method = c.method ?? 'tools/call';
  const tool = c.tool ?? (method === 'tools/call' ? 'tool' : undefined);
  const params = c.params ?? (method === 'tools/call' ? { name: tool, arguments: c.args ?? {} } : {});
  const result =
    c.result ?? (c.text !== undefined ? { content: [{ type: 'text', text: c.text }] } : undefined);
  const phase: Phase = c.phase ?? (result !== undefined ? 'response' : 'request');
  return { phase, method, server: c.server ?? 'server', tool, params, result };
}

export function caseName(c: DetectorCase, i: number): string {
  if (c.name) return c.name;
  const shown = c.text ?? JSON.stringify(c.args ?? c.result ?? c.params ?? null);
  return `#${i} ${shown.length > 80 ? shown.slice(0, 77) + '...' : shown}`;
}
