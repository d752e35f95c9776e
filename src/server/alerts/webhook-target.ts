import { lookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { classifyHost } from '../../detectors/lib/url.js';

/**
 * Why a webhook may not reach `host` (loopback, private, link-local, cloud metadata...), or null. Webhook
 * targets are typed by organisation admins, so a control plane shared by several organisations must not
 * let one of them probe its own network: private targets are refused unless the operator allows them
 * (`MCPSHIELD_WEBHOOK_ALLOW_PRIVATE=1`, for a control plane whose receivers live on the same network).
 */
export function privateTarget(host: string): string | null {
  const found = classifyHost(host);
  return found ? `\`${host}\` is ${found.detail}` : null;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * `dns.lookup` that refuses names resolving to a private address. Given as the request's `lookup`, the
 * connection goes to the very address checked, so a name that answers differently the second time (DNS
 * rebinding) gains nothing.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => classifyHost(a.address));
    if (bad) {
      const refused = Object.assign(
        new Error(
          `\`${hostname}\` resolves to ${bad.address} (${classifyHost(bad.address)!.detail}): private webhook targets are refused`,
        ),
        { code: 'EPRIVATE' },
      );
      return callback(refused, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** A literal IP host never goes through `lookup`, so it is checked on its own. */
export function literalPrivateTarget(hostname: string): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? privateTarget(bare) : null;
}
