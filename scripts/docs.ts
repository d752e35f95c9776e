// Writes the generated docs: the policy JSON Schema, the policy reference, the detector catalog and the
// scanner's findings (one page per id).
// `npm run docs`; test/docs.test.ts fails when they are out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { detectors } from '../src/detectors/index.js';
import { detectorsReferenceMarkdown } from '../src/detectors/reference.js';
import { policyReferenceMarkdown } from '../src/policy/reference.js';
import { policyJsonSchema } from '../src/policy/schema.js';
import { checks } from '../src/scanner/checks/index.js';
import { findingPage, findingsIndex } from '../src/scanner/reference.js';
import { caseTables } from '../test/support/case-tables.js';

const root = new URL('../', import.meta.url);
const write = (file: string, text: string) => {
  writeFileSync(new URL(file, root), text);
  console.log(`wrote ${file}`);
};
write('docs/policy.schema.json', JSON.stringify(policyJsonSchema(), null, 2) + '\n');
write('docs/policy-reference.md', policyReferenceMarkdown());
write('docs/detectors.md', detectorsReferenceMarkdown(Object.values(detectors), caseTables));
mkdirSync(new URL('docs/findings/', root), { recursive: true });
for (const c of Object.values(checks)) write(`docs/findings/${c.meta.id}.md`, findingPage(c));
write('docs/findings/README.md', findingsIndex(Object.values(checks)));
