// The effect follow-up's statistics, each a formula from the textbooks with
// the normal quantile from jstat (no numerical code by hand):
//
// - rate ratio of two Poisson counts, each over its own exposure (months):
//   RR = (d/Td)/(b/Tb), 95 % CI exp(ln RR ± z·√(1/b + 1/d)) (the "log
//   method"; Rothman, Modern Epidemiology, ch. 14). Undefined when a count is 0.
// - ratio of two rate ratios (target area vs comparison area, the
//   difference-in-differences of counts on the log scale): RRR = RR₁/RR₂,
//   95 % CI exp(ln RRR ± z·√(1/b₁ + 1/d₁ + 1/b₂ + 1/d₂)).
// - difference of two shares (Wald): p₂ − p₁ ± z·√(p₁q₁/n₁ + p₂q₂/n₂), and the
//   difference of two such differences with the four variances summed.
//
// Invariants: every interval contains its estimate (`interval` below makes
// sure of it after clamping and floating error, so low ≤ estimate ≤ high
// exactly); a difference of shares and its interval stay within −1…1 (a
// difference of differences within −2…2), where the Wald formula alone can
// overshoot near 0 % and 100 %; swapping before and during inverts a ratio
// (and its interval) and negates a difference; the functions return null
// rather than a number where the formula is undefined.
import { createRequire } from "node:module";
import type jstatLibrary from "jstat";

let cachedZ95: number | undefined;

/**
 * z for a two-sided 95 % interval: the normal distribution's 0.975 quantile (1.959964…); jstat loads on
 * the first interval (the effect follow-up), not with the service.
 */
export function z95(): number {
  cachedZ95 ??= (createRequire(import.meta.url)("jstat") as typeof jstatLibrary).jStat.normal.inv(0.975, 0, 1);
  return cachedZ95;
}

export interface Estimate {
  estimate: number;
  ci95: [number, number];
}

/** Counts (events) over an exposure (e.g. months covered); exposure 1 when both cover the same time. */
export interface CountSample {
  count: number;
  exposure: number;
}

/** The rate ratio during/before with its 95 % CI (Poisson, log method); null when a count is 0. */
export function rateRatio(before: CountSample, during: CountSample): Estimate | null {
  if (before.count <= 0 || during.count <= 0 || before.exposure <= 0 || during.exposure <= 0) return null;
  const ratio = during.count / during.exposure / (before.count / before.exposure);
  const se = Math.sqrt(1 / before.count + 1 / during.count);
  return logInterval(ratio, se);
}

/** The ratio of two rate ratios (target / comparison) with its 95 % CI; null when a count is 0. */
export function ratioOfRatios(
  target: { before: CountSample; during: CountSample },
  comparison: { before: CountSample; during: CountSample },
): Estimate | null {
  const a = rateRatio(target.before, target.during);
  const b = rateRatio(comparison.before, comparison.during);
  if (!a || !b) return null;
  const counts = [target.before, target.during, comparison.before, comparison.during].map((s) => s.count);
  const se = Math.sqrt(counts.reduce((sum, c) => sum + 1 / c, 0));
  return logInterval(a.estimate / b.estimate, se);
}

function logInterval(ratio: number, se: number): Estimate {
  const log = Math.log(ratio);
  return interval(ratio, Math.exp(log - z95() * se), Math.exp(log + z95() * se), 0, Number.POSITIVE_INFINITY);
}

/** An estimate with its interval clamped to [min, max]; the interval always contains the estimate. */
function interval(estimate: number, low: number, high: number, min: number, max: number): Estimate {
  const e = Math.min(max, Math.max(min, estimate));
  const lo = Math.min(e, Math.max(min, low));
  const hi = Math.max(e, Math.min(max, high));
  return { estimate: e, ci95: [lo, hi] };
}

/** A share (0–1) of n respondents. */
export interface ShareSample {
  share: number;
  n: number;
}

function variance(s: ShareSample): number {
  return (s.share * (1 - s.share)) / s.n;
}

/** The difference during − before of two shares (0–1) with its 95 % CI (Wald); null when an n is 0. */
export function shareDifference(before: ShareSample, during: ShareSample): Estimate | null {
  if (before.n <= 0 || during.n <= 0) return null;
  const diff = during.share - before.share;
  const se = Math.sqrt(variance(before) + variance(during));
  return interval(diff, diff - z95() * se, diff + z95() * se, -1, 1);
}

/** The difference of the target's and the comparison's differences (difference-in-differences), with its 95 % CI. */
export function differenceOfDifferences(
  target: { before: ShareSample; during: ShareSample },
  comparison: { before: ShareSample; during: ShareSample },
): Estimate | null {
  const a = shareDifference(target.before, target.during);
  const b = shareDifference(comparison.before, comparison.during);
  if (!a || !b) return null;
  const diff = a.estimate - b.estimate;
  const se = Math.sqrt(
    variance(target.before) + variance(target.during) + variance(comparison.before) + variance(comparison.during),
  );
  return interval(diff, diff - z95() * se, diff + z95() * se, -2, 2);
}
