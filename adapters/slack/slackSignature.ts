// Slack's v0 request signature, checked over the raw body bytes before anything
// reads the body as JSON or as a form: unsigned work costs one HMAC, never a
// parse. Bolt's rules (its verifySlackRequest) plus two of ours: the timestamp
// is a plain integer (no Infinity, 1e20, 1.5, hex, padding) and may be at most
// 5 minutes away in either direction. This is the only check: Bolt's receiver
// runs with `signatureVerification: false` and is reached only through the
// route in slackAdapter.ts, after this check held.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** How far a request's timestamp may be from our clock, either way (Slack's and Bolt's 5 minutes). */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

/** Seconds since the epoch as Slack writes them: digits only, no sign, point, exponent, padding or leading zero. */
const TIMESTAMP = /^[1-9][0-9]{0,11}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export type SignatureRefusal = "no signing secret" | "bad timestamp" | "stale" | "future" | "bad signature";

/** Why the request is not Slack's, or null when its signature and timestamp hold. */
export function checkSlackSignature(
  raw: Buffer,
  headers: IncomingHttpHeaders,
  signingSecret: string,
  nowMs = Date.now(),
): SignatureRefusal | null {
  if (!signingSecret) return "no signing secret";
  const timestamp = headers["x-slack-request-timestamp"];
  const signature = headers["x-slack-signature"];
  if (typeof timestamp !== "string" || !TIMESTAMP.test(timestamp)) return "bad timestamp";
  const age = Math.floor(nowMs / 1000) - Number(timestamp);
  if (age > SIGNATURE_WINDOW_SECONDS) return "stale";
  if (age < -SIGNATURE_WINDOW_SECONDS) return "future";
  if (typeof signature !== "string" || !SIGNATURE.test(signature)) return "bad signature";
  const expected = createHmac("sha256", signingSecret).update(`v0:${timestamp}:`).update(raw).digest();
  return timingSafeEqual(Buffer.from(signature.slice(3), "hex"), expected) ? null : "bad signature";
}

/** Slack's certificate check (`ssl_check=1`) comes unsigned; it is a few dozen bytes. */
const SSL_CHECK_MAX_BYTES = 4096;

/**
 * True for an unsigned form body that is Slack's certificate check, which Bolt
 * answers 200 without a signature (and without acting on anything else in it).
 * Parses at most SSL_CHECK_MAX_BYTES.
 */
export function isSslCheck(raw: Buffer, contentType: string | undefined): boolean {
  if (contentType !== "application/x-www-form-urlencoded" || raw.length > SSL_CHECK_MAX_BYTES) return false;
  return new URLSearchParams(raw.toString("utf8")).get("ssl_check") === "1";
}
