import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, runsCommands, scanShell, tokenize, type ShellToken } from './shell.js';

/** Compact view of tokens: words as their value (quoted ones in «»), operators and the rest tagged. */
function view(input: string): string[] {
  return tokenize(input).map(show);
}
function show(t: ShellToken): string {
  switch (t.type) {
    case 'word':
      return t.quoted ? `«${t.value}»` : t.value;
    case 'operator':
      return `op:${t.op === '\n' ? '\\n' : t.op}`;
    case 'redirect':
      return `redir:${t.fd}${t.op}`;
    case 'substitution':
      return `sub:${t.kind}${t.text}${t.terminated ? '' : ':open'}`;
    case 'heredoc':
      return `heredoc:${JSON.stringify(t.value)}${t.expands ? '' : ':literal'}`;
    case 'comment':
      return `comment:${t.value}`;
    case 'error':
      return `error:${t.error}`;
  }
}

describe('tokenize: words and quoting', () => {
  it('splits words on blanks and keeps quoted operators inside one word', () => {
    expect(view(`grep -rn "a|b" src`)).toEqual(['grep', '-rn', '«a|b»', 'src']);
    expect(view(`echo 'a; b'  "c && d"`)).toEqual(['echo', '«a; b»', '«c && d»']);
    expect(view(`echo it's" "ok`)).toEqual(['echo', 'error:unterminated-single-quote', '«its" "ok»']);
  });

  it('resolves escapes and line continuations', () => {
    expect(view('echo a\\;b c\\ d')).toEqual(['echo', '«a;b»', '«c d»']);
    expect(view('ls \\\n-la')).toEqual(['ls', '-la']);
    expect(view('echo "a\\"b\\$c\\x"')).toEqual(['echo', '«a"b$c\\x»']);
    expect(view('echo C:\\')).toEqual(['echo', 'C:\\']);
  });

  it('records how each part of a word was quoted', () => {
    const [, w] = tokenize(`echo a'b'"c"\\d$'e\\n'`);
    expect(w).toMatchObject({
      type: 'word',
      value: 'abcde\n',
      quoted: true,
      parts: [
        { text: 'a', quote: '' },
        { text: 'b', quote: "'" },
        { text: 'c', quote: '"' },
        { text: 'd', quote: '\\' },
        { text: 'e\n', quote: "$'" },
      ],
    });
  });

  it('decodes ANSI-C quotes', () => {
    expect(view(`printf $'\\x41\\101\\u00e9\\t\\'x'`)).toEqual(['printf', "«AAé\t'x»"]);
  });

  it('counts an empty quoted string as a (quoted) word', () => {
    expect(view(`test "" = ''`)).toEqual(['test', '«»', '=', '«»']);
  });

  it('keeps positions of every token', () => {
    const tokens = tokenize('ls -l; id');
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 2],
      [3, 5],
      [5, 6],
      [7, 9],
    ]);
  });
});

describe('tokenize: operators and redirections', () => {
  it('reads every control operator', () => {
    expect(view('a;b&c&&d||e|f|&g\nh')).toEqual([
      'a',
      'op:;',
      'b',
      'op:&',
      'c',
      'op:&&',
      'd',
      'op:||',
      'e',
      'op:|',
      'f',
      'op:|&',
      'g',
      'op:\\n',
      'h',
    ]);
    expect(view('case x in a) b;; c) d;& e) f;;& esac')).toContain('op:;;&');
    expect(view('(cd x; ls)')).toEqual(['op:(', 'cd', 'x', 'op:;', 'ls', 'op:)']);
  });

  it('reads redirections with file descriptors', () => {
    expect(view('cmd >out 2>&1 <in >>log &>all &>>both 3<>rw >|force <&0')).toEqual([
      'cmd',
      'redir:>',
      'out',
      'redir:2>&',
      '1',
      'redir:<',
      'in',
      'redir:>>',
      'log',
      'redir:&>',
      'all',
      'redir:&>>',
      'both',
      'redir:3<>',
      'rw',
      'redir:>|',
      'force',
      'redir:<&',
      '0',
    ]);
    expect(view('cat <<<"word"')).toEqual(['cat', 'redir:<<<', '«word»']);
    expect(view('echo a2>x')).toEqual(['echo', 'a2', 'redir:>', 'x']);
  });

  it('reads comments only at the start of a word', () => {
    expect(view('ls # a; b\nid')).toEqual(['ls', 'comment: a; b', 'op:\\n', 'id']);
    expect(view('echo a#b')).toEqual(['echo', 'a#b']);
  });

  it('reads an arithmetic command', () => {
    expect(view('(( i < 3 )) && echo y')).toEqual(['op:((', 'op:))', 'op:&&', 'echo', 'y']);
  });
});

