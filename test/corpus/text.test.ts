import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseInput } from '../../src/detectors/cases.js';
import { promptInjection } from '../../src/detectors/prompt-injection.js';
import { toolPoisoning } from '../../src/detectors/tool-poisoning.js';

/**
 * False positives of prompt_injection and tool_poisoning on benign text of our own (`benign-text.txt`):
 * READMEs, changelogs, support mail, security prose, code, logs and ten languages. Each line is scanned
 * as a tool result and as a tool description. See README.md in this folder.
 */
const lines = readFileSync(join(import.meta.dirname, 'benign-text.txt'), 'utf8')
  .split(/\r?\n/)
  .filter((l) => l.length > 0 && !l.startsWith('#'));

const asResult = promptInjection.create(promptInjection.options.parse({}));
const asDescription = toolPoisoning.create(toolPoisoning.options.parse({}));

function flagged(label: string, hit: (line: string) => (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const kinds = hit(line);
    if (kinds.length > 0) out.push(`${line} => ${kinds.join(', ')}`);
  }
  console.log(`${label} benign-text.txt: ${out.length}/${lines.length} flagged`);
  for (const o of out) console.log(`  ${o}`);
  return out;
}

describe('benign text', () => {
  it('has enough lines to mean something', () => {
    expect(lines.length).toBeGreaterThanOrEqual(100);
  });

  it('prompt_injection flags none of it as a tool result', () => {
    const out: string[] = flagged('prompt_injection', (text) =>
      asResult(caseInput({ text })).findings.map((f) => f.kind),
    );
    expect(out).toEqual([]);
  });

  it('tool_poisoning flags at most 1% of it as a tool description', () => {
    const out: string[] = flagged('tool_poisoning', (description) =>
      asDescription(
        caseInput({
          method: 'tools/list',
          result: { tools: [{ name: 'tool', description, inputSchema: {} }] },
        }),
      ).findings.map((f) => f.kind),
    );
    expect(out.length).toBeLessThanOrEqual(Math.floor(lines.length / 100));
  });
});
