import { describe, expect, it } from 'vitest';
import { fixtureDetectors } from '../../test/support/fixture-detectors.js';
import { compile } from './compile.js';
import { PolicyError, type Diagnostic } from './diagnostics.js';
import { policyJsonSchema } from './schema.js';

const opts = { detectors: fixtureDetectors };

function errorsOf(source: string): Diagnostic[] {
  try {
    compile(source, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).diagnostics;
  }
  throw new Error('expected the policy to fail');
}

describe('compile', () => {
  it('compiles a minimal policy with defaults', () => {
    const { ir, warnings } = compile('version: 1\n', opts);
    expect(ir.default).toBe('deny');
    expect(ir.rules).toEqual([]);
    expect(ir.detectors.map((d) => [d.id, d.action])).toEqual([
      ['keyword', 'deny'],
      ['redactor', 'redact'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('accepts JSON as well as YAML', () => {
    const { ir } = compile(
      '{"version": 1, "default": "allow", "rules": [{"tool": "x", "decision": "deny"}]}',
      opts,
    );
    expect(ir.default).toBe('allow');
    expect(ir.rules[0]!.id).toBe('rules[0]');
  });

  it('names line and column of a misspelt key and suggests the fix', () => {
    const [d] = errorsOf('version: 1\nrules:\n  - tool: read_file\n    decison: allow\n');
    expect(d).toMatchObject({ line: 4, column: 5, path: 'rules[0].decison' });
    expect(d!.message).toBe('unknown key `decison` in rules[0]');
    expect(d!.hint).toBe('did you mean `decision`?');
  });

  it('reports a missing decision at its rule', () => {
    const [d] = errorsOf('version: 1\nrules:\n  - tool: read_file\n');
    expect(d).toMatchObject({ line: 3, column: 5, message: 'missing `decision` in rules[0]' });
    expect(d!.hint).toContain('decision: allow');
  });

  it('reports a bad enum value with the values it accepts', () => {
    const [d] = errorsOf('version: 1\ndefault: maybe\n');
    expect(d).toMatchObject({ line: 2, column: 10 });
    expect(d!.message).toContain('`maybe`');
    expect(d!.hint).toBe('use `allow` or `deny`');
  });

  it('reports a wrong version', () => {
    const [d] = errorsOf('version: 2\n');
    expect(d).toMatchObject({ line: 1, column: 10, path: 'version' });
  });

  it('reports yaml syntax errors with their position', () => {
    const [d] = errorsOf('version: 1\nrules:\n  - tool: "unterminated\n');
    expect(d!.message).toMatch(/^invalid yaml/);
    expect(d!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports every error, not only the first', () => {
    const ds = errorsOf('version: 1\nrules:\n  - decision: nope\n  - decision: allow\n    tol: x\n');
    expect(ds.length).toBe(2);
    expect(ds.map((d) => d.line)).toEqual([3, 5]);
  });

  it('rejects duplicate keys', () => {
    expect(errorsOf('version: 1\nversion: 1\n')[0]!.message).toMatch(/duplicate|unique/i);
  });

  it('refuses an empty policy', () => {
    expect(errorsOf('')[0]!.message).toBe('the policy is empty');
  });

  it('warns about unknown detectors with a suggestion, and ignores them', () => {
    const { warnings, ir } = compile('version: 1\ndetectors:\n  keywrd: deny\n', opts);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      code: 'unknown-detector',
      line: 3,
      column: 3,
      hint: 'did you mean `keyword`?',
    });
    expect(ir.detectors.map((d) => d.id)).toEqual(['keyword', 'redactor']);
  });

  it('validates detector options and actions', () => {
    expect(errorsOf('version: 1\ndetectors:\n  keyword: { action: deny, wrd: x }\n')[0]).toMatchObject({
      message: 'unknown option `wrd` for detector `keyword`',
      hint: 'did you mean `word`?',
      line: 3,
    });
    expect(errorsOf('version: 1\ndetectors:\n  keyword: redact\n')[0]!.message).toBe(
      'detector `keyword` cannot redact',
    );
    expect(errorsOf('version: 1\ndetectors:\n  keyword: { word: 3 }\n')[0]!.path).toBe(
      'detectors.keyword.word',
    );
  });

  it('turns detectors off', () => {
    const { ir } = compile('version: 1\ndetectors:\n  keyword: off\n', opts);
    expect(ir.detectors.map((d) => d.id)).toEqual(['redactor']);
  });

  it('warns about rules that can never match', () => {
    const src = [
      'version: 1',
      'rules:',
      '  - tool: "read_*"',
      '    decision: allow',
      '  - tool: read_file',
      '    decision: deny',
      '  - tool: "re?d_*"',
      '    decision: deny',
      '  - server: fs',
      '    tool: "*"',
      '    decision: deny',
      '    args: { path: { required: true } }',
      '  - server: fs',
      '    tool: write',
      '    decision: deny',
    ].join('\n');
    const { warnings } = compile(src, opts);
    expect(warnings.map((w) => [w.code, w.path, w.line])).toEqual([['shadowed-rule', 'rules[1]', 5]]);
  });

  it('rejects unusable path prefixes and domain patterns with their position', () => {
    const ds = errorsOf(
      'version: 1\nrules:\n  - decision: allow\n    conditions:\n      path_prefix: relative/dir\n      allowed_domains: ["https://x.com/"]\n',
    );
    expect(ds.map((d) => [d.path, d.line])).toEqual([
      ['rules[0].conditions.path_prefix', 5],
      ['rules[0].conditions.allowed_domains[0]', 6],
    ]);
  });

  it('parses rate limits', () => {
    const { ir } = compile('version: 1\nrules:\n  - decision: allow\n    rate_limit: 10/minute\n', opts);
    expect(ir.rules[0]!.rateLimit).toEqual({ requests: 10, per: 'minute', windowMs: 60_000, by: 'client' });
    expect(errorsOf('version: 1\nrules:\n  - decision: allow\n    rate_limit: lots\n')[0]!.line).toBe(4);
  });

  it('survives alias bombs', () => {
    const lines = ['version: 1', 'x0: &x0 ["l","l","l","l","l","l","l","l","l"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `x${i}: &x${i} [${Array(9)
          .fill(`*x${i - 1}`)
          .join(',')}]`,
      );
    expect(() => compile(lines.join('\n'), opts)).toThrow(PolicyError);
  });
});

describe('simple formats', () => {
  it('converts allowed_tools and blocked_arg_patterns with a warning', () => {
    const { ir, warnings } = compile(
      'allowed_tools: [read_file]\nblocked_arg_patterns: ["rm -rf", "DROP.*TABLE"]\n',
      opts,
    );
    expect(ir.default).toBe('deny');
    expect(ir.policy.rules).toEqual([
      {
        tool: 'read_file',
        server: '*',
        decision: 'allow',
        args: { '*': { not_contains: ['rm -rf', 'DROP.*TABLE'] } },
      },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['converted-format', 'converted-pattern']);
  });

  it('converts allowlisted_tools and denylisted_tools, deny first', () => {
    const { ir } = compile('allowlisted_tools: [a, b]\ndenylisted_tools: [b]\n', opts);
    expect(ir.policy.rules.map((r) => `${r.tool}:${r.decision}`)).toEqual(['b:deny', 'a:allow', 'b:allow']);
  });

  it('reports a malformed list with its position', () => {
    expect(errorsOf('allowed_tools: read_file\n')[0]).toMatchObject({
      path: 'allowed_tools',
      line: 1,
      column: 1,
    });
  });
});

describe('JSON Schema', () => {
  it('describes the fixed fields', () => {
    const s = policyJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(s.properties)).toEqual(
      expect.arrayContaining(['version', 'default', 'detectors', 'rules', 'sessions']),
    );
    expect(s.required).toContain('version');
    expect(JSON.stringify(s)).toContain('path_prefix');
  });
});
