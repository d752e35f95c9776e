export { compileGlob, globMatch, type NameMatcher } from '../detectors/lib/glob.js';

/**
 * Does glob `a` match every name that glob `b` matches? Sound but not complete: used for warnings about
 * shadowed rules, where a missed warning is acceptable and a false one is not. `b`'s `*` is only covered by
 * a `*` of `a`; `b`'s `?` by a `?` or `*` of `a`.
 */
export function globCovers(a: string, b: string): boolean {
  if (a === '*') return true;
  // Dynamic programming over (i in a, j in b); patterns are short.
  const n = a.length;
  const m = b.length;
  let prev = new Array<boolean>(m + 1).fill(false);
  prev[0] = true;
  for (let i = 1; i <= n; i++) {
    const cur = new Array<boolean>(m + 1).fill(false);
    const ac = a[i - 1];
    if (ac === '*') cur[0] = prev[0]!;
    for (let j = 1; j <= m; j++) {
      const bc = b[j - 1];
      if (ac === '*') cur[j] = prev[j]! || cur[j - 1]!;
      else if (ac === '?') cur[j] = bc !== '*' && prev[j - 1]!;
      else cur[j] = bc !== '*' && bc !== '?' && ac === bc && prev[j - 1]!;
    }
    prev = cur;
  }
  return prev[m]!;
}
