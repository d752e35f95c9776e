import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandInjection } from '../../src/detectors/command-injection.js';
import { tokenize } from '../../src/detectors/lib/shell.js';
import type { DetectorInput } from '../../src/detectors/types.js';
import { ROOT } from '../support/source.js';

/**
 * Recall of command_injection on the public PayloadsAllTheThings command lists, and its false positives on
 * our own benign commands and arguments. See README.md in this folder.
 *
 * The corpus README says the payloads are fragments "only meaningful appended to a benign command", so
 * each is appended to `ls` (shell context: `run_command { command }`) or to `main` (no shell context:
 * `git_log { ref }`). Some lines cannot alter a command they are appended to: whole commands without any
 * shell metacharacter (`whoami`, `ls -l /tmp`, `net view`), template probes (`{{4+4}}`) and arguments
 * with balanced quotes (`perl -e 'print "X"x1024'`) only make one odd command (`lswhoami`), as a shell
 * would read it. The 99% bar applies to the others (see `altersCommand`); the raw rate is printed too.
 */
const CORPUS = join(ROOT, '../shared/corpora/payloads-all-the-things');
const LISTS = ['command-exec.txt', 'command-execution-unix.txt'];

/** Measured rates, floors set just under them (what is missed is listed in the report of this suite). */
const SHELL_RAW_FLOOR: Record<string, number> = { 'command-exec.txt': 0.87, 'command-execution-unix.txt': 1 };
const PLAIN_FLOOR: Record<string, number> = { 'command-exec.txt': 0.75, 'command-execution-unix.txt': 0.95 };

const detect = commandInjection.create(commandInjection.options.parse({}));
const call = (tool: string, args: Record<string, unknown>): DetectorInput => ({
  phase: 'request',
  method: 'tools/call',
  server: 'dev',
  tool,
  params: { name: tool, arguments: args },
});
const flagged = (tool: string, args: Record<string, unknown>) => detect(call(tool, args)).findings.length > 0;
const inShell = (payload: string) => flagged('run_command', { command: 'ls' + payload });
const inRef = (payload: string) => flagged('git_log', { ref: 'main' + payload });

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
}

function report(label: string, hits: number, total: number): number {
  const rate = hits / total;
  console.log(`${label}: ${hits}/${total} (${(rate * 100).toFixed(2)}%)`);
  return rate;
}

/**
 * Does this payload, appended to a command, change what runs? It does when, after percent- and
 * HTML-decoding, it has a shell metacharacter (`; | & $ \` ( ) < >`), a line break (also as a literal
 * `\n` / `\r` escape), or an unbalanced quote that breaks out of the quoting around it.
 */
function altersCommand(payload: string): boolean {
  let s = payload;
  for (let i = 0; i < 2; i++)
    s = s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  s = s.replace(
    /&(quot|apos|lt|gt|amp);/g,
    (_, e: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[e]!,
  );
  const odd = (q: string) => s.split(q).length % 2 === 0;
  return /[;|&$`()<>\n\r]|\\[nr]/.test(s) || odd("'") || odd('"');
}

const present = existsSync(CORPUS);
if (!present && process.env.CI) throw new Error(`command corpus missing at ${CORPUS}`);

describe.skipIf(!present)('command corpus recall', () => {
  for (const list of LISTS) {
    it(`shell context catches >= 99% of the payloads in ${list} that alter the command`, () => {
      const payloads = lines(join(CORPUS, list));
      const altering = payloads.filter(altersCommand);
      report(`command recall ${list} (shell, raw)`, payloads.filter(inShell).length, payloads.length);
      const rate = report(`command recall ${list} (shell)`, altering.filter(inShell).length, altering.length);
      expect(rate).toBeGreaterThanOrEqual(0.99);
    });

    it(`shell context, every line of ${list}, stays at its measured rate`, () => {
      const payloads = lines(join(CORPUS, list));
      expect(payloads.filter(inShell).length / payloads.length).toBeGreaterThanOrEqual(
        SHELL_RAW_FLOOR[list]!,
      );
    });

    it(`no shell context (git_log ref) on ${list}: high-confidence shapes only`, () => {
      const payloads = lines(join(CORPUS, list));
      const rate = report(
        `command recall ${list} (git_log ref)`,
        payloads.filter(inRef).length,
        payloads.length,
      );
      expect(rate).toBeGreaterThanOrEqual(PLAIN_FLOOR[list]!);
    });
  }
});

const BENIGN_COMMANDS = lines(join(ROOT, 'test/corpus/benign-commands.txt'));
const BENIGN_ARGUMENTS = lines(join(ROOT, 'test/corpus/benign-arguments.txt'));

describe('benign commands (shell context)', () => {
  it('are at least 200 single commands: no control operator outside quotes', () => {
    expect(BENIGN_COMMANDS.length).toBeGreaterThanOrEqual(200);
    const chained = BENIGN_COMMANDS.filter((c) => tokenize(c).some((t) => t.type === 'operator'));
    expect(chained).toEqual([]);
  });

  it('raise at most 1% false positives', () => {
    const fps = BENIGN_COMMANDS.filter((command) => flagged('run_command', { command }));
    const rate = report(
      'command false positives benign-commands.txt (run_command)',
      fps.length,
      BENIGN_COMMANDS.length,
    );
    expect(rate, `flagged: ${JSON.stringify(fps)}`).toBeLessThanOrEqual(0.01);
  });
});

describe('benign arguments (no shell context)', () => {
  // Ordinary (non-prose) keys get the high-confidence checks; prose keys would get fewer.
  const KEYS: [tool: string, key: string][] = [
    ['git_log', 'ref'],
    ['web_search', 'q'],
    ['run_query', 'sql'],
  ];

  it('are at least 300 values', () => {
    expect(BENIGN_ARGUMENTS.length).toBeGreaterThanOrEqual(300);
  });

  it('raise at most 1% false positives', () => {
    const fps = BENIGN_ARGUMENTS.filter((value) =>
      KEYS.some(([tool, key]) => flagged(tool, { [key]: value })),
    );
    const rate = report(
      'command false positives benign-arguments.txt (ref, q, sql)',
      fps.length,
      BENIGN_ARGUMENTS.length,
    );
    expect(rate, `flagged: ${JSON.stringify(fps)}`).toBeLessThanOrEqual(0.01);
  });
});
