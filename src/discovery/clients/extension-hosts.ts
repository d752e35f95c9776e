import { join } from 'node:path';
import type { ScanContext } from '../context.js';
import { vscodeUserDir } from './common.js';

/** Editors that run VS Code extensions, each with its own extension storage. */
const HOSTS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf', 'Trae'];

/** `User/globalStorage/<extension id>/<file>` in every editor that can host the extension. */
export function extensionStorageFiles(ctx: ScanContext, extensionId: string, ...file: string[]): string[] {
  return HOSTS.map((host) => join(vscodeUserDir(ctx, host), 'globalStorage', extensionId, ...file));
}
