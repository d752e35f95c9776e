// Discovery benchmarks. Run with `npm run bench` (builds first). A full scan of the Linux fixture home
// (19 clients, 38 servers, every format) and an unchanged re-scan by the agent, each beside a baseline
// measured in the same run: reading and JSON-parsing the same config files, the least any scan must do.
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFingerprint } from '../dist/discovery/agent/fingerprint.js';
import { discover } from '../dist/discovery/discover.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const FIXTURE = new URL('../test/fixtures/discovery/linux/', import.meta.url).pathname;

/** A copy of the fixture machine with its `@HOME@` paths pointing into the copy. */
function fixtureCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'mcpshield-bench-discovery-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const home = join(dir, 'home');
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files.push(p);
        const text = readFileSync(p, 'utf8');
        if (text.includes('@HOME@')) writeFileSync(p, text.replaceAll('@HOME@', home));
      }
    }
  };
  walk(home);
  return { home, root: join(dir, 'system'), files };
}

/** Median milliseconds of `fn` over RUNS runs, after one warm-up run. */
async function median(fn) {
  await fn();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const { home, root, files } = fixtureCopy();
const json = files.filter((f) => f.endsWith('.json'));
const opts = { os: 'linux', home, root };

const base = await median(async () => {
  for (const f of json) {
    try {
      JSON.parse(readFileSync(f, 'utf8'));
    } catch {
      // the broken fixture file
    }
  }
});
const full = await median(() => discover(opts));
const cache = new Map();
await discover({ ...opts, cache });
const unchanged = await median(() => configFingerprint({ ...opts, cache }));

const rows = [
  ['discover, 19 clients, 38 servers', full, 300],
  ['agent re-scan, nothing changed', unchanged, 30],
];
console.log(
  `discovery (median of ${RUNS}; baseline: read + JSON.parse of the ${json.length} JSON configs, ${base.toFixed(2)} ms)`,
);
for (const [name, ms, target] of rows)
  console.log(
    `  ${name.padEnd(36)} ${ms.toFixed(2).padStart(8)} ms   target <= ${target} ms  ${ms <= target ? 'ok' : 'MISSED'}   ${(ms / base).toFixed(1)}x baseline`,
  );
