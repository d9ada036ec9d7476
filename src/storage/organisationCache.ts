// A short-lived in-memory cache of the organisation (group names, promise
// activities and targets; people are in peopleDirectory.ts), which every
// command reads and which rarely changes. Any write to those tables through
// this process's Prisma clients invalidates it at once (see database.ts); a
// change made by another instance is seen within `ttlMs` (plus one load).
// Requests that miss the same entry at the same moment share one load: under
// load every entry expires with hundreds of requests in flight, and each
// loading it again took the PostgreSQL pool from the /logga writes.

let generation = 0;

export const ORGANISATION_MODELS = new Set([
  "Lpo",
  "Kommun",
  "Group",
  "Person",
  "PersonRole",
  "GroupMember",
  "CitizenPromise",
  "PromiseActivity",
  "ActivityTarget",
  "ActivityGroup",
]);

const WRITES = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
]);

/** Called for every query: a write to an organisation table invalidates every cache. */
export function noteQuery(model: string | undefined, operation: string): void {
  if (model && WRITES.has(operation) && ORGANISATION_MODELS.has(model)) generation++;
}

/** Changes with every write to the organisation through this process: what was read under another is stale. */
export function organisationGeneration(): number {
  return generation;
}

/** For raw SQL or transactions the cache cannot see into. */
export function invalidateOrganisationCache(): void {
  generation++;
}

/**
 * Awaits a transaction and invalidates once it has committed: a read between
 * a write inside the transaction and its commit may have cached the old state.
 */
export async function afterCommit<T>(transaction: Promise<T>): Promise<T> {
  try {
    return await transaction;
  } finally {
    generation++;
  }
}

export class OrganisationCache {
  private readonly entries = new Map<string, { value: unknown; generation: number; at: number }>();
  /** loads on their way, by key: the requests that miss at the same moment share one (under the same generation) */
  private readonly loading = new Map<string, { promise: Promise<unknown>; generation: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 50_000,
  ) {}

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation && now - hit.at < this.ttlMs) return hit.value as T;
    const running = this.loading.get(key);
    if (running && running.generation === generation) return running.promise as Promise<T>;
    const loadedAt = generation;
    const promise = load().then(
      (value) => {
        if (this.loading.get(key)?.promise === promise) this.loading.delete(key);
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        // a write while loading makes this value stale: keep it only under the generation it was read in
        this.entries.set(key, { value, generation: loadedAt, at: now });
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key)?.promise === promise) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, { promise, generation: loadedAt });
    return promise;
  }
}
