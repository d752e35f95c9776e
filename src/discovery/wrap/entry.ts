import { at, isObject, type Key } from '../servers.js';

/** How an entry names its program: `command` + `args`, a `command` list (OpenCode), Zed's `command` object, Goose's `cmd`. */
export type EntryShape =
  | { kind: 'command-args'; command: string; args: string[] }
  | { kind: 'command-list'; command: string; args: string[] }
  | { kind: 'command-object'; command: string; args: string[] }
  | { kind: 'cmd-args'; command: string; args: string[] };

/** The program of a stdio entry as its file writes it, or null for remote and unknown entries. */
export function entryShape(entry: unknown): EntryShape | null {
  if (!isObject(entry)) return null;
  const args = strings(entry.args);
  const cmd = entry.command;
  if (typeof cmd === 'string') return { kind: 'command-args', command: cmd, args };
  if (Array.isArray(cmd) && typeof cmd[0] === 'string')
    return { kind: 'command-list', command: cmd[0], args: strings(cmd.slice(1)) };
  if (isObject(cmd) && typeof cmd.path === 'string')
    return { kind: 'command-object', command: cmd.path, args: strings(cmd.args) };
  if (typeof entry.cmd === 'string') return { kind: 'cmd-args', command: entry.cmd, args };
  return null;
}

/** The values to write, by key path relative to the entry, for a program and its arguments. */
export function entryEdits(shape: EntryShape, command: string, args: string[]): [Key[], unknown][] {
  switch (shape.kind) {
    case 'command-args':
      return [
        [['command'], command],
        [['args'], args],
      ];
    case 'command-list':
      return [[['command'], [command, ...args]]];
    case 'command-object':
      return [
        [['command', 'path'], command],
        [['command', 'args'], args],
      ];
    case 'cmd-args':
      return [
        [['cmd'], command],
        [['args'], args],
      ];
  }
}

/** The entry at a path of a parsed document. */
export function entryAt(doc: unknown, path: readonly Key[]): unknown {
  let v = doc;
  for (const k of path) v = typeof k === 'number' ? (Array.isArray(v) ? v[k] : undefined) : at(v, k);
  return v;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
