import { z } from 'zod';
import {
  runsCommands,
  scanShell,
  type ControlOperator,
  type RedirectOperator,
  type ShellToken,
} from './lib/shell.js';
import { globMatch } from './lib/glob.js';
import { includesAny } from './lib/literals.js';
import { walkStrings } from './lib/walk.js';
import { defineDetector, type Finding, type Severity } from './types.js';

/**
 * Command injection (CWE-78, CWE-77) in `tools/call` arguments.
 *
 * 1. **Shell context**: the tool is shell-like (its name matches a `shell_tools` glob, case-insensitive:
 *    by default names containing exec, shell, bash, zsh, powershell, pwsh, cmd, command, terminal, script,
 *    ssh, spawn, or starting with run) and the argument is not prose or code (see 2), or the argument's key
 *    is shell-like (`shell_args`: command, cmd, script, shell, command_line, commandline, cmdline). Code
 *    and query keys (code, source, sql, query, expression, snippet, pattern, regex) are never shell. The
 *    value is tokenized with a real POSIX shell lexer (`lib/shell.ts`) and these are flagged: control
 *    operators outside quotes (`; & && || | |&`, newline, subshell parens; `allow_operators` accepts some),
 *    command and process substitution outside single quotes, malformed `${...}`, unterminated quotes and
 *    substitutions (the classic probe), redirections to network devices (`/dev/tcp`) or writes to sensitive
 *    files, download piped into an interpreter, brace-expansion at command position (`{cat,/etc/passwd}`),
 *    and a quoted argument that *starts* with an operator and a command (`ls"|id|"`: a quote-breakout
 *    probe). Quoted operators inside an argument (`grep "a|b"`, `echo 'a; b'`) are data, not injection.
 * 2. **Everywhere else**, only high-confidence shapes, so that prose, SQL, regexes, URLs and markdown pass:
 *    an operator followed by a known command word or a binary path (`; cat /etc/passwd`, `|id`), `$(cmd)`
 *    or attached backticks around a known command in single-line values.
 * 3. **Always** (also in prose-like keys such as content, text, body, message, description, in file-content
 *    keys such as new_string, and in multi-line values over 200 chars): reverse shells and pipe-to-shell.
 *    Shell-context and ordinary values also get `${IFS}` evasion, SSI `<!--#exec`, Shellshock, and
 *    eval-style calls that wrap a command (`system('id')`, `os.system("curl ...")`, `child_process`).
 *
 * Every value is also checked on a decoded copy (percent-decoding, two layers; HTML entities; `\n`
 * escapes), so `%0a`, `%3B` and `&quot;` forms are seen: a shell would not decode them, but the servers
 * that build commands from arguments often do.
 */

type Kind =
  | 'chaining'
  | 'pipe'
  | 'background'
  | 'substitution'
  | 'unterminated-quote'
  | 'redirection'
  | 'pipe-to-shell'
  | 'reverse-shell'
  | 'encoded-newline'
  | 'ifs-evasion'
  | 'code-exec'
  | 'ssi';

const SEVERITY: Record<Kind, Severity> = {
  chaining: 'high',
  pipe: 'high',
  background: 'high',
  substitution: 'high',
  'unterminated-quote': 'medium',
  redirection: 'high',
  'pipe-to-shell': 'critical',
  'reverse-shell': 'critical',
  'encoded-newline': 'high',
  'ifs-evasion': 'high',
  'code-exec': 'high',
  ssi: 'high',
};

const DEFAULT_SHELL_TOOLS = [
  '*exec*',
  '*shell*',
  '*bash*',
  '*zsh*',
  '*powershell*',
  '*pwsh*',
  '*cmd*',
  '*command*',
  '*terminal*',
  '*script*',
  '*ssh*',
  '*spawn*',
  'run*',
];
const DEFAULT_SHELL_ARGS = ['command', 'cmd', 'script', 'shell', 'command_line', 'commandline', 'cmdline'];
/** Free text and file contents: only reverse-shell and pipe-to-shell checks. */
const PROSE_KEYS = new Set([
  'content',
  'text',
  'body',
  'message',
  'description',
  'comment',
  'notes',
  'title',
  'prompt',
  'markdown',
  'explanation',
  'summary',
  'reason',
  'old_string',
  'new_string',
  'old_str',
  'new_str',
  'oldtext',
  'newtext',
  'file_text',
  'patch',
  'diff',
]);
/** Code, queries and patterns: never shell context, even in a shell-like tool (`run_query`, `execute_python`). */
const CODE_KEYS = new Set(['code', 'source', 'sql', 'query', 'expression', 'snippet', 'pattern', 'regex']);
const LONG_TEXT = 200;
const MAX_FINDINGS = 50;
const EVIDENCE = 80;

