import { z } from 'zod';
import { fieldSecret, findSecrets, type SecretFound, type SecretMatch } from './lib/secret-patterns.js';
import { mapStrings } from './lib/walk.js';
import { defineDetector, SEVERITIES, type Finding, type Severity } from './types.js';

/**
 * Credentials in what servers send back: cloud keys, VCS and API tokens, JWTs, private keys, passwords in
 * connection strings, headers and assignments. The pattern table and the scanner live in
 * `lib/secret-patterns.ts`; this file walks results, redacts and reports.
 */
export const secrets = defineDetector({
  meta: {
    id: 'secrets',
    title: 'Secrets in results',
    description:
      'Finds credentials in tool results, resource contents, prompts and completions (cloud keys, VCS, chat, ' +
      'payment and LLM provider tokens, JWTs, PEM and PGP private keys, service-account JSON, passwords in ' +
      'connection strings, authorization headers and secret-named fields) and redacts them in place, keeping ' +
      'the shape of the text: `postgres://app:[REDACTED:password]@db/x`. Findings name the kind and the path, ' +
      'never the secret.',
    severity: 'high',
    defaultAction: 'redact',
    actions: ['redact', 'deny', 'log', 'off'],
    phases: ['response'],
    // Completions can echo configuration values too; tools/list and friends belong to tool_poisoning.
    methods: ['tools/call', 'resources/read', 'prompts/get', 'completion/complete'],
    references: [
      'https://cwe.mitre.org/data/definitions/200.html',
      'https://cwe.mitre.org/data/definitions/798.html',
      'https://cwe.mitre.org/data/definitions/532.html',
      'https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/',
    ],
    cwe: ['CWE-200', 'CWE-798', 'CWE-532'],
    owasp: 'MCP01',
  },
  options: z.object({
    /** Kinds to leave alone, e.g. `['jwt']` for a server whose job is to hand out session tokens. */
    ignore: z.array(z.string()).default([]),
  }),
  create(options) {
    const ignore = new Set(options.ignore);
    return (input) => {
      if (input.result === undefined) return { findings: [] };
      const groups = new Map<string, Group>();
      const result = mapStrings(input.result, (value, path, key) => {
        let matches = secretsIn(value, key);
        if (ignore.size > 0) matches = matches.filter((m) => !ignore.has(m.kind));
        if (matches.length === 0) return value;
        for (const m of matches) record(groups, path, m);
        return redact(value, matches);
      });
      return { findings: [...groups.values()].map(toFinding), result };
    };
  },
});

/**
 * Redact every secret in a text (for the gateway's audit log, or any other text): each secret becomes
 * `[REDACTED:kind]`; `found` gives the kind and the span in the original text.
 */
export function redactSecrets(text: string): { text: string; found: SecretFound[] } {
  const matches = findSecrets(text);
  return {
    text: redact(text, matches),
    found: matches.map(({ kind, start, end }) => ({ kind, start, end })),
  };
}

function redact(text: string, matches: readonly SecretFound[]): string {
  if (matches.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const m of matches) {
    out += `${text.slice(pos, m.start)}[REDACTED:${m.kind}]`;
    pos = m.end;
  }
  return out + text.slice(pos);
}

// Field names worth a look when a structured result holds a secret on its own (`{"password": "..."}`).
const SECRET_FIELD_HINT = /pass|pwd|secret|token|key|cred|auth/i;

/** Secrets inside a string, or the whole string when its field name says it is one. */
function secretsIn(value: string, key: string | undefined): SecretMatch[] {
  const matches = findSecrets(value);
  if (matches.length > 0 || value.length < 6 || value.length > 4096) return matches;
  if (key === undefined || !SECRET_FIELD_HINT.test(key)) return matches;
  const hit = fieldSecret(key, value);
  return hit ? [hit] : matches;
}

/** One finding per kind and path, however many times it occurs there. */
type Group = { path: string; kind: string; description: string; severity: Severity; count: number };

function record(groups: Map<string, Group>, path: string, m: SecretMatch): void {
  const id = `${m.kind}\u0000${path}`;
  const group = groups.get(id);
  if (group === undefined) {
    groups.set(id, { path, kind: m.kind, description: m.description, severity: m.severity, count: 1 });
    return;
  }
  group.count++;
  if (SEVERITIES.indexOf(m.severity) > SEVERITIES.indexOf(group.severity)) group.severity = m.severity;
}

function toFinding(g: Group): Finding {
  const times = g.count > 1 ? `, ${g.count} occurrences` : '';
  return {
    detector: 'secrets',
    severity: g.severity,
    message: `${g.description}${times}`,
    kind: g.kind,
    path: g.path,
  };
}
