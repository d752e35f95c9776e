import { answer, authServer, GOOD_AS, http, metadata, remote, type CheckCases } from '../builders.js';

const RM = {
  resource: 'https://mcp.example.com/mcp',
  authorization_servers: ['https://auth.example.com'],
  scopes_supported: ['files:read', 'files:write'],
};
const wellProtected = http({ resourceMetadata: metadata(RM), authServers: [authServer(GOOD_AS)] });

export const auth: Record<string, CheckCases> = {
  'AUTH-001': {
    find: [
      http({ anonymous: answer(200, { 'mcp-session-id': 'x' }) }),
      http({ url: 'http://127.0.0.1:3000/mcp', anonymous: answer(200) }),
    ],
    clean: [wellProtected, http({ anonymous: answer(403) })],
  },
  'AUTH-002': {
    find: [
      http({ resourceMetadata: null }),
      http({
        resourceMetadata: {
          url: 'https://mcp.example.com/.well-known/oauth-protected-resource',
          answer: answer(404),
          json: null,
        },
      }),
    ],
    clean: [wellProtected, http({ anonymous: answer(200) })],
  },
  'AUTH-003': {
    find: [http({ anonymous: answer(401) })],
    clean: [wellProtected, http({ anonymous: answer(401, { 'www-authenticate': 'Bearer realm="mcp"' }) })],
  },
  'AUTH-004': {
    find: [
      http({ anonymous: answer(401, { 'www-authenticate': 'Bearer realm="mcp", scope="files:read"' }) }),
    ],
    clean: [
      wellProtected,
      http({
        anonymous: answer(401, { 'www-authenticate': 'Bearer resource_metadata=https://mcp.example.com/m' }),
      }),
    ],
  },
  'AUTH-005': {
    find: [
      http({ resourceMetadata: metadata({ ...RM, resource: 'https://other.example.com/mcp' }) }),
      http({ resourceMetadata: metadata({ authorization_servers: ['https://auth.example.com'] }) }),
    ],
    clean: [
      wellProtected,
      http({ resourceMetadata: metadata({ ...RM, resource: 'https://mcp.example.com/mcp/' }) }),
      http({ resourceMetadata: metadata({ ...RM, resource: 'https://mcp.example.com' }) }),
    ],
  },
  'AUTH-006': {
    find: [
      http({ resourceMetadata: metadata({ resource: RM.resource }) }),
      http({ resourceMetadata: metadata({ ...RM, authorization_servers: [] }) }),
    ],
    clean: [wellProtected],
  },
  'AUTH-007': {
    find: [http({ resourceMetadata: metadata(RM), authServers: [authServer(null)] })],
    clean: [wellProtected],
  },
  'AUTH-008': {
    find: [
      http({ authServers: [authServer({ ...GOOD_AS, code_challenge_methods_supported: undefined })] }),
      http({ authServers: [authServer({ ...GOOD_AS, code_challenge_methods_supported: ['plain'] })] }),
    ],
    clean: [
      wellProtected,
      http({
        authServers: [authServer({ ...GOOD_AS, code_challenge_methods_supported: ['plain', 'S256'] })],
      }),
    ],
  },
  'AUTH-009': {
    find: [
      remote('https://mcp.example.com/mcp?access_token=tok_123'),
      remote('https://mcp.example.com/sse?apiKey=abc'),
      remote('https://user:hunter2@mcp.example.com/mcp'),
    ],
    clean: [remote('https://mcp.example.com/mcp?workspace=docs'), remote('https://mcp.example.com/mcp')],
  },
  'AUTH-010': {
    find: [
      http({ resourceMetadata: metadata({ ...RM, authorization_servers: ['http://auth.example.com'] }) }),
      http({ authServers: [authServer({ ...GOOD_AS, token_endpoint: 'http://auth.example.com/token' })] }),
    ],
    clean: [
      wellProtected,
      http({
        url: 'http://127.0.0.1:3000/mcp',
        resourceMetadata: metadata({ ...RM, authorization_servers: ['http://127.0.0.1:3001'] }),
      }),
    ],
  },
  'AUTH-011': {
    find: [http({ foreignToken: answer(200, { 'mcp-session-id': 'abc' }) })],
    clean: [wellProtected, http({ anonymous: answer(200), foreignToken: answer(200) })],
  },
  'AUTH-012': {
    find: [
      http({
        authServers: [authServer({ ...GOOD_AS, grant_types_supported: ['authorization_code', 'implicit'] })],
      }),
      http({ authServers: [authServer({ ...GOOD_AS, response_types_supported: ['code', 'token'] })] }),
      http({ authServers: [authServer({ ...GOOD_AS, grant_types_supported: ['password'] })] }),
    ],
    clean: [
      wellProtected,
      http({ authServers: [authServer({ ...GOOD_AS, grant_types_supported: ['client_credentials'] })] }),
    ],
  },
};
