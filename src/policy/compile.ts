import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { detectors as builtinDetectors } from '../detectors/index.js';
import type { Detector } from '../detectors/types.js';
import { compileArgMatchers } from './args.js';
import {
  allowedDomainsCondition,
  canonicalPrefix,
  domainPatternProblem,
  pathPrefixCondition,
} from './conditions.js';
import { convertSimpleFormat } from './convert.js';
import {
  closest,
  formatPath,
  locate,
  PolicyError,
  type Diagnostic,
  type PathSegment,
  withoutExplained,
} from './diagnostics.js';
import { compileGlob, globCovers } from './glob.js';
import type { CompiledDetector, CompiledRule, CompiledSessionRule, PolicyIR, RateLimitSpec } from './ir.js';
import { policySchema, type Policy, type RateLimit } from './schema.js';

export type CompileOptions = {
  /** File name shown in diagnostics. */
  file?: string;
  /** Detector registry (default: the built-in detectors). */
  detectors?: Readonly<Record<string, Detector>>;
};

export type CompileResult = { ir: PolicyIR; warnings: Diagnostic[] };

/**
 * Compile policy source (YAML or JSON) into the IR. Throws `PolicyError` with every error found, each with
 * line, column and a hint; returns warnings for rules that can never match and unknown detectors.
 */
export function compile(source: string, opts: CompileOptions = {}): CompileResult {
  const registry = opts.detectors ?? builtinDetectors;
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (path: PathSegment[], atKey = false) => locate(doc, lines, path, atKey) ?? {};

  if (doc.errors.length > 0) {
    throw new PolicyError(
      doc.errors.map((e) => {
        const lp = lines.linePos(e.pos[0]);
        return {
          severity: 'error',
          message: `invalid yaml: ${firstLine(e.message)}`,
          path: '(source)',
          line: lp.line,
          column: lp.col,
          hint: 'check indentation, quotes and `key: value` pairs around this position',
        };
      }),
    );
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new PolicyError([
      { severity: 'error', message: `invalid yaml: ${firstLine(String(e))}`, path: '(source)' },
    ]);
  }
  if (raw === null || raw === undefined) {
    throw new PolicyError([
      {
        severity: 'error',
        message: 'the policy is empty',
        path: '(top level)',
        hint: 'start with `version: 1`',
      },
    ]);
  }

  const warnings: Diagnostic[] = [];
  const converted = convertSimpleFormat(raw, (key) => at([key], true));
  if (converted) {
    warnings.push({
      severity: 'warning',
      code: 'converted-format',
      message: `converted from the \`${converted.format}\` format to policy version 1`,
      path: '(top level)',
      line: 1,
      column: 1,
      hint: 'run `mcpshield policy convert FILE` and keep the version 1 policy it prints',
    });
    warnings.push(...converted.warnings);
    raw = converted.policy;
  }

  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = withoutExplained(
      parsed.error.issues,
      (path) => valueAt(raw, path as PathSegment[]) === undefined,
    );
    throw new PolicyError(bySource(issues.map((i) => issueDiagnostic(i, raw, at))));
  }

  const errors: Diagnostic[] = [];
  const policy = parsed.data;
  const dets = compileDetectors(policy, registry, at, errors, warnings);
  const rules = policy.rules.map((r, i) => compileRule(policy, i, at, errors));
  const sessions = policy.sessions.map((s, i) => compileSession(policy, i, registry, at, errors));
  warnings.push(...shadowWarnings(policy, at));
  if (errors.length > 0) throw new PolicyError(errors);

  const ir: PolicyIR = {
    name: policy.name,
    default: policy.default,
    rules,
    sessions,
    detectors: dets,
    policy,
    plan: { request: new Map(), response: new Map() },
  };
  return { ir, warnings };
}

type At = (path: PathSegment[], atKey?: boolean) => { line?: number; column?: number };

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}

