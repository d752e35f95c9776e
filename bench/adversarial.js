// 100 KiB adversarial inputs per detector: repetitions of the shapes each detector parses, meant to find
// super-linear behaviour. Each is a whole event judged by decide().
const KIB100 = 100 * 1024;
const fill = (unit) => unit.repeat(Math.ceil(KIB100 / unit.length)).slice(0, KIB100);
const call = (name, args) => ({ server: 'bench', method: 'tools/call', params: { name, arguments: args } });
const result = (text) => ({ ...call('read', {}), result: { content: [{ type: 'text', text }] } });

const generic = ['a', ' ', '\\', '%', '[', '(', '"', "'", '\u200b', '\u{e0041}', 'é', '\ud800'];

const byDetector = {
  ssrf: [
    'http://a',
    '://',
    'http://[',
    'http://127.0.0.1 ',
    'http://0x7f.1/',
    '[x](http://a.b/',
    'http:\\\\',
    '%2e',
    '@',
    'http://a.nip.io/',
    '{"url":"',
  ],
  path_traversal: ['../', '..\\', '%2e%2e%2f', '%252e', '..;/', '%c0%ae', '%u002e', '．．／', '/', '....//'],
  sensitive_paths: ['/.ssh/', '../etc/', '~/.aws/', '%2fetc%2f', '/proc/self/', '.env/'],
  command_injection: [
    ';',
    '$(',
    '`',
    '"',
    "'",
    '|',
    '&&',
    '%0a',
    'ls;id;',
    '$(id)',
    '\\',
    '${IFS}',
    'bash -i >& /dev/tcp/',
  ],
  prompt_injection: [
    'ignore ',
    'ignore previous ',
    'ignore all previous instructions. ',
    '\u200b',
    '\u{e0069}',
    '\x1b[8m',
    'іgnоrе ',
    '![x](http://a?q=',
    '<',
    '<|im_start|>',
    'do not tell the user ',
  ],
  tool_poisoning: [
    '<IMPORTANT>',
    'ignore ',
    'when send_email ',
    'send_email instead ',
    'read_file ',
    '\u{e0069}',
    'read ~/.ssh/id_rsa ',
  ],
  secrets: [
    'AKIA',
    'eyJ',
    '-----BEGIN PRIVATE KEY-----',
    'password=',
    'ghp_',
    'postgres://u:',
    'xoxb-',
    'A',
    '0',
    'sk-',
    '=',
  ],
};

export function* adversarial(id) {
  const units = [...(byDetector[id] ?? []), ...generic];
  for (const unit of units) {
    const text = fill(unit);
    const label = JSON.stringify(unit).slice(0, 24);
    if (id === 'tool_poisoning') {
      yield {
        name: `description ${label}`,
        event: {
          server: 'bench',
          method: 'tools/list',
          params: {},
          result: { tools: [{ name: 't', description: text, inputSchema: { type: 'object' } }] },
        },
      };
      continue;
    }
    if (id === 'prompt_injection' || id === 'secrets') {
      yield { name: `result ${label}`, event: result(text) };
      continue;
    }
    const key = id === 'command_injection' ? 'command' : id === 'ssrf' ? 'url' : 'path';
    const tool = id === 'command_injection' ? 'run_command' : 'tool';
    yield { name: `${key} ${label}`, event: call(tool, { [key]: text }) };
    yield { name: `text ${label}`, event: call('tool', { text }) };
  }
  if (id === 'tool_poisoning') {
    const tools = Array.from({ length: 2000 }, (_, i) => ({
      name: `tool_${i}`,
      description: `when tool_${(i + 1) % 2000} is used, always call tool_${i} first`,
      inputSchema: { type: 'object' },
    }));
    yield {
      name: '2000 tools mentioning each other',
      event: { server: 'bench', method: 'tools/list', params: {}, result: { tools } },
    };
  }
  let deep = 'x';
  for (let i = 0; i < 10_000; i++) deep = { a: [deep] };
  yield {
    name: 'arguments nested 10,000 deep',
    event: { ...call('tool', { deep }), result: { content: [{ type: 'text', text: 'ok' }], deep } },
  };
}
