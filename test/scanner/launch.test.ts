import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readClientConfig } from '../../src/scanner/config.js';
import { describeLaunch } from '../../src/scanner/launch.js';
import { launchedPackage } from '../../src/scanner/lib/packages.js';
import { distance, imitated } from '../../src/scanner/lib/typosquat.js';

const pkg = (command: string, args: string[]) => launchedPackage(describeLaunch(command, args));

describe('launch facts', () => {
  it('sees a symlinked script and a world-writable one, never the command links package managers make', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-launch-'));
    const real = join(dir, 'server.js');
    writeFileSync(real, '');
    symlinkSync(real, join(dir, 'current.js'));
    chmodSync(real, 0o666);
    const l = describeLaunch('node', [join(dir, 'current.js')]);
    expect(l.symlinks).toEqual([{ path: join(dir, 'current.js'), target: real }]);
    expect(l.worldWritable).toEqual([join(dir, 'current.js')]);
    chmodSync(real, 0o644);
    expect(describeLaunch('node', [real])).toMatchObject({ symlinks: [], worldWritable: [] });
  });

  it('finds the package a runner installs', () => {
    expect(pkg('npx', ['-y', '@scope/srv@1.2.3', '/data'])).toMatchObject({
      name: '@scope/srv',
      version: '1.2.3',
      ecosystem: 'npm',
    });
    expect(pkg('/usr/local/bin/npx', ['--yes', '--package', 'srv@2.0.0', 'srv-bin'])).toMatchObject({
      name: 'srv',
      version: '2.0.0',
    });
    expect(pkg('pnpm', ['dlx', 'srv'])).toMatchObject({ name: 'srv', version: null });
    expect(pkg('uvx', ['mcp-server-fetch==2025.4.7'])).toMatchObject({
      ecosystem: 'pypi',
      name: 'mcp-server-fetch',
      version: '2025.4.7',
    });
    expect(pkg('uvx', ['mcp-server-git@1.0.0'])).toMatchObject({ ecosystem: 'pypi', version: '1.0.0' });
    expect(pkg('uvx', ['--from', 'git+https://github.com/x/y', 'y'])).toMatchObject({ source: 'git' });
    expect(pkg('npx.cmd', ['-y', 'github:x/y'])).toMatchObject({ source: 'git' });
    expect(pkg('node', ['server.js'])).toBeNull();
    expect(pkg('npx', ['-y'])).toBeNull();
  });

  it('names the popular package a typosquat imitates, and leaves real names alone', () => {
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(distance('ab', 'ba')).toBe(1);
    expect(imitated('@modelcontextprotocol/server-filesytem')).toBe(
      '@modelcontextprotocol/server-filesystem',
    );
    expect(imitated('@evil/server-filesystem')).toBe('@modelcontextprotocol/server-filesystem');
    expect(imitated('mcp-remote')).toBeNull();
    expect(imitated('weather-mcp')).toBeNull();
    expect(imitated('mcp-server-kubernetes')).toBeNull();
  });
});

describe('client configs', () => {
  it('reads mcpServers, VS Code servers, and says what is wrong with a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-config-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const claude = readClientConfig(
      write(
        'a.json',
        JSON.stringify({ mcpServers: { fs: { command: 'npx', args: ['-y', 'x'], env: { A: 1 } } } }),
      ),
    );
    expect(claude).toMatchObject([{ name: 'fs', command: 'npx', args: ['-y', 'x'], env: { A: '1' } }]);
    const vscode = readClientConfig(
      write(
        'b.json',
        JSON.stringify({ servers: { web: { type: 'http', url: 'https://x/mcp', headers: { a: 'b' } } } }),
      ),
    );
    expect(vscode).toMatchObject([{ name: 'web', url: 'https://x/mcp', headers: { a: 'b' } }]);
    expect(() => readClientConfig(write('c.json', '{'))).toThrow(/is not JSON/);
    expect(() => readClientConfig(write('d.json', '{}'))).toThrow(/has no `mcpServers`/);
    expect(() => readClientConfig(join(dir, 'missing.json'))).toThrow(/ENOENT/);
  });
});
