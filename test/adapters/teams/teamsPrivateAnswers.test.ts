// Who sees an answer asked for in a Teams channel. Slack answers every command
// ephemerally (only the person sees it); Teams has no such message in a channel
// or group chat, so an answer posted there is read by every member: a
// gruppchef's digest naming who has not logged, a person's own entries, a
// dialogue's results while it is open, a form returned with errors carrying
// what was typed. Such answers go to the person's personal chat with the bot
// and the channel gets one line saying so; a one-line log's confirmation (meant
// for the colleagues in it) stays in the channel; and a person whose personal
// chat cannot be reached gets one line saying so, and nothing of the answer.
import { beforeAll, describe, expect, it } from "vitest";
import type { Core } from "../../../src/app/compose.js";
import {
  CHANNEL_ID,
  cardOf,
  cardSubmission,
  FakeConnector,
  findElement,
  localTeamsForFile,
  PEOPLE,
  personalConversation,
  type Sent,
  sentText,
  talkTo,
} from "./support.js";
import { createPollAs } from "../../support/poll.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const { anna, ali, emma, erik } = PEOPLE;
const SECRET = "zqbaraforali";
const SENT_PRIVATELY = "Svaret skickades till dig i en privat chatt med Löftesbot.";

let core: Core;
let botUrl = "";
const connector = new FakeConnector();
const { say, press, inChannel } = talkTo(connector, () => botUrl);
localTeamsForFile(connector, { name: "teams-private-answers", now: NOW }, (teams) => {
  ({ core, botUrl } = teams);
});

const channelPart = (sent: Sent) => sent.filter((s) => s.conversationId?.startsWith(CHANNEL_ID));
const elsewhere = (sent: Sent) => sent.filter((s) => !s.conversationId?.startsWith(CHANNEL_ID));

/** The channel got exactly the one line saying where the answer went; the answer went to `conversation`. */
function wentPrivately(sent: Sent, conversation: string | RegExp): string {
  const inChannel = channelPart(sent);
  expect(
    inChannel.map((s) => sentText([s])),
    "what the channel got",
  ).toEqual([SENT_PRIVATELY]);
  const own = elsewhere(sent);
  expect(own.length).toBeGreaterThan(0);
  for (const s of own)
    if (typeof conversation === "string") expect(s.conversationId).toBe(conversation);
    else expect(s.conversationId).toMatch(conversation);
  return sentText(own);
}

let poll = "";
beforeAll(async () => {
  poll = await createPollAs(core, erik.id);
});

describe("Teams: an answer asked for in a channel", () => {
  it("a gruppchef's digest, a person's entries and a creator's results go to their personal chat only", async () => {
    // Anna has a personal chat with the bot (its reference is stored); for Ali and Erik, who never
    // wrote there, one is created
    const DIGEST = "0 av 5 i IG Turlag 1 har loggat något denna vecka.";
    expect(sentText((await say(anna, "sammanfattning")).sent)).toContain(DIGEST);

    const digest = (await inChannel(anna, "sammanfattning")).sent;
    expect(sentText(channelPart(digest))).not.toContain(DIGEST);
    expect(wentPrivately(digest, personalConversation(anna))).toContain(DIGEST);

    const mine = (await inChannel(ali, "mina")).sent;
    const own = wentPrivately(mine, /^a:fake-chat-/);
    expect(own).toContain("Min loggning");
    expect(sentText(channelPart(mine))).not.toContain("Min loggning");

    const results = (await inChannel(erik, `dialog resultat ${poll}`)).sent;
    const shown = wentPrivately(results, /^a:fake-chat-/);
    expect(shown).toContain("Trygghet i centrum");
    expect(sentText(channelPart(results))).not.toContain("Trygghet i centrum");
  });

  it("a form submitted with errors in the channel: what was typed goes back to the person only", async () => {
    const form = (await say(ali, `dialog svara ${poll}`)).sent.find((s) => sentText([s]).includes("Vad borde vi"));
    expect(form).toBeDefined();
    // the scale question left out: refused, the form comes back with his free text in it
    const data = cardSubmission(cardOf(form!.body), { q1: `${SECRET}: mer ljus i parken` });
    const sent = await press(ali, data, "form-in-channel", "channel");
    expect(sentText(channelPart(sent))).not.toContain(SECRET);
    // his own chat now has a stored reference (he wrote there above): it is used
    expect(wentPrivately(sent, personalConversation(ali))).toContain(SECRET);
    expect(await core.ctx.prisma.pollAnswer.count()).toBe(0);
  });

  it("a one-line log in the channel is confirmed in the channel", async () => {
    const { sent } = await inChannel(emma, "logga 2h närvaro");
    expect(sent.length).toBeGreaterThan(0);
    for (const s of sent) expect(s.conversationId).toMatch(/^19:ig1kanal/);
    expect(sentText(sent)).toContain("✅ 2 h på L1 Ökad polisiär närvaro på Torget");
  });

  it("a one-line log's question, and the answer to its button, stay in the channel", async () => {
    const { sent } = await inChannel(erik, "logga 1st vandring");
    expect(sent.map((s) => s.conversationId?.startsWith(CHANNEL_ID))).toEqual([true]);
    const choices = findElement(cardOf(sent[0].body), (o) => o.type === "Action.Submit");
    expect(choices).toHaveLength(2);
    const chosen = await press(erik, choices[1].data as Record<string, unknown>, "question-card", "channel");
    expect(chosen.map((s) => s.conversationId?.startsWith(CHANNEL_ID))).toEqual([true]);
    expect(sentText(chosen)).toContain("✅ 1 tillfälle på L4");
  });

  it("an answer of several messages that reaches the personal chat only in part is said to have come in part", async () => {
    // Anna's chat with the bot is stored; her answer form is a text and a form card, and the second is refused
    const personal = encodeURIComponent(personalConversation(anna));
    connector.failures.push({
      status: 403,
      after: 1,
      match: new RegExp(`^POST /v3/conversations/${personal}/activities`),
    });
    const { sent } = await inChannel(anna, `dialog svara ${poll}`);
    const inTheChannel = sent.filter((s) => s.conversationId?.startsWith(CHANNEL_ID));
    expect(sentText(inTheChannel)).toBe(
      "Bara en del av svaret kom fram i din privata chatt med Löftesbot. Skriv kommandot där för att få hela.",
    );
    // the first message did arrive there
    expect(sent.filter((s) => s.conversationId === personalConversation(anna)).length).toBeGreaterThan(0);
  });

  it("a person whose personal chat cannot be reached gets one line saying so, and nothing of the answer", async () => {
    // Oskar never wrote to the bot in a personal chat, and Teams refuses to open one
    connector.failures.push({ status: 403, match: /^POST \/v3\/conversations$/ });
    const { sent } = await inChannel(PEOPLE.oskar, "mina");
    expect(sent.map((s) => s.conversationId?.startsWith(CHANNEL_ID))).toEqual([true]);
    expect(sentText(sent)).toBe(
      "Svaret kunde inte skickas till dig privat, och här i kanalen visas det inte. Skriv till Löftesbot i en personlig chatt och fråga igen där.",
    );
  });
});
