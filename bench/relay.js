// The stdio gateway's own cost per call, as CPU time in one process (immune to what other processes and
// the hypervisor take from the wall clock): a client and an echo server talk over in-memory channels,
// either directly ("bare": their own JSON work only) or through the gateway's real session and pipeline,
// with every detector off, then with the default policy (every detector on). 1 KiB echo calls, as in
// bench/gateway.js.
//
// "warm" calls run back to back. "cold" calls evict the CPU caches before each call by touching 8 MiB,
// as happens in a real stdio chain where the client, the gateway and the server take turns on two cores:
// each process wakes with caches the other two have filled. The eviction's own time is not counted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { compile } from '../dist/policy/compile.js';
import { createGateway } from '../dist/gateway/gateway.js';
import { Session } from '../dist/gateway/session.js';

process.env.MCPSHIELD_LOG_LEVEL ??= 'silent';
const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const ROUNDS = 3;
const MESSAGE = 'x'.repeat(1024);
const DETECTORS_OFF = `version: 1
default: allow
detectors: { ssrf: off, path_traversal: off, sensitive_paths: off, command_injection: off, prompt_injection: off, secrets: off, tool_poisoning: off }
`;

/** One side of an in-memory stdio pair: a line sent is read by `peer` a microtask later. */
class MemoryChannel {
  constructor(peer) {
    this.peer = peer;
  }
  send(message) {
    const line = JSON.stringify(message);
    void Promise.resolve().then(() => this.peer(line));
    return true;
  }
  close() {}
  drained() {
    return Promise.resolve();
  }
}

/** A client and an echo server, joined directly or through a gateway with `policy`. */
async function chain(policy) {
  let answered;
  const client = new MemoryChannel((line) => answered(JSON.parse(line)));
  const server = new MemoryChannel((line) => {
    const m = JSON.parse(line);
    const result =
      m.method === 'tools/call'
        ? { content: [{ type: 'text', text: `Echo: ${m.params.arguments.message}` }] }
        : {
            protocolVersion: '2025-06-18',
            capabilities: { tools: {} },
            serverInfo: { name: 'echo', version: '1' },
          };
    setImmediate(() => server.onLine(JSON.stringify({ jsonrpc: '2.0', id: m.id, result })));
  });
  if (policy === undefined) {
    client.onLine = server.peer; // the client's lines reach the server, the server's the client
    server.onLine = client.peer;
  } else {
    const gateway = await createGateway({
      ir: compile(policy).ir,
      server: 'everything',
      upstream: { command: 'echo', args: [] },
      maxMessageBytes: 4 << 20,
      pinsDir: mkdtempSync(join(tmpdir(), 'mcpshield-bench-pins-')),
    });
    const upstream = { channel: server, ended: new Promise(() => {}), pid: undefined };
    new Session({
      server: 'everything',
      client: 'bench',
      downstream: client,
      start: () => upstream,
      judge: gateway.pipeline(),
      log: gateway.log,
    });
  }
  let id = 1;
  return (method, params) =>
    new Promise((resolve) => {
      answered = resolve;
      client.onLine(JSON.stringify({ jsonrpc: '2.0', id: id++, method, params }));
    });
}

const EVICT = new Uint8Array(8 << 20);
let touched = 0;
/** Touch one byte per cache line of 8 MiB; returns the CPU time it took, in µs. */
function evict() {
  const t = process.cpuUsage();
  for (let i = 0; i < EVICT.length; i += 64) touched += EVICT[i]++;
  const u = process.cpuUsage(t);
  return u.user + u.system;
}

/** CPU µs per echo call over `CALLS` calls, the eviction's own time taken out when `cold`. */
async function perCall(call, cold) {
  let evicting = 0;
  const t = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) {
    if (cold) evicting += evict();
    const r = await call('tools/call', { name: 'echo', arguments: { message: MESSAGE } });
    if (!r.result) throw new Error(`echo failed: ${JSON.stringify(r).slice(0, 200)}`);
  }
  const u = process.cpuUsage(t);
  return (u.user + u.system - evicting) / CALLS;
}

const WAYS = {
  bare: undefined,
  'relay, detectors off': DETECTORS_OFF,
  'gateway, all detectors': 'version: 1\ndefault: allow\n',
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One way's figures, measured in this process (a gateway runs one policy: the JIT sees one). */
async function measure(policy) {
  const call = await chain(policy);
  await call('initialize', {});
  for (let i = 0; i < 5; i++) await perCall(call, false); // warm-up: the JIT settles
  const warm = [];
  const cold = [];
  for (let round = 0; round < ROUNDS; round++) {
    warm.push(await perCall(call, false));
    cold.push(await perCall(call, true));
  }
  return { warm: median(warm), cold: median(cold) };
}

const only = process.argv[2];
if (only !== undefined) {
  process.stdout.write(JSON.stringify(await measure(WAYS[only])));
  process.exit(0);
}
const rows = {};
for (const way of Object.keys(WAYS)) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), way], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${way}: ${r.stderr}`);
  rows[way] = JSON.parse(r.stdout);
}

const bare = rows.bare;
console.log('CPU µs per 1 KiB echo call   warm    cold   added over bare, warm / cold');
for (const [way, r] of Object.entries(rows))
  console.log(
    `${way.padEnd(26)} ${r.warm.toFixed(1).padStart(6)}  ${r.cold.toFixed(1).padStart(6)}   ${way === 'bare' ? '' : `${(r.warm - bare.warm).toFixed(1)} / ${(r.cold - bare.cold).toFixed(1)}`}`,
  );
console.log(
  `\nnode ${process.version}, ${CALLS} calls per figure, medians of ${ROUNDS} rounds (cold: caches evicted before each call)`,
);
if (touched < 0) console.log(touched); // keeps the eviction loop from being optimised away
