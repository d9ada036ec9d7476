// A scheduled job: when it runs, which period a run belongs to, and what it
// delivers to whom. The runner (jobRunner.ts) makes each delivery exactly once.
import type { DeliveryRoute } from "../delivery/routes.js";

export type { DeliveryRoute };
import type { Reply } from "../core/reply.js";
import type { CoreContext } from "../core/context.js";

export interface PlannedDelivery {
  /** ledger key of the recipient, e.g. "slack:channel:C0DEMOIG1" or "person:anna.berg" */
  recipient: string;
  /** where it can go, in order of preference; the first platform with a sender is used */
  routes: DeliveryRoute[];
  /** builds the message when (and only when) this instance sends it */
  build(): Promise<Reply>;
  /**
   * false: never kept in the console inbox when no platform takes it (a poll
   * reminder: who got one would tell who has not answered)
   */
  inbox?: false;
  /** the ledger period of this delivery when it is not the run's (a nudge moved past its week) */
  period?: string;
  /** set: not sent but recorded as skipped with this reason (its time passed unsent) */
  skip?: string;
}

/** One group's next scheduled delivery of a job, for `jobs list`. */
export interface GroupNextRun {
  group: string;
  at: Date | null;
  /** how the time was chosen, e.g. "fast tid", "första passet (natt)", "flyttad från 2026-12-25 (juldagen)" */
  basis: string;
}

export interface LpoSchedule {
  id: string;
  weeklyStatusCron: string | null;
  digestCron: string | null;
}

export interface JobDefinition {
  name: string;
  description: string;
  defaultCron: string;
  /** the LPO's own schedule for this job, when it has one */
  cronFor?(lpo: LpoSchedule): string | null;
  /** the period a run at `at` belongs to (ledger key), e.g. "2026-W48" */
  periodOf(at: Date, timeZone: string): string;
  /** the deliveries of one LPO for a run at `at` */
  plan(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]>;
  /** per group: when the next delivery is due (jobs whose time is decided per group) */
  nextRuns?(ctx: CoreContext, lpoId: string, now: Date): Promise<GroupNextRun[]>;
  /** what `jobs list` should say about the LPO beside the schedule (e.g. groups nobody can reach) */
  notes?(ctx: CoreContext, lpoId: string): Promise<string[]>;
  /** work that is not a delivery (closing polls, retention); runs before planning */
  prepare?(ctx: CoreContext, lpoId: string, at: Date): Promise<void>;
}
