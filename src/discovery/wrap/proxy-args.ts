/** What a wrapped server runs: `LAUNCHER... proxy --policy P --name NAME -- COMMAND ARGS...`. */
export type Launcher = { command: string; args: string[] };

export function wrappedArgs(
  launcher: Launcher,
  policy: string,
  name: string,
  command: string,
  args: string[],
) {
  return {
    command: launcher.command,
    args: [...launcher.args, 'proxy', '--policy', policy, '--name', name, '--', command, ...args],
  };
}

/**
 * The original command of a wrapped entry, or null when the entry does not run `mcpshield proxy`. The
 * launcher may be `mcpshield` or a path to it, or a command that starts it (`node main.js`): the marker is
 * the `proxy` verb followed, after its options, by `--` and the original command.
 */
export function unwrappedArgs(
  command: string,
  args: readonly string[],
): { command: string; args: string[] } | null {
  const proxy = args.indexOf('proxy');
  const isLauncher = /(?:^|[\\/])mcpshield(?:\.cmd|\.exe|\.ps1)?$/i.test(command) || proxy > 0;
  if (!isLauncher || proxy === -1 || !args.includes('--policy')) return null;
  const dashes = args.indexOf('--', proxy);
  if (dashes === -1 || dashes + 1 >= args.length) return null;
  return { command: args[dashes + 1]!, args: args.slice(dashes + 2) };
}
