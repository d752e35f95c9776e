/**
 * Case-insensitive search for a fixed set of short ASCII literals, by tables instead of a regex.
 *
 * Why not a regex alternation (`/akia|ghp_|...|key/gi`): V8's irregexp tries every alternative at every
 * position, so its cost grows with the number of literals (≈12 µs per KiB for seventy, whatever the text).
 * Here each position costs one character read and one bit test, whatever the number of literals:
 * - `starts`, a bitmap of the literals' first three characters (six bits each, case folded), rules out
 *   almost every position of ordinary text (`to`, `se` and `as` start literals; `tox`, `sel`, `ass` don't);
 * - at the few positions left, `at` looks the first two characters up in `pairs` and compares the literals
 *   filed there in full.
 *
 * It finds exactly what that alternation finds, given what the constructor checks:
 * - literals are lower-case printable ASCII, so folding `A`-`Z` to `a`-`z` is all the case folding there
 *   is (a regex with `i` and without `u` never folds a non-ASCII character onto an ASCII one: `ſ`, `K`
 *   and `ı` match nothing here either);
 * - literals are at least two characters long, so each can be filed under its first two;
 * - no literal is a prefix of another, so at most one matches at a position, and the alternation's
 *   leftmost-first match is the first position where one matches, whatever the order of the alternatives.
 * `starts` only skips positions where no literal can match: every character of a match equals its
 * literal's character up to bit 0x20, and `sixBits` ignores bit 0x20 (it lets through some positions that
 * cannot match, such as non-ASCII characters, which `at` then rejects).
 */
export class LiteralSet {
  /** The literals, lower case; a match is reported as an index into this list. */
  readonly literals: readonly string[];
  /** Bit `gram` for the `sixBits` of each literal's first three characters (any third, if it has two). */
  private readonly starts = new Uint32Array((1 << 18) / 32);
  /** Bucket by the first two characters, lower case (`c0 << 7 | c1`); bucket 0 is empty. */
  private readonly pairs = new Uint16Array(128 * 128);
  /** Literal indexes by bucket. */
  private readonly buckets: number[][] = [[]];

  constructor(literals: readonly string[]) {
    this.literals = literals;
    literals.forEach((lit, id) => {
      if (lit.length < 2 || /[^ -~]/.test(lit) || lit !== lit.toLowerCase())
        throw new Error(
          `literal ${JSON.stringify(lit)} must be lower-case printable ASCII, 2 characters or more`,
        );
      if (literals.indexOf(lit) !== id) throw new Error(`literal ${lit} is listed twice`);
      for (const other of literals)
        if (other !== lit && other.startsWith(lit)) throw new Error(`literal ${lit} is a prefix of ${other}`);
      const pair = (lit.charCodeAt(0) << 7) | lit.charCodeAt(1);
      if (this.pairs[pair] === 0) this.pairs[pair] = this.buckets.push([]) - 1;
      this.buckets[this.pairs[pair]!]!.push(id);
      const two = (sixBits(lit.charCodeAt(0)) << 12) | (sixBits(lit.charCodeAt(1)) << 6);
      for (let c = 0; c < 64; c++) {
        if (lit.length > 2 && c !== sixBits(lit.charCodeAt(2))) continue;
        this.starts[(two | c) >>> 5]! |= 1 << (c & 31);
      }
    });
  }

  /** The literal that starts at `at` in `text` (ASCII case ignored), as an index into `literals`, or -1. */
  at(text: string, at: number): number {
    if (at < 0 || at + 1 >= text.length) return -1;
    const c0 = fold(text.charCodeAt(at));
    const c1 = fold(text.charCodeAt(at + 1));
    if ((c0 | c1) >= 128) return -1;
    const ids = this.buckets[this.pairs[(c0 << 7) | c1]!]!;
    for (let j = 0; j < ids.length; j++) {
      const lit = this.literals[ids[j]!]!;
      if (at + lit.length > text.length) continue;
      let k = 2;
      while (k < lit.length && fold(text.charCodeAt(at + k)) === lit.charCodeAt(k)) k++;
      if (k === lit.length) return ids[j]!;
    }
    return -1;
  }

  /** Where the first literal at or after `from` starts, or -1 (`at` then says which one it is). */
  indexOf(text: string, from: number): number {
    const end = text.length - 2; // the last position with three characters
    let i = Math.max(from, 0);
    if (i < end) {
      // The three characters from position i, six bits each: one new character read per position.
      const starts = this.starts;
      let gram = (sixBits(text.charCodeAt(i)) << 6) | sixBits(text.charCodeAt(i + 1));
      for (; i < end; i++) {
        gram = ((gram << 6) | sixBits(text.charCodeAt(i + 2))) & 0x3ffff;
        if ((starts[gram >>> 5]! & (1 << (gram & 31))) !== 0 && this.at(text, i) !== -1) return i;
      }
    }
    // The two last positions, where only a two-character literal fits.
    for (; i < text.length - 1; i++) if (this.at(text, i) !== -1) return i;
    return -1;
  }
}

/** Bits 0x40 and 0x1f of a code unit: the same for upper and lower case of an ASCII letter. */
function sixBits(c: number): number {
  return ((c & 0x40) >>> 1) | (c & 0x1f);
}

/** ASCII lower case of a UTF-16 code unit; every other code unit is left alone. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

/**
 * Does `s` hold one of the characters of `chars`? One `includes` per character: each is a fast memory scan
 * (and a character `s` cannot hold is ruled out at once), where a character-class regex steps through `s`
 * one position at a time, several times slower on a KiB.
 */
export function includesAny(s: string, chars: string): boolean {
  for (let i = 0; i < chars.length; i++) if (s.includes(chars[i]!)) return true;
  return false;
}
