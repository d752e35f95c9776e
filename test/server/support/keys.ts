import { expect } from 'vitest';
import { freshDatabase, TEST_DATABASE_URL } from '../../store/databases.js';
import { call, type Answer, type Member } from './api.js';

/** A machine of one project: its API key and calls that carry it. */
export type Machine = {
  projectId: string;
  key: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
};

/** Creates a project for `member` (their first: the free plan allows one) and an API key of it. */
export async function projectWithKey(base: string, member: Member, name = 'ci'): Promise<Machine> {
  const project = await member.call('POST', '/api/projects', { name, environment: 'dev' });
  expect(project.status, project.text).toBe(201);
  const made = await member.call('POST', `/api/projects/${project.body.id}/keys`, { name: `${name} key` });
  expect(made.status, made.text).toBe(201);
  const key = made.body.key as string;
  return {
    projectId: project.body.id,
    key,
    call: (method, path, body, headers = {}) =>
      call(base, method, path, body, { 'x-api-key': key, ...headers }),
  };
}

/** The databases a route test runs on: PGlite in memory always, PostgreSQL when the machine has one. */
export const DATABASES: {
  name: string;
  open(): Promise<{ env: NodeJS.ProcessEnv; drop(): Promise<void> }>;
}[] = [
  { name: 'PGlite', open: async () => ({ env: {}, drop: () => Promise.resolve() }) },
  ...(TEST_DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const db = await freshDatabase(TEST_DATABASE_URL!);
            return { env: { MCPSHIELD_DATABASE_URL: db.url }, drop: db.drop };
          },
        },
      ]
    : []),
];
