import { policyJsonSchema } from './schema.js';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  required?: string[];
  pattern?: string;
};

/**
 * The policy language reference (docs/policy-reference.md), generated from the zod schema so that the
 * types, the JSON Schema and the docs cannot drift apart. `npm run docs` writes it; a test checks it.
 */
export function policyReferenceMarkdown(): string {
  const root = policyJsonSchema() as JsonSchema;
  const rule = root.properties!.rules!.items!;
  const sections: [string, JsonSchema][] = [
    ['Top level', root],
    ['`rules[]`', rule],
    ['`rules[].conditions`', rule.properties!.conditions!],
    ['`rules[].args.NAME`', rule.properties!.args!.additionalProperties as JsonSchema],
    ['`sessions[]`', root.properties!.sessions!.items!],
    ['`sessions[].after`', root.properties!.sessions!.items!.properties!.after!],
    ['`sessions[].deny`', root.properties!.sessions!.items!.properties!.deny!],
  ];
  const out = [
    '# Policy reference (version 1)',
    '',
    '<!-- generated from src/policy/schema.ts by `npm run docs`; do not edit by hand -->',
    '',
    'Every field of the policy language. The meaning of each part, with examples, is in',
    '[policy.md](policy.md); the JSON Schema is [policy.schema.json](policy.schema.json).',
    '',
  ];
  for (const [title, schema] of sections) {
    out.push(`## ${title}`, '');
    if (schema.description) out.push(schema.description, '');
    out.push('| field | type | required | default | meaning |', '|---|---|---|---|---|');
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      const required = schema.required?.includes(name) && prop.default === undefined ? 'yes' : '';
      const def = prop.default === undefined ? '' : `\`${JSON.stringify(prop.default)}\``;
      out.push(
        `| \`${name}\` | ${typeOf(prop)} | ${required} | ${def} | ${escape(prop.description ?? '')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(' or ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object') return s.properties ? 'object' : 'map';
  if (Array.isArray(s.type)) return s.type.join(' or ');
  return s.type ?? 'any';
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|');
}
