import { setTimeout as sleep } from 'node:timers/promises';
import type { FileCache } from '../context.js';
import { discover, type DiscoverOptions } from '../discover.js';
import type { Inventory } from '../types.js';
import { configFingerprint } from './fingerprint.js';

/** One pass of the agent: the new inventory, or null when no config changed since the last pass. */
export type AgentScan = { inventory: Inventory | null; ms: number; at: Date };

export type AgentOptions = DiscoverOptions & {
  intervalMs: number;
  signal: AbortSignal;
  onScan(scan: AgentScan): void | Promise<void>;
};

/**
 * Re-scans the machine every `intervalMs` until `signal` aborts. A pass whose fingerprint (every candidate
 * config's modification time and size) equals the last one reads no config and reports `inventory: null`;
 * otherwise the machine is scanned again, re-reading only the files that changed.
 */
export async function runAgent(opts: AgentOptions): Promise<void> {
  const cache: FileCache = new Map();
  const scan = { ...opts, cache };
  let last: string | undefined;
  while (!opts.signal.aborted) {
    const start = performance.now();
    const fingerprint = await configFingerprint(scan);
    let inventory: Inventory | null = null;
    if (fingerprint !== last) {
      inventory = await discover(scan);
      last = fingerprint;
    }
    await opts.onScan({ inventory, ms: performance.now() - start, at: new Date() });
    await sleep(opts.intervalMs, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}
