import { walkStrings } from '../detectors/lib/walk.js';
import { compileGlob, type NameMatcher } from './glob.js';
import type { ArgMatcher } from './schema.js';

/** A compiled argument matcher: undefined when it holds, else why not. */
export type ArgCheck = (args: unknown) => string | undefined;

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/**
 * Matchers by argument name. `*` applies to every string value at any depth of the arguments; any other
 * name to the top-level argument of that name. An absent argument passes every matcher but `required`.
 * Globs are case-sensitive like name globs; `contains` / `not_contains` ignore case.
 */
export function compileArgMatchers(matchers: Record<string, ArgMatcher>): ArgCheck {
  const checks = Object.entries(matchers).map(([name, m]) => compileOne(name, m));
  return (args) => {
    for (const check of checks) {
      const failure = check(args);
      if (failure) return failure;
    }
    return undefined;
  };
}

function compileOne(name: string, m: ArgMatcher): ArgCheck {
  const test = compileValueTest(m);
  if (name === '*') {
    return (args) => {
      let failure: string | undefined;
      walkStrings(args, 'params.arguments', (value, path) => {
        failure = test(value, path);
        return failure !== undefined;
      });
      return failure;
    };
  }
  return (args) => {
    const present = args !== null && typeof args === 'object' && Object.hasOwn(args, name);
    if (!present) return m.required ? `argument \`${name}\` is required` : undefined;
    return test((args as Record<string, unknown>)[name], `params.arguments.${name}`);
  };
}

function compileValueTest(m: ArgMatcher): (value: unknown, path: string) => string | undefined {
  const match: NameMatcher[] = list(m.match).map(compileGlob);
  const notMatch: NameMatcher[] = list(m.not_match).map(compileGlob);
  const contains = list(m.contains).map((s) => s.toLowerCase());
  const notContains = list(m.not_contains).map((s) => s.toLowerCase());
  const oneOf = m.one_of;
  return (value, path) => {
    if (m.equals !== undefined && value !== m.equals) return `${path} must equal \`${String(m.equals)}\``;
    if (oneOf && !oneOf.includes(value as never)) return `${path} is not one of the allowed values`;
    if (m.max_length !== undefined) {
      const len = typeof value === 'string' || Array.isArray(value) ? value.length : 0;
      if (len > m.max_length) return `${path} is longer than ${m.max_length}`;
    }
    if (match.length || notMatch.length || contains.length || notContains.length) {
      if (typeof value !== 'string') return `${path} must be a string`;
      if (match.length && !match.some((g) => g(value))) return `${path} matches none of the allowed patterns`;
      if (notMatch.some((g) => g(value))) return `${path} matches a forbidden pattern`;
      const lower = contains.length || notContains.length ? value.toLowerCase() : '';
      if (contains.length && !contains.some((c) => lower.includes(c)))
        return `${path} contains none of the required text`;
      const bad = notContains.find((c) => lower.includes(c));
      if (bad !== undefined) return `${path} contains forbidden text \`${bad}\``;
    }
    return undefined;
  };
}
