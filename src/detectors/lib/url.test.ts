import { describe, expect, it } from 'vitest';
import {
  canonicalHost,
  classifyHost,
  findUrlRefs,
  hostMatches,
  isHostKey,
  isUrlKey,
  lenientHosts,
  type UrlRef,
} from './url.js';

const hosts = (value: string, key?: string) => findUrlRefs(value, key).map((r) => r.host);
const raws = (value: string, key?: string) => findUrlRefs(value, key).map((r) => r.raw);

describe('isUrlKey / isHostKey', () => {
  it.each([
    'url',
    'URL',
    'uri',
    'href',
    'link',
    'endpoint',
    'host',
    'Hostname',
    'domain',
    'address',
    'addr',
    'ip',
  ])('%s is URL-like', (k) => expect(isUrlKey(k)).toBe(true));
  it.each(['server', 'target', 'webhook', 'callback', 'redirect', 'proxy', 'origin', 'base_url', 'baseUrl'])(
    '%s is URL-like',
    (k) => expect(isUrlKey(k)).toBe(true),
  );
  it.each(['callback_url', 'imageUrl', 'API_URL', 'redirect_uri', 'db_host', 'redisHost', 'urls', 'hosts'])(
    '%s is URL-like',
    (k) => expect(isUrlKey(k)).toBe(true),
  );
  it.each(['curl', 'ghost', 'text', 'query', 'path', 'name', 'email', 'version', 'hurl', 'description'])(
    '%s is not URL-like',
    (k) => expect(isUrlKey(k)).toBe(false),
  );
  it('host keys are a strict subset', () => {
    for (const k of ['host', 'HOST', 'hostname', 'db_host', 'redisHost', 'smtp-hostname'])
      expect(isHostKey(k)).toBe(true);
    for (const k of ['url', 'target', 'server', 'ghost', 'hostile']) expect(isHostKey(k)).toBe(false);
  });
});

