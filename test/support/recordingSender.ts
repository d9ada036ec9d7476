// A chat platform's sender that records what it is asked to send instead of
// sending it: the outside world (Slack's Web API, the Bot Framework) faked at
// the port the core delivers through. It can fail for chosen people, always or
// once, and take a little time like a real platform.
import type { Reply } from "../../src/core/reply.js";
import type { ChatPlatform, ChatSender, Recipient, SendResult } from "../../src/delivery/chatSender.js";

export interface Sent {
  platform: ChatPlatform;
  to: Recipient;
  reply: Reply;
}

export interface RecordingOptions {
  /** where to record (several senders may share one log); a log of its own by default */
  log?: Sent[];
  /** person ids whose every send fails (retryable) */
  failFor?: Set<string>;
  /** how long a send takes */
  delayMs?: number;
}

export class RecordingSender implements ChatSender {
  readonly sent: Sent[];
  /** person ids whose next send fails once (retryable) */
  readonly failOnce = new Set<string>();
  private readonly failFor: Set<string>;
  private readonly delayMs: number;

  constructor(
    readonly platform: ChatPlatform,
    options: RecordingOptions = {},
  ) {
    this.sent = options.log ?? [];
    this.failFor = options.failFor ?? new Set();
    this.delayMs = options.delayMs ?? 0;
  }

  async send(to: Recipient, reply: Reply): Promise<SendResult> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (to.kind === "person" && (this.failFor.has(to.personId) || this.failOnce.delete(to.personId)))
      return { ok: false, retryable: true, error: `503 from the fake ${this.platform}` };
    this.sent.push({ platform: this.platform, to, reply });
    return { ok: true };
  }
}
