import { constants } from 'node:fs';
import { access, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { parseConfig } from './parse.js';
import type { ConfigFormat, Os } from './types.js';

/** What a reader knows of the machine it scans. Paths are absolute. */
export type ScanContext = {
  os: Os;
  home: string;
  /** Where system-wide locations (`/etc`, `C:\ProgramData`) are taken from: `/` unless scanning a copy. */
  root: string;
  /** The platform's per-user and system folders (see `platformDirs`). */
  dirs: PlatformDirs;
  /** Project folders: given with `--workspace` and found in the project lists clients keep. */
  workspaces: string[];
  read(path: string): Promise<FileRead>;
  /** The entries of a folder; a folder that exists but cannot be listed is reported as unreadable. */
  list(dir: string): Promise<string[]>;
};

export type FileRead =
  | { kind: 'missing' }
  /** `path` is the file, or the folder above it that cannot be entered (one report for all it hides). */
  | { kind: 'unreadable'; message: string; path: string }
  | { kind: 'text'; text: string };

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

/** Files read by earlier scans, with the modification time and size they had. */
export type FileCache = Map<string, { mtimeMs: number; size: number; read: FileRead }>;

/**
 * Reads a file once per scan: several readers look at the same file (`~/.claude.json`, VS Code settings).
 * With a cache kept across scans (the agent's), a file whose modification time and size are unchanged is
 * not read again: the same `FileRead` is returned, so what was parsed from it can be reused too.
 */
export function fileReader(kept?: FileCache): (path: string) => Promise<FileRead> {
  const cache = new Map<string, Promise<FileRead>>();
  return (path) => {
    let read = cache.get(path);
    if (!read) {
      read = kept ? readKept(path, kept) : readText(path);
      cache.set(path, read);
    }
    return read;
  };
}

async function readKept(path: string, kept: FileCache): Promise<FileRead> {
  let st;
  try {
    st = await stat(path);
  } catch {
    kept.delete(path);
    return readText(path); // absent or closed: reported as a read would report it
  }
  const prior = kept.get(path);
  if (prior && prior.mtimeMs === st.mtimeMs && prior.size === st.size) return prior.read;
  const read = await readText(path);
  kept.set(path, { mtimeMs: st.mtimeMs, size: st.size, read });
  return read;
}

function readText(path: string): Promise<FileRead> {
  return readFile(path, 'utf8').then(
    (text): FileRead => ({ kind: 'text', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text }),
    async (e: NodeJS.ErrnoException): Promise<FileRead> => {
      if (MISSING.has(e.code ?? '')) return { kind: 'missing' };
      const closed = e.code === 'EACCES' ? await closedFolder(path) : undefined;
      return { kind: 'unreadable', message: describeIoError(e), path: closed ?? path };
    },
  );
}

const parsedDocs = new WeakMap<FileRead, { format: ConfigFormat; doc?: unknown; error?: unknown }>();

/**
 * The parsed document of a file read, parsed once per `FileRead`: a file unchanged between two scans of
 * the agent is not parsed again. Throws the parse error, every time it is asked.
 */
export function parsedText(read: Extract<FileRead, { kind: 'text' }>, format: ConfigFormat): unknown {
  let memo = parsedDocs.get(read);
  if (!memo || memo.format !== format) {
    try {
      memo = { format, doc: parseConfig(read.text, format) };
    } catch (error) {
      memo = { format, error };
    }
    parsedDocs.set(read, memo);
  }
  if ('error' in memo) throw memo.error;
  return memo.doc;
}

/** Lists a folder; a folder that cannot be listed (other than absent) goes to `unreadable`. */
export async function listDir(
  dir: string,
  unreadable: { path: string; message: string }[],
): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (!MISSING.has(err.code ?? '')) {
      const closed = err.code === 'EACCES' ? await closedFolder(join(dir, '.')) : undefined;
      unreadable.push({ path: closed ?? dir, message: describeIoError(err) });
    }
    return [];
  }
}

/**
 * The outermost folder above `path` that cannot be entered, if any: when `~/.config` is closed, what the
 * readers look for below it is reported once, as `~/.config`, not once per file.
 */
async function closedFolder(path: string): Promise<string | undefined> {
  const parts = dirname(path).split(sep);
  for (let i = 1; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join(sep) || sep;
    try {
      await access(dir, constants.X_OK);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EACCES' ? dir : undefined;
    }
  }
  return undefined;
}

export function describeIoError(e: NodeJS.ErrnoException): string {
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a folder, not a file';
  if (e.code === 'ELOOP') return 'too many symbolic links';
  return e.code ? `cannot read (${e.code})` : `cannot read: ${e.message}`;
}

/**
 * Per-user folders of each platform, relative to the home directory (also on `--os windows`: Windows
 * keeps `%APPDATA%` at `HOME\AppData\Roaming` unless redirected).
 */
export type PlatformDirs = {
  /** Where desktop apps keep settings: `%APPDATA%`, `~/Library/Application Support`, `~/.config`. */
  appData: string;
  /** `%LOCALAPPDATA%` on Windows; `appData` elsewhere. */
  localAppData: string;
  /** XDG-style `~/.config`, used as such by CLI tools on every platform. */
  dotConfig: string;
  /** System-wide settings: `C:\\ProgramData`, `/Library/Application Support`, `/etc`. */
  programData: string;
};

export function platformDirs(os: Os, home: string, root: string): PlatformDirs {
  if (os === 'windows')
    return {
      appData: join(home, 'AppData', 'Roaming'),
      localAppData: join(home, 'AppData', 'Local'),
      dotConfig: join(home, '.config'),
      programData: join(root, 'ProgramData'),
    };
  if (os === 'macos')
    return {
      appData: join(home, 'Library', 'Application Support'),
      localAppData: join(home, 'Library', 'Application Support'),
      dotConfig: join(home, '.config'),
      programData: join(root, 'Library', 'Application Support'),
    };
  return {
    appData: join(home, '.config'),
    localAppData: join(home, '.config'),
    dotConfig: join(home, '.config'),
    programData: join(root, 'etc'),
  };
}
