// "Spara utan …" through Teams: Bot Framework activities posted to the
// running service's /api/messages (local mode), the answers recorded by a
// fake connector and every card parsed by the adaptivecards package. Anna
// logged her own round; Ali logs the same round with Anna and Emma in the IG
// channel: the question card has three buttons, Emma's press of Ali's
// "Spara utan Anna Berg" is refused, Ali's stores the line for Ali and Emma
// only, once — and a forged Action.Submit leaving out Emma (who has nothing
// logged) stores nothing and says why.
import { describe, expect, it } from "vitest";
import type { Core } from "../../../src/app/compose.js";
import {
  buttonData,
  FakeConnector,
  PEOPLE,
  type Sent,
  talkTo,
  sentText,
  submitTitles,
  localTeamsForFile,
} from "./support.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const { anna, ali, emma } = PEOPLE;

let core: Core;
let botUrl = "";
const connector = new FakeConnector();
const { say, press, inChannel } = talkTo(connector, () => botUrl);

localTeamsForFile(connector, { name: "teams-spara-utan", now: NOW }, (teams) => {
  ({ core, botUrl } = teams);
});

/** What running `run` added to the log (not undone), as [person, logged by, primary, minutes]; by id (the clock stands still). */
async function added(run: () => Promise<unknown>): Promise<[string, string, boolean, number | null][]> {
  const all = () => core.ctx.prisma.activityEntry.findMany({ where: { undoneAt: null } });
  const before = new Set((await all()).map((e) => e.id));
  await run();
  return (await all())
    .filter((e) => !before.has(e.id))
    .map((e): [string, string, boolean, number | null] => [e.personId, e.loggedById, e.primary, e.minutes])
    .sort();
}

describe("Teams: 'Spara utan …'", () => {
  it("the question card offers it; a colleague's press is refused; the sender's stores the others only, once", async () => {
    expect(await added(() => say(anna, "logga 2h närvaro"))).toEqual([["anna.berg", "anna.berg", true, 120]]);
    let question: Sent = [];
    const line = "logga 2h närvaro med <at>Anna Berg</at> <at>Emma Lund</at>";
    expect(await added(async () => ({ sent: question } = await inChannel(ali, line, [anna, emma])))).toEqual([]);
    const text = sentText(question);
    expect(text).toContain("Det gäller Anna Berg, inte dig och Emma Lund.");
    expect(text).toContain("Inget är loggat ännu.");
    expect(submitTitles(question)).toEqual(["Spara ändå", "Spara utan Anna Berg", "Avbryt"]);
    const without = buttonData(question, "Spara utan Anna Berg");

    // Emma is in the line, but the question is Ali's: refused, nothing stored
    let refused: Sent = [];
    expect(await added(async () => (refused = await press(emma, without, "ali-question", "channel")))).toEqual([]);
    expect(sentText(refused)).toContain("Frågan gällde en kollegas rad");

    let stored: Sent = [];
    expect(await added(async () => (stored = await press(ali, without, "ali-question", "channel")))).toEqual([
      ["ali.hassan", "ali.hassan", false, 120],
      ["emma.lund", "ali.hassan", false, 120],
    ]);
    expect(sentText(stored)).toContain("även för Emma Lund.");
    expect(sentText(stored)).toContain("Inget sparades igen för Anna Berg – det var redan loggat.");
    // pressed again, and the question's other button: nothing more
    expect(await added(() => press(ali, without, "ali-question", "channel"))).toEqual([]);
    expect(await added(() => press(ali, buttonData(question, "Spara ändå"), "ali-question", "channel"))).toEqual([]);
  });

  it("a forged Action.Submit leaving out Emma, who has nothing logged, stores nothing and says so", async () => {
    await say(anna, "logga 1st hastighet");
    const { sent: question } = await inChannel(ali, "logga 1st hastighet med <at>Anna Berg</at> <at>Emma Lund</at>", [
      anna,
      emma,
    ]);
    const data = buttonData(question, "Spara utan Anna Berg");
    // the button's data as the card holds it, with its value's `w` rewritten by the client
    const [key, raw] = Object.entries(data).find(([, v]) => typeof v === "string" && v.includes('"w"')) as [
      string,
      string,
    ];
    const forged = {
      ...data,
      [key]: JSON.stringify({
        ...JSON.parse(raw),
        w: [
          [0, "anna.berg"],
          [0, "emma.lund"],
        ],
      }),
    };
    let answer: Sent = [];
    expect(await added(async () => (answer = await press(ali, forged, "ali-question-2", "channel")))).toEqual([]);
    expect(sentText(answer)).toContain("Inget är loggat på L2");
    expect(sentText(answer)).toContain("för Emma Lund");
    expect(sentText(answer)).not.toContain("det var redan loggat");
  });
});
