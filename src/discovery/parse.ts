import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ConfigFormat } from './types.js';

/** A config file whose text is not valid in its format; the message says where. */
export class ConfigSyntaxError extends Error {}

/**
 * Parses a config file's text. JSON is read as JSONC (comments and trailing commas are accepted, as every
 * client that writes these files accepts them); an empty file is an empty document.
 */
export function parseConfig(text: string, format: ConfigFormat): unknown {
  if (text.trim() === '') return {};
  if (format === 'json') return parseJson(text);
  if (format === 'toml') {
    try {
      return parseToml(text);
    } catch (e) {
      if (e instanceof TomlError) throw new ConfigSyntaxError(`invalid TOML at ${e.line}:${e.column}`);
      throw e;
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const at = e.linePos?.[0];
      throw new ConfigSyntaxError(`invalid YAML${at ? ` at ${at.line}:${at.col}` : ''}: ${e.code}`);
    }
    throw e;
  }
}

function parseJson(text: string): unknown {
  const errors: ParseError[] = [];
  const doc: unknown = parseJsonc(text, errors, { allowTrailingComma: true, allowEmptyContent: true });
  const first = errors[0];
  if (first) {
    const { line, column } = lineColumn(text, first.offset);
    throw new ConfigSyntaxError(`invalid JSON at ${line}:${column}: ${printParseErrorCode(first.error)}`);
  }
  return doc;
}

/** One-based line and column of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
