import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, toolDefinition } from '../protocol/tool-definition.js';

export { canonicalJson, toolDefinition };

/**
 * Tool pinning, trust on first use. The first time a server lists a tool, a canonical hash of what the
 * model reads of it (name, title, description, input and output schema, annotations) is pinned; when a
 * later list shows another hash (a rug pull), the tool is blocked, in lists and in calls, until someone
 * approves the new definition (`mcpshield pins approve`). One JSON file per server, written atomically,
 * re-read when another process (the CLI) changes it.
 */
export type PinnedTool = {
  hash: string;
  pinned_at: string;
  definition: unknown;
  /** A definition seen since, not approved: the tool is blocked while this is set. */
  changed?: { hash: string; seen_at: string; definition: unknown };
};

export type PinFile = { server: string; tools: Record<string, PinnedTool> };

export type PinCheck = {
  /** Tools as listed, without the blocked ones. */
  tools: unknown[];
  pinned: string[];
  changed: { name: string; from: string; to: string }[];
};

export function toolHash(tool: Record<string, unknown>): string {
  return `sha256:${createHash('sha256')
    .update(canonicalJson(toolDefinition(tool)))
    .digest('hex')}`;
}

/** A file name for a server name: readable, and never a path. */
function fileName(server: string): string {
  const safe = server.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${safe || '_'}.json`;
}

export class PinStore {
  private cache = new Map<string, { file: PinFile; mtimeMs: number; checkedAt: number }>();

  /** `recheckMs`: how long a read trusts the cached file before it looks at the disk again. */
  constructor(
    readonly dir: string,
    private readonly recheckMs = 0,
  ) {}

  private path(server: string): string {
    return join(this.dir, fileName(server));
  }

  /** The server's pins, re-read when the file changed on disk. */
  read(server: string): PinFile {
    const cachedNow = this.cache.get(server);
    if (cachedNow && performance.now() - cachedNow.checkedAt < this.recheckMs) return cachedNow.file;
    const path = this.path(server);
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      // no file yet
    }
    const cached = this.cache.get(server);
    if (cached && cached.mtimeMs === mtimeMs) {
      cached.checkedAt = performance.now();
      return cached.file;
    }
    let file: PinFile = { server, tools: {} };
    if (mtimeMs >= 0) {
      try {
        file = JSON.parse(readFileSync(path, 'utf8')) as PinFile;
        if (!file || typeof file.tools !== 'object') throw new Error('no `tools` map');
      } catch (e) {
        // Never start over silently: a broken pin file would re-pin rug-pulled tools.
        throw new Error(`pin file \`${path}\` is unreadable (${(e as Error).message}); fix or delete it`);
      }
    }
    this.cache.set(server, { file, mtimeMs, checkedAt: performance.now() });
    return file;
  }

  private write(file: PinFile): void {
    mkdirSync(this.dir, { recursive: true });
    const path = this.path(file.server);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
    this.cache.set(file.server, { file, mtimeMs: statSync(path).mtimeMs, checkedAt: performance.now() });
  }

  /** Pin new tools, record changed ones, and return the list without the blocked tools. */
  check(server: string, tools: unknown[], now = new Date()): PinCheck {
    const file = this.read(server);
    const out: PinCheck = { tools: [], pinned: [], changed: [] };
    let dirty = false;
    for (const tool of tools) {
      if (!tool || typeof tool !== 'object' || typeof (tool as { name?: unknown }).name !== 'string') {
        out.tools.push(tool);
        continue;
      }
      const t = tool as Record<string, unknown>;
      const name = t.name as string;
      const hash = toolHash(t);
      const pin = Object.hasOwn(file.tools, name) ? file.tools[name] : undefined;
      if (!pin) {
        file.tools[name] = { hash, pinned_at: now.toISOString(), definition: toolDefinition(t) };
        out.pinned.push(name);
        out.tools.push(tool);
        dirty = true;
      } else if (pin.hash === hash) {
        if (pin.changed) {
          delete pin.changed; // the server went back to the approved definition
          dirty = true;
        }
        out.tools.push(tool);
      } else {
        if (pin.changed?.hash !== hash) {
          pin.changed = { hash, seen_at: now.toISOString(), definition: toolDefinition(t) };
          dirty = true;
        }
        out.changed.push({ name, from: pin.hash, to: hash });
      }
    }
    if (dirty) this.write(file);
    return out;
  }

  /** Is this tool blocked by a changed, unapproved definition? */
  blocked(server: string, tool: string): boolean {
    const file = this.read(server);
    return Object.hasOwn(file.tools, tool) && file.tools[tool]!.changed !== undefined;
  }

  servers(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => {
          try {
            return (JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as PinFile).server;
          } catch {
            return f.slice(0, -5);
          }
        });
    } catch {
      return [];
    }
  }

  /** Accept the changed definition of a tool (or of every changed tool). Returns the tools approved. */
  approve(server: string, tool?: string, now = new Date()): string[] {
    const file = this.read(server);
    const names = tool === undefined ? Object.keys(file.tools) : [tool];
    const approved: string[] = [];
    for (const name of names) {
      const pin = Object.hasOwn(file.tools, name) ? file.tools[name] : undefined;
      if (!pin?.changed) continue;
      file.tools[name] = {
        hash: pin.changed.hash,
        pinned_at: now.toISOString(),
        definition: pin.changed.definition,
      };
      approved.push(name);
    }
    if (approved.length) this.write(file);
    return approved;
  }

  /** Forget the pins of one tool or of the whole server: the next list pins them afresh. */
  reset(server: string, tool?: string): number {
    const file = this.read(server);
    if (tool === undefined) {
      const n = Object.keys(file.tools).length;
      rmSync(this.path(server), { force: true });
      this.cache.delete(server);
      return n;
    }
    if (!Object.hasOwn(file.tools, tool)) return 0;
    delete file.tools[tool];
    this.write(file);
    return 1;
  }
}
