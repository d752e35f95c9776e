import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanConfigs } from '../../src/discovery/discover.js';
import { unwrap, wrap } from '../../src/discovery/wrap/wrap.js';
import type { Os } from '../../src/discovery/types.js';
import { connect, SERVERS, tempDir, writePolicy } from '../support/mcp.js';
import { ROOT } from '../support/source.js';
import { copyFixture } from './fixture-home.js';

/** Every file under a folder, by relative path, as bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const OSES: Os[] = ['linux', 'macos', 'windows'];

describe.each(OSES)('wrap and unwrap on the %s fixture', (os) => {
  it('wraps every stdio server, is idempotent, and unwrap restores every byte', async () => {
    const copy = copyFixture(os);
    const policy = writePolicy(tempDir('wrap-policy'), 'version: 1\ndefault: allow\n');
    const state = join(tempDir('wrap-state'), 'wrap');
    const scan = { os, home: copy.home, root: copy.root, stateDir: state };
    const before = snapshot(copy.dir);

    const dry = await wrap({ ...scan, policy, dryRun: true });
    expect(snapshot(copy.dir)).toEqual(before);
    expect(dry.some((o) => o.diff?.includes('+'))).toBe(true);

    const first = await wrap({ ...scan, policy });
    const wrapped = first.flatMap((o) => o.servers);
    expect(wrapped.length).toBeGreaterThan(3);
    const after = snapshot(copy.dir);
    expect(after).not.toEqual(before);

    // every stdio entry in an editable file now runs the gateway
    const { configs } = await scanConfigs({ os, home: copy.home, root: copy.root });
    for (const c of configs)
      for (const s of c.servers)
        if (s.command !== null) {
          expect(s.command, `${c.source.path} ${s.name}`).toBe('mcpshield');
          expect(s.args.slice(0, 6)).toEqual(['proxy', '--policy', policy, '--name', s.name, '--']);
        }

    const second = await wrap({ ...scan, policy });
    expect(second.flatMap((o) => o.servers)).toEqual([]);
    expect(snapshot(copy.dir)).toEqual(after);

    await unwrap(scan);
    expect(snapshot(copy.dir)).toEqual(before);
  });
});

describe('wrap', () => {
  it('keeps the comments and layout of a JSONC file', async () => {
    const copy = copyFixture('linux');
    const policy = writePolicy(tempDir('wrap-policy'), 'version: 1\ndefault: allow\n');
    const state = join(tempDir('wrap-state'), 'wrap');
    await wrap({
      os: 'linux',
      home: copy.home,
      root: copy.root,
      stateDir: state,
      policy,
      clients: ['cursor'],
    });
    const text = readFileSync(join(copy.home, '.cursor/mcp.json'), 'utf8');
    expect(text).toContain('// Cursor accepts comments and trailing commas');
    expect(text).toContain('/* a block comment */');
    expect(text).toContain('"command": "mcpshield"');
  });

  it('keeps a byte-order mark and CRLF line ends, and unwrap gives the same bytes back', async () => {
    const home = tempDir('wrap-crlf');
    const file = join(home, '.cursor', 'mcp.json');
    mkdirSync(join(home, '.cursor'));
    const original =
      '\ufeff{\r\n  "mcpServers": {\r\n    "a": {\r\n      "command": "node",\r\n      "args": [\r\n        "a.js"\r\n      ]\r\n    }\r\n  }\r\n}\r\n';
    writeFileSync(file, original);
    const policy = writePolicy(home, 'version: 1\ndefault: allow\n');
    const scan = { os: 'linux' as const, home, root: home, stateDir: join(home, 'state') };
    await wrap({ ...scan, policy });
    const wrapped = readFileSync(file, 'utf8');
    expect(wrapped.startsWith('\ufeff{\r\n')).toBe(true);
    expect(wrapped.replace(/\r\n/g, '')).not.toContain('\n');
    expect(wrapped).toContain('"mcpshield"');
    await unwrap(scan);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('keeps hand edits made after wrap when unwrapping', async () => {
    const copy = copyFixture('linux');
    const policy = writePolicy(tempDir('wrap-policy'), 'version: 1\ndefault: allow\n');
    const scan = {
      os: 'linux' as const,
      home: copy.home,
      root: copy.root,
      stateDir: join(tempDir('s'), 'w'),
    };
    const file = join(copy.home, '.lmstudio/mcp.json');
    writeFileSync(file, '{"mcpServers": {"a": {"command": "node", "args": ["a.js"]}}}\n');
    await wrap({ ...scan, policy, clients: ['lm-studio'] });
    const wrapped = JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, unknown> };
    wrapped.mcpServers.b = { command: 'node', args: ['b.js'] };
    writeFileSync(file, JSON.stringify(wrapped));
    await unwrap({ ...scan, clients: ['lm-studio'] });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      mcpServers: { a: { command: 'node', args: ['a.js'] }, b: { command: 'node', args: ['b.js'] } },
    });
  });

  it('leaves a wrapped config that still starts its server, through the real gateway', async () => {
    const home = tempDir('wrap-run');
    const file = join(home, '.cursor', 'mcp.json');
    mkdirSync(join(home, '.cursor'));
    writeFileSync(
      file,
      JSON.stringify({ mcpServers: { memory: { command: process.execPath, args: [...SERVERS.memory] } } }),
    );
    const policy = writePolicy(home, 'version: 1\ndefault: allow\n');
    // what the config starts: the CLI from sources, as an installed `mcpshield` would run
    const launcher = join(home, 'mcpshield');
    writeFileSync(
      launcher,
      `#!/bin/sh\nexec "${process.execPath}" --import tsx "${join(ROOT, 'src/cli/main.ts')}" "$@"\n`,
    );
    chmodSync(launcher, 0o755);
    await wrap({
      os: 'linux',
      home,
      root: home,
      stateDir: join(home, 'state'),
      policy,
      launcher: { command: launcher, args: [] },
    });

    const entry = (
      JSON.parse(readFileSync(file, 'utf8')) as {
        mcpServers: { memory: { command: string; args: string[] } };
      }
    ).mcpServers.memory;
    expect(entry.command).toBe(launcher);
    const { client } = await connect(entry.command, entry.args, { MCPSHIELD_HOME: join(home, '.mcpshield') });
    try {
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('create_entities');
    } finally {
      await client.close();
    }
  });
});
