/**
 * URLs and hosts named by argument strings, parsed the way the WHATWG URL standard (and so `fetch`) does,
 * and the address class of a host. Shared by the `ssrf` detector and the policy's `allowed_domains`.
 *
 * Where the URLs are: the whole value under a URL- or host-like key (a bare host counts, as `http://` +
 * value); elsewhere URLs with a scheme inside prose, markdown links and JSON-in-a-string. A URL nested in
 * another URL's path or query is part of that URL.
 */
import ipaddr from 'ipaddr.js';
import { eachMatch } from './regex.js';
import { walkStrings } from './walk.js';

/** One URL or host named by an argument string. */
export type UrlRef = {
  /** The text as it appears (trimmed). */
  raw: string;
  /** Lowercase scheme without `:`; null for a bare host or a value that is not a URL. */
  scheme: string | null;
  /**
   * Lowercase, one trailing dot removed, IPv4 dotted, IPv6 in WHATWG form without brackets; null when the
   * ref names no host (`javascript:`, `data:`, `file:///x`, a relative path, an unparseable value).
   */
  host: string | null;
};

/** What a non-public host reaches: `kind` is the detector's finding kind. */
export type HostClass = { kind: string; address?: string; detail: string };

// ---------------------------------------------------------------------------------------------------------
// Keys

const URL_KEYS = new Set(
  (
    'url urls uri uris href hrefs link links endpoint endpoints host hosts hostname hostnames domain domains ' +
    'address addresses addr addrs ip ips ip_address server servers target targets webhook webhooks callback ' +
    'callbacks redirect redirects proxy proxies origin origins baseurl base_url base-url'
  ).split(' '),
);
const URL_KEY_SUFFIX = /[_-](?:url|uri|href|endpoint|host|hostname|ip|addr|webhook|proxy)s?$/i;
// camelCase suffixes are case-sensitive, so that `curl` or `ghost` are not URL keys.
const URL_KEY_CAMEL =
  /[a-z0-9](?:Url|URL|Uri|URI|Href|Endpoint|Host|HOST|Hostname|Ip|IP|Addr|Webhook|Proxy)s?$/;
const HOST_KEYS = new Set(['host', 'hosts', 'hostname', 'hostnames']);
const HOST_KEY_SUFFIX = /[_-]host(?:name)?s?$/i;
const HOST_KEY_CAMEL = /[a-z0-9](?:Host|HOST)(?:name|Name)?s?$/;

/** Is `key` the name of an argument that holds a URL or a host (`url`, `host`, `callback_url`, `baseUrl`...)? */
export function isUrlKey(key: string): boolean {
  let known = urlKeyCache.get(key);
  if (known === undefined) {
    known = URL_KEYS.has(key.toLowerCase()) || URL_KEY_SUFFIX.test(key) || URL_KEY_CAMEL.test(key);
    if (urlKeyCache.size >= 1024) urlKeyCache.clear(); // argument names repeat; hostile ones must not pile up
    urlKeyCache.set(key, known);
  }
  return known;
}
const urlKeyCache = new Map<string, boolean>();

/** Is `key` strictly a host name (`host`, `hostname`, `db_host`, `redisHost`)? */
export function isHostKey(key: string): boolean {
  return HOST_KEYS.has(key.toLowerCase()) || HOST_KEY_SUFFIX.test(key) || HOST_KEY_CAMEL.test(key);
}

// ---------------------------------------------------------------------------------------------------------
// Finding URLs

