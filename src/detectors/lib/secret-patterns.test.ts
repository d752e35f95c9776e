import { describe, expect, it } from 'vitest';
import { cases, chars, fake } from '../secrets.cases.js';
import {
  ANCHORS,
  base62,
  classifySecretName,
  crc32,
  decodeBase64,
  fieldSecret,
  findSecrets,
  hasValidTokenChecksum,
  isPlaceholder,
  jwtAlgorithm,
  looksLikeSecretValue,
  nameWords,
  SECRET_RULES,
  shannonEntropy,
  type SecretMatch,
} from './secret-patterns.js';
import { walkStrings } from './walk.js';

describe('checksums and decoding', () => {
  it('computes CRC-32 (IEEE) like zlib', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  it('encodes base 62 with digits, upper case, lower case, left-padded', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 1)).toBe('z');
    expect(base62(62, 2)).toBe('10');
    expect(base62(0xffffffff, 6)).toBe('4gfFC3');
  });

  it('checks the checksum of GitHub and npm tokens', () => {
    // Vector computed independently (Python zlib): CRC-32 of 30 × 'A' is 0uCPlr in base 62.
    expect(hasValidTokenChecksum(`ghp_${'A'.repeat(30)}0uCPlr`)).toBe(true);
    expect(hasValidTokenChecksum(`npm_${'A'.repeat(30)}0uCPlr`)).toBe(true);
    expect(hasValidTokenChecksum(`ghp_${'A'.repeat(30)}0uCPls`)).toBe(false);
    expect(hasValidTokenChecksum(`ghp_${'A'.repeat(31)}0uCPlr`)).toBe(false);
    expect(hasValidTokenChecksum(fake.github('gho_'))).toBe(true);
    expect(hasValidTokenChecksum(fake.githubBadChecksum())).toBe(false);
  });

  it('decodes base64 and base64url without throwing on garbage', () => {
    expect(decodeBase64('aGVsbG8')).toBe('hello');
    expect(decodeBase64('aGVsbG8=')).toBe('hello');
    expect(decodeBase64('-_-_')).toBe(atob('+/+/'));
    expect(decodeBase64('abcde')).toBeUndefined(); // 5 characters cannot be base64
    expect(decodeBase64('ab.cd')).toBeUndefined();
    expect(decodeBase64('a=b')).toBeUndefined();
  });

  it('reads the alg of a JWT header, and nothing else', () => {
    const header = (o: unknown) => btoa(JSON.stringify(o)).replace(/=/g, '');
    expect(jwtAlgorithm(header({ alg: 'RS256', typ: 'JWT' }))).toBe('RS256');
    expect(jwtAlgorithm(header({ typ: 'JWT' }))).toBeUndefined();
    expect(jwtAlgorithm(header({ alg: 5 }))).toBeUndefined();
    expect(jwtAlgorithm(btoa('{"alg"}'))).toBeUndefined(); // invalid JSON
    expect(jwtAlgorithm(`eyJ${chars(20)}`)).toBeUndefined();
  });

  it('measures entropy in bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBeCloseTo(1);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
    expect(shannonEntropy('\u00e9\u00e8')).toBe(0); // non-ASCII share one bucket
  });
});

