import { describe, expect, it } from 'vitest';
import {
  analyzeSegments,
  canonicalPath,
  compilePathGlob,
  decodePathLayers,
  evasionEscape,
  fileUrlPath,
  findUrls,
  foldPathChars,
  forEachRequestString,
  formatLoose,
  hasDotDotSegment,
  homeRelative,
  isInside,
  isPathKey,
  isPathLike,
  mayBeEncoded,
  percentDecodeOnce,
  resolveLoose,
  showValue,
  urlParts,
} from './path.js';

describe('canonicalPath', () => {
  it.each([
    ['/home/safe/x', '/home/safe/x'],
    ['/home//safe/./x/', '/home/safe/x'],
    ['/home/safe/sub/../b.txt', '/home/safe/b.txt'],
    ['/a/..', '/'],
    ['/', '/'],
    ['//', '/'],
    ['/a%20b/My%20File.txt', '/a%20b/My%20File.txt'],
    ['/caf%C3%A9', '/caf%C3%A9'],
    ['/100%', '/100%'],
    ['/a%zz', '/a%zz'],
    ['/home/safe-evil', '/home/safe-evil'],
    ['/x/.hidden/..name', '/x/.hidden/..name'],
  ])('places %s at %s', (raw, path) => {
    expect(canonicalPath(raw)).toEqual({ ok: true, path });
  });

  it.each([
    ['', 'is empty'],
    ['relative/x', 'is relative'],
    ['./x', 'is relative'],
    ['C:/x', 'is relative'],
    ['~/x', '`~`'],
    ['file:///etc/passwd', '`file:`'],
    ['/a\\b', 'backslash'],
    ['/..', 'climbs above the root'],
    ['/a/../..', 'climbs above the root'],
    ['/x\u0000.txt', 'nul byte'],
    ['/x%00.txt', 'encoded nul'],
    ['/a%2fb', 'percent-encoded dot or separator'],
    ['/a/%2E%2E/b', 'percent-encoded dot or separator'],
    ['/a%5cb', 'percent-encoded dot or separator'],
    ['/a%252e', 'double-encoded'],
    ['/a%%32%65', 'double-encoded'],
    ['/%c0%ae%c0%ae/', 'overlong'],
    ['/a%e0%80%ae', 'overlong'],
    ['/a%c3', 'overlong or invalid'],
    ['/a%u002e', '`%u`'],
    ['/a/．．/b', 'lookalike'],
    ['/a∕b', 'lookalike'],
    ['/a%EF%BC%8E', 'lookalike'],
    ['/a/.../b', '`...`'],
    ['/a/..;/b', '`..;`'],
    ['/a/.. /b', '`...`'],
  ])('rejects %j (%s)', (raw, reason) => {
    const c = canonicalPath(raw);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.reason).toContain(reason);
      expect(c.reason).toMatch(/^[a-z]/);
      expect(c.reason).not.toContain('\n');
    }
  });
});

describe('isInside', () => {
  it('contains by whole segments', () => {
    expect(isInside('/home/safe/x', '/home/safe/')).toBe(true);
    expect(isInside('/home/safe/x', '/home/safe')).toBe(true);
    expect(isInside('/home/safe', '/home/safe/')).toBe(true);
    expect(isInside('/home/safe-evil', '/home/safe/')).toBe(false);
    expect(isInside('/home/saf', '/home/safe')).toBe(false);
    expect(isInside('/home', '/home/safe')).toBe(false);
    expect(isInside('/anything', '/')).toBe(true);
    expect(isInside('/home/safe/x', '/home/safe//')).toBe(true);
  });
});

