import { describe, expect, it } from 'vitest';
import { compileGlob, globCovers, globMatch } from './glob.js';

describe('globs', () => {
  it('match names with * and ?, anchored and case-sensitive', () => {
    const cases: [string, string, boolean][] = [
      ['*', '', true],
      ['*', 'anything', true],
      ['read_file', 'read_file', true],
      ['read_file', 'Read_file', false],
      ['read_*', 'read_', true],
      ['read_*', 'read_file', true],
      ['read_*', 'xread_file', false],
      ['*_file', 'read_file', true],
      ['*_file', 'read_file_x', false],
      ['?et_*', 'get_x', true],
      ['?et_*', 'et_x', false],
      ['a*b*c', 'axxbyyc', true],
      ['a*b*c', 'axxbyy', false],
      ['a?c', 'abc', true],
      ['a?c', 'abbc', false],
      ['*a*a*a*a*a*b', 'a'.repeat(5000), false],
    ];
    for (const [pattern, name, want] of cases) {
      expect(compileGlob(pattern)(name), `${pattern} vs ${name}`).toBe(want);
      expect(globMatch(pattern, name), `${pattern} vs ${name}`).toBe(want);
    }
  });

  it('know when one glob covers another', () => {
    expect(globCovers('*', 'x')).toBe(true);
    expect(globCovers('read_*', 'read_file')).toBe(true);
    expect(globCovers('read_*', 'read_f*')).toBe(true);
    expect(globCovers('read_file', 'read_*')).toBe(false);
    expect(globCovers('a?', 'a*')).toBe(false);
    expect(globCovers('a*', 'a?')).toBe(true);
    expect(globCovers('a?', 'a?')).toBe(true);
    expect(globCovers('x', 'y')).toBe(false);
  });
});