/** Schemes with the WHATWG "special" parsing (slashes optional, backslash is a slash, hosts canonicalised). */
const SPECIAL = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);
/** Schemes that are URLs without `//`: under a URL-like key, `name:rest` with another scheme is host:port. */
const OPAQUE = new Set(
  'mailto javascript data vbscript blob about tel sms urn news jar netdoc view-source'.split(' '),
);
const SCHEME_PREFIX = /^([a-z][a-z0-9+.-]{0,31}):/i;
const ENCODED_SCHEME = /^[a-z][a-z0-9+.-]{0,31}%3a/i;
const SCP_LIKE = /^[\w.-]{1,64}@([a-z0-9.-]{1,253}):[^/\d]/i;
const BARE_IPV6 = /^[0-9a-f:.]{2,45}(?:%[\w.-]{1,32})?$/i;
const QUAD_TOKEN = /^(?:0x[0-9a-f]{1,8}|\d{1,12})(?:\.(?:0x[0-9a-f]{1,8}|\d{1,12})){3}(?::\d{1,5})?$/i;
const BRACKET_V6_TOKEN = /^\[[0-9a-f:.]{2,45}\](?::\d{1,5})?$/i;
const TOKEN_SPLIT = /[\s,;()<>"'`{}|]+/;
/** `https://` alone in prose names nothing. */
const EMPTY_URL = /^[a-z][a-z0-9+.-]*:[/\\]*$/i;
const TAB_NEWLINE = /[\t\n\r]/g;
const WHITESPACE = /\s/;
/** JSON-in-a-string is opened this many levels deep. */
const MAX_JSON_DEPTH = 3;
const MAX_SCHEME = 32;

/** Every URL or host named by one argument string; `key` is the argument's property name (or undefined). */
export function findUrlRefs(value: string, key: string | undefined): UrlRef[] {
  const urlKey = key !== undefined && isUrlKey(key);
  if (!urlKey && value.indexOf(':') < 0) return [];
  const refs = new Refs();
  collect(value, urlKey, refs, 0);
  return refs.list();
}

/**
 * Refs found so far, by text; and parsed hosts by `scheme://authority`, as many URLs share one. The maps
 * are made on first use: most strings with a `:` name no URL.
 */
class Refs {
  private byRaw?: Map<string, UrlRef>;
  private byAuthority?: Map<string, Omit<UrlRef, 'raw'>>;
  has(raw: string): boolean {
    return this.byRaw?.has(raw) ?? false;
  }
  add(ref: UrlRef): void {
    (this.byRaw ??= new Map()).set(ref.raw, ref);
  }
  parsed(authority: string): Omit<UrlRef, 'raw'> | undefined {
    return this.byAuthority?.get(authority);
  }
  remember(authority: string, parsed: Omit<UrlRef, 'raw'>): void {
    (this.byAuthority ??= new Map()).set(authority, parsed);
  }
  list(): UrlRef[] {
    return this.byRaw ? [...this.byRaw.values()] : [];
  }
}

function collect(value: string, urlKey: boolean, refs: Refs, depth: number): void {
  if (!urlKey && value.indexOf(':') < 0) return;
  const text = value.trim();
  if (text === '') return;
  if (depth < MAX_JSON_DEPTH && looksLikeJson(text) && collectJson(text, refs, depth)) return;
  // WHATWG drops tabs and newlines anywhere in a URL: `http://12<TAB>7.0.0.1` is 127.0.0.1.
  const compact = urlKey || SCHEME_PREFIX.test(text) ? text.replace(TAB_NEWLINE, '') : text;
  // Not a URL key and nothing compacted: both branches below would scan `text`, so skip the whitespace test.
  if (!urlKey && compact === text) scan(text, 0, refs);
  else if (WHITESPACE.test(compact)) {
    scan(text, 0, refs);
    if (urlKey) collectBareAddresses(text, refs);
  } else if (urlKey) {
    collectWhole(compact, refs, true);
  } else {
    scan(compact, 0, refs);
  }
}

function looksLikeJson(text: string): boolean {
  const first = text[0];
  const last = text[text.length - 1];
  return (first === '{' && last === '}') || (first === '[' && last === ']');
}

/** The strings of a JSON-in-a-string value, each with its own key; false when it is not JSON. */
function collectJson(text: string, refs: Refs, depth: number): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  walkStrings(parsed, '', (s, _path, k) => collect(s, k !== undefined && isUrlKey(k), refs, depth + 1));
  return true;
}

