import type { PolicyIR } from './ir.js';

/**
 * Can any call of `tool` on `server` be allowed by the rules? A gateway hides from `tools/list` the tools
 * that rules deny whatever the arguments: the first rule for the tool without conditions decides; a rule
 * with conditions may or may not match, so an allowing one makes the tool visible and a denying one is
 * passed over. Detectors judge arguments at call time and do not hide tools.
 */
export function toolAllowed(ir: PolicyIR, server: string, tool: string): boolean {
  for (const r of ir.rules) {
    if (!r.matchServer(server) || !r.matchTool(tool)) continue;
    if (r.decision !== 'deny') return true;
    if (r.checks.length === 0) return false;
  }
  return ir.default === 'allow';
}
