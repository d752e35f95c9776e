import { defineCheck, type Hit } from '../types.js';
import { REF } from './references.js';

const TYPED = ['type', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', '$ref'];

export const check = defineCheck({
  meta: {
    id: 'TOOL-007',
    title: 'Input schema without constraints',
    family: 'tools',
    severity: 'low',
    owasp: null,
    cwe: ['CWE-20'],
    references: [REF.tools, 'https://json-schema.org/understanding-json-schema/'],
    description:
      'A tool has no input schema, a schema that is not an object, or parameters without any type. The spec ' +
      'requires an `inputSchema` of type object; untyped parameters let the model (or an injection steering it) ' +
      'pass anything, and leave gateways and clients nothing to validate against.',
    remediation: {
      text: 'Give every parameter a type and the tightest constraint that fits (`enum`, `maxLength`, `pattern`, `minimum`).',
      language: 'json',
      example: `{ "type": "object", "properties": { "limit": { "type": "integer", "minimum": 1, "maximum": 100 } }, "required": ["limit"], "additionalProperties": false }`,
    },
  },
  run(s) {
    return s.tools.flatMap((t): Hit[] => {
      const schema = t.inputSchema;
      if (!schema || typeof schema !== 'object')
        return [{ location: `tool \`${t.name}\``, evidence: 'no `inputSchema`', severity: 'medium' }];
      if (schema.type !== 'object')
        return [
          {
            location: `tool \`${t.name}\``,
            evidence: `\`inputSchema.type\` is ${JSON.stringify(schema.type)}`,
          },
        ];
      const props = (schema.properties ?? {}) as Record<string, unknown>;
      const untyped = Object.entries(props)
        .filter(([, p]) => !p || typeof p !== 'object' || !TYPED.some((k) => k in (p as object)))
        .map(([k]) => k);
      return untyped.length
        ? [
            {
              location: `tool \`${t.name}\``,
              evidence: `untyped ${untyped.map((k) => `\`${k}\``).join(', ')}`,
            },
          ]
        : [];
    });
  },
});
