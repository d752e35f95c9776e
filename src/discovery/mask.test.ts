import { describe, expect, it } from 'vitest';
import { maskArgs, maskText } from './mask.js';

describe('masking', () => {
  it.each([
    [
      ['--api-key', 'Zq8x4kLm2Pw9Kd7R'],
      ['--api-key', '[REDACTED]'],
    ],
    [
      ['--token=Zq8x4kLm2Pw9Kd7R', '--tools=all'],
      ['--token=[REDACTED]', '--tools=all'],
    ],
    [
      ['--header', 'Authorization: Bearer Zq8x4kLm2Pw9Kd7R'],
      ['--header', 'Authorization: [REDACTED]'],
    ],
    [
      ['-H', 'X-Trace: on'],
      ['-H', 'X-Trace: on'],
    ],
    [['postgresql://app:Zq8x4kLm2@db.internal/x'], ['postgresql://app:[REDACTED]@db.internal/x']],
    [['--url=https://h.test/mcp?key=Zq8x4kLm2&v=1'], ['--url=https://h.test/mcp?key=[REDACTED]&v=1']],
    [
      ['-y', '@modelcontextprotocol/server-filesystem', '/data'],
      ['-y', '@modelcontextprotocol/server-filesystem', '/data'],
    ],
  ])('%j', (args, masked) => {
    expect(maskArgs(args)).toEqual(masked);
  });

  it('masks URL credentials and keeps the rest as written', () => {
    expect(maskText('https://Zq8x4kLm2Pw9@h.test/mcp')).toBe('https://[REDACTED]@h.test/mcp');
    expect(maskText('https://h.test/sse?access_token=Zq8x4kLm2Pw9&room=a#x')).toBe(
      'https://h.test/sse?access_token=[REDACTED]&room=a#x',
    );
    expect(maskText('https://h.test/mcp')).toBe('https://h.test/mcp');
  });
});
