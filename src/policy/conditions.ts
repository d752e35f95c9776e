import { canonicalPath, isInside, isPathLike } from '../detectors/lib/path.js';
import { findUrlRefs, hostMatches, lenientHosts } from '../detectors/lib/url.js';
import { walkStrings } from '../detectors/lib/walk.js';

/** A compiled condition: undefined when it holds, else the reason it does not (one line). */
export type Condition = (args: unknown) => string | undefined;

const ARGS = 'params.arguments';

function short(s: string): string {
  const oneLine = s.replace(/[\r\n\t]/g, ' ');
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

/**
 * `path_prefix`: every filesystem path in the arguments, canonicalised, lies inside one of the prefixes.
 * Values that cannot be placed (relative, `~`, encoded separators or dots, NUL, backslashes, `file:` URLs)
 * fail the condition: the rule does not match, and the next rule or the default decides.
 */
export function pathPrefixCondition(prefixes: readonly string[]): Condition {
  return (args) => {
    let failure: string | undefined;
    walkStrings(args, ARGS, (value, path, key) => {
      if (!isPathLike(value, key)) return;
      const c = canonicalPath(value);
      if (!c.ok) failure = `\`${short(value)}\` at ${path} cannot be placed: ${c.reason}`;
      else if (!prefixes.some((p) => isInside(c.path, p)))
        failure = `\`${short(c.path)}\` at ${path} is outside ${prefixes.map((p) => `\`${p}\``).join(', ')}`;
      return failure !== undefined;
    });
    return failure;
  };
}

/** Canonical form of a configured prefix, or the reason it is not a usable prefix. */
export function canonicalPrefix(prefix: string): { ok: true; path: string } | { ok: false; reason: string } {
  return canonicalPath(prefix);
}

/**
 * `allowed_domains`: every URL or host in the arguments (WHATWG parsing, also inside prose and
 * JSON-in-a-string) names one of the listed hosts; a URL that names no host fails.
 */
export function allowedDomainsCondition(patterns: readonly string[]): Condition {
  return (args) => {
    let failure: string | undefined;
    walkStrings(args, ARGS, (value, path, key) => {
      for (const ref of findUrlRefs(value, key)) {
        if (!ref.host) failure = `\`${short(ref.raw)}\` at ${path} names no host`;
        // The WHATWG host, and any other host a looser parser (curl, Python) would reach with this URL.
        const bad = [ref.host, ...lenientHosts(ref)].find(
          (h) => h && !patterns.some((p) => hostMatches(h, p)),
        );
        if (!failure && bad) failure = `\`${short(bad)}\` at ${path} is not an allowed domain`;
        if (failure) return true;
      }
      return false;
    });
    return failure;
  };
}

/** Is this a usable `allowed_domains` entry: a host name, `*.` followed by a host name, or an IP literal? */
export function domainPatternProblem(pattern: string): string | undefined {
  if (pattern.includes('://') || pattern.includes('/'))
    return 'write the host only, without scheme or path (e.g. `api.example.com`)';
  if (/^\[?[0-9a-f:.]+\]?$/i.test(pattern)) return undefined;
  const name = (pattern.startsWith('*.') ? pattern.slice(2) : pattern).replace(/\.$/, '');
  const labels = name.split('.');
  if (name.length > 0 && name.length <= 253 && labels.every((l) => /^[a-z0-9_-]{1,63}$/i.test(l)))
    return undefined;
  return 'write a host name, `*.` followed by a host name, or an IP address';
}
