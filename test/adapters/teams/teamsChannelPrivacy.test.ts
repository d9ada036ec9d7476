// A person's own answer to an anonymous dialogue, asked for in a Teams channel:
// Teams has no message only the sender sees, so an answer posted there is read
// by every member (the answer form now goes to the person's personal chat:
// teamsPrivateAnswers.test.ts). The invitation promises "ingen i chatten …
// kan se vad just du har svarat"; `/dialog svara <id>` in the channel used to
// post the answer form pre-filled with the person's earlier answer (their
// free text and choices) for the whole channel. Now the channel hears only
// where the form went, and the form, in his personal chat, shows his answer.
import { describe, expect, it } from "vitest";
import type { Core } from "../../../src/app/compose.js";
import { POLL_ANSWER_FORM } from "../../../src/features/dialog/forms.js";
import { FakeConnector, localTeamsForFile, PEOPLE, personalConversation, sentText, talkTo } from "./support.js";
import { createPollAs } from "../../support/poll.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const { ali } = PEOPLE;
const SECRET = "zqbaraforali";

let core: Core;
let botUrl = "";
const connector = new FakeConnector();
const { say, inChannel } = talkTo(connector, () => botUrl);
localTeamsForFile(connector, { name: "teams-channel-privacy", now: NOW }, (teams) => {
  ({ core, botUrl } = teams);
});

describe("an anonymous dialogue's own answers, asked for in a Teams channel", () => {
  it("are never posted to the channel", async () => {
    const poll = { id: await createPollAs(core, "erik.johansson") };
    const answered = await core.bot.submitForm({
      platform: "console",
      userId: ali.id,
      formId: POLL_ANSWER_FORM,
      state: poll.id,
      values: { q0: "2", q1: `${SECRET}: mer ljus i parken` },
    });
    expect(answered.kind).toBe("done");

    // the control: in his own chat with the bot, the form shows his answer (the probe can see it)
    const own = await say(ali, `dialog svara ${poll.id}`);
    expect(sentText(own.sent)).toContain(SECRET);

    const { sent } = await inChannel(ali, `dialog svara ${poll.id}`);
    // the channel only hears where the form went: his personal chat
    const inTheChannel = sent.filter((s) => /^19:ig1kanal/.test(s.conversationId ?? ""));
    expect(sentText(inTheChannel)).toBe("Svaret skickades till dig i en privat chatt med Löftesbot.");
    const form = sent.filter((s) => !/^19:ig1kanal/.test(s.conversationId ?? ""));
    expect(form.map((s) => s.conversationId)).toEqual(form.map(() => personalConversation(ali)));
    expect(sentText(inTheChannel), "his free text was posted to the channel").not.toContain(SECRET);
    // the form went to his personal chat, which only he reads: there it shows his answer, as it says
    expect(sentText(form)).toContain(SECRET);
    expect(sentText(form)).toContain("Du har redan svarat: formuläret visar ditt svar");
    expect(sentText(form)).not.toContain("i kanalen");
  });
});
