// Small texts from issue 14, each as it was observed:
//  - `/dialog ny` (any command but /logga) too long was answered with /logga examples;
//  - seed poll and kommun labels in the `/dialog ny` form were cut at 75
//    characters inside their parentheses ("… (d1" / "(hela kommu");
//  - the log form's duration, required for an hours activity, was offered as
//    "(valfritt, tom rad hoppar över)" in the console;
//  - "(1 loggningar)" in the follow-up's resources.
import { describe, expect, it } from "vitest";
import { fieldPrompt } from "../../../adapters/console/renderText.js";
import { replyAsPlainText } from "../../../src/core/reply.js";
import { resourcesText } from "../../../src/features/followup/presentation.js";
import { openAssessForm } from "../../../src/features/followup/quality/chat.js";
import { translator } from "../../../src/i18n/index.js";
import { useTestCore } from "../../support/core.js";

describe("small texts", () => {
  const testCore = useTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
  const say = async (personId: string, text: string) =>
    replyAsPlainText(await testCore()!.bot.handleMessage({ platform: "console", userId: personId, text }));

  it("a too long /dialog ny is answered with /dialog's own usage, not a /logga example", async () => {
    const text = await say("erik.johansson", `/dialog ny ${"fråga ".repeat(800)}`);
    expect(text).toContain("Meddelandet är för långt");
    expect(text).toContain("/dialog ny");
    expect(text).not.toContain("/logga");
    expect(text).toContain("Inget sparades");
    // a too long /logga keeps its example
    expect(await say("ali.hassan", `/logga 1h närvaro ${"lugnt ".repeat(800)}`)).toContain(
      "`/logga 1,5h närvaro Torget med @anna.berg`",
    );
  });

  it("form labels in /dialog ny keep their parentheses whole", async () => {
    const longTitle = `Vad oroar er mest i Norrdals centrum under kvällar och helger ${"x".repeat(40)}`;
    await testCore()!.db.prisma.dialoguePoll.create({
      data: {
        id: "d77",
        lpoId: "norrdal",
        kind: "vad",
        title: longTitle,
        createdById: "erik.johansson",
        status: "closed",
        closesAt: new Date("2026-11-01T00:00:00Z"),
        closedAt: new Date("2026-11-01T00:00:00Z"),
      },
    });
    await testCore()!.db.prisma.kommun.update({
      where: { id: "asby" },
      data: { name: `Åsby kommun med ett mycket långt namn som inte ryms ${"y".repeat(40)}` },
    });
    const opened = await testCore()!.bot.openForm("console", "erik.johansson", "dialog", "ny");
    if (opened.kind !== "form") throw new Error(`expected a form, got ${replyAsPlainText(opened.reply)}`);
    const labels = opened.form.fields.flatMap((f) => ("options" in f ? f.options.map((o) => o.label) : []));
    const seed = labels.find((l) => l.startsWith("Vad oroar"));
    expect(seed).toMatch(/… \(d77\)$/);
    const kommun = labels.find((l) => l.startsWith("Åsby"));
    expect(kommun).toMatch(/… \(hela kommunen\)$/);
    for (const label of [seed!, kommun!]) expect([...label].length).toBeLessThanOrEqual(75);
  });

  it("the quality form's criteria keep their status in parentheses whole", async () => {
    const erik = (await testCore()!.ctx.organisation.actor("erik.johansson", "sv"))!;
    const reply = await openAssessForm(testCore()!.ctx, erik, "norrdal-2026");
    const field = reply.form?.fields.find((f) => f.name === "criterion");
    if (field?.kind !== "choice") throw new Error("no criterion choice");
    expect(field.options.length).toBeGreaterThan(3);
    for (const o of field.options) {
      expect([...o.label].length).toBeLessThanOrEqual(75);
      expect(o.label, o.label).toMatch(/\([^()]+\)$/);
    }
  });

  it("the log form's duration says when it is required, never 'valfritt'", async () => {
    for (const [person, says, never] of [
      ["ali.hassan", "krävs för aktiviteter i timmar", /valfritt/],
      ["david.persson", "required for activities in hours", /optional|valfritt/],
    ] as const) {
      const opened = await testCore()!.bot.openForm("console", person, "logga");
      if (opened.kind !== "form") throw new Error("expected a form");
      const duration = opened.form.fields.find((f) => f.name === "duration")!;
      const prompt = fieldPrompt(duration, person === "david.persson" ? "en" : "sv");
      expect(prompt).toContain(says);
      expect(prompt).not.toMatch(never);
    }
  });

  it("one entry and one person are singular in the follow-up's resources", () => {
    const sv = resourcesText("sv", translator("sv"), { minutes: 60, people: 1, entries: 1 });
    expect(sv).toContain("1 person, 1 loggning");
    expect(sv).not.toMatch(/1 loggningar|1 personer/);
    expect(resourcesText("en", translator("en"), { minutes: 60, people: 1, entries: 1 })).not.toContain("1 entries");
  });
});
