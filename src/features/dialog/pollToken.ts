// Keyed one-way tokens for dialogue polls. The key (CoreContext.secret) is
// never in the database, so neither token can be traced back to a person with
// the data in the database alone; with the key, the bot can find a person's
// own answer (to let them change it) and who has not answered (reminders).
import { createHmac } from "node:crypto";

/** One answer sheet per person and poll: HMAC-SHA256(key, pollId + ":" + personId). */
export function responseToken(secret: string, pollId: string, personId: string): string {
  return createHmac("sha256", secret).update(`${pollId}:${personId}`).digest("hex");
}

/**
 * The delivery-ledger key of a reminder: a reminder goes only to those who
 * have not answered, so a ledger row naming the person would tell who had.
 */
export function reminderKey(secret: string, pollId: string, personId: string): string {
  const opaque = createHmac("sha256", secret).update(`reminder:${pollId}:${personId}`).digest("hex").slice(0, 32);
  return `poll:${pollId}:reminder:${opaque}`;
}
