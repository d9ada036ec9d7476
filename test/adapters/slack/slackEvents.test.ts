// Slack, black-box over HTTP against the running service: requests signed
// with a real v0 HMAC go to POST /slack/events on the same server as the
// health endpoints; a local fake Slack Web API (and response_url) records what
// the bot sends. Every Block Kit payload the bot produces is checked against
// Slack's limits.
import { Writable } from "node:stream";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, openCore } from "../../../src/app/compose.js";
import { dayInZone } from "../../../src/domain/calendar.js";
import { startServer } from "../../../src/app/wiring.js";
import {
  adminPgUrl,
  type FreshPostgres,
  freshPostgres,
  postgresAvailable,
  sqliteTestUrl,
} from "../../support/databases.js";
import {
  checkBlockKitLimits,
  checkModalLimits,
  type FakeSlack,
  form,
  interaction,
  type PostResult,
  postSigned,
  slashCommand,
  type SlackService,
  slackForTests,
  startSlackService,
  viewSubmission,
  waitFor,
} from "./support.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ANNA = "U0DEMO005"; // gruppchef ig-1
const ALI = "U0DEMO006"; // medarbetare ig-1
const EMMA = "U0DEMO007"; // medarbetare ig-1
const SARA = "U0DEMO015"; // gruppchef ig-3: "hastighet" matches Norrdal L2 and Åsby L3
const CHANNEL = "C0DEMOIG1";

// biome-ignore lint/suspicious/noExplicitAny: Slack JSON
type Json = any;

