// The team's standing in a log reply ("IG Centrum: 12 h av 40 h denna vecka")
// sums every entry of the activity's current period. Under load that period
// holds thousands of entries and each reply would sum them again, so the sums
// per group are kept here: loaded once, then kept exact for this process by
// adding each batch it stores, and loaded again after `ttlMs` to take in what
// other processes stored. An undo, or any other write to the entries, drops
// them all.
//
// A sum loaded while this process was storing entries of the same activity
// may or may not include them, so it is used but not kept. Under a steady
// stream of entries on PostgreSQL that is every load: there, callers share
// loads instead (at most one running and one waiting per sum).
/** The sum of one activity's entries for one group (null: entries of people in no group). */
export interface AmountByGroup {
  groupId: string | null;
  minutes: number;
  count: number;
}

export interface StoredAmount {
  activityId: string;
  groupId: string | null;
  primary: boolean;
  day: string;
  minutes: number | null;
  count: number | null;
}

interface Cached {
  from: string;
  to: string;
  byGroup: Map<string | null, { minutes: number; count: number }>;
  at: number;
  epoch: number;
}

interface Flight {
  running: Promise<AmountByGroup[]>;
  /** the load that starts when `running` ends, shared by those who came meanwhile */
  next?: Promise<AmountByGroup[]>;
}

const settled = () => undefined;

let epoch = 0;

/** Any write to the activity log this cache did not see (an undo, gallring, raw SQL). */
export function invalidateStandings(): void {
  epoch++;
}

export class StandingCache {
  /** activity id → "from|to" → sums */
  private readonly entries = new Map<string, Map<string, Cached>>();
  private size = 0;
  /** per activity: batches being stored now, and batches stored so far */
  private readonly storing = new Map<string, number>();
  private readonly stored = new Map<string, number>();
  private readonly flights = new Map<string, Flight>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  async get(
    activityId: string,
    from: string,
    to: string,
    load: () => Promise<AmountByGroup[]>,
  ): Promise<AmountByGroup[]> {
    const key = `${from}|${to}`;
    const hit = this.entries.get(activityId)?.get(key);
    if (hit && hit.epoch === epoch && Date.now() - hit.at < this.ttlMs) return rowsOf(hit);
    return this.loadOnce(`${activityId}|${key}`, () => this.loadAndKeep(activityId, from, to, load));
  }

  /**
   * One load per sum at a time: a caller that finds one running waits for the
   * next, which starts after it and so sees every entry stored before the
   * caller asked (its own included); all waiting callers share that next one.
   */
  private loadOnce(key: string, load: () => Promise<AmountByGroup[]>): Promise<AmountByGroup[]> {
    const flight = this.flights.get(key);
    if (!flight) return this.startFlight(key, load);
    flight.next ??= flight.running.then(settled, settled).then(() => this.startFlight(key, load));
    return flight.next;
  }

  private startFlight(key: string, load: () => Promise<AmountByGroup[]>): Promise<AmountByGroup[]> {
    const flight: Flight = { running: load() };
    this.flights.set(key, flight);
    flight.running.then(settled, settled).then(() => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    });
    return flight.running;
  }

  private async loadAndKeep(
    activityId: string,
    from: string,
    to: string,
    load: () => Promise<AmountByGroup[]>,
  ): Promise<AmountByGroup[]> {
    const key = `${from}|${to}`;
    const before = { epoch, storing: this.storing.get(activityId) ?? 0, stored: this.stored.get(activityId) ?? 0 };
    const at = Date.now();
    const rows = await load();
    const quiet =
      before.storing === 0 &&
      (this.storing.get(activityId) ?? 0) === 0 &&
      (this.stored.get(activityId) ?? 0) === before.stored &&
      epoch === before.epoch;
    if (this.size >= this.maxEntries) {
      this.entries.clear();
      this.size = 0;
    }
    const ofActivity = this.entries.get(activityId) ?? new Map<string, Cached>();
    this.size -= ofActivity.size;
    if (quiet) {
      const byGroup = new Map(rows.map((r) => [r.groupId, { minutes: r.minutes, count: r.count }]));
      ofActivity.set(key, { from, to, byGroup, at, epoch });
    } else ofActivity.delete(key);
    this.size += ofActivity.size;
    this.entries.set(activityId, ofActivity);
    return rows;
  }

  /** Runs `store` (the insert of one batch) and adds the batch to the sums it belongs to. */
  async record<T>(batch: StoredAmount[], store: () => Promise<T>): Promise<T> {
    const activities = [...new Set(batch.map((e) => e.activityId))];
    for (const a of activities) this.storing.set(a, (this.storing.get(a) ?? 0) + 1);
    try {
      const result = await store();
      for (const e of batch) {
        for (const cached of this.entries.get(e.activityId)?.values() ?? []) {
          if (e.day < cached.from || e.day > cached.to) continue;
          const sum = cached.byGroup.get(e.groupId) ?? { minutes: 0, count: 0 };
          sum.minutes += e.minutes ?? 0;
          if (e.primary) sum.count += e.count ?? 0;
          cached.byGroup.set(e.groupId, sum);
        }
      }
      return result;
    } finally {
      for (const a of activities) {
        this.storing.set(a, (this.storing.get(a) ?? 1) - 1);
        this.stored.set(a, (this.stored.get(a) ?? 0) + 1);
      }
    }
  }
}

function rowsOf(cached: Cached): AmountByGroup[] {
  return [...cached.byGroup].map(([groupId, sum]) => ({ groupId, minutes: sum.minutes, count: sum.count }));
}
