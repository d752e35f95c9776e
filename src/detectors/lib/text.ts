/**
 * Text as a detector should read it, never as it is shown: one pass strips and counts what a reader cannot
 * see, one folds what looks alike.
 *
 * `analyzeText(s)` returns
 * - `folded`: `s` without invisible characters (zero-width, bidi controls, Unicode tags, variation
 *   selectors, soft hyphens, C0/C1 controls) and without terminal escape sequences; then NFKC (full-width
 *   and mathematical letters become ASCII), lowercased, Latin diacritics and Latin-script lookalikes folded
 *   (`ïgnörë`, `ɡ`, small capitals, curly quotes), lookalike letters of other scripts folded inside words
 *   that mix them with Latin (`іgnоrе` with Cyrillic і, о, е), and whitespace collapsed (a run holding a line
 *   break becomes `\n`, any other run one space). For matching only: offsets do not map back to `s`.
 * - `hidden`: what was hidden, by kind, counting only uses that natural text does not make (an emoji ZWJ
 *   sequence, a flag's tag sequence, one variation selector after a base character, colour escapes and
 *   bidi isolates in Arabic or Hebrew text are not counted). Tags and variation-selector runs come back
 *   `decoded`, so that the hidden text can be scanned as well ("ASCII smuggling").
 * - `mixedScriptWords`: words of 3+ letters mixing Latin with lookalike letters of another script, or made
 *   only of lookalikes between Latin words (`ѕсоре`); a whole Russian or Greek word is not one.
 *
 * Plain ASCII text takes a fast path (lowercase and whitespace only).
 */

export type HiddenKind =
  'hidden-tags' | 'variation-selectors' | 'ansi-escape' | 'bidi-control' | 'zero-width';

export type Hidden = {
  kind: HiddenKind;
  /** Characters (sequences, for `ansi-escape`) used where natural text does not use them. */
  count: number;
  /** `zero-width` only: how many sit between two Latin letters (`ig\u200bnore`). */
  inWord?: number;
  /** Hidden text: the ASCII of tag characters, the UTF-8 of variation-selector bytes (capped at 64 KiB);
   * for `ansi-escape`, the first sequence. */
  decoded?: string;
};

export type TextAnalysis = { folded: string; hidden: Hidden[]; mixedScriptWords: string[] };

/** At most this many mixed-script words are listed. */
export const MAX_MIXED_WORDS = 16;
const MAX_DECODED = 64 * 1024;

const NOT_PLAIN = /[^\t\n\r\x20-\x7e]/;

export function analyzeText(s: string): TextAnalysis {
  if (!NOT_PLAIN.test(s))
    return { folded: collapseWhitespace(s.toLowerCase()), hidden: [], mixedScriptWords: [] };
  const { text, hidden } = stripHidden(s);
  const { folded, mixed } = foldWords(text.normalize('NFKC').toLowerCase());
  return { folded, hidden, mixedScriptWords: mixed };
}

/** Whitespace that `collapseWhitespace` changes: a tab, CR, VT or FF, or a run of two. */
const COLLAPSIBLE = /[\t\r\v\f]|[ \n][ \n]/;

/** Runs of ASCII whitespace become one space, or `\n` when they hold a line break. */
export function collapseWhitespace(s: string): string {
  if (!COLLAPSIBLE.test(s)) return s;
  const out = new Builder(s);
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c !== 32 && (c < 9 || c > 13)) {
      i++;
      continue;
    }
    let j = i;
    let newline = false;
    for (; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 10 || d === 13 || d === 11 || d === 12) newline = true;
      else if (d !== 32 && d !== 9) break;
    }
    out.collapse(i, j, newline);
    i = j;
  }
  return out.done();
}

/** Builds a string from `src` with some ranges replaced, copying untouched stretches in one slice each. */
class Builder {
  private readonly parts: string[] = [];
  private last = 0;
  constructor(private readonly src: string) {}

  replace(start: number, end: number, text: string): number {
    this.parts.push(this.src.slice(this.last, start), text);
    this.last = end;
    return this.parts.length - 1;
  }