describe("Slack on POST /slack/events", () => {
  const slack = slackForTests("slack", SECRET, { id: CHANNEL, name: "ig-turlag-1" });
  /** every message payload the bot answered with in an ack body */
  const ackMessages: Json[] = [];

  const activeEntries = () => slack.core.db.prisma.activityEntry.count({ where: { undoneAt: null } });
  const allEntries = () => slack.core.db.prisma.activityEntry.count();

  async function command(user: string, name: string, text: string, channel = CHANNEL): Promise<PostResult> {
    const result = await slack.command(user, name, text, {
      id: channel,
      name: channel === CHANNEL ? "ig-turlag-1" : "annan",
    });
    if (result.json && (result.json as Json).blocks) ackMessages.push(result.json);
    return result;
  }

  function buttonPayload(user: string, button: Json, messageTs: string, extra: Json = {}) {
    return { ...slack.buttonPayload(user, button, messageTs), ...extra };
  }

  const click = (payload: Json) => slack.post(interaction(payload));

  function event(eventId: string, ev: Json) {
    return {
      token: "legacy",
      team_id: "T0DEMO",
      api_app_id: "A0LOFTES",
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: "T0DEMO", user_id: "U0BOT", is_bot: true, is_enterprise_install: false }],
      event: { event_ts: ev.ts, ...ev },
    };
  }

  const sendEvent = (body: Json, headers: Record<string, string> = {}) =>
    postSigned(slack.endpoint, JSON.stringify(body), "application/json", { secret: SECRET, headers });

  const buttons = (message: Json): Json[] =>
    (message.blocks ?? []).filter((b: Json) => b.type === "actions").flatMap((b: Json) => b.elements);

  const allText = (message: Json): string => JSON.stringify(message.blocks ?? []) + (message.text ?? "");

  it("serves Slack on the same port as the health endpoints, and url_verification", async () => {
    const health = await fetch(`http://127.0.0.1:${slack.service.port}/healthz`);
    expect(health.status).toBe(200);
    const result = await sendEvent({ token: "legacy", type: "url_verification", challenge: "c-123" });
    expect(result.status).toBe(200);
    expect(result.text).toContain("c-123");
  });

  // A reply in the ack body is the proof it came within Slack's 3 s: the adapter puts it there only when
  // the core answered within ACK_BUDGET_MS (2 s), else it acks empty and answers through response_url.
  it("/logga 1,5h närvaro: the stored entry is the ephemeral message in the ack body, well inside 3 s", async () => {
    const before = await allEntries();
    const result = await command(ANNA, "/logga", "1,5h närvaro Torget");
    expect(result.status).toBe(200);
    const body = result.json as Json;
    expect(body?.response_type, "the reply in the ack body").toBe("ephemeral");
    expect(body.text).toContain("1 h 30 min på L1");
    expect(allText(body)).toContain("▓");
    expect(buttons(body).map((b) => b.action_id)).toEqual(["lb:undo:0"]);
    expect(await allEntries()).toBe(before + 1);
    const entry = await slack.core.db.prisma.activityEntry.findFirst({ orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ personId: "anna.berg", minutes: 90, source: "slack", loggedById: "anna.berg" });
  });

  it("takes what people typed as they typed it (Slack escapes & < >) and escapes it again in the answer", async () => {
    const before = await allEntries();
    // with should_escape, Slack sends a mention as <@U…|name> and what was typed escaped
    const result = await command(
      ANNA,
      "/logga",
      "1h närvaro med <@U0DEMO008|oskar> kiosken &amp; bänkarna &lt;kväll&gt;",
    );
    expect((result.json as Json).text).toContain("även för Oskar Nyberg");
    expect(await allEntries()).toBe(before + 2);
    const entry = await slack.core.db.prisma.activityEntry.findFirst({
      where: { personId: "anna.berg" },
      orderBy: { createdAt: "desc" },
    });
    expect(entry?.note).toContain("<kväll>");
    expect(entry?.note).not.toMatch(/&amp;|&lt;|&gt;/);
    expect(checkBlockKitLimits(result.json as Json)).toEqual([]);
    expect(JSON.stringify(result.json)).not.toMatch(/<kväll>/);
  });

  it("refuses a wrong signature and a timestamp older than 5 minutes with 401, storing nothing", async () => {
    const before = await allEntries();
    const body = form({ command: "/logga", text: "5h närvaro", user_id: ANNA, trigger_id: "t", response_url: "x" });
    const wrong = await postSigned(slack.endpoint, body, "application/x-www-form-urlencoded", {
      secret: SECRET,
      signature: `v0=${"0".repeat(64)}`,
    });
    expect(wrong.status).toBe(401);
    const otherSecret = await postSigned(slack.endpoint, body, "application/x-www-form-urlencoded", {
      secret: "not-it",
    });
    expect(otherSecret.status).toBe(401);
    const old = await postSigned(slack.endpoint, body, "application/x-www-form-urlencoded", {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(old.status).toBe(401);
    expect(await allEntries()).toBe(before);
    // the same request, signed now with the right secret, is accepted
    const good = await postSigned(slack.endpoint, body, "application/x-www-form-urlencoded", { secret: SECRET });
    expect(good.status).toBe(200);
    expect(await allEntries()).toBe(before + 1);
  });

  it("an unknown Slack user is told they are not registered and whom to ask; nothing is stored", async () => {
    const before = await allEntries();
    const result = await command("U0NOBODY", "/logga", "2h närvaro");
    expect(result.status).toBe(200);
    expect((result.json as Json).text).toContain("Du finns inte i Löftesbots organisation");
    expect((result.json as Json).text).toContain("Maria Ekström");
    expect(await allEntries()).toBe(before);
  });

  let modal: Json;

  it("/logga without text opens the log form as a modal with the trigger id", async () => {
    const result = await command(ANNA, "/logga", "");
    expect(result.status).toBe(200);
    const call = await waitFor(() => slack.fake.callsOf("views.open").at(-1), "views.open");
    expect(call.args.trigger_id).toBe(`trigger-${slack.seq}`);
    modal = call.args.view;
    expect(checkModalLimits(modal)).toEqual([]);
    expect(modal.callback_id).toBe("lb-form");
    expect(JSON.parse(modal.private_metadata)).toMatchObject({ f: "log", c: CHANNEL });
    const inputs = Object.fromEntries(
      modal.blocks.filter((b: Json) => b.type === "input").map((b: Json) => [b.block_id, b.element.type]),
    );
    expect(inputs).toEqual({
      activity: "static_select",
      day: "datepicker",
      duration: "plain_text_input",
      count: "number_input",
      others: "multi_users_select",
      note: "plain_text_input",
    });
    const activity = modal.blocks.find((b: Json) => b.block_id === "activity");
    expect(activity.element.options.map((o: Json) => o.text.text.slice(0, 3))).toContain("L1 ");
    expect(activity.optional).toBe(false);
  });

  const submission = (user: string, values: Record<string, Json>, viewId = "V-log-1") =>
    viewSubmission({ user, view: modal, values, viewId, triggerId: `trigger-view-${++slack.seq}` });

  const l1 = () =>
    modal.blocks
      .find((b: Json) => b.block_id === "activity")
      .element.options.find((o: Json) => o.text.text.startsWith("L1 ")).value as string;
  const today = () => dayInZone(new Date(), "Europe/Stockholm");

  it("a form submission with an error gets response_action errors on the field; nothing is stored", async () => {
    const before = await allEntries();
    const result = await click(
      submission(ANNA, {
        activity: { activity: { type: "static_select", selected_option: { value: l1() } } },
        day: { day: { type: "datepicker", selected_date: today() } },
        duration: { duration: { type: "plain_text_input", value: null } },
        count: { count: { type: "number_input", value: null } },
        others: { others: { type: "multi_users_select", selected_users: [] } },
        note: { note: { type: "plain_text_input", value: null } },
      }),
    );
    expect(result.status).toBe(200);
    // errors on the field exist only in the ack body, sent when the core answered within ACK_BUDGET_MS
    const body = result.json as Json;
    expect(body?.response_action, "the errors in the ack body").toBe("errors");
    expect(Object.keys(body.errors)).toEqual(["duration"]);
    expect(body.errors.duration).toContain("Inget sparades");
    expect(await allEntries()).toBe(before);
  });

  it("a valid form submission stores through the same use-case, once, and answers ephemerally", async () => {
    const before = await allEntries();
    const payload = submission(
      ANNA,
      {
        activity: { activity: { type: "static_select", selected_option: { value: l1() } } },
        day: { day: { type: "datepicker", selected_date: today() } },
        duration: { duration: { type: "plain_text_input", value: "3" } },
        count: { count: { type: "number_input", value: null } },
        others: { others: { type: "multi_users_select", selected_users: [ALI] } },
        note: { note: { type: "plain_text_input", value: "fotpatrull 850101-1234" } },
      },
      "V-log-2",
    );
    const result = await click(payload);
    expect(result.status).toBe(200);
    expect(result.text).toBe("");
    const answer = await waitFor(
      () => slack.fake.callsOf("chat.postEphemeral").find((c) => String(c.args.text).includes("3 h på L1")),
      "the ephemeral confirmation",
    );
    expect(answer.args).toMatchObject({ channel: CHANNEL, user: ANNA });
    expect(String(answer.args.text)).toContain("Ali Hassan");
    expect(await allEntries()).toBe(before + 2);
    const mine = await slack.core.db.prisma.activityEntry.findFirst({
      where: { personId: "anna.berg", minutes: 180 },
      orderBy: { createdAt: "desc" },
    });
    expect(mine?.note).not.toContain("850101-1234");
    // Slack sends the same submission again (double submit): stored once
    const again = await click(payload);
    expect(again.status).toBe(200);
    expect(await allEntries()).toBe(before + 2);
  });

  it("the Ångra button undoes the entry and replaces the ephemeral confirmation", async () => {
    const logged = await command(EMMA, "/logga", "45 min närvaro");
    const undo = buttons(logged.json)[0];
    const activeBefore = await activeEntries();
    const result = await click(buttonPayload(EMMA, undo, "1764000001.000100"));
    expect(result.status).toBe(200);
    const answer = await waitFor(
      () => slack.fake.callsOf("response_url").find((c) => c.id === `btn-${slack.seq}`),
      "the answer on response_url",
    );
    expect(answer.args).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    expect(String(answer.args.text)).toContain("Ångrat");
    expect(await activeEntries()).toBe(activeBefore - 1);
  });

  it("a double-clicked button is handled once", async () => {
    const logged = await command(EMMA, "/logga", "3st hastighet");
    const undo = buttons(logged.json)[0];
    const activeBefore = await activeEntries();
    const first = buttonPayload(EMMA, undo, "1764000002.000100");
    const firstSeq = slack.seq;
    const second = buttonPayload(EMMA, undo, "1764000002.000100");
    const results = await Promise.all([click(first), click(second)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const answers = await waitFor(() => {
      const found = slack.fake
        .callsOf("response_url")
        .filter((c) => c.id === `btn-${firstSeq}` || c.id === `btn-${slack.seq}`);
      return found.length === 2 ? found : null;
    }, "both answers");
    // the repeat gets the first reply, and nothing more happens
    expect(answers[0].args.text).toBe(answers[1].args.text);
    expect(String(answers[0].args.text)).toContain("Ångrat");
    expect(await activeEntries()).toBe(activeBefore - 1);
    const batch = undo.value as string;
    expect(await slack.core.db.prisma.auditEvent.count({ where: { action: "entry.undo", subject: batch } })).toBe(1);
  });

  it("the same /logga twice asks with 'Spara ändå' / 'Avbryt' and stores nothing; 'Spara ändå' stores it once (issue 14)", async () => {
    const first = await command(EMMA, "/logga", "50 min närvaro kvällsrunda");
    expect(JSON.stringify(first.json)).toContain("50 min på L1");
    const before = await allEntries();
    const asked = await command(EMMA, "/logga", "50 min närvaro kvällsrunda");
    const text = JSON.stringify(asked.json);
    expect(text).toContain("Det här verkar redan vara loggat för idag");
    expect(text).not.toMatch(/sparat|✅/i);
    expect(await allEntries()).toBe(before);
    const [anyway, cancel] = buttons(asked.json);
    expect(anyway.text.text).toBe("Spara ändå");
    expect(cancel.text.text).toBe("Avbryt");
    expect(String(anyway.value).length).toBeLessThanOrEqual(2000);
    await click(buttonPayload(EMMA, anyway, "1764000004.000100"));
    const answer = await waitFor(
      () => slack.fake.callsOf("response_url").find((c) => c.id === `btn-${slack.seq}`),
      "the answer to 'Spara ändå'",
    );
    expect(String(answer.args.text)).toContain("✅ 50 min på L1");
    expect(await allEntries()).toBe(before + 1);
    // pressed again (another click, not a retry): nothing more
    await click(buttonPayload(EMMA, anyway, "1764000005.000100"));
    const again = await waitFor(
      () => slack.fake.callsOf("response_url").find((c) => c.id === `btn-${slack.seq}`),
      "the answer to the second press",
    );
    expect(String(again.args.text)).toContain("redan loggad en gång");
    expect(await allEntries()).toBe(before + 1);
  });

  it("an ambiguous line offers the activities as buttons; choosing one stores it", async () => {
    const before = await allEntries();
    const asked = await command(SARA, "/logga", "2st hastighet");
    const choices = buttons(asked.json);
    expect(choices.length).toBeGreaterThanOrEqual(2);
    expect(choices.every((b: Json) => b.action_id.startsWith("lb:choose-activity:"))).toBe(true);
    expect(new Set(choices.map((b: Json) => b.action_id)).size).toBe(choices.length);
    expect(await allEntries()).toBe(before);
    const chosen = choices.find((b: Json) => b.text.text.startsWith("L2 ")) ?? choices[0];
    await click(buttonPayload(SARA, chosen, "1764000003.000100"));
    const answer = await waitFor(
      () => slack.fake.callsOf("response_url").find((c) => c.id === `btn-${slack.seq}`),
      "the answer to the choice",
    );
    expect(String(answer.args.text)).toContain("2 tillfällen");
    expect(await allEntries()).toBe(before + 1);
  });

  it("a direct message to the bot is a command; a Slack retry of it is not processed again", async () => {
    const before = await allEntries();
    const body = event("Ev0IM0001", {
      type: "message",
      channel_type: "im",
      channel: "D0ALI",
      user: ALI,
      text: "logga 2h närvaro med <@U0DEMO008>",
      ts: "1764000010.000100",
    });
    const first = await sendEvent(body);
    expect(first.status).toBe(200);
    const answer = await waitFor(
      () => slack.fake.callsOf("chat.postMessage").find((c) => c.args.channel === "D0ALI"),
      "DM",
    );
    expect(String(answer.args.text)).toContain("2 h på L1");
    expect(String(answer.args.text)).toContain("Oskar Nyberg");
    expect(await allEntries()).toBe(before + 2);
    const retry = await sendEvent(body, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await allEntries()).toBe(before + 2);
    expect(slack.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === "D0ALI")).toHaveLength(1);
  });

  it("an app_mention is a command answered ephemerally; a repeated event id stores once", async () => {
    const before = await allEntries();
    const body = event("Ev0MENTION1", {
      type: "app_mention",
      channel: CHANNEL,
      user: EMMA,
      text: "<@U0BOT> logga 30 min närvaro",
      ts: "1764000020.000100",
    });
    expect((await sendEvent(body)).status).toBe(200);
    const answer = await waitFor(
      () =>
        slack.fake
          .callsOf("chat.postEphemeral")
          .find((c) => c.args.user === EMMA && String(c.args.text).includes("30 min")),
      "ephemeral answer to the mention",
    );
    expect(answer.args.channel).toBe(CHANNEL);
    expect(await allEntries()).toBe(before + 1);
    expect((await sendEvent(body)).status).toBe(200);
    expect((await sendEvent(body, { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_error" })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await allEntries()).toBe(before + 1);
  });

  it("an over-long /logga gets the limit with an example and stores nothing; 200 KB does not hold up the service", async () => {
    const before = await allEntries();
    const long = await command(ALI, "/logga", `1h närvaro ${"lugnt på torget ".repeat(320)}`);
    expect(long.status).toBe(200);
    const text = String((long.json as Json).text);
    expect(text).toMatch(/för långt \(5[\s\d]+ tecken\)/);
    expect(text).toMatch(/högst 4\s000 tecken/);
    expect(text).toContain("/logga 1,5h närvaro Torget");
    expect(text).toContain("Inget sparades");
    expect(await allEntries()).toBe(before);

    // 200 KB of commas or unclosed mentions: answered in the ack body (so within ACK_BUDGET_MS: over it
    // the ack is empty and the answer goes to response_url), and /healthz answers meanwhile. How long
    // the adapter's and the parser's text handling takes on such lines: bench/parser.ts.
    for (const filler of [",", "<@U0BOT|"]) {
      const huge = `1h närvaro ${filler.repeat(Math.ceil(200_000 / filler.length))}x`;
      const [answer, health] = await Promise.all([
        command(ALI, "/logga", huge),
        new Promise((r) => setTimeout(r, 20)).then(() => fetch(`http://127.0.0.1:${slack.service.port}/healthz`)),
      ]);
      expect(health.status).toBe(200);
      expect((answer.json as Json | undefined)?.response_type, `${filler}: the answer in the ack body`).toBe(
        "ephemeral",
      );
      expect(String((answer.json as Json).text), filler).toContain("Inget sparades");
    }
    // the same through a direct message (an event, answered with chat.postMessage)
    const body = event("Ev0LONG0001", {
      type: "message",
      channel_type: "im",
      channel: "D0LONG",
      user: ALI,
      text: `logga 1h närvaro ${"<@U0BOT|".repeat(25_000)}`,
      ts: "1764000030.000100",
    });
    expect((await sendEvent(body)).status).toBe(200);
    const dm = await waitFor(
      () => slack.fake.callsOf("chat.postMessage").find((c) => c.args.channel === "D0LONG"),
      "DM",
    );
    expect(String(dm.args.text)).toMatch(/högst 4\s000 tecken/);
    expect(await allEntries()).toBe(before);
  });

  it("ignores the bot's own and other bots' messages", async () => {
    const before = await allEntries();
    const calls = slack.fake.calls.length;
    await sendEvent(
      event("Ev0BOT0001", {
        type: "message",
        channel_type: "im",
        channel: "D0ALI",
        bot_id: "B0BOT",
        user: "U0BOT",
        text: "logga 1h närvaro",
        ts: "1764000030.000100",
      }),
    );
    await sendEvent(
      event("Ev0EDIT001", {
        type: "message",
        subtype: "message_changed",
        channel_type: "im",
        channel: "D0ALI",
        ts: "1764000031.000100",
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await allEntries()).toBe(before);
    expect(slack.fake.calls.length).toBe(calls);
  });

  it("a button and an event that are not the bot's are acked at once and change nothing", async () => {
    const before = await allEntries();
    const calls = slack.fake.calls.length;
    const button = await click(
      buttonPayload(
        EMMA,
        { action_id: "annan-app:godkann", value: "x", text: { type: "plain_text", text: "OK" } },
        "1764000040.000100",
      ),
    );
    expect(button.status).toBe(200);
    expect(button.text).toBe("");
    const reaction = await sendEvent(
      event("Ev0REACT01", {
        type: "reaction_added",
        user: EMMA,
        reaction: "thumbsup",
        item: { type: "message", channel: CHANNEL, ts: "1764000040.000100" },
        ts: "1764000041.000100",
      }),
    );
    expect(reaction.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await allEntries()).toBe(before);
    expect(slack.fake.calls.length).toBe(calls);
  });

  it("/loftesbot koppla ig-1 binds the channel for the gruppchef and is refused for a medarbetare", async () => {
    const bound = await command(ANNA, "/loftesbot", "koppla ig-1", "C0NEWIG1");
    expect((bound.json as Json).text).toContain("kopplad till IG Turlag 1");
    expect(
      await slack.core.db.prisma.channelBinding.findFirst({ where: { platform: "slack", channelId: "C0NEWIG1" } }),
    ).toMatchObject({ groupId: "ig-1" });
    const refused = await command(ALI, "/loftesbot", "koppla ig-1", "C0OTHER1");
    expect((refused.json as Json).text).toContain("Bara en administratör eller gruppchefen");
    expect(await slack.core.db.prisma.channelBinding.count({ where: { channelId: "C0OTHER1" } })).toBe(0);
  });

  // in the ack body means within ACK_BUDGET_MS (2 s), inside Slack's 3 s; over it the ack would be empty
  it("/mina, /lofte and /loftesbot hjälp answer in the ack body", async () => {
    for (const [name, text] of [
      ["/mina", ""],
      ["/lofte", ""],
      ["/loftesbot", "hjälp"],
      ["/log", "ångra"],
    ]) {
      const result = await command(ANNA, name, text);
      expect(result.status, name).toBe(200);
      expect((result.json as Json)?.response_type, `${name}: the reply in the ack body`).toBe("ephemeral");
      expect((result.json as Json).blocks.length, name).toBeGreaterThan(0);
    }
  });

  // that the ack comes before the work is done is shown below, with the work held by a PostgreSQL lock
  it("a slow command (/uppfoljning) is acked empty and answered through response_url", async () => {
    const result = await command(ANNA, "/uppfoljning", "norrdal");
    expect(result.status).toBe(200);
    expect(result.text).toBe("");
    const answer = await waitFor(
      () => slack.fake.callsOf("response_url").find((c) => c.id === `cmd-${slack.seq}`),
      "the answer on response_url",
    );
    expect(answer.args.response_type).toBe("ephemeral");
    expect(String(answer.args.text)).toContain("Uppföljning Norrdals kommun");
  });

  it("in a direct message, /logga without text offers a button that opens the modal", async () => {
    const body = event("Ev0IMFORM1", {
      type: "message",
      channel_type: "im",
      channel: "D0ANNA",
      user: ANNA,
      text: "logga",
      ts: "1764000040.000100",
    });
    expect((await sendEvent(body)).status).toBe(200);
    const offered = await waitFor(
      () => slack.fake.callsOf("chat.postMessage").find((c) => c.args.channel === "D0ANNA"),
      "DM",
    );
    const open = buttons(offered.args)[0];
    expect(open.action_id).toBe("lb:open-form:0");
    const opensBefore = slack.fake.callsOf("views.open").length;
    const payload = buttonPayload(ANNA, open, "1764000040.000200", {
      container: { type: "message", message_ts: "1764000040.000200", channel_id: "D0ANNA", is_ephemeral: false },
      channel: { id: "D0ANNA", name: "directmessage" },
    });
    expect((await click(payload)).status).toBe(200);
    const opened = await waitFor(() => slack.fake.callsOf("views.open")[opensBefore], "views.open from the button");
    expect(opened.args.trigger_id).toBe(payload.trigger_id);
    expect(checkModalLimits(opened.args.view)).toEqual([]);
    expect(JSON.parse((opened.args.view as Json).private_metadata)).toMatchObject({ f: "log", c: "D0ANNA" });
  });

  it("every Block Kit payload the bot produced is within Slack's limits", async () => {
    await new Promise((r) => setTimeout(r, 100));
    const messages = [
      ...ackMessages,
      ...slack.fake.calls
        .filter((c) => ["chat.postMessage", "chat.postEphemeral", "response_url"].includes(c.method))
        .map((c) => c.args),
    ];
    expect(messages.length).toBeGreaterThan(15);
    for (const message of messages)
      expect(checkBlockKitLimits(message), JSON.stringify(message).slice(0, 300)).toEqual([]);
    const views = slack.fake.callsOf("views.open").map((c) => c.args.view);
    expect(views.length).toBeGreaterThan(0);
    for (const view of views) expect(checkModalLimits(view)).toEqual([]);
    // Bolt never waited for auth.test before acking
    expect(slack.fake.callsOf("auth.test")).toEqual([]);
  });
});

// Order, not speed: the test holds the slow command's work back with a lock on
// the table it reads (ACCESS EXCLUSIVE, taken over a second connection to the
// same PostgreSQL database) and shows that Slack's ack arrives while the work
// is waiting on that lock; the answer comes through response_url only once the
// test lets go. No wall-clock threshold: the only bound is how long the test
// waits for the ack before it calls the order broken.
describe("Slack on PostgreSQL: a slow command is acked before its work is done", async () => {
  const pgUp = await postgresAvailable();
  let fake: FakeSlack;
  let database: FreshPostgres;
  let slack: SlackService | undefined;
  let endpoint: string;

  beforeAll(async () => {
    if (!pgUp) return;
    database = await freshPostgres("loftesbot_slack_order");
    slack = await startSlackService(database.url, SECRET);
    ({ fake, endpoint } = slack);
  });

  afterAll(async () => {
    await slack?.stop();
    await database?.drop();
  });

  it.skipIf(!pgUp)(
    "/uppfoljning: Slack's ack arrives while the work is held; the answer comes after, on response_url",
    async () => {
      const databaseName = new URL(database.url).pathname.slice(1);
      const holder = new pg.Client({ connectionString: database.url });
      const watcher = new pg.Client({ connectionString: adminPgUrl });
      await holder.connect();
      await watcher.connect();
      try {
        // the follow-up cannot read the day's entries until the test commits
        await holder.query("BEGIN");
        await holder.query("LOCK TABLE activity_entry IN ACCESS EXCLUSIVE MODE");
        const sent = postSigned(
          endpoint,
          form(
            slashCommand({
              user: ANNA,
              command: "/uppfoljning",
              text: "norrdal",
              channel: CHANNEL,
              channelName: "ig-turlag-1",
              responseUrl: fake.responseUrl("held"),
              triggerId: "trigger-held",
            }),
          ),
          "application/x-www-form-urlencoded",
          { secret: SECRET },
        );
        // the work has reached the lock and waits there (so the test holds it back, rather than it being done already)
        await waitFor(
          async () => {
            const waiting = await watcher.query(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
              [databaseName],
            );
            return waiting.rows[0].n > 0;
          },
          "the follow-up's query waiting on the test's lock",
          20_000,
        );
        const heldUntilAck = await Promise.race([
          sent.then((result) => ({ result })),
          // only so that a broken order fails with a message instead of hanging: the lock never lets go by itself
          new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
        ]);
        const answeredWhileHeld = fake.callsOf("response_url").filter((c) => c.id === "held");
        await holder.query("COMMIT");
        expect(heldUntilAck, "Slack got no ack while the work was held").not.toBeNull();
        expect(heldUntilAck?.result.status).toBe(200);
        expect(heldUntilAck?.result.text).toBe("");
        expect(answeredWhileHeld).toEqual([]);
        const answer = await waitFor(
          () => fake.callsOf("response_url").find((c) => c.id === "held"),
          "the answer on response_url once the lock is let go",
          20_000,
        );
        expect(answer.args.response_type).toBe("ephemeral");
        expect(String(answer.args.text)).toContain("Uppföljning Norrdals kommun");
      } finally {
        await holder.query("ROLLBACK").catch(() => undefined);
        await holder.end();
        await watcher.end();
      }
    },
  );
});

describe("Slack off", () => {
  it("without SLACK_SIGNING_SECRET/SLACK_BOT_TOKEN there is no /slack/events, and one log line says so", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      DATABASE_URL: sqliteTestUrl("slack-off"),
      SLACK_SIGNING_SECRET: "",
      SLACK_BOT_TOKEN: "",
      LOG_LEVEL: "info",
      LOFTESBOT_ORG_FILE: "",
    });
    const core = await openCore(
      { ...config, port: 0 },
      { logger: pino({ level: "info" }, sink), platforms: "configured" },
    );
    const service = await startServer(core);
    try {
      const res = await fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", body: "{}" });
      expect(res.status).toBe(404);
      expect(lines.filter((l) => l.includes('"slack.off"'))).toHaveLength(1);
    } finally {
      await service.stop();
    }
  });
});
