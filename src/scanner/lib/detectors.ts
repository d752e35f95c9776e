import { detectors, type Finding } from '../../detectors/index.js';
import type { Snapshot } from '../snapshot.js';

/** A finding of an engine detector, with the name of the tool, prompt or resource it is about. */
export type ItemFinding = Finding & { item: string; list: string };

const toolPoisoning = detectors.tool_poisoning!.create(detectors.tool_poisoning!.options.parse({}));
const promptInjection = detectors.prompt_injection!.create(detectors.prompt_injection!.options.parse({}));
const secrets = detectors.secrets!.create(detectors.secrets!.options.parse({}));

const LISTS = [
  ['tools', 'tools/list'],
  ['prompts', 'prompts/list'],
  ['resources', 'resources/list'],
  ['resourceTemplates', 'resources/templates/list'],
] as const;

const cache = new WeakMap<Snapshot, { poisoning: ItemFinding[]; secrets: ItemFinding[] }>();

/**
 * The engine's `tool_poisoning` and `secrets` detectors over everything the server listed, exactly as the
 * gateway runs them on a `tools/list` response; computed once per snapshot and shared by the checks.
 */
export function listingFindings(s: Snapshot): { poisoning: ItemFinding[]; secrets: ItemFinding[] } {
  const hit = cache.get(s);
  if (hit) return hit;
  const out = { poisoning: [] as ItemFinding[], secrets: [] as ItemFinding[] };
  for (const [list, method] of LISTS) {
    const items = s[list] as { name?: string; uri?: string; uriTemplate?: string }[];
    if (items.length === 0) continue;
    const input = {
      phase: 'response' as const,
      method,
      server: s.target,
      params: {},
      result: { [list]: items },
    };
    const name = (f: Finding) => {
      const i = Number(/\[(\d+)\]/.exec(f.path ?? '')?.[1] ?? -1);
      const item = items[i];
      return item?.name ?? item?.uri ?? item?.uriTemplate ?? '?';
    };
    for (const f of toolPoisoning(input).findings) out.poisoning.push({ ...f, item: name(f), list });
    for (const f of secrets(input).findings) out.secrets.push({ ...f, item: name(f), list });
  }
  cache.set(s, out);
  return out;
}

/** The engine's `prompt_injection` detector over a text the model reads (server instructions). */
export function injectionIn(text: string, server: string): Finding[] {
  return promptInjection({
    phase: 'response',
    method: 'tools/call',
    server,
    params: {},
    result: { content: [{ type: 'text', text }] },
  }).findings;
}

/** The engine's `secrets` detector over any value (config entries). */
export function secretsIn(value: unknown, server: string): Finding[] {
  return secrets({ phase: 'response', method: 'tools/call', server, params: {}, result: value }).findings;
}