/** A value under a URL-like key, without whitespace: a URL, or a bare host taken as `http://` + value. */
function collectWhole(token: string, refs: Refs, decodeOnce: boolean): void {
  const m = SCHEME_PREFIX.exec(token);
  if (m) {
    const scheme = m[1]!.toLowerCase();
    const colon = m[0].length - 1;
    if (token.startsWith('//', colon + 1) || SPECIAL.has(scheme) || OPAQUE.has(scheme)) {
      const span = urlSpan(token, 0, colon, scheme);
      addUrl(refs, token, 0, span, scheme);
      scan(token, span.end, refs);
      return;
    }
    // `localhost:8080`, `redis:6379/0`, `admin:pw@10.0.0.5`: a host and port, not a scheme.
  }
  if (decodeOnce && ENCODED_SCHEME.test(token)) {
    const decoded = safeDecode(token);
    if (decoded !== null && decoded !== token) return collectWhole(decoded, refs, false);
  }
  if (/^[/\\]{2}/.test(token)) return void addBare(refs, token, `http:${token}`);
  if (/^[/\\.?#~]/.test(token)) return refs.add({ raw: token, scheme: null, host: null });
  const v6 = token.includes(':') && BARE_IPV6.test(token) ? canonicalHost(token) : null;
  if (v6 !== null) return refs.add({ raw: token, scheme: null, host: v6 });
  const scp = SCP_LIKE.exec(token); // git@github.com:org/repo.git
  if (scp) return refs.add({ raw: token, scheme: null, host: canonicalHost(scp[1]!) });
  // Not a host (`[docs](http://10.0.0.1)`, broken JSON): look for URLs inside instead.
  if (!addBare(refs, token, `http://${token}`)) scan(token, 0, refs);
}

/** Under a URL-like key, in prose: dotted-quad and bracketed IPv6 tokens count as hosts too. */
function collectBareAddresses(text: string, refs: Refs): void {
  for (const part of text.split(TOKEN_SPLIT)) {
    const token = part.replace(/[.:!?]$/, '');
    if (QUAD_TOKEN.test(token) || BRACKET_V6_TOKEN.test(token)) addBare(refs, token, `http://${token}`);
  }
}

/** Add a bare host; false when it names none. */
function addBare(refs: Refs, raw: string, href: string): boolean {
  if (refs.has(raw)) return true;
  const url = parseUrl(href);
  const host = url ? hostOf(url) : null;
  refs.add({ raw, scheme: null, host });
  return host !== null;
}

/** The URL `text[start, span.end)`. Its host only depends on the text up to the end of its authority. */
function addUrl(refs: Refs, text: string, start: number, span: Span, scheme: string): void {
  const raw = text.slice(start, span.end);
  if (refs.has(raw) || EMPTY_URL.test(raw)) return;
  const byAuthority = span.hostEnd >= 0 && scheme !== 'file';
  const key = byAuthority ? text.slice(start, span.hostEnd) : raw;
  let parsed = byAuthority ? refs.parsed(key) : undefined;
  if (!parsed) {
    const url = parseUrl(key);
    parsed = url ? { scheme: url.protocol.slice(0, -1), host: hostOf(url) } : { scheme, host: null };
    if (byAuthority) refs.remember(key, parsed);
  }
  refs.add({ raw, scheme: parsed.scheme, host: parsed.host });
}

function parseUrl(href: string): URL | null {
  try {
    return new URL(href);
  } catch {
    return null;
  }
}

/** Canonical host of a parsed URL. Non-special schemes keep an opaque host: canonicalise it as a resolver would. */
function hostOf(url: URL): string | null {
  const h = url.hostname;
  if (h === '') return null;
  if (SPECIAL.has(url.protocol.slice(0, -1))) return stripHost(h);
  const decoded = safeDecode(h);
  return decoded === null
    ? stripHost(h.toLowerCase())
    : (canonicalHost(decoded) ?? stripHost(decoded.toLowerCase()));
}

function stripHost(h: string): string {
  const unbracketed = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

// Scanning prose. Character classes by code point, to keep the scan a single linear pass.

const isAlpha = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSchemeChar = (c: number) => isAlpha(c) || isDigit(c) || c === 0x2b || c === 0x2e || c === 0x2d; // + . -
const SLASH = 0x2f;
const BACKSLASH = 0x5c;

/** Characters that end a URL in prose: whitespace, controls, quotes, angle brackets, braces, pipes. */
function isTerminator(c: number): boolean {
  if (c <= 0x20 || c === 0x7f) return true;
  if (c < 0x80) return ASCII_TERMINATORS.has(c);
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || UNICODE_SPACES.has(c);
}
const ASCII_TERMINATORS = new Set([0x22, 0x27, 0x3c, 0x3e, 0x60, 0x7b, 0x7d, 0x7c]); // " ' < > ` { } |
const UNICODE_SPACES = new Set([0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);

/** Find URLs with a scheme in `text` from `from` on. Each URL is skipped whole, so the scan is linear. */
function scan(text: string, from: number, refs: Refs): void {
  let i = from;
  for (;;) {
    const colon = text.indexOf(':', i);
    if (colon < 0) return;
    const next = text.charCodeAt(colon + 1);
    // Only `//` or one of the schemes `opensUrl` knows opens a URL, and those all end in e, p, s, c or r:
    // any other character before the colon (`"size":1`, `12:30`) means no URL, without reading the scheme.
    if (next !== SLASH && !endsKnownScheme(text.charCodeAt(colon - 1))) {
      i = colon + 1;
      continue;
    }
    if (isTerminator(next) || next === 0x3a) {
      i = colon + 1; // `note: x`, `a::b`: the common colons of prose and code
      continue;
    }
    const start = schemeStart(text, colon, i);
    const scheme = start < 0 ? '' : text.slice(start, colon).toLowerCase();
    if (start < 0 || !opensUrl(text, colon, scheme)) {
      i = colon + 1;
      continue;
    }
    const span = urlSpan(text, start, colon, scheme);
    addUrl(refs, text, start, span, scheme);
    i = Math.max(span.end, colon + 1);
  }
}

/** Is `c` the last letter (any case) of `file`, `netdoc`, `jar` or a special scheme (`http(s)`, `ws(s)`, `ftp`)? */
function endsKnownScheme(c: number): boolean {
  const lower = c | 0x20; // only E P S C R and e p s c r give one of these
  return lower === 0x65 || lower === 0x70 || lower === 0x73 || lower === 0x63 || lower === 0x72;
}

/** Start of the scheme that ends at `colon` (a letter, then letters, digits, `+`, `.`, `-`), or -1. */
function schemeStart(text: string, colon: number, floor: number): number {
  let s = colon;
  while (s > floor && colon - s < MAX_SCHEME && isSchemeChar(text.charCodeAt(s - 1))) s--;
  while (s < colon && !isAlpha(text.charCodeAt(s))) s++;
  return s < colon ? s : -1;
}

/** Does `scheme:` at `colon` open a URL in prose (and not a `note: text` or `std::map`)? */
function opensUrl(text: string, colon: number, scheme: string): boolean {
  const next = text.charCodeAt(colon + 1);
  if (next === SLASH && text.charCodeAt(colon + 2) === SLASH) return true;
  if (scheme === 'file') return next === SLASH || next === BACKSLASH;
  // WHATWG accepts `http:\\host`, `http:/host` and `http:host` for special schemes.
  if (SPECIAL.has(scheme))
    return (
      next === SLASH ||
      next === BACKSLASH ||
      next === 0x5b ||
      next === 0x25 ||
      isAlpha(next) ||
      isDigit(next) ||
      next >= 0x80
    );
  if (scheme === 'netdoc') return next === SLASH;
  if (scheme === 'jar') return isAlpha(next);
  return false;
}

/** A URL's end, and the end of its authority (-1 when it has none). */
type Span = { end: number; hostEnd: number };

/**
 * Where the URL starting at `start` ends: at a terminator, an unbalanced `)` or `]` (markdown links), or
 * where another scheme starts inside its authority (`http://a.com,http://10.0.0.1`); trailing punctuation
 * is left out.
 */
function urlSpan(text: string, start: number, colon: number, scheme: string): Span {
  const n = text.length;
  const special = SPECIAL.has(scheme) && scheme !== 'file';
  let i = colon + 1;
  let authority = -1;
  if (special) {
    while (i < n && (text.charCodeAt(i) === SLASH || text.charCodeAt(i) === BACKSLASH)) i++;
    authority = i;
  } else if (text.startsWith('//', i)) {
    i += 2;
    authority = i;
  }
  let hostEnd = -1;
  let paren = 0;
  let bracket = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isTerminator(c)) break;
    if (authority >= 0 && hostEnd < 0) {
      if (c === SLASH || c === 0x3f || c === 0x23 || (special && c === BACKSLASH)) hostEnd = i;
      else if (c === 0x3a && text.startsWith('//', i + 1)) {
        const nested = schemeStart(text, i, authority);
        if (nested > authority) {
          const end = trimEnd(text, start, nested);
          return { end, hostEnd: end };
        }
      }
    }
    if (c === 0x28) paren++;
    else if (c === 0x29 && paren-- === 0) break;
    else if (c === 0x5b) bracket++;
    else if (c === 0x5d && bracket-- === 0) break;
  }
  const end = trimEnd(text, start, i);
  return { end, hostEnd: authority < 0 ? -1 : hostEnd < 0 ? end : Math.min(hostEnd, end) };
}

const TRAILING = new Set([0x2e, 0x2c, 0x3b, 0x3a, 0x21, 0x3f, 0x2a, 0x28, 0x5b, 0x5c]); // . , ; : ! ? * ( [ \

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && TRAILING.has(text.charCodeAt(e - 1))) e--;
  return e;
}