  /** A whitespace run [start, end): kept when it already is one space or one `\n`. */
  collapse(start: number, end: number, newline: boolean): void {
    const want = newline ? '\n' : ' ';
    if (end - start !== 1 || this.src[start] !== want) this.replace(start, end, want);
  }

  /** Replace an earlier replacement (by the index `replace` returned). */
  set(index: number, text: string): void {
    this.parts[index] = text;
  }

  done(): string {
    if (this.parts.length === 0) return this.src;
    this.parts.push(this.src.slice(this.last));
    return this.parts.join('');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Pass 1: invisible characters and terminal escapes

const H_VISIBLE = 0;
const H_ZERO_WIDTH = 1;
const H_BIDI_MARK = 2; // LRM, RLM, ALM: natural at direction changes, odd inside a Latin word
const H_BIDI = 3; // embeddings, overrides, isolates
const H_SELECTOR = 4; // U+FE00-FE0F
const H_CONTROL = 5; // C0 (except tab, line feed, carriage return, escape), DEL, C1
const H_ESC = 6;
const H_SOFT_HYPHEN = 7;
const H_PLANE14 = 8; // high surrogate of U+E0000-E01EF: tags and supplementary variation selectors

const HIDDEN = (() => {
  const t = new Uint8Array(0x10000);
  const set = (from: number, to: number, v: number) => t.fill(v, from, to + 1);
  set(0x00, 0x08, H_CONTROL);
  set(0x0e, 0x1a, H_CONTROL);
  set(0x1c, 0x1f, H_CONTROL);
  set(0x7f, 0x9f, H_CONTROL);
  t[0x0b] = t[0x0c] = H_VISIBLE; // vertical tab and form feed are whitespace
  t[0x1b] = H_ESC;
  t[0xad] = H_SOFT_HYPHEN;
  for (const c of [0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x3164, 0xfeff, 0xffa0])
    t[c] = H_ZERO_WIDTH;
  set(0x200b, 0x200d, H_ZERO_WIDTH);
  set(0x2060, 0x2065, H_ZERO_WIDTH);
  set(0xfff9, 0xfffb, H_ZERO_WIDTH); // interlinear annotation marks hide their annotation
  t[0x200e] = t[0x200f] = t[0x061c] = H_BIDI_MARK;
  set(0x202a, 0x202e, H_BIDI);
  set(0x2066, 0x2069, H_BIDI);
  set(0xfe00, 0xfe0f, H_SELECTOR);
  t[0xdb40] = H_PLANE14;
  return t;
})();

const isTagLow = (c: number) => c >= 0xdc00 && c <= 0xdc7f; // U+E0000-E007F
const isSelectorLow = (c: number) => c >= 0xdd00 && c <= 0xddef; // U+E0100-E01EF

/** Counts of one text's hidden characters. */
class HiddenStats {
  tags = 0;
  /** Decoded hidden text, capped at MAX_DECODED bytes. */
  tagText: number[] = [];
  selectors = 0;
  selectorBytes: number[] = [];
  ansi = 0;
  ansiSample = '';
  overrides = 0;
  embeddings = 0;
  zeroWidth = 0;
  inWord = 0;

  result(s: string): Hidden[] {
    const out: Hidden[] = [];
    if (this.tags > 0) out.push({ kind: 'hidden-tags', count: this.tags, decoded: utf8(this.tagText) });
    if (this.selectors > 0)
      out.push({ kind: 'variation-selectors', count: this.selectors, decoded: utf8(this.selectorBytes) });
    if (this.ansi > 0) out.push({ kind: 'ansi-escape', count: this.ansi, decoded: this.ansiSample });
    // Embeddings and isolates have a use in right-to-left text; in text without any, they only reorder.
    const bidi = this.overrides + (this.embeddings > 0 && !RTL.test(s) ? this.embeddings : 0);
    if (bidi > 0) out.push({ kind: 'bidi-control', count: bidi });
    if (this.zeroWidth > 0) out.push({ kind: 'zero-width', count: this.zeroWidth, inWord: this.inWord });
    return out;
  }
}

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

const utf8 = (bytes: number[]) => new TextDecoder('utf-8').decode(Uint8Array.from(bytes));

function stripHidden(s: string): { text: string; hidden: Hidden[] } {
  const stats = new HiddenStats();
  const out = new Builder(s);
  for (let i = 0; i < s.length;) {
    const h = HIDDEN[s.charCodeAt(i)]!;
    if (h === H_VISIBLE || (h === H_PLANE14 && !isPlane14Hidden(s, i))) {
      i++;
    } else if (h === H_ESC) {
      const end = escapeEnd(s, i, stats);
      out.replace(i, end, '');
      i = end;
    } else {
      const end = runEnd(s, i);
      countRun(s, i, end, stats);
      out.replace(i, end, '');
      i = end;
    }
  }
  return { text: out.done(), hidden: stats.result(s) };
}

function isPlane14Hidden(s: string, i: number): boolean {
  const low = s.charCodeAt(i + 1);
  return isTagLow(low) || isSelectorLow(low);
}

/** End of a run of invisible characters (escape sequences excluded) starting at `i`. */
function runEnd(s: string, i: number): number {
  while (i < s.length) {
    const h = HIDDEN[s.charCodeAt(i)]!;
    if (h === H_PLANE14 && isPlane14Hidden(s, i)) i += 2;
    else if (h !== H_VISIBLE && h !== H_ESC && h !== H_PLANE14) i++;
    else break;
  }
  return i;
}

function countRun(s: string, start: number, end: number, stats: HiddenStats): void {
  const prev = codePointBefore(s, start);
  const next = end < s.length ? s.codePointAt(end)! : -1;
  const inLatinWord = isLatinLetter(prev) && isLatinLetter(next);
  let selectorRun = 0;
  let selectorStart = start;
  for (let i = start; i < end;) {
    const c = s.charCodeAt(i);
    const h = HIDDEN[c]!;
    const wide = h === H_PLANE14;
    const low = wide ? s.charCodeAt(i + 1) : 0;
    if (h === H_SELECTOR || (wide && isSelectorLow(low))) {
      if (selectorRun++ === 0) selectorStart = i;
    } else {
      flushSelectors(s, selectorStart, selectorRun, prev, stats);
      selectorRun = 0;
      if (wide) {
        i = countTags(s, i, end, prev, stats);
        continue;
      }
      if (h === H_ZERO_WIDTH && !naturalZeroWidth(c, prev, next, start)) {
        stats.zeroWidth++;
        if (inLatinWord) stats.inWord++;
      } else if (h === H_BIDI_MARK && inLatinWord) {
        stats.zeroWidth++;
        stats.inWord++;
      } else if (h === H_BIDI) {
        if (c === 0x202d || c === 0x202e) stats.overrides++;
        else stats.embeddings++;
      }
    }
    i += wide ? 2 : 1;
  }
  flushSelectors(s, selectorStart, selectorRun, prev, stats);
}

/**
 * A variation selector after a base character is natural (emoji presentation, CJK variants). Two or more in
 * a row, or one after an ASCII letter, carry data: each selector is one byte (Paul Butler's "emoji
 * smuggling": U+FE00-FE0F are 0-15, U+E0100-E01EF are 16-255).
 */
function flushSelectors(s: string, start: number, run: number, prev: number, stats: HiddenStats): void {
  if (run === 0 || (run === 1 && !isAsciiLetter(prev))) return;
  stats.selectors += run;
  for (let i = start, k = 0; k < run; k++) {
    const c = s.charCodeAt(i);
    const byte = c === 0xdb40 ? s.charCodeAt(i + 1) - 0xdd00 + 16 : c - 0xfe00;
    if (stats.selectorBytes.length < MAX_DECODED) stats.selectorBytes.push(byte);
    i += c === 0xdb40 ? 2 : 1;
  }
}

/**
 * A run of tag characters from `i`; returns where it ends. Tags after U+1F3F4 (black flag) spelling a
 * subdivision code and ending with CANCEL TAG are a flag (England, Scotland, Wales); others hide ASCII.
 */
function countTags(s: string, i: number, end: number, prev: number, stats: HiddenStats): number {
  const start = i;
  let text = '';
  let cancelled = false;
  while (i < end && s.charCodeAt(i) === 0xdb40 && isTagLow(s.charCodeAt(i + 1))) {
    const ascii = s.charCodeAt(i + 1) - 0xdc00;
    i += 2;
    if (ascii === 0x7f) {
      cancelled = true;
      break;
    }
    if (text.length < 16) text += String.fromCharCode(ascii);
  }
  const flag =
    prev === 0x1f3f4 && cancelled && start === i - 2 * (text.length + 1) && /^[a-z0-9]{2,7}$/.test(text);
  if (!flag) {
    for (let k = start; k < i; k += 2) {
      const ascii = s.charCodeAt(k + 1) - 0xdc00;
      stats.tags++;
      if (ascii >= 0x20 && ascii < 0x7f && stats.tagText.length < MAX_DECODED) stats.tagText.push(ascii);
    }
  }
  return i;
}

/** Uses of zero-width characters that natural text makes. */
function naturalZeroWidth(c: number, prev: number, next: number, at: number): boolean {
  if (c === 0xfeff) return at === 0; // byte order mark
  if (c === 0x200d) return (isEmoji(prev) && isEmoji(next)) || isJoiningScript(prev) || isJoiningScript(next);
  if (c === 0x200c) return isJoiningScript(prev) || isJoiningScript(next);
  if (c === 0x200b) return isUnspacedScript(prev) || isUnspacedScript(next); // a line-break hint in Thai, CJK
  if (c === 0x180e) return isJoiningScript(prev) || isJoiningScript(next); // Mongolian vowel separator
  return false;
}

const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isLatinLetter = (c: number) =>
  isAsciiLetter(c) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
const isEmoji = (c: number) =>
  (c >= 0x1f000 && c <= 0x1faff) ||
  (c >= 0x2300 && c <= 0x23ff) ||
  (c >= 0x2600 && c <= 0x27bf) ||
  (c >= 0x2b00 && c <= 0x2bff);
/** Arabic, Syriac, N'Ko, Indic, Sinhala, Thai, Tibetan, Myanmar, Khmer, Mongolian: ZWJ and ZWNJ shape them. */
const isJoiningScript = (c: number) =>
  (c >= 0x0600 && c <= 0x08ff) ||
  (c >= 0x0900 && c <= 0x0fff) ||
  (c >= 0x1000 && c <= 0x109f) ||
  (c >= 0x1780 && c <= 0x18af) ||
  (c >= 0xfb50 && c <= 0xfefc);
const isUnspacedScript = (c: number) =>
  (c >= 0x0e00 && c <= 0x0fff) ||
  (c >= 0x1000 && c <= 0x109f) ||
  (c >= 0x1780 && c <= 0x17ff) ||
  (c >= 0x2e80 && c <= 0x9fff) ||
  (c >= 0xac00 && c <= 0xd7af) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0x20000 && c <= 0x3ffff);

function codePointBefore(s: string, i: number): number {
  if (i === 0) return -1;
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return (hi - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
  }
  return c;
}

/**
 * One escape sequence from `i` (an ESC); returns its end. Colours, bold and the like are what command output
 * shows and are not counted; concealed text (SGR 8), cursor movement and erasing (which overwrite what a
 * terminal shows), OSC strings (hyperlinks whose text lies about their target, clipboard writes, titles)
 * and device-control strings are.
 */
function escapeEnd(s: string, i: number, stats: HiddenStats): number {
  const n = s.length;
  const kind = s.charCodeAt(i + 1);
  let end: number;
  let hides: boolean;
  if (kind === 0x5b) {
    // CSI: parameters 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E
    let j = i + 2;
    while (j < n && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x3f) j++;
    const params = s.slice(i + 2, j);
    while (j < n && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
    const final = j < n ? s.charCodeAt(j) : -1;
    end = final >= 0x40 && final <= 0x7e ? j + 1 : j;
    hides = final === 0x6d ? concealsText(params) : final !== 0x68 && final !== 0x6c; // m; h/l set modes
  } else if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
    // OSC, DCS, SOS, PM, APC: a string up to BEL or ST (ESC \)
    let j = i + 2;
    while (j < n && s.charCodeAt(j) !== 0x07 && s.charCodeAt(j) !== 0x1b) j++;
    end = j < n && s.charCodeAt(j) === 0x07 ? j + 1 : j < n && s.charCodeAt(j + 1) === 0x5c ? j + 2 : j;
    hides = true;
  } else if (kind >= 0x20 && kind <= 0x2f) {
    // nF: character-set designations and the like
    let j = i + 1;
    while (j < n && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
    end = j < n && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x7e ? j + 1 : j;
    hides = false;
  } else if (kind >= 0x30 && kind <= 0x7e) {
    end = i + 2; // ESC 7 / ESC 8 save and restore the cursor, ESC c resets; ESC = / ESC > are keypad modes
    hides = kind !== 0x3d && kind !== 0x3e;
  } else {
    return i + 1; // a lone ESC
  }
  if (hides) {
    if (stats.ansi === 0) stats.ansiSample = s.slice(i, Math.min(end, i + 24));
    stats.ansi++;
  }
  return end;
}

/** Does an SGR parameter list turn on concealed text (8)? Colour arguments (`38;5;8`) are skipped. */
function concealsText(params: string): boolean {
  const p = params.split(';');
  for (let k = 0; k < p.length; k++) {
    const v = p[k] === '' ? 0 : Number(p[k]);
    if (v === 8) return true;
    if (v === 38 || v === 48 || v === 58) k += p[k + 1] === '5' ? 2 : p[k + 1] === '2' ? 4 : 0;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Pass 3: lookalikes, diacritics, whitespace (on NFKC-normalised, lowercased text)

const W_BREAK = 0;
const W_LATIN = 1; // a-z, 0-9, _
const W_SPACE = 2;
const W_NEWLINE = 3;
const W_MARK = 4; // combining mark
const W_SCRIPT = 5; // a letter of Cyrillic, Greek, Armenian, Cherokee, Lisu or Coptic without a Latin lookalike
const W_LOOKALIKE = 6; // a letter of those scripts that looks like a Latin letter
const W_LATIN_FOLD = 7; // a Latin letter folded always (diacritics, small capitals, dotless i...)
const W_PUNCT_FOLD = 8; // typographic punctuation folded always (curly quotes, dashes)

/** Lookalikes of Latin letters in other scripts, folded only inside words that mix them with Latin. */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  ь: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  ԍ: 'g',
  һ: 'h',
  н: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  п: 'n',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  г: 'r',
  ѕ: 's',
  т: 't',
  у: 'y',
  ү: 'y',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  // Greek (no μ: `10μs` is not an attack)
  α: 'a',
  β: 'b',
  ϲ: 'c',
  ε: 'e',
  η: 'n',
  ι: 'i',
  ϳ: 'j',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ζ: 'z',
  ω: 'w',
  // Armenian
  ա: 'w',
  հ: 'h',
  լ: 'l',
  ո: 'n',
  օ: 'o',
  զ: 'q',
  ս: 'u',
  ց: 'g',
  Ս: 'u',
  Օ: 'o',
  // Cherokee (capitals; their lowercase forms are added below)
  Ꭺ: 'a',
  Ᏼ: 'b',
  Ꮯ: 'c',
  Ꭰ: 'd',
  Ꭼ: 'e',
  Ꮐ: 'g',
  Ꮋ: 'h',
  Ꭵ: 'i',
  Ꭻ: 'j',
  Ꮶ: 'k',
  Ꮮ: 'l',
  Ꮇ: 'm',
  Ꮲ: 'p',
  Ꭱ: 'r',
  Ꮪ: 's',
  Ꭲ: 't',
  Ꮩ: 'v',
  Ꮃ: 'w',
  Ꭹ: 'y',
  Ꮓ: 'z',
  // Lisu
  ꓮ: 'a',
  ꓐ: 'b',
  ꓚ: 'c',
  ꓓ: 'd',
  ꓰ: 'e',
  ꓝ: 'f',
  ꓖ: 'g',
  ꓧ: 'h',
  ꓲ: 'i',
  ꓙ: 'j',
  ꓗ: 'k',
  ꓡ: 'l',
  ꓟ: 'm',
  ꓠ: 'n',
  ꓳ: 'o',
  ꓑ: 'p',
  ꓣ: 'r',
  ꓢ: 's',
  ꓔ: 't',
  ꓴ: 'u',
  ꓦ: 'v',
  ꓪ: 'w',
  ꓫ: 'x',
  ꓬ: 'y',
  ꓜ: 'z',
  // Coptic
  ⲁ: 'a',
  ⲅ: 'r',
  ⲉ: 'e',
  ⲓ: 'i',
  ⲕ: 'k',
  ⲟ: 'o',
  ⲣ: 'p',
  ⲥ: 'c',
  ⲭ: 'x',
};

/** Latin-script lookalikes and typography, folded everywhere (NFKC leaves them alone). */
const ALWAYS: Record<string, string> = {
  ı: 'i',
  ȷ: 'j',
  ɑ: 'a',
  ɡ: 'g',
  ɩ: 'i',
  ɪ: 'i',
  ʟ: 'l',
  ɴ: 'n',
  ʀ: 'r',
  ꜱ: 's',
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ɢ: 'g',
  ʜ: 'h',
  ᴊ: 'j',
  ᴋ: 'k',
  ᴍ: 'm',
  ᴏ: 'o',
  ᴘ: 'p',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
  ƅ: 'b',
  ɵ: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ł: 'l',
  ŀ: 'l',
  ƒ: 'f',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u2032': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2044': '/',
  '\u2215': '/',
  '\u29f8': '/',
  '\u2216': '\\',
};

const FOLD = new Map<number, string>();
const WORD = (() => {
  const t = new Uint8Array(0x10000);
  const set = (from: number, to: number, v: number) => t.fill(v, from, to + 1);
  set(0x61, 0x7a, W_LATIN);
  set(0x30, 0x39, W_LATIN);
  t[0x5f] = W_LATIN;
  t[0x20] = t[0x09] = W_SPACE;
  for (const c of [0xa0, 0x1680, 0x202f, 0x205f, 0x3000]) t[c] = W_SPACE;
  set(0x2000, 0x200a, W_SPACE);
  for (const c of [0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]) t[c] = W_NEWLINE;
  for (const [from, to] of [
    [0x0300, 0x036f],
    [0x1ab0, 0x1aff],
    [0x1dc0, 0x1dff],
    [0x20d0, 0x20ff],
    [0xfe20, 0xfe2f],
  ])
    set(from!, to!, W_MARK);
  for (const [from, to] of [
    [0x0370, 0x03ff],
    [0x0400, 0x052f],
    [0x0530, 0x058f],
    [0x13a0, 0x13ff],
    [0x1c80, 0x1c8f],
    [0x1f00, 0x1fff],
    [0x2c80, 0x2cff],
    [0x2de0, 0x2dff],
    [0xa640, 0xa69f],
    [0xa4d0, 0xa4ff],
    [0xab70, 0xabbf],
  ])
    set(from!, to!, W_SCRIPT);
  // Latin letters with diacritics fold to their base letter (é -> e); a few have no decomposition (see ALWAYS).
  for (const [from, to] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ]) {
    for (let c = from!; c <= to!; c++) {
      const base = String.fromCharCode(c).normalize('NFD').charAt(0).toLowerCase();
      if (base >= 'a' && base <= 'z') {
        t[c] = W_LATIN_FOLD;
        FOLD.set(c, base);
      }
    }
  }
  for (const [ch, to] of Object.entries(LOOKALIKES)) {
    for (const form of new Set([ch, ch.toLowerCase()])) {
      t[form.charCodeAt(0)] = W_LOOKALIKE;
      FOLD.set(form.charCodeAt(0), to);
    }
  }
  for (const [ch, to] of Object.entries(ALWAYS)) {
    t[ch.charCodeAt(0)] = /[a-z]/.test(to) ? W_LATIN_FOLD : W_PUNCT_FOLD;
    FOLD.set(ch.charCodeAt(0), to);
  }
  return t;
})();

const NEUTRAL_PENDING_MAX = 64;

/** The word being read, and what its letters are. */
type WordState = { start: number; latin: number; lookalike: number; script: number; fold: boolean };

/**
 * Folds lookalikes and collapses whitespace. A word of only lookalike letters (`ѕсоре`) is "neutral": it is
 * folded when Latin words surround it and no word of another script does, which needs the next word, so
 * such words wait in `pending`.
 */
function foldWords(t: string): { folded: string; mixed: string[] } {
  const out = new Builder(t);
  const mixed: string[] = [];
  let pending: { start: number; end: number; at: number }[] = [];
  // Assigned inside `endWord` too: declared wide so that control flow does not narrow them.
  let prevKind = 'none' as 'none' | 'latin' | 'script';
  let w = null as WordState | null;

  const endWord = (end: number) => {
    const word = w!;
    w = null;
    const letters = word.latin + word.lookalike + word.script;
    if (word.latin > 0 && word.lookalike > 0 && word.script === 0 && letters >= 3) {
      noteMixed(mixed, t.slice(word.start, end));
      out.replace(word.start, end, foldWord(t, word.start, end, true));
    } else if (word.latin === 0 && word.script === 0 && word.lookalike >= 3) {
      if (pending.length < NEUTRAL_PENDING_MAX)
        pending.push({ start: word.start, end, at: out.replace(word.start, end, t.slice(word.start, end)) });
      return;
    } else if (word.fold) {
      out.replace(word.start, end, foldWord(t, word.start, end, false));
    }
    const kind =
      word.script > 0 || (word.latin === 0 && word.lookalike > 0)
        ? 'script'
        : word.latin > 0
          ? 'latin'
          : prevKind;
    if (pending.length > 0) {
      if (kind === 'latin' && prevKind !== 'script') foldPending(out, t, pending, mixed);
      pending = [];
    }
    prevKind = kind;
  };

  for (let i = 0; i < t.length;) {
    const c = t.charCodeAt(i);
    const k = WORD[c]!;
    if (k === W_SPACE || k === W_NEWLINE) {
      if (w) endWord(i);
      let j = i;
      let newline = false;
      for (; j < t.length; j++) {
        const kj = WORD[t.charCodeAt(j)]!;
        if (kj === W_NEWLINE) newline = true;
        else if (kj !== W_SPACE) break;
      }
      out.collapse(i, j, newline);
      i = j;
      continue;
    }
    if (k === W_BREAK || k === W_PUNCT_FOLD) {
      if (w) endWord(i);
      if (k === W_PUNCT_FOLD) out.replace(i, i + 1, FOLD.get(c)!);
      i++;
      continue;
    }
    w ??= { start: i, latin: 0, lookalike: 0, script: 0, fold: false };
    if (k === W_LATIN) w.latin++;
    else if (k === W_LATIN_FOLD) {
      w.latin++;
      w.fold = true;
    } else if (k === W_LOOKALIKE) w.lookalike++;
    else if (k === W_SCRIPT) w.script++;
    else if (k === W_MARK && w.latin > 0) w.fold = true; // diacritics and Zalgo on Latin letters
    i++;
  }
  if (w) endWord(t.length);
  if (pending.length > 0 && prevKind === 'latin') foldPending(out, t, pending, mixed);
  return { folded: out.done(), mixed };
}

function foldPending(
  out: Builder,
  t: string,
  pending: { start: number; end: number; at: number }[],
  mixed: string[],
) {
  for (const p of pending) {
    noteMixed(mixed, t.slice(p.start, p.end));
    out.set(p.at, foldWord(t, p.start, p.end, true));
  }
}

function noteMixed(mixed: string[], word: string): void {
  if (mixed.length < MAX_MIXED_WORDS) mixed.push(word);
}

/** Fold one word: Latin diacritics and marks always, other scripts' lookalikes when `lookalikes`. */
function foldWord(t: string, start: number, end: number, lookalikes: boolean): string {
  let s = '';
  let afterLatin = false;
  for (let i = start; i < end; i++) {
    const c = t.charCodeAt(i);
    const k = WORD[c]!;
    if (k === W_MARK && afterLatin) continue;
    const folded = k === W_LATIN_FOLD || (k === W_LOOKALIKE && lookalikes) ? FOLD.get(c)! : t[i]!;
    s += folded;
    afterLatin = k === W_LATIN || k === W_LATIN_FOLD || (k === W_LOOKALIKE && lookalikes);
  }
  return s;
}
