// Control-plane benchmarks: `mcpshield up` in a child process on PostgreSQL (a throwaway database on
// MCPSHIELD_BENCH_DATABASE_URL's server) and on the embedded PGlite (a temporary data directory).
// Figures beside baselines measured in the same run: `GET /api/health` (one trivial query per request)
// for the HTTP API, a raw multi-row INSERT of the same rows for ingest.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ROOT = new URL('..', import.meta.url).pathname;
const BASE_URL = process.env.MCPSHIELD_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MS = Number(process.env.BENCH_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 32;
const BATCH = 1000;
const AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The median of each figure over rounds of `load`. */
const medians = (runs) =>
  Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));

/** One HTTP call on a keep-alive agent; resolves with the status and the body text. */
function http(agent, base, method, path, body, headers = {}) {
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      base + path,
      {
        method,
        agent,
        headers: { ...(data ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Requests per second and latency quantiles of `send` at `concurrency` for `ms`, after a warm-up. */
async function load(send, concurrency, ms) {
  const run = async (duration, latencies) => {
    let n = 0;
    const end = performance.now() + duration;
    const worker = async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await send();
        if (res.status !== 200) throw new Error(`answer ${res.status}: ${res.text.slice(0, 200)}`);
        latencies?.push(performance.now() - t);
        n++;
      }
    };
    const t = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return (n * 1000) / (performance.now() - t);
  };
  await run(Math.min(1000, ms), undefined);
  const latencies = [];
  const rps = await run(ms, latencies);
  latencies.sort((a, b) => a - b);
  return { rps, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** `mcpshield up` on a free port; resolves once it prints its URL. */
async function up(env, dataDir) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist/cli/main.js'), 'up', '--port', '0', '--data-dir', dataDir],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`mcpshield up exited with ${code}`)));
  });
  return {
    url,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

/** A verified user with a project and an API key for it. */
async function tenant(agent, base) {
  const email = `bench-${randomBytes(4).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const json = async (p) => JSON.parse((await p).text);
  await http(agent, base, 'POST', '/api/auth/register', { email, password, first_name: 'B', last_name: 'B' });
  const mailbox = await json(http(agent, base, 'GET', '/api/dev/mailbox'));
  const code = /(\d{6})/.exec(mailbox.messages.filter((m) => m.to === email).at(-1).text)[1];
  await http(agent, base, 'POST', '/api/auth/otp/verify', { email, code });
  const { access_token } = await json(http(agent, base, 'POST', '/api/auth/login', { email, password }));
  const auth = { authorization: `Bearer ${access_token}` };
  const me = await json(http(agent, base, 'GET', '/api/me', undefined, auth));
  const project = await json(http(agent, base, 'POST', '/api/projects', { name: 'bench' }, auth));
  const key = await json(http(agent, base, 'POST', `/api/projects/${project.id}/keys`, { name: 'b' }, auth));
  // Enterprise: no monthly limit, so the run measures work, not 429s.
  await http(agent, base, 'POST', '/api/billing/subscribe', { plan: 'enterprise' }, auth);
  return { auth, key: key.key, orgId: me.organizations[0].id, projectId: project.id };
}

const INSPECT = JSON.stringify({
  server: 'web',
  method: 'tools/call',
  params: { name: 'fetch', arguments: { url: 'https://docs.python.org/3/library/json.html' } },
});

function gatewayEvents(n) {
  const time = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    time,
    client: 'bench',
    server: `server-${i % 7}`,
    method: 'tools/call',
    tool: `tool-${i % 13}`,
    phase: 'response',
    decision: i % 5 === 0 ? 'deny' : 'allow',
    rules: [i % 5 === 0 ? 'detectors.ssrf' : 'rules[0]'],
    findings: [],
    latency_ms: 0.4,
    arguments: { path: '/home/dev/project/README.md' },
  }));
}

/** Events per second through `POST /api/events/ingest`, batches of `BATCH`, 4 senders. */
async function ingestRate(agent, base, key) {
  const batches = Array.from({ length: 8 }, () => JSON.stringify({ events: gatewayEvents(BATCH) }));
  let sent = 0;
  // Each send is a new batch: the same events with their ids made new by a prefix.
  const send = () => {
    const prefix = `${(sent++).toString(36)}-`;
    const body = batches[sent % batches.length].replaceAll('"id":"', `"id":"${prefix}`);
    return http(agent, base, 'POST', '/api/events/ingest', body, { 'x-api-key': key });
  };
  const { rps } = await load(send, 4, MS);
  return rps * BATCH;
}

/** Rows per second of a raw multi-row INSERT of the same rows (the database's own floor). */
async function rawInsertRate(query, orgId, projectId) {
  const rows = () =>
    gatewayEvents(BATCH)
      .map(
        (e) =>
          `('${orgId}', '${projectId}', '${e.id}', now(), '${e.decision}', '${e.server}', '${e.tool}', 'tools/call', '${e.rules[0]}', '[]', '{"client":"bench","phase":"response","latency_ms":0.4,"rules":["rules[0]"],"arguments":{"path":"/home/dev/project/README.md"}}')`,
      )
      .join(',');
  const insert = () =>
    query(
      `insert into audit_events (org_id, project_id, event_id, timestamp, decision, server_name, tool_name, method, rule, findings, details) values ${rows()} on conflict do nothing`,
    );
  await insert();
  let n = 0;
  const t = performance.now();
  while (performance.now() - t < MS) {
    await insert();
    n += BATCH;
  }
  return (n * 1000) / (performance.now() - t);
}

async function admin(statement) {
  const c = new pg.Client({ connectionString: BASE_URL });
  await c.connect();
  try {
    return await c.query(statement);
  } finally {
    await c.end();
  }
}

const results = [];
const check = (name, value, unit, target, higherIsBetter, note = '') => {
  const ok = higherIsBetter ? value >= target : value < target;
  results.push({ name, value, unit, target: `${higherIsBetter ? '>=' : '<'} ${fmt(target)}`, ok, note });
  return ok;
};

async function suite(driver) {
  const dir = mkdtempSync(join(tmpdir(), 'mcpshield-bench-cp-'));
  const dbName = `mcpshield_bench_${randomBytes(4).toString('hex')}`;
  let dbUrl;
  if (driver === 'postgres') {
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(BASE_URL);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
  }
  const server = await up(dbUrl ? { MCPSHIELD_DATABASE_URL: dbUrl } : {}, dir);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    const t = await tenant(agent, server.url);
    // Alternating rounds, medians: the machine's other load shifts both figures alike.
    const rounds = { health: [], inspect: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.health.push(await load(() => http(agent, server.url, 'GET', '/api/health'), CONCURRENCY, MS));
      rounds.inspect.push(
        await load(
          () => http(agent, server.url, 'POST', '/api/v1/inspect', INSPECT, { 'x-api-key': t.key }),
          CONCURRENCY,
          MS,
        ),
      );
    }
    const health = medians(rounds.health);
    const inspect = medians(rounds.inspect);
    const ingest = await ingestRate(agent, server.url, t.key);
    console.log(
      `${driver}: health ${fmt(health.rps)} rps (p99 ${health.p99.toFixed(1)} ms); inspect ${fmt(inspect.rps)} rps (p50 ${inspect.p50.toFixed(1)} ms, p99 ${inspect.p99.toFixed(1)} ms); ingest ${fmt(ingest)} events/s`,
    );
    const ratio = `${(inspect.rps / health.rps).toFixed(2)}x /api/health`;
    const result = { inspect, health, ingest, ratio, t };
    if (driver === 'postgres') {
      check('inspect rps, c=32, PostgreSQL', inspect.rps, 'rps', 3000, true, ratio);
      check('inspect p99, c=32, PostgreSQL', inspect.p99, 'ms', 20, false);
    } else {
      results.push({
        name: 'inspect rps, c=32, PGlite',
        value: inspect.rps,
        unit: 'rps',
        target: '',
        ok: true,
        note: ratio,
      });
      results.push({
        name: 'inspect p99, c=32, PGlite',
        value: inspect.p99,
        unit: 'ms',
        target: '',
        ok: true,
        note: '',
      });
    }
    return { ...result, server, agent, dir, dbUrl, dbName };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

async function cleanup(s, driver) {
  s.agent.destroy();
  await s.server.stop();
  rmSync(s.dir, { recursive: true, force: true });
  if (driver === 'postgres') await admin(`DROP DATABASE IF EXISTS ${s.dbName} WITH (FORCE)`);
}

// PostgreSQL: inspect, ingest against a raw INSERT, then the audit list over a million events.
const pgRun = await suite('postgres');
try {
  const client = new pg.Client({ connectionString: pgRun.dbUrl });
  await client.connect();
  const raw = await rawInsertRate((q) => client.query(q), pgRun.t.orgId, pgRun.t.projectId);
  check(
    'ingest events/s, PostgreSQL',
    pgRun.ingest,
    'ev/s',
    20_000,
    true,
    `${(pgRun.ingest / raw).toFixed(2)}x raw INSERT (${fmt(raw)} rows/s)`,
  );

  const t0 = performance.now();
  await client.query(
    `insert into audit_events (org_id, project_id, event_id, timestamp, decision, server_name, tool_name, method, rule, findings, details)
     select $1, $2, 'bulk-' || g, now() - (g || ' seconds')::interval,
            case when g % 5 = 0 then 'deny' else 'allow' end, 'server-' || (g % 7), 'tool-' || (g % 13),
            'tools/call', case when g % 5 = 0 then 'detectors.ssrf' else 'rules[' || (g % 4) || ']' end, '[]', '{}'
     from generate_series(1, $3::int) g`,
    [pgRun.t.orgId, pgRun.t.projectId, AUDIT_ROWS],
  );
  await client.query('analyze audit_events');
  console.log(`loaded ${fmt(AUDIT_ROWS)} audit events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await client.end();

  const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const queries = [
    '',
    '?decision=deny',
    '?server=server-3',
    '?tool=tool-5',
    '?rule=detectors.ssrf',
    `?project_id=${pgRun.t.projectId}`,
    `?from=${day(3)}&to=${day(1)}`,
    '?server=server-3&decision=deny',
    '?tool=tool-5&rule=rules[1]&limit=200',
    `?decision=allow&from=${day(5)}&limit=500`,
  ];
  const latencies = [];
  for (let round = 0; round < 20; round++) {
    for (const q of queries) {
      let path = `/api/audits${q}`;
      for (let page = 0; page < 2; page++) {
        const t = performance.now();
        const res = await http(pgRun.agent, pgRun.server.url, 'GET', path, undefined, pgRun.t.auth);
        latencies.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 200)}`);
        const next = JSON.parse(res.text).next_cursor;
        if (!next) break;
        path = `/api/audits${q}${q ? '&' : '?'}cursor=${encodeURIComponent(next)}`;
      }
    }
  }
  latencies.sort((a, b) => a - b);
  check(
    `audits p95 over ${fmt(AUDIT_ROWS)} events`,
    quantile(latencies, 0.95),
    'ms',
    100,
    false,
    `p50 ${quantile(latencies, 0.5).toFixed(1)} ms, ${latencies.length} pages, ${queries.length} filters`,
  );
} finally {
  await cleanup(pgRun, 'postgres');
}

