import { compile, PolicyError, type CompileResult } from '../policy/index.js';
import { ApiError } from './errors.js';

/** The policy a new project starts with: everything allowed that no detector objects to. */
export const STARTER_POLICY = `version: 1
name: starter
# Every call is allowed unless a detector objects; add rules, or set \`default: deny\` and list what is allowed.
default: allow
detectors:
  ssrf: deny
  path_traversal: deny
  sensitive_paths: deny
  command_injection: deny
  prompt_injection: deny
  tool_poisoning: deny
  secrets: redact
`;

/**
 * The policy compiled, or a 422 naming the first error's line and column (`line`, `column`, `field` =
 * the policy path, `reason`), with every error under `details`.
 */
export function compileOrReject(yaml: string): CompileResult {
  try {
    return compile(yaml);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    const details = err.diagnostics.map((d) => ({
      field: d.path,
      reason: d.message,
      line: d.line ?? null,
      column: d.column ?? null,
      ...(d.hint ? { hint: d.hint } : {}),
    }));
    const first = details[0] ?? { field: '(policy)', reason: err.message, line: null, column: null };
    const where = first.line ? `line ${first.line}, column ${first.column}: ` : '';
    throw new ApiError(422, 'invalid_policy', `${where}${first.reason}`, { ...first, details });
  }
}
