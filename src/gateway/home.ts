import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where MCPShield keeps local state (pins, spools): `$MCPSHIELD_HOME`, else `~/.mcpshield`. */
export function mcpshieldHome(): string {
  return process.env.MCPSHIELD_HOME || join(homedir(), '.mcpshield');
}

export const defaultPinsDir = () => join(mcpshieldHome(), 'pins');
