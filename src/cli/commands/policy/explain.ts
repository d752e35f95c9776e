import type { Command } from 'commander';
import { evaluate, type TraceStep } from '../../../policy/decide.js';
import { toEvent } from '../../../protocol/event.js';
import { colours, formatDecision } from '../../output.js';
import { CliError, loadPolicy, parseJsonFlag } from '../../policy-file.js';

export function register(policy: Command): void {
  policy
    .command('explain')
    .description('show why a call gets its decision: each rule tried, each condition, each detector')
    .argument('<file>', 'policy file')
    .option('--server <name>', 'server name', 'server')
    .option('--tool <name>', 'tool name of a tools/call')
    .option('--args <json>', 'tool arguments as JSON', '{}')
    .option('--event <json>', 'a whole event as JSON instead of --tool/--args')
    .option('--result <json>', 'the server result, to judge the response too')
    .action(
      (file: string, o: { server: string; tool?: string; args: string; event?: string; result?: string }) => {
        const { ir } = loadPolicy(file);
        let raw: Record<string, unknown>;
        if (o.event !== undefined) raw = parseJsonFlag(o.event, '--event') as Record<string, unknown>;
        else if (o.tool !== undefined)
          raw = {
            server: o.server,
            method: 'tools/call',
            params: { name: o.tool, arguments: parseJsonFlag(o.args, '--args') },
          };
        else throw new CliError('say which call to explain: --tool NAME [--args JSON] or --event JSON');
        if (o.result !== undefined && raw && typeof raw === 'object')
          raw.result = parseJsonFlag(o.result, '--result');
        const ev = toEvent(raw);
        if (typeof ev === 'string') throw new CliError(`invalid event: ${ev}`);
        const trace: TraceStep[] = [];
        const d = evaluate(ir, ev, trace);
        process.stdout.write(formatTrace(trace) + '\n\n' + formatDecision(d) + '\n');
      },
    );
}

function formatTrace(trace: TraceStep[]): string {
  const c = colours();
  const out: string[] = [];
  for (const s of trace) {
    switch (s.kind) {
      case 'session':
      case 'rule': {
        const mark = s.outcome === 'matched' ? c.green('✔ matched') : c.dim('✘ skipped');
        out.push(`${mark} ${c.bold(s.id)}${s.label ? ` (${s.label})` : ''}: ${s.reason}`);
        break;
      }
      case 'default':
        out.push(`${c.yellow('→ default')}: no rule matched, the default is ${s.decision}`);
        break;
      case 'method':
        out.push(`${c.dim('→')} ${s.method}: ${s.reason}`);
        break;
      case 'detector': {
        const what = s.error
          ? c.red(`failed: ${s.error}`)
          : s.findings
            ? c.yellow(`${s.findings} finding(s)`)
            : c.dim('clean');
        out.push(`  detector ${c.bold(s.id)} (${s.phase}, ${s.action}): ${what}`);
        break;
      }
    }
  }
  return out.join('\n');
}
