// Issue 15's promise form through Teams: Bot Framework activities posted to
// the running service's /api/messages (local mode), the form as an Adaptive
// Card (parsed by the adaptivecards package), and its submission as Teams
// sends an Action.Submit: the button's data with every input's value. Each
// group's part of an activity's target is read from the "shares" field: parts
// that do not add up to the target bring the card back with the error and an
// example under the field, the values kept, and store nothing; parts that do
// are stored with the activity. `lofte ny`, "Lägg till aktivitet" and
// `lofte ändra`, in Erik's (kommunpolis) 1:1 chat.
import { describe, expect, it } from "vitest";
import type { Core } from "../../../src/app/compose.js";
import { addedActivity, groupParts, newPromise, promiseFormRows } from "../../support/promiseForm.js";
import {
  buttonData,
  cardOf,
  cardSubmission,
  cardText,
  FakeConnector,
  findElement,
  localTeamsForFile,
  PEOPLE,
  type Sent,
  talkTo,
} from "./support.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const { erik } = PEOPLE;

let core: Core;
let botUrl = "";
const connector = new FakeConnector();
const { say, press } = talkTo(connector, () => botUrl);
localTeamsForFile(connector, { name: "teams-promise", now: NOW }, (teams) => {
  ({ core, botUrl } = teams);
});

/** Rows a promise form writes: a refusal changes none of them. */
const counts = () => promiseFormRows(core.ctx.prisma);
const parts = (promiseId: string, code: string) => groupParts(core.ctx.prisma, promiseId, code);

/** The one form card among the sent activities. */
function formCard(sent: Sent) {
  const forms = sent.map((s) => cardOf(s.body)).filter((c) => findElement(c, (o) => o.id === "f_shares").length > 0);
  expect(forms).toHaveLength(1);
  return forms[0];
}
const input = (card: unknown, name: string) => findElement(card, (o) => o.id === `f_${name}`)[0];
/**
 * The error shown right under the field `name`, as Teams shows it: an Attention TextBlock after its input, or
 * — when it carries an example in our `code` marks, which TextBlock Markdown does not know — a RichTextBlock
 * of Attention runs, the example a monospace run.
 */
function errorUnder(card: ReturnType<typeof cardOf>, name: string): string {
  const index = card.body.findIndex((e) => e.id === `f_${name}`);
  const next = card.body[index + 1] as { type?: string; color?: string; inlines?: Run[] } | undefined;
  if (next?.type === "RichTextBlock" && next.inlines?.every((r) => r.color === "Attention"))
    return next.inlines.map((r) => r.text).join("");
  return next?.color === "Attention" ? cardText(next) : "";
}
type Run = { text: string; color?: string; fontType?: string };
/** The monospace runs of the error under the field `name`. */
function monospaceUnder(card: ReturnType<typeof cardOf>, name: string): string[] {
  const index = card.body.findIndex((e) => e.id === `f_${name}`);
  const next = card.body[index + 1] as { inlines?: Run[] } | undefined;
  return (next?.inlines ?? []).filter((r) => r.fontType === "Monospace").map((r) => r.text);
}

let promiseId = "";
let summary: Sent = [];

