/**
 * Paths as an attacker writes them and as a filesystem sees them.
 *
 * - `canonicalPath` / `isInside` / `isPathLike`: the strict view used by the policy's `path_prefix`.
 * - `decodePathLayers` / `foldPathChars` / `evasionEscape`: undo every encoding a lenient server might
 *   undo (layered percent escapes, overlong UTF-8, `%uXXXX`, `0x2e`, full-width and lookalike characters).
 * - `analyzeSegments` / `resolveLoose`: what the dot segments of a decoded path do.
 * - `fileUrlPath` / `findUrls`: raw URL text, before a URL parser silently removes dot segments.
 * - `compilePathGlob`: `allow` lists of the path detectors.
 */

import { includesAny } from './literals.js';
import { eachMatch } from './regex.js';
import { walkStrings, type StringVisit } from './walk.js';

// ---------------------------------------------------------------------------------------------------------
// Strict canonical paths (policy `path_prefix`)

export type Canonical = { ok: true; path: string } | { ok: false; reason: string };

/**
 * POSIX absolute canonical path: resolves `.` and `..` (an escape above `/` is an error), collapses `//`,
 * drops a trailing `/`. Anything a server might read differently from what we see is rejected instead of
 * guessed: NUL, encoded or double-encoded dots and separators, `%u`, overlong UTF-8, backslashes, `~`,
 * `file:` URLs, relative paths, lookalike dots and slashes, `...`/`..;` segments. Other escapes (`%20`)
 * stay as literal text.
 */
export function canonicalPath(raw: string): Canonical {
  const problem = placementProblem(raw);
  if (problem) return { ok: false, reason: problem };
  const out: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '' || seg === '.') continue;
    // Literal names on POSIX, but Windows, Tomcat and wildcard-expanding servers read them as `..`.
    if (seg !== '..' && classifySegment(seg, 0, seg.length) === 'odd-parent')
      return { ok: false, reason: 'has a `...`, `..;` or wildcard segment that some servers read as `..`' };
    if (seg !== '..') out.push(seg);
    else if (out.length === 0) return { ok: false, reason: 'climbs above the root with `..`' };
    else out.pop();
  }
  return { ok: true, path: `/${out.join('/')}` };
}

function placementProblem(raw: string): string | undefined {
  if (raw.length === 0) return 'is empty';
  if (raw.includes('\0')) return 'contains a nul byte';
  if (/^file:/i.test(raw)) return 'is a `file:` url; pass a plain path';
  if (raw.startsWith('~')) return 'starts with `~`, which cannot be expanded here';
  if (raw.includes('\\')) return 'contains a backslash';
  if (raw.includes('%')) {
    const p = escapeProblem(raw);
    if (p) return p;
  }
  if (hasLookalike(raw) || (raw.includes('%') && hasLookalike(percentDecodeOnce(raw))))
    return 'contains a lookalike dot or slash';
  if (!raw.startsWith('/')) return 'is relative; only absolute paths can be placed';
  return undefined;
}

/** Percent escapes that a decoding server could turn into structure: dots, separators, NUL, `%`, bad UTF-8. */
function escapeProblem(raw: string): string | undefined {
  for (let i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
    if (isUnicodeEscape(raw, i)) return 'contains a `%u` escape';
    const b = hexByte(raw, i + 1);
    if (b < 0) continue;
    if (b === 0) return 'contains an encoded nul byte (`%00`)';
    if (b === 0x25) return 'is double-encoded (`%25`)';
    if (b === 0x2e || b === 0x2f || b === 0x5c) return 'contains a percent-encoded dot or separator';
    if (b >= 0x80) {
      const len = utf8EscapeLength(raw, i);
      if (len === 0) return 'contains an overlong or invalid utf-8 escape';
      i += len * 3 - 1;
    }
  }
  if (/%(?:[0-9a-f]{2}|u[0-9a-f]{4})/i.test(percentDecodeOnce(raw))) return 'is double-encoded';
  return undefined;
}