describe('field names', () => {
  it.each([
    ['DB_PASSWORD', ['db', 'password']],
    ['dbPassword', ['db', 'password']],
    ['x-api-key', ['x', 'api', 'key']],
    ['APIKey', ['api', 'key']],
    ['spring.datasource.password', ['spring', 'datasource', 'password']],
    ['aws_secret_access_key', ['aws', 'secret', 'access', 'key']],
    ['SecretAccessKey', ['secret', 'access', 'key']],
    ['PGPASSWORD', ['pgpassword']],
    ['', []],
  ])('splits %j into words', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });

  it.each([
    ['password', 'password'],
    ['DB_PASSWORD', 'password'],
    ['PGPASSWORD', 'password'],
    ['smtp_pass', 'password'],
    ['passphrase', 'password'],
    ['aws_secret_access_key', 'aws_secret_access_key'],
    ['SecretAccessKey', 'aws_secret_access_key'],
    ['SessionToken', 'aws_session_token'],
    ['AWS_SESSION_TOKEN', 'aws_session_token'],
    ['private_key_id', 'gcp_service_account'],
    ['private_key', 'private_key'],
    ['client_secret', 'client_secret'],
    ['clientSecret', 'client_secret'],
    ['api_key', 'api_key'],
    ['X-API-Key', 'api_key'],
    ['apikey', 'api_key'],
    ['Ocp-Apim-Subscription-Key', 'api_key'],
    ['access_token', 'generic_secret'],
    ['refreshToken', 'generic_secret'],
    ['GITHUB_TOKEN', 'generic_secret'],
    ['SECRET_KEY', 'generic_secret'],
    ['webhook_secret', 'generic_secret'],
    ['credentials', 'generic_secret'],
    ['auth', 'generic_secret'],
  ])('%j names a %s', (name, kind) => {
    expect(classifySecretName(name)).toBe(kind);
  });

  it.each([
    'key',
    'cache_key',
    'sort_key',
    'public_key',
    'keyboard',
    'bypass',
    'compass',
    'passwordPolicy',
    'password_hash',
    'nextPageToken',
    'page_token',
    'max_tokens',
    'prompt_tokens',
    'csrf_token',
    'token_type',
    'tokenizer',
    'secretName',
    'imagePullSecrets',
    'author',
    'oauth',
    'auth_type',
    '',
  ])('%j names no secret', (name) => {
    expect(classifySecretName(name)).toBeUndefined();
  });
});

describe('values', () => {
  it.each([
    '********',
    '••••••••',
    'xxxxxxxx',
    '<your-password>',
    '${DB_PASSWORD}',
    '$DB_PASSWORD',
    '%API_KEY%',
    '{{ vault_secret }}',
    'your_api_key_here',
    'YOUR-TOKEN',
    'changeme',
    'null',
    'None',
    'String!',
    'sk-...abcd',
    'AKIAIOSFODNN7EXAMPLE',
    '[REDACTED:password]',
    'ENC[AES256_GCM,data:abc]',
    '?required',
    'ababababababababab',
  ])('%j is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each(['hunter2x', 'Tr0ub4dor&3', fake.password(), chars(40), fake.hex(32)])(
    '%j is not a placeholder',
    (value) => {
      expect(isPlaceholder(value)).toBe(false);
    },
  );

  it.each([
    ['hunter2x', 'password', true],
    ['abc123', 'password', true],
    ['correct-horse-battery-staple', 'password', true],
    ['letmein', 'password', false],
    ['required', 'password', false],
    ['my-secret', 'password', false],
    ['os.environ', 'password', false],
    ['process.env.DB_PASSWORD', 'password', false],
    ['getenv("DB_PASS")', 'password', false],
    [fake.hex(32), 'generic_secret', true],
    [chars(24), 'api_key', true],
    ['550e8400-e29b-41d4-a716-446655440000', 'generic_secret', true],
    ['expired_session', 'generic_secret', false],
    ['accessTokenValue', 'generic_secret', false],
    ['Authorization', 'bearer_token', false],
    ['12345678', 'generic_secret', false],
    [fake.hex(40), 'gcp_service_account', true],
    [chars(40), 'gcp_service_account', false],
  ])('%j under a %s name looks like a secret: %s', (value, kind, expected) => {
    expect(looksLikeSecretValue(value, kind)).toBe(expected);
  });

  it('judges a structured field as a whole', () => {
    const password = fake.password();
    expect(fieldSecret('db_password', password)).toMatchObject({
      kind: 'password',
      start: 0,
      end: password.length,
    });
    expect(fieldSecret('db_password', '********')).toBeNull();
    expect(fieldSecret('cache_key', chars(32))).toBeNull();
  });
});