describe('isPathKey and isPathLike', () => {
  it.each([
    'path',
    'PATH',
    'file',
    'filename',
    'filePath',
    'file_path',
    'OUTPUT_DIR',
    'source-file',
    'cwd',
    'paths',
    'targetDir',
  ])('key %s is a path key', (key) => expect(isPathKey(key)).toBe(true));
  it.each(['profile', 'name', 'query', 'url', 'xpath', 'content', 'redirect'])('key %s is not', (key) =>
    expect(isPathKey(key)).toBe(false),
  );

  it('takes any non-empty value under a path key', () => {
    expect(isPathLike('production', 'target')).toBe(true);
    expect(isPathLike('line one\nline two', 'path')).toBe(true);
    expect(isPathLike('', 'path')).toBe(false);
  });

  it.each([
    '/etc/hosts',
    '~/notes.md',
    './src/index.ts',
    '../x',
    '.\\x',
    '..\\x',
    '\\\\server\\share',
    'C:\\Users',
    'c:/users',
    'file:///x',
    'docs/../x',
    '..',
    'a/.../b',
    '..;/x',
    'docs/%2e%2e/x',
    '%2e%2e%2fx',
    'a／．．／b',
  ])('value %j is path-like', (value) => expect(isPathLike(value, 'value')).toBe(true));

  it.each([
    'hello world',
    'src/index.ts',
    'v1..v2',
    '1..10',
    '...',
    'Loading...',
    'see ../docs for details',
    'https://example.com/../x',
    'ftp://host/x',
    '/etc/passwd\nsecond line',
    '',
  ])('value %j is not', (value) => expect(isPathLike(value, undefined)).toBe(false));

  it('finds dot-dot segments only as whole segments', () => {
    expect(hasDotDotSegment('a/../b')).toBe(true);
    expect(hasDotDotSegment('a..b/c')).toBe(false);
    expect(hasDotDotSegment('%252e%252e%252f')).toBe(true);
    expect(hasDotDotSegment('0x2e0x2e/x')).toBe(true);
    expect(mayBeEncoded('plain/path.txt')).toBe(false);
    expect(mayBeEncoded('a%20b')).toBe(true);
  });

  it('sees every encoding, hex spelling and lookalike that the single regex it replaced saw', () => {
    const single =
      /%|0x[25]|[\u2024\uFE52\uFF0E\u2044\u2215\u29F8\uFF0F\uEFC8\uF025\u2216\u29F5\u29F9\uFE68\uFF3C\u00A5\u20A9]/i;
    const lookalikes = [
      ...'\u2024\uFE52\uFF0E\u2044\u2215\u29F8\uFF0F\uEFC8\uF025\u2216\u29F5\u29F9\uFE68\uFF3C\u00A5\u20A9',
    ];
    const values = [
      'plain/path.txt',
      'x'.repeat(300),
      'a%2fb',
      '100%',
      '0x2e0x2e/',
      '0X5C',
      '0x3f',
      'x0',
      '0',
      '\u00e9t\u00e9/\u4e2d\u6587',
      ...lookalikes.map((c) => `..${c}etc${c}passwd`),
      ...lookalikes.map((c) => `\u{1F600} ${c}`),
    ];
    for (const v of values) expect(mayBeEncoded(v), JSON.stringify(v)).toBe(single.test(v));
  });
});

describe('decoding', () => {
  it('peels percent layers one at a time', () => {
    expect(decodePathLayers('%25252e')).toEqual(['%25252e', '%252e', '%2e', '.']);
    expect(decodePathLayers('%%32%65')).toEqual(['%%32%65', '%2e', '.']);
    expect(decodePathLayers('plain')).toEqual(['plain']);
    expect(decodePathLayers('%2525252525252e')).toHaveLength(5);
  });

  it('reads UTF-8, overlong forms, the IIS %c0/%c1 bug and %u escapes', () => {
    expect(percentDecodeOnce('%f0%9f%98%80%e2%82%ac%C3%A9')).toBe('😀€é');
    expect(percentDecodeOnce('%c0%ae%c0%af%e0%80%ae%f0%80%80%ae%f8%80%80%80%ae%fc%80%80%80%80%ae')).toBe(
      './....',
    );
    expect(percentDecodeOnce('%c1%9c%c1%1c%c0%2f')).toBe('\\\\/');
    expect(percentDecodeOnce('%u002e%U2215%uff0e')).toBe('.∕．');
    expect(percentDecodeOnce('%ff%c3 %80')).toBe('\uFFFD\uFFFD \uFFFD');
    expect(percentDecodeOnce('%ed%a0%80')).toBe('\uFFFD\uFFFD\uFFFD');
    expect(percentDecodeOnce('100% %zz %u12 %')).toBe('100% %zz %u12 %');
  });

  it('folds lookalikes and hex spellings', () => {
    expect(foldPathChars('．．／．．＼∕∖⁄﹒․¥')).toBe('../..\\/\\/..\\');
    expect(foldPathChars('0x2e0x2E0x2f0x5C')).toBe('../\\');
    expect(foldPathChars('plain 0x41')).toBe('plain 0x41');
  });

  it('names evasion escapes', () => {
    expect(evasionEscape(['..%c0%af..'])).toBe('overlong utf-8 escapes');
    expect(evasionEscape(['x', '%e0%80%ae'])).toBe('overlong utf-8 escapes');
    expect(evasionEscape(['%%32%%65'])).toBe('escapes with percent-encoded hex digits');
    expect(evasionEscape(['%2%65'])).toBe('escapes with percent-encoded hex digits');
    expect(evasionEscape(['caf%C3%A9 %20'])).toBeUndefined();
  });
});

