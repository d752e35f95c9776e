import type { Command } from 'commander';
import { DEFAULT_PORT, startServer } from '../../server/index.js';
import { CliError } from '../cli-error.js';

type UpOptions = { host: string; port: string; dataDir?: string };

export function register(program: Command): void {
  program
    .command('up')
    .description('run the control plane: the HTTP API under /api, on the embedded database by default')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', String(DEFAULT_PORT))
    .option(
      '--data-dir <dir>',
      'where the embedded database and the generated secret live (default ~/.mcpshield)',
    )
    .action(async (opts: UpOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port must be a port number, not \`${opts.port}\``);
      let server;
      try {
        server = await startServer({ host: opts.host, port, dataDir: opts.dataDir });
      } catch (err) {
        throw new CliError(`cannot start: ${(err as Error).message}`, 1);
      }
      process.stdout.write(`mcpshield up: listening on ${server.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stderr.write('mcpshield up: shutting down\n');
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    });
}
