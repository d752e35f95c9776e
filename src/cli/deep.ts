import type { LiveTools, RawServer } from '../discovery/types.js';
import { sandboxCommand } from '../gateway/sandbox.js';
import { openSession, StderrLog } from '../scanner/connect.js';

export type DeepOptions = { sandbox: 'bwrap' | 'none'; timeoutMs: number };

/**
 * `discover --deep`: start a configured stdio server as its client would (its command, arguments and
 * environment), under bubblewrap unless told otherwise, and list its tools with the scanner's client.
 * The sandbox has the network (package launchers download on first use) but a read-only filesystem with
 * credential stores masked: listing tools must not let a server read or change anything.
 */
export function deepLister(o: DeepOptions): (server: RawServer) => Promise<LiveTools> {
  return async (server) => {
    if (!server.command) return { status: 'failed', error: 'no command to start' };
    let spec = { command: server.command, args: server.args, env: server.env };
    if (o.sandbox === 'bwrap') {
      const boxed = sandboxCommand('bwrap', spec, { network: true, writable: [], memory: '512m', pids: 256 });
      spec = { command: boxed.command, args: boxed.args, env: server.env };
    }
    const stderr = new StderrLog();
    try {
      const session = await openSession(
        { kind: 'stdio', ...spec },
        { timeoutMs: o.timeoutMs, stderr, toolsOnly: true },
      );
      return { status: 'listed', tools: session.tools };
    } catch (e) {
      const tail = stderr.tail(2);
      return { status: 'failed', error: `${(e as Error).message}${tail ? ` (stderr: ${tail})` : ''}` };
    }
  };
}
