import type { Tool } from '../snapshot.js';
import { nameWords, wordIn } from './words.js';

/**
 * What a tool can do, judged from its name, its parameters and its annotations: enough to see dangerous
 * combinations (toxic flows), dangerous surfaces and destructive tools. Words, not substrings, so that
 * `address` is not `dress` and `execute_query` is a query, not a shell.
 */
export type Capability = 'untrusted-input' | 'private-data' | 'egress' | 'command' | 'destructive' | 'admin';

const UNTRUSTED = new Set([
  'fetch',
  'browse',
  'browser',
  'scrape',
  'crawl',
  'web',
  'url',
  'http',
  'download',
  'rss',
  'inbox',
  'issue',
  'issues',
  'comments',
  'tweets',
  'webpage',
  'navigate',
]);
const PRIVATE = new Set([
  'file',
  'files',
  'read',
  'filesystem',
  'database',
  'db',
  'sql',
  'query',
  'secret',
  'secrets',
  'credential',
  'credentials',
  'password',
  'passwords',
  'vault',
  'keychain',
  'contacts',
  'calendar',
  'notes',
  'memory',
  'env',
  'history',
  'document',
  'documents',
  'drive',
  'private',
]);
/** Verbs that send data off the machine (`read_email` reads; `send_email` sends). */
const EGRESS = new Set([
  'send',
  'post',
  'webhook',
  'upload',
  'publish',
  'tweet',
  'share',
  'notify',
  'sms',
  'submit',
  'push',
  'reply',
  'forward',
  'email',
  'mail',
]);
const COMMAND = new Set([
  'exec',
  'execute',
  'shell',
  'bash',
  'sh',
  'zsh',
  'powershell',
  'pwsh',
  'cmd',
  'terminal',
  'command',
  'spawn',
  'eval',
  'subprocess',
  'system',
  'script',
]);
const DESTRUCTIVE = new Set([
  'delete',
  'remove',
  'rm',
  'drop',
  'truncate',
  'destroy',
  'wipe',
  'purge',
  'kill',
  'erase',
  'overwrite',
  'reset',
  'revoke',
  'terminate',
]);
const ADMIN = new Set([
  'admin',
  'sudo',
  'root',
  'grant',
  'role',
  'roles',
  'permission',
  'permissions',
  'privilege',
  'impersonate',
  'shutdown',
  'superuser',
  'users',
]);
/** Parameter names that carry a shell command (the `command_injection` detector's shell arguments). */
export const COMMAND_PARAMS = new Set([
  'command',
  'cmd',
  'script',
  'shell',
  'command_line',
  'commandline',
  'cmdline',
]);
/** Parameter names that carry a file system path. */
export const PATH_PARAMS = new Set([
  'path',
  'file',
  'filename',
  'file_path',
  'filepath',
  'dir',
  'directory',
  'folder',
  'source',
  'destination',
  'dest',
  'target',
  'paths',
  'root',
  'cwd',
]);

export function paramNames(tool: Tool): string[] {
  const props = tool.inputSchema?.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

export function capabilities(tool: Tool): Set<Capability> {
  const out = new Set<Capability>();
  const name = tool.name;
  const params = paramNames(tool).map((p) => p.toLowerCase());
  const ann = tool.annotations ?? {};
  if (wordIn(name, UNTRUSTED) || params.includes('url') || ann.openWorldHint === true)
    out.add('untrusted-input');
  if (wordIn(name, PRIVATE)) out.add('private-data');
  if (egressName(name) || params.some((p) => ['to', 'recipient', 'recipients', 'webhook_url'].includes(p)))
    out.add('egress');
  if (wordIn(name, COMMAND) || params.some((p) => COMMAND_PARAMS.has(p))) out.add('command');
  if (wordIn(name, DESTRUCTIVE) || ann.destructiveHint === true) out.add('destructive');
  if (wordIn(name, ADMIN)) out.add('admin');
  return out;
}

/** `send_email`, `email_report`, `post_message`: an egress verb; `read_email`, `list_mail` only read. */
function egressName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((w) => READ_VERBS.has(w)))
    return words.some((w) => w !== 'email' && w !== 'mail' && EGRESS.has(w));
  return words.some((w) => EGRESS.has(w));
}

const READ_VERBS = new Set(['read', 'get', 'list', 'search', 'fetch', 'find', 'show', 'view']);
