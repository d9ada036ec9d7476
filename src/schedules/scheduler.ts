// Fires the jobs on their schedules (node-cron, in TZ_REGION; per LPO when the
// LPO has its own cron) and catches up at start: a run missed while the
// service was down is made now if its period is still current, and recorded
// as skipped if the period is over.
import cron, { type ScheduledTask } from "node-cron";
import type { CoreContext } from "../core/context.js";
import { previousRun } from "./cron.js";
import type { DeliveryLedger } from "./deliveryLedger.js";
import type { JobDefinition, LpoSchedule } from "./job.js";
import type { JobRunner } from "./jobRunner.js";

export interface ScheduleEntry {
  job: JobDefinition;
  cron: string;
  lpoIds: string[];
}

export function scheduleEntries(jobs: JobDefinition[], lpos: LpoSchedule[]): ScheduleEntry[] {
  const entries: ScheduleEntry[] = [];
  for (const job of jobs) {
    const byCron = new Map<string, string[]>();
    for (const lpo of lpos) {
      const expression = job.cronFor?.(lpo) ?? job.defaultCron;
      byCron.set(expression, [...(byCron.get(expression) ?? []), lpo.id]);
    }
    for (const [expression, lpoIds] of byCron) entries.push({ job, cron: expression, lpoIds });
  }
  return entries;
}

export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly runner: JobRunner,
    private readonly ledger: DeliveryLedger,
    private readonly jobs: JobDefinition[],
  ) {}

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error) =>
      this.ctx.logger.error({ event: "job.error", err: error }, "scheduled job failed"),
    );
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  async start(): Promise<void> {
    const entries = scheduleEntries(this.jobs, await this.runner.lpos());
    for (const entry of entries) {
      const task = cron.schedule(
        entry.cron,
        () => this.track(this.runner.run(entry.job, this.ctx.clock.now(), entry.lpoIds)),
        {
          timezone: this.ctx.timeZone,
          name: `${entry.job.name}:${entry.cron}`,
        },
      );
      this.tasks.push(task);
    }
    this.track(this.catchUp(entries));
  }

  /** Runs what was missed while the service was down (see the file comment). */
  async catchUp(entries: ScheduleEntry[]): Promise<void> {
    const now = this.ctx.clock.now();
    for (const entry of entries) {
      const last = previousRun(entry.cron, now, this.ctx.timeZone);
      if (!last) continue;
      const period = entry.job.periodOf(last, this.ctx.timeZone);
      if (period === entry.job.periodOf(now, this.ctx.timeZone)) {
        await this.runner.run(entry.job, now, entry.lpoIds);
      } else if (!(await this.ledger.hasAny(entry.job.name, period))) {
        await this.runner.skipMissed(
          entry.job,
          last,
          entry.lpoIds,
          "missed: the service was down at the scheduled time and the period is over",
        );
      }
    }
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.stop();
    this.tasks = [];
    await Promise.all([...this.running]);
  }
}
