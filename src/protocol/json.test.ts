import { describe, expect, it } from 'vitest';
import { nestedDeeperThan, stringifyJson } from './json.js';

describe('stringifyJson', () => {
  it('matches JSON.stringify on ordinary values', () => {
    const values = [
      null,
      1,
      'a"b',
      [1, undefined, 'x'],
      { a: 1, b: undefined, c: [{}], d: 'é\ud800' },
      JSON.parse('{"__proto__":{"x":1}}'),
    ];
    for (const v of values) expect(stringifyJson(v)).toBe(JSON.stringify(v));
  });

  it('serializes values nested 50,000 deep without overflowing', () => {
    let v: unknown = 'x';
    for (let i = 0; i < 50_000; i++) v = { a: [v] };
    const s = stringifyJson(v);
    expect(s.startsWith('{"a":[{"a":[')).toBe(true);
    expect(s.length).toBe(50_000 * '{"a":[]}'.length + 3);
    expect(JSON.parse(s)).toBeTypeOf('object');
  });
});

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestedDeeperThan('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(nestedDeeperThan('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(nestedDeeperThan('{"a":"[[[[[[{{{{"}', 1)).toBe(false);
    expect(nestedDeeperThan('{"a":"x\\\\"}', 1)).toBe(false);
    expect(nestedDeeperThan('{"a":"\\"[[[[","b":[[1]]}', 2)).toBe(true);
    expect(nestedDeeperThan(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 512)).toBe(true);
  });
});
