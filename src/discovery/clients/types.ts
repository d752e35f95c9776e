import type { ScanContext } from '../context.js';
import type { ConfigFormat, RawServer, Scope } from '../types.js';

/**
 * One config file a client may have: where it is, how to parse it, and how to find the servers in the
 * parsed document (throwing `ConfigShapeError` when the document is not what the client writes).
 */
export type Source = {
  path: string;
  format: ConfigFormat;
  scope: Scope;
  workspace?: string;
  servers(doc: unknown): RawServer[];
};

/** A reader of one AI client's MCP configs. */
export type ClientReader = {
  id: string;
  title: string;
  sources(ctx: ScanContext): Source[] | Promise<Source[]>;
  /** Project folders the client remembers (Claude Code's `projects`, VS Code's workspace storage). */
  workspaces?(ctx: ScanContext): Promise<string[]>;
};