export const commandInjection = defineDetector({
  meta: {
    id: 'command_injection',
    title: 'Command injection',
    description:
      'Shell operators, command substitutions, unterminated quotes, redirections to network devices, ' +
      'pipe-to-shell and reverse-shell shapes in the arguments of shell-like tools (tokenized with a POSIX ' +
      'shell lexer, so quoted operators inside one argument pass), and high-confidence injection shapes ' +
      '(an operator followed by a known command, `$(cmd)`, `${IFS}`, SSI, eval-style calls wrapping a ' +
      'command) in any other argument, also when percent- or HTML-encoded.',
    severity: 'high',
    defaultAction: 'deny',
    actions: ['deny', 'log', 'off'],
    phases: ['request'],
    methods: ['tools/call'],
    references: [
      'https://owasp.org/www-community/attacks/Command_Injection',
      'https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html',
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html',
      'https://cwe.mitre.org/data/definitions/78.html',
    ],
    cwe: ['CWE-78', 'CWE-77'],
    owasp: 'MCP05',
  },
  options: z.object({
    /** Globs (`*`, `?`; case-insensitive) on tool names whose arguments are shell commands. */
    shell_tools: z.array(z.string()).default(DEFAULT_SHELL_TOOLS),
    /** Argument keys (case-insensitive) that hold shell commands in any tool. */
    shell_args: z.array(z.string()).default(DEFAULT_SHELL_ARGS),
    /** Control operators accepted in shell context, e.g. `|` or `&&`; `newline` for `\n`. */
    allow_operators: z.array(z.string()).default([]),
  }),
  create(options) {
    const toolGlobs = options.shell_tools.map((g) => g.toLowerCase());
    const shellArgs = new Set(options.shell_args.map((k) => k.toLowerCase()));
    const allowed = new Set(options.allow_operators.map((o) => (o === 'newline' ? '\n' : o)));
    return (input) => {
      const findings: Finding[] = [];
      if (input.method !== 'tools/call' || input.params === null || typeof input.params !== 'object') {
        return { findings };
      }
      const tool = (input.tool ?? '').toLowerCase();
      const shellTool = toolGlobs.some((g) => globMatch(g, tool));
      const args = (input.params as { arguments?: unknown }).arguments;
      walkStrings(args, 'params.arguments', (value, path, key) => {
        const seen = new Set<Kind>(); // each path is visited once
        const report: Report = (kind, message) => {
          if (seen.has(kind)) return;
          seen.add(kind);
          findings.push({
            detector: 'command_injection',
            severity: SEVERITY[kind],
            message: message(),
            kind,
            path,
          });
        };
        inspect(value, contextOf(key, value, shellTool, shellArgs), allowed, report);
        return findings.length >= MAX_FINDINGS;
      });
      return { findings };
    };
  },
});

/** Records a finding once per kind and path; the message is only built for the first one. */
type Report = (kind: Kind, message: () => string) => void;
type Context = 'shell' | 'plain' | 'prose';

function contextOf(
  key: string | undefined,
  value: string,
  shellTool: boolean,
  shellArgs: Set<string>,
): Context {
  const k = key?.toLowerCase() ?? '';
  if (shellArgs.has(k)) return 'shell';
  if (PROSE_KEYS.has(k)) return 'prose';
  if (shellTool && !CODE_KEYS.has(k)) return 'shell';
  return value.length > LONG_TEXT && value.includes('\n') ? 'prose' : 'plain';
}

// ---------------------------------------------------------------------------------------------------------
// The checks for one string

/** Characters without which nothing but a reverse shell or pipe-to-shell can be found. */
const SHELL_CHARS = ';|&\n\r$`\'"\\<>(){}%#';
const PLAIN_CHARS = ';|&\n\r$`\\<(%';
/** Characters that start an encoded form (percent, entity, escape). */
const ENCODING_CHARS = '%&\\';
/**
 * Every reverse-shell and pipe-to-shell check needs one of these words; a few passes over the value decide
 * whether the (more expensive) checks run at all. Kept in sync with `REVERSE_HINT` and `DOWNLOAD_HINT`.
 * Not one alternation: with `\b`, `\s`, `/` and short words among its first characters the regex engine
 * cannot skip ahead and tries every position (several times slower on a KiB). The plain words go together,
 * the rest apart; `a|b` matches somewhere exactly when `a` or `b` does, so the split changes nothing.
 */
const SHAPE_HINTS = [
  /curl|wget|fetch|download|webclient|soc(?:at|ket|kopen)|s_client|mk(?:fifo|nod)|tcpclient|telnet|i(?:wr|rm|nvoke-)/i,
  /\/(?:dev|inet)\//i,
  /\bn(?:c|cat|etcat)\b/i,
  /\s[-/]e/i,
];
const REVERSE_HINT =
  /\/dev\/(?:tcp|udp)\/|\/inet\/(?:tcp|udp)\/|\bn(?:c|cat|etcat)(?:\.exe)?\b|\bsocat\b|\bmk(?:fifo|nod)\b|socket|sockopen|tcpclient|\btelnet\b|openssl\s+s_client|\s[-/]e(?:c|n[a-z]*)?\s/i;
const DOWNLOAD_HINT =
  /\b(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod)\b|downloadstring|downloadfile|net\.webclient/i;

function inspect(value: string, context: Context, allowed: ReadonlySet<string>, report: Report): void {
  const hinted = SHAPE_HINTS.some((hint) => hint.test(value));
  const special = context !== 'prose' && includesAny(value, context === 'shell' ? SHELL_CHARS : PLAIN_CHARS);
  if (!hinted && !special && !includesAny(value, ENCODING_CHARS)) return;

  const transport = decodeTransport(value);
  const decoded = decodeEscapes(transport);
  if (hinted || decoded !== value) alwaysChecks(decoded, context, report);
  if (context === 'prose') return;
  commonChecks(decoded, context === 'shell', report);
  if (context === 'plain') plainChecks(value, decoded, report);
  else shellChecks(value, transport, decoded, allowed, report);
}

function alwaysChecks(text: string, context: Context, report: Report): void {
  const reverse = reverseShell(text);
  if (reverse) {
    report('reverse-shell', () => `reverse shell (${reverse.why}): ${code(excerpt(text, reverse.at))}`);
  }
  // In shell context pipelines are judged on tokens (quoted `grep "curl x | sh"` is data).
  if (context === 'shell') return;
  const at = pipeToShell(text);
  if (at >= 0) {
    report('pipe-to-shell', () => `download piped into an interpreter: ${code(excerpt(text, at))}`);
  }
}

function commonChecks(text: string, shell: boolean, report: Report): void {
  const ifs = text.includes('IFS') ? IFS.exec(text) : null;
  if (ifs) {
    report(
      'ifs-evasion',
      () => `\`$IFS\` used as a space to evade filters: ${code(excerpt(text, ifs.index))}`,
    );
  }
  const ssi = text.includes('<!--') ? SSI.exec(text) : null;
  if (ssi) {
    report('ssi', () => `server-side include directive runs a command: ${code(excerpt(text, ssi.index))}`);
  }
  const exec = codeExec(text, shell);
  if (exec) report('code-exec', () => `${exec.why}: ${code(excerpt(text, exec.at))}`);
}

