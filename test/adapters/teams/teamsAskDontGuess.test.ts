// Issue 14, "ask, don't guess", through Teams: Bot Framework activities posted
// to the running service's /api/messages (local mode), the answers recorded by
// a fake connector and every card parsed by the adaptivecards package. The
// organisation is the demo one with a second Emma (Emma Holm, IG Turlag 1) and
// a daily limit of its own (maxHoursPerDay: 10). A likely duplicate and a day
// above the limit are asked with "Spara ändå"/"Avbryt" and stored only when
// pressed, once; a name without @ that fits two people and a note word naming
// another activity are asked with buttons. In a channel, where a colleague
// sees the question too, only the one who sent the line can answer it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Core } from "../../../src/app/compose.js";
import { DEMO_ORGANISATION_FILE } from "../../../src/organisation/organisationFile.js";
import {
  buttonData,
  CHANNEL_ID,
  FakeConnector,
  localTeamsForFile,
  PEOPLE,
  type Sent,
  talkTo,
  type Who,
  sentText,
  submitTitles,
} from "./support.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const EMMA_HOLM: Who = { aad: "6f1d3c2a-51b0-4c9e-8d57-0e2b9a7c4f11", name: "Emma Holm", id: "emma.holm" };
const { ali, emma, johan, oskar, sofia } = PEOPLE;

let core: Core;
let botUrl = "";
const connector = new FakeConnector();
const { say, press, inChannel } = talkTo(connector, () => botUrl);
const inIg1 = (s: Sent[number]) => s.conversationId?.startsWith(CHANNEL_ID) === true;

/** The demo organisation, with a second Emma in IG Turlag 1 and the LPO's own daily limit. */
function organisationFile(dir: string): string {
  const demo = readFileSync(DEMO_ORGANISATION_FILE, "utf8");
  const lpo = "lpo: { id: norrdal, name: LPO Norrdal }";
  const emmaLund = "  - id: emma.lund\n";
  expect(demo).toContain(lpo);
  expect(demo).toContain(emmaLund);
  const file = join(dir, "organisation.yaml");
  writeFileSync(
    file,
    demo
      .replace(lpo, "lpo: { id: norrdal, name: LPO Norrdal, maxHoursPerDay: 10 }")
      .replace(
        emmaLund,
        `  - id: emma.holm\n    name: Emma Holm\n    roles: [medarbetare]\n    groups: [ig-1]\n    teams: ${EMMA_HOLM.aad}\n${emmaLund}`,
      ),
  );
  return file;
}

localTeamsForFile(
  connector,
  { name: "teams-ask", now: NOW, env: (dir) => ({ LOFTESBOT_ORG_FILE: organisationFile(dir) }) },
  (teams) => {
    ({ core, botUrl } = teams);
  },
);

/** Everyone's entries (not undone), oldest first. */
const entries = () =>
  core.ctx.prisma.activityEntry.findMany({
    where: { undoneAt: null },
    orderBy: { createdAt: "asc" },
    include: { activity: true },
  });

/**
 * What running `run` added to the log, as [person, activity code, minutes, note], by person: told
 * by id, not by position (the clock stands still, so rows added together have one createdAt).
 */
async function added(run: () => Promise<unknown>): Promise<[string, string, number | null, string][]> {
  const before = new Set((await entries()).map((e) => e.id));
  await run();
  return (await entries())
    .filter((e) => !before.has(e.id))
    .sort((a, b) => a.personId.localeCompare(b.personId))
    .map((e) => [e.personId, e.activity.code, e.minutes, e.note]);
}

const NOT_YOURS = "Frågan gällde en kollegas rad";

