// The outbound Slack sender against a local fake Web API: 429 Retry-After is
// honoured, 5xx retried with backoff, one channel paced, a long reply paged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackSender } from "../../../adapters/slack/slackSender.js";
import type { Block } from "../../../src/core/reply.js";
import { textReply } from "../../../src/core/reply.js";
import { checkBlockKitLimits, type FakeSlack, startFakeSlack } from "./support.js";

describe("SlackSender", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
  });

  const sender = (options: Partial<ConstructorParameters<typeof SlackSender>[0]> = {}) =>
    new SlackSender({ botToken: "xoxb-test", apiUrl: fake.apiUrl, minIntervalMs: 0, backoffMs: 50, ...options });

  const posts = (channel: string) => fake.callsOf("chat.postMessage").filter((c) => c.args.channel === channel);

  it("posts to a channel, and to a person by user id (Slack opens the DM)", async () => {
    const s = sender();
    const toChannel = await s.send({ kind: "channel", channelId: "C0CHAN1" }, textReply("Veckostatus"));
    expect(toChannel).toMatchObject({ ok: true });
    expect(toChannel.ok && toChannel.messageId).toMatch(/^\d+\.\d+$/);
    const toPerson = await s.send({ kind: "person", userId: "U0DEMO005", personId: "anna.berg" }, textReply("Hej"));
    expect(toPerson.ok).toBe(true);
    expect(posts("C0CHAN1")).toHaveLength(1);
    expect(posts("U0DEMO005")[0].args).toMatchObject({ text: "Hej" });
    expect(posts("U0DEMO005")[0].authorization).toBe("Bearer xoxb-test");
  });

  it("waits out 429 Retry-After: 1 and then delivers one message", async () => {
    fake.script("chat.postMessage", {
      status: 429,
      headers: { "retry-after": "1" },
      body: { ok: false, error: "ratelimited" },
    });
    const started = Date.now();
    const result = await sender().send({ kind: "channel", channelId: "C0RATE1" }, textReply("Inbjudan"));
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    // the refused attempt and the delivered one; one message delivered
    expect(posts("C0RATE1")).toHaveLength(2);
  });

  it("retries a 500 with backoff and delivers", async () => {
    fake.script("chat.postMessage", { status: 500, body: { ok: false } }, { status: 503, body: { ok: false } });
    const result = await sender().send({ kind: "channel", channelId: "C0ERR1" }, textReply("Sammanfattning"));
    expect(result.ok).toBe(true);
    expect(posts("C0ERR1")).toHaveLength(3);
  });

  it("gives up after its attempts, retryable; a platform error is not retried", async () => {
    fake.script("chat.postMessage", ...Array(3).fill({ status: 502, body: { ok: false } }));
    const failed = await sender({ maxAttempts: 3 }).send({ kind: "channel", channelId: "C0DOWN1" }, textReply("x"));
    expect(failed).toEqual({ ok: false, retryable: true, error: "HTTP 502" });
    fake.script("chat.postMessage", { status: 200, body: { ok: false, error: "channel_not_found" } });
    const notFound = await sender().send({ kind: "channel", channelId: "C0GONE1" }, textReply("x"));
    expect(notFound).toEqual({ ok: false, retryable: false, error: "channel_not_found" });
    expect(posts("C0GONE1")).toHaveLength(1);
  });

  it("keeps about one message per second per channel without holding up other channels", async () => {
    const s = sender({ minIntervalMs: 400 });
    const started = Date.now();
    const times: Record<string, number[]> = { C0PACE1: [], C0PACE2: [] };
    const order: string[] = [];
    await Promise.all(
      ["C0PACE1", "C0PACE1", "C0PACE1", "C0PACE2"].map((channel) =>
        s.send({ kind: "channel", channelId: channel }, textReply("x")).then(() => {
          times[channel].push(Date.now() - started);
          order.push(channel);
        }),
      ),
    );
    expect(times.C0PACE1).toHaveLength(3);
    expect(times.C0PACE1[2]).toBeGreaterThanOrEqual(750);
    // order, not a time: the other channel is not queued behind the paced one (its message is not the last,
    // though C0PACE1's third must wait two intervals)
    expect(order.indexOf("C0PACE2")).toBeLessThan(order.lastIndexOf("C0PACE1"));
  });

  it("sends a reply too long for one message as several, each within the limits", async () => {
    const blocks: Block[] = Array.from({ length: 120 }, (_, i) => ({ kind: "text", text: `Rad ${i}` }));
    const result = await sender().send({ kind: "channel", channelId: "C0LONG1" }, { text: "Lång", blocks });
    expect(result.ok).toBe(true);
    const sent = posts("C0LONG1");
    expect(sent).toHaveLength(3);
    for (const call of sent) expect(checkBlockKitLimits(call.args)).toEqual([]);
    expect(sent.flatMap((c) => c.args.blocks as unknown[])).toHaveLength(120);
  });
});
