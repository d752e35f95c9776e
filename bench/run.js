// Engine benchmarks. Run with `npm run bench` (builds first). Every figure is printed beside a baseline
// measured in the same run on the same machine: JSON.parse + JSON.stringify of the same message, the cost
// a gateway pays anyway to relay it. Single thread = one core.
import { compile, decide, detectorIds } from '../dist/index.js';
import { adversarial } from './adversarial.js';
import { fixtures } from './fixtures.js';

const MIN_MS = Number(process.env.BENCH_MS ?? 1000);

/** Operations per second of fn over a list of inputs, best of 3 timed rounds after a warm-up. */
function opsPerSecond(fn, inputs) {
  let sink = 0;
  const round = (ms) => {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < inputs.length; i++) sink ^= fn(inputs[i]) ? 1 : 0;
      n += inputs.length;
      now = performance.now();
    }
    return (n * 1000) / (now - start);
  };
  round(Math.min(300, MIN_MS));
  const best = Math.max(round(MIN_MS), round(MIN_MS), round(MIN_MS));
  if (sink === 42) console.log('');
  return best;
}

function baseline(events) {
  const lines = events.map((e) => JSON.stringify(e));
  return opsPerSecond((l) => JSON.stringify(JSON.parse(l)).length > 0, lines);
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const rows = [];
function report(name, value, unit, target, base, higherIsBetter = true) {
  const ok = higherIsBetter ? value >= target : value <= target;
  const ratio = base === undefined ? '' : `${(value / base).toFixed(2)}x baseline`;
  rows.push({
    name,
    value: `${value >= 100 ? fmt(value) : value.toFixed(2)} ${unit}`,
    target: `${higherIsBetter ? '>=' : '<='} ${fmt(target)} ${unit}`,
    ok: ok ? 'ok' : 'MISSED',
    ratio,
  });
}

// 1. Rules only: a 50-rule policy, every detector off.
{
  const { ir } = compile(fixtures.fiftyRulePolicy(), {});
  const events = fixtures.ruleEvents();
  const base = baseline(events);
  const dps = opsPerSecond((e) => decide(ir, e).decision === 'allow', events);
  report('decisions/s, 50 rules, no detectors', dps, 'dec/s', 200_000, base);
  rows.at(-1).note = `baseline JSON round-trip ${fmt(base)}/s`;
}

// 2. All detectors on 1 KiB arguments.
{
  const { ir } = compile('version: 1\ndefault: allow\n', {});
  const events = fixtures.kibEvents();
  const base = baseline(events);
  const dps = opsPerSecond((e) => decide(ir, e).decision === 'allow', events);
  report('decisions/s, all detectors, 1 KiB args', dps, 'dec/s', 50_000, base);
  rows.at(-1).note = `baseline JSON round-trip ${fmt(base)}/s`;
}

// 3. Redaction throughput on a 64 KiB tool result.
{
  const { ir } = compile(
    'version: 1\ndefault: allow\ndetectors: { prompt_injection: off, tool_poisoning: off }\n',
    {},
  );
  const ev = fixtures.redactionEvent();
  const bytes = Buffer.byteLength(JSON.stringify(ev.result));
  const probe = decide(ir, ev);
  if (!JSON.stringify(probe.result).includes('[REDACTED:'))
    throw new Error('redaction fixture found no secret');
  const base = (baseline([ev]) * bytes) / 1e6;
  const mbps = (opsPerSecond((e) => decide(ir, e).decision === 'allow', [ev]) * bytes) / 1e6;
  report('redaction, 64 KiB result', mbps, 'MB/s', 50, base);
  rows.at(-1).note =
    `${probe.findings.length} secrets per result; baseline JSON round-trip ${base.toFixed(1)} MB/s`;
}

// 3b. Prompt-injection scan of a 64 KiB prose result (read in every tool result).
{
  const { ir } = compile('version: 1\ndefault: allow\ndetectors: { secrets: off }\n', {});
  const ev = fixtures.proseEvent();
  const bytes = Buffer.byteLength(JSON.stringify(ev.result));
  if (decide(ir, ev).findings.length > 0) throw new Error('the prose fixture should be clean');
  const base = (baseline([ev]) * bytes) / 1e6;
  const mbps = (opsPerSecond((e) => decide(ir, e).decision === 'allow', [ev]) * bytes) / 1e6;
  report('prompt injection scan, 64 KiB prose', mbps, 'MB/s', 10, base);
  rows.at(-1).note =
    `${((bytes / 1e6 / mbps) * 1000).toFixed(2)} ms per result; baseline JSON round-trip ${base.toFixed(1)} MB/s`;
}

// 4. Worst case per detector on 100 KiB of adversarial input.
for (const id of detectorIds) {
  const others = detectorIds
    .filter((d) => d !== id)
    .map((d) => `  ${d}: off`)
    .join('\n');
  const { ir } = compile(`version: 1\ndefault: allow\ndetectors:\n  ${id}: log\n${others}\n`, {});
  let worst = 0;
  let worstName = '';
  for (const { name, event } of adversarial(id)) {
    decide(ir, event); // warm
    const times = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      decide(ir, event);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[2];
    if (median > worst) {
      worst = median;
      worstName = name;
    }
  }
  report(`worst case ${id}, 100 KiB adversarial`, worst, 'ms', 50, undefined, false);
  rows.at(-1).note = `worst input: ${worstName}`;
}

const width = (k) => Math.max(k.length, ...rows.map((r) => String(r[k] ?? '').length));
const cols = ['name', 'value', 'target', 'ok', 'ratio', 'note'];
console.log(cols.map((c) => c.padEnd(width(c))).join('  '));
for (const r of rows) console.log(cols.map((c) => String(r[c] ?? '').padEnd(width(c))).join('  '));
console.log(`\nnode ${process.version}, ${process.arch}, one thread; BENCH_MS=${MIN_MS}`);
if (rows.some((r) => r.ok !== 'ok')) process.exitCode = 1;
