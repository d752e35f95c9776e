import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, read, sourceFiles } from './support/source.js';

/**
 * The dependency rule of the architecture: the pure core (protocol <- detectors <- policy) imports no
 * `node:*` module and nothing outside the core; the runtime folders may use the core; only `cli` may use
 * everything. Detectors sit below the policy because `decide()` runs them; they know nothing of the
 * policy language.
 */
const ALLOWED: Record<string, { folders: string[]; node: boolean }> = {
  protocol: { folders: ['protocol'], node: false },
  advisories: { folders: ['advisories'], node: false },
  detectors: { folders: ['protocol', 'detectors'], node: false },
  policy: { folders: ['protocol', 'detectors', 'policy'], node: false },
  gateway: { folders: ['protocol', 'detectors', 'policy', 'gateway'], node: true },
  scanner: { folders: ['protocol', 'detectors', 'policy', 'advisories', 'scanner'], node: true },
  discovery: { folders: ['protocol', 'detectors', 'policy', 'advisories', 'discovery'], node: true },
  store: { folders: ['protocol', 'policy', 'store'], node: true },
  server: { folders: ['protocol', 'detectors', 'policy', 'advisories', 'store', 'server'], node: true },
  cli: {
    folders: [
      'protocol',
      'advisories',
      'detectors',
      'policy',
      'gateway',
      'scanner',
      'discovery',
      'store',
      'server',
      'cli',
    ],
    node: true,
  },
};

/** Violations of the rule for one file's imports. */
export function violations(file: string, imports: string[]): string[] {
  const folder = file.split('/')[1]!;
  const rule = ALLOWED[folder];
  if (!rule)
    return file.split('/').length > 2 ? [`${file}: folder \`src/${folder}\` is not in the architecture`] : [];
  const out: string[] = [];
  for (const spec of imports) {
    if (spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!)) {
      if (!rule.node) out.push(`${file}: the pure core may not import \`${spec}\``);
      continue;
    }
    if (!spec.startsWith('.')) continue; // a package
    const target = normalize(join(dirname(file), spec));
    const parts = target.split('/');
    if (parts[0] !== 'src') {
      out.push(`${file}: imports \`${spec}\` from outside src/`);
      continue;
    }
    const to = parts.length > 2 ? parts[1]! : '';
    if (to && !rule.folders.includes(to))
      out.push(`${file}: \`src/${folder}\` may not import from \`src/${to}\``);
  }
  return out;
}

const NODE_BUILTINS = new Set([
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'net',
  'crypto',
  'url',
  'util',
  'stream',
  'events',
  'readline',
  'worker_threads',
  'zlib',
  'tls',
  'dns',
  'process',
  'buffer',
]);

describe('dependency rule', () => {
  it('holds for every source file', () => {
    const problems = sourceFiles().flatMap((f) => violations(f, importsOf(read(f))));
    expect(problems).toEqual([]);
  });

  it('catches what it should (the rule checks itself)', () => {
    expect(violations('src/policy/x.ts', ['node:fs'])).toHaveLength(1);
    expect(violations('src/detectors/x.ts', ['fs'])).toHaveLength(1);
    expect(violations('src/protocol/x.ts', ['../policy/index.js'])).toHaveLength(1);
    expect(violations('src/detectors/x.ts', ['../policy/index.js'])).toHaveLength(1);
    expect(violations('src/policy/x.ts', ['../detectors/index.js', '../protocol/event.js', 'yaml'])).toEqual(
      [],
    );
    expect(violations('src/server/x.ts', ['../gateway/index.js'])).toHaveLength(1);
    expect(violations('src/cli/commands/x.ts', ['../../policy/index.js', 'node:fs'])).toEqual([]);
  });

  it('finds the imports of a file, static and dynamic', () => {
    expect(
      importsOf("import a from 'x';\nexport * from './y.js';\nconst z = await import('node:fs');"),
    ).toEqual(['x', './y.js', 'node:fs']);
  });
});
