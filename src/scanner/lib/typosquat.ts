/**
 * Popular MCP packages that typosquats imitate (npm and PyPI names), and the distance that makes a name a
 * likely imitation: one or two edits (insert, delete, substitute, swap two neighbours) from a popular name,
 * or the same name with its scope dropped or changed.
 */
export const POPULAR_MCP_PACKAGES = [
  '@modelcontextprotocol/server-filesystem',
  '@modelcontextprotocol/server-everything',
  '@modelcontextprotocol/server-memory',
  '@modelcontextprotocol/server-github',
  '@modelcontextprotocol/server-postgres',
  '@modelcontextprotocol/server-puppeteer',
  '@modelcontextprotocol/server-slack',
  '@modelcontextprotocol/server-brave-search',
  '@modelcontextprotocol/server-google-maps',
  '@modelcontextprotocol/server-sequential-thinking',
  '@modelcontextprotocol/server-gdrive',
  '@modelcontextprotocol/server-redis',
  '@modelcontextprotocol/inspector',
  '@modelcontextprotocol/sdk',
  '@playwright/mcp',
  '@upstash/context7-mcp',
  '@supabase/mcp-server-supabase',
  '@notionhq/notion-mcp-server',
  '@stripe/mcp',
  '@sentry/mcp-server',
  '@azure/mcp',
  'mcp-remote',
  'firecrawl-mcp',
  'figma-developer-mcp',
  'exa-mcp-server',
  'tavily-mcp',
  'mcp-server-fetch',
  'mcp-server-git',
  'mcp-server-time',
  'mcp-server-sqlite',
  'mcp-server-kubernetes',
  'awslabs.core-mcp-server',
  'fastmcp',
  'mcp',
] as const;

const POPULAR = new Set<string>(POPULAR_MCP_PACKAGES);

/** The popular package a name imitates, or null (a popular name itself is not a typosquat). */
export function imitated(name: string): string | null {
  const n = name.toLowerCase();
  if (POPULAR.has(n) || n.length < 6) return null;
  const bare = n.includes('/') ? n.slice(n.indexOf('/') + 1) : n;
  for (const p of POPULAR_MCP_PACKAGES) {
    const pBare = p.includes('/') ? p.slice(p.indexOf('/') + 1) : p;
    if (p.length < 6) continue;
    if (distance(n, p) <= 2) return p;
    // `server-filesystem` without its scope, or under another scope.
    if (p.startsWith('@') && pBare.length >= 10 && bare === pBare) return p;
  }
  return null;
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring). */
export function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(d);
    }
  }
  return rows[a.length]![b.length]!;
}