describe('pattern table', () => {
  const anchors = SECRET_RULES.flatMap((r) => r.anchors);

  it('has one scanner literal per anchor, and no anchor that is a prefix of another', () => {
    const literals = ANCHORS.literals;
    expect(new Set(literals)).toEqual(new Set(anchors));
    expect(literals.length).toBe(new Set(literals).size);
    for (const a of literals) {
      expect(a, `anchor ${a} must be lower case`).toBe(a.toLowerCase());
      for (const b of literals) if (a !== b) expect(b.startsWith(a), `${a} is a prefix of ${b}`).toBe(false);
    }
  });

  it.each(anchors)('the scanner finds anchor %j exactly', (anchor) => {
    for (const text of [anchor.toUpperCase(), anchor, `é ${anchor.toUpperCase()}`]) {
      const at = ANCHORS.indexOf(text, 0);
      expect(at).toBe(text.length - anchor.length);
      expect(ANCHORS.literals[ANCHORS.at(text, at)]).toBe(anchor);
    }
  });

  // The scanner replaced a case-insensitive regex alternation of the anchors; it must find the same anchors
  // at the same positions, from any starting point.
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const alternation = new RegExp(ANCHORS.literals.map(escape).join('|'), 'gi');
  const viaRegex = (text: string) => {
    const hits: [number, string][] = [];
    alternation.lastIndex = 0;
    for (let m = alternation.exec(text); m !== null; m = alternation.exec(text)) {
      hits.push([m.index, m[0].toLowerCase()]);
      alternation.lastIndex = m.index + 1;
    }
    return hits;
  };
  const viaScanner = (text: string) => {
    const hits: [number, string][] = [];
    for (let at = ANCHORS.indexOf(text, 0); at !== -1; at = ANCHORS.indexOf(text, at + 1))
      hits.push([at, ANCHORS.literals[ANCHORS.at(text, at)]!]);
    return hits;
  };
  const positions = (text: string) => {
    const all: number[] = [];
    for (let at = 0; at < text.length; at++) if (ANCHORS.at(text, at) !== -1) all.push(at);
    return all;
  };

  it('finds what the regex alternation finds in every string of the case tables', () => {
    const texts: string[] = [];
    for (const c of [...cases.attacks, ...cases.benign]) walkStrings(c, 'case', (s) => void texts.push(s));
    expect(texts.length).toBeGreaterThan(60);
    let hits = 0;
    for (const text of texts) {
      const expected = viaRegex(text);
      expect(viaScanner(text), text).toEqual(expected);
      expect(positions(text)).toEqual(expected.map(([at]) => at));
      hits += expected.length;
    }
    expect(hits).toBeGreaterThan(100);
  });

  it('finds what the regex alternation finds in generated text (anchors in any case, non-ASCII around)', () => {
    let seed = 7;
    const pick = <T>(xs: readonly T[]): T => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return xs[(seed >>> 8) % xs.length]!;
    };
    // Characters that fold onto ASCII letters in Unicode (and must not here), lone surrogates, punctuation.
    const noise = [
      'ſ',
      'K',
      'ı',
      'İ',
      'é',
      'ß',
      '\u00ff',
      '\u0141',
      '\ud83d\ude00',
      '\ud800',
      ' ',
      '_',
      '-',
      '.',
      ':',
      '/',
      '~',
      '=',
      'x',
      'Q',
      '0',
      '9',
      '@',
      '`',
      '[',
      '{',
      '\x7f',
      '\u0161',
    ];
    const pieces = [...ANCHORS.literals, ...ANCHORS.literals.map((a) => a.slice(0, -1)), ...noise];
    const withCase = (s: string) => [...s].map((ch) => (pick([0, 1]) ? ch.toUpperCase() : ch)).join('');
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const parts = 1 + (n % 12);
      for (let p = 0; p < parts; p++) text += withCase(pick(pieces));
      const expected = viaRegex(text);
      expect(viaScanner(text), JSON.stringify(text)).toEqual(expected);
      expect(positions(text), JSON.stringify(text)).toEqual(expected.map(([at]) => at));
    }
  });

  it('uses stable snake_case kinds', () => {
    for (const r of SECRET_RULES) expect(r.kind).toMatch(/^[a-z0-9]+(?:_[a-z0-9]+)*$/);
  });
});

