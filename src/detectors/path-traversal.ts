import { z } from 'zod';
import {
  analyzeSegments,
  compilePathGlob,
  decodePathLayers,
  fileUrlPath,
  findUrls,
  forEachRequestString,
  foldHexLiterals,
  foldPathChars,
  formatLoose,
  evasionEscape,
  isPathLike,
  mayBeEncoded,
  resolveLoose,
  showValue,
  urlParts,
  type SegmentReport,
} from './lib/path.js';
import { defineDetector, type Finding, type Severity } from './types.js';

export const pathTraversal = defineDetector({
  meta: {
    id: 'path_traversal',
    title: 'Path traversal',
    description:
      'Finds `..` segments that climb above where a path starts, relative or absolute, in every encoding a ' +
      'lenient server may undo: percent, double and `%%32%65` escapes, overlong UTF-8, `%u` escapes, `0x2e`, ' +
      'full-width and lookalike dots and slashes, backslashes, Tomcat `..;`, `...` segments and NUL bytes. ' +
      'Encoded dot segments are reported even when they stay inside: no honest client encodes them. Scans ' +
      'path-like arguments, `file:` URLs (where any `..` is reported, since URL parsing hides it) and the ' +
      'paths of URLs anywhere in the arguments.',
    severity: 'high',
    defaultAction: 'deny',
    actions: ['deny', 'log', 'off'],
    phases: ['request'],
    methods: ['tools/call', 'resources/read', 'resources/subscribe'],
    references: [
      'https://owasp.org/www-community/attacks/Path_Traversal',
      'https://cwe.mitre.org/data/definitions/22.html',
      'https://github.com/swisskyrepo/PayloadsAllTheThings/tree/master/Directory%20Traversal',
    ],
    cwe: ['CWE-22'],
    owasp: 'MCP05',
  },
  options: z.object({
    /** Globs of resolved paths that may climb (e.g. `../shared/**`). Never exempts encoded forms. */
    allow: z.array(z.string()).default([]),
  }),
  create({ allow }) {
    const allowed = allow.map(compilePathGlob);
    const isAllowed = (value: string) => {
      if (allowed.length === 0 || mayBeEncoded(value) || value.includes('\0')) return false;
      const resolved = formatLoose(resolveLoose(value));
      return allowed.some((m) => m(resolved));
    };
    return (input) => {
      const findings: Finding[] = [];
      forEachRequestString(input, (value, path, key) => {
        const issue = inspectValue(value, key);
        if (issue && !(issue.exemptable && isAllowed(value)))
          findings.push({
            detector: 'path_traversal',
            severity: issue.severity,
            kind: issue.kind,
            message: issue.message,
            path,
          });
      });
      return { findings };
    };
  },
});

/** `exemptable`: a literal climb or odd segment, which the `allow` globs may exempt. */
type Issue = { kind: string; severity: Severity; message: string; exemptable?: boolean };

/**
 * Cheap pre-check: without `..`, `?.`, `??`, `.?`, something to decode or a NUL there is nothing to find.
 * A fast scan per character or pair, where `/\.\.|%|\0|\?[.?]|\.\?|0x[25]|[lookalikes]/i` as one regex steps
 * through the value one position at a time (several times slower on a KiB of ASCII).
 */
function suspect(value: string): boolean {
  return (
    value.includes('..') ||
    (value.includes('?') && (value.includes('?.') || value.includes('??') || value.includes('.?'))) ||
    mayBeEncoded(value) ||
    value.includes('\0')
  );
}
const SCHEME_URL = /^[a-z][a-z0-9+.-]{0,31}:\/\//i;
const FILE_URL = /^file:/i;

function inspectValue(value: string, key: string | undefined): Issue | undefined {
  if (!suspect(value)) return undefined;
  const pathLike = isPathLike(value, key);
  if (pathLike && !SCHEME_URL.test(value) && !FILE_URL.test(value))
    return inspectPath(value, `path \`${showValue(value)}\``);
  if (!value.includes('://') && !/file:/i.test(value)) return undefined;
  for (const url of findUrls(value)) {
    const issue = FILE_URL.test(url) ? inspectFileUrl(url) : inspectUrl(url);
    if (issue) return { ...issue, exemptable: false };
  }
  return undefined;
}

const levels = (n: number) => (n === 1 ? '1 level' : `${n} levels`);