function plainChecks(raw: string, decoded: string, report: Report): void {
  const chained = chainedCommand(decoded, () => true);
  if (chained) {
    const encoded = chained.op === '\n' && !/[\n\r]/.test(raw);
    report(encoded ? 'encoded-newline' : (KIND_OF[chained.op] ?? 'chaining'), () =>
      chainedMessage(chained, decoded, encoded),
    );
  }
  if (raw.includes('\n')) return; // substitution shapes in multi-line values are usually code or markdown
  const sub = substitutedCommand(decoded);
  if (sub) {
    report(
      'substitution',
      () => `command substitution around \`${sub.word}\`: ${code(excerpt(decoded, sub.at))}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shell context: structural checks on the tokens

const KIND_OF: Record<string, Kind> = {
  ';': 'chaining',
  '&&': 'chaining',
  '||': 'chaining',
  '\n': 'chaining',
  ';;': 'chaining',
  ';&': 'chaining',
  ';;&': 'chaining',
  '(': 'chaining',
  ')': 'chaining',
  '((': 'chaining',
  '))': 'chaining',
  '|': 'pipe',
  '|&': 'pipe',
  '&': 'background',
};
const OPERATOR_WHAT: Partial<Record<Kind, string>> = {
  chaining: 'chains another command',
  pipe: 'pipes into another command',
  background: 'starts a background command',
};

/**
 * Shell context. Encoded operators are not operators to a shell, but a server that decodes the argument
 * before building its command line makes them so: when the decoded copy has more operators outside quotes
 * than the value itself, an encoded newline is flagged as such, and another operator when a command follows.
 */
function shellChecks(
  raw: string,
  transport: string,
  decoded: string,
  allowed: ReadonlySet<string>,
  report: Report,
): void {
  const own = analyzeShell(lineBreaks(raw), allowed, report);
  if (transport !== raw && scanDecoded(lineBreaks(transport), report).others > own.others) {
    const chained = chainedCommand(transport, (op) => op !== '\n' && !allowed.has(op));
    if (chained) report(KIND_OF[chained.op] ?? 'chaining', () => chainedMessage(chained, transport, true));
  }
  if (decoded !== raw && !allowed.has('\n') && scanDecoded(lineBreaks(decoded)).newlines > own.newlines) {
    report(
      'encoded-newline',
      () => `encoded newline starts another command: ${code(excerpt(raw, firstEncodedNewline(raw)))}`,
    );
  }
}

/** A carriage return ends a line for cmd.exe and for line-based protocols: count it as a newline. */
function lineBreaks(text: string): string {
  return text.includes('\r') ? text.replace(CR, '\n') : text;
}
const CR = /\r/g;

type Command = {
  name: string | undefined;
  wrapper: boolean;
  redirect: RedirectOperator | undefined;
  expectScript: boolean;
  subDownloader: boolean;
};
type Segment = {
  cmd: Command;
  pipedDownload: boolean;
  downloader: boolean;
  pendingNewline: number | undefined;
};

const newSegment = (): Segment => ({
  cmd: { name: undefined, wrapper: false, redirect: undefined, expectScript: false, subDownloader: false },
  pipedDownload: false,
  downloader: false,
  pendingNewline: undefined,
});

type OperatorCount = { newlines: number; others: number };

/** Walk the tokens of a shell-context value; returns how many control operators it has. */
function analyzeShell(text: string, allowed: ReadonlySet<string>, report: Report): OperatorCount {
  const segments = new Map<number, Segment>([[0, newSegment()]]);
  const seg = (id: number): Segment => {
    let s = segments.get(id);
    if (!s) segments.set(id, (s = newSegment()));
    return s;
  };
  const count: OperatorCount = { newlines: 0, others: 0 };
  const flagOperator = (op: string, at: number) => {
    const kind = KIND_OF[op] ?? 'chaining';
    report(
      kind,
      () => `shell operator \`${printable(op)}\` ${OPERATOR_WHAT[kind]}: ${code(excerpt(text, at))}`,
    );
  };

  scanShell(text, (t) => {
    const s = seg(t.segment);
    const blank = t.type === 'heredoc' || t.type === 'comment' || (t.type === 'operator' && t.op === '\n');
    if (s.pendingNewline !== undefined && !blank) {
      flagOperator('\n', s.pendingNewline);
      s.pendingNewline = undefined;
    }
    switch (t.type) {
      case 'word':
        onWord(t, s, text, report);
        break;
      case 'redirect':
        s.cmd.redirect = t.op;
        break;
      case 'operator':
        endCommand(s, t.op, text, t.start, report);
        if (t.op === '\n') {
          count.newlines++;
          // A trailing newline ends the last command; it only chains when something follows.
          if (!allowed.has('\n')) s.pendingNewline = t.start;
        } else {
          count.others++;
          if (!allowed.has(t.op)) flagOperator(t.op, t.start);
        }
        break;
      case 'substitution':
        onSubstitution(t, s, segments, text, report);
        break;
      case 'error':
        onError(t, text, report);
        break;
    }
  });
  for (const [, s] of segments) endCommand(s, undefined, text, text.length, report);
  return count;
}

function onWord(t: Extract<ShellToken, { type: 'word' }>, s: Segment, text: string, report: Report): void {
  const cmd = s.cmd;
  if (cmd.redirect) {
    checkRedirect(cmd.redirect, t, text, report);
    cmd.redirect = undefined;
    return;
  }
  checkQuotedParts(t, text, report);
  if (cmd.name === undefined) {
    if (ASSIGNMENT.test(t.value) && t.parts[0]?.quote === '') return;
    if (cmd.wrapper && t.value.startsWith('-')) return;
    if (BRACE_COMMAND.test(t.value) && !t.quoted) {
      report(
        'ifs-evasion',
        () => `brace expansion builds a command without spaces: ${code(excerpt(text, t.start))}`,
      );
    }
    const name = commandName(t.value);
    if (WRAPPERS.has(name)) {
      cmd.wrapper = true;
      return;
    }
    cmd.name = name;
    if (DOWNLOADERS.has(name)) s.downloader = true;
    return;
  }
  if (cmd.expectScript) {
    cmd.expectScript = false;
    const at = pipeToShell(t.value);
    if (at >= 0) {
      report('pipe-to-shell', () => `download piped into an interpreter: ${code(excerpt(t.value, at))}`);
    }
  } else if (SCRIPT_SHELLS.has(cmd.name) && SCRIPT_FLAG.test(t.value)) cmd.expectScript = true;
}

