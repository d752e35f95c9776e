import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { parseConfig } from '../parse.js';
import type { Key } from '../servers.js';
import type { ConfigFormat } from '../types.js';
import { entryAt, entryEdits, entryShape } from './entry.js';
import { unwrappedArgs, wrappedArgs, type Launcher } from './proxy-args.js';
import { setTomlValue, TomlEditError } from './toml-edit.js';

/** Servers to put behind the gateway: each by name and where its entry is in the file. */
export type WrapTarget = { name: string; entryPath: Key[] };

export type Rewrite = { text: string; changed: string[] };

/**
 * The file with each target's program replaced by `mcpshield proxy --policy P --name NAME -- PROGRAM ARGS`.
 * Entries already wrapped, and entries without a program (remote servers), stay as they are.
 */
export function wrapText(
  text: string,
  format: ConfigFormat,
  targets: readonly WrapTarget[],
  launcher: Launcher,
  policy: string,
): Rewrite {
  const doc = parseConfig(text, format);
  const edits: [Key[], unknown][] = [];
  const changed: string[] = [];
  for (const t of targets) {
    const shape = entryShape(entryAt(doc, t.entryPath));
    if (!shape || unwrappedArgs(shape.command, shape.args)) continue;
    const w = wrappedArgs(launcher, policy, t.name, shape.command, shape.args);
    for (const [path, value] of entryEdits(shape, w.command, w.args))
      edits.push([[...t.entryPath, ...path], value]);
    changed.push(t.name);
  }
  return { text: edits.length ? applyAll(text, format, edits) : text, changed };
}

/** The file with every wrapped entry running its original program again (for files changed since `wrap`). */
export function unwrapText(text: string, format: ConfigFormat, targets: readonly WrapTarget[]): Rewrite {
  const doc = parseConfig(text, format);
  const edits: [Key[], unknown][] = [];
  const changed: string[] = [];
  for (const t of targets) {
    const shape = entryShape(entryAt(doc, t.entryPath));
    const original = shape && unwrappedArgs(shape.command, shape.args);
    if (!shape || !original) continue;
    for (const [path, value] of entryEdits(shape, original.command, original.args))
      edits.push([[...t.entryPath, ...path], value]);
    changed.push(t.name);
  }
  return { text: edits.length ? applyAll(text, format, edits) : text, changed };
}

function applyAll(text: string, format: ConfigFormat, edits: [Key[], unknown][]): string {
  if (format === 'yaml') {
    const doc = parseDocument(text);
    for (const [path, value] of edits) doc.setIn(path, doc.createNode(value));
    return doc.toString({ flowCollectionPadding: false });
  }
  if (format === 'toml') {
    let out = text;
    for (const [path, value] of edits) {
      const key = path[path.length - 1];
      const table = path.slice(0, -1);
      if (typeof key !== 'string' || !table.every((k): k is string => typeof k === 'string'))
        throw new TomlEditError('only keys of tables are edited');
      out = setTomlValue(out, table, key, value);
    }
    return out;
  }
  const formatting = detectFormatting(text);
  let out = text;
  for (const [path, value] of edits) {
    // A value written on one line stays on one line; a multi-line one is laid out like the file.
    const node = findNodeAtLocation(parseTree(out)!, path);
    const oneLine = node !== undefined && !out.slice(node.offset, node.offset + node.length).includes('\n');
    out = applyEdits(out, modify(out, path, value, oneLine ? {} : { formattingOptions: formatting }));
  }
  return out;
}

/** The file's own indentation and line ends, so that inserted lines look like their neighbours. */
function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol }
    : { insertSpaces: true, tabSize: indent.length, eol };
}