/**
 * The verdict on one path, most telling first: a literal climb, a climb once decoded or folded, NUL bytes,
 * overlong UTF-8, dot segments that only exist once decoded, odd dot segments. `subject` names the value.
 */
function inspectPath(raw: string, subject: string): Issue | undefined {
  const plain = analyzeSegments(raw);
  if (plain.climb > 0)
    return {
      kind: 'traversal',
      severity: 'high',
      exemptable: true,
      message: `${subject} climbs ${levels(plain.climb)} above its starting directory`,
    };
  if (!mayBeEncoded(raw) && !raw.includes('\0')) return oddSegments(plain, raw, subject);

  const layers = decodePathLayers(raw);
  const decoded = layers[layers.length - 1]!;
  const folded = foldPathChars(decoded);
  const full = analyzeSegments(folded, true);
  // Percent (even malformed) or `0x` escapes make it an encoding; otherwise only lookalikes were folded.
  const encoded = raw.includes('%') || foldHexLiterals(raw) !== raw;
  const kind = encoded ? 'encoded-traversal' : 'lookalike-traversal';
  const view = `\`${showValue(folded)}\``;
  if (full.climb > 0)
    return {
      kind,
      severity: 'high',
      message: `${subject} ${encoded ? 'decodes to' : 'reads as'} ${view}, which climbs ${levels(full.climb)} above its starting directory`,
    };
  if (layers.some((l) => l.includes('\0')))
    return {
      kind: 'nul-byte',
      severity: 'high',
      message: `${subject} contains a nul byte, which truncates the path in many file apis`,
    };
  const evasion = evasionEscape(layers);
  if (evasion)
    return {
      kind: 'evasion-encoding',
      severity: 'high',
      message: `${subject} uses ${evasion}, an evasion encoding no honest client sends`,
    };
  if (full.dotSegments > plain.dotSegments)
    return {
      kind,
      severity: 'high',
      message: `${subject} hides dot segments in ${encoded ? 'its encoding' : 'lookalike characters'}: ${view}`,
    };
  return oddSegments(full, folded, subject);
}

/** `...`, `.. `, `..;x`, `??`: parent-directory spellings of some systems, reported when the value has a separator. */
function oddSegments(report: SegmentReport, view: string, subject: string): Issue | undefined {
  if (report.oddDotSegments === 0 || !/[\\/]/.test(view)) return undefined;
  return {
    kind: 'dot-segment',
    severity: 'medium',
    exemptable: true,
    message: `${subject} has a \`...\`, \`..;\` or wildcard segment that some servers read as a parent directory`,
  };
}

/** In a `file:` URL every `..` counts: a URL parser removes it silently, before any check sees it. */
function inspectFileUrl(url: string): Issue | undefined {
  const path = fileUrlPath(url) ?? '';
  const subject = `file url \`${showValue(url)}\``;
  const issue = inspectPath(path, subject);
  if (issue) return issue;
  if (analyzeSegments(path).parentSegments > 0)
    return {
      kind: 'file-url-traversal',
      severity: 'high',
      message: `${subject} contains a \`..\` segment, which url parsing silently resolves`,
    };
  return undefined;
}

/**
 * The raw path of a URL (WHATWG parsing would normalise `%2e%2e` away, the target server may not), and
 * query values that are themselves climbing paths (`?file=../../etc/passwd`). `v1..v2` or `1..10` in a
 * query are not segments and pass.
 */
function inspectUrl(url: string): Issue | undefined {
  const parts = urlParts(url);
  if (!parts) return undefined;
  const subject = `the path of url \`${showValue(url)}\``;
  const issue = inspectPath(parts.path, subject);
  if (issue) return issue;
  for (const pair of parts.query.split('&')) {
    const value = pair.slice(pair.indexOf('=') + 1);
    if (!suspect(value)) continue;
    const layers = decodePathLayers(value.replace(/\+/g, ' '));
    const decoded = foldPathChars(layers[layers.length - 1]!);
    const climb = /[\\/]/.test(decoded) ? analyzeSegments(decoded, true).climb : 0;
    if (climb > 0)
      return {
        kind: 'traversal',
        severity: 'high',
        message: `url \`${showValue(url)}\` passes a query value that climbs ${levels(climb)}: \`${showValue(decoded)}\``,
      };
  }
  return undefined;
}
