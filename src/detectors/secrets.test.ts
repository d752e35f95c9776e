import { describe, expect, it } from 'vitest';
import { runCaseTable } from '../../test/support/case-tester.js';
import { caseInput } from './cases.js';
import { cases, chars, fake } from './secrets.cases.js';
import { redactSecrets, secrets } from './secrets.js';
import type { DetectorInput } from './types.js';

runCaseTable(secrets, cases);

const run = secrets.create(secrets.options.parse({}));
const response = (result: unknown, method = 'tools/call'): DetectorInput => ({
  phase: 'response',
  method,
  server: 'fs',
  tool: 'read_file',
  params: { name: 'read_file', arguments: {} },
  result,
});
const textResult = (text: string) => ({ content: [{ type: 'text', text }] });
const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0]!.text;

describe('redactSecrets', () => {
  it('keeps the shape of the text and says what was removed', () => {
    const pass = fake.password();
    const gh = fake.github();
    const { text, found } = redactSecrets(`DATABASE_URL=postgres://app:${pass}@db:5432/x\nGH=${gh}\n`);
    expect(text).toBe(
      'DATABASE_URL=postgres://app:[REDACTED:password]@db:5432/x\nGH=[REDACTED:github_token]\n',
    );
    expect(found.map((f) => f.kind)).toEqual(['password', 'github_token']);
  });

  it('reports spans into the original text', () => {
    const secretsIn = [fake.awsKeyId(), fake.slackBot(), fake.jwt(), fake.anthropic()];
    const input = secretsIn.map((s, i) => `line ${i}: ${s}`).join('\n');
    const { found } = redactSecrets(input);
    expect(found.map((f) => input.slice(f.start, f.end))).toEqual(secretsIn);
  });

  it('keeps the BEGIN and END lines of a private key', () => {
    const key = fake.pemKey('OPENSSH', 5);
    const { text } = redactSecrets(key.text);
    expect(text).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\[REDACTED:private_key\]-----END OPENSSH PRIVATE KEY-----$/,
    );
  });

  it('keeps the public part of webhook URLs and bot tokens', () => {
    const hook = fake.slackWebhookPath();
    const tg = fake.telegramSecret();
    const { text } = redactSecrets(`https://hooks.slack.com/services/${hook} bot123456789:${tg}`);
    expect(text).toBe(
      'https://hooks.slack.com/services/[REDACTED:slack_webhook] bot123456789:[REDACTED:telegram_bot_token]',
    );
  });

  it('leaves JSON text parseable', () => {
    const key = fake.pemKey('', 8);
    const account = {
      type: 'service_account',
      private_key_id: fake.hex(40),
      private_key: `${key.text}\n`,
      client_id: '1',
    };
    const { text, found } = redactSecrets(JSON.stringify(account));
    expect(found.map((f) => f.kind)).toEqual(['gcp_service_account', 'private_key']);
    const parsed = JSON.parse(text) as typeof account;
    expect(parsed.private_key_id).toBe('[REDACTED:gcp_service_account]');
    expect(parsed.private_key).toBe(
      '-----BEGIN PRIVATE KEY-----[REDACTED:private_key]-----END PRIVATE KEY-----\n',
    );
  });

  it('is idempotent: redacted text holds nothing more to redact', () => {
    for (const c of cases.attacks) {
      if (c.text === undefined) continue;
      const once = redactSecrets(c.text).text;
      expect(redactSecrets(once).found, once).toEqual([]);
    }
  });

  it('returns the same string when there is nothing to redact', () => {
    const benign = 'the key to the token economy is a password-less future';
    expect(redactSecrets(benign)).toEqual({ text: benign, found: [] });
  });
});

