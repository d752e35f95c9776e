import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../src/scanner/checks/index.js';
import { findingPage, findingsIndex } from '../../src/scanner/reference.js';
import { ROOT } from '../support/source.js';

const dir = join(ROOT, 'docs/findings');

/** Every finding id has its page, generated from the check's metadata and current (run `npm run docs`). */
describe('docs/findings', () => {
  it.each(Object.keys(checks))('%s.md is current', (id) => {
    expect(readFileSync(join(dir, `${id}.md`), 'utf8')).toBe(findingPage(checks[id]!));
  });

  it('has an index, and no page for an id that does not exist', () => {
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(findingsIndex(Object.values(checks)));
    const pages = readdirSync(dir)
      .filter((f) => f !== 'README.md')
      .map((f) => f.replace(/\.md$/, ''));
    expect(pages.sort()).toEqual(Object.keys(checks).sort());
  });
});
