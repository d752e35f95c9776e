import { describeLaunch } from '../../src/scanner/launch.js';
import type { HttpAnswer, HttpFacts, Launch, Snapshot, Tool } from '../../src/scanner/snapshot.js';
import { emptySnapshot } from '../../src/scanner/snapshot.js';

/** A check's fixtures: snapshots it must find something in, and look-alikes it must stay quiet on. */
export type CheckCases = { find: Snapshot[]; clean: Snapshot[] };

export function snap(over: Partial<Snapshot> = {}): Snapshot {
  return { ...emptySnapshot('fixture', 'stdio'), ...over };
}

export function tool(name: string, over: Partial<Tool> = {}): Tool {
  return {
    name,
    description: `Does ${name.replaceAll('_', ' ')}.`,
    inputSchema: { type: 'object', properties: {} },
    ...over,
  };
}

/** A tool with string parameters. */
export function toolWith(
  name: string,
  params: Record<string, Record<string, unknown>>,
  over: Partial<Tool> = {},
): Tool {
  return tool(name, { inputSchema: { type: 'object', properties: params }, ...over });
}

export function answer(status: number, headers: Record<string, string> = {}, body = ''): HttpAnswer {
  return { status, headers, body };
}

export function http(over: Partial<HttpFacts> = {}): Snapshot {
  const url = over.url ?? 'https://mcp.example.com/mcp';
  return snap({
    transport: 'streamable-http',
    url,
    http: {
      url,
      transport: 'streamable-http',
      credentials: false,
      anonymous: answer(401, {
        'www-authenticate': `Bearer resource_metadata="${new URL(url).origin}/.well-known/oauth-protected-resource/mcp"`,
      }),
      resourceMetadata: null,
      authServers: [],
      foreignOrigin: answer(403),
      foreignHost: answer(403),
      sessionIds: [],
      sessionWithoutCredentials: null,
      foreignToken: answer(401),
      allInterfaces: null,
      ...over,
    },
  });
}

/** Protected resource metadata as a probe would have found it. */
export function metadata(
  json: Record<string, unknown>,
  url = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp',
) {
  return { url, answer: answer(200, { 'content-type': 'application/json' }, JSON.stringify(json)), json };
}

export function authServer(json: Record<string, unknown> | null, issuer = 'https://auth.example.com') {
  return {
    issuer,
    url: `${issuer}/.well-known/oauth-authorization-server`,
    answer: json ? answer(200, {}, JSON.stringify(json)) : answer(404),
    json,
  };
}

export const GOOD_AS = {
  issuer: 'https://auth.example.com',
  authorization_endpoint: 'https://auth.example.com/authorize',
  token_endpoint: 'https://auth.example.com/token',
  code_challenge_methods_supported: ['S256'],
  grant_types_supported: ['authorization_code', 'refresh_token'],
  response_types_supported: ['code'],
  scopes_supported: ['files:read', 'files:write'],
};

/** A config-file server (offline audit). */
export function launch(command: string, args: string[], over: Partial<Launch> = {}): Snapshot {
  return snap({ transport: 'config', launch: { ...describeLaunch(command, args), ...over } });
}

/** A remote server in a config (URL only). */
export function remote(url: string, entry: Record<string, unknown> = {}): Snapshot {
  return snap({ transport: 'config', url, launch: { ...describeLaunch('', []), entry: { url, ...entry } } });
}
