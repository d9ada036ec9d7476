// The adapter's timing rules with a stand-in core: an answer that is not ready
// within the ack budget is acked empty and sent through response_url; a core
// failure still gets an answer inside Slack's 3 seconds.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/slackAdapter.js";
import { silentLogger } from "../../../src/core/log.js";
import type { Loftesbot, MessageInput } from "../../../src/core/loftesbot.js";
import { type Reply, textReply } from "../../../src/core/reply.js";
import { checkBlockKitLimits, type FakeSlack, form, postSigned, startFakeSlack, waitFor } from "./support.js";

const SECRET = "stand-in-secret";

describe("Slack adapter timing", () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let server: Server;
  let url: string;
  let answer: (input: MessageInput) => Promise<Reply>;

  beforeAll(async () => {
    fake = await startFakeSlack();
    const bot = {
      ctx: { defaultLang: "sv" },
      handleMessage: (input: MessageInput) => answer(input),
    } as unknown as Loftesbot;
    adapter = createSlackAdapter({
      bot,
      slack: { signingSecret: SECRET, botToken: "xoxb-test", apiUrl: fake.apiUrl },
      logger: silentLogger,
      ackBudgetMs: 100,
    });
    server = createServer((req, res) => adapter.route(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    await adapter.drain();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fake.close();
  });

  const command = (text: string, id: string) =>
    postSigned(
      url,
      form({
        command: "/mina",
        text,
        user_id: "U0DEMO005",
        channel_id: "C0DEMOIG1",
        channel_name: "ig",
        team_id: "T0",
        trigger_id: `trigger-${id}`,
        response_url: fake.responseUrl(id),
      }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );

  it("acks at once when the answer is slow, then answers through response_url", async () => {
    answer = (input) => new Promise((resolve) => setTimeout(() => resolve(textReply(`Svar på ${input.text}`)), 400));
    const result = await command("vecka", "slow");
    expect(result.status).toBe(200);
    expect(result.text).toBe("");
    expect(result.ms).toBeLessThan(350);
    const sent = await waitFor(() => fake.callsOf("response_url").find((c) => c.id === "slow"), "response_url");
    expect(sent.args).toMatchObject({ response_type: "ephemeral", text: "Svar på mina vecka" });
    expect(checkBlockKitLimits(sent.args)).toEqual([]);
  });

  it("answers 'try again' in the ack body when the core fails", async () => {
    answer = async () => {
      throw new Error("database down");
    };
    const result = await command("vecka", "fail");
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text).text).toContain("försök igen");
  });

  it("sends the parts of a reply too long for one message: the first in the ack, the rest via response_url", async () => {
    answer = async () => ({
      text: "Lång",
      blocks: Array.from({ length: 120 }, (_, i) => ({ kind: "text" as const, text: `Rad ${i}` })),
    });
    const result = await command("lång", "long");
    const first = JSON.parse(result.text);
    expect(first.blocks).toHaveLength(50);
    const rest = await waitFor(() => {
      const calls = fake.callsOf("response_url").filter((c) => c.id === "long");
      return calls.length === 2 ? calls : null;
    }, "two more parts");
    expect(rest.map((c) => (c.args.blocks as unknown[]).length)).toEqual([50, 20]);
    for (const m of [first, ...rest.map((c) => c.args)]) expect(checkBlockKitLimits(m)).toEqual([]);
  });
});