/** Number of bytes of the well-formed, shortest-form UTF-8 sequence escaped at `i`, or 0. */
function utf8EscapeLength(s: string, i: number): number {
  const b = hexByte(s, i + 1);
  const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  for (let k = 1; k < len; k++) {
    const c = s[i + 3 * k] === '%' ? hexByte(s, i + 3 * k + 1) : -1;
    if (c < 0x80 || c > 0xbf) return 0;
    if (k === 1 && ((b === 0xe0 && c < 0xa0) || (b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f)))
      return 0;
  }
  return len;
}

/**
 * Whole-segment containment of canonical paths: `/home/safe/x` and `/home/safe` are inside `/home/safe/`;
 * `/home/safe-evil` is not.
 */
export function isInside(path: string, prefix: string): boolean {
  let p = prefix;
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  if (p === '/') return path.startsWith('/');
  return path === p || path.startsWith(`${p}/`);
}

const PATH_KEYS = new Set([
  'path',
  'file',
  'filename',
  'filepath',
  'dir',
  'directory',
  'folder',
  'src',
  'source',
  'dest',
  'destination',
  'target',
  'root',
  'cwd',
  'location',
  'paths',
  'files',
  'filenames',
  'filepaths',
  'dirs',
  'directories',
  'folders',
]);

/** `path`, `file_path`, `filePath`, `OUTPUT_DIR`, `source-file`... */
export function isPathKey(key: string): boolean {
  if (PATH_KEYS.has(key.toLowerCase())) return true;
  return /[_-](?:path|dir|file)$/i.test(key) || /[a-z0-9](?:Path|Dir|File)$/.test(key);
}

/**
 * Does this argument value count as a filesystem path? Under a path-like key, any non-empty string.
 * Otherwise a single line that starts like a path (`/`, `~`, `./`, `../`, `.\`, `..\`, `\`, `C:\`, `file:`) or
 * contains a literal or encoded dot-dot segment. URLs of other schemes are not paths; prose is not.
 */
export function isPathLike(value: string, key: string | undefined): boolean {
  if (value.length === 0) return false;
  if (key !== undefined && isPathKey(key)) return true;
  if (value.includes('\n') || value.includes('\r')) return false;
  if (/^file:/i.test(value)) return true;
  if (/^[a-z][a-z0-9+.-]{0,31}:\/\//i.test(value)) return false;
  if (/^(?:[/~\\]|\.{1,2}[/\\]|[a-z]:[/\\])/i.test(value)) return true;
  return hasDotDotSegment(value);
}

/**
 * `..` (or `..;`, or `...` next to a separator: a bare `...` is an ellipsis) as a whole segment, literally
 * or once every encoding is undone.
 */
export function hasDotDotSegment(value: string): boolean {
  // Every alternative of `DOT_DOT_SEGMENT` needs `..`: one fast `includes` rules most strings out.
  if (value.includes('..') && DOT_DOT_SEGMENT.test(value)) return true;
  if (!mayBeEncoded(value)) return false;
  const layers = decodePathLayers(value);
  return DOT_DOT_SEGMENT.test(foldPathChars(layers[layers.length - 1]!));
}

const DOT_DOT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/;]|$)|(?:^|[\\/])\.{3,}[\\/;]|[\\/]\.{3,}$/;

// ---------------------------------------------------------------------------------------------------------
// Decoding

/** Dots, slashes and backslashes that NFKC or a Windows "best fit" code page turns into ASCII ones. */
const LOOKALIKES =
  '\u2024\uFE52\uFF0E\u2044\u2215\u29F8\uFF0F\uEFC8\uF025\u2216\u29F5\u29F9\uFE68\uFF3C\u00A5\u20A9';
const HEX_LITERAL = /0x(?:2e|2f|5c)/gi;
const HEX_ESCAPE = /0x[25]/i;