// PGlite: inspect, ingest against a raw INSERT into a PGlite of its own with the same schema.
const pgliteRun = await suite('pglite');
try {
  await cleanup(pgliteRun, 'pglite');
  const { openStore } = await import('../dist/store/index.js');
  const store = await openStore({ memory: true });
  const org = await store.createUserWithOrganization({ email: 'raw@example.test' }, 'raw');
  const project = await store.forOrg(org.org.id).projects.create({ name: 'raw' });
  const { sql } = await import('drizzle-orm');
  const raw = await rawInsertRate((q) => store.db.execute(sql.raw(q)), org.org.id, project.id);
  await store.close();
  check(
    'ingest events/s, PGlite',
    pgliteRun.ingest,
    'ev/s',
    5_000,
    true,
    `${(pgliteRun.ingest / raw).toFixed(2)}x raw INSERT (${fmt(raw)} rows/s)`,
  );
} catch (err) {
  await cleanup(pgliteRun, 'pglite').catch(() => {});
  throw err;
}

console.log('');
for (const r of results)
  console.log(
    `${r.name.padEnd(38)} ${(r.value >= 100 ? fmt(r.value) : r.value.toFixed(1)).padStart(9)} ${r.unit.padEnd(4)}  ${r.target.padEnd(9)} ${r.target ? (r.ok ? 'ok    ' : 'MISSED') : '      '}  ${r.note}`,
  );
console.log(
  `\nnode ${process.version}, BENCH_MS=${MS}, ${ROUNDS} alternating rounds (medians), concurrency ${CONCURRENCY}; client, server and database share this machine`,
);
if (results.some((r) => !r.ok)) process.exitCode = 1;
