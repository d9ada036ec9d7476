// The follow-up's scheduled job: the monthly follow-up to the LPO's
// kommunpoliser and LPO-chef, on the 1st for the month before. It delivers
// through the runner and its ledger, so each recipient gets it exactly once
// per month; a month without any promise sends nothing.
import { isLang } from "../../domain/lang.js";
import { textReply } from "../../core/reply.js";
import type { JobDefinition, PlannedDelivery } from "../../schedules/job.js";
import { monthHasPromises, monthlyFollowUp, previousMonthKey } from "./monthlyFollowUp.js";
import { monthlyRecipients } from "./store.js";

export const monthlyFollowUpJob: JobDefinition = {
  name: "monthly-followup",
  description:
    "Månadsuppföljning till kommunpoliser och LPO-chef: utfört mot mål per aktivitet och grupp, dialoger, eskaleringar",
  defaultCron: "0 8 1 * *",
  periodOf: previousMonthKey,
  async plan(ctx, lpoId, at) {
    const month = previousMonthKey(at, ctx.timeZone);
    const planned: PlannedDelivery[] = [];
    if (!(await monthHasPromises(ctx, lpoId, month))) return planned;
    const recipients = await monthlyRecipients(ctx, lpoId);
    const routes = await ctx.routes.of(recipients.map((person) => person.id));
    for (const person of recipients) {
      const lang = isLang(person.lang) ? person.lang : ctx.defaultLang;
      planned.push({
        recipient: `person:${person.id}`,
        routes: routes.get(person.id) ?? [],
        build: async () => {
          const reply = await monthlyFollowUp(ctx, lpoId, month, lang);
          await ctx.audit.record(person.id, "followup.view", lpoId, { kind: "monthly", period: month });
          return reply ?? textReply(month);
        },
      });
    }
    return planned;
  },
};
