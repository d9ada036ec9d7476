// Teams end to end over HTTP: Bot Framework activities posted to /api/messages
// of the real service (local mode, LOFTESBOT_TEAMS_LOCAL=1: loopback only),
// replies recorded by a fake connector.
import { describe, expect, it } from "vitest";
import type { Core } from "../../../src/app/compose.js";
import {
  BOT_ID,
  botMention,
  CHANNEL_ID,
  cardOf,
  cardText,
  checkSentActivity,
  FakeConnector,
  buttonData,
  findElement,
  localTeamsForFile,
  message,
  PEOPLE,
  personalConversation,
  personMention,
  post,
  TENANT,
  talkTo,
  type Who,
} from "./support.js";

const NOW = new Date("2026-11-25T09:00:00Z");

let core: Core;
let botUrl: string;
const connector = new FakeConnector();
// every activity the bot sent in this file passes the card checks (in afterAll)
localTeamsForFile(connector, { name: "teams", now: NOW }, (teams) => {
  ({ core, botUrl } = teams);
});

const entries = (who: Who) => core.ctx.prisma.activityEntry.count({ where: { personId: who.id, undoneAt: null } });

const { say, press } = talkTo(connector, () => botUrl);

describe("Teams messages", () => {
  it("logs a one-liner in personal chat, answers with a card in the same conversation", async () => {
    const before = await entries(PEOPLE.ali);
    const { sent } = await say(PEOPLE.ali, "logga 1,5h närvaro");
    expect(await entries(PEOPLE.ali)).toBe(before + 1);
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe("POST");
    expect(sent[0].conversationId).toBe(personalConversation(PEOPLE.ali));
    const card = cardOf(sent[0].body);
    expect(cardText(card)).toContain("✅ 1 h 30 min på L1");
    expect(cardText(card)).toContain("Ångra");
    expect(sent[0].body.summary).toMatch(/^✅ 1 h 30 min på L1/);
    // the progress bar comes with its text alternative
    expect(findElement(card, (o) => o.type === "ColumnSet")).toHaveLength(1);
    expect(cardText(card)).toMatch(/denna vecka: IG Turlag 1: .*hela LPO/);
  });

  it("accepts a leading slash and Swedish spellings", async () => {
    const before = await entries(PEOPLE.ali);
    const { sent } = await say(PEOPLE.ali, "/logga 3h närvaro");
    expect(await entries(PEOPLE.ali)).toBe(before + 1);
    expect(cardText(cardOf(sent[0].body))).toContain("✅ 3 h på L1");

    const promises = await say(PEOPLE.ali, "/löfte");
    expect(cardText(cardOf(promises.sent[0].body))).toContain("Medborgarlöfte Norrdal 2026");
    const mine = await say(PEOPLE.ali, "Mina");
    expect(cardText(cardOf(mine.sent[0].body))).toContain("Min loggning");
    const helpReply = await say(PEOPLE.ali, "hjälp");
    expect(cardText(cardOf(helpReply.sent[0].body))).toContain("Löftesbot – hjälp");
    const followUp = await say(PEOPLE.ali, "uppföljning norrdal");
    expect(cardText(cardOf(followUp.sent[0].body))).not.toContain("förstod inte");
  });

  it("logs when @mentioned in a channel, and answers in the thread", async () => {
    const before = await entries(PEOPLE.ali);
    const { sent, activity } = await say(PEOPLE.ali, "<at>Löftesbot</at> logga 2h närvaro kvällsrunda", {
      where: "channel",
      entities: [botMention()],
    });
    expect(await entries(PEOPLE.ali)).toBe(before + 1);
    expect(sent).toHaveLength(1);
    expect(sent[0].conversationId).toBe((activity.conversation as { id: string }).id);
    expect(cardText(cardOf(sent[0].body))).toContain("✅ 2 h på L1");
  });

  it("resolves people @mentioned after med, from the mention entity or by asking Teams", async () => {
    const ali = await entries(PEOPLE.ali);
    const emma = await entries(PEOPLE.emma);
    const { sent } = await say(PEOPLE.ali, "<at>Löftesbot</at> logga 1h närvaro med <at>Emma Lund</at> vid torget", {
      where: "channel",
      entities: [botMention(), personMention(PEOPLE.emma)],
    });
    expect(cardText(cardOf(sent[0].body))).toContain("även för Emma Lund");
    expect(await entries(PEOPLE.ali)).toBe(ali + 1);
    expect(await entries(PEOPLE.emma)).toBe(emma + 1);

    // a mention without aadObjectId: the member is looked up through the connector
    connector.members.set(`29:${PEOPLE.oskar.aad}`, {
      id: `29:${PEOPLE.oskar.aad}`,
      name: "Oskar N",
      aadObjectId: PEOPLE.oskar.aad,
    });
    const oskar = await entries(PEOPLE.oskar);
    const second = await say(PEOPLE.ali, "logga 40 min närvaro med <at>Oskar N</at>", {
      entities: [{ ...personMention(PEOPLE.oskar, false), text: "<at>Oskar N</at>" }],
    });
    expect(cardText(cardOf(second.sent[0].body))).toContain("även för Oskar Nyberg");
    expect(await entries(PEOPLE.oskar)).toBe(oskar + 1);
  });

  it("returns the replies in the HTTP body with deliveryMode expectReplies", async () => {
    const before = await entries(PEOPLE.sofia);
    const mark = connector.mark();
    const response = await post(
      botUrl,
      message({
        who: PEOPLE.sofia,
        text: "logga 45 min närvaro",
        deliveryMode: "expectReplies",
        serviceUrl: connector.url,
      }),
    );
    expect(response.status).toBe(200);
    const body = JSON.parse(response.body) as { activities: Record<string, unknown>[] };
    expect(body.activities).toHaveLength(1);
    checkSentActivity(body.activities[0]);
    expect(cardText(cardOf(body.activities[0]))).toContain("✅ 45 min på L1");
    expect(connector.sent(mark)).toHaveLength(0);
    expect(await entries(PEOPLE.sofia)).toBe(before + 1);
  });

  it("tells an unknown user they are not registered and stores nothing", async () => {
    const before = await core.ctx.prisma.activityEntry.count();
    const { sent } = await say(PEOPLE.stranger, "logga 2h närvaro");
    expect(cardText(cardOf(sent[0].body))).toContain("Du finns inte i Löftesbots organisation");
    expect(await core.ctx.prisma.activityEntry.count()).toBe(before);
  });

  it("stores a repeated activity id once", async () => {
    const before = await entries(PEOPLE.ali);
    const activity = message({ who: PEOPLE.ali, text: "logga 20 min närvaro", serviceUrl: connector.url });
    const mark = connector.mark();
    expect((await post(botUrl, activity)).status).toBe(200);
    expect((await post(botUrl, activity)).status).toBe(200);
    expect(await entries(PEOPLE.ali)).toBe(before + 1);
    const sent = connector.sent(mark);
    expect(sent).toHaveLength(2);
    expect(cardText(cardOf(sent[1].body))).toBe(cardText(cardOf(sent[0].body)));
  });

  it("opens the log form for `logga` without text; a refused submit shows the error in the card", async () => {
    const { sent } = await say(PEOPLE.emma, "logga");
    expect(sent).toHaveLength(1);
    const form = cardOf(sent[0].body);
    const inputs = findElement(form, (o) => String(o.type).startsWith("Input."));
    expect(inputs.map((i) => i.type)).toEqual([
      "Input.ChoiceSet",
      "Input.Date",
      "Input.Text",
      "Input.Number",
      "Input.ChoiceSet",
      "Input.Text",
    ]);
    expect(inputs[0]).toMatchObject({ isRequired: true, label: "Aktivitet" });
    expect(inputs[4]).toMatchObject({ isMultiSelect: true });
    expect(inputs[5]).toMatchObject({ isMultiline: true, maxLength: 500 });
    const submit = (form.actions ?? [])[0] as { data: Record<string, unknown>; title: string };
    expect(submit.title).toBe("Spara");
    const activityChoice = (inputs[0].choices as { title: string; value: string }[]).find((c) =>
      c.title.startsWith("L1 "),
    )!;

    // L1 is measured in hours: without a duration nothing is stored and the card says why
    const before = await entries(PEOPLE.emma);
    const refused = await press(
      PEOPLE.emma,
      { ...submit.data, f_activity: activityChoice.value, f_day: "2026-11-25", f_duration: "", f_note: "" },
      (sent[0].body.id as string) ?? "form-card-1",
    );
    expect(await entries(PEOPLE.emma)).toBe(before);
    expect(refused).toHaveLength(1);
    expect(refused[0].method).toBe("PUT");
    const errorCard = cardOf(refused[0].body);
    // the error has examples (`1,5h`): Attention runs, the examples monospace, no backticks shown
    const attention = findElement(errorCard, (o) => o.type === "TextRun" && o.color === "Attention");
    expect(attention.length).toBeGreaterThan(0);
    const shown = attention.map((r) => String(r.text)).join("");
    expect(shown).toMatch(/tid|timmar/i);
    expect(shown).not.toContain("`");
    expect(attention.filter((r) => r.fontType === "Monospace").map((r) => r.text)).toContain("1,5h");
    // the values given are kept in the card
    expect(findElement(errorCard, (o) => o.id === "f_activity")[0].value).toBe(activityChoice.value);
  });

  it("stores a valid form submission once, even when the card is submitted twice", async () => {
    const { sent } = await say(PEOPLE.emma, "/logga");
    const form = cardOf(sent[0].body);
    const submit = (form.actions ?? [])[0] as { data: Record<string, unknown> };
    const choice = findElement(form, (o) => o.id === "f_activity")[0].choices as { title: string; value: string }[];
    const l1 = choice.find((c) => c.title.startsWith("L1 "))!;
    const values = {
      ...submit.data,
      f_activity: l1.value,
      f_day: "2026-11-24",
      f_duration: "1,5h",
      f_count: "",
      f_others: `${PEOPLE.sofia.id}`,
      f_note: "vid torget",
    };
    const emma = await entries(PEOPLE.emma);
    const sofia = await entries(PEOPLE.sofia);
    const first = await press(PEOPLE.emma, values, "form-card-2");
    expect(await entries(PEOPLE.emma)).toBe(emma + 1);
    expect(await entries(PEOPLE.sofia)).toBe(sofia + 1);
    expect(first[0].method).toBe("PUT");
    expect(first[0].activityId).toBe("form-card-2");
    expect(cardText(cardOf(first[0].body))).toMatch(/✅ 1 h 30 min på L1 .*igår.*även för Sofia Karlsson/s);

    const second = await press(PEOPLE.emma, values, "form-card-2");
    expect(await entries(PEOPLE.emma)).toBe(emma + 1);
    expect(await entries(PEOPLE.sofia)).toBe(sofia + 1);
    expect(cardText(cardOf(second[0].body))).toBe(cardText(cardOf(first[0].body)));
  });

  it("undoes with the Ångra button", async () => {
    const { sent } = await say(PEOPLE.oskar, "logga 3h närvaro");
    const before = await entries(PEOPLE.oskar);
    const data = buttonData(sent, "Ångra");
    expect(data).toMatchObject({ lb: "action", id: "undo" });
    const undone = await press(PEOPLE.oskar, data, "confirmation-1");
    expect(await entries(PEOPLE.oskar)).toBe(before - 1);
    // the confirmation card is replaced by the answer: its Ångra button is gone
    expect(undone).toHaveLength(1);
    expect(undone[0]).toMatchObject({ method: "PUT", activityId: "confirmation-1" });
    expect(cardText(cardOf(undone[0].body))).toContain("↩️ Ångrat: 3 h på L1");
    expect(JSON.stringify(undone[0].body)).not.toContain('"id":"undo"');

    // pressed twice: undone once, the same answer again
    const again = await press(PEOPLE.oskar, data, "confirmation-1");
    expect(await entries(PEOPLE.oskar)).toBe(before - 1);
    expect(cardText(cardOf(again[0].body))).toBe(cardText(cardOf(undone[0].body)));
  });

  it("answers a button that does not finish its card with a new message in a 1:1 chat, leaving the card whole", async () => {
    // the weekly reminder's "Logga" button, as rendered (no `fin`): the reminder stays, the form comes as a new message
    const reminderButton = { lb: "action", id: "open-form", value: "logga" };
    const opened = await press(PEOPLE.oskar, reminderButton, "reminder-card");
    expect(opened.map((c) => c.method)).toEqual(["POST"]);
    expect(findElement(cardOf(opened[0].body), (o) => String(o.type).startsWith("Input.")).length).toBeGreaterThan(0);
    // the finishing ones say so in their data
    const { sent } = await say(PEOPLE.oskar, "logga 2h närvaro");
    expect(buttonData(sent, "Ångra")).toMatchObject({ fin: 1 });
  });

  it("answers a button in a channel with a new message, leaving the card alone", async () => {
    const { sent } = await say(PEOPLE.ali, "<at>Löftesbot</at> logga 7 min närvaro", {
      where: "channel",
      entities: [botMention()],
    });
    const ali = await entries(PEOPLE.ali);
    // Emma presses Ali's Ångra: refused, and Ali's confirmation stays as it was
    const refused = await press(PEOPLE.emma, buttonData(sent, "Ångra"), "ali-card", "channel");
    expect(await entries(PEOPLE.ali)).toBe(ali);
    // her refusal is hers: in her personal chat, and the channel only says where it went
    expect(refused.map((c) => c.method)).toEqual(["POST", "POST"]);
    const [inChannel] = refused.filter((c) => c.conversationId?.startsWith(CHANNEL_ID));
    expect(cardText(cardOf(inChannel.body))).toBe("Svaret skickades till dig i en privat chatt med Löftesbot.");
    expect(refused.filter((c) => !c.conversationId?.startsWith(CHANNEL_ID)).map((c) => c.conversationId)).toEqual([
      personalConversation(PEOPLE.emma),
    ]);
    // Ali presses it: undone, answered in the thread
    const undone = await press(PEOPLE.ali, buttonData(sent, "Ångra"), "ali-card", "channel");
    expect(await entries(PEOPLE.ali)).toBe(ali - 1);
    expect(undone.map((c) => c.method)).toEqual(["POST"]);
    expect(cardText(cardOf(undone[0].body))).toContain("↩️ Ångrat: 7 min på L1");
  });

  it("sends a new message when the pressed card cannot be updated", async () => {
    const { sent } = await say(PEOPLE.oskar, "logga 25 min närvaro");
    const before = await entries(PEOPLE.oskar);
    connector.failures.push({ status: 404, match: /^PUT / });
    const undone = await press(PEOPLE.oskar, buttonData(sent, "Ångra"), "gone-card");
    expect(await entries(PEOPLE.oskar)).toBe(before - 1);
    expect(undone.map((c) => c.method)).toEqual(["PUT", "POST"]);
    expect(cardText(cardOf(undone[1].body))).toContain("↩️ Ångrat: 25 min på L1");
  });

  it("asks which activity when a line is ambiguous, and stores the one chosen", async () => {
    const before = await entries(PEOPLE.erik);
    const { sent } = await say(PEOPLE.erik, "logga 1st vandring");
    expect(await entries(PEOPLE.erik)).toBe(before);
    const card = cardOf(sent[0].body);
    const buttons = findElement(card, (o) => o.type === "Action.Submit");
    expect(buttons).toHaveLength(2);
    const chosen = await press(PEOPLE.erik, buttons[1].data as Record<string, unknown>, "choice-card");
    expect(await entries(PEOPLE.erik)).toBe(before + 1);
    expect(chosen[0]).toMatchObject({ method: "PUT", activityId: "choice-card" });
    expect(cardText(cardOf(chosen[0].body))).toContain("✅ 1 tillfälle på L4");
  });

  it("binds a channel to a group with `loftesbot koppla`", async () => {
    const { sent } = await say(PEOPLE.anna, "<at>Löftesbot</at> loftesbot koppla ig-1", {
      where: "channel",
      entities: [botMention()],
    });
    expect(cardText(cardOf(sent[0].body))).toContain("kopplad till IG Turlag 1");
    const binding = await core.ctx.prisma.channelBinding.findUnique({
      where: { platform_channelId: { platform: "teams", channelId: CHANNEL_ID } },
    });
    expect(binding?.groupId).toBe("ig-1");
  });

  it("stores the conversation reference on install and on every message", async () => {
    const conversationId = "19:nytt-team@thread.tacv2";
    const mark = connector.mark();
    const update = {
      type: "conversationUpdate",
      id: "install-1",
      channelId: "msteams",
      serviceUrl: connector.url,
      from: { id: `29:${PEOPLE.anna.aad}`, aadObjectId: PEOPLE.anna.aad },
      recipient: { id: BOT_ID, name: "Löftesbot" },
      conversation: { id: conversationId, conversationType: "channel", isGroup: true, tenantId: TENANT },
      membersAdded: [{ id: BOT_ID }],
      channelData: { tenant: { id: TENANT }, team: { id: conversationId }, eventType: "teamMemberAdded" },
    };
    expect((await post(botUrl, update)).status).toBe(200);
    const row = await core.ctx.prisma.conversationRef.findUnique({
      where: { platform_conversationId: { platform: "teams", conversationId } },
    });
    expect(row).toMatchObject({ kind: "channel", tenantId: TENANT, serviceUrl: connector.url, personId: null });
    expect(JSON.parse(row!.reference)).toMatchObject({ conversation: { id: conversationId }, bot: { id: BOT_ID } });
    // a welcome (the help) in the new team
    const welcome = connector.sent(mark);
    expect(welcome).toHaveLength(1);
    expect(cardText(cardOf(welcome[0].body))).toContain("Löftesbot – hjälp");

    // installed for a person: their 1:1 chat is stored with the person
    const install = {
      type: "installationUpdate",
      action: "add",
      id: "install-2",
      channelId: "msteams",
      serviceUrl: connector.url,
      from: { id: `29:${PEOPLE.johan.aad}`, aadObjectId: PEOPLE.johan.aad },
      recipient: { id: BOT_ID, name: "Löftesbot" },
      conversation: { id: personalConversation(PEOPLE.johan), conversationType: "personal", tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    };
    expect((await post(botUrl, install)).status).toBe(200);
    const personal = await core.ctx.prisma.conversationRef.findUnique({
      where: { platform_conversationId: { platform: "teams", conversationId: personalConversation(PEOPLE.johan) } },
    });
    expect(personal).toMatchObject({ kind: "personal", personId: PEOPLE.johan.id });

    // every message refreshes it: Ali's personal chat and the channel (without the thread's message id)
    const aliRef = await core.ctx.prisma.conversationRef.findUnique({
      where: { platform_conversationId: { platform: "teams", conversationId: personalConversation(PEOPLE.ali) } },
    });
    expect(aliRef?.personId).toBe(PEOPLE.ali.id);
    const channelRef = await core.ctx.prisma.conversationRef.findUnique({
      where: { platform_conversationId: { platform: "teams", conversationId: CHANNEL_ID } },
    });
    expect(channelRef?.kind).toBe("channel");

    // removed from the team: the reference goes
    const removed = { ...update, id: "remove-1", membersAdded: undefined, membersRemoved: [{ id: BOT_ID }] };
    expect((await post(botUrl, removed)).status).toBe(200);
    expect(await core.ctx.prisma.conversationRef.count({ where: { platform: "teams", conversationId } })).toBe(0);
  });

  it("answers a mention of the bot alone with the help", async () => {
    const { sent } = await say(PEOPLE.ali, "<at>Löftesbot</at>", { where: "channel", entities: [botMention()] });
    expect(cardText(cardOf(sent[0].body))).toContain("Löftesbot – hjälp");
  });

  it("answers an over-long message with the limit and an example, stores nothing; 200 KB too, /healthz meanwhile", async () => {
    const before = await core.ctx.prisma.activityEntry.count();
    const { sent } = await say(PEOPLE.ali, `logga 1h närvaro ${"lugnt på torget ".repeat(320)}`);
    const text = cardText(cardOf(sent[0].body));
    expect(text).toMatch(/för långt \(5[\s\d]+ tecken\)/);
    expect(text).toMatch(/högst 4\s000 tecken/);
    expect(text).toContain("/logga 1,5h närvaro Torget");
    expect(text).toContain("Inget sparades");

    // 200 KB that were quadratic for the adapter's reading of a message: answered with the limit, and
    // /healthz answers meanwhile. How long commandText takes on such lines: bench/parser.ts (teams: rows).
    for (const filler of [",", "<", "<at>x ", "&amp"]) {
      const [reply, health] = await Promise.all([
        say(PEOPLE.ali, `logga 1h närvaro ${filler.repeat(Math.ceil(200_000 / filler.length))}x`),
        new Promise((r) => setTimeout(r, 20)).then(() => fetch(`${botUrl}/healthz`)),
      ]);
      expect(health.status).toBe(200);
      const answer = cardText(cardOf(reply.sent[0].body));
      expect(answer, filler).toMatch(/högst 4\s000 tecken/);
      expect(answer, filler).toContain("Inget sparades");
    }
    expect(await core.ctx.prisma.activityEntry.count()).toBe(before);
  });

  it("fails a turn whose activity has no sender id: nothing stored, the person is asked to try again", async () => {
    const before = await entries(PEOPLE.ali);
    const activity = message({ who: PEOPLE.ali, text: "logga 1h närvaro", serviceUrl: connector.url });
    const mark = connector.mark();
    // the Entra id alone would name Ali; without `from.id` the turn is no one's
    const response = await post(botUrl, { ...activity, from: { aadObjectId: PEOPLE.ali.aad } });
    expect(response.status).toBeLessThan(300);
    expect(await entries(PEOPLE.ali)).toBe(before);
    const sent = connector.sent(mark);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0].body)).toContain("försök igen om en stund");
  });

  it("refuses malformed requests", async () => {
    expect((await post(botUrl, "{not json")).status).toBe(400);
    expect((await post(botUrl, "[1,2]")).status).toBe(400);
    expect((await post(botUrl, { text: "no type" })).status).toBe(400);
    const get = await fetch(`${botUrl}/api/messages`);
    expect(get.status).toBe(405);
  });
});
