import { describe, expect, it } from 'vitest';
import { runCaseTable } from '../../test/support/case-tester.js';
import { cases } from './sensitive-paths.cases.js';
import { sensitivePaths } from './sensitive-paths.js';
import type { DetectorInput } from './types.js';

runCaseTable(sensitivePaths, cases);

const run = (options: Record<string, unknown> = {}) =>
  sensitivePaths.create(sensitivePaths.options.parse(options));
const call = (args: unknown): DetectorInput => ({
  phase: 'request',
  method: 'tools/call',
  server: 'fs',
  tool: 'read_file',
  params: { name: 'read_file', arguments: args },
});

describe('sensitive_paths findings', () => {
  it('say what the file is, where it was, and what it resolves to', () => {
    const [f] = run()(call({ opts: { path: '/var/www/../../etc/shadow' } })).findings;
    expect(f).toMatchObject({
      detector: 'sensitive_paths',
      kind: 'system-credentials',
      severity: 'critical',
      path: 'params.arguments.opts.path',
      message: 'system credential file: `/var/www/../../etc/shadow` (resolves to `/etc/shadow`)',
    });
    const [g] = run()(call({ path: '$HOME/.aws/credentials' })).findings;
    expect(g!.message).toBe('cloud credentials: `$HOME/.aws/credentials` (resolves to `~/.aws/credentials`)');
  });

  it('report one finding per argument', () => {
    const out = run()(call({ path: '~/.ssh/id_rsa ~/.aws/credentials', more: ['/etc/shadow', 'ok.txt'] }));
    expect(out.findings.map((f) => f.path)).toEqual(['params.arguments.path', 'params.arguments.more[0]']);
  });

  it('read the uri of resources/read only', () => {
    const input: DetectorInput = {
      phase: 'request',
      method: 'resources/read',
      server: 's',
      params: { uri: 'file:///etc/shadow', note: '/etc/shadow' },
    };
    expect(run()(input).findings.map((f) => f.path)).toEqual(['params.uri']);
  });
});

describe('sensitive_paths allow', () => {
  it('exempts resolved paths that match a glob, with ~/ matching any home directory', () => {
    const detect = run({ allow: ['~/.aws/config', '**/fixtures/**/.env'] });
    expect(detect(call({ path: '~/.aws/config' })).findings).toEqual([]);
    expect(detect(call({ path: '/home/alice/.aws/config' })).findings).toEqual([]);
    expect(detect(call({ path: 'C:\\Users\\dave\\.aws\\config' })).findings).toEqual([]);
    expect(detect(call({ path: 'test/fixtures/app/.env' })).findings).toEqual([]);
    expect(detect(call({ path: '~/.aws/credentials' })).findings).toHaveLength(1);
    expect(detect(call({ path: 'test/fixtures/../../.env' })).findings).toHaveLength(1);
  });

  it('keeps looking past an exempted reading', () => {
    const detect = run({ allow: ['~/.aws/config'] });
    expect(detect(call({ command: 'cat ~/.aws/config ~/.aws/credentials' })).findings).toHaveLength(1);
  });
});

describe('sensitive_paths on hostile input', () => {
  const detect = run();

  it('survives 10,000-deep nesting', () => {
    let deep: unknown = '~/.ssh/id_rsa';
    for (let i = 0; i < 10_000; i++) deep = i % 2 ? { path: deep } : [deep];
    expect(detect(call({ deep })).findings).toHaveLength(1);
  });

  it('survives 10 MB strings', () => {
    expect(detect(call({ path: 'a/'.repeat(5_000_000) })).findings).toEqual([]);
    expect(detect(call({ command: 'cat x '.repeat(1_500_000) })).findings).toEqual([]);
    expect(detect(call({ path: `${'x/'.repeat(5_000_000)}.env` })).findings).toHaveLength(1);
  });

  it('handles lone surrogates without throwing', () => {
    expect(detect(call({ path: '\uD800/.ssh/id_rsa' })).findings).toHaveLength(1);
    expect(detect(call({ path: '/etc/\uDC00shadow' })).findings).toEqual([]);
  });

  it('treats __proto__ keys as data', () => {
    const out = detect(call(JSON.parse('{"__proto__": {"path": "/etc/shadow"}}')));
    expect(out.findings.map((f) => f.path)).toEqual(['params.arguments.__proto__.path']);
  });
});
