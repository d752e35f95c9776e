import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PinStore, toolHash as gatewayToolHash } from '../../src/gateway/pins.js';
import { toolHash } from '../../src/scanner/lib/tool-hash.js';
import { SERVERS } from '../support/mcp.js';
import { fixtureArgs, ids, scanStdio, scanTarget, severe, startFixtureHttp } from './support.js';

/** The deliberately vulnerable servers: every planted issue is found; the clean ones have nothing severe. */
describe('scanning fixture servers over stdio', () => {
  it('finds every planted issue of the poisoned server', async () => {
    const r = await scanStdio(fixtureArgs('poisoned'));
    expect(r.status).toBe('ok');
    expect(ids(r)).toEqual(
      expect.arrayContaining(['TOOL-001', 'TOOL-002', 'TOOL-003', 'TOOL-004', 'TOOL-014', 'TOOL-015']),
    );
    expect(r.grade).toBe('F');
    // the fake key is in the report only redacted
    expect(JSON.stringify(r)).not.toMatch(/AKIA[A-Z2-7]{16}/);
  });

  it('finds the rug pull and the bait-and-switch', async () => {
    const r = await scanStdio(fixtureArgs('rug-pull'));
    expect(ids(r)).toEqual(['TOOL-010', 'TOOL-011']);
  });

  it('reports nothing on the clean server', async () => {
    const r = await scanStdio(fixtureArgs('clean'));
    expect(r).toMatchObject({
      status: 'ok',
      findings: [],
      score: 100,
      grade: 'A',
      counts: { tools: 3, prompts: 1 },
    });
  });

  it('scans a server without tools (prompts only)', async () => {
    const r = await scanStdio(fixtureArgs('prompts-only'));
    expect(r).toMatchObject({ status: 'ok', grade: 'A', counts: { tools: 0, prompts: 1 } });
  });

  it('reports drift against a pin file written by the gateway, with the same hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-pins-'));
    const store = new PinStore(dir);
    const tool = {
      name: 'add',
      description: 'Adds two numbers, then some.',
      inputSchema: { type: 'object' },
    };
    store.check('clean', [tool, { name: 'gone', description: 'An old tool.' }]);
    expect(toolHash(tool)).toBe(gatewayToolHash(tool));
    const r = await scanTarget(
      { kind: 'stdio', command: process.execPath, args: fixtureArgs('clean'), env: {} },
      { pinsFile: join(dir, 'clean.json') },
    );
    expect(ids(r)).toEqual(['DRIFT-001', 'DRIFT-002', 'DRIFT-003']);
  });
});

describe('scanning HTTP fixture servers', () => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(stops.map((s) => s()));
  });

  it('finds everything wrong with the insecure server (0.0.0.0, no Origin check, counted sessions, no auth)', async () => {
    const s = await startFixtureHttp('insecure-http');
    stops.push(s.stop);
    const r = await scanTarget({ kind: 'url', url: s.url, headers: {} });
    expect(r.status).toBe('ok');
    expect(r.transport).toBe('streamable-http');
    expect(ids(r)).toEqual(
      expect.arrayContaining([
        'AUTH-001',
        'AUTHZ-001',
        'TOOL-005',
        'TRN-003',
        'TRN-004',
        'TRN-006',
        'TRN-008',
      ]),
    );
  });

  it('finds token passthrough and the missing resource metadata, and says the target was not scanned', async () => {
    const s = await startFixtureHttp('token-passthrough');
    stops.push(s.stop);
    const r = await scanTarget({ kind: 'url', url: s.url, headers: {} });
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/requires authentication/);
    expect(ids(r)).toEqual(expect.arrayContaining(['AUTH-002', 'AUTH-004', 'AUTH-011']));
  });

  it('reports nothing on the clean OAuth-protected server when given its token', async () => {
    const s = await startFixtureHttp('clean-http', { TOKEN: 'fixture-token-7f3a9c' });
    stops.push(s.stop);
    const r = await scanTarget({
      kind: 'url',
      url: s.url,
      headers: { authorization: 'Bearer fixture-token-7f3a9c' },
    });
    expect(r).toMatchObject({ status: 'ok', findings: [], grade: 'A', counts: { tools: 1 } });
  });

  it('says the clean server refused wrong credentials, never a clean report', async () => {
    const s = await startFixtureHttp('clean-http', { TOKEN: 'fixture-token-7f3a9c' });
    stops.push(s.stop);
    const r = await scanTarget({ kind: 'url', url: s.url, headers: { authorization: 'Bearer wrong' } });
    expect(r).toMatchObject({ status: 'error', score: 0, grade: 'F' });
    expect(r.error).toMatch(/refused the credentials/);
  });
});

