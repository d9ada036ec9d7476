// What the operator's "N meddelanden levererades inte" line says about where
// the messages are is true: in the console inbox when the job keeps them
// there, and said not to be when it never does (a poll reminder: who got one
// would tell who has not answered), through the real runner and ledger.
import { describe, expect, it } from "vitest";
import { textReply } from "../../../src/core/reply.js";
import { DeliveryLedger } from "../../../src/schedules/deliveryLedger.js";
import type { JobDefinition, PlannedDelivery } from "../../../src/schedules/job.js";
import { JobRunner } from "../../../src/schedules/jobRunner.js";
import { capturedLog, useTestCore } from "../../support/core.js";

function jobOf(name: string, deliveries: Omit<PlannedDelivery, "build">[]): JobDefinition {
  return {
    name,
    description: "test",
    defaultCron: "0 8 * * 1",
    periodOf: () => "2026-W48",
    plan: async () => deliveries.map((d) => ({ ...d, build: async () => textReply(`till ${d.recipient}`) })),
  };
}

const toAnna = {
  platform: "slack" as const,
  to: { kind: "person" as const, userId: "U0DEMO005", personId: "anna.berg" },
};

describe("the undelivered line says where the messages are", () => {
  const core = useTestCore("sqlite");

  async function lineOf(job: JobDefinition): Promise<string> {
    const { logger, lines } = capturedLog();
    const c = core()!;
    const runner = new JobRunner({
      ctx: { ...c.ctx, logger },
      ledger: new DeliveryLedger(c.db.prisma, "a"),
      senders: {},
      inbox: { keep: async () => 1 },
    });
    await runner.run(job, new Date("2026-11-23T07:00:00Z"), ["norrdal"]);
    return String(lines.find((l) => l.event === "job.undelivered")?.msg ?? "");
  }

  it("kept: in the console inbox", async () => {
    const line = await lineOf(jobOf("kept", [{ recipient: "person:anna.berg", routes: [toAnna] }]));
    expect(line).toMatch(/^kept: 1 meddelanden levererades inte – ingen chattplattform är konfigurerad \(1\)\./);
    expect(line).toContain("De finns i konsolens inkorg (loftesbot inbox --as PERSON).");
  });

  it("never kept (inbox: false): says so, and does not point to the inbox", async () => {
    const line = await lineOf(jobOf("never", [{ recipient: "person:anna.berg", routes: [toAnna], inbox: false }]));
    expect(line).toContain("De sparas inte i konsolens inkorg");
    expect(line).not.toContain("De finns i konsolens inkorg");
  });

  it("some kept: how many", async () => {
    const line = await lineOf(
      jobOf("some", [
        { recipient: "person:anna.berg", routes: [toAnna] },
        { recipient: "person:anna.berg:reminder", routes: [toAnna], inbox: false },
      ]),
    );
    expect(line).toContain("2 meddelanden levererades inte");
    expect(line).toContain("1 av dem finns i konsolens inkorg");
  });
});
