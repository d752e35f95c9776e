import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;

/** An error or warning about a policy, with where it is and how to fix it. */
export type Diagnostic = {
  severity: 'error' | 'warning';
  /** One line, lowercase start, user values in backticks. */
  message: string;
  /** Where in the policy, e.g. `rules[2].decision`. */
  path: string;
  line?: number;
  column?: number;
  hint?: string;
  /** Stable id for warnings, e.g. `shadowed-rule`. */
  code?: string;
};

/** A policy that cannot be compiled. `diagnostics` holds every error found, in source order. */
export class PolicyError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics[0] ? formatDiagnostic(diagnostics[0]) : 'invalid policy');
    this.name = 'PolicyError';
    this.diagnostics = diagnostics;
  }
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || '(top level)';
}

/** `file:line:column: error: message` plus an indented hint line. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  const where = [file, d.line, d.column].filter((x) => x !== undefined).join(':');
  const head = `${where ? where + ': ' : ''}${d.severity}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/**
 * Source position of a path in a parsed YAML document: the key's position when `atKey` (for unknown or
 * misspelt keys), else the value's; the deepest existing node when the path goes further than the source.
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: readonly PathSegment[],
  atKey = false,
): { line: number; column: number } | undefined {
  let node: Node | null | undefined = doc.contents as Node | null;
  let pos = node?.range?.[0];
  for (let i = 0; i < path.length && node; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const key = pair.key as Node;
      if (last && atKey) {
        pos = key.range?.[0];
        break;
      }
      node = pair.value as Node | null;
      pos = node?.range?.[0] ?? key.range?.[0];
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg] as Node | undefined;
      if (node?.range) pos = node.range[0];
    } else {
      break;
    }
  }
  if (pos === undefined) return undefined;
  const lp = lines.linePos(pos);
  return { line: lp.line, column: lp.col };
}

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

type SchemaIssue = { code: string; path: PropertyKey[]; keys?: string[] };

/**
 * Schema issues without the ones a misspelt key explains: `decison: allow` is one mistake, reported as
 * the unknown key (with its "did you mean"), not also as a missing `decision`.
 */
export function withoutExplained<T extends SchemaIssue>(
  issues: readonly T[],
  isMissing: (path: PropertyKey[]) => boolean,
): T[] {
  const unknown = new Map<string, string[]>();
  for (const i of issues)
    if (i.code === 'unrecognized_keys') unknown.set(JSON.stringify(i.path), i.keys ?? []);
  return issues.filter((i) => {
    if (i.code === 'unrecognized_keys' || i.path.length === 0 || !isMissing(i.path)) return true;
    const keys = unknown.get(JSON.stringify(i.path.slice(0, -1)));
    return !keys || closest(String(i.path[i.path.length - 1]), keys) === undefined;
  });
}