describe('analyzeSegments', () => {
  it.each([
    ['a/../b', 0, 1],
    ['a/../../b', 1, 2],
    ['/../x', 1, 1],
    ['../../..', 3, 3],
    ['C:\\a\\..\\..\\b', 1, 2],
    ['~/../x', 1, 1],
    ['$HOME/../../x', 2, 2],
    ['./a/./b', 0, 2],
    ['/.../...', 2, 2],
    ['a/..;/..;/b', 1, 2],
    ['??/x', 1, 1],
    ['.. /x', 1, 1],
    ['v1..v2/a..b/...c', 0, 0],
  ])('%s climbs %i with %i dot segments', (path, climb, dotSegments) => {
    expect(analyzeSegments(path)).toMatchObject({ climb, dotSegments });
  });

  it('counts odd parents separately', () => {
    expect(analyzeSegments('a/.../b/..;x/c/??')).toMatchObject({ oddDotSegments: 3, parentSegments: 3 });
    expect(analyzeSegments('a/../b')).toMatchObject({ oddDotSegments: 0, parentSegments: 1 });
  });

  it('splits on malformed escapes and control characters only when loose', () => {
    expect(analyzeSegments('..%bg%qf..%bg%qfetc').climb).toBe(0);
    expect(analyzeSegments('..%bg%qf..%bg%qfetc', true).climb).toBe(2);
    expect(analyzeSegments('..\u0001..\u0001x', true).climb).toBe(2);
    expect(analyzeSegments('50%off/..%20/x', true).climb).toBe(0);
  });
});

describe('resolveLoose', () => {
  const resolved = (p: string) => formatLoose(resolveLoose(p));

  it.each([
    ['/var/www/../../etc/passwd', '/etc/passwd'],
    ['../../etc/passwd', '../../etc/passwd'],
    ['a/b/../c', 'a/c'],
    ['C:\\Users\\me\\..\\..\\Windows\\win.ini', 'C:/Windows/win.ini'],
    ['\\\\?\\C:\\Windows\\System32', 'C:/Windows/System32'],
    ['\\\\srv\\share\\..\\..\\x', '//srv/share/x'],
    ['//etc/passwd', '/etc/passwd'],
    ['~/.ssh/../.aws/credentials', '~/.aws/credentials'],
    ['${HOME}/.kube/config', '~/.kube/config'],
    ['%USERPROFILE%\\.npmrc', '~/.npmrc'],
    ['/.../etc/shadow', '/etc/shadow'],
  ])('%s resolves to %s', (raw, out) => expect(resolved(raw)).toBe(out));

  it('knows home directories', () => {
    expect(homeRelative(resolveLoose('/home/alice/.aws/config'))).toBe('~/.aws/config');
    expect(homeRelative(resolveLoose('/Users/carol/x'))).toBe('~/x');
    expect(homeRelative(resolveLoose('C:\\Users\\dave\\x'))).toBe('~/x');
    expect(homeRelative(resolveLoose('~/x'))).toBe('~/x');
    expect(homeRelative(resolveLoose('/etc/x'))).toBeUndefined();
  });
});

