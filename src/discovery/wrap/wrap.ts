import { copyFileSync, existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { maskText } from '../mask.js';
import { scanConfigs, type ConfigScan, type DiscoverOptions } from '../discover.js';
import { unwrapText, wrapText, type Rewrite, type WrapTarget } from './rewrite.js';
import { TomlEditError } from './toml-edit.js';
import { backupPath, readManifest, sha256, writeAtomic, writeManifest } from './state.js';
import type { Launcher } from './proxy-args.js';

export type WrapOptions = DiscoverOptions & {
  policy: string;
  /** Where backups and the manifest live. */
  stateDir: string;
  launcher?: Launcher;
  dryRun?: boolean;
};

/** What happened to one config file. */
export type FileOutcome = {
  client: string;
  configPath: string;
  /** Servers put behind the gateway (or, for unwrap, given back their own command). */
  servers: string[];
  /** Servers left alone, with why (remote, already wrapped, format not editable). */
  skipped: { name: string; reason: string }[];
  diff?: string;
  note?: string;
  /** Unwrap: the file got its original bytes back from the backup. */
  restored?: boolean;
};

const BOM = '\ufeff';

/**
 * Puts every stdio server of every readable config behind `mcpshield proxy`. Idempotent: a wrapped entry
 * is left as it is, and a file's first backup is kept through later runs. With `dryRun`, only diffs.
 */
export async function wrap(opts: WrapOptions): Promise<FileOutcome[]> {
  const launcher = opts.launcher ?? { command: 'mcpshield', args: [] };
  const policy = resolve(opts.policy);
  const { configs } = await scanConfigs(opts);
  const manifest = readManifest(opts.stateDir);
  const out: FileOutcome[] = [];
  for (const c of byFile(configs)) {
    const path = c.source.path;
    const outcome: FileOutcome = { client: c.client, configPath: path, servers: [], skipped: [] };
    const targets: WrapTarget[] = [];
    for (const s of c.servers) {
      if (s.command === null) outcome.skipped.push({ name: s.name, reason: `remote (${s.transport})` });
      else targets.push({ name: s.name, entryPath: s.entryPath });
    }
    if (targets.length === 0) continue;
    const bytes = readFileSync(path);
    const { bom, text } = decode(bytes);
    let result: Rewrite;
    try {
      result = wrapText(text, c.source.format, targets, launcher, policy);
    } catch (e) {
      if (!(e instanceof TomlEditError)) throw e;
      for (const t of targets) outcome.skipped.push({ name: t.name, reason: `not edited: ${e.message}` });
      out.push(outcome);
      continue;
    }
    for (const t of targets)
      if (!result.changed.includes(t.name)) outcome.skipped.push({ name: t.name, reason: 'already wrapped' });
    outcome.servers = result.changed;
    if (result.changed.length === 0) {
      out.push(outcome);
      continue;
    }
    if (opts.dryRun) outcome.diff = patch(path, text, result.text, 'current', 'wrapped');
    else {
      const written = bom + result.text;
      const prior = manifest.files[path];
      if (!prior) {
        const backup = backupPath(opts.stateDir, path);
        mkdirSync(dirname(backup), { recursive: true });
        copyFileSync(path, backup);
        manifest.files[path] = { client: c.client, backup, wrappedSha256: '', wrappedAt: '' };
      } else if (prior.wrappedSha256 !== sha256(bytes)) {
        // Edited since the last wrap: the original to return to is today's file without the gateway.
        writeAtomic(prior.backup, bom + unwrapText(text, c.source.format, targets).text);
      }
      writeAtomic(path, written);
      manifest.files[path] = {
        ...manifest.files[path]!,
        wrappedSha256: sha256(written),
        wrappedAt: new Date().toISOString(),
      };
      writeManifest(opts.stateDir, manifest);
    }
    out.push(outcome);
  }
  return out;
}

/**
 * Undoes `wrap`: a file unchanged since gets its original bytes back from the backup; a file edited since
 * (a server added by hand) has its wrapped entries given back their own command, keeping the edits. Then
 * any other config that still runs servers through the gateway is unwrapped the same way.
 */
export async function unwrap(opts: Omit<WrapOptions, 'policy' | 'launcher'>): Promise<FileOutcome[]> {
  const manifest = readManifest(opts.stateDir);
  const out: FileOutcome[] = [];
  const restored = new Set<string>();
  for (const [path, entry] of Object.entries(manifest.files)) {
    const outcome: FileOutcome = { client: entry.client, configPath: path, servers: [], skipped: [] };
    if (!existsSync(path) || !existsSync(entry.backup)) {
      outcome.note = !existsSync(path)
        ? 'the config is gone; its backup is kept'
        : `backup missing: ${entry.backup}`;
      out.push(outcome);
      continue;
    }
    if (sha256(readFileSync(path)) !== entry.wrappedSha256) continue; // edited since: unwrapped in place below
    const original = readFileSync(entry.backup);
    if (opts.dryRun)
      outcome.diff = patch(
        path,
        decode(readFileSync(path)).text,
        decode(original).text,
        'wrapped',
        'original',
      );
    else {
      writeAtomic(path, original);
      unlinkSync(entry.backup);
      delete manifest.files[path];
      writeManifest(opts.stateDir, manifest);
    }
    outcome.restored = true;
    restored.add(path);
    out.push(outcome);
  }
  const { configs } = await scanConfigs(opts);
  for (const c of byFile(configs)) {
    const path = c.source.path;
    if (restored.has(path)) continue;
    const targets = c.servers
      .filter((s) => s.command !== null)
      .map((s) => ({ name: s.name, entryPath: s.entryPath }));
    if (targets.length === 0) continue;
    const { bom, text } = decode(readFileSync(path));
    const outcome: FileOutcome = { client: c.client, configPath: path, servers: [], skipped: [] };
    let result: Rewrite;
    try {
      result = unwrapText(text, c.source.format, targets);
    } catch (e) {
      if (!(e instanceof TomlEditError)) throw e;
      out.push({ ...outcome, note: `not edited: ${e.message}; edit it by hand or restore its backup` });
      continue;
    }
    if (result.changed.length === 0) continue;
    outcome.servers = result.changed;
    if (opts.dryRun) outcome.diff = patch(path, text, result.text, 'wrapped', 'unwrapped');
    else {
      writeAtomic(path, bom + result.text);
      if (manifest.files[path]) {
        outcome.note = `edited since wrap: unwrapped in place; the original is kept at ${manifest.files[path].backup}`;
        delete manifest.files[path];
        writeManifest(opts.stateDir, manifest);
      }
    }
    out.push(outcome);
  }
  return out;
}

/** Configs read without error, one per file (a file shared by two clients is edited once). */
function byFile(configs: ConfigScan[]): ConfigScan[] {
  const seen = new Map<string, ConfigScan>();
  for (const c of configs) {
    if (c.status !== 'ok') continue;
    const prior = seen.get(c.source.path);
    if (prior)
      prior.servers.push(
        ...c.servers.filter((s) => !prior.servers.some((p) => sameEntry(p.entryPath, s.entryPath))),
      );
    else seen.set(c.source.path, { ...c, servers: [...c.servers] });
  }
  return [...seen.values()];
}

function sameEntry(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function decode(bytes: Buffer): { bom: string; text: string } {
  const text = bytes.toString('utf8');
  return text.startsWith(BOM) ? { bom: BOM, text: text.slice(1) } : { bom: '', text };
}

/** A unified diff of a config, with the secrets it holds masked: a diff is printed, and logs keep it. */
function patch(path: string, before: string, after: string, from: string, to: string): string {
  const text = createTwoFilesPatch(path, path, before, after, from, to);
  return text
    .split('\n')
    .map((line) => maskText(line))
    .join('\n');
}
