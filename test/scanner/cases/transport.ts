import {
  answer,
  authServer,
  GOOD_AS,
  http,
  launch,
  metadata,
  remote,
  snap,
  type CheckCases,
} from '../builders.js';

const loopback = 'http://127.0.0.1:3000/mcp';

export const transport: Record<string, CheckCases> = {
  'TRN-001': {
    find: [remote('http://mcp.example.com/mcp'), remote('http://10.0.0.5:8080/mcp')],
    clean: [
      remote('https://mcp.example.com/mcp'),
      remote('http://127.0.0.1:3000/mcp'),
      remote('http://localhost:3000/mcp'),
    ],
  },
  'TRN-002': {
    find: [
      snap({ transport: 'sse', url: 'https://mcp.example.com/sse' }),
      remote('https://mcp.example.com/sse', { type: 'sse' }),
    ],
    clean: [
      snap({ transport: 'streamable-http', url: 'https://mcp.example.com/mcp' }),
      remote('https://mcp.example.com/mcp', { type: 'http' }),
    ],
  },
  'TRN-003': {
    find: [http({ url: loopback, anonymous: answer(200), foreignOrigin: answer(200) })],
    clean: [
      http({ url: loopback, anonymous: answer(200), foreignOrigin: answer(403) }),
      http({ foreignOrigin: answer(401) }),
    ],
  },
  'TRN-004': {
    find: [
      http({ sessionIds: ['1', '2', '3'] }),
      http({ sessionIds: ['session-1001', 'session-1002', 'session-1003'] }),
      http({ sessionIds: ['a1b2c3d4', 'e5f6a7b8', '0a1b2c3d'] }),
      http({ sessionIds: ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'] }),
    ],
    clean: [
      http({
        sessionIds: [
          'f47ac10b-58cc-4372-a567-0e02b2c3d479',
          '9c5b94b1-35ad-49bb-b118-8e8fc24abf80',
          '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
        ],
      }),
      http({ sessionIds: [] }),
    ],
  },
  'TRN-005': {
    find: [http({ credentials: true, sessionWithoutCredentials: answer(200) })],
    clean: [
      http({ credentials: true, sessionWithoutCredentials: answer(401) }),
      http({ credentials: true, sessionWithoutCredentials: answer(404) }),
    ],
  },
  'TRN-006': {
    find: [
      http({ url: loopback, allInterfaces: '192.0.2.2' }),
      launch('node', ['server.js', '--host', '0.0.0.0']),
      launch('python', ['-m', 'srv', '--host=0.0.0.0']),
      launch('node', ['server.js'], { env: { HOST: '0.0.0.0' } }),
    ],
    clean: [
      http({ url: loopback, allInterfaces: null }),
      launch('node', ['server.js', '--host', '127.0.0.1']),
      launch('node', ['server.js'], { env: { HOST: 'localhost' } }),
    ],
  },
  'TRN-007': {
    find: [
      http({
        resourceMetadata: metadata({
          resource: 'https://mcp.example.com/mcp',
          authorization_servers: ['http://169.254.169.254/latest/meta-data'],
        }),
      }),
      http({ authServers: [authServer({ ...GOOD_AS, token_endpoint: 'http://10.0.0.12/token' })] }),
    ],
    clean: [
      http({
        resourceMetadata: metadata({
          resource: 'https://mcp.example.com/mcp',
          authorization_servers: ['https://auth.example.com'],
        }),
        authServers: [authServer(GOOD_AS)],
      }),
      http({
        url: 'http://127.0.0.1:3000/mcp',
        resourceMetadata: metadata(
          { authorization_servers: ['http://127.0.0.1:3001'] },
          'http://127.0.0.1:3000/.well-known/oauth-protected-resource',
        ),
      }),
    ],
  },
  'TRN-008': {
    find: [http({ url: loopback, foreignHost: answer(200) })],
    clean: [
      http({ url: loopback, foreignHost: answer(403) }),
      http({ url: 'https://mcp.example.com/mcp', foreignHost: answer(200) }),
    ],
  },
  'TRN-009': {
    find: [
      http({ foreignOrigin: answer(200, { 'access-control-allow-origin': '*' }) }),
      http({
        foreignOrigin: answer(403, {
          'access-control-allow-origin': 'https://attacker.example',
          'access-control-allow-credentials': 'true',
        }),
      }),
    ],
    clean: [
      http({ foreignOrigin: answer(403) }),
      http({ foreignOrigin: answer(200, { 'access-control-allow-origin': 'https://app.example.com' }) }),
    ],
  },
  'TRN-010': {
    find: [
      remote('http://mcp.example.com/mcp', { headers: { Authorization: 'Bearer ${MCP_TOKEN}' } }),
      http({ url: 'http://mcp.example.com/mcp', credentials: true }),
    ],
    clean: [
      remote('https://mcp.example.com/mcp', { headers: { Authorization: 'Bearer ${MCP_TOKEN}' } }),
      remote('http://127.0.0.1:8080/mcp', { headers: { Authorization: 'Bearer x' } }),
      remote('http://mcp.example.com/mcp'),
    ],
  },
};
