/**
 * The secret pattern table, and the scanner that runs it over a string.
 *
 * Design (speed is the point: the gateway redacts every tool result):
 * - One pass of `ANCHORS`, a table-driven search for literal anchors (`ghp_`, `akia`, `-----begin`, `://`,
 *   `pass`, ..., ASCII case ignored: `lib/literals.ts`), finds candidate positions. It costs the same
 *   whatever the number of anchors, where a regex alternation of them costs more with each one.
 * - Each anchor dispatches to the rules that list it; a rule runs one sticky regex (or a small parser) at
 *   that position, then checks what it matched (checksum, base64 header, placeholder, entropy).
 * - Fixed-format rules (tokens with a known prefix) win over contextual ones (`password=`, `Authorization:`,
 *   `scheme://user:pass@`): a `password=ghp_...` is reported as a GitHub token.
 * - Every regex is sticky (`y`) and bounded, so one rule costs at most a few hundred steps per anchor hit.
 *
 * A rule's regex matches exactly the secret, or ends with a capturing group that is the secret (context in
 * front, lookaheads behind): the span is computed from the match end, without the `d` flag.
 */
import type { Severity } from '../types.js';
import { LiteralSet } from './literals.js';

/** Where a secret is, and what kind. Offsets are UTF-16 code units into the scanned string. */
export type SecretFound = { kind: string; start: number; end: number };

export type SecretMatch = SecretFound & {
  severity: Severity;
  /** One line for a finding: what it is and at most a public prefix (`ghp_…`), never the secret. */
  description: string;
  /** Keyword-anchored (`password=`, `Authorization:`, `scheme://user:pass@`): yields to a fixed format. */
  contextual: boolean;
};

export type SecretRule = {
  kind: string;
  /** Lowercase literals that `ANCHORS` finds; the rule is tried where one of them occurs. */
  anchors: readonly string[];
  /** Try the rule at an anchor hit: `at` is where the anchor starts, `anchor` the text it matched. */
  match(text: string, at: number, anchor: string, scan: ScanState): SecretMatch | null;
};

/** Scratch state of one `findSecrets` call, for rules that would otherwise repeat work. */
export type ScanState = {
  /** End of the last field name the assignment rule judged: `pwd_pwd_pwd=` is judged once, not thrice. */
  judgedNameEnd: number;
};

// ---------------------------------------------------------------------------------------------------------
// Checks on candidate values

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of the low byte of each code unit: the tokens it is used on are ASCII. */
export function crc32(s: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff]!;
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base 62 (digits, then upper, then lower case), left-padded with `0` to `width`. */
export function base62(n: number, width: number): string {
  let out = '';
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

/**
 * GitHub (`ghp_` and friends) and npm tokens: prefix, 30 random characters, then the CRC-32 of those 30
 * characters in 6 base-62 digits. A valid checksum means a real token shape, not a made-up one.
 */
export function hasValidTokenChecksum(token: string): boolean {
  const body = token.slice(token.indexOf('_') + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decode base64 or base64url to a binary string, or undefined when it is not valid base64. Checked up
 * front rather than by catching `atob`: exceptions cost microseconds, and hostile text can force many.
 */
export function decodeBase64(s: string): string | undefined {
  if (!BASE64.test(s)) return undefined;
  const bare = s.replace(/=/g, ''); // only padding can be `=` here
  if (bare.length % 4 === 1) return undefined;
  const std = bare.replace(/-/g, '+').replace(/_/g, '/');
  return atob(std.padEnd(std.length + ((4 - (std.length % 4)) % 4), '='));
}

/** The `alg` of a JWT header segment (base64url of a JSON object with a string `alg`), or undefined. */
export function jwtAlgorithm(headerSegment: string): string | undefined {
  const json = decodeBase64(headerSegment);
  // Cheap shape test first, so that JWT-shaped garbage rarely reaches a throwing JSON.parse.
  if (json === undefined || !json.endsWith('}') || !json.includes('"alg"')) return undefined;
  try {
    const header: unknown = JSON.parse(json);
    const alg = (header as { alg?: unknown } | null)?.alg;
    return typeof alg === 'string' ? alg : undefined;
  } catch {
    return undefined;
  }
}

const counts = new Uint32Array(128);

/** Shannon entropy in bits per character (non-ASCII characters share one bucket). */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  for (let i = 0; i < s.length; i++) counts[Math.min(s.charCodeAt(i), 127)]!++;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = Math.min(s.charCodeAt(i), 127);
    const n = counts[c]!;
    if (n === 0) continue; // already counted
    const p = n / s.length;
    bits -= p * Math.log2(p);
    counts[c] = 0;
  }
  return bits;
}

/** How many of lower case, upper case, digits and symbols (other than `_ - .`) occur. */
function charClasses(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) mask |= 1;
    else if (c >= 65 && c <= 90) mask |= 2;
    else if (c >= 48 && c <= 57) mask |= 4;
    else if (c !== 95 && c !== 45 && c !== 46) mask |= 8;
  }
  return (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1) + ((mask >> 3) & 1);
}

