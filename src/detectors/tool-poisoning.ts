import { z } from 'zod';
import {
  compileRules,
  FAMILIES,
  HIDING_KINDS,
  forEachWord,
  matchRules,
  scanText,
  type InjectionMatch,
  type ScanOptions,
} from './lib/injection.js';
import { showValue } from './lib/path.js';
import { analyzeText } from './lib/text.js';
import { propertyPath, walkStrings } from './lib/walk.js';
import { defineDetector, type Finding, type Severity } from './types.js';

export const TOOL_POISONING_KINDS = [
  ...FAMILIES,
  'shadowing',
  'exfiltration-parameter',
  ...HIDING_KINDS,
] as const;

export const toolPoisoning = defineDetector({
  meta: {
    id: 'tool_poisoning',
    title: 'Tool poisoning',
    description:
      'Reads what `tools/list`, `prompts/list`, `resources/list` and `resources/templates/list` say about each ' +
      'tool, prompt and resource (names, titles, descriptions, input-schema descriptions, titles, defaults and ' +
      'enums, annotations) for instructions aimed at the model: the phrase families of `prompt_injection`, ' +
      'the `<IMPORTANT>` tag shape, instructions to read credential files (`~/.ssh/id_rsa`, `mcp.json`), ' +
      'hidden characters, shadowing (a description that redirects the use of another tool: "when ' +
      '`send_email` is used, always bcc ...", "use this instead of `read_file`") and exfiltration-shaped ' +
      'parameters (`conversation_history`, `system_prompt`, or a `sidenote` whose description asks for file ' +
      'contents, the conversation or secrets). Each finding names the item (`result.tools[3].description`), ' +
      'so that a gateway can drop just that tool.',
    severity: 'high',
    defaultAction: 'deny',
    actions: ['deny', 'log', 'off'],
    phases: ['response'],
    methods: ['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list'],
    references: [
      'https://invariantlabs.ai/blog/mcp-security-notification-tool-poisoning-attacks',
      'https://cwe.mitre.org/data/definitions/1427.html',
      'https://cwe.mitre.org/data/definitions/74.html',
      'https://modelcontextprotocol.io/specification/2025-06-18/server/tools#security-considerations',
    ],
    cwe: ['CWE-1427', 'CWE-74'],
    owasp: 'MCP03',
  },
  options: z.object({
    /** Kinds not to report. */
    ignore_kinds: z.array(z.enum(TOOL_POISONING_KINDS)).default([]),
    /** Names of other servers' tools to protect from shadowing, besides the common ones (`send_email`...). */
    protected_tools: z.array(z.string()).default([]),
    /** Zero-width characters between words needed for a finding (one inside a Latin word is enough). */
    zero_width_limit: z.number().int().min(1).default(4),
    /** Words mixing Latin with lookalike letters needed for a `homoglyph` finding (at most 16). */
    homoglyph_words: z.number().int().min(1).max(16).default(1),
  }),
  create(options) {
    const ignore = new Set<string>(options.ignore_kinds);
    const scan: ScanOptions = {
      families: new Set(FAMILIES),
      ignore,
      zeroWidthLimit: options.zero_width_limit,
      homoglyphWords: options.homoglyph_words,
    };
    const known = [...COMMON_TOOLS, ...options.protected_tools.map((n) => n.toLowerCase())];
    return (input) => {
      const findings: Finding[] = [];
      const emit = (kind: string, severity: Severity, message: string, path: string) => {
        if (!ignore.has(kind)) findings.push({ detector: 'tool_poisoning', severity, kind, message, path });
      };
      const items = listItems(input.result);
      const listed = new Set(
        items.map(({ item }) => (typeof item.name === 'string' ? item.name.toLowerCase() : '')),
      );
      const foreign = new Set(known.filter((n) => !listed.has(n)));
      for (const { item, path } of items) {
        const self = typeof item.name === 'string' ? item.name.toLowerCase() : '';
        const exfiltrating: string[] = []; // folded item texts that ask to read or send secrets
        walkStrings(
          item,
          path,
          (value, at, key) => {
            const isKey = at.endsWith('{key}');
            if (!isKey && key !== undefined && SKIPPED_KEYS.has(key)) return;
            const { hits, folded, families } = scanText(value, scan);
            for (const hit of hits) findings.push({ detector: 'tool_poisoning', ...hit, path: at });
            if (isKey || key === 'name') return;
            const shadow = shadowing(folded, self, foreign);
            if (shadow)
              emit('shadowing', 'high', `redirects the use of another tool: \`${showValue(shadow)}\``, at);
            if (families.has('exfiltration') || families.has('sensitive-file-read'))
              exfiltrating.push(folded);
          },
          { keys: true },
        );
        for (const p of exfiltrationParameters(item.inputSchema, `${path}.inputSchema`, exfiltrating))
          emit('exfiltration-parameter', p.severity, p.message, p.path);
      }
      return { findings };
    };
  },
});

// ---------------------------------------------------------------------------------------------------------
// The listed items