describe("Teams: the one-line log asks instead of guessing", () => {
  it("a likely duplicate is asked in the channel; a colleague cannot answer it; Spara ändå stores once", async () => {
    // Ali logs for Emma with @mention …
    expect(await added(() => inChannel(ali, "logga 1,5h närvaro med <at>Emma Lund</at>", [emma]))).toEqual([
      ["ali.hassan", "L1", 90, ""],
      ["emma.lund", "L1", 90, ""],
    ]);
    // … and Emma logs the same round herself: asked, nothing stored
    let question: Sent = [];
    expect(await added(async () => ({ sent: question } = await inChannel(emma, "logga 1,5h närvaro")))).toEqual([]);
    const text = sentText(question);
    expect(text).toContain("Det här verkar redan vara loggat för idag");
    expect(text).toContain("du har redan 1 h 30 min på L1 (loggat av Ali Hassan");
    expect(text).toContain("Inget är loggat ännu.");
    expect(submitTitles(question)).toEqual(["Spara ändå", "Avbryt"]);
    const anyway = buttonData(question, "Spara ändå");
    const cancel = buttonData(question, "Avbryt");

    // Ali presses Emma's buttons: refused, nothing stored, and Emma's question still stands
    for (const data of [anyway, cancel]) {
      let answer: Sent = [];
      expect(await added(async () => (answer = await press(ali, data, "emma-question", "channel")))).toEqual([]);
      // the refusal is Ali's own: in his personal chat, and the channel is told where it went
      const [channel, own] = [answer.filter(inIg1), answer.filter((a) => !inIg1(a))];
      expect(channel.map((a) => sentText([a]))).toEqual(["Svaret skickades till dig i en privat chatt med Löftesbot."]);
      expect(sentText(own)).toContain(NOT_YOURS);
    }

    // Emma presses Spara ändå: stored once, answered in the thread
    let stored: Sent = [];
    expect(await added(async () => (stored = await press(emma, anyway, "emma-question", "channel")))).toEqual([
      ["emma.lund", "L1", 90, ""],
    ]);
    expect(stored.map((a) => a.method)).toEqual(["POST"]);
    expect(sentText(stored)).toContain("✅ 1 h 30 min på L1");

    // pressed again (the same card, and the same button from another card): nothing more
    expect(await added(() => press(emma, anyway, "emma-question", "channel"))).toEqual([]);
    let again: Sent = [];
    expect(await added(async () => (again = await press(emma, anyway, "emma-question-copy", "channel")))).toEqual([]);
    expect(sentText(again)).toContain("Den raden är redan loggad en gång");
  });

  it("Avbryt stores nothing, and Spara ändå pressed afterwards stores nothing either", async () => {
    expect(await added(() => say(sofia, "logga 2st ratta vid rondellen"))).toEqual([
      ["sofia.karlsson", "L3", null, "vid rondellen"],
    ]);
    let question: Sent = [];
    expect(await added(async () => ({ sent: question } = await say(sofia, "logga 2st ratta vid rondellen")))).toEqual(
      [],
    );
    expect(sentText(question)).toContain("Det här verkar redan vara loggat för idag");
    let cancelled: Sent = [];
    expect(
      await added(async () => (cancelled = await press(sofia, buttonData(question, "Avbryt"), "sofia-question"))),
    ).toEqual([]);
    // in a 1:1 chat the question becomes the answer: its buttons are gone
    expect(cancelled.map((a) => [a.method, a.activityId])).toEqual([["PUT", "sofia-question"]]);
    expect(sentText(cancelled)).toContain("Avbrutet – inget sparades.");
    expect(submitTitles(cancelled)).toEqual([]);

    let late: Sent = [];
    expect(
      await added(async () => (late = await press(sofia, buttonData(question, "Spara ändå"), "sofia-question"))),
    ).toEqual([]);
    expect(sentText(late)).toContain("Du avbröt den raden");
  });

  it("a day above the LPO's limit (10 h here) is asked, and Spara ändå stores it", async () => {
    expect(await added(() => say(oskar, "logga 6h närvaro kvällspass"))).toEqual([
      ["oskar.nyberg", "L1", 360, "kvällspass"],
    ]);
    // 6 h + 5 h = 11 h: under the default 12 h, above this LPO's 10 h
    let question: Sent = [];
    expect(await added(async () => ({ sent: question } = await say(oskar, "logga 5h närvaro nattpass")))).toEqual([]);
    const text = sentText(question);
    expect(text).toMatch(/11 h/);
    expect(text).toContain("10 h");
    expect(submitTitles(question)).toEqual(["Spara ändå", "Avbryt"]);
    expect(await added(() => press(oskar, buttonData(question, "Spara ändå"), "oskar-question"))).toEqual([
      ["oskar.nyberg", "L1", 300, "nattpass"],
    ]);
  });

  it("`med emma` with two Emmas is a choice; a colleague's press stores nothing, the sender's credits the one chosen", async () => {
    let question: Sent = [];
    expect(await added(async () => ({ sent: question } = await inChannel(ali, "logga 1h närvaro med emma")))).toEqual(
      [],
    );
    expect(sentText(question)).toContain('Vem menade du med "emma"?');
    expect(submitTitles(question).sort()).toEqual(["@emma.holm (Emma Holm)", "@emma.lund (Emma Lund)"]);
    const holm = buttonData(question, "@emma.holm (Emma Holm)");

    // Sofia presses Ali's button: Ali's line is not logged as Sofia's work
    let refused: Sent = [];
    expect(await added(async () => (refused = await press(sofia, holm, "ali-name-question", "channel")))).toEqual([]);
    expect(sentText(refused)).toContain(NOT_YOURS);

    expect(await added(() => press(ali, holm, "ali-name-question", "channel"))).toEqual([
      ["ali.hassan", "L1", 60, ""],
      ["emma.holm", "L1", 60, ""],
    ]);
    expect((await entries()).some((e) => e.personId === EMMA_HOLM.id)).toBe(true);
  });

  it("a note word naming another activity is a choice; a colleague's press stores nothing, the sender's stores the one chosen", async () => {
    let question: Sent = [];
    expect(
      await added(async () => ({ sent: question } = await inChannel(ali, "logga 2h L1 nykterhet vid rondellen"))),
    ).toEqual([]);
    expect(sentText(question)).toContain('"nykterhet" är också namnet på en annan aktivitet');
    const titles = submitTitles(question);
    expect(titles.map((t) => t.slice(0, 2)).sort()).toEqual(["L1", "L3"]);
    const torget = buttonData(question, /^L1 /);

    let refused: Sent = [];
    expect(await added(async () => (refused = await press(johan, torget, "ali-word-question", "channel")))).toEqual([]);
    expect(sentText(refused)).toContain(NOT_YOURS);

    expect(await added(() => press(ali, torget, "ali-word-question", "channel"))).toEqual([
      ["ali.hassan", "L1", 120, "nykterhet vid rondellen"],
    ]);
  });
});
