import type { Command } from 'commander';
import { detectors } from '../../detectors/index.js';
import { colours, severityColour } from '../output.js';

export function register(program: Command): void {
  program
    .command('detectors')
    .description('list the detectors, their default actions and OWASP MCP categories')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const metas = Object.values(detectors).map((d) => d.meta);
      if (opts.json) {
        process.stdout.write(JSON.stringify(metas, null, 2) + '\n');
        return;
      }
      const c = colours();
      for (const m of metas) {
        process.stdout.write(
          `${c.bold(m.id.padEnd(18))} ${severityColour(m.severity)(m.severity.padEnd(8))} ${m.defaultAction.padEnd(6)} ${m.owasp}  ${m.title}\n`,
        );
      }
    });
}
