import { isDeepStrictEqual } from 'node:util';
import { parse } from 'smol-toml';
import { entryAt } from './entry.js';

/** A TOML edit that could not be made without risk to the rest of the file. */
export class TomlEditError extends Error {}

/**
 * Sets `key = value` in the `[table]` section of a TOML file (`[mcp_servers.github]`), editing the text
 * so that comments and layout stay: the old value is replaced where it stands (a multi-line array
 * included), or the key is added under the header. The result is parsed again and must hold exactly the
 * new value, or nothing is changed. Inline tables (`github = { ... }`) are not edited.
 */
export function setTomlValue(text: string, table: readonly string[], key: string, value: unknown): string {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => sameHeader(l, table));
  if (header === -1) throw new TomlEditError(`no \`[${table.join('.')}]\` table`);
  let end = lines.length;
  for (let i = header + 1; i < lines.length; i++)
    if (lines[i]!.trimStart().startsWith('[')) {
      end = i;
      break;
    }
  const offsets = lineOffsets(lines);
  const literal = tomlLiteral(value);
  let out: string | undefined;
  for (let i = header + 1; i < end; i++) {
    const line = lines[i]!;
    const m = /^(\s*)([A-Za-z0-9_-]+|"[^"\n]*")(\s*)=\s*/.exec(line);
    if (!m || unquote(m[2]!) !== key) continue;
    const start = offsets[i]! + m[0].length;
    const stop = valueEnd(text, start);
    out = text.slice(0, start) + literal + text.slice(stop);
    break;
  }
  if (out === undefined) {
    const at = offsets[header]! + lines[header]!.length;
    out = `${text.slice(0, at)}\n${key} = ${literal}${text.slice(at)}`;
  }
  let doc: unknown;
  try {
    doc = parse(out);
  } catch {
    throw new TomlEditError(`editing \`${key}\` would break the file`);
  }
  if (!isDeepStrictEqual(entryAt(doc, [...table, key]), value))
    throw new TomlEditError(`\`${key}\` could not be edited in place`);
  return out;
}

function sameHeader(line: string, table: readonly string[]): boolean {
  const t = line.trim();
  if (!t.startsWith('[') || t.startsWith('[[')) return false;
  const close = t.lastIndexOf(']');
  if (close === -1) return false;
  const keys = splitDotted(t.slice(1, close));
  return keys !== null && keys.length === table.length && keys.every((k, i) => k === table[i]);
}

/** `a."b.c".d` -> [a, b.c, d]; null for what this reader does not follow (escapes in quoted keys). */
function splitDotted(s: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    const q = s[i];
    if (q === '"' || q === "'") {
      const close = s.indexOf(q, i + 1);
      if (close === -1) return null;
      const body = s.slice(i + 1, close);
      if (q === '"' && body.includes('\\')) return null;
      out.push(body);
      i = close + 1;
    } else {
      let j = i;
      while (j < s.length && s[j] !== '.' && s[j] !== ' ' && s[j] !== '\t') j++;
      out.push(s.slice(i, j));
      i = j;
    }
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i < s.length && s[i++] !== '.') return null;
  }
  return out;
}

function unquote(k: string): string {
  return k.startsWith('"') ? k.slice(1, -1) : k;
}

function lineOffsets(lines: string[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const l of lines) {
    out.push(at);
    at += l.length + 1;
  }
  return out;
}

/**
 * Where the value that starts at `start` ends: after its closing quote or bracket (strings and comments
 * inside an array skipped), or at the end of the line for a bare value, trailing spaces and comment kept.
 */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = stringEnd(text, i);
      if (depth === 0) return i + 1;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      if (depth === 0) return trimEnd(text, start, i);
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return i + 1;
    } else if (c === '\n' && depth === 0) return trimEnd(text, start, i);
  }
  return text.length;
}

function stringEnd(text: string, open: number): number {
  const q = text[open]!;
  const triple = text.startsWith(q.repeat(3), open);
  const close = triple ? q.repeat(3) : q;
  for (let i = open + close.length; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(close, i)) return i + close.length - 1;
  }
  return text.length - 1;
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (text[e - 1] === ' ' || text[e - 1] === '\t' || text[e - 1] === '\r')) e--;
  return e;
}

/** A TOML literal for a string or a list of strings (JSON string escapes are TOML basic-string escapes). */
function tomlLiteral(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  throw new TomlEditError('only strings and lists of strings are written');
}
