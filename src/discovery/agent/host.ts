import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { currentOs } from '../discover.js';
import type { Os } from '../types.js';

/** How the agent names its machine to the control plane. */
export type HostIdentity = { hostname: string; os: Os; fingerprint: string };

/** Files holding the machine's stable id (systemd's, then D-Bus's), read when present. */
export const MACHINE_ID_FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'];

/**
 * The machine's identity: its hostname, and a fingerprint that is the SHA-256 of the hostname and the
 * machine id where one is readable (the hostname alone elsewhere). The id itself never leaves the machine.
 */
export async function hostIdentity(
  options: { hostname?: string; os?: Os; machineIdFiles?: string[] } = {},
): Promise<HostIdentity> {
  const hostname = options.hostname ?? osHostname();
  let machineId = '';
  for (const file of options.machineIdFiles ?? MACHINE_ID_FILES) {
    machineId = await readFile(file, 'utf8').then(
      (text) => text.trim(),
      () => '',
    );
    if (machineId) break;
  }
  const fingerprint = createHash('sha256').update(`${hostname}\n${machineId}`).digest('hex');
  return { hostname, os: options.os ?? currentOs(), fingerprint };
}
