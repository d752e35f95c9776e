import { describe, expect, it } from 'vitest';
import { runCaseTable } from '../../test/support/case-tester.js';
import { cases } from './path-traversal.cases.js';
import { pathTraversal } from './path-traversal.js';
import type { DetectorInput } from './types.js';

runCaseTable(pathTraversal, cases);

const run = (options: Record<string, unknown> = {}) =>
  pathTraversal.create(pathTraversal.options.parse(options));
const call = (args: unknown): DetectorInput => ({
  phase: 'request',
  method: 'tools/call',
  server: 'fs',
  tool: 'read_file',
  params: { name: 'read_file', arguments: args },
});

describe('path_traversal findings', () => {
  it('name the argument and keep the message to one readable line', () => {
    const [f] = run()(call({ nested: { path: `${'../'.repeat(200)}etc/passwd\n` } })).findings;
    expect(f).toMatchObject({
      detector: 'path_traversal',
      kind: 'traversal',
      severity: 'high',
      path: 'params.arguments.nested.path',
    });
    expect(f!.message).toMatch(/^path `/);
    expect(f!.message).not.toContain('\n');
    expect(f!.message.length).toBeLessThan(200);
  });

  it('report one finding per string and one per offending string', () => {
    const out = run()(call({ a: '../../x', b: ['../y', 'ok.txt', '%2e%2e/z'] }));
    expect(out.findings.map((f) => f.path)).toEqual([
      'params.arguments.a',
      'params.arguments.b[0]',
      'params.arguments.b[2]',
    ]);
  });

  it('read the uri of resources/read and ignore other params', () => {
    const input: DetectorInput = {
      phase: 'request',
      method: 'resources/read',
      server: 's',
      params: { uri: 'file:///a/../../etc', cursor: '../x' },
    };
    expect(run()(input).findings.map((f) => f.path)).toEqual(['params.uri']);
  });
});

describe('path_traversal allow', () => {
  it('exempts literal climbs whose resolved path matches a glob', () => {
    const detect = run({ allow: ['../shared/**'] });
    expect(detect(call({ path: '../shared/logo.png' })).findings).toEqual([]);
    expect(detect(call({ path: 'src/../../shared/a/b.txt' })).findings).toEqual([]);
    expect(detect(call({ path: '../shared/../../etc/passwd' })).findings).toHaveLength(1);
    expect(detect(call({ path: '../other/x' })).findings).toHaveLength(1);
  });

  it('never exempts encoded, lookalike or NUL forms', () => {
    const detect = run({ allow: ['**'] });
    expect(detect(call({ path: '%2e%2e/shared/x' })).findings).toHaveLength(1);
    expect(detect(call({ path: '．．/shared/x' })).findings).toHaveLength(1);
    expect(detect(call({ path: '../shared/x\u0000.png' })).findings).toHaveLength(1);
    expect(detect(call({ url: 'http://h/../../x' })).findings).toHaveLength(1);
  });
});

describe('path_traversal on hostile input', () => {
  const detect = run();

  it('survives 10,000-deep nesting', () => {
    let deep: unknown = '../../etc/passwd';
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? { path: deep } : [deep];
    expect(detect(call({ deep })).findings).toHaveLength(1);
  });

  it('survives a 10 MB string, benign or hostile', () => {
    expect(detect(call({ path: 'a/'.repeat(5_000_000) })).findings).toEqual([]);
    expect(detect(call({ text: 'x'.repeat(10_000_000) })).findings).toEqual([]);
    const [f] = detect(call({ path: '%2e%2e%2f'.repeat(1_000_000) })).findings;
    expect(f?.kind).toBe('encoded-traversal');
    expect(f!.message.length).toBeLessThan(300);
  });

  it('handles lone surrogates without throwing', () => {
    expect(detect(call({ path: '\uD800/..\uDC00/x' })).findings).toEqual([]);
    expect(detect(call({ path: '\uDC00/../../\uD800' })).findings).toHaveLength(1);
    expect(detect(call({ path: '%ed%a0%80/%2e%2e/x' })).findings).toHaveLength(1);
  });

  it('treats __proto__ and constructor keys as data', () => {
    const args = JSON.parse(
      '{"__proto__": {"path": "../../etc/shadow"}, "constructor": {"prototype": "../x"}}',
    );
    const out = detect(call(args));
    expect(out.findings.map((f) => f.path)).toEqual([
      'params.arguments.__proto__.path',
      'params.arguments.constructor.prototype',
    ]);
    expect(({} as Record<string, unknown>).path).toBeUndefined();
  });

  it('ignores params that are not objects', () => {
    for (const params of [null, undefined, 'x', 42, []]) {
      expect(detect({ phase: 'request', method: 'tools/call', server: 's', params }).findings).toEqual([]);
    }
  });
});
