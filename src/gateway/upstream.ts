import { spawn } from 'node:child_process';
import { ChildChannel, type Channel } from './channel.js';

/** How to start a stdio server. */
export type StdioSpec = { command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string };

/** A running upstream: its channel, and a promise of why it ended (exit code, signal or spawn error). */
export type Upstream = { channel: Channel; ended: Promise<string>; pid: number | undefined };

/**
 * Start a stdio server. Its stderr goes to ours (AI clients show it as the server's log); stdout and
 * stdin carry the protocol.
 */
export function spawnStdio(spec: StdioSpec, maxBytes: number): Upstream {
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['pipe', 'pipe', 'inherit'],
    windowsHide: true,
  });
  const ended = new Promise<string>((resolve) => {
    let error: string | undefined;
    child.once('error', (e) => (error = `could not start \`${spec.command}\`: ${e.message}`));
    child.once('close', (code, signal) =>
      resolve(error ?? (signal ? `killed by ${signal}` : `exited with code ${code ?? 'unknown'}`)),
    );
  });
  // A server that exits while we write must not crash the gateway with EPIPE.
  child.stdin!.on('error', () => undefined);
  return { channel: new ChildChannel(child, maxBytes), ended, pid: child.pid };
}
