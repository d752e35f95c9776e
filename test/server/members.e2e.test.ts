import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { memoryServer, signUp, type Member } from './support/api.js';

describe('mcpshield up: the account and the organization members', () => {
  let server: RunningServer;
  let owner: Member;
  let bob: Member;

  beforeAll(async () => {
    server = await memoryServer();
    [owner, bob] = await Promise.all([signUp(server.url), signUp(server.url)]);
  });
  afterAll(() => server?.close());

  const inOwnersOrg = (m: Member) => (method: string, path: string, body?: unknown) =>
    m.call(method, path, body, { 'x-organization-id': owner.orgId });

  it('renames the profile with PATCH /api/me', async () => {
    const res = await owner.call('PATCH', '/api/me', { first_name: 'Grace' });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ first_name: 'Grace', last_name: 'User' });
    expect((await owner.call('PATCH', '/api/me', {})).status).toBe(422);
  });

  it('adds a verified user by email; roles decide who may do what', async () => {
    expect((await owner.call('POST', '/api/members', { email: 'nobody@example.test' })).status).toBe(404);
    const added = await owner.call('POST', '/api/members', { email: bob.email, role: 'viewer' });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({ user_id: bob.userId, role: 'viewer' });
    expect((await owner.call('POST', '/api/members', { email: bob.email })).status).toBe(409);

    // bob now sees the owner's organization in /api/me and can act in it as a viewer
    const me = await bob.call('GET', '/api/me');
    expect(me.body.organizations.map((o: { id: string }) => o.id)).toContain(owner.orgId);
    const asBob = inOwnersOrg(bob);
    expect((await asBob('GET', '/api/members')).body.items).toHaveLength(2);
    expect((await asBob('POST', '/api/projects', { name: 'p' })).status).toBe(403);
    expect((await asBob('PATCH', `/api/members/${owner.userId}`, { role: 'viewer' })).status).toBe(403);

    // an admin may not grant owner; an owner may
    expect((await owner.call('PATCH', `/api/members/${bob.userId}`, { role: 'admin' })).status).toBe(200);
    expect((await asBob('PATCH', `/api/members/${bob.userId}`, { role: 'owner' })).status).toBe(403);
    expect((await asBob('POST', '/api/projects', { name: 'p' })).status).toBe(201);
  });

  it('never leaves an organization without an owner', async () => {
    const demote = await owner.call('PATCH', `/api/members/${owner.userId}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_owner');
    expect((await owner.call('DELETE', `/api/members/${owner.userId}`)).status).toBe(409);
    const del = await owner.call('DELETE', '/api/me', { password: owner.password });
    expect(del.status).toBe(409);
  });

  it('lets a member leave, and deletes an account with the password only', async () => {
    expect((await inOwnersOrg(bob)('DELETE', `/api/members/${bob.userId}`)).status).toBe(204);
    expect((await inOwnersOrg(bob)('GET', '/api/projects')).status).toBe(404);
    expect((await bob.call('DELETE', '/api/me', { password: 'not-the-password' })).status).toBe(403);
    expect((await bob.call('DELETE', '/api/me', { password: bob.password })).status).toBe(204);
    expect((await bob.call('GET', '/api/me')).status).toBe(401);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: bob.email, password: bob.password }),
    });
    expect(login.status).toBe(401);
  });
});