const PLACEHOLDER_WORD =
  /^(?:null|nil|none|undefined|true|false|yes|no|on|off|empty|blank|redacted|hidden|masked|secret|secrets|password|passwd|pass|pwd|pw|username|user|token|key|apikey|api_key|changeme|change_me|required|optional|example|sample|dummy|fake|test|placeholder|default|todo|tbd|n\/a|string|str|int|integer|number|bool|boolean|any|object|bytes|text|secretstr|env|value)[!?]?$/i;

// Whole-value shapes: masks, template variables, environment references, encrypted-at-rest markers, and
// the message of a shell `${VAR:?message}`.
const PLACEHOLDER_SHAPE =
  /^(?:[*•x#.\-_]+$|\?|\$\(?[A-Za-z_]\w*\)?$|%[A-Za-z_]\w*%$|\$\{|\{\{|<|ENC\[|vault:v\d|\$ANSIBLE_VAULT|AGE-ENCRYPTED)/i;

// Tell-tale parts of documentation values: `your_api_key_here`, `sk-...abcd`, `ghp_xxxx`, `AKIA...EXAMPLE`.
const PLACEHOLDER_PART =
  /your[_ -]|[_-]here\b|\.\.\.|…|\*{3}|•{3}|x{5}|0{8}|redacted|example|placeholder|changeme|replace[_-]?me|insert[_-]|dummy|\{\{|\$\{/i;

/** Values that stand for a secret without being one: masks, templates, references, documentation shapes. */
export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORD.test(value) || PLACEHOLDER_SHAPE.test(value) || PLACEHOLDER_PART.test(value))
    return true;
  return value.length >= 16 && distinctChars(value) < 5;
}

function distinctChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.indexOf(s[i]!) === i && ++n >= 5) return n;
  return n;
}

// Code, not a value: `os.environ`, `!this.result.ok`, `match?.pass`, `getenv("X")`, `0x0B96`, and paths
// (`PWD=/Users/ada` is the working directory).
const CODE =
  /^!*[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$|^[A-Za-z_$][\w$.]*\([^)]*\)$|^0x[0-9a-f]+$|^(?:~|\.\.?)?\/|^[A-Za-z]:\\/i;
// Words, not random characters: `my-secret-name`, `required_field`, `accessTokenValue`, `ArrowToken$1`.
const WORDY = /^[a-z]+(?:[-_.][a-z]+)*$|^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*(?:\$\d+)?$/;
// A sentence: `Password used to generate key`.
const PROSE = /^[A-Za-z][a-z']*(?: [A-Za-z][a-z']*)+[.!?]?$/;

/**
 * Does a value assigned to a secret-looking name (`password: ...`, `api_key=...`) look like a real secret?
 * Passwords may be short and human (`hunter2x`); keys and tokens must look random.
 */
export function looksLikeSecretValue(value: string, kind: string): boolean {
  if (value.length < 6 || isPlaceholder(value) || CODE.test(value) || PROSE.test(value)) return false;
  if (kind === 'gcp_service_account') return /^[0-9a-f]{40}$/.test(value);
  const classes = charClasses(value);
  if (kind === 'password') {
    if (WORDY.test(value)) return value.length >= 20;
    return classes >= 2 || (value.length >= 12 && shannonEntropy(value) >= 3);
  }
  // Keys and tokens are long: shorter values are ids, versions and public badge tokens.
  if (value.length < 12 || WORDY.test(value)) return false;
  const entropy = shannonEntropy(value);
  return (classes >= 2 && entropy >= 3) || (value.length >= 24 && entropy >= 3.5);
}

// ---------------------------------------------------------------------------------------------------------
// Names of fields that hold secrets

/** Split a field name into lowercase words: `DB_PASSWORD`, `dbPassword`, `x-api-key`, `APIKey`. */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const isUpper = c >= 'A' && c <= 'Z';
    const isAlnum = isUpper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!isAlnum) {
      if (word) words.push(word.toLowerCase());
      word = '';
      continue;
    }
    const prev = name[i - 1] ?? '';
    const next = name[i + 1] ?? '';
    // a new word at `aB` (camelCase) and at the last capital of a run followed by lower case (`APIKey`)
    const lowerBefore = prev >= 'a' && prev <= 'z';
    const upperRunEnds = prev >= 'A' && prev <= 'Z' && next >= 'a' && next <= 'z';
    if (isUpper && word && (lowerBefore || upperRunEnds)) {
      words.push(word.toLowerCase());
      word = '';
    }
    word += c;
  }
  if (word) words.push(word.toLowerCase());
  return words;
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'passcode']);
// `key` alone is any key (cache key, sort key); these qualifiers make it a credential.
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'client',
  'auth',
  'app',
  'account',
  'master',
  'signing',
  'encryption',
  'subscription',
  'admin',
  'service',
  'license',
  'storage',
  'shared',
  'root',
  'webhook',
  'consumer',
  'developer',
  'hmac',
  'session',
  'management',
  'deploy',
]);
// Tokens that are not credentials: pagination cursors, LLM token counts, CSRF nonces.
const NOT_CREDENTIAL_TOKEN =
  /(?:page|next|prev|previous|continuation|sync|resume|cursor|csrf|xsrf|max|min|total|num|input|output|prompt|completion|cached|reasoning|special|stop|bos|eos|pad|unk|sep|cls|mask)token$/;