describe('findUrlRefs', () => {
  it('skips strings without a colon outside URL-like keys', () => {
    expect(findUrlRefs('hello 127.0.0.1 world', 'text')).toEqual([]);
    expect(findUrlRefs('10.0.0.1', 'version')).toEqual([]);
    expect(findUrlRefs('10.0.0.1', undefined)).toEqual([]);
  });

  it('finds schemes without `//` in prose in any case, and skips colons no known scheme ends at', () => {
    expect(hosts('see HTTP:\\\\10.0.0.1/x now', undefined)).toEqual(['10.0.0.1']);
    expect(hosts('x WSS:evil.com y', undefined)).toEqual(['evil.com']);
    expect(hosts('a Ftp:10.0.0.2 b', undefined)).toEqual(['10.0.0.2']);
    expect(findUrlRefs('open FILE:/etc/passwd now', undefined).map((r) => r.scheme)).toEqual(['file']);
    expect(findUrlRefs('netDOC:/etc/x', undefined).map((r) => r.scheme)).toEqual(['netdoc']);
    expect(findUrlRefs('JAR:http://a/b!/c', undefined).map((r) => r.scheme)).toEqual(['jar']);
    expect(findUrlRefs('at 12:30:00, {"size":1,"to":"x"}', undefined)).toEqual([]);
  });

  it('gives canonical hosts: lowercase, one trailing dot removed, IPv4 dotted, IPv6 without brackets', () => {
    expect(findUrlRefs('http://EXAMPLE.com./x', 'url')).toEqual<UrlRef[]>([
      { raw: 'http://EXAMPLE.com./x', scheme: 'http', host: 'example.com' },
    ]);
    expect(hosts('http://0x7f.1/', 'url')).toEqual(['127.0.0.1']);
    expect(hosts('http://[0:0:0:0:0:0:0:1]:8080/', 'url')).toEqual(['::1']);
    expect(hosts('http://[::FFFF:127.0.0.1]/', 'url')).toEqual(['::ffff:7f00:1']);
    expect(hosts('https://münchen.de/', 'url')).toEqual(['xn--mnchen-3ya.de']);
    expect(hosts('http://１２７．０．０．１/', 'url')).toEqual(['127.0.0.1']);
  });

  it('canonicalises the opaque hosts of non-special schemes as a resolver would', () => {
    expect(hosts('redis://LOCALHOST:6379/0', 'url')).toEqual(['localhost']);
    expect(hosts('redis://2130706433/', 'url')).toEqual(['127.0.0.1']);
    expect(hosts('mongodb://%31%30.0.0.1/db', 'url')).toEqual(['10.0.0.1']);
  });

  it('follows WHATWG for special schemes without slashes, with backslashes, userinfo and fragments', () => {
    expect(hosts('http:127.0.0.1/x', 'url')).toEqual(['127.0.0.1']);
    expect(hosts('http:/127.0.0.1/x', 'url')).toEqual(['127.0.0.1']);
    expect(hosts('http:\\\\127.0.0.1\\x', 'url')).toEqual(['127.0.0.1']);
    expect(hosts('http://user:pw@example.com@10.0.0.1/', 'url')).toEqual(['10.0.0.1']);
    expect(hosts('http://10.0.0.1#@example.com', 'url')).toEqual(['10.0.0.1']);
    expect(hosts('http://12\n7.0.0.1/', 'url')).toEqual(['127.0.0.1']);
  });

  it('gives a null host for URLs that name none', () => {
    expect(findUrlRefs('javascript:alert(1)', 'url')).toEqual([
      { raw: 'javascript:alert(1)', scheme: 'javascript', host: null },
    ]);
    expect(findUrlRefs('mailto:a@example.com', 'href')[0]!.host).toBeNull();
    expect(findUrlRefs('data:text/plain,hi', 'url')[0]!.host).toBeNull();
    expect(findUrlRefs('file:///etc/passwd', 'path')).toEqual([
      { raw: 'file:///etc/passwd', scheme: 'file', host: null },
    ]);
    expect(findUrlRefs('/api/v1?x=1', 'url')).toEqual([{ raw: '/api/v1?x=1', scheme: null, host: null }]);
    expect(findUrlRefs('http://[::1', 'url')).toEqual([{ raw: 'http://[::1', scheme: 'http', host: null }]);
  });

  it('takes bare values under URL-like keys as hosts', () => {
    expect(findUrlRefs('10.0.0.1', 'host')).toEqual([{ raw: '10.0.0.1', scheme: null, host: '10.0.0.1' }]);
    expect(hosts('localhost:8080', 'endpoint')).toEqual(['localhost']);
    expect(hosts('redis:6379/0', 'addr')).toEqual(['redis']);
    expect(hosts('admin:pw@db.internal:5432', 'server')).toEqual(['db.internal']);
    expect(hosts('::1', 'ip')).toEqual(['::1']);
    expect(hosts('fe80::1%eth0', 'ip')).toEqual(['fe80::1']);
    expect(hosts('[::1]:8080', 'host')).toEqual(['::1']);
    expect(hosts('//10.0.0.1/x', 'url')).toEqual(['10.0.0.1']);
    expect(hosts('git@github.com:org/repo.git', 'url')).toEqual(['github.com']);
    expect(hosts('http%3A%2F%2F10.0.0.1%2F', 'url')).toEqual(['10.0.0.1']);
  });

  it('finds URLs in prose, markdown links, HTML and autolinks', () => {
    expect(raws('see http://a.example/x, then https://b.example/y.')).toEqual([
      'http://a.example/x',
      'https://b.example/y',
    ]);
    expect(raws('[docs](http://10.0.0.1/x) and ![i](https://cdn.example/i.png)')).toEqual([
      'http://10.0.0.1/x',
      'https://cdn.example/i.png',
    ]);
    expect(raws('[http://a.example](http://10.0.0.1)')).toEqual(['http://a.example', 'http://10.0.0.1']);
    expect(raws('<a href="http://10.0.0.1/">x</a> <http://10.0.0.2>')).toEqual([
      'http://10.0.0.1/',
      'http://10.0.0.2',
    ]);
    expect(raws('https://en.wikipedia.org/wiki/Foo_(bar) ok')).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
    expect(raws('go to http://[::1]:8080/x now')).toEqual(['http://[::1]:8080/x']);
  });

  it('keeps a URL nested in another URL part of it, but splits lists', () => {
    expect(raws('https://example.com/r?next=http://10.0.0.1/')).toEqual([
      'https://example.com/r?next=http://10.0.0.1/',
    ]);
    expect(raws('https://example.com/#http://10.0.0.1')).toEqual(['https://example.com/#http://10.0.0.1']);
    expect(raws('https://example.com,http://10.0.0.1/')).toEqual(['https://example.com', 'http://10.0.0.1/']);
  });

  it('does not take ordinary colons for schemes', () => {
    for (const s of [
      'Note: later',
      'at 12:30',
      'std::map<int>',
      'key:value',
      'C:\\Users\\me',
      'https:// is a prefix',
    ])
      expect(findUrlRefs(s, 'text')).toEqual([]);
  });

  it('checks bare dotted quads in prose only under URL-like keys', () => {
    expect(hosts('scan 10.0.0.1 and 10.0.0.2:22 please', 'target')).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(hosts('scan 10.0.0.1 and 10.0.0.2:22 please', 'text')).toEqual([]);
    expect(hosts('version 1.2.3 of the app', 'target')).toEqual([]);
  });

  it('opens JSON-in-a-string and uses its keys', () => {
    expect(hosts('{"host":"10.0.0.5","port":22}', 'body')).toEqual(['10.0.0.5']);
    expect(hosts('[{"url":"http://a.example/"},{"target":"localhost:80"}]', 'data')).toEqual([
      'a.example',
      'localhost',
    ]);
    expect(hosts('{"url":"http:\\/\\/10.0.0.1\\/"}', 'data')).toEqual(['10.0.0.1']);
    expect(hosts(JSON.stringify({ inner: JSON.stringify({ host: '10.9.9.9' }) }), 'data')).toEqual([
      '10.9.9.9',
    ]);
  });

  it('dedupes repeated URLs', () => {
    expect(findUrlRefs('http://10.0.0.1/ '.repeat(10_000), 'text')).toHaveLength(1);
  });
});

