import { describe, expect, it } from 'vitest';
import { setTomlValue, TomlEditError } from './toml-edit.js';

const T = ['mcp_servers', 'gh'];

describe('TOML edits', () => {
  it('replace a multi-line array in place, comments around it kept', () => {
    const text = `# servers\n[mcp_servers.gh]\ncommand = "npx" # launcher\nargs = [\n  "-y", # yes\n  "pkg",\n]\nenv = { A = "b" }\n\n[other]\nx = 1\n`;
    const out = setTomlValue(setTomlValue(text, T, 'command', 'mcpshield'), T, 'args', [
      'proxy',
      '--',
      'npx',
    ]);
    expect(out).toBe(
      `# servers\n[mcp_servers.gh]\ncommand = "mcpshield" # launcher\nargs = ["proxy", "--", "npx"]\nenv = { A = "b" }\n\n[other]\nx = 1\n`,
    );
  });

  it('add a key that is not there, under the header', () => {
    expect(setTomlValue('[mcp_servers.gh]\ncommand = "x"\n', T, 'args', ['a'])).toBe(
      '[mcp_servers.gh]\nargs = ["a"]\ncommand = "x"\n',
    );
  });

  it('find quoted table names and escape what they write', () => {
    const out = setTomlValue(
      '[mcp_servers."my.server"]\ncommand = \'x\'\n',
      ['mcp_servers', 'my.server'],
      'command',
      'C:\\bin\\"q"',
    );
    expect(out).toBe('[mcp_servers."my.server"]\ncommand = "C:\\\\bin\\\\\\"q\\""\n');
  });

  it('refuse what they cannot edit safely', () => {
    expect(() => setTomlValue('[mcp_servers]\ngh = { command = "x" }\n', T, 'command', 'y')).toThrow(
      TomlEditError,
    );
    expect(() => setTomlValue('[mcp_servers.other]\ncommand = "x"\n', T, 'command', 'y')).toThrow(
      TomlEditError,
    );
  });
});
