import { z } from 'zod';
import type { RouteDoc } from './route-docs.js';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string', description: 'validation errors: the field at fault' },
        reason: { type: 'string', description: 'validation errors: why' },
      },
    },
  },
};

/** The OpenAPI 3.1 document of the API, built from the routes' docs (paths under `/api`). */
export function openApiDocument(docs: readonly RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const path = '/api' + doc.path.replace(/:(\w+)/g, '{$1}');
    const parameters: Record<string, unknown>[] = [...doc.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (doc.query) {
      const q = jsonSchema(doc.query);
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
    }
    const responses = Object.fromEntries(
      Object.entries(doc.responses).map(([status, description]) => [
        status,
        Number(status) >= 400
          ? {
              description,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            }
          : { description },
      ]),
    );
    (paths[path] ??= {})[doc.method.toLowerCase()] = {
      summary: doc.summary,
      tags: [doc.tag],
      operationId: `${doc.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, ch?: string) => (ch ?? '').toUpperCase())}`,
      ...(doc.role ? { description: `Needs the ${doc.role} role or stronger.` } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(doc.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(doc.body) } },
            },
          }
        : {}),
      responses,
      security: doc.auth === 'user' ? [{ bearer: [] }] : doc.auth === 'key' ? [{ apiKey: [] }] : [],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MCPShield control plane',
      version,
      description:
        'Accounts, organisations, projects, policies, API keys, decisions, audit trail, usage, inventory and alerts. ' +
        'People authenticate with `Authorization: Bearer <access token>` (from `/api/auth/login`); machines with `X-API-Key: mcps_...`. ' +
        'Errors are `{"error": {"code", "message"}}`; validation errors are 422 with `field` and `reason`.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: { Error: ERROR },
    },
  };
}
