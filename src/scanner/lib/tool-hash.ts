import { createHash } from 'node:crypto';
import { canonicalJson, toolDefinition } from '../../protocol/tool-definition.js';
import type { Tool } from '../snapshot.js';

/** The gateway's pin hash: sha256 of the canonical tool definition. */
export function toolHash(tool: Tool): string {
  return `sha256:${createHash('sha256')
    .update(canonicalJson(toolDefinition(tool)))
    .digest('hex')}`;
}
