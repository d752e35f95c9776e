import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { sampleArguments } from './lib/sample-arguments.js';
import type { Snapshot, Tool } from './snapshot.js';

/** What `--exercise` saw: the tools listed after each call and after each `tools/list_changed`. */
export type AfterCalls = NonNullable<Snapshot['toolsAfterCalls']>;

/**
 * A tool the scanner may call: it says it only reads (`readOnlyHint: true`), and neither that it destroys
 * nor that it reaches the outside world. `openWorldHint` defaults to true in the MCP spec, so it must be
 * `false` explicitly.
 */
export function isSafeToCall(tool: Tool): boolean {
  const a = tool.annotations ?? {};
  return a.readOnlyHint === true && a.destructiveHint !== true && a.openWorldHint === false;
}

/**
 * Calls the tools that are safe to call, `calls` times in all (in turn, with arguments from their input
 * schemas), and lists the tools again after each call and whenever the server says they changed: a server
 * that rewrites a tool only after it has been used shows it here. Which tools are safe is decided on the
 * latest list, so a tool that stops saying it is read-only is not called again. Failed calls count.
 */
export async function exerciseTools(
  client: Client,
  tools: Tool[],
  opts: { calls: number; timeoutMs: number; listTools: () => Promise<Tool[]> },
): Promise<AfterCalls> {
  const seen: AfterCalls = [];
  const called: string[] = [];
  const relist = async (): Promise<Tool[] | null> => {
    const calls = [...called];
    try {
      const listed = await opts.listTools();
      seen.push({ calls, tools: listed });
      return listed;
    } catch {
      return null;
    }
  };
  const announced: Promise<unknown>[] = [];
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void announced.push(relist()));
  try {
    let latest = tools;
    for (let i = 0; i < opts.calls; i++) {
      const callable = latest.flatMap((t) => {
        const args = isSafeToCall(t) ? sampleArguments(t.inputSchema) : null;
        return args ? [{ name: t.name, arguments: args }] : [];
      });
      const next = callable[i % Math.max(callable.length, 1)];
      if (!next) break;
      called.push(next.name);
      await client.callTool(next, undefined, { timeout: opts.timeoutMs }).catch(() => {});
      latest = (await relist()) ?? latest;
    }
    await Promise.all(announced);
  } finally {
    client.removeNotificationHandler('notifications/tools/list_changed');
  }
  return seen;
}
