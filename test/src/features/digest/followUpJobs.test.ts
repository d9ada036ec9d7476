// The follow-up jobs through the real runner and delivery ledger, on SQLite
// and PostgreSQL, with recording Slack and Teams senders in-process (the
// platform senders are tested over HTTP elsewhere): each gruppchef of the demo
// organisation gets one digest per week — whatever the number of runs and
// instances, and through a failed attempt — on Teams when they have it, else
// on Slack; the monthly follow-up once per kommunpolis/LPO-chef and month.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Recipient } from "../../../../src/delivery/chatSender.js";
import { DeliveryLedger } from "../../../../src/schedules/deliveryLedger.js";
import { JobRunner, type Senders } from "../../../../src/schedules/jobRunner.js";
import { registry } from "../../../../src/features/index.js";
import { scheduleEntries } from "../../../../src/schedules/scheduler.js";
import { capturedLog, openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";
import { DIGEST_AT, seedFollowUp } from "../../../support/followUpData.js";
import { RecordingSender } from "../../../support/recordingSender.js";

const personOf = (s: { to: Recipient }) => (s.to.kind === "person" ? s.to.personId : s.to.channelId);

for (const kind of databaseKinds) {
  describe(`follow-up jobs on ${kind}`, () => {
    let core: TestCore | null;
    let slack: RecordingSender;
    let teams: RecordingSender;
    const runner = (instance: string, senders: Senders) =>
      new JobRunner({ ctx: core!.ctx, ledger: new DeliveryLedger(core!.db.prisma, instance), senders });

    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-08-01T08:00:00Z" });
      if (!core) return;
      await seedFollowUp(core);
      // Johan is on Slack only; Mikael on neither platform
      await core.db.prisma.person.update({ where: { id: "johan.lindqvist" }, data: { teamsAadId: null } });
      await core.db.prisma.person.update({
        where: { id: "mikael.holm" },
        data: { teamsAadId: null, slackUserId: null },
      });
    });
    afterAll(async () => {
      await core?.drop();
    });

    it("delivers each gruppchef's digest exactly once per week across runs, instances and a failure", async (ctx) => {
      if (!core) return ctx.skip();
      slack = new RecordingSender("slack", { delayMs: 5 });
      teams = new RecordingSender("teams", { delayMs: 5 });
      // Sara is reachable on both platforms: the delivery fails only when both fail
      teams.failOnce.add("sara.nilsson");
      slack.failOnce.add("sara.nilsson");
      const job = registry.job("gruppchef-digest")!;
      const at = new Date(DIGEST_AT);
      // two instances at once: one holds the job's lease, the other backs off
      const [a, b] = await Promise.all([
        runner("a", { slack, teams }).run(job, at),
        runner("b", { slack, teams }).run(job, at),
      ]);
      const ran = a.busy ? b : a;
      expect([a.busy ?? false, b.busy ?? false].sort()).toEqual([false, true]);
      expect(ran).toMatchObject({ period: "2026-W47", planned: 5, sent: 3, failed: 1, unsendable: 1 });
      // the next runs (another instance, later the same week) send only what failed
      const retry = await runner("b", { slack, teams }).run(job, new Date("2026-11-21T09:00:00Z"));
      expect(retry).toMatchObject({ period: "2026-W47", sent: 1, alreadyDone: 3, failed: 0, unsendable: 1 });
      const again = await runner("a", { slack, teams }).run(job, at);
      expect(again).toMatchObject({ sent: 0, alreadyDone: 4 });

      expect(teams.sent.map(personOf).sort()).toEqual(["anna.berg", "karin.sjoberg", "sara.nilsson"]);
      expect(slack.sent.map(personOf)).toEqual(["johan.lindqvist"]);
      for (const s of [...teams.sent, ...slack.sent])
        expect(s.reply.text).toContain("Veckosammanfattning för gruppchefen – v. 47");
      const anna = teams.sent.find((s) => personOf(s) === "anna.berg")!;
      // Anna's suggestion is about IG Turlag 1's own part, never the LPO's whole shortfall: her group is on pace
      // with its 1,5 of L2's 6 (the LPO's 2 of 6 is behind), so she is pointed at her group's dialogue answers
      expect(anna.reply.text).not.toContain("ligger efter");
      expect(anna.reply.text).toContain("Färre än 5 av de 5 i IG Turlag 1 har svarat på dialogen ”Trygghet i centrum”");
      const sara = teams.sent.find((s) => personOf(s) === "sara.nilsson")!;
      expect(sara.reply.text).toContain(
        "IG Turlag 3 ligger efter på L1 Ökad polisiär närvaro vid resecentrum fredag och lördag kväll (Åsby kommun): 0 av 4 h denna vecka",
      );
      expect(anna.to).toEqual({
        kind: "person",
        userId: "00290f12-1a3a-4bee-b515-f5fb060e9290",
        personId: "anna.berg",
      });
      const johan = slack.sent[0];
      expect(johan.to).toEqual({ kind: "person", userId: "U0DEMO010", personId: "johan.lindqvist" });
      expect(johan.reply.text).toContain("Ingen av de 5 i IG Turlag 2 har loggat något");

      const ledger = await core.db.prisma.delivery.findMany({ where: { job: "gruppchef-digest" } });
      expect(
        ledger
          .filter((d) => d.status === "sent")
          .map((d) => d.recipient)
          .sort(),
      ).toEqual(["person:anna.berg", "person:johan.lindqvist", "person:karin.sjoberg", "person:sara.nilsson"]);
      const audited = await core.db.prisma.auditEvent.findMany({ where: { action: "followup.view" } });
      expect(audited.filter((e) => JSON.parse(e.detail).kind === "digest").map((e) => e.actorId)).toContain(
        "anna.berg",
      );

      // a new week is a new period
      const next = await runner("a", { slack, teams }).run(job, new Date("2026-11-27T12:00:00Z"));
      expect(next).toMatchObject({ period: "2026-W48", sent: 4 });
    });

    it("says once that a digest could not be delivered, not again on every later run of the same week", async (ctx) => {
      if (!core) return ctx.skip();
      const { logger, lines } = capturedLog();
      const job = registry.job("gruppchef-digest")!;
      const senders = { slack: new RecordingSender("slack"), teams: new RecordingSender("teams") };
      const process = () =>
        new JobRunner({ ctx: { ...core!.ctx, logger }, ledger: new DeliveryLedger(core!.db.prisma, "a"), senders });
      const logging = process();
      // Mikael is on neither platform: undelivered on every run of week 49, for the same reason
      const week49 = ["2026-12-04T12:00:00Z", "2026-12-04T12:01:00Z", "2026-12-05T09:00:00Z"];
      const outcomes = [];
      for (const at of week49) outcomes.push(await logging.run(job, new Date(at)));
      for (const outcome of outcomes) expect(outcome).toMatchObject({ period: "2026-W49", unsendable: 1 });
      const undelivered = lines.filter((l) => l.event === "job.undelivered");
      expect(undelivered).toHaveLength(1);
      expect(undelivered[0]).toMatchObject({
        count: 1,
        reasons: { "mottagaren har ingen Slack- eller Teams-identitet i organisationen": 1 },
      });
      // the run lines after the first say nothing new: debug, not info
      expect(lines.filter((l) => l.event === "job.run")).toHaveLength(1);
      // a new week is news again, and so is the same week after a restart
      await logging.run(job, new Date("2026-12-11T12:00:00Z"));
      expect(lines.filter((l) => l.event === "job.undelivered")).toHaveLength(2);
      await process().run(job, new Date("2026-12-05T10:00:00Z"));
      expect(lines.filter((l) => l.event === "job.undelivered")).toHaveLength(3);
    });

    it("sends the monthly follow-up to each kommunpolis and the LPO-chef once per month", async (ctx) => {
      if (!core) return ctx.skip();
      const monthlySlack = new RecordingSender("slack", { delayMs: 5 });
      const monthlyTeams = new RecordingSender("teams", { delayMs: 5 });
      const job = registry.job("monthly-followup")!;
      const at = new Date("2026-11-01T07:00:00Z"); // 08:00 in Stockholm on the 1st
      const first = await runner("a", { slack: monthlySlack, teams: monthlyTeams }).run(job, at);
      const again = await runner("b", { slack: monthlySlack, teams: monthlyTeams }).run(job, at);
      expect(first).toMatchObject({ period: "2026-10", planned: 3, sent: 3 });
      expect(again).toMatchObject({ period: "2026-10", sent: 0, alreadyDone: 3 });
      expect(monthlyTeams.sent.map(personOf).sort()).toEqual(["erik.johansson", "lena.forsberg", "per.andersson"]);
      for (const s of monthlyTeams.sent) {
        expect(s.reply.text).toContain("Månadsuppföljning oktober 2026 – LPO Norrdal");
        expect(s.reply.text).toContain("Efter målet tre månader i rad: L2 (Norrdals kommun)");
      }
    });

    it("runs the digest on the LPO's own schedule when it has one", async (ctx) => {
      if (!core) return ctx.skip();
      const job = registry.job("gruppchef-digest")!;
      expect(job.defaultCron).toBe("0 13 * * 5");
      const entries = scheduleEntries(
        [job],
        [
          { id: "norrdal", weeklyStatusCron: null, digestCron: "30 14 * * 4" },
          { id: "other", weeklyStatusCron: null, digestCron: null },
        ],
      );
      expect(entries.map((e) => [e.cron, e.lpoIds])).toEqual([
        ["30 14 * * 4", ["norrdal"]],
        ["0 13 * * 5", ["other"]],
      ]);
    });
  });
}