// ---------------------------------------------------------------------------------------------------------
// Hosts

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const FORBIDDEN_IN_BARE_HOST = /[/\\?#@\s]/;
const PLAIN_NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
/** A last label that makes WHATWG parse the host as IPv4 (`1.2.3.4`, `0x7f.1`, `2130706433`). */
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/;

/** Already canonical: a lowercase ASCII name that WHATWG would leave as it is, or a dotted-decimal IPv4. */
function isCanonical(h: string): boolean {
  if (IPV4.test(h)) return ipaddr.IPv4.isValidFourPartDecimal(h);
  return PLAIN_NAME.test(h) && !h.includes('xn--') && !NUMERIC_LABEL.test(h.slice(h.lastIndexOf('.') + 1));
}

/**
 * The canonical form of a host as a resolver would see it (WHATWG host parsing: IDNA mapping, full-width
 * digits, `0x7f.1` and `2130706433` IPv4 forms, IPv6 compression); null when it is not a host.
 */
export function canonicalHost(host: string): string | null {
  if (isCanonical(host)) return host;
  let h = host.trim();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === '' || FORBIDDEN_IN_BARE_HOST.test(h)) return null;
  if (h.includes(':')) {
    const zone = h.indexOf('%'); // a zone id (`fe80::1%eth0`) reaches the same address
    const url = parseUrl(`http://[${zone >= 0 ? h.slice(0, zone) : h}]/`);
    return url ? url.hostname.slice(1, -1) : null;
  }
  const url = parseUrl(`http://${h}/`);
  return url && url.hostname !== '' ? stripHost(url.hostname) : null;
}

