import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { toolDefinition } from '../protocol/tool-definition.js';
import { toolHash } from './lib/tool-hash.js';
import type { Snapshot, Tool } from './snapshot.js';

/**
 * Pin files in the gateway's format (`{server, tools: {name: {hash, pinned_at, definition}}}`), so that a
 * file written by `mcpshield proxy --pins` can be scanned against, and one written by the scanner
 * (`scan --write-pins`, for CI) can be handed to the gateway.
 */
export function comparePins(file: string, tools: Tool[]): NonNullable<Snapshot['pins']> {
  let json: { tools?: Record<string, { hash?: unknown }> };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (e) {
    throw new Error(`cannot read pin file \`${file}\`: ${(e as Error).message}`);
  }
  if (!json || typeof json.tools !== 'object') throw new Error(`pin file \`${file}\` has no \`tools\` map`);
  const pinned: Record<string, string> = {};
  for (const [name, pin] of Object.entries(json.tools))
    if (typeof pin?.hash === 'string') pinned[name] = pin.hash;
  return { pinned, current: Object.fromEntries(tools.map((t) => [t.name, toolHash(t)])) };
}

/** Writes the tools as they are now, atomically. */
export function writePins(file: string, server: string, tools: Tool[], now = new Date()): void {
  const pins = Object.fromEntries(
    tools.map((t) => [
      t.name,
      { hash: toolHash(t), pinned_at: now.toISOString(), definition: toolDefinition(t) },
    ]),
  );
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ server, tools: pins }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