describe('tokenize: substitutions', () => {
  it('puts a substitution body in its own segment, before the substitution token', () => {
    const tokens = tokenize('echo "x $(whoami) y" `id`');
    expect(tokens.map((t) => [show(t), t.segment])).toEqual([
      ['echo', 0],
      ['whoami', 1],
      ['sub:$(whoami', 0],
      ['«x $(whoami) y»', 0],
      ['id', 2],
      ['sub:`id', 0],
      ['`id`', 0],
    ]);
    const sub = tokens[2] as Extract<ShellToken, { type: 'substitution' }>;
    expect(sub).toMatchObject({
      kind: '$(',
      body: 1,
      inDoubleQuotes: true,
      terminated: true,
      start: 8,
      end: 17,
    });
  });

  it('nests substitutions, quotes and subshells', () => {
    expect(view('echo $(echo "$(id)" | (cat; ls))')).toEqual([
      'echo',
      'echo',
      'id',
      'sub:$(id',
      '«$(id)»',
      'op:|',
      'op:(',
      'cat',
      'op:;',
      'ls',
      'op:)',
      'sub:$(echo "$(id)" | (cat; ls)',
      '$(echo "$(id)" | (cat; ls))',
    ]);
  });

  it('reads process substitutions', () => {
    expect(view('diff <(ls a) >(wc)')).toEqual([
      'diff',
      'ls',
      'a',
      'sub:<(ls a',
      '<(ls a)',
      'wc',
      'sub:>(wc',
      '>(wc)',
    ]);
  });

  it('reads parameter and arithmetic expansions without tokenizing their insides', () => {
    expect(view('echo ${HOME:-/a b} $((1<2|3)) ${x:-"q;r"}')).toEqual([
      'echo',
      'sub:${HOME:-/a b',
      '${HOME:-/a b}',
      'sub:$((1<2|3',
      '$((1<2|3))',
      'sub:${x:-"q;r"',
      '${x:-"q;r"}',
    ]);
    expect(view('echo ${a:-$(id)}')).toEqual(['echo', 'id', 'sub:$(id', 'sub:${a:-$(id)', '${a:-$(id)}']);
  });

  it('reads `$((` that is really a command substitution of a subshell', () => {
    const tokens = tokenize('echo $((id) | cat)');
    expect(tokens.map(show)).toEqual(['echo', 'op:)', 'op:|', 'cat', 'sub:$(id) | cat', '$((id) | cat)']);
    expect(tokens[4]).toMatchObject({ kind: '$(', body: 1 });
  });

  it('tells which kinds run commands', () => {
    expect(['$(', '`', '<(', '>('].every((k) => runsCommands(k as '$('))).toBe(true);
    expect(runsCommands('${')).toBe(false);
    expect(runsCommands('$((')).toBe(false);
  });

  it('treats an escaped backtick inside backticks as literal', () => {
    expect(view('echo `echo \\`id\\``')).toEqual([
      'echo',
      'echo',
      '«`id`»',
      'sub:`echo \\`id\\`',
      '`echo \\`id\\``',
    ]);
  });
});