/** The secret kind a field name announces (`DB_PASSWORD` → `password`), or undefined. */
export function classifySecretName(name: string): string | undefined {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return undefined;
  const prev = words[words.length - 2] ?? '';
  const joined = words.join('');
  if (joined.endsWith('privatekeyid')) return 'gcp_service_account';
  if (PASSWORD_WORDS.has(last) || last.endsWith('password')) return 'password';
  if (joined.endsWith('secretaccesskey')) return 'aws_secret_access_key';
  if (joined.endsWith('sessiontoken') && (words.includes('aws') || joined === 'sessiontoken'))
    return 'aws_session_token';
  if (last.endsWith('token')) return NOT_CREDENTIAL_TOKEN.test(joined) ? undefined : 'generic_secret';
  if (last.endsWith('secret'))
    return words.includes('client') || joined.endsWith('clientsecret') ? 'client_secret' : 'generic_secret';
  if (last === 'key' ? KEY_QUALIFIERS.has(prev) : /(?:api|secret|access|private)key$/.test(last)) {
    if (joined.endsWith('privatekey')) return 'private_key';
    return joined.endsWith('apikey') || prev === 'subscription' ? 'api_key' : 'generic_secret';
  }
  if (last === 'credential' || last === 'credentials' || last === 'auth') return 'generic_secret';
  return undefined;
}

const NAME_LABELS: Readonly<Record<string, string>> = {
  password: 'password',
  api_key: 'api key',
  client_secret: 'client secret',
  private_key: 'private key',
  aws_secret_access_key: 'aws secret access key',
  aws_session_token: 'aws session token',
  gcp_service_account: 'gcp service-account private key id',
  generic_secret: 'secret',
};

// ---------------------------------------------------------------------------------------------------------
// Rule builders

function describe(label: string, hint?: string, note?: string): string {
  return `${label}${hint ? ` \`${hint}\`` : ''}${note ? ` (${note})` : ''}`;
}

/** What a check may change about a match; `null` rejects the candidate. */
type Verdict = { severity?: Severity; note?: string };
const ACCEPT: Verdict = {};

type TokenSpec = {
  kind: string;
  label: string;
  severity: Severity;
  anchors: readonly string[];
  /** Sticky. Matches the secret, or ends with group 1 = the secret. */
  re: RegExp;
  /** Where the regex starts relative to the anchor (negative: the token begins before its anchor). */
  offset?: number;
  check?: (secret: string) => Verdict | null;
};

/** A fixed-format token. Its anchor (`ghp_`, `AKIA`) is public and may be shown: `github token \`ghp_…\``. */
function token(spec: TokenSpec): SecretRule {
  return {
    kind: spec.kind,
    anchors: spec.anchors,
    match(text, at, anchor) {
      const from = at + (spec.offset ?? 0);
      if (from < 0) return null;
      spec.re.lastIndex = from;
      const m = spec.re.exec(text);
      if (m === null) return null;
      const secret = m[1] ?? m[0];
      const end = m.index + m[0].length;
      const start = end - secret.length;
      if (isPlaceholder(secret)) return null;
      const verdict = spec.check ? spec.check(secret) : ACCEPT;
      if (verdict === null) return null;
      const hint = start === at ? `${anchor}…` : undefined;
      return {
        kind: spec.kind,
        start,
        end,
        severity: verdict.severity ?? spec.severity,
        description: describe(spec.label, hint, verdict.note),
        contextual: false,
      };
    },
  };
}

function checksummed(secret: string): Verdict {
  // A bad checksum still gets redacted (a truncated or mistyped real token still leaks most of it), with a
  // lower severity and a note: checksums tell real tokens from invented ones, not safe from unsafe.
  return hasValidTokenChecksum(secret)
    ? { severity: 'critical', note: 'checksum valid' }
    : { severity: 'medium', note: 'checksum mismatch' };
}

function mixedClasses(secret: string): Verdict | null {
  return charClasses(secret) >= 2 ? ACCEPT : null;
}

// ---------------------------------------------------------------------------------------------------------
// Fixed-format tokens

