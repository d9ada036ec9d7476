// Runs a job for a period: plans the deliveries, claims each in the ledger,
// builds and sends it, records sent or failed. Different recipients are sent
// in parallel (the platform senders keep each channel inside its rate limit);
// a failure is recorded with its reason and retried on the next run.
// A delivery no chat platform can take (none configured for its routes, or
// the platform cannot reach it yet: nobody has used Löftesbot in Teams) is
// not a failure: it is recorded as "no-platform" with the reason, kept in the
// console inbox, tried again on the next run, and summarised in ONE info line
// per run (warn and error are for what an operator must act on) — a delivery
// that stays undelivered for the same reason is in that line once per
// process, not on every later run (a restart says it again).
// A preview (`jobs run NAME --preview`) plans and builds every message and
// hands it to the caller: no lease, no ledger row, no send, no inbox, and the
// job's `prepare` (closing polls, retention) is not run.
import type { ChatPlatform, ChatSender } from "../delivery/chatSender.js";
import type { DeliveryRoute } from "../delivery/routes.js";
import type { Reply } from "../core/reply.js";
import { metrics } from "../http/metrics.js";
import type { CoreContext } from "../core/context.js";
import type { DeliveryLedger } from "./deliveryLedger.js";
import type { JobDefinition, PlannedDelivery } from "./job.js";

export type Senders = Partial<Record<ChatPlatform, ChatSender>>;

/** undelivered messages a runner remembers having told of, at most (then it starts afresh) */
const MAX_TOLD = 50_000;

export interface JobRunOutcome {
  job: string;
  period: string;
  planned: number;
  sent: number;
  alreadyDone: number;
  failed: number;
  /** recorded as skipped: their time passed unsent */
  skipped: number;
  /** no platform could take it (not configured, or not reachable yet): kept in the console inbox */
  unsendable: number;
  /** why, with how many each (e.g. "Teams: ingen har använt Löftesbot i Teams än" → 3) */
  unsendableReasons?: Record<string, number>;
  /** another instance holds the job's lease */
  busy?: boolean;
}

/** Where a message no platform could take is kept (the console inbox; see src/delivery/consoleInbox.ts). */
export interface UndeliveredKeeper {
  /** keeps the message for the people it was meant for; how many people got it */
  keep(key: { job: string; recipient: string; period: string }, routes: DeliveryRoute[], reply: Reply): Promise<number>;
}

export interface JobRunnerOptions {
  ctx: CoreContext;
  ledger: DeliveryLedger;
  senders: Senders;
  concurrency?: number;
  inbox?: UndeliveredKeeper;
}

/** One message a preview would send. */
export interface PreviewedDelivery {
  recipient: string;
  routes: DeliveryRoute[];
  reply: Reply;
}

const PLATFORM_NAMES: Record<ChatPlatform, string> = { slack: "Slack", teams: "Teams" };

