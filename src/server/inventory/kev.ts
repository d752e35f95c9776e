import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** One entry of CISA's Known Exploited Vulnerabilities catalog, as the flags show it. */
export type KevEntry = { cve: string; vendor: string; product: string; name: string; dateAdded: string };

/** The catalog, looked up by normalised product name (`Evil MCP Server` -> `evilmcpserver`) and by CVE. */
export type KevIndex = { byName: Map<string, KevEntry[]>; byCve: Map<string, KevEntry> };

export interface KevCatalog {
  /** The catalog, read on first use; an absent or unreadable file is an empty catalog (no KEV flags). */
  index(): Promise<KevIndex>;
}

/** Where the catalog is when `MCPSHIELD_KEV_FILE` is unset: beside the package, in the shared data. */
export const DEFAULT_KEV_FILE = fileURLToPath(
  new URL('../../../../shared/data/kev/known_exploited_vulnerabilities.json', import.meta.url),
);

/** Lower-case letters and digits only, so `Evil-MCP_Server` and `Evil MCP Server` meet. */
export const normaliseName = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

const EMPTY: KevIndex = { byName: new Map(), byCve: new Map() };

/** The catalog at `file`, loaded once, lazily. */
export function kevCatalog(file: string = DEFAULT_KEV_FILE): KevCatalog {
  let loading: Promise<KevIndex> | undefined;
  return {
    index() {
      loading ??= load(file);
      return loading;
    },
  };
}

async function load(file: string): Promise<KevIndex> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      process.stderr.write(`mcpshield up: KEV catalog ${file} not read: ${(err as Error).message}\n`);
    return EMPTY;
  }
  let vulnerabilities: unknown;
  try {
    vulnerabilities = (JSON.parse(text) as { vulnerabilities?: unknown }).vulnerabilities;
  } catch (err) {
    process.stderr.write(`mcpshield up: KEV catalog ${file} is not JSON: ${(err as Error).message}\n`);
    return EMPTY;
  }
  const index: KevIndex = { byName: new Map(), byCve: new Map() };
  for (const v of Array.isArray(vulnerabilities) ? vulnerabilities : []) {
    const entry = toEntry(v);
    if (!entry) continue;
    index.byCve.set(entry.cve, entry);
    for (const key of new Set([normaliseName(entry.product), normaliseName(entry.vendor + entry.product)])) {
      if (!key) continue;
      const list = index.byName.get(key) ?? [];
      list.push(entry);
      index.byName.set(key, list);
    }
  }
  return index;
}

function toEntry(v: unknown): KevEntry | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Record<string, unknown>;
  if (typeof r.cveID !== 'string' || typeof r.product !== 'string') return null;
  const text = (x: unknown) => (typeof x === 'string' ? x : '');
  return {
    cve: r.cveID,
    vendor: text(r.vendorProject),
    product: r.product,
    name: text(r.vulnerabilityName),
    dateAdded: text(r.dateAdded),
  };
}
