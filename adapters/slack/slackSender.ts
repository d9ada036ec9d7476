// The one way out to Slack for features that speak first (weekly status,
// digests, poll invitations): chat.postMessage to a channel, or to a person's
// user id (Slack opens the DM). Within Slack's limits: at most about one
// message per second per channel (other channels are not held up), `429
// Retry-After` honoured, 5xx and network errors retried with exponential
// backoff and jitter — a bounded number of times, then a SendResult says so.
import { webApi } from "@slack/bolt";
import type { ChatSender, Recipient, SendResult } from "../../src/delivery/chatSender.js";
import type { Logger } from "../../src/core/log.js";
import { plainText, type Reply } from "../../src/core/reply.js";
import { renderMessages, type SlackMessage } from "./renderBlocks.js";

export interface SlackSenderOptions {
  botToken: string;
  /** Web API base URL (SLACK_API_URL); Slack's own when unset */
  apiUrl?: string;
  logger?: Logger;
  /** spacing of messages to one channel; default 1 100 ms (Slack: ~1 message/s per channel) */
  minIntervalMs?: number;
  /** attempts per message, the first included; default 5 */
  maxAttempts?: number;
  /** first backoff after a 5xx or network error; doubled each time, with jitter; default 1 000 ms */
  backoffMs?: number;
  /** a Retry-After longer than this is not waited for (the send fails as retryable); default 60 s */
  maxRetryAfterMs?: number;
  /** per-request timeout; default 15 s */
  timeoutMs?: number;
  /** for tests */
  sleep?: (ms: number) => Promise<void>;
}

/** Slack's platform errors (ok: false) that a later attempt may get past. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

type Attempt = { ok: true; ts?: string } | { ok: false; retryable: boolean; waitMs?: number; error: string };

export function normaliseApiUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith("/") ? url : `${url}/`;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackSender implements ChatSender {
  readonly platform = "slack" as const;
  private readonly client: InstanceType<typeof webApi.WebClient>;
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly lastSent = new Map<string, number>();
  private readonly minIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackSenderOptions) {
    this.client = new webApi.WebClient(options.botToken, {
      slackApiUrl: normaliseApiUrl(options.apiUrl),
      // the WebClient would retry for ~30 minutes on its own; this sender decides instead
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 15_000,
      logLevel: webApi.LogLevel.ERROR,
    });
    this.minIntervalMs = options.minIntervalMs ?? 1100;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.backoffMs = options.backoffMs ?? 1000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async send(recipient: Recipient, reply: Reply): Promise<SendResult> {
    const channel = recipient.kind === "channel" ? recipient.channelId : recipient.userId;
    const messages = renderMessages(reply);
    let firstTs: string | undefined;
    for (const [i, message] of messages.entries()) {
      const result = await this.inLane(channel, () => this.post(channel, message));
      if (!result.ok) {
        this.options.logger?.warn(
          { event: "slack.send.failed", channel, part: i + 1, parts: messages.length, error: result.error },
          "Slack message not delivered",
        );
        // once a part is out, sending the whole reply again would repeat it
        return { ok: false, retryable: result.retryable && i === 0, error: result.error };
      }
      firstTs ??= result.ts;
    }
    if (recipient.kind === "channel") await this.uploadCharts(channel, reply, firstTs);
    return { ok: true, messageId: firstTs };
  }

  /**
   * Charts go up as images in the message's thread (files.uploadV2). The text
   * already says everything the chart shows, so a failed upload is logged and
   * the delivery still counts as made.
   */
  private async uploadCharts(channel: string, reply: Reply, threadTs: string | undefined): Promise<void> {
    for (const block of reply.blocks) {
      if (block.kind !== "image" || !block.png) continue;
      try {
        await this.inLane(channel, () =>
          this.client.filesUploadV2({
            channel_id: channel,
            ...(threadTs ? { thread_ts: threadTs } : {}),
            file: Buffer.from(block.png),
            filename: "diagram.png",
            title: plainText(block.title),
            alt_text: plainText(block.alt).slice(0, 1000),
          } as Parameters<typeof this.client.filesUploadV2>[0]),
        );
      } catch (error) {
        this.options.logger?.warn(
          { event: "slack.chart.failed", channel, err: error },
          "chart not uploaded; the text is complete",
        );
      }
    }
  }

  /** Runs `work` after everything queued for this channel, and at least minIntervalMs after the last message. */
  private inLane<T>(channel: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(channel) ?? Promise.resolve();
    const run = previous.then(async () => {
      const wait = (this.lastSent.get(channel) ?? 0) + this.minIntervalMs - Date.now();
      if (wait > 0) await this.sleep(wait);
      try {
        return await work();
      } finally {
        this.lastSent.set(channel, Date.now());
      }
    });
    const settled = run.catch(() => undefined);
    this.lanes.set(channel, settled);
    void settled.then(() => {
      if (this.lanes.get(channel) === settled) this.lanes.delete(channel);
      const last = this.lastSent.get(channel);
      if (last !== undefined && Date.now() - last > this.minIntervalMs && !this.lanes.has(channel))
        this.lastSent.delete(channel);
    });
    return run;
  }

  private async post(channel: string, message: SlackMessage): Promise<Attempt> {
    let attempt: Attempt = { ok: false, retryable: true, error: "not sent" };
    for (let n = 1; n <= this.maxAttempts; n++) {
      attempt = await this.postOnce(channel, message);
      if (attempt.ok || !attempt.retryable || n === this.maxAttempts) return attempt;
      const backoff = this.backoffMs * 2 ** (n - 1);
      const wait = attempt.waitMs ?? backoff / 2 + Math.random() * backoff;
      if (wait > this.maxRetryAfterMs) return attempt;
      this.options.logger?.debug({ event: "slack.send.retry", channel, attempt: n, waitMs: Math.round(wait) }, "retry");
      await this.sleep(wait);
    }
    return attempt;
  }

  private async postOnce(channel: string, message: SlackMessage): Promise<Attempt> {
    try {
      const result = await this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      return { ok: true, ts: result.ts };
    } catch (error) {
      return classify(error);
    }
  }
}

function classify(error: unknown): Attempt {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { ok: false, retryable: true, waitMs: Math.max(0, e.retryAfter ?? 1) * 1000, error: "rate limited (429)" };
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      return { ok: false, retryable: status >= 500 || status === 408, error: `HTTP ${status}` };
    }
    case webApi.ErrorCode.RequestError:
      return { ok: false, retryable: true, error: `request failed: ${(error as Error).message}` };
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? "unknown_error";
      return { ok: false, retryable: TRANSIENT_PLATFORM_ERRORS.has(code), error: code };
    }
    default:
      return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
  }
}
