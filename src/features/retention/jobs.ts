// Gallring every night: notes, free-text answers and the audit log older than
// configured. One run covers every LPO, so it runs for the first LPO only.
import { dayInZone } from "../../domain/calendar.js";
import type { JobDefinition } from "../../schedules/job.js";
import { runRetention } from "./retention.js";
import { firstLpoId } from "./store.js";

export const retentionJob: JobDefinition = {
  name: "retention",
  description: "Gallring: anteckningar, fritextsvar och granskningslogg äldre än inställt",
  defaultCron: "30 2 * * *",
  periodOf: (at, timeZone) => dayInZone(at, timeZone),
  async prepare(ctx, lpoId, at) {
    // one run covers every LPO: do it for the first only
    if ((await firstLpoId(ctx)) === lpoId) await runRetention(ctx, at);
  },
  async plan() {
    return [];
  },
};
