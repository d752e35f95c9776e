import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { call, memoryServer, signUp, type Member } from './support/api.js';

describe('mcpshield up: projects, policies and keys', () => {
  let server: RunningServer;
  let ada: Member;

  beforeAll(async () => {
    server = await memoryServer();
    ada = await signUp(server.url);
  });
  afterAll(() => server?.close());

  it('creates a project with the starter policy, and the free plan allows one', async () => {
    const created = await ada.call('POST', '/api/projects', { name: 'web', environment: 'prod' });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name: 'web', environment: 'prod' });
    const id = created.body.id as string;

    expect((await ada.call('GET', '/api/projects')).body.items.map((p: { id: string }) => p.id)).toEqual([
      id,
    ]);
    const policy = await ada.call('GET', `/api/projects/${id}/policy`);
    expect(policy.body).toMatchObject({ version: 1, project_id: id, comment: 'starter policy' });
    expect(policy.body.yaml).toContain('default: allow');

    const second = await ada.call('POST', '/api/projects', { name: 'other' });
    expect(second.status).toBe(402);
    expect(second.body.error).toMatchObject({ code: 'plan_limit', limit: 'projects', max: 1 });
  });

  it('validates bodies with 422 naming the field', async () => {
    const res = await ada.call('POST', '/api/projects', { name: 'x', environment: 'moon' });
    expect(res.status).toBe(422);
    expect(res.body.error.field).toBe('environment');
  });

  it('saves policy versions, refuses a broken one with its line and column, and rolls back', async () => {
    const [project] = (await ada.call('GET', '/api/projects')).body.items;
    const path = `/api/projects/${project.id}/policy`;
    const broken = await ada.call('PUT', path, { yaml: 'version: 1\ndefault: maybe\n' });
    expect(broken.status).toBe(422);
    expect(broken.body.error).toMatchObject({
      code: 'invalid_policy',
      line: 2,
      column: 10,
      field: 'default',
    });

    const saved = await ada.call('PUT', path, { yaml: 'version: 1\ndefault: deny\n', comment: 'lock down' });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, comment: 'lock down', author_id: ada.userId });
    expect((await ada.call('GET', path)).body.version).toBe(2);

    const rolled = await ada.call('POST', `${path}/rollback`, { version: 1 });
    expect(rolled.body).toMatchObject({ version: 3, comment: 'rollback to version 1' });
    expect(rolled.body.yaml).toContain('default: allow');
    const versions = await ada.call('GET', `${path}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect((await ada.call('POST', `${path}/rollback`, { version: 99 })).status).toBe(404);
  });

  it('creates keys shown once, lists them by prefix, and revokes them', async () => {
    const [project] = (await ada.call('GET', '/api/projects')).body.items;
    const keys = `/api/projects/${project.id}/keys`;
    const made = await ada.call('POST', keys, { name: 'laptop gateway' });
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^mcps_[A-Za-z0-9_-]{32}$/);
    expect(made.body.key.startsWith(made.body.prefix)).toBe(true);

    const listed = await ada.call('GET', keys);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.key);

    expect((await ada.call('DELETE', `${keys}/${made.body.id}`)).status).toBe(204);
    expect((await ada.call('GET', keys)).body.items[0].revoked_at).not.toBeNull();
    expect((await ada.call('DELETE', `${keys}/not-a-key`)).status).toBe(404);
  });

  it('keeps another organisation out: 404 for its project, nothing listed', async () => {
    const [project] = (await ada.call('GET', '/api/projects')).body.items;
    const eve = await signUp(server.url);
    expect((await eve.call('GET', '/api/projects')).body.items).toEqual([]);
    for (const [method, path] of [
      ['GET', `/api/projects/${project.id}`],
      ['GET', `/api/projects/${project.id}/policy`],
      ['GET', `/api/projects/${project.id}/keys`],
      ['DELETE', `/api/projects/${project.id}`],
    ] as const)
      expect((await eve.call(method, path)).status, `${method} ${path}`).toBe(404);
    // naming ada's organisation in the header does not help
    expect(
      (await eve.call('GET', '/api/projects', undefined, { 'x-organization-id': ada.orgId })).status,
    ).toBe(404);
    expect((await call(server.url, 'GET', '/api/projects')).status).toBe(401);
  });
});
