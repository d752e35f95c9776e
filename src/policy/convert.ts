import { PolicyError, type Diagnostic } from './diagnostics.js';
import type { PolicyInput } from './schema.js';

/**
 * Simple allow/deny-list formats used by other MCP tools, converted to policy version 1:
 * - `allowed_tools: [...]` with optional `blocked_arg_patterns: [...]`
 * - `allowlisted_tools: [...]` / `denylisted_tools: [...]`
 * Returns undefined when `raw` is not one of them (a version 1 policy, or anything else).
 */
export function convertSimpleFormat(
  raw: unknown,
  at: (key: string) => { line?: number; column?: number } = () => ({}),
): { format: string; policy: PolicyInput; warnings: Diagnostic[] } | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || 'version' in raw) return undefined;
  const o = raw as Record<string, unknown>;
  const names = (key: string): string[] => {
    const v = o[key];
    if (v === undefined) return [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0)) return v as string[];
    throw new PolicyError([
      {
        severity: 'error',
        message: `\`${key}\` must be a list of names`,
        path: key,
        ...at(key),
        hint: `e.g. \`${key}: [read_file]\``,
      },
    ]);
  };

  if ('allowed_tools' in o || 'blocked_arg_patterns' in o) {
    const allowed = names('allowed_tools');
    const blocked = names('blocked_arg_patterns');
    const warnings: Diagnostic[] = [];
    if (blocked.some((p) => /[\\^$.*+?()[\]{}|]/.test(p))) {
      warnings.push({
        severity: 'warning',
        code: 'converted-pattern',
        message:
          '`blocked_arg_patterns` are matched as plain text (case-insensitive), not as regular expressions',
        path: 'blocked_arg_patterns',
        ...at('blocked_arg_patterns'),
        hint: 'write the exact text to block, or use `args` matchers in a version 1 policy',
      });
    }
    const args = blocked.length ? { '*': { not_contains: blocked } } : undefined;
    return {
      format: 'allowed_tools',
      warnings,
      policy: {
        version: 1,
        default: 'deny',
        rules: (allowed.length ? allowed : ['*']).map((tool) => ({
          tool,
          decision: 'allow' as const,
          ...(args ? { args } : {}),
        })),
      },
    };
  }
  if ('allowlisted_tools' in o || 'denylisted_tools' in o) {
    const allow = names('allowlisted_tools');
    const deny = names('denylisted_tools');
    return {
      format: 'allowlisted_tools',
      warnings: [],
      policy: {
        version: 1,
        default: allow.length ? 'deny' : 'allow',
        rules: [
          ...deny.map((tool) => ({ tool, decision: 'deny' as const })),
          ...allow.map((tool) => ({ tool, decision: 'allow' as const })),
        ],
      },
    };
  }
  return undefined;
}