const CLOUD: SecretRule[] = [
  token({
    kind: 'aws_access_key_id',
    label: 'aws access key id',
    severity: 'high',
    anchors: ['akia', 'asia', 'abia', 'acca'],
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/y,
  }),
  // The secret key right after its key id (`AKIA...:secret`, CSV `AKIA...,secret`), with no name in front.
  token({
    kind: 'aws_secret_access_key',
    label: 'aws secret access key',
    severity: 'critical',
    anchors: ['akia', 'asia'],
    re: /(?:AKIA|ASIA)[A-Z0-9]{16}["']?[ \t]{0,3}[,;:|=\t ][ \t]{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/y,
  }),
  token({
    kind: 'google_api_key',
    label: 'google api key',
    severity: 'high',
    anchors: ['aiza'],
    re: /(?<![\w-])AIza[\w-]{35}(?![\w-])/y,
  }),
  token({
    kind: 'google_oauth_secret',
    label: 'google oauth client secret',
    severity: 'high',
    anchors: ['gocspx-'],
    re: /GOCSPX-[\w-]{28}(?![\w-])/y,
  }),
  token({
    kind: 'google_oauth_token',
    label: 'google oauth access token',
    severity: 'high',
    anchors: ['ya29.'],
    re: /(?<![\w-])ya29\.[\w-]{20,2048}/y,
  }),
  token({
    kind: 'azure_storage_key',
    label: 'azure storage account key',
    severity: 'critical',
    anchors: ['accountkey='],
    re: /AccountKey=([A-Za-z0-9+/]{86}==)/y,
  }),
  token({
    kind: 'azure_shared_access_key',
    label: 'azure shared access key',
    severity: 'critical',
    anchors: ['sharedaccesskey='],
    re: /SharedAccessKey=([A-Za-z0-9+/]{43}=)/y,
  }),
  // SAS signature: base64 of an HMAC-SHA256 (43 characters and `=`), usually percent-encoded in the URL.
  token({
    kind: 'azure_sas_token',
    label: 'azure sas signature',
    severity: 'high',
    anchors: ['sig='],
    re: /(?<=[?&;])sig=((?:[A-Za-z0-9]|%2[BbFf]|[+/]){43}(?:=|%3[Dd]))/y,
  }),
  // Entra ID client secrets: three characters, a digit, `Q~`, then 31 to 34 more.
  token({
    kind: 'azure_client_secret',
    label: 'azure client secret',
    severity: 'critical',
    anchors: ['q~'],
    offset: -4,
    re: /(?<![\w.~-])[\w.~-]{3}\dQ~[\w.~-]{31,34}(?![\w.~-])/y,
    check: mixedClasses,
  }),
];

const VCS: SecretRule[] = [
  token({
    kind: 'github_token',
    label: 'github token',
    severity: 'critical',
    anchors: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    re: /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9])/y,
    check: (s) => (s.length === 40 ? checksummed(s) : ACCEPT),
  }),
  token({
    kind: 'github_token',
    label: 'github fine-grained token',
    severity: 'critical',
    anchors: ['github_pat_'],
    re: /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{60,255}/y,
  }),
  token({
    kind: 'gitlab_token',
    label: 'gitlab token',
    severity: 'critical',
    anchors: [
      'glpat-',
      'gldt-',
      'glrt-',
      'glptt-',
      'glcbt-',
      'glsoat-',
      'glft-',
      'glimt-',
      'gloas-',
      'glagent-',
    ],
    re: /(?<![\w-])gl(?:pat|dt|rt|ptt|cbt|soat|ft|imt|oas|agent)-[\w.-]{20,255}/y,
  }),
  token({
    kind: 'gitlab_token',
    label: 'gitlab runner registration token',
    severity: 'high',
    anchors: ['gr1348941'],
    re: /GR1348941[\w-]{20,60}/y,
  }),
  token({
    kind: 'bitbucket_token',
    label: 'bitbucket app password',
    severity: 'high',
    anchors: ['atbb'],
    re: /(?<![A-Za-z0-9])ATBB[A-Za-z0-9]{32,40}(?![A-Za-z0-9])/y,
  }),
  token({
    kind: 'bitbucket_token',
    label: 'bitbucket access token',
    severity: 'high',
    anchors: ['atctt3'],
    re: /ATCTT3[\w=-]{100,300}/y,
  }),
  token({
    kind: 'atlassian_token',
    label: 'atlassian api token',
    severity: 'high',
    anchors: ['atatt3'],
    re: /ATATT3[\w=-]{100,300}/y,
  }),
];

