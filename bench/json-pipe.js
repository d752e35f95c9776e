// Reference proxies for bench/gateway.js, to show where a judging stdio proxy's cost goes. Like the no-op
// pipe, a process in the middle, but it reads each line as JSON and writes it back re-serialised (the least
// a proxy that judges messages must do); with `--engine POLICY` it also runs the engine's `decide` on each
// request and each result, as the gateway does, with none of the gateway's relay (no id mapping, ordering,
// limits, pins or audit). Not a gateway: it trusts every line to be one valid JSON-RPC message.
//
//   node bench/json-pipe.js [--engine POLICY] -- COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const at = argv.indexOf('--');
const [cmd, ...args] = argv.slice(at + 1);
const engineAt = argv.indexOf('--engine');
const engine = engineAt >= 0 && engineAt < at ? await loadEngine(argv[engineAt + 1]) : undefined;

async function loadEngine(file) {
  const { compile, decide } = await import('../dist/policy/index.js');
  return { ir: compile(readFileSync(file, 'utf8')).ir, decide };
}

const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
/** Requests waiting for their result, by id: what the engine judges the result with. */
const asked = new Map();

const judgeRequest = (m) => {
  if (engine && typeof m.method === 'string' && m.id !== undefined) {
    const event = { server: 'bench', method: m.method, params: m.params ?? {}, client: 'stdio' };
    if (engine.decide(engine.ir, event).decision === 'deny') throw new Error('json-pipe: request denied');
    asked.set(m.id, event);
  }
  return m;
};

const judgeResult = (m) => {
  const event = engine && m.result !== undefined ? asked.get(m.id) : undefined;
  if (!event) return m;
  asked.delete(m.id);
  const d = engine.decide(engine.ir, { ...event, result: m.result }, { requestJudged: true });
  if (d.decision === 'deny') throw new Error('json-pipe: result withheld');
  return { jsonrpc: m.jsonrpc, id: m.id, result: d.result };
};

/** Lines of `input`, each parsed, passed through `each` and written to `output` with the rest of its chunk. */
function relay(input, output, each) {
  let rest = '';
  input.on('data', (chunk) => {
    const text = rest + chunk.toString('utf8');
    let from = 0;
    let out = '';
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      out += `${JSON.stringify(each(JSON.parse(text.slice(from, nl))))}\n`;
      from = nl + 1;
    }
    rest = text.slice(from);
    if (out) output.write(out);
  });
}

relay(process.stdin, child.stdin, judgeRequest);
relay(child.stdout, process.stdout, judgeResult);
child.on('exit', (code) => process.exit(code ?? 0));
process.stdin.on('end', () => child.stdin.end());