describe('hostMatches (POLICY.md allowed_domains)', () => {
  it.each([
    ['api.example.com', 'api.example.com', true],
    ['API.Example.COM.', 'api.example.com', true],
    ['api.example.com', 'api.example.com.', true],
    ['a.example.org', '*.example.org', true],
    ['a.b.example.org', '*.example.org', true],
    ['example.org', '*.example.org', false],
    ['evilexample.org', '*.example.org', false],
    ['example.org.evil.com', '*.example.org', false],
    ['10.0.0.1', '10.0.0.1', true],
    ['10.0.0.1', '0xa.0.0.1', true],
    ['10.0.0.1', '010.0.0.1', false], // octal: 8.0.0.1
    ['10.0.0.1', '10.0.0.2', false],
    ['::1', '[::1]', true],
    ['::1', '0:0:0:0:0:0:0:1', true],
    ['127.0.0.1', 'localhost', false],
    ['10.0.0.1', '*.0.0.1', false],
    ['xn--mnchen-3ya.de', 'münchen.de', true],
    ['notexample.com', 'example.com', false],
  ])('%s vs %s -> %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });
});

describe('canonicalHost', () => {
  it.each([
    ['EXAMPLE.com.', 'example.com'],
    ['0x7f.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['１２７．０．０．１', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['a@b', null],
    ['', null],
    ['exa mple.com', null],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalHost(input)).toBe(expected);
  });
});

describe('classifyHost', () => {
  it.each([
    ['169.254.169.254', 'cloud-metadata', '169.254.169.254'],
    ['168.63.129.16', 'cloud-metadata', '168.63.129.16'],
    ['100.100.100.200', 'cloud-metadata', '100.100.100.200'],
    ['192.0.0.192', 'cloud-metadata', '192.0.0.192'],
    ['fd00:ec2::254', 'cloud-metadata', 'fd00:ec2::254'],
    ['metadata.google.internal', 'cloud-metadata', '169.254.169.254'],
    ['127.0.0.1', 'loopback', '127.0.0.1'],
    ['127.255.0.9', 'loopback', '127.255.0.9'],
    ['::1', 'loopback', '::1'],
    ['localhost', 'loopback', '127.0.0.1'],
    ['app.localhost', 'loopback', '127.0.0.1'],
    ['10.1.2.3', 'private', '10.1.2.3'],
    ['172.31.255.255', 'private', '172.31.255.255'],
    ['192.168.0.1', 'private', '192.168.0.1'],
    ['100.64.0.1', 'cgnat', '100.64.0.1'],
    ['169.254.1.1', 'link-local', '169.254.1.1'],
    ['fe80::1', 'link-local', 'fe80::1'],
    ['fd00::1', 'unique-local', 'fd00::1'],
    ['fc00::1', 'unique-local', 'fc00::1'],
    ['239.1.1.1', 'multicast', '239.1.1.1'],
    ['ff02::1', 'multicast', 'ff02::1'],
    ['255.255.255.255', 'broadcast', '255.255.255.255'],
    ['0.0.0.0', 'unspecified', '0.0.0.0'],
    ['::', 'unspecified', '::'],
    ['240.1.2.3', 'reserved', '240.1.2.3'],
    ['198.18.0.1', 'reserved', '198.18.0.1'],
    ['2001:db8::1', 'reserved', '2001:db8::1'],
    ['::ffff:10.0.0.1', 'private', '10.0.0.1'],
    ['::ffff:0:a00:1', 'private', '10.0.0.1'],
    ['64:ff9b::7f00:1', 'loopback', '127.0.0.1'],
    ['64:ff9b:1::1', 'private', '64:ff9b:1::1'],
    ['2002:7f00:1::', 'loopback', '127.0.0.1'],
    ['2001:0:a00:1::', 'private', '10.0.0.1'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback', '127.0.0.1'],
    ['::10.0.0.1', 'private', '10.0.0.1'],
    ['4000::1', 'reserved', '4000::1'],
    ['10-0-0-1.nip.io', 'wildcard-dns', '10.0.0.1'],
    ['app.192.168.1.2.sslip.io', 'wildcard-dns', '192.168.1.2'],
    ['0a000001.nip.io', 'wildcard-dns', '10.0.0.1'],
    ['--1.sslip.io', 'wildcard-dns', '::1'],
    ['anything.lvh.me', 'wildcard-dns', '127.0.0.1'],
    ['7f000001.08080808.rbndr.us', 'wildcard-dns', '127.0.0.1'],
  ])('%s is %s (%s)', (host, kind, address) => {
    expect(classifyHost(host)).toMatchObject({ kind, address });
  });

  it.each([
    ['db.internal', 'internal name *.internal'],
    ['printer.local', 'internal name *.local'],
    ['redis.default.svc.cluster.local', 'internal name *.svc.cluster.local'],
    ['kubernetes.default.svc', 'internal name *.svc'],
    ['nas.home.arpa', 'internal name *.home.arpa'],
    ['wiki.corp', 'internal name *.corp'],
    ['jenkins', 'single-label host'],
  ])('%s is an internal name', (host, detail) => {
    const c = classifyHost(host);
    expect(c?.kind).toBe('internal-name');
    expect(c?.detail).toContain(detail);
  });

  it.each([
    'example.com',
    'api.github.com',
    '8.8.8.8',
    '1.1.1.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    'metadata.azure.com',
    'localhost.example.com',
    'internal.example.com',
    'nip.io',
    '52-23-1-7.nip.io',
    '8.8.8.8.sslip.io',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7', // Teredo between public addresses
  ])('%s is public', (host) => {
    expect(classifyHost(host)).toBeNull();
  });
});

describe('lenientHosts', () => {
  it('sees what laxer parsers see', () => {
    const ref = (raw: string): UrlRef => findUrlRefs(raw, 'url')[0]!;
    expect(lenientHosts(ref('http://example.com\\@10.0.0.1/'))).toEqual(['10.0.0.1']);
    expect(lenientHosts(ref('http://127.0.0.1:99999/'))).toEqual(['127.0.0.1']);
    expect(lenientHosts(ref('http://[fe80::1%25eth0]/'))).toEqual(['fe80::1']);
    expect(lenientHosts(ref('http://localhost%00.example.com/'))).toContain('localhost');
    expect(lenientHosts(findUrlRefs('サーバーhttp://127.0.0.1を参照', 'text')[0]!)).toContain('127.0.0.1');
  });

  it('adds nothing when every parser agrees', () => {
    expect(lenientHosts({ raw: 'https://example.com/a?b#c', scheme: 'https', host: 'example.com' })).toEqual(
      [],
    );
    expect(lenientHosts({ raw: 'mailto:a@b.example', scheme: 'mailto', host: null })).toEqual([]);
  });
});

describe('hostile input', () => {
  it('handles a 10 MB string', () => {
    expect(findUrlRefs('http://a'.repeat(1_250_000), 'text')).toHaveLength(1);
    expect(findUrlRefs('a'.repeat(10_000_000), 'url')).toHaveLength(1);
    expect(findUrlRefs(`${'x '.repeat(5_000_000)}http://10.0.0.1/`, 'text').map((r) => r.host)).toEqual([
      '10.0.0.1',
    ]);
  });

  it('handles lone surrogates', () => {
    expect(() => findUrlRefs('http://\ud800.example/\udc00 http://10.0.0.1/\ud800', 'text')).not.toThrow();
    expect(hosts('http://10.0.0.1/\ud800', 'url')).toEqual(['10.0.0.1']);
    expect(() => findUrlRefs('\udfff\ud800', 'host')).not.toThrow();
  });

  it('handles __proto__ keys in JSON-in-a-string', () => {
    expect(hosts('{"__proto__":{"host":"10.0.0.1"},"constructor":"http://10.0.0.2/"}', 'body')).toEqual([
      '10.0.0.1',
      '10.0.0.2',
    ]);
  });

  it('opens JSON-in-a-string only a few levels deep, and deep JSON without overflow', () => {
    let s = '"http://10.0.0.1/"';
    for (let i = 0; i < 10_000; i++) s = `{"a":${s}}`;
    expect(hosts(s, 'body')).toEqual(['10.0.0.1']);
    let nested = 'http://10.0.0.1/';
    for (let i = 0; i < 10; i++) nested = JSON.stringify({ a: nested });
    expect(() => findUrlRefs(nested, 'body')).not.toThrow();
  });

  it.each([
    'http://a',
    '://',
    '[',
    '%',
    ':',
    'http:a ',
    'http://a,',
    'http://[',
    'http://x@',
    '(http://',
    'a-1-2-3-4.',
  ])('survives 100 KiB of %j', (unit) => {
    const s = unit.repeat(Math.ceil(102_400 / unit.length));
    expect(() => findUrlRefs(s, 'text')).not.toThrow();
    expect(() => findUrlRefs(s, 'url')).not.toThrow();
    expect(() => classifyHost(`${s}.nip.io`)).not.toThrow();
  });
});
