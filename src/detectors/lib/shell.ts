/**
 * A POSIX shell tokenizer, with the bash extensions an attacker reaches for: quotes, escapes, `$'...'`,
 * `$(...)`, backticks, `${...}`, `$((...))`, process substitution, here-documents, control operators,
 * redirections and comments. It does what the shell's lexer does before anything runs, so a detector can
 * tell `echo 'a; b'` (one quoted argument) from `echo a; b` (two commands).
 *
 * One pass over the input, no recursion (nested constructs live on an explicit stack of frames, bounded by
 * `MAX_DEPTH`), never throws. Tokens stream to a visitor (`scanShell`), so a 10 MB command does not build
 * a 10 MB token array; `tokenize` collects them for callers that want a list.
 *
 * Tokens carry the `segment` they belong to: 0 is the top-level script, and every command or process
 * substitution (`$(...)`, backticks, `<(...)`, `>(...)`) opens a new segment for the tokens of its body.
 * A substitution token is emitted when its body closes, after the body's tokens, in its parent's segment.
 * Word values are unquoted (quotes removed, escapes resolved) with nested expansions kept as written:
 * `a"b"$(id)` has the value `ab$(id)`.
 */

export type ControlOperator =
  ';' | '&' | '&&' | '||' | '|' | '|&' | '\n' | ';;' | ';&' | ';;&' | '(' | ')' | '((' | '))';
export type RedirectOperator =
  '<' | '>' | '>>' | '>|' | '<<' | '<<-' | '<<<' | '<&' | '>&' | '<>' | '&>' | '&>>';
/** `$(`, backtick, `<(` and `>(` run commands; `${` and `$((` expand parameters and arithmetic. */
export type SubstitutionKind = '$(' | '`' | '<(' | '>(' | '${' | '$((';
export type ShellError =
  | 'unterminated-single-quote'
  | 'unterminated-double-quote'
  | 'unterminated-ansi-c-quote'
  | 'unterminated-backtick'
  | 'unterminated-substitution'
  | 'unterminated-parameter'
  | 'unterminated-arithmetic'
  | 'too-deep';

/** How a piece of a word was written: bare, `'single'`, `"double"`, `$'ansi-c'`, or a `\`-escaped char. */
export type Quoting = '' | "'" | '"' | "$'" | '\\';
export type WordPart = { text: string; quote: Quoting };

type Span = { start: number; end: number; segment: number };
export type ShellToken =
  | (Span & { type: 'word'; value: string; quoted: boolean; parts: WordPart[] })
  | (Span & { type: 'operator'; op: ControlOperator })
  | (Span & { type: 'redirect'; op: RedirectOperator; fd: string })
  | (Span & {
      type: 'substitution';
      kind: SubstitutionKind;
      /** Segment of the body's tokens (command-running kinds); -1 for `${` and `$((`. */
      body: number;
      /** The source text between the delimiters. */
      text: string;
      inDoubleQuotes: boolean;
      terminated: boolean;
    })
  | (Span & { type: 'heredoc'; value: string; expands: boolean })
  | (Span & { type: 'comment'; value: string })
  | (Span & { type: 'error'; error: ShellError });

/** Return `true` to stop the scan. */
export type ShellVisit = (token: ShellToken) => boolean | void;

/** Nesting deeper than this is reported as `too-deep` and ends the scan. */
export const MAX_DEPTH = 1000;

export function tokenize(input: string): ShellToken[] {
  const out: ShellToken[] = [];
  scanShell(input, (t) => {
    out.push(t);
  });
  return out;
}

/** Is this word a command or process substitution kind (one that runs commands)? */
export function runsCommands(kind: SubstitutionKind): boolean {
  return kind !== '${' && kind !== '$((';
}

