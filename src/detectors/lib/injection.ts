/**
 * Phrase families of prompt injection, shared by `prompt_injection` (results) and `tool_poisoning`
 * (descriptions). The families are data tables in `phrases.ts`; one linear matcher here reads them all.
 *
 * - Word rules (`RuleSpec`): an anchor word or phrase (`ignore`), then within a few words one of `last`
 *   (`instructions`) and, when given, one of `via` (`previous`, `all`), in any order. Terms are lowercase
 *   words; `instruct*` is a prefix; `$url`, `$email` and `$secret` (a credential file: `~/.ssh/id_rsa`,
 *   `.env`, `mcp.json`...) match a whole space-delimited chunk. The lexer keeps no per-word state: anchors
 *   are found through a map keyed by a word's first two characters, and the window after an anchor is read
 *   again by a second cursor, so the cost is linear in the text (times the window, a small constant).
 * - Chinese, Japanese and Korean have no spaces between words: their rules (`CjkRule`) ask for terms of
 *   each set within a number of characters of each other, in any order.
 * - Shapes made of punctuation (`<|im_start|>`, `</tool_result>`, `[INST]`, `<IMPORTANT>`, markdown image
 *   beacons) are literal regular expressions, all linear.
 *
 * Matching runs on `analyzeText(s).folded` (lib/text.ts): lowercase, lookalikes folded, whitespace collapsed.
 * A quoted attack ("... for example `ignore all previous instructions` ...") is still an attack to the
 * model that reads it: security write-ups that quote a full override sentence are flagged; prose that
 * describes attacks in other words is not.
 */

import { showValue } from './path.js';
import { CJK_RULES, PHRASE_RULES } from './phrases.js';
import { eachMatch } from './regex.js';
import { analyzeText, type Hidden } from './text.js';
import type { Severity } from '../types.js';

export type Family =
  | 'instruction-override'
  | 'role-boundary'
  | 'concealment'
  | 'exfiltration'
  | 'image-beacon'
  | 'important-tag'
  | 'sensitive-file-read';

export const FAMILIES: readonly Family[] = [
  'instruction-override',
  'role-boundary',
  'concealment',
  'exfiltration',
  'image-beacon',
  'important-tag',
  'sensitive-file-read',
];

/** The first place a family matched: `evidence` is a slice of the folded text; `detail` says more. */
export type InjectionMatch = { family: Family; evidence: string; detail?: string };

// ---------------------------------------------------------------------------------------------------------
// Lexer

const C_OTHER = 0; // inside a chunk, between words: `.`, `/`, `-`, `:`, `@`, `~`...
const C_WORD = 1; // letters, digits, `_`; any character from U+00C0 up but punctuation, symbols and emoji
const C_DELIM = 2; // ends a chunk (`~/.ssh/id_rsa`, a URL): whitespace, quotes, brackets, `,;|*!`