const CHAT_AND_PAYMENT: SecretRule[] = [
  token({
    kind: 'slack_token',
    label: 'slack token',
    severity: 'high',
    anchors: ['xox', 'xapp-'],
    re: /(?<![A-Za-z0-9])(?:xox[abeoprs](?:\.xox[bp])?|xapp)-\d[A-Za-z0-9-]{10,250}/y,
  }),
  token({
    kind: 'slack_webhook',
    label: 'slack webhook url',
    severity: 'high',
    anchors: ['hooks.slack.com/'],
    re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/([\w/-]{20,200})/y,
  }),
  token({
    kind: 'discord_webhook',
    label: 'discord webhook url',
    severity: 'high',
    anchors: ['discord'],
    re: /discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/\d{15,22}\/([\w-]{60,100})/y,
  }),
  // Keeps the bot id, redacts the secret half: `123456789:[REDACTED:telegram_bot_token]`.
  token({
    kind: 'telegram_bot_token',
    label: 'telegram bot token',
    severity: 'high',
    anchors: [':aa'],
    re: /(?<=(?:[^\w]|^|bot)\d{8,10}):(AA[\w-]{33})(?![\w-])/y,
  }),
  // Test-mode keys are credentials too (they read and write the account's test data): redacted, medium.
  token({
    kind: 'stripe_key',
    label: 'stripe secret key',
    severity: 'critical',
    anchors: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    re: /(?<![A-Za-z0-9])[rs]k_(?:live|test)_[A-Za-z0-9]{24,247}(?![A-Za-z0-9])/y,
    check: (s) => (s.startsWith('test', 3) ? { severity: 'medium', note: 'test mode' } : ACCEPT),
  }),
  token({
    kind: 'stripe_webhook_secret',
    label: 'stripe webhook signing secret',
    severity: 'high',
    anchors: ['whsec_'],
    re: /(?<![A-Za-z0-9])whsec_[A-Za-z0-9+/=]{32,100}/y,
  }),
  token({
    kind: 'sendgrid_key',
    label: 'sendgrid api key',
    severity: 'high',
    anchors: ['sg.'],
    re: /(?<![\w-])SG\.[\w-]{22}\.[\w-]{43}(?![\w-])/y,
  }),
  token({
    kind: 'mailgun_key',
    label: 'mailgun api key',
    severity: 'high',
    anchors: ['key'],
    re: /(?<![\w-])key-[0-9a-f]{32}(?![\w-])/y,
  }),
  token({
    kind: 'square_token',
    label: 'square token',
    severity: 'high',
    anchors: ['sq0'],
    re: /sq0(?:atp|csp|idp)-[\w-]{22,60}/y,
  }),
  token({
    kind: 'square_token',
    label: 'square access token',
    severity: 'high',
    anchors: ['eaaa'],
    re: /(?<![\w-])EAAA[\w-]{60}(?![\w-])/y,
  }),
];

/** `sk-` keys: project, service-account and admin keys, and the classic 48-character shape. */
function openaiKey(secret: string): Verdict | null {
  const body = secret.slice(3);
  if (body.startsWith('ant-')) return null; // Anthropic's rule owns these
  if (/^(?:proj|svcacct|admin)-/.test(body)) return body.length >= 40 ? mixedClasses(body) : null;
  return /^[A-Za-z0-9]{32,}$/.test(body) || body.includes('T3BlbkFJ') ? mixedClasses(body) : null;
}

const AI: SecretRule[] = [
  token({
    kind: 'anthropic_key',
    label: 'anthropic api key',
    severity: 'critical',
    anchors: ['sk-'],
    re: /(?<![\w-])sk-ant-[a-z]{2,8}\d{2}-[\w-]{32,200}/y,
  }),
  token({
    kind: 'openai_key',
    label: 'openai api key',
    severity: 'critical',
    anchors: ['sk-'],
    re: /(?<![\w-])sk-[\w-]{20,250}/y,
    check: openaiKey,
  }),
  token({
    kind: 'huggingface_token',
    label: 'hugging face token',
    severity: 'high',
    anchors: ['hf_'],
    re: /(?<![\w-])hf_[A-Za-z0-9]{30,40}(?![\w-])/y,
    check: mixedClasses,
  }),
  token({
    kind: 'groq_key',
    label: 'groq api key',
    severity: 'high',
    anchors: ['gsk_'],
    re: /(?<![\w-])gsk_[A-Za-z0-9]{48,60}(?![\w-])/y,
  }),
  token({
    kind: 'replicate_token',
    label: 'replicate api token',
    severity: 'high',
    anchors: ['r8_'],
    re: /(?<![\w-])r8_[A-Za-z0-9]{30,50}(?![\w-])/y,
    check: mixedClasses,
  }),
];

