import type { HttpFacts } from '../snapshot.js';

/** The endpoint fields of RFC 8414 / OpenID Connect metadata that clients fetch or send users to. */
const ENDPOINTS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'jwks_uri',
  'userinfo_endpoint',
];

/**
 * Every URL the server's OAuth metadata hands to clients, with the field it came from: the authorization
 * servers of the protected resource metadata, the `resource_metadata` URL of the 401 challenge, and the
 * endpoints of each authorization server's metadata.
 */
export function metadataUrls(h: HttpFacts): [field: string, url: string][] {
  const out: [string, string][] = [];
  const servers = h.resourceMetadata?.json?.authorization_servers;
  if (Array.isArray(servers)) {
    for (const a of servers) if (typeof a === 'string') out.push(['authorization_servers', a]);
  }
  if (h.anonymous?.headers['www-authenticate'] && h.resourceMetadata) {
    out.push(['resource_metadata', h.resourceMetadata.url]);
  }
  for (const a of h.authServers) {
    for (const k of ENDPOINTS) if (typeof a.json?.[k] === 'string') out.push([k, a.json[k]]);
  }
  return out;
}
