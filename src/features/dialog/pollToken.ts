// The keys of a dialogue poll. Each poll has its own key (32 random bytes),
// stored in the poll's row only encrypted under a key derived from the
// instance key (CoreContext.secret, never in the database), and destroyed
// when the poll closes. While it lives, it makes a person's answer token and
// reminder key (so the bot can find a person's own answer and who has not
// answered) and seals anonymous answer sheets. Once it is gone, nothing —
// not the database, the instance key, nor both — recomputes a token or opens
// a sealed sheet. The instance-key token of polls created before per-poll
// keys is kept here only to find those polls' answers until they close.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A key derived from the instance key for one purpose (HKDF-SHA256). */
export function derivedKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.alloc(0), `loftesbot:${purpose}`, 32));
}

/** AES-256-GCM of `plain` bound to `context` (additional data): iv | tag | ciphertext, base64. */
function seal(key: Buffer, context: string, plain: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
}

/** The plaintext of `seal`; throws when the key or the context is not the one it was sealed with. */
function unseal(key: Buffer, context: string, sealed: string): Buffer {
  const raw = Buffer.from(sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** A new poll key. */
export function newPollKey(): Buffer {
  return randomBytes(32);
}

/** The poll key as stored in the poll's row: encrypted under the instance key, bound to the poll id. */
export function wrapPollKey(secret: string, pollId: string, key: Buffer): string {
  return seal(derivedKey(secret, "poll-key"), `poll-key:${pollId}`, key);
}

export function unwrapPollKey(secret: string, pollId: string, wrapped: string): Buffer {
  return unseal(derivedKey(secret, "poll-key"), `poll-key:${pollId}`, wrapped);
}

/** One answer sheet per person and poll: HMAC-SHA256(poll key, person id). */
export function responseToken(pollKey: Buffer, personId: string): string {
  return createHmac("sha256", pollKey).update(`token:${personId}`).digest("hex");
}

/** The token of polls created before per-poll keys: HMAC-SHA256(instance key, poll id + ":" + person id). */
export function legacyResponseToken(secret: string, pollId: string, personId: string): string {
  return createHmac("sha256", secret).update(`${pollId}:${personId}`).digest("hex");
}

/**
 * The delivery-ledger key of a reminder: a reminder goes only to those who
 * have not answered, so a ledger row naming the person would tell who had.
 */
export function reminderKey(pollKey: Buffer, pollId: string, personId: string): string {
  const opaque = createHmac("sha256", pollKey).update(`reminder:${personId}`).digest("hex").slice(0, 32);
  return `poll:${pollId}:reminder:${opaque}`;
}

/** The reminder key of polls created before per-poll keys (under the instance key). */
export function legacyReminderKey(secret: string, pollId: string, personId: string): string {
  const opaque = createHmac("sha256", secret).update(`reminder:${pollId}:${personId}`).digest("hex").slice(0, 32);
  return `poll:${pollId}:reminder:${opaque}`;
}

/** What a sealed sheet holds: the group it counts for and the answers. */
export interface SheetContent {
  groupId: string;
  answers: { questionId: string; value: string }[];
}

/**
 * Seals a sheet under the poll key, bound to its poll and token, padded to
 * `size` bytes (or the next multiple of 4 KiB above it) so that its length
 * says nothing about what was written.
 */
export function sealSheet(pollKey: Buffer, pollId: string, token: string, sheet: SheetContent, size: number): string {
  const json = Buffer.from(JSON.stringify(sheet), "utf8");
  const target = json.length <= size ? size : Math.ceil(json.length / 4096) * 4096;
  const padded = Buffer.alloc(target, 0x20);
  json.copy(padded);
  return seal(pollKey, `sheet:${pollId}:${token}`, padded);
}

export function openSheet(pollKey: Buffer, pollId: string, token: string, sealed: string): SheetContent {
  return JSON.parse(unseal(pollKey, `sheet:${pollId}:${token}`, sealed).toString("utf8")) as SheetContent;
}
