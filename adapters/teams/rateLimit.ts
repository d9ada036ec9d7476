// Staying inside Teams' limits when the bot writes on its own: per bot and
// conversation 7 messages per second, 8 per 2 s, 60 per 30 s and 1800 per
// hour; 50 requests per second per app and tenant. Each send reserves the
// earliest slot that fits every window of its conversation and its tenant,
// then waits for it – so sends to one conversation queue up in order while
// different conversations do not wait for each other.
export interface RateWindow {
  limit: number;
  ms: number;
}

export const CONVERSATION_WINDOWS: RateWindow[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1_800, ms: 3_600_000 },
];

export const TENANT_WINDOW: RateWindow = { limit: 50, ms: 1_000 };

/** Sliding windows per key; slots are reserved in time order per key. */
export class SlidingWindows {
  private readonly slots = new Map<string, number[]>();
  private readonly longest: number;

  constructor(private readonly windows: RateWindow[]) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** The earliest time ≥ `from` at which one more slot for `key` fits every window. */
  earliest(key: string, from: number): number {
    const times = this.slots.get(key) ?? [];
    let t = Math.max(from, times.length > 0 ? times[times.length - 1] : from);
    for (let moved = true; moved; ) {
      moved = false;
      for (const w of this.windows) {
        // slots in (t - w.ms, t]: all reserved slots are ≤ t
        let first = times.length;
        while (first > 0 && times[first - 1] > t - w.ms) first--;
        const inWindow = times.length - first;
        if (inWindow >= w.limit) {
          t = times[first + inWindow - w.limit] + w.ms;
          moved = true;
        }
      }
    }
    return t;
  }

  reserve(key: string, at: number): void {
    const times = this.slots.get(key) ?? [];
    times.push(at);
    const cutoff = at - this.longest;
    let drop = 0;
    while (drop < times.length && times[drop] <= cutoff) drop++;
    this.slots.set(key, drop > 0 ? times.slice(drop) : times);
    if (this.slots.size > 10_000) this.sweep(at);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.slots)
      if (times.length === 0 || times[times.length - 1] <= now - this.longest) this.slots.delete(key);
  }
}

/**
 * A window shared by many conversations (the app and tenant limit). Slots may
 * be reserved out of time order (one conversation's slot in a second from
 * now must not hold up another's now), so a slot at t is allowed when fewer
 * than `limit` slots lie within `ms` on either side of it – every window of
 * length `ms` that contains t then has room.
 */
export class SharedWindow {
  private readonly slots = new Map<string, number[]>();

  constructor(private readonly window: RateWindow) {}

  private crowded(times: number[], t: number): boolean {
    let count = 0;
    for (const x of times) if (x > t - this.window.ms && x < t + this.window.ms) count++;
    return count >= this.window.limit;
  }

  earliest(key: string, from: number): number {
    const times = this.slots.get(key) ?? [];
    if (!this.crowded(times, from)) return from;
    // the next candidates are the moments another slot leaves the window
    for (const x of times) {
      const candidate = x + this.window.ms;
      if (candidate > from && !this.crowded(times, candidate)) return candidate;
    }
    return (times.length > 0 ? times[times.length - 1] : from) + this.window.ms;
  }

  reserve(key: string, at: number, now: number): void {
    const times = (this.slots.get(key) ?? []).filter((x) => x > now - this.window.ms);
    let i = times.length;
    while (i > 0 && times[i - 1] > at) i--;
    times.splice(i, 0, at);
    this.slots.set(key, times);
  }
}

export class TeamsRateLimiter {
  private readonly conversations = new SlidingWindows(CONVERSATION_WINDOWS);
  private readonly tenants = new SharedWindow(TENANT_WINDOW);

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Reserves a slot for one request (to `conversationId`, when it posts a
   * message) and returns how long to wait before making it.
   */
  reserve(tenantId: string, conversationId?: string): number {
    const now = this.now();
    let t = now;
    for (;;) {
      const c = conversationId ? this.conversations.earliest(conversationId, t) : t;
      const a = this.tenants.earliest(tenantId, c);
      t = a;
      if (a === c) break;
    }
    if (conversationId) this.conversations.reserve(conversationId, t);
    this.tenants.reserve(tenantId, t, now);
    return t - now;
  }
}

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  random: () => number;
}

/** Exponential backoff with jitter: attempt 0 → ~base, doubling, capped; 50–100 % of that. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(exp * (0.5 + options.random() * 0.5));
}

/** A Retry-After header (seconds or an HTTP date) in milliseconds, or undefined. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
