import { defineCheck } from '../types.js';
import { REF } from './references.js';

/** Bits of entropy an id can hold, from its length and the smallest alphabet that covers its characters. */
export function entropyBits(id: string): number {
  let alphabet = 10;
  if (/^[0-9a-f-]+$/i.test(id)) alphabet = /[a-f]/i.test(id) ? 16 : 10;
  else if (/^[0-9a-z]+$/i.test(id)) alphabet = 36;
  else alphabet = 64;
  const symbols = id.replaceAll('-', '').length;
  return Math.floor(symbols * Math.log2(alphabet));
}

/** Ids that differ only in a trailing number that counts up. */
export function sequential(ids: string[]): boolean {
  if (ids.length < 2) return false;
  const split = ids.map(trailingNumber);
  if (split.some((m) => !m) || new Set(split.map((m) => m![0])).size !== 1) return false;
  const n = split.map((m) => m![1]);
  return n.every((v, i) => i === 0 || (v > n[i - 1]! && v - n[i - 1]! < 1000));
}

/** `sess-41` gives `['sess-', 41]`; null without trailing digits. */
function trailingNumber(id: string): [string, number] | null {
  let i = id.length;
  while (i > 0 && id[i - 1]! >= '0' && id[i - 1]! <= '9') i--;
  return i === id.length ? null : [id.slice(0, i), Number(id.slice(i))];
}

export const check = defineCheck({
  meta: {
    id: 'TRN-004',
    title: 'Predictable or low-entropy session ids',
    family: 'transport',
    severity: 'high',
    owasp: 'MCP07',
    cwe: ['CWE-330', 'CWE-384'],
    references: [REF.transports, REF.securityBestPractices, REF.owaspSession],
    description:
      'The scanner opened several sessions and looked at their `Mcp-Session-Id`: they count up, repeat, or ' +
      'hold fewer than 64 bits of entropy. The spec requires secure, non-deterministic session ids; a guessable ' +
      'id lets another client inject into or hijack a session.',
    remediation: {
      text: 'Generate session ids with a cryptographic random generator (a UUID v4 or 128 random bits).',
      language: 'ts',
      example: `import { randomUUID } from 'node:crypto';
new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });`,
    },
  },
  run(s) {
    const ids = s.http?.sessionIds ?? [];
    if (ids.length === 0) return [];
    const problems: string[] = [];
    if (new Set(ids).size < ids.length) problems.push('the same id twice');
    if (sequential(ids)) problems.push('ids count up');
    const weakest = Math.min(...ids.map(entropyBits));
    if (weakest < 64) problems.push(`at most ${weakest} bits of entropy`);
    if (problems.length === 0) return [];
    return [
      {
        location: s.http!.url,
        evidence: `${problems.join(', ')}: ${ids
          .slice(0, 3)
          .map((i) => `\`${i.slice(0, 40)}\``)
          .join(', ')}`,
      },
    ];
  },
});