describe('tokenize: here-documents', () => {
  it('reads an expanding body up to its delimiter, and its substitutions', () => {
    expect(view('cat <<EOF\nhi $(id)\nEOF\nls')).toEqual([
      'cat',
      'redir:<<',
      'EOF',
      'op:\\n',
      'id',
      'sub:$(id',
      'heredoc:"hi $(id)\\n"',
      'op:\\n',
      'ls',
    ]);
  });

  it('reads a quoted delimiter as a literal body, and strips tabs for <<-', () => {
    expect(view("cat <<'X'\n$(id); a\nX")).toEqual([
      'cat',
      'redir:<<',
      '«X»',
      'op:\\n',
      'heredoc:"$(id); a\\n":literal',
    ]);
    expect(view('cat <<-END\n\tbody\n\tEND\necho')).toEqual([
      'cat',
      'redir:<<-',
      'END',
      'op:\\n',
      'heredoc:"\\tbody\\n"',
      'op:\\n',
      'echo',
    ]);
  });

  it('reads several bodies in order', () => {
    expect(view('cat <<A <<"B"\n1\nA\n2\nB\nls')).toEqual([
      'cat',
      'redir:<<',
      'A',
      'redir:<<',
      '«B»',
      'op:\\n',
      'heredoc:"1\\n"',
      'heredoc:"2\\n":literal',
      'op:\\n',
      'ls',
    ]);
  });

  it('ends an unterminated body at the end of input without an error', () => {
    expect(view('cat <<EOF\nno end')).toEqual(['cat', 'redir:<<', 'EOF', 'op:\\n', 'heredoc:"no end"']);
    expect(view("cat <<'EOF'\nno end")).toEqual([
      'cat',
      'redir:<<',
      '«EOF»',
      'op:\\n',
      'heredoc:"no end":literal',
    ]);
  });
});

describe('tokenize: errors', () => {
  it('reports every unterminated construct', () => {
    expect(view("ls '")).toContain('error:unterminated-single-quote');
    expect(view('ls "')).toContain('error:unterminated-double-quote');
    expect(view("ls $'a")).toContain('error:unterminated-ansi-c-quote');
    expect(view('ls `id')).toEqual(['ls', 'id', 'error:unterminated-backtick', 'sub:`id:open', '`id']);
    expect(view('ls $(id')).toContain('error:unterminated-substitution');
    expect(view('ls <(id')).toContain('error:unterminated-substitution');
    expect(view('ls ${x')).toContain('error:unterminated-parameter');
    expect(view('ls $((1')).toContain('error:unterminated-arithmetic');
    expect(view('(( 1')).toContain('error:unterminated-arithmetic');
  });

  it('reports each open frame, innermost first', () => {
    expect(view('"$(`').filter((s) => s.startsWith('error'))).toEqual([
      'error:unterminated-backtick',
      'error:unterminated-substitution',
      'error:unterminated-double-quote',
    ]);
  });

  it('stops with too-deep past MAX_DEPTH', () => {
    const tokens = tokenize('$('.repeat(MAX_DEPTH + 10));
    expect(tokens.filter((t) => t.type === 'error').map((t) => (t as { error: string }).error)).toEqual([
      'too-deep',
    ]);
  });
});

describe('scanShell', () => {
  it('stops when the visitor returns true', () => {
    const seen: string[] = [];
    scanShell('a; b; c', (t) => {
      seen.push(show(t));
      return t.type === 'operator';
    });
    expect(seen).toEqual(['a', 'op:;']);
  });

  it('never throws, on any mix of shell characters', () => {
    // Deterministic pseudo-random strings over the characters that change the lexer's state.
    const alphabet = [
      'a',
      ' ',
      '\n',
      '\\',
      "'",
      '"',
      '`',
      '$',
      '(',
      ')',
      '{',
      '}',
      '<',
      '>',
      '&',
      '|',
      ';',
      '#',
      '-',
      'EOF',
      '<<',
    ];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 3000; n++) {
      let s = '';
      const len = next() % 40;
      for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
      expect(() => tokenize(s)).not.toThrow();
    }
  });

  it('handles hostile sizes: 10 MB, deep nesting, lone surrogates', () => {
    let count = 0;
    scanShell('a'.repeat(10_000_000), () => {
      count++;
    });
    expect(count).toBe(1);
    expect(view('"'.repeat(20_001))).toEqual(['error:unterminated-double-quote', '«»']);
    expect(tokenize('`'.repeat(100_000)).filter((t) => t.type === 'substitution')).toHaveLength(50_000);
    expect(view('echo \ud800 "\udc00"; x')).toEqual(['echo', '\ud800', '«\udc00»', 'op:;', 'x']);
  });
});
