// Outbound messages for scheduled features (weekly status, digests, poll
// invitations and feedback). Each platform adapter provides one ChatSender;
// the core decides what to send and to whom, the sender how to get it there
// within the platform's rate limits, retrying 429/5xx itself.
import type { Reply } from "../core/reply.js";
import type { ChatPlatform } from "../domain/platform.js";

export type { ChatPlatform };

export type Recipient =
  /** a bound channel (Slack channel id; Teams conversation id of the channel) */
  | { kind: "channel"; channelId: string }
  /** a person in a private (1:1) chat: Slack user id, or Teams Entra object id */
  | { kind: "person"; userId: string; personId: string };

export type SendResult =
  | { ok: true; messageId?: string }
  /**
   * still failing after the sender's own retries; `retryable` when a later run may succeed;
   * `notYet` (in Swedish, for the operator) when the platform cannot reach the recipient yet and
   * nothing is wrong (nobody has used Löftesbot in Teams): not a failure, see jobRunner.ts
   */
  | { ok: false; retryable: boolean; error: string; notYet?: string };

export interface ChatSender {
  platform: ChatPlatform;
  send(recipient: Recipient, reply: Reply): Promise<SendResult>;
}
