import type { Decision } from './decide.js';

/**
 * A decision in the machine-readable contract's shape (`mcpshield inspect --jsonl`, `POST /v1/inspect`):
 * the contract's fields first, in its order (decision, rules, findings, result), additions after.
 */
export function contractShape(d: Decision): Record<string, unknown> {
  const { decision, rules, findings, result, ...rest } = d;
  return result === undefined
    ? { decision, rules, findings, ...rest }
    : { decision, rules, findings, result, ...rest };
}
