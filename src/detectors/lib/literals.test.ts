import { describe, expect, it } from 'vitest';
import { LiteralSet } from './literals.js';

describe('LiteralSet', () => {
  const set = new LiteralSet(['ghp_', 'q~', 'key', '://', 'sk-', 'sk_live_']);
  const find = (text: string, from = 0) => {
    const at = set.indexOf(text, from);
    return at === -1 ? null : [at, set.literals[set.at(text, at)]];
  };

  it('finds the leftmost literal, ASCII case ignored', () => {
    expect(find('a GHP_x and a key')).toEqual([2, 'ghp_']);
    expect(find('a GHP_x and a KeY', 3)).toEqual([14, 'key']);
    expect(find('https://x')).toEqual([5, '://']);
    expect(find('SK_LIVE_1 sk-2')).toEqual([0, 'sk_live_']);
    expect(find('sk_live sk-2')).toEqual([8, 'sk-']);
    expect(find('no literal here')).toBeNull();
  });

  it('finds two-character literals up to the last position', () => {
    expect(find('q~')).toEqual([0, 'q~']);
    expect(find('abcQ~')).toEqual([3, 'q~']);
    expect(find('abcq')).toBeNull();
    expect(find('ke')).toBeNull();
    expect(find('')).toBeNull();
    expect(find('q~', 1)).toBeNull();
    expect(find('xq~', -5)).toEqual([1, 'q~']);
  });

  it('folds ASCII letters only, like a regex with `i` and without `u`', () => {
    expect(find('\u212aey')).toBeNull(); // Kelvin sign
    expect(find('\u017fk-')).toBeNull(); // long s
    expect(find('k\u0130y')).toBeNull();
    expect(find('\u0161k-')).toBeNull(); // š: its low bits are those of `a`
    expect(find('\u00e9key')).toEqual([1, 'key']);
  });

  it('does not mistake punctuation that differs by bit 0x20 for a literal', () => {
    expect(find('ghp\x7f')).toBeNull(); // DEL is `_` with bit 0x20 set
    expect(find(':\x0f/')).toBeNull();
    expect(set.at('q^', 0)).toBe(-1); // `^` is `~` without bit 0x20
  });

  it('rejects literal lists it could not search exactly', () => {
    expect(() => new LiteralSet(['key', 'keys'])).toThrow(/prefix/);
    expect(() => new LiteralSet(['Key'])).toThrow(/lower-case/);
    expect(() => new LiteralSet(['k'])).toThrow(/2 characters/);
    expect(() => new LiteralSet(['clé'])).toThrow(/ASCII/);
    expect(() => new LiteralSet(['key', 'key'])).toThrow(/twice/);
  });
});
