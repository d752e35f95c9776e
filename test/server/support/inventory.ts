import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { call, type Answer, type Member } from './api.js';

/** One server as `mcpshield discover --format json` prints it. */
export function discovered(
  name: string,
  score: number,
  extra: { command?: string; args?: string[]; env?: string[]; client?: string; configPath?: string } = {},
) {
  const level = score >= 85 ? 'critical' : score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low';
  return {
    client: extra.client ?? 'cursor',
    configPath: extra.configPath ?? '/home/ada/.cursor/mcp.json',
    name,
    transport: 'stdio',
    command: extra.command ?? 'node',
    args: extra.args ?? [`${name}.js`],
    url: null,
    env: extra.env ?? [],
    headers: [],
    scope: 'user',
    workspace: null,
    enabled: true,
    risk: { score, level, factors: score ? [{ id: 'shell-access', points: score, detail: 'test' }] : [] },
  };
}

/** An agent's report body for one host. */
export function reportBody(
  servers: ReturnType<typeof discovered>[],
  host: { hostname?: string; fingerprint?: string } = {},
  reportId?: string,
) {
  return {
    host: {
      hostname: host.hostname ?? 'ada-laptop',
      os: 'linux',
      fingerprint: host.fingerprint ?? 'host-fingerprint-1',
      agent_version: '0.1.0',
    },
    ...(reportId ? { report_id: reportId } : {}),
    inventory: { servers, clients: [], errors: [] },
  };
}

/** A project of the member's organisation and an API key for it (plain text). */
export async function agentKey(member: Member): Promise<string> {
  const project = await member.call('POST', '/api/projects', {
    name: `agents-${randomBytes(3).toString('hex')}`,
  });
  expect(project.status, project.text).toBe(201);
  const key = await member.call('POST', `/api/projects/${project.body.id}/keys`, { name: 'agent' });
  expect(key.status, key.text).toBe(201);
  return key.body.key as string;
}

/** `POST /api/agents/report` with the key. */
export const postReport = (base: string, key: string, body: unknown): Promise<Answer> =>
  call(base, 'POST', '/api/agents/report', body, { 'x-api-key': key });