function compileDetectors(
  policy: Policy,
  registry: Readonly<Record<string, Detector>>,
  at: At,
  errors: Diagnostic[],
  warnings: Diagnostic[],
): CompiledDetector[] {
  const ids = Object.keys(registry);
  for (const name of Object.keys(policy.detectors)) {
    if (registry[name]) continue;
    const guess = closest(name, ids);
    warnings.push({
      severity: 'warning',
      code: 'unknown-detector',
      message: `unknown detector \`${name}\`; it is ignored`,
      path: formatPath(['detectors', name]),
      ...at(['detectors', name], true),
      hint: guess ? `did you mean \`${guess}\`?` : `known detectors: ${ids.join(', ')}`,
    });
  }
  const out: CompiledDetector[] = [];
  for (const id of ids) {
    const det = registry[id]!;
    const setting = policy.detectors[id];
    const { action: given, ...options } =
      setting === undefined ? {} : typeof setting === 'string' ? { action: setting } : setting;
    const action = given ?? det.meta.defaultAction;
    if (action === 'off') continue;
    const base = ['detectors', id];
    if (!det.meta.actions.includes(action) && action !== 'log') {
      errors.push({
        severity: 'error',
        message: `detector \`${id}\` cannot ${action}`,
        path: formatPath([...base]),
        ...at(typeof setting === 'string' ? base : [...base, 'action']),
        hint: `use one of ${det.meta.actions.map((a) => `\`${a}\``).join(', ')}`,
      });
      continue;
    }
    const shape = (det.options as unknown as { shape?: Record<string, unknown> }).shape;
    if (shape) {
      for (const key of Object.keys(options)) {
        if (key in shape) continue;
        const guess = closest(key, Object.keys(shape));
        errors.push({
          severity: 'error',
          message: `unknown option \`${key}\` for detector \`${id}\``,
          path: formatPath([...base, key]),
          ...at([...base, key], true),
          hint: guess
            ? `did you mean \`${guess}\`?`
            : `options of \`${id}\`: ${['action', ...Object.keys(shape)].map((k) => `\`${k}\``).join(', ')}`,
        });
      }
    }
    const parsed = det.options.safeParse(options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = [...base, ...(issue.path as PathSegment[])];
        if (issue.code === 'unrecognized_keys') continue; // reported above
        errors.push({ severity: 'error', message: issue.message, path: formatPath(path), ...at(path) });
      }
      continue;
    }
    out.push({ id, action, meta: det.meta, run: det.create(parsed.data) });
  }
  return out;
}

function compileRule(policy: Policy, i: number, at: At, errors: Diagnostic[]): CompiledRule {
  const r = policy.rules[i]!;
  const base: PathSegment[] = ['rules', i];
  const checks: CompiledRule['checks'] = [];
  const prefixes = toList(r.conditions?.path_prefix);
  if (prefixes.length) {
    const canonical: string[] = [];
    prefixes.forEach((p, j) => {
      const c = canonicalPrefix(p);
      const path = [
        ...base,
        'conditions',
        'path_prefix',
        ...(Array.isArray(r.conditions!.path_prefix) ? [j] : []),
      ];
      if (c.ok) canonical.push(c.path);
      else
        errors.push({
          severity: 'error',
          message: `path prefix \`${p}\` is not usable: ${c.reason}`,
          path: formatPath(path),
          ...at(path),
          hint: 'write an absolute path such as `/home/me/projects/`',
        });
    });
    checks.push({ name: 'path_prefix', check: pathPrefixCondition(canonical) });
  }
  const domains = toList(r.conditions?.allowed_domains);
  if (domains.length) {
    domains.forEach((d, j) => {
      const problem = domainPatternProblem(d);
      const path = [
        ...base,
        'conditions',
        'allowed_domains',
        ...(Array.isArray(r.conditions!.allowed_domains) ? [j] : []),
      ];
      if (problem)
        errors.push({
          severity: 'error',
          message: `allowed domain \`${d}\` is not a host pattern`,
          path: formatPath(path),
          ...at(path),
          hint: problem,
        });
    });
    checks.push({ name: 'allowed_domains', check: allowedDomainsCondition(domains) });
  }
  if (r.args && Object.keys(r.args).length) checks.push({ name: 'args', check: compileArgMatchers(r.args) });
  return {
    id: `rules[${i}]`,
    label: r.id,
    server: r.server,
    tool: r.tool,
    matchServer: compileGlob(r.server),
    matchTool: compileGlob(r.tool),
    decision: r.decision,
    checks,
    rateLimit: r.rate_limit === undefined ? undefined : rateLimitSpec(r.rate_limit),
    message: r.message,
  };
}

const PERIOD_MS = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

function rateLimitSpec(r: RateLimit): RateLimitSpec {
  if (typeof r === 'string') {
    const [n, per] = r.split('/') as [string, keyof typeof PERIOD_MS];
    return { requests: Number(n), per, windowMs: PERIOD_MS[per], by: 'client' };
  }
  return { requests: r.requests, per: r.per, windowMs: PERIOD_MS[r.per], by: r.by ?? 'client' };
}

function compileSession(
  policy: Policy,
  i: number,
  registry: Readonly<Record<string, Detector>>,
  at: At,
  errors: Diagnostic[],
): CompiledSessionRule {
  const s = policy.sessions[i]!;
  const det = s.after.detector;
  if (det !== undefined && !registry[det]) {
    const path = ['sessions', i, 'after', 'detector'];
    const guess = closest(det, Object.keys(registry));
    errors.push({
      severity: 'error',
      message: `unknown detector \`${det}\``,
      path: formatPath(path),
      ...at(path),
      hint: guess ? `did you mean \`${guess}\`?` : `known detectors: ${Object.keys(registry).join(', ')}`,
    });
  }
  return {
    id: `sessions[${i}]`,
    label: s.id,
    after: { matchServer: compileGlob(s.after.server), matchTool: compileGlob(s.after.tool), detector: det },
    deny: { matchServer: compileGlob(s.deny.server), matchTool: compileGlob(s.deny.tool) },
  };
}

