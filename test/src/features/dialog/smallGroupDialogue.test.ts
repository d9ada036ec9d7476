// A gruppchef's dialogue with a turlag smaller than the anonymity threshold
// (Anna's IG 1 is 4 people without her; the threshold is 5): nothing is
// created anonymous; the form explains why and offers the honest ways on as a
// choice (a named dialogue, or combining with another group); the named
// dialogue says it is not anonymous in every message it sends — invitation,
// answer form, receipt, reminder, closing results, results on request, the
// feedback note — and shows its figures even though few answered. An
// anonymous dialogue's messages never carry the named notice nor anybody's
// name with an answer. Through the core on SQLite, jobs run by a JobRunner
// whose senders record what they send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FormValues, type Reply, replyAsPlainText } from "../../../../src/core/reply.js";
import { ANSWER_ACTION, HUR_FROM_ACTION } from "../../../../src/features/dialog/forms.js";
import { pollCloseJob, pollInvitationsJob } from "../../../../src/features/dialog/jobs.js";
import { registry } from "../../../../src/features/index.js";
import { monthPeriod } from "../../../../src/features/followup/followUpPeriod.js";
import { followUpReportData } from "../../../../src/features/followup/reportData.js";
import { reportHtml } from "../../../../src/features/followup/reportHtml.js";
import { reportMarkdown } from "../../../../src/features/followup/reportMarkdown.js";
import { DeliveryLedger } from "../../../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../../../src/schedules/jobRunner.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { priorityForm } from "../../../support/poll.js";
import { RecordingSender, type Sent } from "../../../support/recordingSender.js";

const text = (reply: Reply) => replyAsPlainText(reply);
const NAMED = "Med namn – den här dialogen är inte anonym";
const IG1_RECIPIENTS = ["ali.hassan", "emma.lund", "oskar.nyberg", "sofia.karlsson"];

const form = priorityForm;