describe('secrets detector', () => {
  it('redacts a text result and reports kind and path', () => {
    const gh = fake.github();
    const out = run(response(textResult(`export GITHUB_TOKEN=${gh}`)));
    expect(out.findings).toEqual([
      {
        detector: 'secrets',
        severity: 'critical',
        message: 'github token `ghp_…` (checksum valid)',
        kind: 'github_token',
        path: 'result.content[0].text',
      },
    ]);
    expect(textOf(out.result)).toBe('export GITHUB_TOKEN=[REDACTED:github_token]');
  });

  it('groups repeated secrets of one kind at one path into one finding', () => {
    const text = [fake.github(), fake.github(), fake.githubBadChecksum()].join('\n');
    const out = run(response(textResult(text)));
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ kind: 'github_token', severity: 'critical' });
    expect(out.findings[0]!.message).toBe('github token `ghp_…` (checksum valid), 3 occurrences');
  });

  it('never puts a secret in a finding', () => {
    for (const c of cases.attacks) {
      const out = run(caseInput(c));
      const reported = JSON.stringify(out.findings);
      for (const s of c.removed ?? []) expect(reported).not.toContain(s);
    }
  });

  it('returns the very same result when nothing is found, and never mutates its input', () => {
    const benign = Object.freeze({
      content: Object.freeze([Object.freeze({ type: 'text', text: 'all good' })]),
    });
    expect(run(response(benign))).toEqual({ findings: [], result: benign });
    expect(run(response(benign)).result).toBe(benign);

    const input = {
      content: [
        { type: 'text', text: `key ${fake.googleApiKey()}` },
        { type: 'text', text: 'fine' },
      ],
    };
    const before = JSON.stringify(input);
    const out = run(response(input));
    expect(JSON.stringify(input)).toBe(before);
    const content = (out.result as typeof input).content;
    expect(content[0]!.text).toBe('key [REDACTED:google_api_key]');
    expect(content[1]).toBe(input.content[1]); // unchanged parts are shared, not copied
  });

  it('redacts secret-named fields of structured results, including awkward keys', () => {
    const pass = fake.password();
    const token = chars(40);
    const result = {
      structuredContent: {
        'db-password': pass,
        tokens: [token],
        apiKey: '',
        nested: { access_token: token },
      },
    };
    const out = run(response(result));
    expect(out.findings.map((f) => [f.kind, f.path])).toEqual([
      ['password', 'result.structuredContent["db-password"]'],
      ['generic_secret', 'result.structuredContent.nested.access_token'],
    ]);
    const redacted = (out.result as typeof result).structuredContent;
    expect(redacted['db-password']).toBe('[REDACTED:password]');
    expect(redacted.tokens).toEqual([token]); // an array item has no name to go by
  });

  it('honours `ignore`', () => {
    const jwt = fake.jwt();
    const gh = fake.github();
    const lenient = secrets.create(secrets.options.parse({ ignore: ['jwt'] }));
    const out = lenient(response(textResult(`session ${jwt} and ${gh}`)));
    expect(out.findings.map((f) => f.kind)).toEqual(['github_token']);
    expect(textOf(out.result)).toBe(`session ${jwt} and [REDACTED:github_token]`);
  });

  it('only looks at responses of the methods it declares', () => {
    expect(secrets.meta.phases).toEqual(['response']);
    expect(secrets.meta.methods).toEqual([
      'tools/call',
      'resources/read',
      'prompts/get',
      'completion/complete',
    ]);
    expect(
      run({
        phase: 'request',
        method: 'tools/call',
        server: 's',
        params: { arguments: { t: fake.github() } },
      }),
    ).toEqual({ findings: [] });
  });
});

describe('hostile input', () => {
  it('handles 10,000-deep nesting of objects and arrays', () => {
    const pass = fake.password();
    let deep: unknown = { password: pass };
    for (let i = 0; i < 10_000; i++) deep = { a: [deep] };
    const out = run(response(deep));
    expect(out.findings).toHaveLength(1);
    let leaf = out.result as { a: unknown[] } | { password: string };
    while ('a' in leaf) leaf = leaf.a[0] as typeof leaf;
    expect(leaf).toEqual({ password: '[REDACTED:password]' });
  });

  it('handles a 10 MB string with a secret at the end', () => {
    const gh = fake.github();
    const out = run(response(textResult(`${'a'.repeat(10_000_000)} ${gh}`)));
    expect(out.findings.map((f) => f.kind)).toEqual(['github_token']);
    expect(textOf(out.result).endsWith(' [REDACTED:github_token]')).toBe(true);
  });

  it('handles lone surrogates around and inside secrets', () => {
    const gh = fake.github();
    const { text } = redactSecrets(`\ud800${gh}\udfff password=\udc00${fake.password()}`);
    expect(text.startsWith('\ud800[REDACTED:github_token]\udfff')).toBe(true);
    expect(text).not.toContain(gh);
  });

  it('treats __proto__ keys as data and pollutes nothing', () => {
    const pass = fake.password();
    const result = JSON.parse(
      `{"__proto__": {"password": "${pass}"}, "constructor": {"prototype": "x"}}`,
    ) as unknown;
    const out = run(response(result));
    expect(out.findings.map((f) => f.path)).toEqual(['result.__proto__.password']);
    const rewritten = out.result as Record<string, unknown>;
    expect(Object.keys(rewritten)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(rewritten)).toBe(Object.prototype);
    expect((rewritten['__proto__'] as { password: string }).password).toBe('[REDACTED:password]');
    expect(({} as Record<string, unknown>).password).toBeUndefined();
  });

  it('ignores non-string leaves', () => {
    const result = { a: 1, b: null, c: true, d: [1.5, null], e: undefined };
    expect(run(response(result)).result).toBe(result);
  });
});
