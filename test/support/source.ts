import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const SRC = join(ROOT, 'src');

/** Every TypeScript source file under src/, tests excluded, as repo-relative paths. */
export function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.(test|cases)\.tsx?$/.test(e.name)) out.push(relative(ROOT, p));
    }
  };
  walk(SRC);
  return out.sort();
}

/** Module specifiers imported by a source text (static, dynamic, re-exports). */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Every regular-expression literal in a source text, as [source, flags]. */
export function regexLiterals(file: string, text: string): { source: string; flags: string; line: number }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { source: string; flags: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const lit = node.getText(sf);
      const end = lit.lastIndexOf('/');
      out.push({
        source: lit.slice(1, end),
        flags: lit.slice(end + 1),
        line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

export function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}