/** A quoted part that starts with an operator and a command: `ls"|id|"` closes the quote it was meant for. */
function checkQuotedParts(t: Extract<ShellToken, { type: 'word' }>, text: string, report: Report): void {
  for (const part of t.parts) {
    if (part.quote === '' || part.quote === '\\' || !BREAKOUT_START.test(part.text)) continue;
    const breakout = leadingChainedCommand(decodeEscapes(decodeTransport(part.text)));
    if (!breakout) continue;
    const encoded = breakout.op === '\n' && !part.text.trimStart().startsWith('\n');
    const kind = encoded ? 'encoded-newline' : (KIND_OF[breakout.op] ?? 'chaining');
    const what = `quoted argument starts with \`${printable(breakout.op)}\` and \`${clip(breakout.word)}\``;
    report(kind, () => `${what} (quote-breakout probe): ${code(excerpt(text, t.start))}`);
  }
}

/** An operator, or the start of an encoded one, after optional blanks. */
const BREAKOUT_START = /^[ \t]*[;|&\n\r%\\]/;

/** The end of a simple command (at an operator or the end of its segment): pipelines into interpreters. */
function endCommand(
  s: Segment,
  op: ControlOperator | undefined,
  text: string,
  at: number,
  report: Report,
): void {
  const cmd = s.cmd;
  const name = cmd.name;
  if (name !== undefined) {
    const interpreter = INTERPRETERS.has(name);
    if (s.pipedDownload && interpreter) {
      report('pipe-to-shell', () => `download piped into \`${clip(name)}\`: ${code(excerpt(text, at))}`);
    } else if (cmd.subDownloader && (interpreter || EVALUATORS.has(name))) {
      report('pipe-to-shell', () => `downloaded script run by \`${clip(name)}\`: ${code(excerpt(text, at))}`);
    }
  }
  if (op === undefined) return;
  const downloads = cmd.name !== undefined && DOWNLOADERS.has(cmd.name);
  s.pipedDownload = (op === '|' || op === '|&') && (s.pipedDownload || downloads);
  cmd.name = undefined;
  cmd.wrapper = false;
  cmd.redirect = undefined;
  cmd.expectScript = false;
  cmd.subDownloader = false;
}

function onSubstitution(
  t: Extract<ShellToken, { type: 'substitution' }>,
  s: Segment,
  segments: Map<number, Segment>,
  text: string,
  report: Report,
): void {
  if (runsCommands(t.kind)) {
    const body = segments.get(t.body);
    if (body) {
      endCommand(body, undefined, text, t.end, report);
      if (body.downloader) s.cmd.subDownloader = true;
      segments.delete(t.body);
    }
    const what = t.kind === '<(' || t.kind === '>(' ? 'process substitution' : 'command substitution';
    report(
      'substitution',
      () => `${what} \`${printable(t.kind)}\` runs a nested command: ${code(excerpt(text, t.start))}`,
    );
  } else if (t.kind === '${' && t.terminated && !VALID_PARAMETER.test(t.text)) {
    report(
      'substitution',
      () => `malformed parameter expansion (code-injection probe): ${code(excerpt(text, t.start))}`,
    );
  }
}

const ERROR_WHAT: Record<string, string> = {
  'unterminated-single-quote': 'unterminated single quote',
  'unterminated-double-quote': 'unterminated double quote',
  'unterminated-ansi-c-quote': "unterminated `$'` quote",
  'unterminated-backtick': 'unterminated backtick',
  'unterminated-substitution': 'unterminated command substitution',
  'unterminated-parameter': 'unterminated parameter expansion',
  'unterminated-arithmetic': 'unterminated arithmetic expansion',
};

function onError(t: Extract<ShellToken, { type: 'error' }>, text: string, report: Report): void {
  if (t.error === 'too-deep') {
    report('substitution', () => `shell constructs nested too deep: ${code(excerpt(text, t.start))}`);
  } else {
    report(
      'unterminated-quote',
      () => `${ERROR_WHAT[t.error]} (quote-breakout probe): ${code(excerpt(text, t.start))}`,
    );
  }
}

const NETWORK_DEVICE = /^\/dev\/(?:tcp|udp|sctp)\/|^\/inet\/(?:tcp|udp)\//;
const WRITES = new Set<RedirectOperator>(['>', '>>', '>|', '&>', '&>>', '<>', '>&']);
/** Files whose modification gives code execution or persistence. */
const SENSITIVE_WRITE =
  /^\/(?:etc|root|boot|bin|sbin|lib|lib64|proc|sys|usr\/(?:s?bin|lib|local\/s?bin)|var\/spool\/cron|dev\/(?:sd|nvme|hd|xvd|vd|mem|kmem|port))\/?|(?:^|\/)(?:\.bashrc|\.bash_profile|\.bash_login|\.bash_logout|\.profile|\.zshrc|\.zprofile|\.zshenv|\.zlogin|\.cshrc|\.login|\.gitconfig|\.npmrc|\.pypirc|\.netrc)$|(?:^|\/)\.ssh\/|(?:^|\/)\.git\/hooks\/|^[A-Za-z]:\\windows\\/i;

function checkRedirect(
  op: RedirectOperator,
  target: Extract<ShellToken, { type: 'word' }>,
  text: string,
  report: Report,
): void {
  if (op === '<<' || op === '<<-') return; // a here-document delimiter, not a file
  const file = target.value;
  if (NETWORK_DEVICE.test(file)) {
    report(
      'redirection',
      () =>
        `redirection \`${op}\` to network device ${code(clip(file))}: ${code(excerpt(text, target.start))}`,
    );
  } else if (WRITES.has(op) && SENSITIVE_WRITE.test(file)) {
    report('redirection', () => `redirection \`${op}\` writes sensitive file ${code(clip(file))}`);
  }
}

