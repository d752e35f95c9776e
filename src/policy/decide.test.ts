import { describe, expect, it } from 'vitest';
import { fixtureDetectors } from '../../test/support/fixture-detectors.js';
import type { McpEvent } from '../protocol/event.js';
import { compile } from './compile.js';
import { decide, evaluate, type TraceStep } from './decide.js';

const ir = (yaml: string) => compile(yaml, { detectors: fixtureDetectors }).ir;
const call = (tool: string, args: unknown = {}, server = 'fs', extra: Partial<McpEvent> = {}): McpEvent => ({
  server,
  method: 'tools/call',
  params: { name: tool, arguments: args },
  ...extra,
});

const FS = `
version: 1
default: deny
rules:
  - server: fs
    tool: read_file
    decision: allow
    conditions:
      path_prefix: /home/safe/
  - server: web
    tool: fetch
    decision: allow
    conditions:
      allowed_domains: ["api.example.com", "*.example.org"]
  - tool: "del*"
    decision: deny
  - server: "fs"
    tool: "?ist_*"
    decision: allow
  - tool: approve_me
    decision: approve
    rate_limit: 5/minute
    message: ask first
`;

describe('rules', () => {
  const policy = ir(FS);

  it('first matching rule decides, else the default', () => {
    expect(decide(policy, call('read_file', { path: '/home/safe/a.txt' }))).toMatchObject({
      decision: 'allow',
      rules: ['rules[0]'],
    });
    expect(decide(policy, call('list_dir'))).toMatchObject({ decision: 'allow', rules: ['rules[3]'] });
    expect(decide(policy, call('delete_all'))).toMatchObject({ decision: 'deny', rules: ['rules[2]'] });
    expect(decide(policy, call('unknown'))).toMatchObject({ decision: 'deny', rules: ['default'] });
    expect(decide(ir('version: 1\ndefault: allow\n'), call('x'))).toMatchObject({
      decision: 'allow',
      rules: ['default'],
    });
  });

  it('globs are case-sensitive and anchored', () => {
    expect(decide(policy, call('Read_file', { path: '/home/safe/a' })).rules).toEqual(['default']);
    expect(decide(policy, call('read_file_x', { path: '/home/safe/a' })).rules).toEqual(['default']);
    expect(decide(policy, call('xlist_dir')).rules).toEqual(['default']);
  });

  it('path_prefix: containment by whole segments after canonicalisation', () => {
    const d = (path: unknown) => decide(policy, call('read_file', { path })).decision;
    expect(d('/home/safe')).toBe('allow');
    expect(d('/home/safe/sub/../b.txt')).toBe('allow');
    expect(d('/home/safe-evil/x')).toBe('deny');
    expect(d('/home/safe/../../etc/passwd')).toBe('deny');
    expect(d('/home/safe/%2e%2e/x')).toBe('deny');
    expect(d('/home/safe/a\u0000.txt')).toBe('deny');
    expect(d('~/x')).toBe('deny');
    expect(d('relative/x')).toBe('deny');
    expect(d('file:///home/safe/x')).toBe('deny');
    expect(d('/home/safe\\..\\..\\etc')).toBe('deny');
    expect(decide(policy, call('read_file', { paths: ['/home/safe/a', '/etc/passwd'] })).decision).toBe(
      'deny',
    );
    expect(decide(policy, call('read_file', { deep: { deeper: [{ file: '/etc/passwd' }] } })).decision).toBe(
      'deny',
    );
  });

  it('allowed_domains: WHATWG hosts, subdomain wildcards, no IP for a name', () => {
    const d = (url: string) => decide(policy, call('fetch', { url }, 'web')).decision;
    expect(d('https://api.example.com/v1')).toBe('allow');
    expect(d('https://API.Example.com./v1')).toBe('allow');
    expect(d('https://a.b.example.org/')).toBe('allow');
    expect(d('https://example.org/')).toBe('deny');
    expect(d('https://evilexample.org/')).toBe('deny');
    expect(d('https://api.example.com@evil.com/')).toBe('deny');
    expect(d('https://evil.com/?next=https://api.example.com')).toBe('deny');
    expect(d('https://evil.com#api.example.com')).toBe('deny');
    expect(d('http://93.184.216.34/')).toBe('deny');
    expect(d('https://api.example.com\\@evil.com/')).toBe('deny');
    expect(
      decide(policy, call('fetch', { url: 'https://api.example.com', body: 'see https://evil.com' }, 'web'))
        .decision,
    ).toBe('deny');
  });

  it('approve: denied where nobody can approve, flagged, with the rule message and rate limit', () => {
    const d = decide(policy, call('approve_me'));
    expect(d).toMatchObject({
      decision: 'deny',
      rules: ['rules[4]'],
      approval_required: true,
      message: 'ask first',
    });
    expect(d.rate_limit).toEqual({ requests: 5, per: 'minute', windowMs: 60_000, by: 'client' });
  });

  it('approve: a call a person approved is allowed, detectors still judge it', () => {
    const d = decide(policy, call('approve_me'), { approved: true });
    expect(d).toMatchObject({ decision: 'allow', rules: ['rules[4]'], approved: true });
    expect(d.approval_required).toBeUndefined();
    const risky = decide(policy, call('approve_me', { note: 'EVIL' }), { approved: true });
    expect(risky.decision).toBe('deny'); // a detector's denial is not lifted by an approval
    expect(decide(policy, call('other_tool'), { approved: true }).approved).toBeUndefined();
  });

  it('rules apply to tools/call only; other methods pass to detectors', () => {
    expect(decide(policy, { server: 'fs', method: 'resources/list', params: {} })).toMatchObject({
      decision: 'allow',
      rules: ['method'],
    });
  });

  it('a tools/call without a tool name is denied', () => {
    expect(decide(policy, { server: 'fs', method: 'tools/call', params: {} })).toMatchObject({
      decision: 'deny',
      rules: ['invalid'],
    });
  });
});