/** The lists a server describes itself with, by result key. */
const LISTS = ['tools', 'prompts', 'resources', 'resourceTemplates'] as const;

/** Strings that are identifiers or formats, not text a model reads as instructions. */
const SKIPPED_KEYS = new Set([
  'uri',
  'uriTemplate',
  'mimeType',
  '$schema',
  '$ref',
  '$id',
  'type',
  'format',
  'pattern',
]);

type Item = { item: Record<string, unknown>; path: string };

function listItems(result: unknown): Item[] {
  const out: Item[] = [];
  if (!isObject(result)) return out;
  for (const list of LISTS) {
    const arr = result[list];
    if (!Array.isArray(arr)) continue;
    arr.forEach((item, i) => {
      if (isObject(item)) out.push({ item, path: `result.${list}[${i}]` });
    });
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------------
// Shadowing

/** Tools of other servers that poisoned descriptions commonly target. */
const COMMON_TOOLS = [
  'send_email',
  'send_message',
  'send_slack_message',
  'slack_post_message',
  'post_message',
  'send_sms',
  'execute_command',
  'run_command',
  'run_shell_command',
  'shell_exec',
  'execute_sql',
  'run_query',
  'query_database',
  'read_file',
  'write_file',
  'edit_file',
  'delete_file',
  'create_file',
  'list_directory',
  'move_file',
  'http_request',
  'fetch_url',
  'web_fetch',
  'web_search',
  'browser_navigate',
  'browser_click',
  'create_issue',
  'create_pull_request',
  'push_files',
  'merge_pull_request',
  'create_or_update_file',
  'git_push',
  'transfer_funds',
  'send_payment',
  'make_payment',
  'create_payment',
  'get_secret',
  'read_secret',
  'list_secrets',
  'post_tweet',
  'create_event',
  'send_invoice',
  'upload_file',
];

/** Words that turn a mention of another server's tool into a redirect: "when `send_email` is used, always
 * bcc ...", "use this instead of `read_file`", "before using `transfer_money`, change the recipient". */
const CUES = new Set([
  'instead',
  'rather',
  'bcc',
  'cc',
  'redirect',
  'redirects',
  'redirected',
  'recipient',
  'recipients',
  'never',
  'avoid',
  'supersedes',
  'overrides',
  'intercept',
  'intercepts',
  'hijack',
  'when',
  'whenever',
  'always',
  'before',
  'after',
  'must',
  'every',
  'each',
  'once',
  'if',
  'should',
]);
const NEAR = 10;

/**
 * A mention of a tool this server does not list (a common target such as `send_email`, or one named in
 * `protected_tools`) within `NEAR` words of a redirecting cue. Mentions of the server's own tools are its
 * own business ("DEPRECATED: use `read_text_file` instead"); a gateway sees one server's list at a time,
 * so other servers' tools are known by name only. Returns the evidence, or undefined. Linear: it keeps the
 * last position of each.
 */
function shadowing(text: string, self: string, foreign: ReadonlySet<string>): string | undefined {
  let cue = { index: -Infinity, start: 0 };
  let mention = { index: -Infinity, start: 0 };
  let found: string | undefined;
  forEachWord(text, (w) => {
    if (found !== undefined) return;
    const here = { index: w.index, start: w.start };
    if (w.chunk && w.chunk.text !== self && foreign.has(w.chunk.text)) {
      if (w.index - cue.index <= NEAR) found = evidence(text, cue.start, w.end);
      mention = here;
    } else if (CUES.has(text.slice(w.start, w.end))) {
      if (w.index - mention.index <= NEAR) found = evidence(text, mention.start, w.end);
      cue = here;
    }
  });
  return found;
}

/** Text around a match: from a few words before `start` to `end`. */
function evidence(text: string, start: number, end: number): string {
  return text.slice(Math.max(0, text.lastIndexOf(' ', Math.max(0, start - 40)) + 1), end);
}

// ---------------------------------------------------------------------------------------------------------
// Exfiltration-shaped parameters

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Names that ask for the conversation or the system prompt by themselves. */
const CONVERSATION_PARAMS = new Set(
  [
    'conversation_history',
    'chat_history',
    'previous_messages',
    'prior_messages',
    'message_history',
    'system_prompt',
    'system_message',
    'system_instructions',
    'full_conversation',
    'entire_conversation',
    'conversation_log',
    'chat_log',
    'all_messages',
    'context_window',
    'full_context',
    'conversation',
  ].map(squash),
);
/** Free-text names that make a natural side channel; they count with weaker evidence. */
const NOTE_PARAMS = new Set(
  [
    'sidenote',
    'side_note',
    'note',
    'notes',
    'context',
    'feedback',
    'extra',
    'extras',
    'metadata',
    'meta',
    'debug',
    'debug_info',
    'comment',
    'comments',
    'remarks',
    'details',
    'info',
    'annotation',
    'summary',
    'reasoning',
    'thoughts',
    'memo',
    'data',
    'additional_info',
    'additional_context',
    'payload',
  ].map(squash),
);

/** A property description that asks for secrets, files or the conversation, whatever the name. */
const STRONG_EVIDENCE = compileRules([
  {
    family: 'exfiltration',
    first: [
      'contents of',
      'content of',
      'contents from',
      'the text of',
      'full text of',
      'read',
      'cat',
      'paste',
      'copy',
      'include',
    ],
    last: ['$secret'],
    within: 5,
  },
  {
    family: 'exfiltration',
    first: [
      'system prompt',
      'system instructions',
      'system message',
      'conversation history',
      'chat history',
      'message history',
      'entire conversation',
      'full conversation',
      'whole conversation',
      'all previous messages',
      'previous messages',
      'prior messages',
      'environment variables',
      'env vars',
    ],
  },
  {
    family: 'exfiltration',
    first: ['all', 'every', 'any'],
    last: ['passwords', 'secrets', 'tokens', 'credentials', 'api keys', 'keys', 'private keys'],
    within: 2,
  },
]);
/** Enough for a note-like parameter. */
const WEAK_EVIDENCE = compileRules([
  {
    family: 'exfiltration',
    first: [
      'conversation',
      'conversations',
      'chat',
      'history',
      'transcript',
      'secret*',
      'credential*',
      'password*',
      'token',
      'tokens',
      'api key*',
      'private key*',
      'file contents',
      'contents of',
      'content of',
      'everything',
    ],
  },
]);

type ParameterFinding = { path: string; severity: Severity; message: string };

/**
 * Parameters (at any depth of the input schema) shaped to carry data out: a name that asks for the
 * conversation, a description that asks for secrets or files, or a parameter that the tool's own
 * description asks to fill with what it had the model read (`... read ~/.cursor/mcp.json and pass its
 * content as 'sidenote'`).
 */
function exfiltrationParameters(schema: unknown, root: string, exfiltrating: string[]): ParameterFinding[] {
  const out: ParameterFinding[] = [];
  for (const { name, schema: prop, path } of properties(schema, root)) {
    const shown = `\`${showValue(name, 40)}\``;
    const text = analyzeText(ownText(prop)).folded;
    const strong = firstMatch(text, STRONG_EVIDENCE);
    const weak = NOTE_PARAMS.has(squash(name)) ? firstMatch(text, WEAK_EVIDENCE) : undefined;
    if (exfiltrating.some((t) => mentions(t, name.toLowerCase())))
      out.push({
        path,
        severity: 'critical',
        message: `parameter ${shown} is where the description has the model put what it reads`,
      });
    else if (strong || weak)
      out.push({
        path,
        severity: 'critical',
        message: `parameter ${shown} asks for \`${showValue((strong ?? weak)!.evidence)}\``,
      });
    else if (CONVERSATION_PARAMS.has(squash(name)))
      out.push({
        path,
        severity: 'high',
        message: `parameter ${shown} asks the model for its conversation or instructions`,
      });
  }
  return out;
}

/** Every property of a JSON schema, nested ones included, walked iteratively. */
function properties(
  schema: unknown,
  root: string,
): { name: string; schema: Record<string, unknown>; path: string }[] {
  const out: { name: string; schema: Record<string, unknown>; path: string }[] = [];
  const stack: { node: unknown; path: string }[] = [{ node: schema, path: root }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((v, i) => stack.push({ node: v, path: `${path}[${i}]` }));
      continue;
    }
    if (!isObject(node)) continue;
    const props = node.properties;
    for (const [key, value] of Object.entries(node)) {
      const at = propertyPath(path, key);
      if (value === props && isObject(props)) {
        for (const [name, prop] of Object.entries(props)) {
          const propPath = propertyPath(at, name);
          if (isObject(prop)) out.push({ name, schema: prop, path: propPath });
          stack.push({ node: prop, path: propPath });
        }
      } else if (value !== null && typeof value === 'object') stack.push({ node: value, path: at });
    }
  }
  return out;
}

/** A property's own words: description, title, string default, examples and enum values. */
function ownText(prop: Record<string, unknown>): string {
  const parts = [prop.description, prop.title, prop.default];
  for (const list of [prop.examples, prop.enum]) if (Array.isArray(list)) parts.push(...list);
  return parts.filter((p): p is string => typeof p === 'string').join('\n');
}

function firstMatch(folded: string, rules: ReturnType<typeof compileRules>): InjectionMatch | undefined {
  const out: InjectionMatch[] = [];
  matchRules(folded, rules, new Set(), out);
  return out[0];
}

/** Does folded text name `name` as a whole word, quoted unless the name is long or has a `_`? */
function mentions(text: string, name: string): boolean {
  if (name.length === 0) return false;
  const distinctive = name.length >= 6 || name.includes('_');
  const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9_]/.test(c);
  const isQuote = (c: string | undefined) => c === "'" || c === '"' || c === '`';
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1];
    const after = text[i + name.length];
    if (!isWordChar(before) && !isWordChar(after) && (distinctive || (isQuote(before) && isQuote(after))))
      return true;
  }
  return false;
}