function isIpLiteral(h: string): boolean {
  return IPV4.test(h) || h.includes(':');
}

/**
 * POLICY.md `allowed_domains` matching: case-insensitive, one trailing dot ignored on both sides;
 * `*.example.org` matches any subdomain of example.org but not example.org itself nor evilexample.org;
 * an IP literal host never matches a name pattern; an IP pattern matches the same IP (canonically).
 */
export function hostMatches(host: string, pattern: string): boolean {
  const h = canonicalHost(host) ?? stripHost(host.trim().toLowerCase());
  const p = pattern.trim();
  if (p.startsWith('*.')) {
    const suffix = canonicalHost(p.slice(2));
    if (suffix === null || isIpLiteral(suffix) || isIpLiteral(h)) return false;
    return h.length > suffix.length + 1 && h.endsWith(`.${suffix}`);
  }
  const c = canonicalHost(p);
  return c !== null && c === h;
}

/** What a host reaches when it is not a public target (null for public hosts). */
export function classifyHost(host: string): HostClass | null {
  const h = canonicalHost(host);
  if (h === null) return null;
  if (IPV4.test(h)) return classifyV4(ipaddr.IPv4.parse(h));
  if (h.includes(':')) return ipaddr.IPv6.isValid(h) ? classifyV6(ipaddr.IPv6.parse(h)) : null;
  return classifyName(withoutTrailingDots(h));
}

/** `localhost..` is still localhost to a lax resolver. */
function withoutTrailingDots(h: string): string {
  let end = h.length;
  while (end > 0 && h.charCodeAt(end - 1) === 0x2e) end--;
  return h.slice(0, end);
}

// Addresses

const V4_METADATA = new Map([
  ['169.254.169.254', 'cloud metadata'],
  ['169.254.170.2', 'cloud metadata, AWS ECS task endpoint'],
  ['169.254.170.23', 'cloud metadata, EKS Pod Identity'],
  ['169.254.0.23', 'cloud metadata, Tencent Cloud'],
  ['100.100.100.200', 'cloud metadata, Alibaba Cloud'],
  ['168.63.129.16', 'cloud metadata, Azure WireServer'],
  ['192.0.0.192', 'cloud metadata, Oracle Cloud'],
]);
const V6_METADATA = new Map([
  ['fd00:ec2::254', 'cloud metadata, AWS IMDS over IPv6'],
  ['fd00:ec2::23', 'cloud metadata, EKS Pod Identity over IPv6'],
  ['fd20:ce::254', 'cloud metadata, GCP over IPv6'],
]);