/** Does `s` hold a lookalike dot or slash? (`includesAny`, not a character class: several times faster.) */
export function hasLookalike(s: string): boolean {
  return includesAny(s, LOOKALIKES);
}

/**
 * Is there anything for `decodePathLayers` or `foldPathChars` to undo: a `%`, a `0x2`/`0x5` hex spelling, a
 * lookalike? (`%|0x[25]|[lookalikes]` as one regex costs several times more on ordinary text.)
 */
export function mayBeEncoded(value: string): boolean {
  return value.includes('%') || (value.includes('0') && HEX_ESCAPE.test(value)) || hasLookalike(value);
}

const MAX_LAYERS = 4;

/**
 * `raw` followed by each further layer of percent decoding, as long as a layer changes something (at most
 * four): `%252e` gives `[%252e, %2e, .]`, `%%32%65` gives `[%%32%65, %2e, .]`.
 */
export function decodePathLayers(raw: string): string[] {
  const layers = [raw];
  let cur = raw;
  for (let i = 0; i < MAX_LAYERS && cur.includes('%'); i++) {
    const next = percentDecodeOnce(cur);
    if (next === cur) break;
    layers.push(next);
    cur = next;
  }
  return layers;
}

/** The hex spellings `0x2e`, `0x2f`, `0x5c` (dotdotpwn's `0x2e0x2e/`) to `.`, `/`, `\`. */
export function foldHexLiterals(s: string): string {
  if (!s.includes('0x') && !s.includes('0X')) return s;
  return s.replace(HEX_LITERAL, (m) => (m[3] === 'e' || m[3] === 'E' ? '.' : m[2] === '2' ? '/' : '\\'));
}

/** `foldHexLiterals`, then lookalike dots and slashes (full-width, division slash, yen sign...) to ASCII. */
export function foldPathChars(s: string): string {
  const out = foldHexLiterals(s);
  if (!hasLookalike(out)) return out;
  const units = new Uint16Array(out.length);
  for (let i = 0; i < out.length; i++) {
    const c = out.charCodeAt(i);
    units[i] = c < 0xa5 ? c : foldChar(c);
  }
  return unitsToString(units, units.length);
}

function foldChar(c: number): number {
  switch (c) {
    case 0x2024:
    case 0xfe52:
    case 0xff0e:
      return 0x2e;
    case 0x2044:
    case 0x2215:
    case 0x29f8:
    case 0xff0f:
    case 0xefc8:
    case 0xf025:
      return 0x2f;
    case 0x2216:
    case 0x29f5:
    case 0x29f9:
    case 0xfe68:
    case 0xff3c:
    case 0x00a5:
    case 0x20a9:
      return 0x5c;
    default:
      return c;
  }
}

/**
 * Escapes no honest encoder produces, in any layer: overlong UTF-8 (`%c0%ae`, `%e0%80%ae`, `%c1%9c`, the
 * `%c0`/`%c1` leads, `%f8` and up) and escapes whose hex digits are themselves escaped (`%%32%65`,
 * `%2%65`, `%%32%%65`). Returns what was found, or undefined.
 */
export function evasionEscape(layers: readonly string[]): string | undefined {
  if (layers.some((l) => /%(?:c[01]%|e0%[89]|f0%8|f[89a-f]%)/i.test(l))) return 'overlong utf-8 escapes';
  if (layers.some((l) => /%[0-9a-f]?%(?:3[0-9]|4[1-6]|6[1-6])/i.test(l)))
    return 'escapes with percent-encoded hex digits';
  return undefined;
}

/**
 * One layer of percent decoding, as lenient as the most lenient server: runs of `%XX` bytes are read as
 * UTF-8 including overlong forms (`%c0%ae` is `.`, `%e0%80%ae` is `.`) and the IIS reading of `%c0`/`%c1`
 * with a bad continuation byte; `%uXXXX` is a UTF-16 unit. Anything else stays as it is. The output is
 * never longer than the input, so it is built in one code-unit buffer.
 */
