import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { docsPage } from '../docs-page.js';
import { openApiDocument } from '../openapi.js';
import type { RouteDoc } from '../route-docs.js';
import { VERSION } from '../../version.js';

/** The OpenAPI document and the interactive page that reads it. */
export function docsRoutes(docs: readonly RouteDoc[]) {
  let document: Record<string, unknown> | undefined;
  return new Hono()
    .get('/openapi.json', (c) => c.json((document ??= openApiDocument(docs, VERSION))))
    .get('/docs', (c) => {
      const nonce = randomBytes(16).toString('base64');
      c.header(
        'content-security-policy',
        `default-src 'none'; connect-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`,
      );
      return c.html(docsPage(nonce));
    });
}

const service = { auth: 'none', tag: 'service' } as const;
export const docsDocs: RouteDoc[] = [
  {
    ...service,
    method: 'GET',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    responses: { 200: 'the document' },
  },
  {
    ...service,
    method: 'GET',
    path: '/docs',
    summary: 'The interactive API reference (HTML)',
    responses: { 200: 'the page' },
  },
];