const V4_KINDS: Record<string, [kind: string, detail: string]> = {
  unspecified: ['unspecified', 'unspecified'],
  broadcast: ['broadcast', 'broadcast'],
  multicast: ['multicast', 'multicast'],
  linkLocal: ['link-local', 'link-local'],
  loopback: ['loopback', 'loopback'],
  carrierGradeNat: ['cgnat', 'carrier-grade NAT'],
  private: ['private', 'private network'],
  reserved: ['reserved', 'reserved'],
};

function classifyV4(a: ipaddr.IPv4): HostClass | null {
  const address = a.toString();
  const meta = V4_METADATA.get(address);
  if (meta) return { kind: 'cloud-metadata', address, detail: meta };
  const k = V4_KINDS[a.range()];
  return k ? { kind: k[0], address, detail: k[1] } : null;
}

const V6_KINDS: Record<string, [kind: string, detail: string]> = {
  unspecified: ['unspecified', 'unspecified'],
  loopback: ['loopback', 'loopback'],
  linkLocal: ['link-local', 'link-local'],
  multicast: ['multicast', 'multicast'],
  uniqueLocal: ['unique-local', 'unique-local'],
  deprecatedSiteLocal: ['unique-local', 'site-local'],
  discard: ['reserved', 'reserved, discard prefix'],
  benchmarking: ['reserved', 'reserved, benchmarking'],
  deprecatedOrchid: ['reserved', 'reserved, ORCHID'],
  orchid2: ['reserved', 'reserved, ORCHIDv2'],
  droneRemoteIdProtocolEntityTags: ['reserved', 'reserved'],
  segmentRouting: ['reserved', 'reserved, segment routing'],
  reserved: ['reserved', 'reserved'],
};

function classifyV6(a: ipaddr.IPv6): HostClass | null {
  const address = a.toRFC5952String();
  const meta = V6_METADATA.get(address);
  if (meta) return { kind: 'cloud-metadata', address, detail: meta };
  const p = a.parts;
  const range = a.range();
  switch (range) {
    case 'ipv4Mapped':
      return embedded(v4From(p[6]!, p[7]!), 'IPv4-mapped IPv6', address);
    case 'rfc6145':
      return embedded(v4From(p[6]!, p[7]!), 'IPv4-translated IPv6', address);
    case 'rfc6052': // 64:ff9b::/96 embeds the IPv4 address; 64:ff9b:1::/48 is local-use translation
      return p[2] === 0
        ? embedded(v4From(p[6]!, p[7]!), 'NAT64', address)
        : { kind: 'private', address, detail: 'local-use NAT64' };
    case '6to4':
      return embedded(v4From(p[1]!, p[2]!), '6to4', address);
    case 'teredo': // server address in clear, client address inverted
      return (
        embedded(v4From(p[2]!, p[3]!), 'Teredo server', address) ??
        embedded(v4From(~p[6]! & 0xffff, ~p[7]! & 0xffff), 'Teredo client', address)
      );
  }
  const k = V6_KINDS[range];
  if (k) return { kind: k[0], address, detail: k[1] };
  if (p.slice(0, 6).every((x) => x === 0))
    return embedded(v4From(p[6]!, p[7]!), 'IPv4-compatible IPv6', address);
  // Outside 2000::/3 nothing is globally routable.
  return (p[0]! & 0xe000) === 0x2000
    ? null
    : { kind: 'reserved', address, detail: 'reserved, not global unicast' };
}

