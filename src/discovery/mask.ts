import { classifySecretName, findSecrets } from '../detectors/lib/secret-patterns.js';
import { redactSecrets } from '../detectors/secrets.js';
import { maskUrl } from './urls.js';

const MASK = '[REDACTED]';
/** Options whose value is an HTTP header line (`mcp-remote --header 'Authorization: Bearer ...'`). */
const HEADER_OPTIONS = new Set(['--header', '-H', '--headers']);

/**
 * A server's arguments as they may be shown: the value after a secret-named option (`--api-key X`,
 * `--token=X`), header values given on the command line, URL credentials, and every secret the pattern
 * table recognises are replaced; the rest stays as written.
 */
export function maskArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    const prev = args[i - 1];
    if (prev !== undefined && isSecretOption(prev)) return MASK;
    if (arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      if (eq > 0 && isSecretOption(arg.slice(0, eq))) return `${arg.slice(0, eq + 1)}${MASK}`;
    }
    if (prev !== undefined && HEADER_OPTIONS.has(prev)) return maskHeaderLine(arg);
    return maskText(arg);
  });
}

/** URL credentials and recognised secrets in free text (a URL, an argument). */
export function maskText(text: string): string {
  const urls = text.includes('://') ? text.split(/(\s+)/).map(maskUrlToken).join('') : text;
  return redactSecrets(urls).text;
}

function maskUrlToken(token: string): string {
  const scheme = token.indexOf('://');
  if (scheme === -1) return token;
  // `--url=https://...`: the URL starts after the last `=` before its scheme
  const eq = token.lastIndexOf('=', scheme);
  return eq === -1 ? maskUrl(token) : token.slice(0, eq + 1) + maskUrl(token.slice(eq + 1));
}

/** `Name: value` with the value masked when the name announces a credential or the value is one. */
function maskHeaderLine(line: string): string {
  const colon = line.indexOf(':');
  if (colon <= 0) return maskText(line);
  const name = line.slice(0, colon).trim();
  const value = line.slice(colon + 1);
  const credential = name.toLowerCase() === 'authorization' || classifySecretName(name) !== undefined;
  return credential || findSecrets(value).length ? `${line.slice(0, colon)}: ${MASK}` : line;
}

function isSecretOption(option: string): boolean {
  if (!option.startsWith('-')) return false;
  const name = option.replace(/^-+/, '');
  return name.length > 0 && classifySecretName(name) !== undefined;
}