/** Why a delivery's routes have no sender: the operator's words for the info line. */
export function noSenderReason(routes: readonly DeliveryRoute[], senders: Senders): string {
  if (Object.keys(senders).length === 0) return "ingen chattplattform är konfigurerad";
  if (routes.length === 0) return "mottagaren har ingen Slack- eller Teams-identitet i organisationen";
  return [...new Set(routes.map((r) => `${PLATFORM_NAMES[r.platform]}: inte konfigurerad`))].join("; ");
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
  /**
   * What this process has said it could not deliver, and why (job, recipient
   * and period → reason): a delivery still undelivered for the same reason on
   * a later run is not news. A restarted process says it once more.
   */
  private readonly told = new Map<string, string>();

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
    const undelivered: Record<string, number> = {};
    // what this process has not said yet (see `told`), and how many of those the console inbox keeps
    const newlyUndelivered: Record<string, number> = {};
    let newlyKept = 0;
    const noPlatform = async (
      key: { job: string; recipient: string; period: string },
      delivery: PlannedDelivery,
      reply: Reply,
      why: string,
    ) => {
      await ledger.markNoPlatform(key, why);
      if (delivery.inbox !== false) await this.options.inbox?.keep(key, delivery.routes, reply);
      undelivered[why] = (undelivered[why] ?? 0) + 1;
      const told = `${key.job}\u0000${key.recipient}\u0000${key.period}`;
      if (this.told.get(told) !== why) {
        if (this.told.size >= MAX_TOLD) this.told.clear();
        this.told.set(told, why);
        newlyUndelivered[why] = (newlyUndelivered[why] ?? 0) + 1;
        if (delivery.inbox !== false) newlyKept++;
      }
      metrics.deliveries.inc({ job: job.name, outcome: "no-platform" });
    };
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
        if (!(await ledger.claim(key, ctx.clock.now()))) {
          outcome.alreadyDone++;
          return;
        }
        // a person reachable on both platforms gets it on the first that works (Teams first)
        const reasons: string[] = [];
        const notYet: string[] = [];
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
            if (result.notYet) notYet.push(`${PLATFORM_NAMES[route.platform]}: ${result.notYet}`);
            else reasons.push(`${route.platform}: ${result.error}`);
          }
          if (reasons.length === 0) {
            // nothing an operator must act on: no platform could take it (yet)
            const unusable = delivery.routes.filter((r) => !senders[r.platform]);
            const why = [...notYet];
            if (unusable.length > 0 || why.length === 0) why.push(noSenderReason(unusable, senders));
            await noPlatform(key, delivery, reply, why.join("; "));
            outcome.unsendable++;
            return;
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
      if (outcome.unsendable > 0) outcome.unsendableReasons = undelivered;
      const newly = Object.values(newlyUndelivered).reduce((sum, n) => sum + n, 0);
      // frequent jobs with nothing new to say (nothing to do, or only what was already said) stay out of the info log
      const news = outcome.sent + outcome.failed + outcome.skipped + newly > 0;
      ctx.logger[news ? "info" : "debug"]({ event: "job.run", ...outcome }, `job ${job.name} ran`);
      if (newly > 0) {
        const why = Object.entries(newlyUndelivered)
          .map(([reason, n]) => `${reason} (${n})`)
          .join(", ");
        const also = outcome.unsendable > newly ? ` (${outcome.unsendable} i den här körningen)` : "";
        // a poll reminder is never kept (who got one would tell who has not answered): said as it is
        const where =
          newlyKept === newly
            ? "De finns i konsolens inkorg (loftesbot inbox --as PERSON)."
            : newlyKept === 0
              ? "De sparas inte i konsolens inkorg (det här jobbets meddelanden sparas aldrig där)."
              : `${newlyKept} av dem finns i konsolens inkorg (loftesbot inbox --as PERSON); de andra sparas aldrig där.`;
        ctx.logger.info(
          {
            event: "job.undelivered",
            job: job.name,
            period,
            count: newly,
            undeliveredThisRun: outcome.unsendable,
            reasons: newlyUndelivered,
          },
          `${job.name}: ${newly} meddelanden levererades inte – ${why}${also}. ${where}`,
        );
      }
      return outcome;
    } finally {
      await ledger.releaseLease(leaseName);
    }
  }

  /**
   * Every message the job would send at `at` (for the given LPOs, default
   * all), built but not sent: nothing is written (see the file comment).
   */
  async preview(
    job: JobDefinition,
    at: Date,
    lpoIds?: string[],
  ): Promise<{ period: string; deliveries: PreviewedDelivery[] }> {
    const { ctx } = this.options;
    const period = job.periodOf(at, ctx.timeZone);
    const ids = lpoIds ?? (await this.lpos()).map((l) => l.id);
    const deliveries: PreviewedDelivery[] = [];
    for (const lpoId of ids)
      for (const delivery of await job.plan(ctx, lpoId, at))
        deliveries.push({ recipient: delivery.recipient, routes: delivery.routes, reply: await delivery.build() });
    return { period, deliveries };
  }

  /**
   * Records every planned delivery of a missed period as skipped (the service
   * was down over the scheduled time and that period is over).
   */
  async skipMissed(job: JobDefinition, at: Date, lpoIds: string[], reason: string): Promise<number> {
    const { ctx, ledger } = this.options;
    const period = job.periodOf(at, ctx.timeZone);
    // no row of this job at all: the service has never run it (a fresh database), nothing was missed
    const firstStart = !(await ledger.hasAnyOf(job.name));
    let skipped = 0;
    for (const lpoId of lpoIds) {
      for (const delivery of await job.plan(ctx, lpoId, at)) {
        await ledger.markSkipped(
          { job: job.name, recipient: delivery.recipient, period: delivery.period ?? period },
          delivery.skip ??
            (firstStart ? "first start: periods before the service first ran are not caught up" : reason),
        );
        skipped++;
      }
    }
    if (skipped > 0 && firstStart)
      ctx.logger.info(
        { event: "job.skipped", job: job.name, period, skipped, reason: "first start" },
        "first start: the period before the service first ran is not caught up",
      );
    else if (skipped > 0)
      ctx.logger.warn(
        { event: "job.skipped", job: job.name, period, skipped, reason },
        "missed period recorded as skipped",
      );
    return skipped;
  }
}
