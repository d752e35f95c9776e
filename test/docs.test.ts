import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors } from '../src/detectors/index.js';
import { detectorsReferenceMarkdown } from '../src/detectors/reference.js';
import { policyReferenceMarkdown } from '../src/policy/reference.js';
import { policyJsonSchema } from '../src/policy/schema.js';
import { caseTables } from './support/case-tables.js';
import { ROOT } from './support/source.js';

/** The catalog tests itself: generated docs are current, every detector is documented and referenced. */
describe('docs', () => {
  const doc = (f: string) => readFileSync(join(ROOT, 'docs', f), 'utf8');

  it('the committed JSON Schema and reference are what the schema generates (run `npm run docs`)', () => {
    expect(doc('policy.schema.json')).toBe(JSON.stringify(policyJsonSchema(), null, 2) + '\n');
    expect(doc('policy-reference.md')).toBe(policyReferenceMarkdown());
    expect(doc('detectors.md')).toBe(detectorsReferenceMarkdown(Object.values(detectors), caseTables));
  });

  it('every detector has a section in docs/detectors.md, references, a CWE and an OWASP MCP category', () => {
    const text = doc('detectors.md');
    for (const d of Object.values(detectors)) {
      expect(text, `docs/detectors.md has no section for ${d.meta.id}`).toContain(`## \`${d.meta.id}\``);
      expect(d.meta.references.length, `${d.meta.id} references`).toBeGreaterThan(0);
      expect(d.meta.cwe.length, `${d.meta.id} cwe`).toBeGreaterThan(0);
      expect(d.meta.owasp).toMatch(/^MCP(0[1-9]|10)$/);
      expect(d.meta.title.length).toBeGreaterThan(0);
    }
  });

  it('every src folder has a README', () => {
    for (const folder of ['protocol', 'policy', 'detectors', 'cli', 'scanner', 'store', 'server']) {
      expect(existsSync(join(ROOT, 'src', folder, 'README.md')), `src/${folder}/README.md`).toBe(true);
    }
  });
});