describe('argument matchers', () => {
  const policy = ir(`
version: 1
rules:
  - tool: query
    decision: allow
    args:
      sql: { required: true, not_contains: ["drop table"], max_length: 100 }
      db: { one_of: [main, replica] }
  - tool: search
    decision: allow
    args:
      q: { match: ["docs:*", "api:*"], not_match: "*secret*" }
      "*": { not_contains: "rm -rf" }
`);
  const d = (tool: string, args: unknown) => decide(policy, call(tool, args)).decision;
  it('hold or fail as documented', () => {
    expect(d('query', { sql: 'select 1' })).toBe('allow');
    expect(d('query', {})).toBe('deny');
    expect(d('query', { sql: 'DROP TABLE x' })).toBe('deny');
    expect(d('query', { sql: 'x'.repeat(101) })).toBe('deny');
    expect(d('query', { sql: 'select 1', db: 'replica' })).toBe('allow');
    expect(d('query', { sql: 'select 1', db: 'other' })).toBe('deny');
    expect(d('search', { q: 'docs:intro' })).toBe('allow');
    expect(d('search', { q: 'blog:intro' })).toBe('deny');
    expect(d('search', { q: 'docs:secret-plan' })).toBe('deny');
    expect(d('search', { q: 'docs:x', nested: { deep: ['ok', 'then RM -RF /'] } })).toBe('deny');
  });
});

describe('detectors', () => {
  it('a deny detector turns an allow into deny and is named', () => {
    const p = ir('version: 1\ndefault: allow\n');
    expect(decide(p, call('x', { a: 'an EVIL thing' }))).toMatchObject({
      decision: 'deny',
      rules: ['detectors.keyword'],
      rule: 'default',
      findings: [{ detector: 'keyword', severity: 'high', action: 'deny', path: 'params.arguments.a' }],
    });
  });

  it('a rule deny and a detector deny are both named', () => {
    const p = ir('version: 1\ndefault: deny\n');
    expect(decide(p, call('x', { a: 'EVIL' })).rules).toEqual(['default', 'detectors.keyword']);
  });

  it('log records findings without changing the decision', () => {
    const p = ir('version: 1\ndefault: allow\ndetectors:\n  keyword: log\n');
    expect(decide(p, call('x', { a: 'EVIL' }))).toMatchObject({
      decision: 'allow',
      rules: ['default'],
      findings: [{ action: 'log' }],
    });
  });

  it('options reach the detector', () => {
    const p = ir('version: 1\ndefault: allow\ndetectors:\n  keyword: { action: deny, word: BAD }\n');
    expect(decide(p, call('x', { a: 'EVIL' })).decision).toBe('allow');
    expect(decide(p, call('x', { a: 'BAD' })).decision).toBe('deny');
  });

  it('redaction rewrites the result and names the detector; the input is not mutated', () => {
    const p = ir('version: 1\ndefault: allow\n');
    const result = { content: [{ type: 'text', text: 'key SECRET here' }], keep: { a: 1 } };
    const before = JSON.stringify(result);
    const d = decide(p, call('x', {}, 'fs', { result }));
    expect(d.decision).toBe('allow');
    expect(d.rules).toEqual(['default', 'detectors.redactor']);
    expect(d.result).toEqual({
      content: [{ type: 'text', text: 'key [REDACTED:secret] here' }],
      keep: { a: 1 },
    });
    expect(JSON.stringify(result)).toBe(before);
  });

  it('a denied response carries no result', () => {
    const p = ir('version: 1\ndefault: allow\ndetectors:\n  redactor: deny\n');
    const d = decide(p, call('x', {}, 'fs', { result: { text: 'SECRET' } }));
    expect(d.decision).toBe('deny');
    expect(d).not.toHaveProperty('result');
  });

  it('fails closed when a detector throws, and says so', () => {
    const p = ir('version: 1\ndefault: allow\ndetectors:\n  keyword: log\n');
    const d = decide(p, call('x', { a: 'THROW' }));
    expect(d.decision).toBe('deny');
    expect(d.findings[0]).toMatchObject({ kind: 'internal-error', action: 'deny' });
    expect(d.findings[0]!.message).toContain('fail closed');
  });

  it('runs only the detectors that apply to the method and phase', () => {
    const trace: TraceStep[] = [];
    evaluate(
      ir('version: 1\n'),
      { server: 's', method: 'tools/list', params: {}, result: { tools: [] } },
      trace,
    );
    expect(trace.filter((t) => t.kind === 'detector').map((t) => (t as { id: string }).id)).toEqual([
      'redactor',
    ]);
  });
});

