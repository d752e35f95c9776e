import { describe, expect, it } from 'vitest';
import { controlPlaneBase } from './control-plane-url.js';

describe('controlPlaneBase', () => {
  it('reads the forms a user types as one control plane', () => {
    for (const typed of [
      'http://h:8080',
      'http://h:8080/',
      'http://h:8080//',
      'http://h:8080/api',
      'http://h:8080/api/',
    ])
      expect(controlPlaneBase(typed), typed).toBe('http://h:8080');
    expect(controlPlaneBase('https://h/mcpshield/api')).toBe('https://h/mcpshield');
    expect(controlPlaneBase('https://h/apis/')).toBe('https://h/apis');
    expect(controlPlaneBase('/'.repeat(100_000))).toBe('');
  });
});