// Runs of characters with no meaning in each mode, consumed at once (sticky, so they never scan ahead).
const PLAIN_RUN = /[^ \t\n\\'"`$<>&|;()]+/y;
const DQUOTE_RUN = /[^"\\$`]+/y;
const PARAM_RUN = /[^}"'`$\\]+/y;
const ARITH_RUN = /[^()"'`$\\]+/y;
const HEREDOC_RUN = /[^\n\\$`]+/y;
const ANSI_RUN = /[^'\\]+/y;
const DIGITS = /^\d+$/;
const LEADING_TABS = /^\t+/;

type Word = { start: number; parts: WordPart[]; value: string; quoted: boolean };
type Heredoc = { delim: string; strip: boolean; expands: boolean };
type Mode = 'script' | 'dquote' | 'param' | 'arith' | 'heredoc';
type Frame = {
  mode: Mode;
  /** For substitution frames, what opened them; `((` for an arithmetic command. */
  kind: SubstitutionKind | '((' | '"' | 'heredoc' | 'top';
  start: number;
  bodyStart: number;
  segment: number;
  /** The script frame whose current word receives this frame's text (itself for script frames). */
  owner: Frame | undefined;
  /** Whether text read in this frame goes into the owner's word (false inside `${...}` and `$((...))`). */
  sink: boolean;
  inDoubleQuotes: boolean;
  /** Script: open `(` count; arithmetic: paren depth. */
  parens: number;
  word: Word | undefined;
  awaitingDelimiter: '<<' | '<<-' | undefined;
  /** Script frames: here-documents announced on the current line, read after its newline. */
  heredocs: Heredoc[] | undefined;
  heredoc: Heredoc | undefined;
};

/** The control operator starting at `i` (the character there is `;`, `&` or `|`). */
function controlOperator(s: string, i: number): ControlOperator {
  const c = s[i];
  const next = s[i + 1];
  if (c === ';') {
    if (next === ';') return s[i + 2] === '&' ? ';;&' : ';;';
    return next === '&' ? ';&' : ';';
  }
  if (c === '&') return next === '&' ? '&&' : '&';
  return next === '|' ? '||' : next === '&' ? '|&' : '|';
}

/** The redirection operator starting at `i` (the character there is `<`, `>`, or `&` before `>`). */
function redirectOperator(s: string, i: number): RedirectOperator {
  const c = s[i];
  const next = s[i + 1];
  if (c === '&') return s[i + 2] === '>' ? '&>>' : '&>';
  if (c === '>') return next === '>' ? '>>' : next === '&' ? '>&' : next === '|' ? '>|' : '>';
  if (next === '<') return s[i + 2] === '<' ? '<<<' : s[i + 2] === '-' ? '<<-' : '<<';
  return next === '&' ? '<&' : next === '>' ? '<>' : '<';
}

export function scanShell(input: string, visit: ShellVisit): void {
  const n = input.length;
  let i = 0;
  let stopped = false;
  let nextSegment = 1;
  const emit = (t: ShellToken): void => {
    if (!stopped && visit(t) === true) stopped = true;
  };

  const newFrame = (
    mode: Mode,
    kind: Frame['kind'],
    start: number,
    bodyStart: number,
    parent?: Frame,
  ): Frame => {
    const script = mode === 'script';
    return {
      mode,
      kind,
      start,
      bodyStart,
      segment: script && parent ? nextSegment++ : (parent?.segment ?? 0),
      owner: script
        ? undefined
        : parent?.mode === 'script'
          ? parent
          : parent?.sink
            ? parent.owner
            : undefined,
      sink: mode === 'dquote' && (parent?.mode === 'script' || parent?.sink === true),
      inDoubleQuotes: parent?.mode === 'dquote' || parent?.inDoubleQuotes === true,
      parens: 0,
      word: undefined,
      awaitingDelimiter: undefined,
      heredocs: undefined,
      heredoc: undefined,
    };
  };
  const top = newFrame('script', 'top', 0, 0);
  const frames: Frame[] = [top];
  const current = (): Frame => frames[frames.length - 1]!;

  // ---- words ----
  const wordOf = (f: Frame, at: number): Word =>
    (f.word ??= { start: at, parts: [], value: '', quoted: false });
  const append = (f: Frame, at: number, text: string, quote: Quoting): void => {
    const w = wordOf(f, at);
    const last = w.parts[w.parts.length - 1];
    if (last && last.quote === quote) last.text += text;
    else w.parts.push({ text, quote });
    w.value += text;
    if (quote !== '') w.quoted = true;
  };
  /** Text read in frame `f` (script or a sinking frame) goes to the right word. */
  const appendIn = (f: Frame, at: number, text: string, quote: Quoting): void => {
    if (f.mode === 'script') append(f, at, text, quote);
    else if (f.sink && f.owner) append(f.owner, at, text, '"');
  };
  const finishWord = (f: Frame, end: number): void => {
    const w = f.word;
    if (!w) return;
    f.word = undefined;
    emit({
      type: 'word',
      value: w.value,
      quoted: w.quoted,
      parts: w.parts,
      start: w.start,
      end,
      segment: f.segment,
    });
    if (f.awaitingDelimiter) {
      (f.heredocs ??= []).push({ delim: w.value, strip: f.awaitingDelimiter === '<<-', expands: !w.quoted });
      f.awaitingDelimiter = undefined;
    }
  };

  // ---- frames ----
  /** Open a nested construct; quotes and expansions (not `((` or here-documents) are part of a word. */
  const push = (mode: Mode, kind: Frame['kind'], start: number, bodyStart: number): boolean => {
    const parent = current();
    const inWord = kind !== '((' && kind !== 'heredoc';
    if (inWord && parent.mode === 'script') wordOf(parent, start);
    else if (inWord && parent.sink && parent.owner) wordOf(parent.owner, start);
    if (frames.length >= MAX_DEPTH) {
      emit({ type: 'error', error: 'too-deep', start, end: n, segment: parent.segment });
      stopped = true;
      return false;
    }
    frames.push(newFrame(mode, kind, start, bodyStart, parent));
    if (kind === '"') appendIn(current(), start, '', '"'); // `""` is an (empty) quoted word
    return true;
  };
  /** Close the top frame; `closeLen` is the length of its closing delimiter. */
  const pop = (at: number, closeLen: number, terminated: boolean): void => {
    const f = frames.pop()!;
    const parent = current();
    const end = at + closeLen;
    if (f.mode === 'script') finishWord(f, at);
    if (f.kind === 'heredoc') {
      const value = input.slice(f.bodyStart, at);
      emit({ type: 'heredoc', value, expands: true, start: f.start, end, segment: f.segment });
      return;
    }
    if (f.kind === '((') {
      if (terminated) emit({ type: 'operator', op: '))', start: at, end, segment: parent.segment });
      return;
    }
    if (f.kind === '"') return;
    const kind = f.kind as SubstitutionKind;
    emit({
      type: 'substitution',
      kind,
      body: runsCommands(kind) ? f.segment : -1,
      text: input.slice(f.bodyStart, at),
      inDoubleQuotes: f.inDoubleQuotes,
      terminated,
      start: f.start,
      end,
      segment: parent.segment,
    });
    // The whole construct, as written, is part of the enclosing word.
    appendIn(parent, f.start, input.slice(f.start, end), '');
  };

  const emitOperator = (f: Frame, op: ControlOperator, len: number): void => {
    finishWord(f, i);
    emit({ type: 'operator', op, start: i, end: i + len, segment: f.segment });
    i += len;
  };

  // ---- `$` constructs, shared by script, double-quote, parameter, arithmetic and here-document modes ----
  /** Handles `$(( $( ${` and backticks at `i`; returns false when the character is not one of them. */
  const openExpansion = (): boolean => {
    const c = input[i];
    if (c === '`') {
      if (push('script', '`', i, i + 1)) i += 1;
      return true;
    }
    if (c !== '$') return false;
    const next = input[i + 1];
    if (next === '(' && input[i + 2] === '(') {
      if (push('arith', '$((', i, i + 3)) i += 3;
    } else if (next === '(') {
      if (push('script', '$(', i, i + 2)) i += 2;
    } else if (next === '{') {
      if (push('param', '${', i, i + 2)) i += 2;
    } else return false;
    return true;
  };

  /** `'...'` at `i`: literal up to the next `'`. */
  const singleQuote = (f: Frame): void => {
    const close = input.indexOf("'", i + 1);
    if (close < 0) {
      appendIn(f, i, input.slice(i + 1), "'");
      emit({ type: 'error', error: 'unterminated-single-quote', start: i, end: n, segment: f.segment });
      i = n;
    } else {
      appendIn(f, i, input.slice(i + 1, close), "'");
      i = close + 1;
    }
  };

  /** `$'...'` at `i`: backslash escapes as in C. */
  const ansiQuote = (f: Frame): void => {
    const start = i;
    let text = '';
    let j = i + 2;
    while (j < n && input[j] !== "'") {
      if (input[j] === '\\' && j + 1 < n) {
        const [ch, len] = ansiEscape(input, j + 1);
        text += ch;
        j += 1 + len;
      } else {
        ANSI_RUN.lastIndex = j;
        const run = ANSI_RUN.exec(input)?.[0] ?? input[j]!;
        text += run;
        j += run.length;
      }
    }
    appendIn(f, start, text, "$'");
    if (j >= n) {
      emit({ type: 'error', error: 'unterminated-ansi-c-quote', start, end: n, segment: f.segment });
      i = n;
    } else i = j + 1;
  };

  // ---- here-documents ----
  const lineEnd = (from: number): number => {
    const e = input.indexOf('\n', from);
    return e < 0 ? n : e;
  };
  const isDelimiterLine = (h: Heredoc, from: number, to: number): boolean => {
    const line = input.slice(from, to);
    return (h.strip ? line.replace(LEADING_TABS, '') : line) === h.delim;
  };
  /** After a newline in `f`: read the bodies of the here-documents its line announced. */
  const startHeredocs = (f: Frame): void => {
    while (f.heredocs && f.heredocs.length > 0 && i < n) {
      const h = f.heredocs.shift()!;
      if (h.expands) {
        if (push('heredoc', 'heredoc', i, i)) current().heredoc = h;
        return;
      }
      let pos = i;
      while (pos < n && !isDelimiterLine(h, pos, lineEnd(pos))) pos = lineEnd(pos) + 1;
      const bodyEnd = Math.min(pos, n);
      emit({
        type: 'heredoc',
        value: input.slice(i, bodyEnd),
        expands: false,
        start: i,
        end: bodyEnd,
        segment: f.segment,
      });
      i = finishHeredocLine(f, pos);
    }
  };
  /** Past the delimiter line at `pos`: the next body starts on the next line, else the newline is lexed. */
  const finishHeredocLine = (f: Frame, pos: number): number => {
    if (pos >= n) return n;
    const e = lineEnd(pos);
    return f.heredocs && f.heredocs.length > 0 ? e + 1 : e;
  };

  // ---- the modes ----
  const stepScript = (f: Frame): void => {
    const c = input[i]!;
    if (c === ' ' || c === '\t') {
      finishWord(f, i);
      i++;
    } else if (c === '\n') {
      emitOperator(f, '\n', 1);
      startHeredocs(f);
    } else if (c === '#' && !f.word) {
      const e = lineEnd(i);
      emit({ type: 'comment', value: input.slice(i + 1, e), start: i, end: e, segment: f.segment });
      i = e;
    } else if (c === '\\') {
      const next = input[i + 1];
      if (next === '\n') i += 2;
      else if (next === undefined) {
        append(f, i, '\\', '');
        i++;
      } else {
        append(f, i, next, '\\');
        i += 2;
      }
    } else if (c === "'") {
      singleQuote(f);
    } else if (c === '"') {
      if (push('dquote', '"', i, i + 1)) i++;
    } else if (c === '`' && f.kind === '`') {
      pop(i, 1, true);
      i++;
    } else if (c === '$' && input[i + 1] === "'") {
      ansiQuote(f);
    } else if (c === '$' && input[i + 1] === '"') {
      i++; // `$"..."` is a translated double-quoted string
    } else if (openExpansion()) {
      // pushed a frame
    } else if ((c === '<' || c === '>') && input[i + 1] === '(') {
      if (push('script', c === '<' ? '<(' : '>(', i, i + 2)) i += 2;
    } else if (c === '<' || c === '>' || (c === '&' && input[i + 1] === '>')) {
      redirect(f);
    } else if (c === '&' || c === '|' || c === ';') {
      const op = controlOperator(input, i);
      emitOperator(f, op, op.length);
    } else if (c === '(') {
      if (input[i + 1] === '(' && !f.word) {
        emitOperator(f, '((', 2);
        push('arith', '((', i, i);
      } else {
        emitOperator(f, '(', 1);
        f.parens++;
      }
    } else if (c === ')') {
      if ((f.kind === '$(' || f.kind === '<(' || f.kind === '>(') && f.parens === 0) {
        pop(i, 1, true);
        i++;
      } else {
        emitOperator(f, ')', 1);
        if (f.parens > 0) f.parens--;
      }
    } else {
      PLAIN_RUN.lastIndex = i;
      const m = PLAIN_RUN.exec(input);
      const text = m ? m[0] : c;
      append(f, i, text, '');
      i += text.length;
    }
  };

  const redirect = (f: Frame): void => {
    let fd = '';
    const w = f.word;
    // `2>` : a word of digits directly before the operator is its file descriptor, not an argument.
    if (w && w.parts.length === 1 && w.parts[0]!.quote === '' && DIGITS.test(w.parts[0]!.text)) {
      fd = w.parts[0]!.text;
      f.word = undefined;
    } else finishWord(f, i);
    const start = fd ? i - fd.length : i;
    const op = redirectOperator(input, i);
    emit({ type: 'redirect', op, fd, start, end: i + op.length, segment: f.segment });
    i += op.length;
    if (op === '<<' || op === '<<-') f.awaitingDelimiter = op;
  };

  /** Shared by double-quote and here-document modes: escapes, expansions, then a run of plain text. */
  const stepQuoted = (f: Frame, run: RegExp, escapable: string): void => {
    const c = input[i]!;
    if (c === '\\') {
      const next = input[i + 1];
      if (next === '\n') i += 2;
      else if (next !== undefined && escapable.includes(next)) {
        appendIn(f, i, next, '"');
        i += 2;
      } else {
        appendIn(f, i, '\\', '"');
        i++;
      }
    } else if (openExpansion()) {
      // pushed a frame
    } else {
      run.lastIndex = i;
      const m = run.exec(input);
      const text = m ? m[0] : c;
      appendIn(f, i, text, '"');
      i += text.length;
    }
  };

  const stepDquote = (f: Frame): void => {
    if (input[i] === '"') {
      pop(i, 1, true);
      i++;
    } else stepQuoted(f, DQUOTE_RUN, '$`"\\');
  };

  const stepHeredoc = (f: Frame, atLineStart: boolean): void => {
    const h = f.heredoc!;
    if (atLineStart && isDelimiterLine(h, i, lineEnd(i))) {
      const owner = frames[frames.length - 2]!;
      const at = i;
      pop(at, 0, true);
      i = finishHeredocLine(owner, at);
      startHeredocs(owner);
      return;
    }
    if (input[i] === '\n') i++;
    else stepQuoted(f, HEREDOC_RUN, '$`\\');
  };

  const stepParam = (f: Frame): void => {
    const c = input[i]!;
    if (c === '}') {
      pop(i, 1, true);
      i++;
    } else if (c === "'") singleQuote(f);
    else if (c === '"') {
      if (push('dquote', '"', i, i + 1)) i++;
    } else if (c === '\\') i += 2;
    else if (!openExpansion()) {
      PARAM_RUN.lastIndex = i;
      i += PARAM_RUN.exec(input)?.[0].length ?? 1;
    }
  };

  const stepArith = (f: Frame): void => {
    const c = input[i]!;
    if (c === '(') {
      f.parens++;
      i++;
    } else if (c === ')') {
      if (f.parens > 0) {
        f.parens--;
        i++;
      } else if (input[i + 1] === ')') {
        pop(i, 2, true);
        i += 2;
      } else reinterpretArith(f);
    } else if (c === "'") singleQuote(f);
    else if (c === '"') {
      if (push('dquote', '"', i, i + 1)) i++;
    } else if (c === '\\') i += 2;
    else if (!openExpansion()) {
      ARITH_RUN.lastIndex = i;
      i += ARITH_RUN.exec(input)?.[0].length ?? 1;
    }
  };

  /**
   * A lone `)` inside `$((` means it was `$( (...) ...)`: a command substitution starting with a subshell
   * (bash decides the same way). The frame becomes a command substitution; its skipped start is not
   * re-read, but the substitution itself is reported. For `((`, the `)` ends a subshell.
   */
  const reinterpretArith = (f: Frame): void => {
    if (f.kind === '((') {
      frames.pop();
      emitOperator(current(), ')', 1);
      return;
    }
    f.mode = 'script';
    f.kind = '$(';
    f.segment = nextSegment++;
    f.owner = undefined;
    f.sink = false;
    f.parens = 0;
    emitOperator(f, ')', 1);
  };

  while (i < n && !stopped) {
    const f = current();
    switch (f.mode) {
      case 'script':
        stepScript(f);
        break;
      case 'dquote':
        stepDquote(f);
        break;
      case 'param':
        stepParam(f);
        break;
      case 'arith':
        stepArith(f);
        break;
      case 'heredoc':
        stepHeredoc(f, i === f.bodyStart || input[i - 1] === '\n');
        break;
    }
  }
  if (stopped) return;
  // End of input: every open construct is unterminated (a here-document may end at end of input).
  while (frames.length > 1) {
    const f = current();
    if (f.mode === 'script') finishWord(f, n);
    const error = UNTERMINATED[f.kind];
    if (error) emit({ type: 'error', error, start: f.start, end: n, segment: f.segment });
    pop(n, 0, false);
  }
  finishWord(top, n);
}

const UNTERMINATED: Partial<Record<Frame['kind'], ShellError>> = {
  '"': 'unterminated-double-quote',
  '`': 'unterminated-backtick',
  '$(': 'unterminated-substitution',
  '<(': 'unterminated-substitution',
  '>(': 'unterminated-substitution',
  '${': 'unterminated-parameter',
  '$((': 'unterminated-arithmetic',
  '((': 'unterminated-arithmetic',
};

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};
const HEX = /^[0-9A-Fa-f]{1,2}/;
const OCTAL = /^[0-7]{1,3}/;
const UNICODE4 = /^[0-9A-Fa-f]{1,4}/;

/** One `$'...'` escape starting after the backslash at `at`: the character and how many chars it used. */
function ansiEscape(s: string, at: number): [string, number] {
  const c = s[at]!;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, 1];
  const rest = s.slice(at + 1, at + 5);
  if (c === 'x') {
    const h = HEX.exec(rest)?.[0];
    return h ? [String.fromCharCode(parseInt(h, 16)), 1 + h.length] : ['\\x', 1];
  }
  if (c === 'u') {
    const h = UNICODE4.exec(rest)?.[0];
    return h ? [String.fromCharCode(parseInt(h, 16)), 1 + h.length] : ['\\u', 1];
  }
  const o = OCTAL.exec(s.slice(at, at + 3))?.[0];
  if (o) return [String.fromCharCode(parseInt(o, 8) & 0xff), o.length];
  return ['\\' + c, 1];
}
