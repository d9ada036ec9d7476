// A named dialogue (no anonymity threshold) that nobody answered: its results
// say once that nobody answered, never "0 (0 %)" per option nor a bare
// question heading; `/dialog` gives its real count ("0 av 4"), as its results
// page does, not the anonymity threshold's "färre än 5". Through the core on
// SQLite, the closing job run by a JobRunner whose senders record what they send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FormValues, type Reply, replyAsPlainText } from "../../../../src/core/reply.js";
import { pollCloseJob } from "../../../../src/features/dialog/jobs.js";
import { responseRate } from "../../../../src/features/followup/index.js";
import { DeliveryLedger } from "../../../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../../../src/schedules/jobRunner.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { priorityForm } from "../../../support/poll.js";
import { RecordingSender, type Sent } from "../../../support/recordingSender.js";

const text = (reply: Reply) => replyAsPlainText(reply);

const form = (overrides: FormValues = {}): FormValues => priorityForm({ small: "named", ...overrides });

describe("a named dialogue nobody answered", () => {
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
    const created = await core.bot.submitForm({
      platform: "console",
      userId: "anna.berg",
      formId: "poll",
      state: "",
      values: form(),
    });
    if (created.kind !== "done") throw new Error("expected the poll to be created");
    const poll = (await core.db.prisma.dialoguePoll.findFirst())!;
    expect(poll.anonymous).toBe(false);
    pollId = poll.id;
  });
  afterAll(async () => {
    await core?.drop();
  });

  const say = (person: string, line: string) =>
    core!.bot.handleMessage({ platform: "console", userId: person, text: line });

  it("/dialog gives the named dialogue's real count while open, as its results page does", async (ctx) => {
    if (!core) return ctx.skip();
    const list = text(await say("anna.berg", "/dialog"));
    expect(list).toContain("0 av 4 har svarat");
    expect(list).not.toContain("färre än");
    expect(text(await say("anna.berg", `/dialog resultat ${pollId}`))).toContain("0 av 4 har svarat");
  });

  it("after closing, the results say once that nobody answered, with no 0 % rows", async (ctx) => {
    if (!core) return ctx.skip();
    core.clock.set("2026-12-02T15:05:00Z");
    await runner.run(pollCloseJob, core.clock.now());
    const results = text(await say("anna.berg", `/dialog resultat ${pollId}`));
    expect(results).toContain("0 av 4 har svarat");
    expect(results).toContain("Ingen svarade");
    expect(results.match(/Ingen svarade/g)?.length).toBe(1);
    // "0 av 4 (0 %)" is measured (4 were asked); a share of no answers is not
    expect(results).not.toMatch(/\(0 svar|Torget: 0|Parken: 0|Inga fritextsvar/);
    expect(sent.length).toBeGreaterThan(0);
    for (const s of sent) expect(text(s.reply)).not.toMatch(/\(0 svar|Torget: 0|Parken: 0/);
    const list = text(await say("anna.berg", "/dialog"));
    expect(list).toContain("0 av 4 har svarat");
    expect(list).not.toContain("färre än");
  });

  it("with its recipients gone, the response rate of nobody asked is missing, not 0 %", async (ctx) => {
    if (!core) return ctx.skip();
    // no command removes recipients; a database edited by hand or restored in part can lack them
    await core.db.prisma.pollRecipient.deleteMany({ where: { pollId } });
    const results = text(await say("anna.berg", `/dialog resultat ${pollId}`));
    expect(results).toContain("0 av 0 har svarat (– %)");
    expect(responseRate(0, 0)).toBeNull();
    expect(responseRate(1, 4)).toBe(25);
  });
});