describe('scanning the reference servers from npm', () => {
  it('server-everything over stdio: tools listed, stderr kept out of the report', async () => {
    const r = await scanStdio([...SERVERS.everything]);
    expect(r.status).toBe('ok');
    expect(r.counts.tools).toBeGreaterThan(5);
    expect(r.server?.name).toBeTruthy();
    expect(severe(r).filter((f) => f.severity === 'critical')).toEqual([]);
  });

  it('server-filesystem over stdio: path surfaces, nothing severe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-fs-'));
    const r = await scanStdio([...SERVERS.filesystem, dir]);
    expect(r.status).toBe('ok');
    expect(ids(r)).toContain('TOOL-006');
    expect(severe(r)).toEqual([]);
  });

  describe('server-everything over the legacy SSE transport', () => {
    let server: { url: string; stop: () => Promise<void> };
    beforeAll(async () => {
      const { startHttpServer } = await import('../support/mcp.js');
      server = await startHttpServer('sse');
    });
    afterAll(() => server.stop());
    it('falls back to SSE and reports the deprecated transport', async () => {
      const r = await scanTarget({ kind: 'url', url: server.url, headers: {} });
      expect(r.status).toBe('ok');
      expect(r.transport).toBe('sse');
      expect(ids(r)).toContain('TRN-002');
    });
  });
});

describe('targets that cannot be scanned give status error, never a clean report', () => {
  it('a closed port', async () => {
    const r = await scanTarget(
      { kind: 'url', url: 'http://127.0.0.1:9/mcp', headers: {} },
      { timeoutMs: 3000 },
    );
    expect(r).toMatchObject({ status: 'error', findings: [], score: 0, grade: 'F' });
    expect(r.error).toMatch(/cannot reach/);
  });

  it('a command that does not exist', async () => {
    const r = await scanTarget({ kind: 'stdio', command: '/nonexistent/mcp-server', args: [], env: {} });
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/cannot connect/);
  });

  it('a server that crashes at start-up, with its stderr in the message', async () => {
    const r = await scanStdio(['-e', 'console.error("boom: missing API key"); process.exit(3)']);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/boom: missing API key/);
  });

  it('a server that never answers, after the start-up timeout', async () => {
    const r = await scanStdio(['-e', 'setInterval(() => {}, 1000)'], 800);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/timed out after 800 ms/);
  });

  it('a tools file that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpshield-tj-'));
    writeFileSync(join(dir, 'x.json'), '{"nope": 1}');
    const r = await scanTarget({ kind: 'tools-json', file: join(dir, 'x.json') });
    expect(r).toMatchObject({ status: 'error', grade: 'F' });
  });
});

describe('a target that accepts connections but never answers', () => {
  it('is an error after one probe timeout, not one per probe', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as { port: number }).port;
    const t0 = performance.now();
    const r = await scanTarget(
      { kind: 'url', url: `http://127.0.0.1:${port}/mcp`, headers: {} },
      { timeoutMs: 500 },
    );
    expect(r.status).toBe('error');
    expect(performance.now() - t0).toBeLessThan(4000);
    for (const s of sockets) s.destroy();
    silent.close();
  });
});