const CHAR = (() => {
  const t = new Uint8Array(0x10000).fill(C_OTHER).fill(C_WORD, 0xc0);
  const set = (from: number, to: number, v: number) => t.fill(v, from, to + 1);
  for (const [from, to] of [
    [0x2000, 0x2bff],
    [0x2e00, 0x2e7f],
    [0x3000, 0x303f],
    [0xd800, 0xdfff],
    [0xfe30, 0xfe6f],
    [0xff00, 0xff20],
  ])
    set(from!, to!, C_DELIM);
  set(0x80, 0xbf, C_DELIM);
  t[0xd7] = t[0xf7] = C_DELIM;
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    if (/[a-z0-9_]/i.test(ch)) t[c] = C_WORD;
    else if (/[\s"`()[\]{}<>,;|*!]/.test(ch) || c < 0x20) t[c] = C_DELIM;
  }
  return t;
})();

const isWord = (c: number) => CHAR[c] === C_WORD;
/** After `l'`, `n'`, `dell'`: French and Italian elision splits the word. */
const startsElided = (c: number) =>
  c === 0x61 || c === 0x65 || c === 0x69 || c === 0x6f || c === 0x75 || c === 0x79 || c === 0x68;

/**
 * The words of a text, lexed once, in order, as far as some cursor has read: the cursors of one run (the
 * anchor's and the windows' after it) read the same words, and a window re-reading a word costs loads from
 * these arrays, not a second scan and hash of its characters.
 */
class Words {
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  hashes = new Int32Array(64);
  chunkStarts = new Int32Array(64);
  /** `F_CHUNK_FIRST` and `F_LINE_BREAK` of each word. */
  flags = new Uint8Array(64);
  private pos = 0;
  constructor(public text: string) {}

  /** Start over on another text, keeping the arrays (see `RUN_WORDS`). */
  reset(text: string): this {
    this.text = text;
    this.count = 0;
    this.pos = 0;
    return this;
  }

  /** Does word `index` exist? Lexes on as far as needed. */
  has(index: number): boolean {
    while (index >= this.count) if (!this.lex()) return false;
    return true;
  }

  /** Lex the word after the last one; false at the end of the text. */
  private lex(): boolean {
    const t = this.text;
    const n = t.length;
    const k = this.count;
    const prevChunk = k > 0 ? this.chunkStarts[k - 1]! : 0;
    let i = this.pos;
    let chunk = prevChunk;
    let lineBreak = false;
    for (; i < n; i++) {
      const c = t.charCodeAt(i);
      const kind = CHAR[c];
      if (kind === C_WORD) break;
      if (kind === C_DELIM) {
        chunk = i + 1;
        if (c === 10) lineBreak = true;
      }
    }
    if (i >= n) {
      this.pos = n;
      return false;
    }
    const start = i;
    // Word characters, and an apostrophe between two of them (`don't`) but for an elision (`l'utente`).
    for (;;) {
      while (i < n && CHAR[t.charCodeAt(i)] === C_WORD) i++;
      if (i >= n || t.charCodeAt(i) !== 0x27 || !isWord(t.charCodeAt(i + 1))) break;
      i++;
      if (i - start <= 5 && startsElided(t.charCodeAt(i)) && isWord(t.charCodeAt(i + 1))) break;
    }
    if (k === this.starts.length) this.grow();
    this.starts[k] = start;
    this.ends[k] = i;
    let h = 0; // hashOf(t, start, i), inlined: this is the lexer's inner loop
    for (let j = start, stop = Math.min(i, start + HASHED); j < stop; j++)
      h = (Math.imul(h, 31) + t.charCodeAt(j)) | 0;
    this.hashes[k] = h & 0x3fffffff;
    this.chunkStarts[k] = chunk;
    this.flags[k] = (k === 0 || chunk !== prevChunk ? F_CHUNK_FIRST : 0) | (lineBreak ? F_LINE_BREAK : 0);
    this.count = k + 1;
    this.pos = i;
    return true;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const wider = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.starts = wider(this.starts);
    this.ends = wider(this.ends);
    this.hashes = wider(this.hashes);
    this.chunkStarts = wider(this.chunkStarts);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
  }
}

/**
 * The words of the current `matchRules` run, one store reused from run to run (its arrays grow to the
 * longest text seen): runs do not nest, as nothing called during one starts another.
 */
const RUN_WORDS = new Words('');

const F_CHUNK_FIRST = 1;
const F_LINE_BREAK = 2;

/** A cursor over the words of a text. `copy` makes a second cursor read ahead from the same place. */
class Lexer {
  /** Index of the current word in `words` (-1: before the first). */
  private index = -1;
  start = 0;
  end = 0;
  /** Start of the chunk (run between delimiters) holding the current word. */
  chunkStart = 0;
  /** The current word is the first of its chunk. */
  chunkFirst = false;
  /** `wordHash` of the current word. */
  hash = 0;
  /** A line break stands between the previous word and this one. */
  lineBreak = false;
  readonly text: string;
  constructor(readonly words: Words) {
    this.text = words.text;
  }

  copy(o: Lexer): void {
    this.index = o.index;
    this.start = o.start;
    this.end = o.end;
    this.chunkStart = o.chunkStart;
    this.chunkFirst = o.chunkFirst;
    this.hash = o.hash;
    this.lineBreak = o.lineBreak;
  }

  next(): boolean {
    const w = this.words;
    const k = this.index + 1;
    if (!w.has(k)) return false;
    this.index = k;
    this.start = w.starts[k]!;
    this.end = w.ends[k]!;
    this.hash = w.hashes[k]!;
    this.chunkStart = w.chunkStarts[k]!;
    const f = w.flags[k]!;
    this.chunkFirst = (f & F_CHUNK_FIRST) !== 0;
    this.lineBreak = (f & F_LINE_BREAK) !== 0;
    return true;
  }

  /** Map key of the current word's first two UTF-16 units (see `pairKey`). */
  pairKey(): number {
    const t = this.text;
    return pairKey(t.charCodeAt(this.start), this.end - this.start > 1 ? t.charCodeAt(this.start + 1) : 0);
  }

  is(w: Word): boolean {
    const len = this.end - this.start;
    return (
      (w.prefix ? len >= w.text.length : len === w.text.length) && this.text.startsWith(w.text, this.start)
    );
  }

  /** The current chunk without surrounding quotes and trailing punctuation (at most 2 KiB). */
  chunk(): Chunk {
    const t = this.text;
    const limit = Math.min(t.length, this.chunkStart + 2048);
    let end = this.chunkStart;
    while (end < limit && CHAR[t.charCodeAt(end)] !== C_DELIM) end++;
    let start = this.chunkStart;
    while (start < end && t[start] === "'") start++;
    while (end > start && ".,:;!?'".includes(t[end - 1]!)) end--;
    const before = t[this.chunkStart - 1];
    const quoted = start > this.chunkStart || before === '`' || before === '"';
    return { text: t.slice(start, end), end, quoted };
  }
}

/** A run of text between delimiters (`~/.ssh/id_rsa`, `https://...`, `send_email`), trimmed. */
export type Chunk = { text: string; end: number; /** In quotes or backticks. */ quoted: boolean };

/** A word of folded text; `chunk` is set on the first word of each chunk. */
export type WordVisit = { index: number; start: number; end: number; chunk?: Chunk };

export function forEachWord(text: string, visit: (w: WordVisit) => void): void {
  const l = new Lexer(new Words(text));
  for (let index = 0; l.next(); index++)
    visit({ index, start: l.start, end: l.end, chunk: l.chunkFirst ? l.chunk() : undefined });
}

/**
 * Terms are found by map keys: exact words by a hash of the whole word (computed while lexing), prefixes
 * (`instruct*`) by their first two units. Keys stay small integers (fast lookups); a collision only costs
 * a comparison, as terms are checked in full.
 */
const pairKey = (c0: number, c1: number) => ((c0 & 0x7fff) << 15) | (c1 & 0x7fff);
/** Hash of `s[start, end)`, of its first `HASHED` units only, for words and terms alike: a long word (a
 * base64 blob, a run of `x`) costs no more to hash than a short one, and equal hashes are only a hint. */
function hashOf(s: string, start: number, end: number): number {
  let h = 0;
  for (let i = start, stop = Math.min(end, start + HASHED); i < stop; i++)
    h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h & 0x3fffffff;
}
const HASHED = 32;
const wordHash = (w: string) => hashOf(w, 0, w.length);
/** Map key of a term's first word. */
const keyOf = (w: Word) =>
  w.prefix ? pairKey(w.text.charCodeAt(0), w.text.length > 1 ? w.text.charCodeAt(1) : 0) : wordHash(w.text);

// ---------------------------------------------------------------------------------------------------------
// Credential files named in prose

const SECRET_FILES: readonly RegExp[] = [
  /(?:^|\/)\.ssh(?:\/(?:id_[a-z0-9_]+|identity|authorized_keys))?\/?$/,
  /(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/,
  /(?:^|\/)\.aws(?:\/(?:credentials|config))?\/?$/,
  /(?:^|\/)\.env(?:\.(?:local|prod|production|dev|development|staging|test))?$/,
  /(?:^|\/)\.(?:npmrc|pypirc|netrc|pgpass|git-credentials|vault-token|bash_history|zsh_history|gnupg|password-store)\/?$/,
  /(?:^|\/)\.(?:kube\/config|docker\/config\.json|config\/gcloud|azure)(?:\/|$)/,
  /(?:^|\/)(?:mcp|claude_desktop_config|application_default_credentials|credentials|service[-_]account)\.json$/,
  /^\/etc\/(?:shadow|gshadow|passwd|sudoers|master\.passwd)$/,
  /^\/proc\/(?:self|\d{1,7}|\*)\/environ$/,
  /(?:^|\/)wallet\.dat$/,
];

/** Matches somewhere in every text that names a credential file (one cheap scan before any classification). */
const SECRET_HINT =
  /\.(?:ssh|aws|env|npmrc|pypirc|netrc|pgpass|git-credentials|vault-token|bash_history|zsh_history|gnupg|password-store|kube|docker|config\/gcloud|azure)|id_(?:rsa|dsa|ecdsa|ed25519)|(?:mcp|claude_desktop_config|application_default_credentials|credentials|service[-_]account)\.json|\/etc\/|\/proc\/|wallet\.dat/;

/** A credential or secret-bearing file, as a path or a bare name (lowercase). Public keys are not. */
export function isSecretPath(chunk: string): boolean {
  const p = chunk.replaceAll('\\', '/').replace(/^file:\/\//, '');
  return p.length <= 512 && SECRET_FILES.some((re) => re.test(p));
}

// ---------------------------------------------------------------------------------------------------------
// Word rules

type Special = '$url' | '$email' | '$secret';
type Word = { text: string; prefix: boolean };
type Term = { words: Word[] };

export type RuleSpec = {
  family: Family;
  /** Anchors: the rule is tried where one of these starts. */
  first: readonly string[];
  /** One of these must occur in the window too, before or after `last`. */
  via?: readonly string[];
  /** One of these must occur within `within` words after the anchor; absent: the anchor alone matches. */
  last?: readonly string[];
  within?: number;
  /** One of these words must be among the 3 words before the anchor ("do not *tell*", "no le *digas*"). */
  after?: readonly string[];
  /** Not when one of these words is among the 3 words before the anchor ("we never share it *without*..."). */
  notAfter?: readonly string[];
  /** Not when the word right after `last` is one of these ("do not tell the user whether..."). */
  notThen?: readonly string[];
};

/** Terms by the key of their first word (exact words and prefixes apart), and chunk-level specials. */
type TermSet = {
  exact: Map<number, Term[]>;
  prefixed: Map<number, Term[]>;
  /** Low `KEY_BITS` bits of every key of `exact`, as a bitset: most words of a window miss it in one load,
   * without a map lookup (a hit is only a hint, confirmed by the map). */
  exactBits: Uint32Array;
  specials: Special[];
  empty: boolean;
};
type Rule = {
  family: Family;
  via: TermSet;
  last: TermSet;
  within: number;
  after: Word[];
  notAfter: Word[];
  notThen: TermSet;
  /** Specials without which the rule cannot match: for each set made only of them, their bits. */
  needs: number[];
};
type Anchor = { rule: Rule; term: Term };
/** Anchors by key, with a bitmap of the keys' low 16 bits in front: most words miss it at the cost of one load. */
type AnchorIndex = { map: Map<number, Anchor[]>; bits: Uint8Array };
export type CompiledRules = { exact: AnchorIndex; prefixed: AnchorIndex; families: number };

const anchorIndex = (): AnchorIndex => ({ map: new Map(), bits: new Uint8Array(0x10000) });
const lookup = (index: AnchorIndex, key: number) =>
  index.bits[key & 0xffff] === 1 ? index.map.get(key) : undefined;

const URL_CHUNK = /^(?:https?|ftp|wss?):\/\/[^\s/]/;
const EMAIL_CHUNK = /^[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}$/;
const SPECIAL_BITS: Record<Special, number> = { $url: 1, $email: 2, $secret: 4 };

function parseTerm(spec: string): Term {
  const words = spec.split(' ').map((w) => {
    const prefix = w.endsWith('*');
    const text = prefix ? w.slice(0, -1) : w;
    if (text.length === 0 || (prefix && text.length < 2)) throw new Error(`bad term \`${spec}\``);
    return { text, prefix };
  });
  return { words };
}

const isSpecial = (spec: string): spec is Special => spec in SPECIAL_BITS;
const oneWord = (spec: string) => parseTerm(spec).words[0]!;

function addTo<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function termSet(specs: readonly string[] = []): TermSet {
  const set: TermSet = {
    exact: new Map(),
    prefixed: new Map(),
    exactBits: new Uint32Array(KEY_MASK / 32 + 1),
    specials: [],
    empty: specs.length === 0,
  };
  for (const spec of specs) {
    if (isSpecial(spec)) {
      set.specials.push(spec);
      continue;
    }
    const term = parseTerm(spec);
    const first = term.words[0]!;
    const key = keyOf(first);
    addTo(first.prefix ? set.prefixed : set.exact, key, term);
    if (!first.prefix) set.exactBits[(key & KEY_MASK) >>> 5]! |= 1 << (key & 31);
  }
  return set;
}

const KEY_MASK = 0xfff;
const mayHold = (bits: Uint32Array, key: number) => (bits[(key & KEY_MASK) >>> 5]! & (1 << (key & 31))) !== 0;

export function compileRules(specs: readonly RuleSpec[]): CompiledRules {
  const families = new Set(specs.map((s) => s.family)).size;
  const compiled: CompiledRules = { exact: anchorIndex(), prefixed: anchorIndex(), families };
  for (const s of specs) {
    const via = termSet(s.via);
    const last = termSet(s.last);
    const rule: Rule = {
      family: s.family,
      via,
      last,
      within: s.within ?? 6,
      after: (s.after ?? []).map(oneWord),
      notAfter: (s.notAfter ?? []).map(oneWord),
      notThen: termSet(s.notThen),
      needs: [via, last]
        .filter((t) => !t.empty && t.exact.size + t.prefixed.size === 0)
        .map((t) => t.specials.reduce((bits, sp) => bits | SPECIAL_BITS[sp], 0)),
    };
    for (const spec of s.first) {
      if (isSpecial(spec)) throw new Error(`an anchor cannot be \`${spec}\``);
      const term = parseTerm(spec);
      const first = term.words[0]!;
      const index = first.prefix ? compiled.prefixed : compiled.exact;
      const key = keyOf(first);
      addTo(index.map, key, { rule, term });
      index.bits[key & 0xffff] = 1;
    }
  }
  return compiled;
}

/** Does `term` start at the cursor's word? Leaves the cursor on the term's last word. */
function matchTerm(l: Lexer, term: Term): boolean {
  for (let i = 0; i < term.words.length; i++) {
    if (i > 0 && !l.next()) return false;
    if (!l.is(term.words[i]!)) return false;
  }
  return true;
}

const RECENT = 3;

/**
 * One run of rules over one text: cursors (`lex` finds anchors, `window` reads after one, `probe` and
 * `tail` look ahead), the last words read, and what each chunk is (memoised: every chunk is classified
 * at most once, however many windows cover it).
 */
class Run {
  readonly words: Words;
  readonly lex: Lexer;
  /** (start, end) of the last `RECENT` words, a ring. */
  private readonly recent: number[] = new Array<number>(RECENT * 2).fill(0);
  private seen = 0;
  private present = -1;
  // Made on first use: most texts (a JSON blob, a log line) never open a window.
  private _window?: Lexer;
  private _probe?: Lexer;
  private _tail?: Lexer;
  private _chunkKinds?: Map<number, number>;

  constructor(readonly text: string) {
    this.words = RUN_WORDS.reset(text);
    this.lex = new Lexer(this.words);
  }

  get window(): Lexer {
    return (this._window ??= new Lexer(this.words));
  }
  get probe(): Lexer {
    return (this._probe ??= new Lexer(this.words));
  }
  get tail(): Lexer {
    return (this._tail ??= new Lexer(this.words));
  }
  private get chunkKinds(): Map<number, number> {
    return (this._chunkKinds ??= new Map());
  }

  /** Record the anchor cursor's word as read. */
  advance(): void {
    const k = (this.seen++ % RECENT) * 2;
    this.recent[k] = this.lex.start;
    this.recent[k + 1] = this.lex.end;
  }

  /** Is one of `words` among the words just before the anchor? */
  recentHas(words: Word[]): boolean {
    for (let k = 0; k < Math.min(this.seen, RECENT); k++) {
      const start = this.recent[k * 2]!;
      const len = this.recent[k * 2 + 1]! - start;
      for (const w of words)
        if ((w.prefix ? len >= w.text.length : len === w.text.length) && this.text.startsWith(w.text, start))
          return true;
    }
    return false;
  }

  /** Can `rule` match in this text at all? Its special-only sets need their specials somewhere. */
  possible(rule: Rule): boolean {
    if (rule.needs.length === 0) return true;
    if (this.present < 0) this.present = specialsPresent(this.text);
    for (const bits of rule.needs) if ((this.present & bits) === 0) return false;
    return true;
  }

  /** The end of the chunk of `at`'s word when it is one of `specials`, else -1. */
  special(at: Lexer, specials: Special[]): number {
    let packed = this.chunkKinds.get(at.chunkStart); // end * 8 + bits
    if (packed === undefined && !maybeSpecial(at)) packed = 0;
    if (packed === undefined) {
      const chunk = at.chunk();
      const c = chunk.text;
      const bits =
        (URL_CHUNK.test(c) || c.startsWith('www.') ? SPECIAL_BITS.$url : 0) |
        (c.includes('@') && EMAIL_CHUNK.test(c) ? SPECIAL_BITS.$email : 0) |
        (isSecretPath(c) ? SPECIAL_BITS.$secret : 0);
      packed = chunk.end * 8 + bits;
      this.chunkKinds.set(at.chunkStart, packed);
    }
    for (const sp of specials) if ((packed & SPECIAL_BITS[sp]) !== 0) return Math.floor(packed / 8);
    return -1;
  }
}

/**
 * Can the chunk of `at`'s word be a special? A URL holds `://` or starts `www.`, an email address `@`, and
 * every `SECRET_FILES` path `.`, `/` (or `\`) or `id_`: a chunk with none of `./\@_` (most words of prose)
 * is none of them, and is not sliced nor tested.
 */
function maybeSpecial(at: Lexer): boolean {
  const t = at.text;
  const limit = Math.min(t.length, at.chunkStart + 2048);
  for (let i = at.chunkStart; i < limit; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x2e || c === 0x2f || c === 0x5c || c === 0x40 || c === 0x5f) return true;
    if (CHAR[c] === C_DELIM) return false;
  }
  return false;
}

/** Which specials a text can hold at all (bits of SPECIAL_BITS), by cheap substring tests. */
function specialsPresent(text: string): number {
  return (
    (text.includes('://') || text.includes('www.') ? SPECIAL_BITS.$url : 0) |
    (text.includes('@') ? SPECIAL_BITS.$email : 0) |
    (SECRET_HINT.test(text) ? SPECIAL_BITS.$secret : 0)
  );
}

/** End offset of a term of `set` starting at `at`'s word, or -1. Moves `run.probe`. */
function matchSet(at: Lexer, set: TermSet, run: Run): number {
  if (mayHold(set.exactBits, at.hash)) {
    const end = matchIn(at, set.exact.get(at.hash), run);
    if (end >= 0) return end;
  }
  if (set.prefixed.size > 0) {
    const e = matchIn(at, set.prefixed.get(at.pairKey()), run);
    if (e >= 0) return e;
  }
  return set.specials.length > 0 && at.chunkFirst ? run.special(at, set.specials) : -1;
}

function matchIn(at: Lexer, terms: Term[] | undefined, run: Run): number {
  if (terms) {
    for (const term of terms) {
      run.probe.copy(at);
      if (matchTerm(run.probe, term)) return run.probe.end;
    }
  }
  return -1;
}

/** Is the word after offset `end` (reading on from `at`) in `set`? */
function followedBy(at: Lexer, end: number, set: TermSet, run: Run): boolean {
  if (set.empty) return false;
  const t = run.tail;
  t.copy(at);
  while (t.end < end) if (!t.next()) return false;
  return t.next() && matchSet(t, set, run) >= 0;
}

/**
 * From the anchor's last word (`run.window`), read up to `within` words of the same line for `via` and
 * `last`; the end or -1. A phrase does not run on into the next line: in a document, the next line is
 * another sentence more often than the rest of this one.
 */
function searchWindow(rule: Rule, run: Run): number {
  const l = run.window;
  let needVia = !rule.via.empty;
  let needLast = !rule.last.empty;
  let end = l.end;
  for (let k = 0; (needVia || needLast) && k < rule.within && l.next(); k++) {
    if (l.lineBreak) break;
    if (needLast) {
      const e = matchSet(l, rule.last, run);
      if (e >= 0 && !followedBy(l, e, rule.notThen, run)) {
        needLast = false;
        end = Math.max(end, e);
        continue;
      }
    }
    if (needVia) {
      const e = matchSet(l, rule.via, run);
      if (e >= 0) {
        needVia = false;
        end = Math.max(end, e);
      }
    }
  }
  return needVia || needLast ? -1 : end;
}

/** Run compiled rules over folded text; adds the first match of each family not yet in `found`. */
export function matchRules(
  text: string,
  rules: CompiledRules,
  found: Set<Family>,
  out: InjectionMatch[],
): void {
  const run = new Run(text);
  const lex = run.lex;
  let done = 0;
  while (done < rules.families && lex.next()) {
    done += tryAnchors(lookup(rules.exact, lex.hash), run, found, out);
    done += tryAnchors(lookup(rules.prefixed, lex.pairKey()), run, found, out);
    run.advance();
  }
}

/** Try the rules anchored at the current word; returns how many families matched. */
function tryAnchors(
  anchors: Anchor[] | undefined,
  run: Run,
  found: Set<Family>,
  out: InjectionMatch[],
): number {
  if (!anchors) return 0;
  let matched = 0;
  for (const { rule, term } of anchors) {
    if (found.has(rule.family) || !run.possible(rule)) continue;
    run.window.copy(run.lex);
    if (!matchTerm(run.window, term)) continue;
    if (rule.after.length > 0 && !run.recentHas(rule.after)) continue;
    if (rule.notAfter.length > 0 && run.recentHas(rule.notAfter)) continue;
    const end = searchWindow(rule, run);
    if (end < 0) continue;
    found.add(rule.family);
    matched++;
    out.push({ family: rule.family, evidence: run.text.slice(run.lex.start, end) });
  }
  return matched;
}

const PHRASES = compileRules(PHRASE_RULES);

// ---------------------------------------------------------------------------------------------------------
// Chinese, Japanese, Korean

export type CjkRule = {
  family: Family;
  /** Terms of the first set anchor; one term of every other set must start within `within` characters. */
  sets: readonly (readonly string[])[];
  within: number;
};

const HAS_CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

const isCjk = (c: number) =>
  (c >= 0x3040 && c <= 0x30ff) ||
  (c >= 0x3400 && c <= 0x4dbf) ||
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0xac00 && c <= 0xd7af) ||
  (c >= 0xf900 && c <= 0xfaff);

/**
 * Where each CJK character of a text stands, so that finding a term costs the occurrences of its first
 * character, not a scan of the text per term (the rules hold hundreds of terms).
 */
class CjkIndex {
  private readonly at = new Map<number, number[]>();
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!isCjk(c)) continue;
      const list = this.at.get(c);
      if (list) list.push(i);
      else this.at.set(c, [i]);
    }
  }

  /** Sorted start offsets of every occurrence of any of `terms`. */
  occurrences(terms: readonly string[]): number[] {
    const out: number[] = [];
    const t = this.text;
    for (const term of terms) {
      const first = term.charCodeAt(0);
      if (isCjk(first)) {
        for (const i of this.at.get(first) ?? []) if (t.startsWith(term, i)) out.push(i);
      } else for (let i = t.indexOf(term); i >= 0; i = t.indexOf(term, i + 1)) out.push(i);
    }
    return out.sort((a, b) => a - b);
  }
}