function v4From(hi: number, lo: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function embedded(v4: ipaddr.IPv4, via: string, v6: string): HostClass | null {
  const c = classifyV4(v4);
  return c ? { ...c, detail: `${c.detail}, via ${via} ${v6}` } : null;
}

// Names

const METADATA_NAMES = new Map<string, readonly [address: string, detail: string]>([
  ['metadata.google.internal', ['169.254.169.254', 'cloud metadata, GCP']],
  ['metadata', ['169.254.169.254', 'cloud metadata, GCP short name']],
  ['instance-data', ['169.254.169.254', 'cloud metadata, AWS']],
  ['instance-data.ec2.internal', ['169.254.169.254', 'cloud metadata, AWS']],
  ['metadata.tencentyun.com', ['169.254.0.23', 'cloud metadata, Tencent Cloud']],
]);

const LOOPBACK_NAMES = new Map([
  ['localhost', '127.0.0.1'],
  ['localhost.localdomain', '127.0.0.1'],
  ['ip6-localhost', '::1'],
  ['ip6-loopback', '::1'],
]);

/** Suffixes of names that only resolve inside a network (longest first, for the most specific detail). */
const INTERNAL_SUFFIXES: ReadonlyArray<readonly [suffix: string, what: string]> = [
  ['svc.cluster.local', 'Kubernetes service'],
  ['cluster.local', 'Kubernetes cluster'],
  ['home.arpa', 'home network'],
  ['localdomain', 'local domain'],
  ['intranet', 'intranet'],
  ['internal', 'internal'],
  ['local', 'mDNS'],
  ['corp', 'corporate network'],
  ['home', 'home network'],
  ['lan', 'LAN'],
  ['svc', 'Kubernetes service'],
];
/** Last labels of the internal suffixes: a name with another top-level label skips the list. */
const INTERNAL_TLDS = new Set(INTERNAL_SUFFIXES.map(([suffix]) => suffix.slice(suffix.lastIndexOf('.') + 1)));

function classifyName(h: string): HostClass | null {
  const meta = METADATA_NAMES.get(h);
  if (meta) return { kind: 'cloud-metadata', address: meta[0], detail: `${meta[1]}, via \`${h}\`` };
  const tld = h.slice(h.lastIndexOf('.') + 1);
  const loopback = LOOPBACK_NAMES.get(h) ?? (tld === 'localhost' ? '127.0.0.1' : undefined);
  if (loopback) return { kind: 'loopback', address: loopback, detail: `loopback, via \`${h}\`` };
  const wildcard = classifyWildcard(h);
  if (wildcard !== undefined) return wildcard;
  if (INTERNAL_TLDS.has(tld)) {
    for (const [suffix, what] of INTERNAL_SUFFIXES) {
      if (isUnder(h, suffix)) return { kind: 'internal-name', detail: `internal name *.${suffix}, ${what}` };
    }
  }
  if (tld === h) return { kind: 'internal-name', detail: 'single-label host' };
  return null;
}

/** Is `h` the name `suffix` or a subdomain of it? */
function isUnder(h: string, suffix: string): boolean {
  return (
    h.endsWith(suffix) && (h.length === suffix.length || h.charCodeAt(h.length - suffix.length - 1) === 0x2e)
  );
}

// Wildcard DNS: names that resolve to an address written in the name, to loopback, or that rebind.

type Wildcard = { suffix: string; fixed?: string; rebinding?: boolean };
const WILDCARD_LIST: readonly Wildcard[] = [
  { suffix: 'nip.io' },
  { suffix: 'sslip.io' },
  { suffix: 'xip.io' },
  { suffix: 'traefik.me' },
  { suffix: 'localtest.me', fixed: '127.0.0.1' },
  { suffix: 'lvh.me', fixed: '127.0.0.1' },
  { suffix: 'vcap.me', fixed: '127.0.0.1' },
  { suffix: 'localh.st', fixed: '127.0.0.1' },
  { suffix: 'fuf.me', fixed: '127.0.0.1' },
  { suffix: 'lacolhost.com', fixed: '127.0.0.1' },
  { suffix: 'localhost.direct', fixed: '127.0.0.1' },
  { suffix: 'local.gd', fixed: '127.0.0.1' },
  { suffix: 'rbndr.us', rebinding: true },
  { suffix: '1u.ms', rebinding: true },
  { suffix: 'rebind.it', rebinding: true },
  { suffix: 'lock.cmpxchg8b.com', rebinding: true },
];
/** By suffix: a name is looked up by its last two and last three labels. */
const WILDCARDS = new Map(WILDCARD_LIST.map((w) => [w.suffix, w]));

function wildcardOf(h: string): Wildcard | undefined {
  const last = h.lastIndexOf('.');
  const second = last > 0 ? h.lastIndexOf('.', last - 1) : -1;
  const third = second > 0 ? h.lastIndexOf('.', second - 1) : -1;
  return WILDCARDS.get(h.slice(second + 1)) ?? (second > 0 ? WILDCARDS.get(h.slice(third + 1)) : undefined);
}

const DOTTED_OR_DASHED = /(?:^|[.-])(\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3})(?=$|[.-])/g;
const HEX8 = /(?:^|[.-])([0-9a-f]{8})(?=$|[.-])/g;

