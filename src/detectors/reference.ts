import { z } from 'zod';
import { caseInput, type CaseTable } from './cases.js';
import type { Detector } from './types.js';

type OptionSchema = {
  properties?: Record<
    string,
    { type?: string; default?: unknown; description?: string; items?: { type?: string } }
  >;
};

/**
 * docs/detectors.md, generated from each detector's `meta`, options schema and case table, so the catalog
 * cannot drift from the code. `npm run docs` writes it; test/docs.test.ts checks it.
 */
export function detectorsReferenceMarkdown(
  detectors: readonly Detector[],
  tables: Record<string, CaseTable>,
): string {
  const out = [
    '# Detectors',
    '',
    '<!-- generated from src/detectors/*.ts by `npm run docs`; do not edit by hand -->',
    '',
    'Detectors run on every message they apply to, whatever the rules say. In a policy, set each one to',
    '`deny`, `redact` (where supported), `log` or `off`, or to `{ action, ...options }`; a detector missing',
    'from the policy runs with its default action. See [policy.md](policy.md).',
    '',
    '| id | default | phase | OWASP MCP | CWE | title |',
    '|---|---|---|---|---|---|',
    ...detectors.map(
      (d) =>
        `| [\`${d.meta.id}\`](#${d.meta.id}) | ${d.meta.defaultAction} | ${d.meta.phases.join(', ')} | ${d.meta.owasp} | ${d.meta.cwe.join(', ')} | ${d.meta.title} |`,
    ),
    '',
  ];
  for (const d of detectors) {
    const m = d.meta;
    out.push(`## \`${m.id}\``, '', `**${m.title}.** ${m.description}`, '');
    out.push(`- actions: ${m.actions.map((a) => `\`${a}\``).join(', ')} (default \`${m.defaultAction}\`)`);
    out.push(`- looks at: ${m.phases.join(', ')} of ${m.methods.map((x) => `\`${x}\``).join(', ')}`);
    out.push(`- OWASP MCP Top 10: ${m.owasp}; ${m.cwe.join(', ')}`);
    out.push(`- references: ${m.references.map((r) => `<${r}>`).join(', ')}`, '');
    const schema = z.toJSONSchema(d.options, { io: 'input' }) as OptionSchema;
    const props = Object.entries(schema.properties ?? {});
    if (props.length) {
      out.push('| option | type | default | meaning |', '|---|---|---|---|');
      for (const [name, p] of props) {
        const type = p.type === 'array' ? `list of ${p.items?.type ?? 'values'}` : (p.type ?? 'any');
        out.push(
          `| \`${name}\` | ${type} | \`${JSON.stringify(p.default)}\` | ${(p.description ?? '').replace(/\|/g, '\\|')} |`,
        );
      }
      out.push('');
    }
    const table = tables[m.id];
    if (table) {
      out.push(
        `Examples from its case table (${table.attacks.length} attacks, ${table.benign.length} benign look-alikes):`,
        '',
      );
      out.push('| caught | not flagged |', '|---|---|');
      for (let i = 0; i < 6; i++) {
        const a = table.attacks[i * Math.floor(table.attacks.length / 6)];
        const b = table.benign[i * Math.floor(table.benign.length / 6)];
        out.push(`| ${a ? example(a) : ''} | ${b ? example(b) : ''} |`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

function example(c: Parameters<typeof caseInput>[0]): string {
  const input = caseInput(c);
  let shown: string;
  if (c.text !== undefined) shown = c.text;
  else if (input.phase === 'response') shown = JSON.stringify(input.result);
  else shown = `${input.tool ?? input.method} ${JSON.stringify(c.args ?? c.params ?? {})}`;
  shown = visible(shown.replace(/[\r\n]+/g, ' '));
  if (shown.length > 90) shown = `${shown.slice(0, 87)}...`;
  return `\`${shown.replace(/`/g, 'ˋ').replace(/\|/g, '\\|')}\``;
}

/** Invisible, control and tag characters as `\u{...}` escapes, so the page shows what the row holds. */
function visible(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const hidden =
      cp < 0x20 ||
      (cp >= 0x7f && cp < 0xa0) ||
      (cp >= 0x200b && cp <= 0x200f) ||
      (cp >= 0x2028 && cp <= 0x202e) ||
      (cp >= 0x2060 && cp <= 0x2069) ||
      cp === 0xfeff ||
      (cp >= 0xe0000 && cp <= 0xe007f) ||
      (cp >= 0xd800 && cp <= 0xdfff);
    out += hidden ? `\\u{${cp.toString(16)}}` : ch;
  }
  return out;
}