/** First index in sorted `xs` whose value is >= `v`. */
function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Is there a line break in `text` between `from` and `to`? */
function breaksLine(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

function matchCjk(text: string, found: Set<Family>, out: InjectionMatch[]): void {
  const index = new CjkIndex(text);
  for (const rule of CJK_RULES) {
    if (found.has(rule.family)) continue;
    const others = rule.sets.slice(1).map((set) => index.occurrences(set));
    if (others.some((o) => o.length === 0)) continue;
    for (const at of index.occurrences(rule.sets[0]!)) {
      const near = others.map((o) => o[lowerBound(o, at - rule.within)]);
      if (near.every((p) => p !== undefined && p <= at + rule.within)) {
        const from = Math.min(at, ...(near as number[]));
        const to = Math.max(at, ...(near as number[])) + 8;
        if (breaksLine(text, from, to - 8)) continue; // one line, as for word rules
        found.add(rule.family);
        out.push({ family: rule.family, evidence: text.slice(from, to) });
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shapes made of punctuation

type Marker = {
  family: Family;
  /** The marker cannot match a text holding none of these (a cheap test before the regex). */
  hints: readonly string[];
  re: RegExp;
  /** Counts only when this directive follows, before a closing tag and within 300 chars. */ needs?: RegExp;
};

const DIRECTIVE =
  /\b(?:ignore|disregard|forget|override|bypass|you (?:must|will|shall|should|are now|need to|have to|may now|can now)|from now on|new instructions|do not (?:tell|mention|reveal|inform)|don't (?:tell|mention|reveal|inform)|(?:assistant|model|ai) (?:must|should|will))\b/;
/** Inside an instruction tag: any imperative aimed at the model (`<IMPORTANT>` around a changelog note is
 * fine; around "before using this tool, read ..." it is the poisoning shape). */
const TAG_DIRECTIVE =
  /\b(?:must|always|never|before (?:using|calling|you)|first|do not|don't|ignore|read|send|include|pass|call|use|you (?:should|will|need)|otherwise)\b/;

const MARKERS: readonly Marker[] = [
  { family: 'role-boundary', hints: ['<|'], re: /<\|[a-z_]{2,32}\|>/g }, // ChatML and Llama 3 special tokens
  { family: 'role-boundary', hints: ['[', '<<'], re: /\[\/?inst\]|<<\/?sys>>/g }, // Llama 2
  {
    family: 'role-boundary',
    hints: ['<'],
    re: /<\/?(?:tool_(?:result|results|response|output|use|call|calls)|function_(?:result|results|response|output|call|calls)|antml:[a-z_]{1,20})\b[^<>\n]{0,80}>/g,
  },
  {
    family: 'role-boundary',
    needs: DIRECTIVE,
    hints: ['<'],
    re: /<\/?(?:system|system[_-]prompt|system[_-]message|system[_-]reminder|assistant|human)>/g,
  },
  {
    family: 'role-boundary',
    needs: DIRECTIVE,
    hints: ['['],
    re: /\[\/?(?:system|sys|admin|assistant|user|human)(?: message| prompt| note)?\]/g,
  },
  {
    family: 'role-boundary',
    needs: DIRECTIVE,
    hints: ['#'],
    re: /(?:^|\n) ?#{1,6} ?(?:system|instructions?|response|assistant|human|user)(?: message| prompt)? ?:/g,
  },
  {
    family: 'role-boundary',
    needs: DIRECTIVE,
    hints: [':'],
    re: /(?:^|\n)(?:human|assistant|system|user|ai) ?:/g,
  },
  {
    family: 'role-boundary',
    needs: DIRECTIVE,
    hints: ['"'],
    re: /"role" ?: ?"(?:system|developer)"|"method" ?: ?"(?:tools\/call|sampling\/createmessage)"|"(?:tool_calls|function_call)" ?:/g,
  },
  {
    family: 'important-tag',
    needs: TAG_DIRECTIVE,
    hints: ['<'],
    re: /< ?(?:important|instructions?|(?:system|hidden|secret|ai|assistant|critical)[_ -]instructions?|note[_ -]to[_ -](?:ai|assistant|model|llm|agent|claude))\b[^<>\n]{0,40}>/g,
  },
  {
    family: 'instruction-override',
    // The regex needs one of these after a space (JSON is full of `:`, rarely of these words).
    hints: [' instruction', ' directive', ' system prompt', ' orders', ' task'],
    re: /\b(?:new|updated|revised|real|actual|true|secret|hidden|override|priority) (?:instructions?|directives?|system prompt|orders|task) ?:/g,
  },
];

/** Every hint of `MARKERS` once: several markers share one, and a text is searched for each at most once. */
const HINTS = [...new Set(MARKERS.flatMap((m) => m.hints))];
const HINT_IDS = MARKERS.map((m) => m.hints.map((h) => HINTS.indexOf(h)));

function matchMarkers(text: string, found: Set<Family>, out: InjectionMatch[]): void {
  const present: (boolean | undefined)[] = [];
  const has = (id: number) => (present[id] ??= text.includes(HINTS[id]!));
  for (let k = 0; k < MARKERS.length; k++) {
    const { family, re, needs } = MARKERS[k]!;
    if (found.has(family) || !HINT_IDS[k]!.some(has)) continue;
    let checked = 0; // text before this offset holds no directive (bar one straddling it)
    let close = -1; // the next closing tag at or after the current marker (Infinity: none left)
    for (const m of eachMatch(re, text)) {
      const after = m.index + m[0].length;
      if (needs) {
        // What the marker opens: up to the next closing tag, at most 300 characters.
        if (close < after) {
          const i = text.indexOf('</', after);
          close = i < 0 ? Infinity : i;
        }
        const from = Math.max(after, checked - 40);
        checked = Math.min(close, after + 300);
        if (!needs.test(text.slice(from, checked))) continue;
      }
      found.add(family);
      out.push({ family, evidence: text.slice(m.index + (m[0].startsWith('\n') ? 1 : 0), after + 40) });
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Markdown image and link beacons, template URLs

const MD_LINK = /!?\[[^[\]\n]{0,300}\]\( ?<?(https?:\/\/[^\s()<>"'`[\]]{1,2048})/g;
const IMG_SRC = /<img\b[^<>]{0,300}?\bsrc ?= ?["']?(https?:\/\/[^\s"'<>`]{1,2048})/g;
const BARE_URL = /https?:\/\/[^\s"'`<>()[\]]{1,2048}/g;
/** Template placeholders a model is asked to fill: `{secret}`, `{{history}}`, `${data}`, `<summary>`, `[DATA]`. */
const PLACEHOLDER = /\{\{?[^{}]{1,60}\}\}?|\$\{[^{}]{1,60}\}|<[^<>]{1,40}>|\[[^[\]]{1,40}\]/;
const DATA_WORD =
  /secret|passw|token|key|credential|conversation|chat|histor|message|summar|context|data|info|prompt|email|address|name|user|answer|response|content|env|file/;

/** Why an image or link URL is a beacon, or undefined. `after` is the text right after the URL. */
function beaconReason(url: string, after: string): string | undefined {
  const closed = after.startsWith(')') || after.startsWith('>') || /^ ["']/.test(after);
  if (/[=?&]$/.test(url) || (!closed && url.includes('?')))
    return 'is left open for the model to append data';
  const placeholder = PLACEHOLDER.exec(decoded(url));
  if (
    placeholder &&
    (placeholder[0].startsWith('{') || placeholder[0].startsWith('$') || DATA_WORD.test(placeholder[0]))
  )
    return `carries the placeholder \`${showValue(placeholder[0], 40)}\``;
  return undefined;
}

function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function matchBeacons(text: string, found: Set<Family>, out: InjectionMatch[]): void {
  let beacon = text.includes('](') ? scanBeacons(text, MD_LINK, found, out) : undefined;
  if (!beacon && text.includes('<img')) beacon = scanBeacons(text, IMG_SRC, found, out);
  if (found.has('exfiltration') || !text.includes('://')) return;
  for (const m of eachMatch(BARE_URL, text)) {
    const p = PLACEHOLDER.exec(decoded(m[0]));
    if (p && DATA_WORD.test(p[0]) && m[0] !== beacon) {
      found.add('exfiltration');
      out.push({ family: 'exfiltration', evidence: m[0] });
      return;
    }
  }
}

/** The first beacon URL `re` finds (and reports), or undefined. */
function scanBeacons(
  text: string,
  re: RegExp,
  found: Set<Family>,
  out: InjectionMatch[],
): string | undefined {
  for (const m of eachMatch(re, text)) {
    const url = m[1]!;
    const reason = beaconReason(url, text.slice(m.index + m[0].length, m.index + m[0].length + 2));
    if (reason) {
      found.add('image-beacon');
      out.push({ family: 'image-beacon', evidence: url, detail: reason });
      return url;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

/** The first match of each family in folded text (`analyzeText(s).folded`). */
export function findInjections(folded: string): InjectionMatch[] {
  const out: InjectionMatch[] = [];
  const found = new Set<Family>();
  matchRules(folded, PHRASES, found, out);
  matchMarkers(folded, found, out);
  matchBeacons(folded, found, out);
  if (HAS_CJK.test(folded)) matchCjk(folded, found, out);
  return out;
}

/** Kinds of hiding that `scanText` reports besides the phrase families. */
export const HIDING_KINDS = [
  'hidden-tags',
  'variation-selectors',
  'ansi-escape',
  'bidi-control',
  'zero-width',
  'homoglyph',
] as const satisfies readonly (Hidden['kind'] | 'homoglyph')[];

export type TextKind = Family | (typeof HIDING_KINDS)[number];

/** A finding about one string, before a detector adds its id and the path. */
export type TextHit = { kind: TextKind; severity: Severity; message: string };

export type ScanOptions = {
  /** Families to report (others are matched but dropped). */
  families: ReadonlySet<Family>;
  /** Kinds not to report at all. */
  ignore: ReadonlySet<string>;
  /** Zero-width characters outside words needed for a finding (one inside a Latin word is enough). */
  zeroWidthLimit: number;
  /** Mixed-script words needed for a `homoglyph` finding. */
  homoglyphWords: number;
};

const SEVERITY: Record<TextKind, Severity> = {
  'instruction-override': 'high',
  'role-boundary': 'high',
  concealment: 'high',
  exfiltration: 'critical',
  'image-beacon': 'high',
  'important-tag': 'high',
  'sensitive-file-read': 'high',
  'hidden-tags': 'high',
  'variation-selectors': 'high',
  'ansi-escape': 'medium',
  'bidi-control': 'medium',
  'zero-width': 'medium',
  homoglyph: 'medium',
};

const LABEL: Record<Family, string> = {
  'instruction-override': 'instruction override',
  'role-boundary': 'fake role or tool-result boundary',
  concealment: 'directive to hide something from the user',
  exfiltration: 'exfiltration directive',
  'image-beacon': 'markdown image or link beacon',
  'important-tag': 'instruction tag of tool poisoning',
  'sensitive-file-read': 'instruction to read a credential file',
};

/** What `scanText` found in one string; `folded` and `families` (all matched, reported or not) for callers
 * that look further. */
export type TextScan = { hits: TextHit[]; folded: string; families: Set<Family> };

/** Hidden characters and phrase families of one string, with the text hidden by tags or selectors. */
export function scanText(value: string, opts: ScanOptions): TextScan {
  const hits: TextHit[] = [];
  const families = new Set<Family>();
  const add = (kind: TextKind, message: string) => {
    if (!opts.ignore.has(kind) && !hits.some((h) => h.kind === kind))
      hits.push({ kind, severity: SEVERITY[kind], message });
  };
  const addMatches = (matches: InjectionMatch[], where: string) => {
    for (const m of matches) {
      families.add(m.family);
      if (opts.families.has(m.family)) add(m.family, matchMessage(m) + where);
    }
  };
  const a = analyzeText(value);
  for (const h of a.hidden) {
    const message = hiddenMessage(h, opts.zeroWidthLimit);
    if (message) add(h.kind, message);
  }
  if (a.mixedScriptWords.length >= opts.homoglyphWords) {
    const words = a.mixedScriptWords.slice(0, 3).map((w) => `\`${showValue(w, 30)}\``);
    add('homoglyph', `words mixing latin with lookalike letters: ${words.join(', ')}`);
  }
  addMatches(findInjections(a.folded), '');
  for (const h of a.hidden) {
    if (!h.decoded || h.kind === 'ansi-escape') continue;
    const where = h.kind === 'hidden-tags' ? 'unicode tag characters' : 'variation selectors';
    addMatches(findInjections(analyzeText(h.decoded).folded), ` in text hidden by ${where}`);
  }
  return { hits, folded: a.folded, families };
}

const matchMessage = (m: InjectionMatch) =>
  `${LABEL[m.family]} \`${showValue(m.evidence)}\`${m.detail ? ` ${m.detail}` : ''}`;

function hiddenMessage(h: Hidden, zeroWidthLimit: number): string | undefined {
  switch (h.kind) {
    case 'hidden-tags':
      return `${h.count} invisible unicode tag characters spell \`${showValue(h.decoded ?? '')}\``;
    case 'variation-selectors':
      return h.count >= 2
        ? `${h.count} variation selectors carry hidden bytes \`${showValue(h.decoded ?? '')}\``
        : undefined;
    case 'ansi-escape':
      return `${h.count} terminal escape sequences hide or overwrite text, first \`${showValue(h.decoded ?? '')}\``;
    case 'bidi-control':
      return `${h.count} bidi control characters reorder the text as displayed`;
    case 'zero-width':
      if ((h.inWord ?? 0) > 0) return `${h.count} zero-width characters, ${h.inWord} inside words`;
      return h.count >= zeroWidthLimit ? `${h.count} zero-width characters` : undefined;
  }
}