describe("Teams: the promise form with each group's part of a target", () => {
  it("`lofte ny`: parts that do not add up bring the card back with an example; parts that do are stored", async () => {
    const { sent } = await say(erik, "lofte ny");
    const form = formCard(sent);
    expect(input(form, "shares")).toMatchObject({ type: "Input.Text", maxLength: 1000 });
    expect(input(form, "groups")).toMatchObject({ type: "Input.ChoiceSet", isMultiSelect: true });

    const before = await counts();
    const refused = await press(erik, cardSubmission(form, { ...newPromise, shares: "ig-1: 4, ig-2: 4" }), "new-form");
    expect(await counts()).toEqual(before);
    expect(refused.map((r) => [r.method, r.activityId])).toEqual([["PUT", "new-form"]]);
    const again = cardOf(refused[0].body);
    // the example without the backticks TextBlock Markdown would show: a monospace run
    expect(errorUnder(again, "shares")).toBe(
      "Andelarna blir tillsammans 8 h, men målet är 10 h. De ska summera till målet, t.ex. ig-1: 5, ig-2: 5.",
    );
    expect(monospaceUnder(again, "shares")).toEqual(["ig-1: 5, ig-2: 5"]);
    // what was typed is kept
    expect(input(again, "shares").value).toBe("ig-1: 4, ig-2: 4");
    expect(input(again, "title").value).toBe("Trygg kaj");

    // by name and id, a decimal comma, ";" between groups: submitted from the card that came back
    const saved = await press(erik, cardSubmission(again, { shares: "IG Turlag 1: 3,5; ig-2: 6,5" }), "new-form");
    expect(saved.map((r) => r.method)).toEqual(["PUT"]);
    const text = cardText(cardOf(saved[0].body));
    expect(text).toContain("✅ Löftet Trygg kaj");
    expect(text).toContain("IG Turlag 1 (3 h 30 min), IG Turlag 2 (6 h 30 min)");
    promiseId = /\((norrdal-2026-\d+)\)/.exec(text)?.[1] ?? "";
    expect(promiseId).not.toBe("");
    expect(await parts(promiseId, "L1")).toEqual([
      ["ig-1", 3.5],
      ["ig-2", 6.5],
    ]);
    summary = saved;
  });

  it("'Lägg till aktivitet' opens the activity form; a group without a part is refused, whole parts are stored", async () => {
    const opened = await press(erik, buttonData(summary, "Lägg till aktivitet"), "summary-card");
    const form = formCard(opened);
    expect(input(form, "code").value).toBe("L2");

    const before = await counts();
    const refused = await press(
      erik,
      cardSubmission(form, { ...addedActivity, shares: "ig-1: 2, ig-2: 4" }),
      "add-form",
    );
    expect(await counts()).toEqual(before);
    expect(errorUnder(cardOf(refused[0].body), "shares")).toBe(
      "Varje vald grupp behöver en andel – ig-3 saknar. Skriv t.ex. ig-1: 2, ig-2: 2, ig-3: 2, eller lämna tomt för att dela efter grunden.",
    );

    const saved = await press(
      erik,
      cardSubmission(form, { ...addedActivity, shares: "ig-1: 1, ig-2: 2, ig-3: 3" }),
      "add-form",
    );
    expect(cardText(cardOf(saved[0].body))).toContain("L2");
    expect(await parts(promiseId, "L2")).toEqual([
      ["ig-1", 1],
      ["ig-2", 2],
      ["ig-3", 3],
    ]);
  });

  it("`lofte ändra`: the parts are shown; a new target with the old parts is refused, new parts are stored", async () => {
    const { sent } = await say(erik, "lofte ändra L1 norrdal-2026");
    const form = formCard(sent);
    expect(input(form, "shares").value).toBe("ig-1: 4, ig-2: 4, ig-3: 4, ig-4: 4, omrade-1: 4");

    const before = await counts();
    // the shares field is sent as it shows: 5 × 4 h is not the new 25 h
    const refused = await press(erik, cardSubmission(form, { amount: "25" }), "edit-form");
    expect(await counts()).toEqual(before);
    expect(errorUnder(cardOf(refused[0].body), "shares")).toBe(
      "Andelarna blir tillsammans 20 h, men målet är 25 h. De ska summera till målet, t.ex. ig-1: 5, ig-2: 5, ig-3: 5, ig-4: 5, omrade-1: 5.",
    );

    await press(
      erik,
      cardSubmission(form, { amount: "25", shares: "ig-1: 9, ig-2: 4, ig-3: 4, ig-4: 4, omrade-1: 4" }),
      "edit-form",
    );
    expect(await parts("norrdal-2026", "L1")).toEqual([
      ["ig-1", 9],
      ["ig-2", 4],
      ["ig-3", 4],
      ["ig-4", 4],
      ["omrade-1", 4],
    ]);
  });
});
