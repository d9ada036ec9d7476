// Runs a job for a period: plans the deliveries, claims each in the ledger,
// builds and sends it, records sent or failed. Different recipients are sent
// in parallel (the platform senders keep each channel inside its rate limit);
// a failure is recorded with its reason and retried on the next run.
import type { ChatPlatform, ChatSender } from "../delivery/chatSender.js";
import { metrics } from "../http/metrics.js";
import type { CoreContext } from "../core/context.js";
import type { DeliveryLedger } from "./deliveryLedger.js";
import type { JobDefinition, PlannedDelivery } from "./job.js";

export type Senders = Partial<Record<ChatPlatform, ChatSender>>;

export interface JobRunOutcome {
  job: string;
  period: string;
  planned: number;
  sent: number;
  alreadyDone: number;
  failed: number;
  /** recorded as skipped: their time passed unsent */
  skipped: number;
  /** no sender for the platform (it is not configured) */
  unsendable: number;
  /** another instance holds the job's lease */
  busy?: boolean;
}

export interface JobRunnerOptions {
  ctx: CoreContext;
  ledger: DeliveryLedger;
  senders: Senders;
  concurrency?: number;
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(workers);
}

export class JobRunner {
  constructor(private readonly options: JobRunnerOptions) {}

  async lpos() {
    return this.options.ctx.prisma.lpo.findMany({
      select: { id: true, weeklyStatusCron: true, digestCron: true },
      orderBy: { id: "asc" },
    });
  }

  /** Runs `job` as if at `at` for the given LPOs (default: all). Safe to repeat. */
  async run(job: JobDefinition, at: Date, lpoIds?: string[]): Promise<JobRunOutcome> {
    const { ctx, ledger, senders } = this.options;
    const period = job.periodOf(at, ctx.timeZone);
    const outcome: JobRunOutcome = {
      job: job.name,
      period,
      planned: 0,
      sent: 0,
      alreadyDone: 0,
      failed: 0,
      skipped: 0,
      unsendable: 0,
    };
    const now = ctx.clock.now();
    const leaseName = `job:${job.name}`;
    if (!(await ledger.acquireLease(leaseName, now, 15 * 60_000))) return { ...outcome, busy: true };
    try {
      const ids = lpoIds ?? (await this.lpos()).map((l) => l.id);
      const planned: PlannedDelivery[] = [];
      for (const lpoId of ids) {
        await job.prepare?.(ctx, lpoId, at);
        planned.push(...(await job.plan(ctx, lpoId, at)));
      }
      outcome.planned = planned.length;
      await inParallel(planned, this.options.concurrency ?? 64, async (delivery) => {
        const key = { job: job.name, recipient: delivery.recipient, period: delivery.period ?? period };
        if (delivery.skip !== undefined) {
          await ledger.markSkipped(key, delivery.skip);
          outcome.skipped++;
          return;
        }
        const routes = delivery.routes.filter((r) => senders[r.platform]);
        if (routes.length === 0) {
          outcome.unsendable++;
          return;
        }
        if (!(await ledger.claim(key, ctx.clock.now()))) {
          outcome.alreadyDone++;
          return;
        }
        // a person reachable on both platforms gets it on the first that works (Teams first)
        const reasons: string[] = [];
        try {
          const reply = await delivery.build();
          for (const route of routes) {
            const result = await senders[route.platform]!.send(route.to, reply);
            if (result.ok) {
              await ledger.markSent(key, ctx.clock.now());
              outcome.sent++;
              metrics.deliveries.inc({ job: job.name, outcome: "sent" });
              return;
            }
            reasons.push(`${route.platform}: ${result.error}`);
          }
          await ledger.markFailed(key, reasons.join("; "));
          outcome.failed++;
          metrics.deliveries.inc({ job: job.name, outcome: "failed" });
          ctx.logger.warn(
            {
              event: "delivery.failed",
              job: job.name,
              recipient: delivery.recipient,
              period,
              reason: reasons.join("; "),
            },
            "delivery failed",
          );
        } catch (error) {
          await ledger.markFailed(key, error instanceof Error ? error.message : String(error));
          outcome.failed++;
          ctx.logger.error(
            { event: "delivery.error", job: job.name, recipient: delivery.recipient, period, err: error },
            "delivery error",
          );
        }
      });
      // frequent jobs with nothing to do stay out of the info log
      const level = outcome.planned === 0 ? "debug" : "info";
      ctx.logger[level]({ event: "job.run", ...outcome }, `job ${job.name} ran`);
      return outcome;
    } finally {
      await ledger.releaseLease(leaseName);
    }
  }

  /**
   * Records every planned delivery of a missed period as skipped (the service
   * was down over the scheduled time and that period is over).
   */
  async skipMissed(job: JobDefinition, at: Date, lpoIds: string[], reason: string): Promise<number> {
    const { ctx, ledger } = this.options;
    const period = job.periodOf(at, ctx.timeZone);
    let skipped = 0;
    for (const lpoId of lpoIds) {
      for (const delivery of await job.plan(ctx, lpoId, at)) {
        await ledger.markSkipped(
          { job: job.name, recipient: delivery.recipient, period: delivery.period ?? period },
          delivery.skip ?? reason,
        );
        skipped++;
      }
    }
    if (skipped > 0)
      ctx.logger.warn(
        { event: "job.skipped", job: job.name, period, skipped, reason },
        "missed period recorded as skipped",
      );
    return skipped;
  }
}
