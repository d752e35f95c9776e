import { compile, PolicyError, type PolicyIR } from '../policy/index.js';
import type { OrgRepos } from '../store/index.js';
import type { Bus } from './bus.js';
import { ApiError } from './errors.js';

/** A project's live policy, compiled. */
export type LivePolicy = { version: number; ir: PolicyIR };

type Entry = LivePolicy & { checkedAt: number };

/** How long a compiled policy is trusted before the newest version number is looked up again. */
export const RECHECK_MS = 2000;

/**
 * Each project's live policy (its newest version), compiled once. A save in this process drops the entry
 * at once (the bus `policy` event); a save through another replica is seen within `RECHECK_MS`, when
 * the newest version is looked up again and compiled only if it changed. Concurrent misses share one
 * load.
 */
export class PolicyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  /** Bumped by each save seen on the bus, so a load that began before the save does not cache its result. */
  private readonly saves = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: Bus,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = bus.on('policy', ({ projectId }) => {
      this.saves.set(projectId, (this.saves.get(projectId) ?? 0) + 1);
      this.entries.delete(projectId);
      this.loading.delete(projectId);
    });
  }

  async get(org: OrgRepos, projectId: string): Promise<LivePolicy> {
    const entry = this.entries.get(projectId);
    if (entry && this.now() - entry.checkedAt < RECHECK_MS) return entry;
    let load = this.loading.get(projectId);
    if (!load) {
      const started = this.load(org, projectId, entry).finally(() => {
        if (this.loading.get(projectId) === started) this.loading.delete(projectId);
      });
      this.loading.set(projectId, (load = started));
    }
    return load;
  }

  close(): void {
    this.unsubscribe();
    this.entries.clear();
    this.saves.clear();
  }

  private async load(org: OrgRepos, projectId: string, known: Entry | undefined): Promise<Entry> {
    const saves = this.saves.get(projectId);
    const latest = await org.policies.latest(projectId);
    if (!latest) throw new ApiError(409, 'no_policy', 'this project has no policy yet: save one first');
    const entry: Entry =
      known && known.version === latest.version
        ? { ...known, checkedAt: this.now() }
        : { version: latest.version, ir: compiled(latest.yaml, latest.version), checkedAt: this.now() };
    if (this.saves.get(projectId) === saves) this.entries.set(projectId, entry);
    return entry;
  }
}

/** A stored policy that no longer compiles (saved under an older engine) is a 409 that says so. */
function compiled(yaml: string, version: number): PolicyIR {
  try {
    return compile(yaml).ir;
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    throw new ApiError(
      409,
      'policy_invalid',
      `the project's policy (version ${version}) does not compile: ${err.message}; save a corrected one`,
    );
  }
}
