// The one deadline helper: wait for work at most `ms`. The work is not
// cancelled when the deadline passes — the caller decides what a late result
// or a late failure means (the front door logs it; a readiness probe fails).
// The front door also says by when the request it runs must be answered
// (answerBy), so work that may take longer than usual once — the first chart
// after start, which loads its libraries — can use the time the answer has.
import { currentWrites, RequestWrites, withWrites } from "./writes.js";

export const TIMED_OUT: unique symbol = Symbol("timed out");

/** The work's result, or TIMED_OUT when it takes longer than `ms`; a failure within `ms` is thrown. */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The work's result; rejects with "timed out after N ms" when it takes longer. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  const result = await within(work, ms);
  if (result === TIMED_OUT) throw new Error(`timed out after ${ms} ms`);
  return result;
}

/**
 * Runs `work` as a request that must be answered within `ms` (see timeLeftMs).
 * The due time rides on the request's own tracker (writes.ts), so a request
 * carries one async context, not two; outside a request `work` gets a tracker
 * of its own.
 */
export function answerBy<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const due = performance.now() + ms;
  const writes = currentWrites();
  if (writes) {
    writes.answerDue = due;
    return work();
  }
  const own = new RequestWrites();
  own.answerDue = due;
  return withWrites(own, work);
}

/** How long the request being answered has left, in ms; undefined outside a request. */
export function timeLeftMs(): number | undefined {
  const due = currentWrites()?.answerDue;
  return due === undefined ? undefined : due - performance.now();
}
