// The adapter's timing rules with a stand-in core: an answer that is not ready
// within the ack budget is acked empty and sent through response_url; a core
// failure still gets an answer inside Slack's 3 seconds. And what the adapter
// hands the core: the mentions of a command or a message as a map.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/slackAdapter.js";
import { silentLogger } from "../../../src/core/log.js";
import type { Loftesbot, MessageInput } from "../../../src/core/loftesbot.js";
import { registry } from "../../../src/features/index.js";
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
      // the real registry: the adapter learns from it which commands are slow
      registry,
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

  it("hands the core a command's and a message's mentions: token as it appears → Slack user id", async () => {
    const inputs: MessageInput[] = [];
    answer = async (input) => {
      inputs.push(input);
      return textReply("ok");
    };
    const logged = await postSigned(
      url,
      form({
        command: "/logga",
        text: "1h närvaro med <@U0DEMO008|oskar> och <@U0DEMO006>, @anna.berg",
        user_id: "U0DEMO005",
        channel_id: "D0DM",
        channel_name: "directmessage",
        team_id: "T0",
        trigger_id: "trigger-mentions",
        response_url: fake.responseUrl("mentions"),
      }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );
    expect(logged.status).toBe(200);
    expect(inputs[0].mentions).toEqual({ "<@U0DEMO008|oskar>": "U0DEMO008", "<@U0DEMO006>": "U0DEMO006" });

    const event = {
      type: "event_callback",
      team_id: "T0",
      event_id: "Ev0MENTIONS",
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: "T0", user_id: "U0BOT", is_bot: true }],
      event: {
        type: "app_mention",
        channel: "C0DEMOIG1",
        user: "U0DEMO005",
        text: "<@U0BOT> logga 1h närvaro med <@U0DEMO008>",
        ts: "1764000020.000100",
        event_ts: "1764000020.000100",
      },
    };
    const sent = await postSigned(url, JSON.stringify(event), "application/json", { secret: SECRET });
    expect(sent.status).toBe(200);
    const message = await waitFor(() => inputs[1], "the app mention handed to the core");
    // the bot's own mention is no part of the command
    expect(message.text).toBe("logga 1h närvaro med <@U0DEMO008>");
    expect(message.mentions).toEqual({ "<@U0DEMO008>": "U0DEMO008" });
  });

  it("acks when the answer is not ready within the budget, then answers through response_url", async () => {
    // the answer is held by the test until the ack has arrived: order, not speed
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    answer = async (input) => {
      await held;
      return textReply(`Svar på ${input.text}`);
    };
    const result = await command("vecka", "slow").finally(() => release());
    expect(result.status).toBe(200);
    expect(result.text).toBe("");
    expect(fake.callsOf("response_url").filter((c) => c.id === "slow")).toEqual([]);
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