/** undefined: not a wildcard-DNS name; null: one that names a public address. */
function classifyWildcard(h: string): HostClass | null | undefined {
  const w = wildcardOf(h);
  if (!w) return undefined;
  // A name longer than DNS allows (253) does not resolve: only its end can matter.
  const sub = h.slice(Math.max(0, h.length - 253), Math.max(0, h.length - w.suffix.length - 1));
  const addresses = w.fixed ? [w.fixed] : embeddedAddresses(sub);
  for (const a of addresses) {
    const c = classifyHost(a);
    if (c)
      return {
        kind: 'wildcard-dns',
        address: c.address ?? a,
        detail: `${c.detail}, via wildcard DNS ${w.suffix}`,
      };
  }
  return w.rebinding ? { kind: 'wildcard-dns', detail: `DNS rebinding service ${w.suffix}` } : null;
}

/** Addresses written in a wildcard-DNS name: `10.0.0.1`, `10-0-0-1`, `0a000001`, and sslip's `fe80--1`. */
function embeddedAddresses(sub: string): string[] {
  const out: string[] = [];
  for (const m of eachMatch(DOTTED_OR_DASHED, sub)) out.push(m[1]!.replace(/-/g, '.'));
  for (const m of eachMatch(HEX8, sub)) {
    const n = Number.parseInt(m[1]!, 16);
    out.push([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.'));
  }
  const last = sub.slice(sub.lastIndexOf('.') + 1);
  if (last.includes('--')) out.push(last.replace(/-/g, ':'));
  return [...new Set(out)].filter((a) =>
    a.includes(':') ? ipaddr.IPv6.isValid(a) : ipaddr.IPv4.isValidFourPartDecimal(a),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Parser differentials

/**
 * Hosts that laxer parsers (curl, Python's urllib, resolvers that stop at NUL) may see in a ref, beside the
 * WHATWG host: the authority ends only at `/`, `?` or `#` (so `\` does not end it), the host follows any
 * `@`, a percent-decoded NUL, space or slash ends it, and an IP address right before non-ASCII prose
 * counts.
 */
export function lenientHosts(ref: UrlRef): string[] {
  const { raw } = ref;
  let start: number;
  if (ref.scheme === null) {
    start = raw.startsWith('//') || raw.startsWith('\\\\') ? 2 : 0;
  } else {
    const colon = raw.indexOf(':');
    if (!raw.startsWith('//', colon + 1)) return [];
    start = colon + 3;
  }
  // One pass to the end of the authority: without `@`, `%`, `\`, controls or non-ASCII in it, every
  // parser agrees with the WHATWG host.
  let end = start;
  let plain = ref.host !== null;
  for (; end < raw.length; end++) {
    const c = raw.charCodeAt(end);
    if (c === SLASH || c === 0x3f || c === 0x23) break;
    if (c === 0x40 || c === 0x25 || c === BACKSLASH || c <= 0x20 || c >= 0x7f) plain = false;
  }
  if (plain) return [];
  const parts = raw.slice(start, end).split('@');
  const out = new Set<string>();
  for (const part of parts.length > 1 ? parts.slice(1) : parts) {
    const decoded = safeDecode(withoutPort(part)) ?? withoutPort(part);
    // C resolvers stop at NUL, `inet_aton` at whitespace; a decoded `/` ends the host for the rest.
    const host = decoded.split(HOST_STOP, 1)[0]!;
    const c = canonicalHost(host);
    if (c !== null) out.add(c);
    // `http://127.0.0.1を参照`: an IP address written right before non-ASCII prose.
    const ascii = /^[\x21-\x7e]*/.exec(host)![0];
    const prefix = ascii === host ? null : canonicalHost(ascii);
    if (prefix !== null && isIpLiteral(prefix)) out.add(prefix);
  }
  return [...out];
}

const HOST_STOP = /[\0\s/?#\\]/;

function withoutPort(hostPort: string): string {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    return close >= 0 ? hostPort.slice(0, close + 1) : hostPort;
  }
  const colon = hostPort.indexOf(':');
  return colon >= 0 ? hostPort.slice(0, colon) : hostPort;
}