describe('URLs', () => {
  it('keeps the raw path of file: URLs', () => {
    expect(fileUrlPath('file:///etc/../etc/passwd')).toBe('/etc/../etc/passwd');
    expect(fileUrlPath('FILE://localhost/etc/x?y#z')).toBe('/etc/x');
    expect(fileUrlPath('file:///C:/x/y')).toBe('C:/x/y');
    expect(fileUrlPath('file:///C|/x')).toBe('C:/x');
    expect(fileUrlPath('file://srv/share/x')).toBe('\\\\srv/share/x');
    expect(fileUrlPath('file:../x')).toBe('../x');
    expect(fileUrlPath('https://x/')).toBeUndefined();
  });

  it('splits scheme, raw path and query', () => {
    expect(urlParts('https://h:1/a/%2e%2e/b?c=d#e')).toEqual({
      scheme: 'https',
      path: '/a/%2e%2e/b',
      query: 'c=d',
    });
    expect(urlParts('http://h\\..\\x')).toEqual({ scheme: 'http', path: '\\..\\x', query: '' });
    expect(urlParts('http://h')).toEqual({ scheme: 'http', path: '', query: '' });
    expect(urlParts('not a url')).toBeUndefined();
  });

  it('finds URLs in prose and markdown', () => {
    expect(findUrls('see [x](http://a.b/c), <https://d.e/f> and file:///g "ftp://j/k" file:x')).toEqual([
      'http://a.b/c',
      'https://d.e/f',
      'file:///g',
      'ftp://j/k',
      'file:x',
    ]);
    expect(findUrls('profile:x ://nothing')).toEqual([]);
  });
});

describe('compilePathGlob', () => {
  it('matches * and ? within a segment, ** across segments', () => {
    const env = compilePathGlob('**/.env');
    expect([env('.env'), env('a/b/.env'), env('a/.envx'), env('/abs/.env')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    const aws = compilePathGlob('~/.aws/*');
    expect([aws('~/.aws/config'), aws('~/.aws/sso/cache')]).toEqual([true, false]);
    const home = compilePathGlob('/home/*/x?.txt');
    expect([home('/home/al/x1.txt'), home('/home/a/b/x1.txt'), home('/home/al/x/.txt')]).toEqual([
      true,
      false,
      false,
    ]);
    const all = compilePathGlob('/srv/**');
    expect([all('/srv/a/b/c'), all('/srv/'), all('/srvx')]).toEqual([true, true, false]);
  });

  it('does not backtrack exponentially on hostile patterns', () => {
    const m = compilePathGlob('*a*a*a*a*a*a*a*a*b');
    expect(m('a'.repeat(4000))).toBe(false);
  });
});

describe('showValue', () => {
  it('keeps messages on one line and short', () => {
    expect(showValue('a\nb\u0000c`d')).toBe("a\\x0ab\\x00c'd");
    expect(showValue('x'.repeat(200))).toHaveLength(80);
    expect(showValue(`${'x'.repeat(76)}😀tail`)).toBe(`${'x'.repeat(76)}...`);
  });
});

describe('forEachRequestString', () => {
  it('walks tools/call arguments and resource uris', () => {
    const seen: string[] = [];
    forEachRequestString({ method: 'tools/call', params: { name: 'x', arguments: { a: ['b'] } } }, (v, p) => {
      seen.push(`${p}=${v}`);
    });
    forEachRequestString({ method: 'resources/read', params: { uri: 'file:///x', other: 'y' } }, (v, p) => {
      seen.push(`${p}=${v}`);
    });
    forEachRequestString({ method: 'tools/call', params: null }, () => {
      seen.push('never');
    });
    expect(seen).toEqual(['params.arguments.a[0]=b', 'params.uri=file:///x']);
  });
});

describe('hostile input', () => {
  it('decodes and resolves 10 MB strings in linear time', () => {
    const big = '%2e%2e%2f'.repeat(1_200_000);
    const layers = decodePathLayers(big);
    expect(layers[1]).toHaveLength(3_600_000);
    expect(analyzeSegments(layers[1]!).climb).toBe(1_200_000);
    expect(resolveLoose('../'.repeat(3_000_000)).climbed).toBe(3_000_000);
    expect(canonicalPath(`/${'a/'.repeat(3_000_000)}`).ok).toBe(true);
    expect(isPathLike('x'.repeat(10_000_000), undefined)).toBe(false);
  });

  it('copes with lone surrogates', () => {
    expect(canonicalPath('/\uD800/x')).toEqual({ ok: true, path: '/\uD800/x' });
    expect(foldPathChars('\uDC00．')).toBe('\uDC00.');
    expect(analyzeSegments('\uD800/../..').climb).toBe(1);
    expect(showValue('\uD800')).toBe('\uD800');
  });
});
