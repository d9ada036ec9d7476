// Issue 15's promise form through Slack: signed slash commands open the
// modal (views.open on the fake Web API), and the modal comes back as Slack
// sends a view_submission — the state of every input block, what the
// kommunpolis typed or what the block showed. Each group's part of an
// activity's target is read from the "shares" field: parts that do not add up
// to the target keep the modal open with the error and an example under the
// field (response_action "errors", plain text: the example between
// backticks as the console shows it) and store nothing; parts that do are stored
// with the activity. `/lofte ny`, "Lägg till aktivitet" and `/lofte ändra`.
import { describe, expect, it } from "vitest";
import { addedActivity, groupParts, newPromise, promiseFormRows } from "../../support/promiseForm.js";
import {
  checkBlockKitLimits,
  checkModalLimits,
  interaction,
  type PostResult,
  slackForTests,
  viewState,
  viewSubmission,
  waitFor,
} from "./support.js";

const SECRET = "5ca1ab1e231b10e8888abcd99yyyzzz8";
const ERIK = "U0DEMO003"; // kommunpolis, Norrdals kommun
const CHANNEL = "C0DEMOOMR1";

// biome-ignore lint/suspicious/noExplicitAny: Slack JSON
type Json = any;

describe("Slack: the promise form with each group's part of a target", () => {
  const slack = slackForTests("slack-promise-form", SECRET, { id: CHANNEL, name: "omradespolisen" });

  /** The modal the bot opened with `trigger` (views.open), checked against Slack's limits. */
  async function modalOpenedBy(trigger: string): Promise<Json> {
    const call = await waitFor(
      () => slack.fake.callsOf("views.open").find((c) => c.args.trigger_id === trigger),
      trigger,
    );
    const view = call.args.view as Json;
    expect(checkModalLimits(view)).toEqual([]);
    return view;
  }

  /** `/lofte <text>` from Erik; the modal it opens. */
  async function lofte(text: string): Promise<Json> {
    const result = await slack.command(ERIK, "/lofte", text);
    expect(result.status).toBe(200);
    return modalOpenedBy(`trigger-${slack.seq}`);
  }

  /** Submits `view` with `typed` in its fields; the ack's body (errors) or, when accepted, the ephemeral answer. */
  async function submit(
    view: Json,
    typed: Record<string, string | string[] | null>,
  ): Promise<{ ack: PostResult; answer?: Json }> {
    slack.seq += 1;
    const mark = slack.fake.callsOf("chat.postEphemeral").length;
    const ack = await slack.post(
      interaction(
        viewSubmission({
          user: ERIK,
          view,
          values: viewState(view, typed),
          viewId: `V-${slack.seq}`,
          triggerId: `trigger-view-${slack.seq}`,
        }),
      ),
    );
    expect(ack.status).toBe(200);
    if ((ack.json as Json)?.response_action === "errors") return { ack };
    const answer = (await waitFor(() => slack.fake.callsOf("chat.postEphemeral")[mark], "the ephemeral answer")).args;
    expect(checkBlockKitLimits(answer)).toEqual([]);
    return { ack, answer };
  }

  /** Rows a promise form writes: a refusal changes none of them. */
  const counts = () => promiseFormRows(slack.core.db.prisma);
  const parts = (promiseId: string, code: string) => groupParts(slack.core.db.prisma, promiseId, code);

  let promiseId = "";
  let summary: Json;

  it("`/lofte ny`: parts that do not add up keep the modal open with an example; parts that do are stored", async () => {
    const view = await lofte("ny");
    const shares = view.blocks.find((b: Json) => b.block_id === "shares");
    expect(shares).toMatchObject({ type: "input", optional: true, element: { type: "plain_text_input" } });
    expect(shares.label.text).toContain("andel");

    const before = await counts();
    const refused = await submit(view, { ...newPromise, shares: "ig-1: 4, ig-2: 4" });
    // Slack shows a modal's errors as plain text: the example without backticks
    expect(refused.ack.json).toEqual({
      response_action: "errors",
      errors: {
        shares: "Andelarna blir tillsammans 8 h, men målet är 10 h. De ska summera till målet, t.ex. ig-1: 5, ig-2: 5.",
      },
    });
    expect(await counts()).toEqual(before);

    // by name and id, a decimal comma, ";" between groups
    const { ack, answer } = await submit(view, { ...newPromise, shares: "IG Turlag 1: 3,5; ig-2: 6,5" });
    expect(ack.text).toBe("");
    expect(answer.text).toContain("✅ Löftet Trygg kaj");
    expect(JSON.stringify(answer.blocks)).toContain("IG Turlag 1 (3 h 30 min), IG Turlag 2 (6 h 30 min)");
    promiseId = /\((norrdal-2026-\d+)\)/.exec(answer.text)?.[1] ?? "";
    expect(promiseId).not.toBe("");
    expect(await parts(promiseId, "L1")).toEqual([
      ["ig-1", 3.5],
      ["ig-2", 6.5],
    ]);
    summary = answer;
  });

  it("'Lägg till aktivitet' opens the activity form; a group without a part is refused, whole parts are stored", async () => {
    const add = summary.blocks
      .filter((b: Json) => b.type === "actions")
      .flatMap((b: Json) => b.elements)
      .find((e: Json) => e.text.text === "Lägg till aktivitet");
    const press = slack.buttonPayload(ERIK, add, "1764000100.000100");
    expect((await slack.post(interaction(press))).status).toBe(200);
    const view = await modalOpenedBy(`trigger-${slack.seq}`);
    const code = view.blocks.find((b: Json) => b.block_id === "code");
    expect(code.element.initial_value).toBe("L2");

    const before = await counts();
    const refused = await submit(view, { ...addedActivity, shares: "ig-1: 2, ig-2: 4" });
    expect((refused.ack.json as Json).response_action).toBe("errors");
    expect((refused.ack.json as Json).errors.shares).toBe(
      "Varje vald grupp behöver en andel – ig-3 saknar. Skriv t.ex. ig-1: 2, ig-2: 2, ig-3: 2, eller lämna tomt för att dela efter grunden.",
    );
    expect(await counts()).toEqual(before);

    const { answer } = await submit(view, { ...addedActivity, shares: "ig-1: 1, ig-2: 2, ig-3: 3" });
    expect(answer.text).toContain("L2");
    expect(await parts(promiseId, "L2")).toEqual([
      ["ig-1", 1],
      ["ig-2", 2],
      ["ig-3", 3],
    ]);
  });

  it("`/lofte ändra`: the parts are shown; a new target with the old parts is refused, new parts are stored", async () => {
    const view = await lofte("ändra L1 norrdal-2026");
    const shares = view.blocks.find((b: Json) => b.block_id === "shares");
    expect(shares.element.initial_value).toBe("ig-1: 4, ig-2: 4, ig-3: 4, ig-4: 4, omrade-1: 4");

    const before = await counts();
    // the shares field is sent as it was shown: 5 × 4 h is not the new 25 h
    const refused = await submit(view, { amount: "25" });
    expect((refused.ack.json as Json).errors).toEqual({
      shares:
        "Andelarna blir tillsammans 20 h, men målet är 25 h. De ska summera till målet, t.ex. ig-1: 5, ig-2: 5, ig-3: 5, ig-4: 5, omrade-1: 5.",
    });
    expect(await counts()).toEqual(before);

    await submit(view, { amount: "25", shares: "ig-1: 9, ig-2: 4, ig-3: 4, ig-4: 4, omrade-1: 4" });
    expect(await parts("norrdal-2026", "L1")).toEqual([
      ["ig-1", 9],
      ["ig-2", 4],
      ["ig-3", 4],
      ["ig-4", 4],
      ["omrade-1", 4],
    ]);
  });
});
