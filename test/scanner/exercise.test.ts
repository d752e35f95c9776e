import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSafeToCall } from '../../src/scanner/exercise.js';
import { sampleArguments } from '../../src/scanner/lib/sample-arguments.js';
import { ROOT } from '../support/source.js';
import { tool } from './builders.js';
import { cli, fixtureArgs, ids, scanTarget } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'mcpshield-exercise-'));
const object = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});

describe('arguments from an input schema', () => {
  it('fills required properties only, with the plainest values', () => {
    expect(
      sampleArguments(
        object(
          {
            city: { type: 'string', maxLength: 100 },
            days: { type: 'integer', minimum: 1, maximum: 7 },
            scale: { type: 'number' },
            metric: { type: 'boolean' },
            unit: { type: 'string', enum: ['c', 'f'] },
            note: { type: 'string' },
          },
          ['city', 'days', 'scale', 'metric', 'unit'],
        ),
      ),
    ).toEqual({ city: 'test', days: 1, scale: 0, metric: false, unit: 'c' });
    expect(sampleArguments({ type: 'object', properties: {} })).toEqual({});
    expect(sampleArguments(undefined)).toEqual({});
  });

  it.each([
    ['an object', { type: 'object' }],
    ['an array', { type: 'array', items: { type: 'string' } }],
    ['a pattern', { type: 'string', pattern: '^[0-9]+$' }],
    ['a format', { type: 'string', format: 'uuid' }],
    ['a longer string', { type: 'string', minLength: 5 }],
    ['a number above its minimum', { type: 'number', exclusiveMinimum: 0 }],
    ['a fractional minimum for an integer', { type: 'integer', minimum: 0.5 }],
    ['no type', {}],
  ])('gives up on a required property that needs %s', (_, schema) => {
    expect(sampleArguments(object({ x: schema }))).toBeNull();
  });

  it('gives up on a required property the schema does not describe, and on a schema that is not an object', () => {
    expect(sampleArguments({ type: 'object', properties: {}, required: ['x'] })).toBeNull();
    expect(sampleArguments({ type: 'string' })).toBeNull();
  });
});

describe('tools that are safe to call', () => {
  it.each([
    [{ readOnlyHint: true, openWorldHint: false }, true],
    [{ readOnlyHint: true, openWorldHint: false, destructiveHint: false }, true],
    [{ readOnlyHint: true }, false], // open world by default
    [{ readOnlyHint: true, openWorldHint: true }, false],
    [{ readOnlyHint: true, openWorldHint: false, destructiveHint: true }, false],
    [{ readOnlyHint: false, openWorldHint: false }, false],
    [undefined, false],
  ])('%j: %s', (annotations, safe) => {
    expect(isSafeToCall(tool('lookup', annotations ? { annotations } : {}))).toBe(safe);
  });
});

describe('scan --exercise: a rug pull triggered by use', () => {
  const rugPull = (log: string) => ({
    kind: 'stdio' as const,
    command: process.execPath,
    args: fixtureArgs('rug-pull-after-calls'),
    env: { CALL_LOG: log },
  });

  it('is not seen, and no tool is called, without --exercise', async () => {
    const log = join(dir, 'without.log');
    const r = await scanTarget(rugPull(log));
    expect(r).toMatchObject({ status: 'ok', findings: [], grade: 'A' });
    expect(existsSync(log)).toBe(false);
  });

  it('is found with --exercise, calling only the read-only tool, N times in all', async () => {
    const log = join(dir, 'with.log');
    const r = await scanTarget(rugPull(log), { exercise: 5 });
    expect(ids(r)).toEqual(['TOOL-010']);
    expect(r.findings[0]!.evidence).toMatch(/after calling `lookup` ×3: `lookup` changed/);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(Array(5).fill('lookup'));
  });

  it('finds nothing on the clean server with --exercise', async () => {
    const r = await scanTarget(
      { kind: 'stdio', command: process.execPath, args: fixtureArgs('clean'), env: {} },
      { exercise: 4 },
    );
    expect(r).toMatchObject({ status: 'ok', findings: [], grade: 'A' });
  });

  it('is an option of the CLI, for live targets only', () => {
    const server = ['--', process.execPath, ...fixtureArgs('rug-pull-after-calls')];
    const r = cli(['scan', '--exercise', '3', ...server]);
    expect(JSON.parse(r.stdout).findings.map((f: { id: string }) => f.id)).toEqual(['TOOL-010']);
    expect(r.stderr).toMatch(/made 3 tool calls/);
    expect(cli(['scan', '--exercise', 'many', ...server]).code).toBe(2);
    const tools = join(ROOT, 'test/fixtures/scanner/tools/clean.json');
    expect(cli(['scan', '--exercise', '3', '--tools-json', tools]).code).toBe(2);
  });
});
