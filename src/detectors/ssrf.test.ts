import { describe, expect, it } from 'vitest';
import { runCaseTable } from '../../test/support/case-tester.js';
import { caseInput } from './cases.js';
import { cases } from './ssrf.cases.js';
import { ssrf } from './ssrf.js';
import type { DetectorInput } from './types.js';

runCaseTable(ssrf, cases);

const run = ssrf.create(ssrf.options.parse({}));
const call = (args: unknown) => run(caseInput({ tool: 'fetch', args })).findings;

describe('ssrf', () => {
  it('declares its contract', () => {
    expect(ssrf.meta).toMatchObject({
      id: 'ssrf',
      owasp: 'MCP05',
      cwe: ['CWE-918'],
      defaultAction: 'deny',
      actions: ['deny', 'log', 'off'],
      phases: ['request'],
      methods: ['tools/call', 'resources/read', 'resources/subscribe', 'prompts/get'],
    });
    expect(ssrf.options.parse({})).toEqual({ allow_hosts: [] });
  });

  it('names what was reached, where', () => {
    expect(call({ url: 'http://2852039166/' })).toEqual([
      {
        detector: 'ssrf',
        severity: 'high',
        message: '`http://2852039166/` reaches 169.254.169.254 (cloud metadata)',
        kind: 'cloud-metadata',
        path: 'params.arguments.url',
      },
    ]);
    const [f] = call({ list: [{ 'callback-url': 'http://10-0-0-1.nip.io/x' }] });
    expect(f).toMatchObject({ kind: 'wildcard-dns', path: 'params.arguments.list[0]["callback-url"]' });
    expect(f!.message).toBe(
      '`http://10-0-0-1.nip.io/x` reaches 10.0.0.1 (private network, via wildcard DNS nip.io)',
    );
  });

  it('reads params.uri for resources', () => {
    const out = run({
      phase: 'request',
      method: 'resources/read',
      server: 's',
      params: { uri: 'http://[::1]/' },
    });
    expect(out.findings).toMatchObject([{ kind: 'loopback', path: 'params.uri' }]);
  });

  it('keeps messages on one line, short, without stray backticks', () => {
    const long = `http://10.0.0.1/${'a'.repeat(500)}\`\n`;
    const [f] = call({ url: long });
    expect(f!.message).not.toMatch(/\n/);
    expect(f!.message.length).toBeLessThan(160);
    expect(f!.message.match(/`/g)).toHaveLength(2);
  });

  it('reports one finding per host and place, and stops at 50', () => {
    expect(call({ text: 'http://10.0.0.1/a http://10.0.0.1/b http://0xa000001/c' })).toHaveLength(1);
    expect(call({ a: 'http://10.0.0.1/', b: 'http://10.0.0.1/' })).toHaveLength(2);
    const many = Array.from({ length: 10_000 }, (_, i) => `http://10.0.${i >> 8}.${i & 255}/`).join(' ');
    expect(call({ text: many })).toHaveLength(50);
  });

  it('exempts allow_hosts but not what they do not name', () => {
    const allowing = ssrf.create(ssrf.options.parse({ allow_hosts: ['*.svc.cluster.local', '10.0.0.5'] }));
    const findings = (args: unknown) => allowing(caseInput({ tool: 'fetch', args })).findings;
    expect(findings({ url: 'http://api.ns.svc.cluster.local/' })).toEqual([]);
    expect(findings({ url: 'http://0xa000005/' })).toEqual([]);
    expect(findings({ url: 'http://10.0.0.6/' })).toHaveLength(1);
    expect(findings({ url: 'gopher://10.0.0.5:70/' })).toMatchObject([{ kind: 'dangerous-scheme' }]);
  });

  describe('hostile input', () => {
    it('walks 10,000-deep nesting', () => {
      let args: unknown = { url: 'http://127.0.0.1/' };
      for (let i = 0; i < 10_000; i++) args = { a: [args] };
      expect(call(args)).toMatchObject([{ kind: 'loopback' }]);
    });

    it('handles 10 MB strings', () => {
      expect(call({ text: `${'a'.repeat(10_000_000)} http://10.0.0.1/` })).toMatchObject([
        { kind: 'private' },
      ]);
      expect(call({ url: `http://10.0.0.1/${'a'.repeat(10_000_000)}` })).toMatchObject([{ kind: 'private' }]);
      expect(call({ url: 'http://'.repeat(1_500_000) })).toMatchObject([
        { message: expect.stringContaining('`http`') },
      ]);
    });

    it('handles lone surrogates', () => {
      expect(call({ url: 'http://\ud800/' })).toEqual([]);
      expect(call({ text: '\udc00http://10.0.0.1/\ud800' })).toMatchObject([{ kind: 'private' }]);
    });

    it('treats __proto__ and constructor keys as data', () => {
      const args = JSON.parse('{"__proto__":{"url":"http://10.0.0.1/"},"constructor":"http://127.0.0.1/"}');
      expect(call(args).map((f) => f.kind)).toEqual(['private', 'loopback']);
      expect(call({ url: 'constructor://example.com/' })).toEqual([]);
      expect(call({ url: 'hasOwnProperty://example.com/' })).toEqual([]);
    });

    it('ignores params and arguments of the wrong shape', () => {
      const input = (params: unknown): DetectorInput => ({
        phase: 'request',
        method: 'tools/call',
        server: 's',
        params,
      });
      for (const params of [null, undefined, 'http://10.0.0.1/', ['http://10.0.0.1/'], { arguments: 42 }, {}])
        expect(run(input(params)).findings).toEqual([]);
      expect(run({ ...input({ uri: 7 }), method: 'resources/read' }).findings).toEqual([]);
      expect(call({ n: 1, b: true, z: null, list: [1, 2] })).toEqual([]);
    });
  });
});
