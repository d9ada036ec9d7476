// The gruppchef digest's job: a private weekly digest to each gruppchef. It
// delivers through the runner and its ledger, so each is sent exactly once per
// recipient and week.
import { dayInZone } from "../../domain/calendar.js";
import type { CoreContext } from "../../core/context.js";
import { DigestRun, digestHasContent, groupLeaders, type LeaderRef } from "./digestRun.js";
import { groupDigest } from "./digestMessage.js";
import { lastSuggestion } from "./store.js";
import { textReply } from "../../core/reply.js";
import { weekLabel } from "../../progress/progress.js";
import type { JobDefinition, PlannedDelivery } from "../../schedules/job.js";

export const groupDigestJob: JobDefinition = {
  name: "gruppchef-digest",
  description: "Veckosammanfattning privat till varje gruppchef: läget mot målen, dialoger och ett förslag",
  defaultCron: "0 13 * * 5",
  cronFor: (lpo) => lpo.digestCron,
  periodOf: (at, timeZone) => weekLabel(dayInZone(at, timeZone)),
  async plan(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]> {
    const planned: PlannedDelivery[] = [];
    const day = dayInZone(at, ctx.timeZone);
    const week = weekLabel(day);
    // every digest of the LPO shares one run: the activities, one progress snapshot (loaded when the first
    // digest is built), the members and who logged, loaded once instead of per leader and activity
    const run = new DigestRun(ctx, lpoId, day);
    const leaders: LeaderRef[] = [];
    for (const leader of await groupLeaders(ctx, lpoId))
      if (await digestHasContent(ctx, leader, at, { run })) leaders.push(leader);
    const routes = await ctx.routes.of(leaders.map((leader) => leader.id));
    for (const leader of leaders) {
      planned.push({
        recipient: `person:${leader.id}`,
        routes: routes.get(leader.id) ?? [],
        build: async () => {
          let suggestion: string | undefined;
          const reply = await groupDigest(ctx, leader, at, {
            run,
            previous: await lastSuggestion(ctx, leader.id, week),
            onSuggestion: (key) => {
              suggestion = key;
            },
          });
          await ctx.audit.record(leader.id, "followup.view", leader.groups.map((g) => g.id).join(","), {
            kind: "digest",
            period: week,
            ...(suggestion ? { suggestion } : {}),
          });
          return reply ?? textReply(week);
        },
      });
    }
    return planned;
  },
};