const PLATFORMS: SecretRule[] = [
  token({
    kind: 'npm_token',
    label: 'npm token',
    severity: 'critical',
    anchors: ['npm_'],
    re: /(?<![\w-])npm_[A-Za-z0-9]{36}(?![\w-])/y,
    check: checksummed,
  }),
  token({
    kind: 'pypi_token',
    label: 'pypi token',
    severity: 'critical',
    anchors: ['pypi-'],
    re: /pypi-AgE[\w-]{50,1000}/y,
  }),
  token({
    kind: 'docker_token',
    label: 'docker hub token',
    severity: 'high',
    anchors: ['dckr_'],
    re: /dckr_(?:pat|oat)_[\w-]{20,80}/y,
  }),
  token({
    kind: 'heroku_key',
    label: 'heroku api key',
    severity: 'high',
    anchors: ['hrku-'],
    re: /HRKU-[\w-]{30,100}/y,
  }),
  token({
    kind: 'digitalocean_token',
    label: 'digitalocean token',
    severity: 'high',
    anchors: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    re: /do[opr]_v1_[a-f0-9]{64}(?![a-f0-9])/y,
  }),
  token({
    kind: 'shopify_token',
    label: 'shopify token',
    severity: 'high',
    anchors: ['shpat_', 'shpss_', 'shpca_', 'shppa_'],
    re: /shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/y,
  }),
  token({
    kind: 'linear_key',
    label: 'linear api key',
    severity: 'high',
    anchors: ['lin_api_', 'lin_oauth_'],
    re: /lin_(?:api|oauth)_[A-Za-z0-9]{40}(?![A-Za-z0-9])/y,
  }),
  token({
    kind: 'notion_token',
    label: 'notion token',
    severity: 'high',
    anchors: ['secret'],
    re: /(?<![\w-])secret_[A-Za-z0-9]{43}(?![\w-])/y,
    check: mixedClasses,
  }),
  token({
    kind: 'notion_token',
    label: 'notion token',
    severity: 'high',
    anchors: ['ntn_'],
    re: /(?<![\w-])ntn_[A-Za-z0-9]{46}(?![\w-])/y,
  }),
  token({
    kind: 'jwt',
    label: 'jwt',
    severity: 'high',
    anchors: ['eyj'],
    re: /(?<![\w-])eyJ[\w-]{8,1024}\.[\w-]{8,16384}\.[\w-]{0,2048}/y,
    check: (s) => {
      const alg = jwtAlgorithm(s.slice(0, s.indexOf('.')));
      return alg === undefined ? null : { note: `alg ${alg.slice(0, 16)}` };
    },
  }),
];

// ---------------------------------------------------------------------------------------------------------
// Private keys

