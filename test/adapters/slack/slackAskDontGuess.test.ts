// Issue 14, "ask, don't guess", through Slack: signed slash commands and
// button presses over HTTP against the running service (demo organisation),
// a local fake of Slack's Web API. Future days in words are refused, a time
// range is a duration, another kommun's alias is asked about, a name without
// @ is credited or asked about, a line with several activities keeps
// every part when a button settles the unclear one, and a likely duplicate of
// some of the line's people is stored for the others with "Spara utan …".
import { describe, expect, it } from "vitest";
import { checkBlockKitLimits, interaction, type PostResult, slackForTests, waitFor } from "./support.js";

const SECRET = "c0ffee231b10e8888abcd99yyyzzz85a5";
const ANNA = "U0DEMO005"; // gruppchef IG 1
const ALI = "U0DEMO006"; // medarbetare IG 1: Norrdal's activities only
const EMMA = "U0DEMO007"; // medarbetare IG 1
const SARA = "U0DEMO015"; // gruppchef IG 3: "hastighet" is Norrdal L2 and Åsby L3
const CHANNEL = "C0DEMOIG1";

// biome-ignore lint/suspicious/noExplicitAny: Slack JSON
type Json = any;

describe("Slack: the one-line log asks instead of guessing", () => {
  const slack = slackForTests("slack-ask", SECRET, { id: CHANNEL, name: "ig-turlag-1" });

  const entries = () =>
    slack.core.db.prisma.activityEntry.findMany({
      where: { undoneAt: null },
      orderBy: { createdAt: "asc" },
      include: { activity: true },
    });

  const command = (user: string, text: string): Promise<PostResult> => slack.command(user, "/logga", text);

  /** Presses a button of an ephemeral answer; the answer comes through response_url. */
  async function press(user: string, button: Json): Promise<Json> {
    const payload = slack.buttonPayload(user, button, "1700000000.000100");
    const id = `btn-${slack.seq}`;
    const result = await slack.post(interaction(payload));
    expect(result.status).toBe(200);
    return (await waitFor(() => slack.fake.callsOf("response_url").find((c) => c.id === id), "response_url")).args;
  }

  const buttons = (message: Json): Json[] =>
    (message.blocks ?? []).filter((b: Json) => b.type === "actions").flatMap((b: Json) => b.elements);

  /** what running `run` added to the log */
  const added = async (run: () => Promise<unknown>) => {
    const before = (await entries()).length;
    await run();
    return (await entries()).slice(before);
  };

  it("`imorgon` and `i morgon` are refused like future dates, with an example; nothing stored", async () => {
    for (const line of ["1h närvaro imorgon", "1h närvaro i morgon"]) {
      let result = {} as PostResult;
      expect(await added(async () => (result = await command(ALI, line)))).toEqual([]);
      expect((result.json as Json).text, line).toContain("ligger i framtiden");
      expect((result.json as Json).text, line).toContain("Inget sparades");
    }
  });

  it("`kl 14-16` and `22-02` are stored as 2 h and 4 h", async () => {
    const rows = await added(async () => {
      await command(ALI, "närvaro kl 14-16");
      await command(ALI, "närvaro 22-02");
    });
    expect(rows.map((r) => [r.activity.code, r.minutes, r.note])).toEqual([
      ["L1", 120, ""],
      ["L1", 240, ""],
    ]);
  });

  it("another kommun's alias is asked about, and the button stores the chosen activity", async () => {
    let result = {} as PostResult;
    expect(await added(async () => (result = await command(ALI, "1h närvaro resecentrum")))).toEqual([]);
    const body = result.json as Json;
    expect(body.text).toContain("resecentrum");
    expect(body.text).toContain("Åsby kommun");
    expect(checkBlockKitLimits(body)).toEqual([]);
    const [button] = buttons(body);
    expect(button.text.text).toBe("L1 Ökad polisiär närvaro på Torget");
    const rows = await added(() => press(ALI, button));
    expect(rows.map((r) => [r.activity.promiseId, r.minutes, r.note])).toEqual([["norrdal-2026", 60, "resecentrum"]]);
  });

  it("`med anna` credits Anna Berg; `med emma.lnd` asks and the button credits Emma Lund", async () => {
    let result = {} as PostResult;
    let rows = await added(async () => (result = await command(ALI, "30min närvaro med anna")));
    expect(rows.map((r) => r.personId).sort()).toEqual(["ali.hassan", "anna.berg"]);
    expect((result.json as Json).text).toContain("även för Anna Berg");

    // 1 h after the 30 min above (and 2 h, 4 h earlier): other rounds, not a likely duplicate (askFirst.ts)
    rows = await added(async () => (result = await command(ALI, "1h närvaro med emma.lnd")));
    expect(rows).toEqual([]);
    expect((result.json as Json).text).toContain("Menade du @emma.lund");
    const answer = await added(() => press(ALI, buttons(result.json)[0]));
    expect(answer.map((r) => r.personId).sort()).toEqual(["ali.hassan", "emma.lund"]);
  });

  it("several activities in one line: an unclear part is asked, and the button keeps the other part", async () => {
    let result = {} as PostResult;
    expect(await added(async () => (result = await command(SARA, "närvaro torget 2h, hastighet 1st")))).toEqual([]);
    const choices = buttons(result.json);
    expect(choices.map((b: Json) => b.text.text.slice(0, 2)).sort()).toEqual(["L2", "L3"]);
    let answer: Json = {};
    const rows = await added(
      async () =>
        (answer = await press(
          SARA,
          choices.find((b: Json) => b.text.text.startsWith("L2")),
        )),
    );
    expect(JSON.stringify(answer)).toContain("1 tillfälle på L2");
    expect(JSON.stringify(answer)).toContain("2 h på L1");
    expect(rows.map((r) => [r.activity.promiseId, r.activity.code, r.minutes, r.count])).toEqual([
      ["norrdal-2026", "L1", 120, null],
      ["norrdal-2026", "L2", null, 1],
    ]);
  });

  it("a duplicate for some of the line's people: 'Spara utan Anna Berg' stores the others' entries, once, and only for Ali", async () => {
    expect((await added(() => command(ANNA, "3h närvaro igår"))).map((r) => r.personId)).toEqual(["anna.berg"]);
    let result = {} as PostResult;
    const line = `3h närvaro igår med <@${ANNA}|anna> <@${EMMA}|emma>`;
    expect(await added(async () => (result = await command(ALI, line)))).toEqual([]);
    const body = result.json as Json;
    expect(body.text).toContain("Det gäller Anna Berg, inte dig och Emma Lund.");
    expect(checkBlockKitLimits(body)).toEqual([]);
    const choices = buttons(body);
    expect(choices.map((b: Json) => b.text.text)).toEqual(["Spara ändå", "Spara utan Anna Berg", "Avbryt"]);
    const [anyway, without] = choices;
    expect(String(without.value).length).toBeLessThanOrEqual(2000);
    // Anna is in the line, but the question is Ali's
    let refused: Json = {};
    expect(await added(async () => (refused = await press(ANNA, without)))).toEqual([]);
    expect(refused.text).toContain("bara den som skickade raden");
    let answer: Json = {};
    const rows = await added(async () => (answer = await press(ALI, without)));
    expect(rows.map((r) => [r.personId, r.loggedById, r.primary, r.minutes]).sort()).toEqual([
      ["ali.hassan", "ali.hassan", false, 180],
      ["emma.lund", "ali.hassan", false, 180],
    ]);
    expect(answer.text).toContain("även för Emma Lund.");
    expect(answer.text).toContain("Inget sparades igen för Anna Berg – det var redan loggat.");
    // pressed again, or the question's other button: nothing more
    expect(await added(() => press(ALI, without))).toEqual([]);
    expect(await added(() => press(ALI, anyway))).toEqual([]);
  });
});