/** Count the operators of a decoded copy; with `report`, also look for quote breakouts in it. */
function scanDecoded(text: string, report?: Report): OperatorCount {
  const count: OperatorCount = { newlines: 0, others: 0 };
  scanShell(text, (t) => {
    if (t.type === 'operator') count[t.op === '\n' ? 'newlines' : 'others']++;
    else if (report && t.type === 'word' && t.quoted) checkQuotedParts(t, text, report);
  });
  return count;
}

const ENCODED_NEWLINE = /%(?:25)?0[aAdD]|\\[nr]|&#(?:0*1[03]|x0*[aAdD]);|&NewLine;/;
function firstEncodedNewline(raw: string): number {
  return ENCODED_NEWLINE.exec(raw)?.index ?? 0;
}

// ---------------------------------------------------------------------------------------------------------
// Command words

/**
 * Known commands, by how much evidence they need after an operator outside shell context:
 * `strong` ones are not English words (`whoami`), `bare` ones may stand alone (`;id`, `| ls`), `args`
 * ones are English words too (`cat`, `type`, `echo`) and count only before an argument-like token
 * (`-x`, `/path`, `~`, `$VAR`, a quote, a URL, `C:\`). Unix names are case-sensitive, Windows names not.
 */
type Tier = 'strong' | 'bare' | 'args';
const UNIX_COMMANDS = tiers({
  strong:
    'whoami uname ifconfig netstat nslookup wget ncat netcat socat mkfifo mknod chmod chown xxd busybox crontab ' +
    'useradd usermod iptables printenv getent traceroute nohup setsid pkill killall pwd',
  bare:
    'id ls rm ps env sh bash zsh dash ksh csh tcsh fish nc telnet curl python python2 python3 perl php ruby node ' +
    'lua base64 sudo su uptime hostname lsof dig whois',
  args:
    'cat echo printf sleep ping find sort more less head tail kill touch cp mv mkdir rmdir ln tar zip unzip dd tee ' +
    'awk sed grep xargs exec eval source export which ssh scp ftp tftp openssl nmap systemctl service shutdown ' +
    'reboot passwd mount chroot nice wc',
});
const WINDOWS_COMMANDS = tiers({
  strong:
    'whoami ipconfig systeminfo sysinfo tasklist taskkill certutil bitsadmin netsh wmic rundll32 regsvr32 mshta ' +
    'cscript wscript schtasks msiexec netstat nslookup',
  bare: 'dir cmd powershell pwsh hostname',
  args: 'type echo net reg copy del move ren start call findstr more tree ping tracert route arp attrib icacls',
});
const SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  net: new Set([
    'user',
    'localgroup',
    'group',
    'view',
    'share',
    'use',
    'start',
    'stop',
    'session',
    'accounts',
  ]),
  reg: new Set(['add', 'query', 'delete', 'export', 'import', 'save', 'load']),
};
const NUMERIC_ARGS = new Set(['sleep', 'ping', 'kill']);
const BIN_PATH = /^(?:\/usr(?:\/local)?)?\/s?bin\/[\w.+-]+$/;
const WINDOWS_EXE = /^[A-Za-z]:\\(?:[^\\]+\\)*([\w.-]+)\.exe$/i;

function tiers(lists: Record<Tier, string>): ReadonlyMap<string, Tier> {
  const out = new Map<string, Tier>();
  for (const tier of ['args', 'bare', 'strong'] as const)
    for (const w of lists[tier].split(' ')) out.set(w, tier);
  return out;
}

function tierOf(word: string): Tier | undefined {
  if (BIN_PATH.test(word)) return 'strong';
  const exe = WINDOWS_EXE.exec(word);
  if (exe) return WINDOWS_COMMANDS.has(exe[1]!.toLowerCase()) ? 'strong' : undefined;
  const lower = word.toLowerCase();
  const bare = lower.endsWith('.exe') ? lower.slice(0, -4) : lower;
  return UNIX_COMMANDS.get(word) ?? WINDOWS_COMMANDS.get(bare);
}

