import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/source.js';

/** Runs the real CLI (TypeScript sources through tsx) as a user would. */
function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    input,
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'mcpshield-cli-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const POLICY = file(
  'policy.yaml',
  `version: 1
default: deny
rules:
  - server: fs
    tool: read_file
    decision: allow
    conditions: { path_prefix: /home/safe/ }
  - server: web
    tool: fetch
    decision: allow
`,
);

describe('mcpshield inspect --jsonl', () => {
  it('answers one line per input line, in order, with the contract fields', () => {
    const input = [
      JSON.stringify({
        server: 'fs',
        method: 'tools/call',
        params: { name: 'read_file', arguments: { path: '/home/safe/a' } },
      }),
      JSON.stringify({
        server: 'web',
        method: 'tools/call',
        params: { name: 'fetch', arguments: { url: 'http://2852039166/' } },
      }),
      'not json',
      '',
      JSON.stringify({ server: 'fs', method: 'tools/call' }),
      JSON.stringify({
        server: 'fs',
        method: 'tools/call',
        params: { name: 'read_file', arguments: { path: '/home/safe/a' } },
        result: { content: [{ type: 'text', text: 'hello' }] },
      }),
      JSON.stringify([1, 2]),
    ].join('\n');
    const r = cli(['inspect', '--policy', POLICY, '--jsonl'], input + '\n');
    expect(r.code).toBe(0);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(7);
    expect(out[0]).toMatchObject({ decision: 'allow', rules: ['rules[0]'], findings: [] });
    expect(out[0]).not.toHaveProperty('result');
    expect(out[1].decision).toBe('deny');
    expect(out[1].rules).toEqual(['detectors.ssrf']);
    expect(out[1].findings[0]).toMatchObject({
      detector: 'ssrf',
      severity: expect.any(String),
      message: expect.stringContaining('169.254.169.254'),
    });
    expect(Object.keys(out[0]).slice(0, 3)).toEqual(['decision', 'rules', 'findings']);
    expect(out[2]).toEqual({ error: expect.stringContaining('invalid JSON') });
    expect(out[3]).toEqual({ error: 'empty line' });
    expect(out[4]).toEqual({ error: expect.stringContaining('params.name') });
    expect(out[5]).toMatchObject({
      decision: 'allow',
      result: { content: [{ type: 'text', text: 'hello' }] },
    });
    expect(out[6]).toEqual({ error: expect.any(String) });
  });

  it('survives hostile lines: 10,000-deep nesting, a 10 MB string, __proto__ keys, lone surrogates', () => {
    let deep = '"/etc/passwd"';
    for (let i = 0; i < 10_000; i++) deep = `{"a":[${deep}]}`;
    const lines = [
      `{"server":"fs","method":"tools/call","params":{"name":"read_file","arguments":${deep}}}`,
      `{"server":"fs","method":"tools/call","params":{"name":"read_file","arguments":{"path":"/home/safe/a"}},"result":${deep}}`,
      JSON.stringify({
        server: 'fs',
        method: 'tools/call',
        params: { name: 'read_file', arguments: { path: '/home/safe/' + 'a'.repeat(10_000_000) } },
      }),
      '{"server":"fs","method":"tools/call","params":{"name":"read_file","arguments":{"__proto__":{"path":"/etc/shadow"},"constructor":{"prototype":{}}}}}',
      '{"server":"fs","method":"tools/call","params":{"name":"read_file","arguments":{"path":"/home/safe/\\ud800x"}}}',
    ];
    const r = cli(['inspect', '-p', POLICY, '--jsonl'], lines.join('\n') + '\n');
    expect(r.code).toBe(0);
    const printed = r.stdout.trimEnd().split('\n');
    const out = printed.map((l) => JSON.parse(l));
    expect(out.map((o) => o.decision)).toEqual(['deny', 'allow', 'allow', 'deny', 'allow']);
    expect(printed[1]).toContain('"result":{"a":[{"a":['); // the deep result is passed through whole
    expect(printed[1]!.length).toBeGreaterThan(80_000);
  });

  it('reads a file argument as well as stdin', () => {
    const events = file(
      'events.jsonl',
      JSON.stringify({ server: 'x', method: 'tools/call', params: { name: 'y' } }) + '\n',
    );
    const r = cli(['inspect', '-p', POLICY, '--jsonl', events]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'deny', rules: ['default'] });
  });

  it('exits non-zero with file, line, column and a hint when the policy cannot be loaded', () => {
    const bad = file('bad.yaml', 'version: 1\nrules:\n  - tool: x\n    decison: allow\n');
    const r = cli(['inspect', '--policy', bad, '--jsonl'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:4:5: error: unknown key \`decison\` in rules[0]`);
    expect(r.stderr).toContain('hint: did you mean `decision`?');
    expect(r.stdout).toBe('');
  });

  it('says clearly when the policy file is missing', () => {
    const r = cli(['inspect', '--policy', join(dir, 'nope.yaml'), '--jsonl'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read policy `.*nope\.yaml`: no such file/);
  });
});

describe('mcpshield inspect (human mode)', () => {
  it('prints the decision, the ids and the findings', () => {
    const r = cli([
      'inspect',
      '-p',
      POLICY,
      '--server',
      'web',
      '--tool',
      'fetch',
      '--args',
      '{"url":"http://127.1/"}',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DENY {2}by detectors\.ssrf/);
    expect(r.stdout).toContain('ssrf');
    expect(r.stdout).toContain('rules alone said: rules[1]');
  });

  it('rejects bad JSON in flags with a clear message', () => {
    const r = cli(['inspect', '-p', POLICY, '--tool', 'fetch', '--args', '{url:']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--args is not valid JSON');
  });
});

describe('mcpshield policy', () => {
  it('validate: ok with a summary, or errors with positions', () => {
    const ok = cli(['policy', 'validate', POLICY]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('valid');
    const bad = cli([
      'policy',
      'validate',
      file('b.yaml', 'version: 1\ndefault: maybe\n'),
      '--format',
      'json',
    ]);
    expect(bad.code).toBe(2);
    const json = JSON.parse(bad.stdout);
    expect(json.valid).toBe(false);
    expect(json.errors[0]).toMatchObject({ line: 2, column: 10, path: 'default' });
  });

  it('validate --strict fails on warnings', () => {
    const w = file('w.yaml', 'version: 1\ndetectors:\n  ssrff: deny\n');
    expect(cli(['policy', 'validate', w]).code).toBe(0);
    const strict = cli(['policy', 'validate', w, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('did you mean `ssrf`?');
  });

  it('test: passes, or fails with a diff and exit 1', () => {
    const cases = file(
      'cases.yaml',
      `cases:
  - name: safe read
    server: fs
    tool: read_file
    args: { path: /home/safe/notes.txt }
    expect: allow
    rules: ["rules[0]"]
  - name: metadata fetch
    server: web
    tool: fetch
    args: { url: "http://169.254.169.254/latest/meta-data/" }
    expect: deny
    detectors: [ssrf]
`,
    );
    const pass = cli(['policy', 'test', POLICY, cases]);
    expect(pass.stdout).toContain('2 passed, 0 failed');
    expect(pass.code).toBe(0);
    const wrong = file(
      'wrong.yaml',
      'cases:\n  - name: escape\n    server: fs\n    tool: read_file\n    args: { path: /etc/passwd }\n    expect: allow\n',
    );
    const fail = cli(['policy', 'test', POLICY, wrong]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('FAIL escape');
    expect(fail.stdout).toContain('- expected allow');
    expect(fail.stdout).toContain('+ got      deny');
    expect(fail.stdout).toContain('0 passed, 1 failed');
  });

  it('test: a malformed case file names the position', () => {
    const bad = file('badcases.yaml', 'cases:\n  - name: x\n    tool: y\n    expct: allow\n');
    const r = cli(['policy', 'test', POLICY, bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('badcases.yaml:4:5');
  });

  it('schema prints a JSON Schema', () => {
    const r = cli(['policy', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ title: 'MCPShield policy', type: 'object' });
  });

  it('explain walks the rules', () => {
    const r = cli([
      'policy',
      'explain',
      POLICY,
      '--server',
      'fs',
      '--tool',
      'read_file',
      '--args',
      '{"path":"/home/safe-evil/x"}',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'skipped rules[0]: path_prefix: `/home/safe-evil/x` at params.arguments.path is outside `/home/safe`',
    );
    expect(r.stdout).toContain('no rule matched, the default is deny');
    expect(r.stdout).toContain('DENY');
  });

  it('convert prints a version 1 policy', () => {
    const simple = file('simple.yaml', 'allowed_tools: [read_file]\n');
    const r = cli(['policy', 'convert', simple]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('version: 1');
    expect(r.stdout).toContain('tool: read_file');
    expect(r.stderr).toContain('converted from the `allowed_tools` format');
  });
});

describe('the example policy (npm run example)', () => {
  it('decides every example event', () => {
    const r = cli(['inspect', '--policy', 'examples/policy.yaml', '--jsonl', 'examples/events.jsonl']);
    expect(r.code).toBe(0);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.decision ?? 'error')).toEqual([
      'allow', // project file
      'deny', // traversal out of the project
      'deny', // sibling folder
      'allow', // allowed domain
      'deny', // metadata address
      'deny', // domain not allowed
      'deny', // shell
      'allow', // read-only query
      'deny', // DROP TABLE
      'allow', // result with a password: redacted
      'deny', // prompt injection in a result
      'deny', // poisoned tool description
      'error', // not JSON
    ]);
    expect(JSON.stringify(out[9].result)).toContain('[REDACTED:');
    expect(JSON.stringify(out[9].result)).not.toContain('s3cr3t-passw0rd');
  });
});