describe("a dialogue with a turlag below the anonymity threshold", () => {
  let core: TestCore | null;
  let runner: JobRunner;
  const sent: Sent[] = [];
  let pollId = "";
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
    if (!core) return;
    const senders = {
      teams: new RecordingSender("teams", { log: sent }),
      slack: new RecordingSender("slack", { log: sent }),
    };
    runner = new JobRunner({ ctx: core.ctx, ledger: new DeliveryLedger(core.db.prisma, "a"), senders });
  });
  afterAll(async () => {
    await core?.drop();
  });

  const submit = (person: string, formId: string, state: string, values: FormValues) =>
    core!.bot.submitForm({ platform: "console", userId: person, formId, state, values });
  const press = (person: string, id: string, value: string) =>
    core!.bot.handleAction({ platform: "console", userId: person, action: { id, value } });
  const say = (person: string, line: string) =>
    core!.bot.handleMessage({ platform: "console", userId: person, text: line });
  const polls = () => core!.db.prisma.dialoguePoll.count();
  const take = () => sent.splice(0);

  it("explains why it cannot be anonymous and offers the honest options; nothing is created", async (ctx) => {
    if (!core) return ctx.skip();
    const refused = await submit("anna.berg", "poll", "", form());
    if (refused.kind !== "errors") throw new Error("expected the form back");
    expect(refused.errors.small).toContain("Dialogen skulle nå 4 personer – färre än 5, så den kan inte vara anonym");
    expect(refused.errors.small).toContain("Inget är skapat");
    const choice = refused.form.fields.find((f) => f.name === "small");
    expect(choice?.kind === "choice" && choice.options).toEqual([
      { value: "named", label: "Med namn: inte anonym, det står i varje meddelande" },
      // Anna leads only IG 1: combining is a kommunpolis's dialogue, and the option says so
      { value: "combine", label: "Slå ihop med en annan grupp: be en kommunpolis starta dialogen för flera grupper" },
    ]);
    // the values she typed are kept
    const title = refused.form.fields.find((f) => f.name === "title");
    expect(title?.kind === "text" && title.initial).toBe("Vad ska IG 1 prioritera?");
    const still = await submit("anna.berg", "poll", "", form({ small: "combine" }));
    expect(still.kind === "errors" && still.errors.groups).toContain("fortfarande bara 4 personer");
    expect(await polls()).toBe(0);
  });

  it("creates the named dialogue when chosen, and the confirmation says it is named", async (ctx) => {
    if (!core) return ctx.skip();
    const created = await submit("anna.berg", "poll", "", form({ small: "named" }));
    if (created.kind !== "done") throw new Error("expected the poll to be created");
    expect(text(created.reply)).toContain("med namn");
    expect(text(created.reply)).not.toMatch(/anonym\b/);
    const poll = (await core.db.prisma.dialoguePoll.findFirst())!;
    pollId = poll.id;
    expect(poll.anonymous).toBe(false);
    expect(await core.db.prisma.pollRecipient.count({ where: { pollId } })).toBe(4);
  });

  it("says it is not anonymous in the invitation, the answer form and the receipt", async (ctx) => {
    if (!core) return ctx.skip();
    await runner.run(pollInvitationsJob, core.clock.now());
    const invitations = take();
    expect(invitations.map((s) => (s.to.kind === "person" ? s.to.personId : "")).sort()).toEqual(IG1_RECIPIENTS);
    for (const s of invitations) {
      expect(text(s.reply)).toContain("inte anonym");
      expect(text(s.reply)).not.toContain("Anonym:");
    }
    const opened = await press("ali.hassan", ANSWER_ACTION, pollId);
    expect(opened.form?.intro).toContain("Dialogen är inte anonym");
    const receipt = await submit("ali.hassan", "poll-answer", pollId, {
      q0: "4",
      q1: "Mer närvaro på Torget",
      q2: "0",
    });
    expect(receipt.kind === "done" && text(receipt.reply)).toContain("med ditt namn");
    await submit("emma.lund", "poll-answer", pollId, { q0: "2", q1: "Belysning i parken", q2: "1" });
  });

  it("says so in the reminder, the closing results, the results on request and the feedback note, and shows its figures", async (ctx) => {
    if (!core) return ctx.skip();
    core.clock.set("2026-12-01T15:10:00Z"); // 24 h before closing
    await runner.run(registry.job("poll-reminders")!, core.clock.now());
    const reminders = take();
    expect(reminders.length).toBe(2);
    for (const s of reminders) expect(text(s.reply)).toContain(NAMED);

    core.clock.set("2026-12-02T15:05:00Z");
    await runner.run(pollCloseJob, core.clock.now());
    const closing = take();
    expect(closing.length).toBeGreaterThan(0);
    for (const s of closing) expect(text(s.reply)).toContain(NAMED);
    const results = text(await say("anna.berg", `/dialog resultat ${pollId}`));
    expect(results).toContain(NAMED);
    // 2 of 4 answered: a named dialogue has no anonymity to protect, so the figures are shown
    expect(results).toContain("2 av 4");
    expect(results).toContain("Mer närvaro på Torget");
    expect(results).not.toMatch(/anonymitet/);

    const feedback = await say("anna.berg", `/dialog återkoppling ${pollId} Vi lägger fler pass på Torget.`);
    expect(text(feedback)).not.toMatch(/fel|error/i);
    await runner.run(registry.job("poll-followup")!, core.clock.now());
    const notes = take();
    expect(notes.length).toBeGreaterThan(0);
    for (const s of notes) expect(text(s.reply)).toContain(NAMED);
  });

  it("a hur-dialog is started from the closed vad-dialog, with its results as underlag", async (ctx) => {
    if (!core) return ctx.skip();
    const results = await say("anna.berg", `/dialog resultat ${pollId}`);
    const buttons = results.blocks.flatMap((b) => (b.kind === "actions" ? b.buttons : []));
    expect(buttons.map((b) => b.action)).toContainEqual({ id: HUR_FROM_ACTION, value: pollId });
    const opened = await press("anna.berg", HUR_FROM_ACTION, pollId);
    expect(opened.form?.id).toBe("poll");
    expect(opened.form?.intro).toContain("Underlag från vad-dialogen «Vad ska IG 1 prioritera?»");
    expect(text(opened)).toContain("2 av 4");
    const initial = (name: string) => {
      const field = opened.form?.fields.find((f) => f.name === name);
      return field && "initial" in field ? field.initial : undefined;
    };
    expect([initial("kind"), initial("seed"), initial("concerns")]).toEqual(["hur", pollId, "p:norrdal-2026"]);
    const created = await submit("anna.berg", "poll", "", {
      ...form({ kind: "hur", template: "standard-hur", questions: "", seed: pollId, closesDay: "2026-12-09" }),
      title: "Hur: Vad ska IG 1 prioritera?",
      small: "named",
    });
    if (created.kind !== "done") throw new Error(JSON.stringify(created.errors));
    expect(text(created.reply)).toContain("hur-dialog");
    const hur = await core.db.prisma.dialoguePoll.findFirst({ where: { kind: "hur" } });
    expect(hur).toMatchObject({ seededFrom: pollId, anonymous: false });
  });

  it("the written report (HTML and Markdown) gives the period's dialogue: response rate, named, ni sa, vi gör", async (ctx) => {
    if (!core) return ctx.skip();
    const kommun = { id: "norrdal", name: "Norrdals kommun", lpoId: "norrdal" };
    const data = await followUpReportData(core.ctx, kommun, monthPeriod(2026, 12), "sv");
    const html = reportHtml(data);
    const markdown = reportMarkdown(data, new Map());
    for (const doc of [html, markdown]) {
      expect(doc).toContain("Vad ska IG 1 prioritera?");
      expect(doc).toContain("2 (50 %)"); // 2 of 4 answered
      expect(doc).toContain("vad-dialog (med namn, inte anonym)");
      expect(doc).toContain("Ni sa:");
      expect(doc).toContain("Vi lägger fler pass på Torget.");
    }
  });

  it("an anonymous dialogue never carries the named notice nor a name with an answer", async (ctx) => {
    if (!core) return ctx.skip();
    const created = await submit(
      "erik.johansson",
      "poll",
      "",
      form({ groups: ["ig-1", "ig-2"], title: "Anonym", closesDay: "2026-12-09" }),
    );
    if (created.kind !== "done") throw new Error(JSON.stringify(created.kind === "errors" && created.errors));
    const anonymous = (await core.db.prisma.dialoguePoll.findFirst({ where: { title: "Anonym" } }))!;
    expect(anonymous.anonymous).toBe(true);
    await runner.run(pollInvitationsJob, core.clock.now());
    const invitations = take().filter((s) => text(s.reply).includes("Medarbetardialog: Anonym"));
    expect(invitations.length).toBeGreaterThan(0);
    for (const s of invitations) expect(text(s.reply)).not.toContain("Med namn");
    const results = text(await say("erik.johansson", `/dialog resultat ${anonymous.id}`));
    expect(results).not.toContain(NAMED);
    expect(results).not.toMatch(/Ali Hassan|Emma Lund/);
  });
});