describe('sessions', () => {
  const p = ir(`
version: 1
default: allow
sessions:
  - after: { tool: "read_*" }
    deny: { tool: fetch }
  - after: { detector: redactor }
    deny: { tool: "send_*" }
`);
  it('deny egress after a matching earlier call', () => {
    expect(decide(p, call('fetch')).decision).toBe('allow');
    expect(
      decide(p, call('fetch', {}, 'fs', { session: { calls: [{ server: 'fs', tool: 'read_file' }] } })),
    ).toMatchObject({
      decision: 'deny',
      rules: ['sessions[0]'],
    });
    expect(
      decide(p, call('send_mail', {}, 'm', { session: { calls: [{ server: 'fs', tool: 'x' }] } })).decision,
    ).toBe('allow');
    expect(
      decide(
        p,
        call('send_mail', {}, 'm', {
          session: { calls: [{ server: 'fs', tool: 'x', detectors: ['redactor'] }] },
        }),
      ).decision,
    ).toBe('deny');
  });
});

describe('hostile input', () => {
  const p = ir('version: 1\ndefault: allow\n');

  it('handles arguments nested 10,000 deep', () => {
    let deep: unknown = 'EVIL';
    for (let i = 0; i < 10_000; i++) deep = { a: [deep] };
    expect(decide(p, call('x', deep)).decision).toBe('deny');
  });

  it('handles a 10 MB string', () => {
    expect(decide(p, call('x', { a: 'a'.repeat(10_000_000) + 'EVIL' })).decision).toBe('deny');
  });

  it('keeps __proto__ and constructor keys as data', () => {
    const args = JSON.parse('{"__proto__": {"polluted": "EVIL"}, "constructor": {"prototype": {"x": 1}}}');
    expect(decide(p, call('x', args)).decision).toBe('deny');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const result = JSON.parse('{"__proto__": {"text": "SECRET"}}');
    const d = decide(p, call('x', {}, 'fs', { result }));
    expect(Object.getPrototypeOf(d.result)).toBe(Object.prototype);
    expect(JSON.stringify(d.result)).toBe('{"__proto__":{"text":"[REDACTED:secret]"}}');
  });

  it('handles lone surrogates', () => {
    expect(decide(p, call('x', { a: '\ud800EVIL\udfff' })).decision).toBe('deny');
  });

  it('is deterministic', () => {
    const ev = call('x', { a: 'EVIL', b: [1, 2, { c: 'SECRET' }] }, 'fs', { result: { t: 'SECRET' } });
    expect(JSON.stringify(decide(p, ev))).toBe(JSON.stringify(decide(p, ev)));
  });
});

describe('decide with requestJudged (a gateway judging the response)', () => {
  it('runs only the response phase’s detectors, and still names the rule', () => {
    const policy = compile(
      'version: 1\ndefault: allow\ndetectors: { command_injection: deny, secrets: redact }\n',
    ).ir;
    const ev: McpEvent = {
      server: 's',
      method: 'tools/call',
      params: { name: 'run', arguments: { command: 'ls; id' } },
      result: { content: [{ type: 'text', text: 'ok' }] },
    };
    expect(decide(policy, ev).decision).toBe('deny');
    const d = decide(policy, ev, { requestJudged: true });
    expect(d).toMatchObject({ decision: 'allow', rules: ['default'], findings: [] });
    expect(d.result).toEqual(ev.result);
  });
});
