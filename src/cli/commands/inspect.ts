import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { contractShape } from '../../policy/contract.js';
import { decide } from '../../policy/decide.js';
import type { PolicyIR } from '../../policy/ir.js';
import { toEvent, type McpEvent } from '../../protocol/event.js';
import { stringifyJson } from '../../protocol/json.js';
import { formatDecision } from '../output.js';
import { CliError, loadPolicy, parseJsonFlag } from '../policy-file.js';

type Options = {
  policy: string;
  jsonl?: string | boolean;
  event?: string;
  server?: string;
  tool?: string;
  args?: string;
  method?: string;
  params?: string;
  result?: string;
  json?: boolean;
};

export function register(program: Command): void {
  program
    .command('inspect')
    .description('decide MCP messages with a policy: one call from flags, or a JSONL stream of events')
    .requiredOption('-p, --policy <file>', 'policy file (YAML or JSON)')
    .option(
      '--jsonl [file]',
      'read events as JSON lines from FILE or stdin, write one decision line per input line',
    )
    .option('--event <json>', 'one event as JSON: {"server", "method", "params", "result"?}')
    .option('--server <name>', 'server name of a tools/call', 'server')
    .option('--tool <name>', 'tool name of a tools/call')
    .option('--args <json>', 'tool arguments as a JSON object', '{}')
    .option('--method <method>', 'JSON-RPC method (with --params)')
    .option('--params <json>', 'request params as JSON (with --method)')
    .option('--result <json>', 'the server result as JSON, to judge the response too')
    .option('--json', 'print the decision as JSON instead of text')
    .addHelpText(
      'after',
      `
Examples:
  mcpshield inspect -p policy.yaml --tool fetch --args '{"url":"http://169.254.169.254/"}'
  mcpshield inspect -p policy.yaml --jsonl < events.jsonl > decisions.jsonl
Exit status: 0 once the policy loads (also for denials and malformed lines), 2 when it cannot be loaded.`,
    )
    .action(async (opts: Options) => {
      const { ir } = loadPolicy(opts.policy);
      if (opts.jsonl !== undefined && opts.jsonl !== false) {
        await inspectJsonl(ir, opts.jsonl === true ? '-' : opts.jsonl);
        return;
      }
      const ev = eventFromFlags(opts);
      const d = decide(ir, ev);
      process.stdout.write((opts.json ? stringifyJson(contractShape(d)) : formatDecision(d)) + '\n');
    });
}

function eventFromFlags(o: Options): McpEvent {
  let raw: unknown;
  if (o.event !== undefined) raw = parseJsonFlag(o.event, '--event');
  else if (o.method !== undefined)
    raw = { server: o.server, method: o.method, params: parseJsonFlag(o.params ?? '{}', '--params') };
  else if (o.tool !== undefined)
    raw = {
      server: o.server,
      method: 'tools/call',
      params: { name: o.tool, arguments: parseJsonFlag(o.args, '--args') },
    };
  else
    throw new CliError(
      'say what to inspect: --tool NAME [--args JSON], --method M --params JSON, --event JSON or --jsonl',
    );
  if (o.result !== undefined && raw && typeof raw === 'object')
    (raw as { result?: unknown }).result = parseJsonFlag(o.result, '--result');
  const ev = toEvent(raw);
  if (typeof ev === 'string') throw new CliError(`invalid event: ${ev}`);
  return ev;
}

/** One output line per input line, in order; a malformed line gets `{"error": ...}` and the run goes on. */
export function decideLine(ir: PolicyIR, line: string): string {
  if (line.trim() === '') return JSON.stringify({ error: 'empty line' });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ error: `invalid JSON: ${(e as Error).message}` });
  }
  const ev = toEvent(value);
  if (typeof ev === 'string') return JSON.stringify({ error: ev });
  return stringifyJson(contractShape(decide(ir, ev)));
}

async function inspectJsonl(ir: PolicyIR, file: string): Promise<void> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  input.on('error', (e: NodeJS.ErrnoException) => {
    process.stderr.write(
      `mcpshield: cannot read \`${file}\`: ${e.code === 'ENOENT' ? 'no such file' : e.message}\n`,
    );
    process.exitCode = 2;
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!process.stdout.write(decideLine(ir, line) + '\n')) {
      await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    }
  }
}
