import type { Command } from 'commander';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { decide, type Decision } from '../../../policy/decide.js';
import { formatPath, locate, withoutExplained, type PathSegment } from '../../../policy/diagnostics.js';
import { toEvent, type McpEvent } from '../../../protocol/event.js';
import { colours } from '../../output.js';
import { CliError, loadPolicy, readTextFile } from '../../policy-file.js';

const caseSchema = z.strictObject({
  name: z.string().min(1),
  server: z.string().min(1).default('server'),
  tool: z.string().min(1).optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  method: z.string().min(1).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  result: z.unknown().optional(),
  session: z.unknown().optional(),
  event: z.unknown().optional(),
  expect: z.enum(['allow', 'deny']),
  rules: z.array(z.string()).optional(),
  detectors: z.array(z.string()).optional(),
});
const fileSchema = z.strictObject({ cases: z.array(caseSchema).min(1) });
type Case = z.output<typeof caseSchema>;

export function register(policy: Command): void {
  policy
    .command('test')
    .description('run a table of calls against a policy and compare decisions (like `opa test`)')
    .argument('<policy>', 'policy file')
    .argument(
      '<cases>',
      'YAML file: cases: [{ name, server, tool, args, expect: allow|deny, rules?, detectors? }]',
    )
    .option('-v, --verbose', 'print passing cases too')
    .addHelpText(
      'after',
      `
A case names a tools/call with server/tool/args, any method with method/params, or a whole event with
event: {...}; result: adds the server's answer. expect is the decision; rules (the exact ids behind it) and
detectors (the exact set of detector ids with findings) are checked when given.
Exit status: 0 when every case passes, 1 on any mismatch, 2 when a file cannot be loaded.`,
    )
    .action((policyFile: string, casesFile: string, opts: { verbose?: boolean }) => {
      const { ir } = loadPolicy(policyFile);
      const cases = loadCases(casesFile);
      const c = colours();
      let failed = 0;
      for (const [i, tc] of cases.entries()) {
        const ev = caseEvent(tc, casesFile, i);
        const got = decide(ir, ev);
        const diffs = compare(tc, got);
        if (diffs.length === 0) {
          if (opts.verbose) process.stdout.write(`${c.green('PASS')} ${tc.name}\n`);
          continue;
        }
        failed++;
        process.stdout.write(`${c.red('FAIL')} ${tc.name}\n`);
        for (const d of diffs) {
          process.stdout.write(
            `     ${d.field}:\n       ${c.green(`- expected ${d.expected}`)}\n       ${c.red(`+ got      ${d.got}`)}\n`,
          );
        }
        if (got.findings.length) {
          for (const f of got.findings)
            process.stdout.write(`       ${c.dim(`finding: ${f.detector}: ${f.message}`)}\n`);
        }
      }
      const passed = cases.length - failed;
      process.stdout.write(
        `${failed ? c.red('policy test:') : c.green('policy test:')} ${passed} passed, ${failed} failed\n`,
      );
      if (failed) process.exitCode = 1;
    });
}

function loadCases(file: string): Case[] {
  const source = readTextFile(file, 'test cases');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const lp = lines.linePos(e.pos[0]);
    throw new CliError(`${file}:${lp.line}:${lp.col}: invalid yaml: ${e.message.split('\n')[0]}`);
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const missing = (path: PropertyKey[]) =>
      path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)?.[k], raw) === undefined;
    const issue = withoutExplained(parsed.error.issues, missing)[0]!;
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0]! : undefined;
    const path = [...(issue.path as PathSegment[]), ...(unknownKey === undefined ? [] : [unknownKey])];
    const pos = locate(doc, lines, path, unknownKey !== undefined);
    const where = pos ? `${file}:${pos.line}:${pos.column}` : file;
    const what = unknownKey === undefined ? issue.message.toLowerCase() : `unknown key \`${unknownKey}\``;
    throw new CliError(`${where}: ${formatPath(issue.path as PathSegment[])}: ${what}`);
  }
  return parsed.data.cases;
}

function caseEvent(tc: Case, file: string, i: number): McpEvent {
  let raw: Record<string, unknown>;
  if (tc.event !== undefined) raw = { ...(tc.event as Record<string, unknown>) };
  else if (tc.tool !== undefined)
    raw = { server: tc.server, method: 'tools/call', params: { name: tc.tool, arguments: tc.args ?? {} } };
  else if (tc.method !== undefined) raw = { server: tc.server, method: tc.method, params: tc.params ?? {} };
  else throw new CliError(`${file}: cases[${i}] (${tc.name}) needs \`tool\`, \`method\` or \`event\``);
  if (tc.result !== undefined) raw.result = tc.result;
  if (tc.session !== undefined) raw.session = tc.session;
  const ev = toEvent(raw);
  if (typeof ev === 'string') throw new CliError(`${file}: cases[${i}] (${tc.name}): ${ev}`);
  return ev;
}

type Diff = { field: string; expected: string; got: string };

function compare(tc: Case, got: Decision): Diff[] {
  const diffs: Diff[] = [];
  if (got.decision !== tc.expect)
    diffs.push({
      field: 'decision',
      expected: tc.expect,
      got: `${got.decision} (by ${got.rules.join(', ')})`,
    });
  if (tc.rules && JSON.stringify(tc.rules) !== JSON.stringify(got.rules))
    diffs.push({ field: 'rules', expected: JSON.stringify(tc.rules), got: JSON.stringify(got.rules) });
  if (tc.detectors) {
    const want = [...new Set(tc.detectors)].sort();
    const have = [...new Set(got.findings.map((f) => f.detector))].sort();
    if (JSON.stringify(want) !== JSON.stringify(have))
      diffs.push({ field: 'detectors', expected: JSON.stringify(want), got: JSON.stringify(have) });
  }
  return diffs;
}
