import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathTraversal } from '../../src/detectors/path-traversal.js';
import { sensitivePaths } from '../../src/detectors/sensitive-paths.js';
import type { DetectorInput, DetectorRun } from '../../src/detectors/types.js';
import { ROOT } from '../support/source.js';

/**
 * Recall of the path detectors on the public PayloadsAllTheThings traversal lists, and their false
 * positives on our own benign path arguments. See README.md in this folder.
 */
const CORPUS = join(ROOT, '../shared/corpora/payloads-all-the-things');
const LISTS = [
  'deep-traversal.txt',
  'directory-traversal.txt',
  'dotdotpwn.txt',
  'traversals-exotic-encoding.txt',
];

/**
 * Recall of path_traversal alone when `{FILE}` is a harmless file, as measured; floors set just under.
 * What it misses there does not climb (`./\/./docs/notes.txt`, `AAAA…/../docs/notes.txt`) or carries no
 * `{FILE}` and targets a well-known file without any traversal (`C:\boot.ini`, `.htaccess`).
 */
const TRAVERSAL_ALONE_FLOOR: Record<string, number> = {
  'deep-traversal.txt': 0.97,
  'directory-traversal.txt': 0.85,
  'dotdotpwn.txt': 0.999,
  'traversals-exotic-encoding.txt': 0.97,
};

const create = (d: typeof pathTraversal | typeof sensitivePaths): DetectorRun =>
  d.create(d.options.parse({}));
const traversal = create(pathTraversal);
const sensitive = create(sensitivePaths);

const readFile = (path: string): DetectorInput => ({
  phase: 'request',
  method: 'tools/call',
  server: 'filesystem',
  tool: 'read_file',
  params: { name: 'read_file', arguments: { path } },
});

const flagged = (run: DetectorRun, path: string) => run(readFile(path)).findings.length > 0;

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
}

function report(label: string, hits: number, total: number): number {
  const rate = hits / total;
  console.log(`${label}: ${hits}/${total} (${(rate * 100).toFixed(2)}%)`);
  return rate;
}

const present = existsSync(CORPUS);
if (!present && process.env.CI) throw new Error(`traversal corpus missing at ${CORPUS}`);

describe.skipIf(!present)('traversal corpus recall', () => {
  for (const list of LISTS) {
    it(`path_traversal or sensitive_paths catch >= 99% of ${list}`, () => {
      const payloads = lines(join(CORPUS, list)).map((p) => p.replaceAll('{FILE}', 'etc/passwd'));
      const hits = payloads.filter((p) => flagged(traversal, p) || flagged(sensitive, p)).length;
      expect(report(`traversal recall ${list}`, hits, payloads.length)).toBeGreaterThanOrEqual(0.99);
    });

    it(`path_traversal alone on ${list} with a harmless {FILE}`, () => {
      const payloads = lines(join(CORPUS, list)).map((p) => p.replaceAll('{FILE}', 'docs/notes.txt'));
      const hits = payloads.filter((p) => flagged(traversal, p)).length;
      const rate = report(`path_traversal alone ${list} ({FILE}=docs/notes.txt)`, hits, payloads.length);
      expect(rate).toBeGreaterThanOrEqual(TRAVERSAL_ALONE_FLOOR[list]!);
    });
  }
});

describe('benign path arguments', () => {
  const benign = lines(join(ROOT, 'test/corpus/benign-paths.txt')).filter((l) => !l.startsWith('#'));

  it('are at least 300 realistic paths', () => {
    expect(benign.length).toBeGreaterThanOrEqual(300);
  });

  for (const [name, run] of [
    ['path_traversal', traversal],
    ['sensitive_paths', sensitive],
  ] as const) {
    it(`${name} flags none of them (<= 1%, aiming for 0)`, () => {
      const flaggedPaths = benign.filter((p) => flagged(run, p));
      const rate = report(`${name} false positives on benign-paths.txt`, flaggedPaths.length, benign.length);
      if (flaggedPaths.length > 0) console.log(flaggedPaths.join('\n'));
      expect(rate).toBeLessThanOrEqual(0.01);
    });
  }
});
