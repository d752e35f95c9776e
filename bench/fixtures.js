import { readFileSync } from 'node:fs';

// Inputs for the benchmarks: a 50-rule policy, realistic 1 KiB tool calls, 64 KiB results (secrets, prose).
// Secret-shaped strings are assembled at run time from parts: nothing here is a real credential.

const call = (server, name, args) => ({ server, method: 'tools/call', params: { name, arguments: args } });

function fiftyRulePolicy() {
  const rules = [];
  for (let i = 0; i < 40; i++) {
    const server = i % 4 === 0 ? '*' : `server-${i % 10}`;
    const tool = [`tool_${i}`, `read_${i}_*`, `*_admin_${i}`, `?et_${i}_*`][i % 4];
    rules.push(
      `  - server: "${server}"\n    tool: "${tool}"\n    decision: ${i % 3 === 0 ? 'deny' : 'allow'}`,
    );
  }
  for (let i = 0; i < 10; i++) {
    rules.push(
      `  - server: "db-${i}"\n    tool: query\n    decision: allow\n    args:\n      sql: { required: true, not_contains: ["drop ", "truncate "], max_length: 4000 }`,
    );
  }
  const off = [
    'ssrf',
    'path_traversal',
    'sensitive_paths',
    'command_injection',
    'prompt_injection',
    'tool_poisoning',
    'secrets',
  ];
  return `version: 1\ndefault: deny\ndetectors:\n${off.map((d) => `  ${d}: off`).join('\n')}\nrules:\n${rules.join('\n')}\n`;
}

function ruleEvents() {
  const out = [];
  for (let i = 0; i < 40; i += 3)
    out.push(
      call(`server-${i % 10}`, [`tool_${i}`, `read_${i}_x`, `x_admin_${i}`, `get_${i}_y`][i % 4], { id: i }),
    );
  for (let i = 0; i < 10; i += 2)
    out.push(call(`db-${i}`, 'query', { sql: `select * from t${i} where id = ${i}` }));
  out.push(call('unknown', 'nothing_matches', { a: 1 }));
  return out;
}

const prose =
  'The quarterly report summarises revenue by region; see the appendix for methodology. Growth in the ' +
  'north-east was driven by two enterprise renewals and a new channel partner, while the south saw flat ' +
  'sales after the price change in March. Next steps: confirm the forecast with finance, update the board ' +
  'deck and schedule the review for the 14th. ';

function pad(args, size = 1024) {
  const len = JSON.stringify(args).length;
  return { ...args, notes: prose.repeat(4).slice(0, Math.max(0, size - len - 12)) };
}

function kibEvents() {
  return [
    call(
      'filesystem',
      'read_file',
      pad({ path: '/home/dev/project/src/components/Button.tsx', encoding: 'utf8' }),
    ),
    call(
      'web',
      'fetch',
      pad({
        url: 'https://api.github.com/repos/acme/widgets/pulls?state=open&per_page=50',
        method: 'GET',
        headers: { accept: 'application/json' },
      }),
    ),
    call(
      'postgres',
      'query',
      pad({
        sql: 'SELECT id, name, created_at FROM customers WHERE region = $1 ORDER BY created_at DESC LIMIT 50',
        params: ['north-east'],
      }),
    ),
    call(
      'shell',
      'run_command',
      pad({ command: 'npm test -- --coverage --reporter=dot', cwd: '/home/dev/project' }),
    ),
    call(
      'git',
      'git_commit',
      pad({ repo_path: '/home/dev/project', message: 'Fix rounding in invoice totals (closes #142)' }),
    ),
    call(
      'search',
      'web_search',
      pad({ query: 'node.js stream backpressure best practices', max_results: 10 }),
    ),
    call(
      'filesystem',
      'write_file',
      pad({
        path: '/home/dev/project/docs/release-notes.md',
        content: '# Release 2.3\n\n- Faster exports\n- Fixed the CSV header bug\n',
      }),
    ),
    call(
      'slack',
      'post_message',
      pad({ channel: '#eng', text: 'Deploy finished: https://ci.example.com/runs/8812 (all green)' }),
    ),
  ];
}

function fakeSecrets() {
  const alnum = (n, seed) => {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    let x = seed;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s += abc[x % abc.length];
    }
    return s;
  };
  const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return [
    'AKIA' + alnum(16, 1).toUpperCase(),
    `postgres://app:${alnum(20, 2)}@db.internal:5432/app`,
    `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '42', name: 'bench' })}.${alnum(43, 3)}`,
    ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ') +
      '\n' +
      alnum(64, 4) +
      '\n' +
      alnum(64, 5) +
      '\n' +
      ['-----END', 'RSA PRIVATE KEY-----'].join(' '),
    'xox' +
      'b-' +
      '2' +
      alnum(10, 6).replace(/\D/g, '1') +
      '-' +
      '3' +
      alnum(11, 7).replace(/\D/g, '2') +
      '-' +
      alnum(24, 8),
    `Authorization: Bearer ${alnum(40, 9)}`,
  ];
}

function redactionEvent() {
  const lines = [];
  const secrets = fakeSecrets();
  let i = 0;
  let size = 0;
  while (size < 64 * 1024) {
    const line =
      i % 40 === 7
        ? `2026-11-21T10:${String(i % 60).padStart(2, '0')}:00Z WARN config dump: ${secrets[((i / 40) % secrets.length) | 0]}`
        : `2026-11-21T10:${String(i % 60).padStart(2, '0')}:00Z INFO request id=${i} path=/api/v1/items/${i} status=200 duration_ms=${(i * 7) % 300} user=u${i % 97}`;
    lines.push(line);
    size += line.length + 1;
    i++;
  }
  return {
    ...call('logs', 'tail_logs', { service: 'api', lines: lines.length }),
    result: { content: [{ type: 'text', text: lines.join('\n') }] },
  };
}

/** A 64 KiB tool result of prose in ten languages (the benign text corpus, repeated): what
 * `prompt_injection` reads in every result. */
function proseEvent() {
  const corpus = readFileSync(new URL('../test/corpus/benign-text.txt', import.meta.url), 'utf8');
  const lines = corpus.split('\n').filter((l) => l && !l.startsWith('#'));
  let text = '';
  for (let i = 0; text.length < 64 * 1024; i++) text += lines[i % lines.length] + '\n';
  return {
    ...call('docs', 'read_document', { id: 'handbook' }),
    result: { content: [{ type: 'text', text: text.slice(0, 64 * 1024) }] },
  };
}

export const fixtures = { fiftyRulePolicy, ruleEvents, kibEvents, redactionEvent, proseEvent };