/** Shell context: the command name of a word (`/usr/bin/curl` → `curl`), lowercased. */
function commandName(word: string): string {
  const base = word.slice(Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\')) + 1).toLowerCase();
  return base.endsWith('.exe') ? base.slice(0, -4) : base;
}

const WRAPPERS = new Set([
  'sudo',
  'doas',
  'env',
  'nohup',
  'nice',
  'time',
  'command',
  'exec',
  'stdbuf',
  'setsid',
]);
const DOWNLOADERS = new Set([
  'curl',
  'wget',
  'fetch',
  'iwr',
  'irm',
  'invoke-webrequest',
  'invoke-restmethod',
  'lwp-download',
]);
const INTERPRETERS = new Set(
  'sh bash zsh dash ksh ash csh tcsh fish python python2 python3 perl ruby node php pwsh powershell iex invoke-expression'.split(
    ' ',
  ),
);
const EVALUATORS = new Set(['eval', 'source', '.']);
const SCRIPT_SHELLS = new Set(
  'sh bash zsh dash ksh ash csh tcsh fish pwsh powershell cmd busybox'.split(' '),
);
/** `-c` (also bundled: `-lc`, `-ec`), `-Command`, `/c`, `/k`. */
const SCRIPT_FLAG = /^-[a-z]*c$|^-command$|^\/[ck]$/i;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
const BRACE_COMMAND = /^\{[^{},\s]+,[^{}]*\}$/;
/** What bash accepts inside `${...}`: a name, number or special parameter, then an operator or nothing. */
const VALID_PARAMETER =
  /^[#!]?(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!-])(?:\[[^\]]*\])?(?:$|[:=+?#%/^,@*-])/;

// ---------------------------------------------------------------------------------------------------------
// High-confidence text shapes (any argument)

type Chained = { op: string; at: number; word: string };

/** Canonical operator for a run of operator characters. */
function operatorOf(run: string): string {
  if (run.startsWith('&&') || run.startsWith('||')) return run.slice(0, 2);
  return run[0] === '\r' ? '\n' : run[0]!;
}
const OPERATOR_CHAR = /[;|&\n\r]/g;
function nextOperator(text: string, from: number): number {
  OPERATOR_CHAR.lastIndex = from;
  return OPERATOR_CHAR.exec(text)?.index ?? -1;
}
const isOpChar = (c: string | undefined) => c === ';' || c === '|' || c === '&' || c === '\n' || c === '\r';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const WORD_CHAR = /[A-Za-z0-9_.\-/\\:~+]/;
const ARG_START = /^(?:[-/~.$%\\'"*<>]|[A-Za-z]:[\\/]|(?:https?|ftp):\/\/)/;

/**
 * The first `op word` where `op` is `; | || & && newline` and `word` is a known command with enough
 * evidence after it (see `Tier`). One pass: each character is looked at a bounded number of times.
 */
function chainedCommand(text: string, accept: (op: string) => boolean): Chained | undefined {
  const n = text.length;
  for (let i = nextOperator(text, 0); i >= 0 && i < n; i = nextOperator(text, i + 1)) {
    let j = i + 1;
    while (j < n && isOpChar(text[j]) && text[j] !== '\n') j++;
    const op = operatorOf(text.slice(i, j));
    const spaced = isBlank(text[j]);
    while (j < n && (isBlank(text[j]) || text[j] === '"' || text[j] === "'")) j++;
    let end = j;
    while (end < n && WORD_CHAR.test(text[end]!)) end++;
    if (end > j && accept(op) && commandFollows(text, text.slice(j, end), end, op, spaced)) {
      return { op, at: i, word: text.slice(j, end) };
    }
    i = Math.max(i, end - 1);
  }
  return undefined;
}

/** Is `word` (ending at `end`) a command, given what follows it? */
function commandFollows(text: string, word: string, end: number, op: string, spaced: boolean): boolean {
  let tier = tierOf(word);
  if (!tier) return false;
  // `a & b`, `a | b` with spaces read like prose ("cats & dogs"): a bare command needs an argument there.
  if (tier === 'bare' && spaced && (op === '&' || op === '|')) tier = 'args';
  let k = end;
  while (text[k] === '"' || text[k] === "'") k++; // `"|id"`: a closing quote right after the word
  const next = text[k];
  if (
    next !== undefined &&
    !isOpChar(next) &&
    !isBlank(next) &&
    next !== '<' &&
    next !== '>' &&
    next !== '`'
  ) {
    return false;
  }
  while (isBlank(text[k])) k++;
  const ends = k >= text.length || isOpChar(text[k]);
  if (tier === 'strong') return true;
  if (ends) return tier === 'bare';
  if (k === end) return false;
  const rest = text.slice(k, k + 12);
  if (ARG_START.test(rest)) return true;
  const lower = word.toLowerCase();
  if (NUMERIC_ARGS.has(lower) && /^\d/.test(rest)) return true;
  const sub = SUBCOMMANDS[lower];
  return sub !== undefined && sub.has(/^[a-z]+/i.exec(rest)?.[0].toLowerCase() ?? '');
}

/** A quoted argument that starts with an operator and a command: `"|id|"`, `';id;'`, `'\n/bin/ls'`. */
function leadingChainedCommand(text: string): Chained | undefined {
  let first = 0;
  while (isBlank(text[first])) first++;
  if (!isOpChar(text[first])) return undefined;
  const hit = chainedCommand(text.slice(first), () => true);
  return hit && hit.at === 0 ? hit : undefined;
}

function chainedMessage(c: Chained, text: string, encoded: boolean): string {
  const what = encoded ? `encoded \`${printable(c.op)}\`` : `\`${printable(c.op)}\``;
  return `${what} followed by command \`${clip(c.word)}\`: ${code(excerpt(text, c.at))}`;
}

/** `$(cmd ...)`, or backticks attached to a word (`main\`id\``), around a known command. */
function substitutedCommand(text: string): { at: number; word: string } | undefined {
  for (let at = text.indexOf('$('); at >= 0; at = text.indexOf('$(', at + 2)) {
    let j = at + 2;
    if (text[j] === '(') continue; // arithmetic
    while (isBlank(text[j]) || text[j] === '`') j++;
    const word = wordAt(text, j);
    if (word && tierOf(word)) return { at, word };
  }
  for (let at = text.indexOf('`'); at >= 0; at = text.indexOf('`', at + 1)) {
    const attached =
      at > 0 ? ATTACHED.test(text[at - 1]!) : text.trim().endsWith('`') && text.trim().startsWith('`');
    const word = attached ? wordAt(text, at + 1) : undefined;
    if (word && tierOf(word) && text.indexOf('`', at + 1) > at) return { at, word };
  }
  return undefined;
}
const ATTACHED = /[\w=:'"/.@$|;&-]/;

function wordAt(text: string, start: number): string | undefined {
  let end = start;
  while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
  const after = text[end];
  if (end === start || (after !== undefined && !WORD_END.test(after))) return undefined;
  return text.slice(start, end);
}
/** What may follow a command word: it must not run on into other text (`ls` in `lsof`, `id` in `id=`). */
const WORD_END = /[\s`)'";|&<>]/;

const IFS = /\$\{?IFS\b/;
const SSI = /<!--\s*#\s*exec\b/i;
const SHELLSHOCK = /\(\)\s*\{\s*:\s*;\s*\}\s*;/;
const EXEC_CALL =
  /(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|eval|assert|execSync|spawnSync|spawn|execFile|execFileSync|Popen|check_output|check_call|getoutput|getstatusoutput|ProcessBuilder|subprocess\.(?:call|run))\s*\((?:\s*\[)?\s*["'`]/g;
/** Is there a `(` followed by a string (`("`, `( '`, `(["`)? Cheap gate for `EXEC_CALL`. */
function callsWithString(text: string): boolean {
  for (let at = text.indexOf('('); at >= 0; at = text.indexOf('(', at + 1)) {
    let j = at + 1;
    while (isBlank(text[j]) || text[j] === '[') j++;
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') return true;
  }
  return false;
}
const PHP_COMPLEX_CALL = /\{\$\{@?[A-Za-z_]\w*\s*\(|\$\{@[A-Za-z_]\w*\s*\(/;
const PHP_REQUEST = /\$_(?:GET|POST|REQUEST|COOKIE|SERVER|FILES)\b/;

function codeExec(text: string, shell: boolean): { why: string; at: number } | undefined {
  const shock = text.includes('()') ? SHELLSHOCK.exec(text) : null;
  if (shock) return { why: 'shellshock function definition', at: shock.index };
  if (callsWithString(text)) {
    EXEC_CALL.lastIndex = 0;
    for (let m = EXEC_CALL.exec(text); m; m = EXEC_CALL.exec(text)) {
      const word = wordAt(text, EXEC_CALL.lastIndex);
      if (word && tierOf(word)) {
        return { why: `code execution call wraps command \`${clip(word)}\``, at: m.index };
      }
    }
  }
  const php = text.includes('${') ? PHP_COMPLEX_CALL.exec(text) : null;
  if (php) return { why: 'PHP complex-syntax call', at: php.index };
  // `$_GET[...]` means nothing to a shell: it is a PHP web shell being written out.
  const request = shell && text.includes('$_') ? PHP_REQUEST.exec(text) : null;
  if (request) return { why: 'PHP request variable in a shell command', at: request.index };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Reverse shells and pipe-to-shell (any argument, also prose)

const DEV_TCP = /\/dev\/(?:tcp|udp)\/[^\s/]+\/\d+/;
const INTERACTIVE = /(?:^|\s)-i\b|[<>]&|<>|\bexec\b/;
const INET = /\/inet\/(?:tcp|udp)\/\d+\//;
const NETCAT = /\bn(?:c|cat|etcat)(?:\.exe)?\s/g;
const NETCAT_EXEC = /\s(?:-[A-Za-z]*[ec]|--(?:sh-|lua-)?exec)(?=\s)/;
const EXEC_SHELL = /\s-e\s+(?:(?:\/usr)?\/bin\/(?:ba|z|da|k)?sh|(?:cmd|powershell)\.exe)\b/i;
const FIFO = /\bmk(?:fifo|nod)\b/;
const NET_CLIENT = /\b(?:nc|ncat|netcat|telnet)\b|openssl\s+s_client/;
const SOCAT = /\bsocat\b/;
const SOCAT_EXEC = /\b(?:exec|system):/i;
const NET_PIPE_SHELL = /\b(?:telnet|nc|ncat|netcat)\b/;
const PIPE_SHELL = /\|\s*(?:\/bin\/)?(?:ba|z|da|k)?sh\b/;
const PY_SOCKET = /\bsocket\b/;
const PY_CONNECT = /\.connect\s*\(/;
const PY_SPAWN = /\b(?:subprocess|pty\.spawn|dup2|os\.system|popen)\b/;
const PERL_SOCKET = /\buse\s+Socket\b|IO::Socket/;
const PERL_SPAWN = /\bexec\b|\bsystem\b|open\s*\(\s*STD(?:IN|OUT|ERR)|fdopen/;
const RUBY_SOCKET = /TCPSocket\.(?:new|open)/;
const PHP_SOCKET = /fsockopen\s*\(/;
const SPAWN_SHELL = /\bexec\b|\bspawn\b|shell_exec|\bsystem\b|passthru|proc_open|popen|\/bin\/(?:ba)?sh/;
const PS_TCP = /Net\.Sockets\.TCPClient/i;
const PS_STREAM = /GetStream\s*\(/i;
const POWERSHELL = /\b(?:powershell|pwsh)(?:\.exe)?\b/i;
/** `-e`, `-ec`, `-enc`... `-EncodedCommand` (any prefix PowerShell accepts) before base64 (long: see use). */
const PS_ENCODED = /\s[-/]e(?:c|n[a-z]*)?\s+([A-Za-z0-9+/]+)/i;
const NODE_SOCKET = /require\(\s*['"]net['"]\s*\)|\bnet\.(?:Socket|connect)\b/;
const NODE_SPAWN = /child_process|\bspawn\s*\(/;

function reverseShell(text: string): { why: string; at: number } | undefined {
  if (!REVERSE_HINT.test(text)) return undefined;
  const dev = DEV_TCP.exec(text) ?? INET.exec(text);
  if (dev && (dev[0].startsWith('/inet/') || INTERACTIVE.test(text))) {
    return { why: 'shell on a network socket', at: dev.index };
  }
  const nc = netcatExec(text);
  if (nc >= 0) return { why: 'netcat running a program', at: nc };
  const shell = EXEC_SHELL.exec(text);
  if (shell) return { why: '`-e` hands a shell to a connection', at: shell.index };
  const fifo = FIFO.exec(text);
  if (fifo && NET_CLIENT.test(text)) return { why: 'named pipe wired to a network client', at: fifo.index };
  const socat = SOCAT.exec(text);
  if (socat && SOCAT_EXEC.test(text)) return { why: 'socat running a program', at: socat.index };
  const net = NET_PIPE_SHELL.exec(text);
  if (net && PIPE_SHELL.test(text)) return { why: 'network client piped into a shell', at: net.index };
  const scripted = scriptedReverseShell(text);
  if (scripted) return scripted;
  const ps = POWERSHELL.exec(text);
  if (ps && (PS_ENCODED.exec(text)?.[1]?.length ?? 0) >= 16) {
    return { why: 'encoded PowerShell command', at: ps.index };
  }
  return undefined;
}

/** Socket one-liners: a socket, a connection, and a process wired to it. */
function scriptedReverseShell(text: string): { why: string; at: number } | undefined {
  const py = PY_SOCKET.exec(text);
  if (py && PY_CONNECT.test(text) && PY_SPAWN.test(text)) {
    return { why: 'python socket wired to a process', at: py.index };
  }
  const perl = PERL_SOCKET.exec(text);
  if (perl && PERL_SPAWN.test(text)) return { why: 'perl socket wired to a process', at: perl.index };
  const ruby = RUBY_SOCKET.exec(text);
  if (ruby && SPAWN_SHELL.test(text)) return { why: 'ruby socket wired to a process', at: ruby.index };
  const php = PHP_SOCKET.exec(text);
  if (php && SPAWN_SHELL.test(text)) return { why: 'php socket wired to a process', at: php.index };
  const ps = PS_TCP.exec(text);
  if (ps && PS_STREAM.test(text)) return { why: 'PowerShell TCP client stream', at: ps.index };
  const node = NODE_SOCKET.exec(text);
  if (node && NODE_SPAWN.test(text)) return { why: 'node socket wired to a process', at: node.index };
  return undefined;
}

/** `nc ... -e prog` within one simple command; each command is scanned once. */
function netcatExec(text: string): number {
  NETCAT.lastIndex = 0;
  for (let m = NETCAT.exec(text); m; m = NETCAT.exec(text)) {
    let end = m.index;
    while (end < text.length && !isOpChar(text[end])) end++;
    if (NETCAT_EXEC.test(text.slice(m.index + m[0].length - 1, end) + ' ')) return m.index;
    NETCAT.lastIndex = end;
  }
  return -1;
}

const DOWNLOADER = /\b(?:curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod)\b/i;
const PIPE_INTERPRETER =
  /\|\s*(?:sudo\s+(?:-[A-Za-z]+\s+)*)?(?:(?:\/usr)?(?:\/local)?\/bin\/)?(?:sh|bash|zsh|dash|ksh|ash|csh|tcsh|fish|python[23]?|perl|ruby|node|php|pwsh|powershell|iex|invoke-expression)(?![\w-])/i;
const SUBSTITUTED_DOWNLOAD =
  /(?:\b(?:sh|bash|zsh|dash|ksh|source)|(?:^|\s)\.)\s+<\(\s*(?:curl|wget|fetch)\b|(?:\s-c|\beval)\s+["']?(?:\$\(|`)\s*(?:curl|wget|fetch)\b/i;
const PS_INVOKE = /\b(?:iex|invoke-expression)\b/i;
const PS_DOWNLOAD =
  /downloadstring|downloadfile|\b(?:iwr|irm|invoke-webrequest|invoke-restmethod)\b|net\.webclient/i;

/** Text-level pipe-to-shell (`curl ... | sh`, `bash <(curl ...)`, `iex (...DownloadString(...))`): index or -1. */
function pipeToShell(text: string): number {
  if (!DOWNLOAD_HINT.test(text)) return -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const dl = DOWNLOADER.exec(line);
    if (dl && PIPE_INTERPRETER.test(line.slice(dl.index))) return lineStart + dl.index;
    const sub = SUBSTITUTED_DOWNLOAD.exec(line);
    if (sub) return lineStart + sub.index;
    const invoke = PS_INVOKE.exec(line);
    if (invoke && PS_DOWNLOAD.test(line)) return lineStart + invoke.index;
    lineStart = lineEnd + 1;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// Decoding and message helpers

const PERCENT = /%([0-9A-Fa-f]{2})|%u([0-9A-Fa-f]{4})/g;
const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});/g;
const ESCAPE = /\\(\\|n|r|x0[aAdD]|u000[aAdD])/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  semi: ';',
  vert: '|',
  verbar: '|',
  grave: '`',
  dollar: '$',
  lpar: '(',
  rpar: ')',
  lcub: '{',
  rcub: '}',
  sol: '/',
  bsol: '\\',
  num: '#',
  excl: '!',
  newline: '\n',
  tab: '\t',
  nbsp: ' ',
};

/** Percent-decoding (two layers) and HTML entities: what a web server or client might undo. */
function decodeTransport(text: string): string {
  let out = text;
  if (out.includes('%')) {
    out = out.replace(PERCENT, percentChar);
    if (out.includes('%')) out = out.replace(PERCENT, percentChar);
  }
  if (out.includes('&')) out = out.replace(ENTITY, entityChar);
  return out;
}

/** Literal `\n` / `\r` escapes (as JSON, printf or a log would write them) become line breaks. */
function decodeEscapes(text: string): string {
  return text.includes('\\')
    ? text.replace(ESCAPE, (m, e: string) =>
        e === '\\' ? m : e.endsWith('a') || e.endsWith('A') || e === 'n' ? '\n' : '\r',
      )
    : text;
}

function percentChar(m: string, hex: string | undefined, wide: string | undefined): string {
  return String.fromCharCode(parseInt(hex ?? wide ?? '', 16));
}

function entityChar(m: string, name: string): string {
  if (name.startsWith('#')) {
    const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  }
  return NAMED_ENTITIES[name.toLowerCase()] ?? m;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const SURROGATE = /[\ud800-\udfff]/;

/** One line of evidence around `at`, at most ~80 characters, control characters escaped. */
function excerpt(text: string, at: number): string {
  const start = Math.max(0, at - 20);
  const end = Math.min(text.length, start + EVIDENCE);
  const body = text.slice(start, end);
  return (start > 0 ? '…' : '') + printable(body) + (end < text.length ? '…' : '');
}

function clip(s: string): string {
  return s.length > 40 ? printable(s.slice(0, 39)) + '…' : printable(s);
}

function printable(s: string): string {
  const escaped = s.replace(CONTROL, (c) =>
    c === '\n'
      ? '\\n'
      : c === '\r'
        ? '\\r'
        : c === '\t'
          ? '\\t'
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return SURROGATE.test(escaped) ? wellFormed(escaped) : escaped;
}

/** Lone surrogates (from hostile input, or from clipping a pair) written as `\uXXXX`. */
function wellFormed(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) out += s[i]! + s[++i]!;
    else out += (c & 0xf800) === 0xd800 ? `\\u${c.toString(16)}` : s[i]!;
  }
  return out;
}

/** A user value as inline code; double backticks when it contains one. */
function code(s: string): string {
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}
