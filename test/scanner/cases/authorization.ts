import {
  answer,
  authServer,
  GOOD_AS,
  http,
  metadata,
  snap,
  tool,
  toolWith,
  type CheckCases,
} from '../builders.js';

const RM = { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://auth.example.com'] };
const withTools = (s: ReturnType<typeof http>, tools = [tool('delete_user'), tool('list_users')]) => ({
  ...s,
  tools,
});

export const authorization: Record<string, CheckCases> = {
  'AUTHZ-001': {
    find: [
      withTools(http({ anonymous: answer(200) })),
      withTools(http({ anonymous: answer(200) }), [toolWith('run', { command: { type: 'string' } })]),
    ],
    clean: [
      withTools(http()),
      withTools(http({ anonymous: answer(200) }), [tool('get_forecast'), tool('list_cities')]),
      snap({ tools: [tool('delete_user')] }),
    ],
  },
  'AUTHZ-002': {
    find: [
      withTools(http({ resourceMetadata: metadata({ ...RM, scopes_supported: ['mcp'] }) })),
      withTools(http({ resourceMetadata: metadata(RM) })),
    ],
    clean: [
      withTools(
        http({ resourceMetadata: metadata({ ...RM, scopes_supported: ['users:read', 'users:admin'] }) }),
      ),
      withTools(http({ resourceMetadata: metadata({ ...RM, scopes_supported: ['mcp'] }) }), [
        tool('get_forecast'),
      ]),
    ],
  },
  'AUTHZ-003': {
    find: [
      http({ resourceMetadata: metadata({ ...RM, scopes_supported: ['*'] }) }),
      http({ authServers: [authServer({ ...GOOD_AS, scopes_supported: ['files:read', 'files:*'] })] }),
      http({
        anonymous: answer(401, {
          'www-authenticate': 'Bearer resource_metadata="https://x/m", scope="admin"',
        }),
      }),
    ],
    clean: [
      http({
        resourceMetadata: metadata({ ...RM, scopes_supported: ['files:read', 'files:write'] }),
        authServers: [authServer(GOOD_AS)],
      }),
      http({
        anonymous: answer(401, { 'www-authenticate': 'Bearer scope="files:read administration:read"' }),
      }),
    ],
  },
};