export function percentDecodeOnce(s: string): string {
  let i = s.indexOf('%');
  if (i < 0) return s;
  const out = new Uint16Array(s.length);
  let n = 0;
  for (let k = 0; k < i; k++) out[n++] = s.charCodeAt(k);
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 37) {
      out[n++] = c;
      i++;
    } else if (isUnicodeEscape(s, i)) {
      out[n++] = parseInt(s.slice(i + 2, i + 6), 16);
      i += 6;
    } else if (hexByte(s, i + 1) < 0) {
      out[n++] = c;
      i++;
    } else {
      const r = decodeEscapedChar(s, i);
      out[n++] = r.unit;
      if (r.low !== undefined) out[n++] = r.low;
      i = r.end;
    }
  }
  return unitsToString(out, n);
}

const byteAt = (s: string, i: number) => (s.charCodeAt(i) === 37 ? hexByte(s, i + 1) : -1);
const isContinuation = (b: number) => b >= 0x80 && b <= 0xbf;

/**
 * The character escaped at `i` (one `%XX` byte or a UTF-8 sequence of them). Overlong forms decode to
 * what they spell; bytes that start nothing valid become U+FFFD.
 */
function decodeEscapedChar(s: string, i: number): { unit: number; low?: number; end: number } {
  const b = hexByte(s, i + 1);
  if (b < 0x80) return { unit: b, end: i + 3 };
  if ((b === 0xc0 || b === 0xc1) && byteAt(s, i + 3) >= 0) {
    // The IIS 'Unicode' bug: a two-byte overlong lead keeps the low six bits of whatever byte follows.
    return { unit: ((b & 1) << 6) | (byteAt(s, i + 3) & 0x3f), end: i + 6 };
  }
  const need = b < 0xc0 ? -1 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : b < 0xf8 ? 3 : b < 0xfc ? 4 : b < 0xfe ? 5 : -1;
  let cp = b & (0x7f >> (need + 1));
  for (let m = 1; m <= need; m++) {
    const c = byteAt(s, i + 3 * m);
    if (!isContinuation(c)) return { unit: 0xfffd, end: i + 3 };
    cp = cp * 64 + (c & 0x3f);
  }
  if (need < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return { unit: 0xfffd, end: i + 3 };
  const end = i + 3 * (need + 1);
  if (cp < 0x10000) return { unit: cp, end };
  return { unit: 0xd800 + ((cp - 0x10000) >> 10), low: 0xdc00 + ((cp - 0x10000) & 0x3ff), end };
}

function isUnicodeEscape(s: string, i: number): boolean {
  return (s[i + 1] === 'u' || s[i + 1] === 'U') && hexByte(s, i + 2) >= 0 && hexByte(s, i + 4) >= 0;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** The byte written as two hex digits at `i`, or -1. */
function hexByte(s: string, i: number): number {
  const h = hexDigit(s.charCodeAt(i));
  const l = hexDigit(s.charCodeAt(i + 1));
  return h < 0 || l < 0 ? -1 : (h << 4) | l;
}

function unitsToString(units: Uint16Array, length: number): string {
  let s = '';
  for (let i = 0; i < length; i += 8192)
    s += String.fromCharCode(...units.subarray(i, Math.min(i + 8192, length)));
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Segments

export type SegmentReport = {
  /** How many levels above its starting point the path reaches at its lowest (0: it stays inside). */
  climb: number;
  /** Segments that are `.`, `..` or one of the odd forms below. */
  dotSegments: number;
  /** Segments that are `..` or one of the odd forms below. */
  parentSegments: number;
  /** `...`, `....`, `.. ` (Windows drops trailing dots and spaces), `..;x` (Tomcat), `??` and `?.` (wildcards). */
  oddDotSegments: number;
};

type SegmentClass = 'name' | 'empty' | 'current' | 'parent' | 'odd-parent';

/**
 * Walk the segments of a path (separators `/` and `\`) from its root: `/`, a drive `C:`, or a home prefix
 * (`~`, `$HOME`, `%USERPROFILE%`). `loose` also splits on control characters and on `%` escapes that are not
 * valid hex (`%bg`, `%qf`): lenient decoders turn those into separators, and no honest name has them.
 */
export function analyzeSegments(path: string, loose = false): SegmentReport {
  let depth = 0;
  let climb = 0;
  let dotSegments = 0;
  let parentSegments = 0;
  let oddDotSegments = 0;
  scanSegments(path, rootLength(path), loose, (c) => {
    if (c === 'name') depth++;
    else if (c === 'current') dotSegments++;
    else if (c !== 'empty') {
      dotSegments++;
      parentSegments++;
      if (c === 'odd-parent') oddDotSegments++;
      if (--depth < -climb) climb = -depth;
    }
  });
  return { climb, dotSegments, parentSegments, oddDotSegments };
}

/** Calls `visit` with the class and bounds of each segment of `path` from `from` on. */
function scanSegments(
  path: string,
  from: number,
  loose: boolean,
  visit: (c: SegmentClass, a: number, b: number) => void,
) {
  let start = from;
  for (let i = from; i <= path.length; i++) {
    const sep = i === path.length ? 1 : separatorLength(path, i, loose);
    if (sep === 0) continue;
    visit(classifySegment(path, start, i), start, i);
    i += sep - 1;
    start = i + 1;
  }
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);

function separatorLength(s: string, i: number, loose: boolean): number {
  const c = s.charCodeAt(i);
  if (c === 47 || c === 92) return 1;
  if (!loose) return 0;
  if (c < 32 || c === 0x7f || c === 0xfffd) return 1;
  if (c !== 37 || hexByte(s, i + 1) >= 0) return 0;
  // A malformed escape: `%` plus up to two letters or digits.
  let n = 1;
  while (n < 3 && isAlnum(s.charCodeAt(i + n))) n++;
  return n;
}

/**
 * The segment `s[a, b)`: `.` is current; `..` parent; `...`, `.. ` (Windows drops trailing dots and
 * spaces), `..;x` (Tomcat path parameters), `??` and `?.` (wildcards) are odd spellings of a parent.
 */
function classifySegment(s: string, a: number, b: number): SegmentClass {
  if (a === b) return 'empty';
  const first = s.charCodeAt(a);
  if (first !== 46 && first !== 63) return 'name';
  let dots = 0;
  let marks = 0;
  let j = a;
  for (; j < b; j++) {
    const c = s.charCodeAt(j);
    if (c === 46) dots++;
    else if (c === 63) marks++;
    else break;
  }
  const bodyEnd = j;
  while (j < b && s.charCodeAt(j) === 32) j++;
  if (j < b && s.charCodeAt(j) !== 59) return 'name';
  const plain = j === bodyEnd && j === b;
  if (marks > 0) return dots + marks === 2 ? 'odd-parent' : 'name';
  if (dots === 1) return 'current';
  return dots === 2 && plain ? 'parent' : 'odd-parent';
}

/** Length of a root prefix (`/` excluded: an empty first segment is a root already). */
function rootLength(path: string): number {
  const m =
    /^(?:[a-z]:|~[^/\\]{0,32}|\$HOME|\$\{HOME\}|\$env:USERPROFILE|%USERPROFILE%|%HOMEPATH%)(?=[/\\]|$)/i.exec(
      path,
    );
  return m ? m[0].length : 0;
}

export type LooseRoot = 'relative' | 'slash' | 'drive' | 'home' | 'unc';

/** A path resolved without a filesystem: root kind, remaining segments, and how far it climbed above its start. */
export type LoosePath = { root: LooseRoot; drive: string; segments: string[]; climbed: number };

/**
 * Resolve `.` and `..` the way a server would once it has decoded the path (both separators, Windows
 * drives, UNC and `\\?\` prefixes, home prefixes). A `..` above the start is counted in `climbed` and
 * dropped: enough of them reach the root, which is where the attacker is going.
 */
export function resolveLoose(path: string): LoosePath {
  const p = path.replace(/^[\\/]{2}[?.][\\/]/, '');
  let root: LooseRoot = 'relative';
  let drive = '';
  const home = rootLength(p);
  if (home > 0 && p[1] === ':') {
    root = 'drive';
    drive = p.slice(0, 2);
  } else if (home > 0) root = 'home';
  else if (/^\\\\[^\\/]/.test(p)) root = 'unc';
  else if (p[0] === '/' || p[0] === '\\') root = 'slash';
  const segments: string[] = [];
  let climbed = 0;
  scanSegments(p, home, false, (c, a, b) => {
    if (c === 'name') segments.push(p.slice(a, b));
    else if (c === 'parent' || c === 'odd-parent') {
      if (segments.length > 0 && !(root === 'unc' && segments.length <= 2)) segments.pop();
      else climbed++;
    }
  });
  return { root, drive, segments, climbed };
}

/** The resolved path as text: `/etc/passwd`, `C:/Windows/win.ini`, `~/.ssh/id_rsa`, `../../x`. */
export function formatLoose(p: LoosePath): string {
  const body = p.segments.join('/');
  switch (p.root) {
    case 'slash':
      return `/${body}`;
    case 'drive':
      return `${p.drive}/${body}`;
    case 'home':
      return `~/${body}`;
    case 'unc':
      return `//${body}`;
    case 'relative':
      return '../'.repeat(p.climbed) + body;
  }
}

/** The same path relative to a home directory (`/home/me/x`, `/Users/me/x`, `C:/Users/me/x` give `~/x`). */
export function homeRelative(p: LoosePath): string | undefined {
  const first = p.segments[0]?.toLowerCase();
  if (p.root === 'home') return formatLoose(p);
  const inHomes =
    (p.root === 'slash' && (first === 'home' || first === 'users')) ||
    (p.root === 'drive' && first === 'users');
  return inHomes && p.segments.length >= 2 ? `~/${p.segments.slice(2).join('/')}` : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// URLs

/**
 * The path of a `file:` URL exactly as written (dot segments and escapes kept): `file:///etc/passwd` gives
 * `/etc/passwd`, `file:///C:/x` gives `C:/x`, `file://server/share/x` gives `\\server/share/x`.
 */
export function fileUrlPath(url: string): string | undefined {
  if (!/^file:/i.test(url)) return undefined;
  let rest = url.slice(5);
  const end = rest.search(/[?#]/);
  if (end >= 0) rest = rest.slice(0, end);
  if (/^[\\/]{2}/.test(rest)) {
    const slash = rest.slice(2).search(/[\\/]/);
    const host = slash < 0 ? rest.slice(2) : rest.slice(2, slash + 2);
    const path = slash < 0 ? '/' : rest.slice(slash + 2);
    rest = host === '' || host.toLowerCase() === 'localhost' ? path : `\\\\${host}${path}`;
  }
  return rest.replace(/^[\\/]([a-z])[:|](?=[\\/]|$)/i, '$1:');
}

export type UrlParts = { scheme: string; path: string; query: string };

/** Scheme, raw path and raw query of a `scheme://` URL (no normalisation: `..` and escapes are kept). */
export function urlParts(url: string): UrlParts | undefined {
  const colon = url.indexOf('://');
  if (colon <= 0) return undefined;
  const rest = url.slice(colon + 3);
  const auth = rest.search(/[\\/?#]/);
  if (auth < 0) return { scheme: url.slice(0, colon).toLowerCase(), path: '', query: '' };
  const tail = rest.slice(auth);
  const hash = tail.indexOf('#');
  const beforeHash = hash < 0 ? tail : tail.slice(0, hash);
  const q = beforeHash.indexOf('?');
  return {
    scheme: url.slice(0, colon).toLowerCase(),
    path: q < 0 ? beforeHash : beforeHash.slice(0, q),
    query: q < 0 ? '' : beforeHash.slice(q + 1),
  };
}

const isSchemeChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;

/** `file:` URLs that are not `file://` (`file:/etc/passwd`, `file:c:/x`). */
const FILE_URL = /\bfile:(?![\\/]{2})/gi;

/** Raw `scheme://...` and `file:...` URLs inside any text, up to whitespace, quotes or angle brackets. */
export function findUrls(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf('://'); at >= 0;) {
    let start = at;
    while (start > 0 && at - start < 32 && isSchemeChar(text.charCodeAt(start - 1))) start--;
    while (start < at && !/[a-z]/i.test(text[start]!)) start++;
    const end = urlEnd(text, at + 3);
    if (start < at) out.push(text.slice(start, end));
    at = text.indexOf('://', Math.max(end, at + 3));
  }
  for (const m of eachMatch(FILE_URL, text)) out.push(text.slice(m.index, urlEnd(text, m.index + 5)));
  return out;
}

const URL_STOP = /[\s"'<>`]/g;

function urlEnd(text: string, from: number): number {
  URL_STOP.lastIndex = from;
  let end = URL_STOP.exec(text)?.index ?? text.length;
  while (end > from && /[,!)\]}]/.test(text[end - 1]!)) end--;
  return end;
}

// ---------------------------------------------------------------------------------------------------------
// Requests, globs and display

/**
 * The strings the path detectors read: the arguments of `tools/call`, the `uri` of `resources/read` and
 * `resources/subscribe` (paths `params.arguments...` and `params.uri`).
 */
export function forEachRequestString(input: { method: string; params: unknown }, visit: StringVisit): void {
  const params = input.params as Record<string, unknown> | null | undefined;
  if (params === null || typeof params !== 'object') return;
  if (input.method === 'tools/call') walkStrings(params.arguments, 'params.arguments', visit);
  else walkStrings(params.uri, 'params.uri', visit);
}

/**
 * A path glob: `**` matches across `/`, `*` and `?` within one segment, `**\/` also matches nothing.
 * Matching is by dynamic programming over (pattern token, text position): O(pattern x path), never
 * exponential.
 */
export function compilePathGlob(pattern: string): (path: string) => boolean {
  const tokens: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith('**/', i)) {
      tokens.push('**/');
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      tokens.push('**');
      i += 1;
    } else tokens.push(pattern[i]!);
  }
  return (text) => globMatch(tokens, text);
}

function globMatch(tokens: readonly string[], text: string): boolean {
  const n = text.length;
  let cur = new Uint8Array(n + 1);
  cur[0] = 1;
  for (const t of tokens) {
    const next = new Uint8Array(n + 1);
    let seen = 0;
    for (let j = 0; j <= n; j++) {
      const prev = j > 0 ? text[j - 1] : undefined;
      if (t === '**') next[j] = cur[j]! | (j > 0 ? next[j - 1]! : 0);
      else if (t === '**/') {
        next[j] = cur[j]! | (prev === '/' ? seen : 0);
        seen |= cur[j]!;
      } else if (t === '*') next[j] = cur[j]! | (j > 0 && prev !== '/' ? next[j - 1]! : 0);
      else if (j > 0) next[j] = cur[j - 1]! & (t === '?' ? (prev !== '/' ? 1 : 0) : prev === t ? 1 : 0);
    }
    cur = next;
  }
  return cur[n] === 1;
}

/** A user value for a one-line message: control characters escaped, backticks neutralised, ~80 chars. */
export function showValue(s: string, max = 80): string {
  let cut = s.length > max ? s.slice(0, max - 3) : s;
  if (cut !== s && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const shown = cut.replace(/[\x00-\x1f\x7f`]/g, (c) =>
    c === '`' ? "'" : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return s.length > max ? `${shown}...` : shown;
}