/** A rule after an unconditional rule that covers its server and tool globs can never match. */
function shadowWarnings(policy: Policy, at: At): Diagnostic[] {
  const out: Diagnostic[] = [];
  policy.rules.forEach((r, j) => {
    for (let i = 0; i < j; i++) {
      const e = policy.rules[i]!;
      const unconditional = !e.conditions?.path_prefix && !e.conditions?.allowed_domains && !e.args;
      if (unconditional && globCovers(e.server, r.server) && globCovers(e.tool, r.tool)) {
        out.push({
          severity: 'warning',
          code: 'shadowed-rule',
          message: `rules[${j}] can never match: rules[${i}] (server \`${e.server}\`, tool \`${e.tool}\`) decides every call it would`,
          path: `rules[${j}]`,
          ...at(['rules', j]),
          hint: `move rules[${j}] above rules[${i}], or remove it`,
        });
        break;
      }
    }
  });
  return out;
}

function toList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const KEYS_AT: Record<string, readonly string[]> = {
  '': ['$schema', 'version', 'name', 'description', 'default', 'detectors', 'rules', 'sessions', 'sandbox'],
  sandbox: ['network', 'writable', 'memory', 'pids'],
  rule: ['id', 'description', 'server', 'tool', 'decision', 'conditions', 'args', 'rate_limit', 'message'],
  conditions: ['path_prefix', 'allowed_domains'],
  args: ['required', 'equals', 'one_of', 'match', 'not_match', 'contains', 'not_contains', 'max_length'],
  session: ['id', 'description', 'after', 'deny'],
};

function keysFor(path: readonly PathSegment[]): readonly string[] {
  if (path.length === 0) return KEYS_AT['']!;
  if (path[0] === 'rules' && path.length === 2) return KEYS_AT.rule!;
  if (path[0] === 'rules' && path[2] === 'conditions') return KEYS_AT.conditions!;
  if (path[0] === 'rules' && path[2] === 'args') return KEYS_AT.args!;
  if (path[0] === 'sessions' && path.length === 2) return KEYS_AT.session!;
  if (path[0] === 'sandbox' && path.length === 1) return KEYS_AT.sandbox!;
  return [];
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg as string];
  }
  return v;
}

function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Diagnostics in source order; those without a position last. */
function bySource(ds: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => (d.line ?? Infinity) * 1e6 + (d.column ?? 0);
  return ds.sort((a, b) => key(a) - key(b));
}

/** A zod issue as a located, readable diagnostic with a hint. */
function issueDiagnostic(issue: z.core.$ZodIssue, raw: unknown, at: At): Diagnostic {
  const path = issue.path as PathSegment[];
  const where = formatPath(path);
  const value = valueAt(raw, path);
  const base = { severity: 'error' as const, path: where };
  const missing = (): Diagnostic => {
    const key = path[path.length - 1];
    return {
      ...base,
      message: `missing \`${String(key)}\`${path.length > 1 ? ` in ${formatPath(path.slice(0, -1))}` : ''}`,
      ...at(path.slice(0, -1)),
      hint: key === 'decision' ? 'add `decision: allow` or `decision: deny`' : `add \`${String(key)}\``,
    };
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const guess = closest(key, keysFor(path));
      const allowed = keysFor(path);
      return {
        ...base,
        message: `unknown key \`${key}\`${path.length ? ` in ${where}` : ''}`,
        path: formatPath([...path, key]),
        ...at([...path, key], true),
        hint: guess
          ? `did you mean \`${guess}\`?`
          : allowed.length
            ? `allowed keys: ${allowed.map((k) => `\`${k}\``).join(', ')}`
            : 'remove it',
      };
    }
    case 'invalid_type':
      if (value === undefined) return missing();
      return {
        ...base,
        message: `\`${where}\` must be ${article(issue.expected)}, not ${describe(value)}`,
        ...at(path),
      };
    case 'invalid_value':
      // zod reports a missing enum-valued key (`decision`) as an invalid value.
      if (value === undefined) return missing();
      return {
        ...base,
        message: `\`${show(value)}\` is not a valid value for \`${where}\``,
        ...at(path),
        hint: `use ${issue.values.map((v) => `\`${String(v)}\``).join(' or ')}`,
      };
    case 'invalid_union':
      return {
        ...base,
        message: `\`${where}\` has an invalid value \`${show(value)}\``,
        ...at(path),
        hint:
          path[0] === 'detectors'
            ? 'write an action (`deny`, `redact`, `log`, `off`) or an object `{ action: deny, ...options }`'
            : 'write a string or a list of strings',
      };
    default:
      return { ...base, message: `\`${where}\`: ${issue.message.toLowerCase()}`, ...at(path) };
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${article(typeof v)} (\`${show(v)}\`)`;
}