const PEM_BEGIN = /-----BEGIN ((?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?)-----/y;
// A key body cut short (no END line): base64, line breaks (also as `\n` escapes in JSON), armor headers
// (`Proc-Type: 4,ENCRYPTED`); it never runs into five dashes, so scanning stays linear.
const PEM_BODY = /(?:[\w+/=\s\\:,.]|-(?!-))*/y;

/**
 * PEM and PGP private keys: the body between the BEGIN and END lines is redacted, the lines stay, so
 * `-----BEGIN RSA PRIVATE KEY-----[REDACTED:private_key]-----END RSA PRIVATE KEY-----`.
 */
const privateKey: SecretRule = {
  kind: 'private_key',
  anchors: ['-----begin'],
  match(text, at) {
    PEM_BEGIN.lastIndex = at;
    const m = PEM_BEGIN.exec(text);
    if (m === null) return null;
    const start = at + m[0].length;
    // The body ends at the next five dashes: the END line, or the next BEGIN of a truncated key.
    const dashes = text.indexOf('-----', start);
    let end = dashes === -1 ? text.length : dashes;
    if (dashes === -1 || !text.startsWith('-----END ', dashes)) {
      PEM_BODY.lastIndex = start;
      PEM_BODY.exec(text);
      end = Math.min(end, PEM_BODY.lastIndex);
    }
    if (end - start < 16 || isPlaceholder(text.slice(start, end))) return null;
    return {
      kind: 'private_key',
      start,
      end,
      severity: 'critical',
      description: describe('private key', `-----BEGIN ${m[1]}-----`),
      contextual: false,
    };
  },
};

// ---------------------------------------------------------------------------------------------------------
// Contextual rules: credentials recognised by what stands in front of them

// After `scheme://`: user, `:`, password, then `@` and a host. The password is the last run before `@`.
const USERINFO = /:\/\/([^\s:@/?#"'`<>\\]{0,128}):([^\s/?#"'`<>]{1,256})(?=@[\w[.-])/y;
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
// Documentation hosts (RFC 2606): `https://abc:xyz@example.com` is an example, not a leak.
const EXAMPLE_HOST = /@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid)(?![\w.-])/y;

/** `postgres://app:PASSWORD@db/x`: only the password goes. */
const connectionString: SecretRule = {
  kind: 'password',
  anchors: ['://'],
  match(text, at) {
    USERINFO.lastIndex = at;
    const m = USERINFO.exec(text);
    if (m === null) return null;
    const password = m[2]!;
    const end = m.index + m[0].length;
    EXAMPLE_HOST.lastIndex = end;
    if (password.length < 3 || isPlaceholder(safeDecodeURIComponent(password)) || EXAMPLE_HOST.test(text))
      return null;
    let s = at;
    while (s > 0 && at - s < 32 && SCHEME_CHAR.test(text[s - 1]!)) s--;
    if (s === at) return null;
    const user = m[1]!.length > 40 ? `${m[1]!.slice(0, 40)}…` : m[1]!;
    return {
      kind: 'password',
      start: end - password.length,
      end,
      severity: 'high',
      description: describe('password in connection string', `${text.slice(s, at)}://${user}:…@`),
      contextual: true,
    };
  },
};

function safeDecodeURIComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const AUTHORIZATION =
  /(?<![A-Za-z0-9])Authorization\\?["']?[ \t]{0,4}[:=][ \t]{0,4}\\?["']?(?:(Bearer|Basic|Token|Bot|ApiKey)[ \t]{1,4})?([\w.~+/-]{8,4096}=*)/iy;
const BEARER = /(?<![A-Za-z0-9])Bearer[ \t]{1,4}([\w.~+/-]{16,4096}=*)/iy;

/** Basic credentials are base64 of `user:password`. */
function isBasicCredential(value: string): boolean {
  const decoded = decodeBase64(value);
  if (decoded === undefined) return false;
  const colon = decoded.indexOf(':');
  return colon >= 0 && /^[\x20-\x7e]+$/.test(decoded) && !isPlaceholder(decoded.slice(colon + 1));
}

/** `Authorization: Bearer ...` / `Basic ...` header values, and a bare `Bearer <token>`. */
const authorization: SecretRule = {
  kind: 'bearer_token',
  anchors: ['auth'],
  match(text, at) {
    AUTHORIZATION.lastIndex = at;
    const m = AUTHORIZATION.exec(text);
    if (m === null) return null;
    const scheme = m[1]?.toLowerCase();
    const value = m[2]!;
    const end = m.index + m[0].length;
    // Without a scheme, the header value must be one token (not `AWS4-HMAC-SHA256 Credential=...`).
    if (scheme === undefined && (text[end] === ' ' || text[end] === '\t')) return null;
    if (scheme === 'basic' ? !isBasicCredential(value) : !looksLikeSecretValue(value, 'bearer_token'))
      return null;
    const kind = scheme === 'basic' ? 'basic_auth' : 'bearer_token';
    return {
      kind,
      start: end - value.length,
      end,
      severity: 'high',
      description: describe(
        `${scheme === 'basic' ? 'basic' : 'bearer'} credentials in an authorization header`,
      ),
      contextual: true,
    };
  },
};

const bearer: SecretRule = {
  kind: 'bearer_token',
  anchors: ['bearer'],
  match(text, at) {
    BEARER.lastIndex = at;
    const m = BEARER.exec(text);
    if (m === null || !looksLikeSecretValue(m[1]!, 'bearer_token')) return null;
    const end = m.index + m[0].length;
    return {
      kind: 'bearer_token',
      start: end - m[1]!.length,
      end,
      severity: 'high',
      description: describe('bearer token', 'Bearer …'),
      contextual: true,
    };
  },
};

// After a field name: an optional closing quote, a separator (`:`, `=`, `:=`, `=>`, `>` for XML), then a
// quoted value (closing quote left to a lookahead, so the value group ends the match) or a bare one. A bare
// value stops at the next separator (base64 padding aside), so no text is judged twice as a value.
const ASSIGNMENT =
  /(?:\\?["'])?[ \t]{0,4}(:=|=>|[:=>])[ \t]{0,4}(?:\\?"([^"\\\r\n]{1,512})(?=\\?")|'([^'\r\n]{1,512})(?=')|`([^`\r\n]{1,512})(?=`)|([^\s"'`,;:=<>&|(){}[\]\\]{1,512}(?:={1,2}(?![^\s"'`,;<>&|(){}[\]\\]))?))/y;
const MAX_NAME = 64;

function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46
  );
}

/**
 * `DB_PASSWORD=...`, `"api_key": "..."`, `client_secret: ...`, `<password>...</password>`: a field whose
 * name announces a secret, with a value that looks like one (not `********`, `${TOKEN}`, `null`, ...).
 */
const assignment: SecretRule = {
  kind: 'generic_secret',
  anchors: ['pass', 'pwd', 'secret', 'token', 'key', 'credential', 'auth'],
  match(text, at, anchor, scan) {
    let nameEnd = at + anchor.length;
    while (nameEnd < text.length && nameEnd - at < MAX_NAME && isNameChar(text.charCodeAt(nameEnd)))
      nameEnd++;
    if (nameEnd === scan.judgedNameEnd) return null;
    scan.judgedNameEnd = nameEnd;
    ASSIGNMENT.lastIndex = nameEnd;
    const m = ASSIGNMENT.exec(text);
    if (m === null) return null;
    let nameStart = at;
    while (nameStart > 0 && at - nameStart < MAX_NAME && isNameChar(text.charCodeAt(nameStart - 1)))
      nameStart--;
    const value = m[2] ?? m[3] ?? m[4] ?? m[5]!;
    const end = m.index + m[0].length;
    if (m[1] === '>' && text[nameStart - 1] !== '<') return null; // `>` separates only in `<password>...`
    if (m[5] !== undefined && (text[end] === '(' || text[end] === '[')) return null; // a call or an index: code
    const name = text.slice(nameStart, nameEnd);
    if (value === name) return null; // `exports.token = token`
    const hit = fieldSecret(name, value);
    if (hit === null) return null;
    hit.start = end - value.length;
    hit.end = end;
    return hit;
  },
};