describe('findSecrets', () => {
  const spans = (text: string, found: SecretMatch[]) =>
    found.map((f) => [f.kind, text.slice(f.start, f.end)]);

  it('returns exact spans, in order', () => {
    const gh = fake.github();
    const pass = fake.password();
    const jwt = fake.jwt();
    const text = `a ${gh} b postgres://app:${pass}@db/x c {"id_token": "${jwt}"}`;
    expect(spans(text, findSecrets(text))).toEqual([
      ['github_token', gh],
      ['password', pass],
      ['jwt', jwt],
    ]);
  });

  it('prefers the fixed format over the field name or URL around it', () => {
    const gh = fake.github();
    const sk = fake.stripe();
    const text = `password=${gh}\nhttps://user:${sk}@api.example.com\nAuthorization: Bearer ${fake.openaiLegacy()}`;
    expect(findSecrets(text).map((f) => f.kind)).toEqual(['github_token', 'stripe_key', 'openai_key']);
  });

  it('keeps the public parts of a secret in its description, never the secret', () => {
    const gh = fake.github();
    const [f] = findSecrets(`token ${gh}`);
    expect(f!.description).toBe('github token `ghp_…` (checksum valid)');
    expect(f!.severity).toBe('critical');
    const [bad] = findSecrets(`token ${fake.githubBadChecksum()}`);
    expect(bad!.description).toBe('github token `ghp_…` (checksum mismatch)');
    expect(bad!.severity).toBe('medium');
    const [test] = findSecrets(fake.stripe('sk_test_'));
    expect(test).toMatchObject({ kind: 'stripe_key', severity: 'medium' });
  });

  it('finds a private key whose END line is missing, up to where the body stops', () => {
    const key = fake.pemKey('EC', 6);
    const cut = key.text.split('\n').slice(0, 4).join('\n');
    const text = `${cut}"\n}`;
    const [f] = findSecrets(text);
    expect(f?.kind).toBe('private_key');
    expect(text.slice(f!.end)).toBe('"\n}');
  });

  it('returns nothing for short or empty strings', () => {
    expect(findSecrets('')).toEqual([]);
    expect(findSecrets('pwd=a')).toEqual([]);
  });

  // Repetitions of the shapes that make each rule work hardest: they must come back (timing is measured
  // apart, in the report), sorted and without overlaps.
  const N = 100 * 1024;
  const rep = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
  it.each([
    ['jwt prefixes', rep('eyJ')],
    ['jwt-shaped garbage', rep('eyJabcdefgh.')],
    ['password assignments', rep('password=')],
    ['short passwords', rep('password=aB3')],
    ['open quotes', rep('"password": "')],
    ['names of names', rep('token_token_token:')],
    ['dotted names', rep('.key')],
    ['connection strings without @', rep('postgres://a:b')],
    ['connection strings', rep('x://a:b@')],
    ['private key headers', rep('-----BEGIN PRIVATE KEY-----')],
    ['authorization headers', rep('Authorization: Bearer ')],
    ['telegram ids', rep('123456789:AA')],
    ['azure secret markers', rep('abc1Q~')],
    ['aws key ids', rep('AKIAAAAAAAAAAAAAAAAA,')],
    ['discord-shaped runs', rep('MTaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaa.')],
    ['dashes', rep('-')],
  ])('survives 100 KiB of %s', (_name, text) => {
    const found = findSecrets(text);
    for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
  });
});