/**
 * A value stored under a field name that announces a secret (`{"db_password": "..."}`), if the value looks
 * like one. The match covers the whole value.
 */
export function fieldSecret(name: string, value: string): SecretMatch | null {
  const kind = classifySecretName(name);
  if (kind === undefined || !looksLikeSecretValue(value, kind)) return null;
  const shown = name.length > 48 ? `${name.slice(0, 48)}…` : name;
  return {
    kind,
    start: 0,
    end: value.length,
    severity: kind === 'password' || kind === 'generic_secret' ? 'high' : 'critical',
    description: describe(`${NAME_LABELS[kind] ?? 'secret'} in`, shown),
    contextual: true,
  };
}

/** Every anchored rule, most specific first (ties at one position go to the earlier rule). */
export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD,
  ...VCS,
  ...CHAT_AND_PAYMENT,
  ...AI,
  ...PLATFORMS,
  privateKey,
  connectionString,
  authorization,
  bearer,
  assignment,
];

/** Every rule anchor, once, with the rules that list it (in table order). */
export const ANCHORS = new LiteralSet([...new Set(SECRET_RULES.flatMap((r) => r.anchors))]);
const DISPATCH: readonly (readonly SecretRule[])[] = ANCHORS.literals.map((a) =>
  SECRET_RULES.filter((r) => r.anchors.includes(a)),
);

// Discord bot tokens have no literal prefix: the first segment is base64 of the bot's numeric id, which
// always starts with M, N or O followed by D, T, j or z. Scanned on its own (one more pass, cheap: rare start).
const DISCORD_BOT = /(?<![\w-])[MNO][DTjz][A-Za-z0-9]{22,26}\.[\w-]{6}\.[\w-]{27,40}(?![\w-])/g;

function discordBotTokens(text: string, found: SecretMatch[]): void {
  DISCORD_BOT.lastIndex = 0;
  for (let m = DISCORD_BOT.exec(text); m !== null; m = DISCORD_BOT.exec(text)) {
    const id = decodeBase64(m[0].slice(0, m[0].indexOf('.')));
    if (id === undefined || !/^\d{17,20}$/.test(id) || isPlaceholder(m[0])) continue;
    found.push({
      kind: 'discord_bot_token',
      start: m.index,
      end: DISCORD_BOT.lastIndex,
      severity: 'high',
      description: describe('discord bot token'),
      contextual: false,
    });
  }
}

/** No secret this scanner knows fits in fewer characters (`pwd=abc1!x` is 10). */
const MIN_LENGTH = 8;

/**
 * Every secret in `text`, sorted by position and not overlapping. Fixed formats win over contextual
 * matches; between fixed formats the earlier one wins.
 */
export function findSecrets(text: string): SecretMatch[] {
  if (text.length < MIN_LENGTH) return [];
  const found: SecretMatch[] = [];
  const scan: ScanState = { judgedNameEnd: -1 };
  for (let at = ANCHORS.indexOf(text, 0); at !== -1;) {
    const id = ANCHORS.at(text, at);
    const anchor = text.slice(at, at + ANCHORS.literals[id]!.length);
    let resume = at + anchor.length;
    for (const rule of DISPATCH[id]!) {
      const hit = rule.match(text, at, anchor, scan);
      if (hit === null) continue;
      found.push(hit);
      // Skip over a fixed-format match; keep scanning inside a contextual one (its value may be a token).
      if (!hit.contextual && hit.end > resume) resume = hit.end;
    }
    at = ANCHORS.indexOf(text, resume);
  }
  discordBotTokens(text, found);
  return resolveOverlaps(found);
}

function resolveOverlaps(found: SecretMatch[]): SecretMatch[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start); // stable: equal starts keep rule order
  const fixed: SecretMatch[] = [];
  for (const f of found)
    if (!f.contextual && (fixed.length === 0 || f.start >= fixed[fixed.length - 1]!.end)) fixed.push(f);
  const out: SecretMatch[] = [];
  let j = 0;
  let lastEnd = 0;
  for (const f of found) {
    if (!f.contextual) continue;
    while (j < fixed.length && fixed[j]!.end <= f.start) out.push(fixed[j++]!);
    const clashes = (j < fixed.length && fixed[j]!.start < f.end) || f.start < lastEnd;
    if (clashes) continue;
    out.push(f);
    lastEnd = f.end;
  }
  while (j < fixed.length) out.push(fixed[j++]!);
  return out;
}
