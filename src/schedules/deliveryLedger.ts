// The delivery ledger: one row per job, recipient and period. A recipient's
// message is sent only by the instance that claims its row, and only while
// the row is not yet sent — across restarts, repeated runs and several
// instances on one PostgreSQL. A claim left by a crashed instance expires.
import type { Prisma } from "../storage/database.js";

export type DeliveryStatus = "pending" | "sent" | "failed" | "skipped" | "no-platform";

export interface DeliveryKey {
  job: string;
  recipient: string;
  period: string;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export class DeliveryLedger {
  constructor(
    private readonly prisma: Prisma,
    private readonly instanceId: string,
    /** a claim older than this is taken to be from a crashed instance */
    private readonly claimTimeoutMs = 10 * 60_000,
  ) {}

  private async ensure(
    key: DeliveryKey,
    status: DeliveryStatus = "pending",
    lastError: string | null = null,
  ): Promise<void> {
    const existing = await this.prisma.delivery.findUnique({ where: { job_recipient_period: key } });
    if (existing) return;
    try {
      await this.prisma.delivery.create({ data: { ...key, status, lastError } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /** true when this instance now owns the delivery and must send it */
  async claim(key: DeliveryKey, now: Date): Promise<boolean> {
    await this.ensure(key);
    const stale = new Date(now.getTime() - this.claimTimeoutMs);
    const result = await this.prisma.delivery.updateMany({
      where: {
        ...key,
        OR: [
          { status: "pending", claimedAt: null },
          { status: "failed" },
          { status: "no-platform" },
          { status: "pending", claimedAt: { lt: stale } },
        ],
      },
      data: { status: "pending", claimedBy: this.instanceId, claimedAt: now, attempts: { increment: 1 } },
    });
    return result.count === 1;
  }

  async markSent(key: DeliveryKey, now: Date): Promise<void> {
    await this.prisma.delivery.updateMany({
      where: { ...key, claimedBy: this.instanceId },
      data: { status: "sent", sentAt: now, lastError: null },
    });
  }

  async markFailed(key: DeliveryKey, reason: string): Promise<void> {
    await this.prisma.delivery.updateMany({
      where: { ...key, claimedBy: this.instanceId },
      data: { status: "failed", lastError: reason.slice(0, 500), claimedAt: null },
    });
  }

  /** No platform could take it (not configured, or not reachable yet): not a failure; tried again next run. */
  async markNoPlatform(key: DeliveryKey, reason: string): Promise<void> {
    await this.prisma.delivery.updateMany({
      where: { ...key, claimedBy: this.instanceId },
      data: { status: "no-platform", lastError: reason.slice(0, 500), claimedAt: null },
    });
  }

  /** Records a delivery that will not be made (e.g. the service was down over its period). */
  async markSkipped(key: DeliveryKey, reason: string): Promise<void> {
    await this.ensure(key, "skipped", reason);
  }

  /** true when the job has any row at all (it has run, or been skipped, on this database) */
  async hasAnyOf(job: string): Promise<boolean> {
    return (await this.prisma.delivery.count({ where: { job } })) > 0;
  }

  async hasAny(job: string, period: string): Promise<boolean> {
    return (await this.prisma.delivery.count({ where: { job, period } })) > 0;
  }

  async summary(job: string, period?: string): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.prisma.delivery.groupBy({
      by: ["status"],
      where: { job, ...(period ? { period } : {}) },
      _count: { _all: true },
    });
    const counts: Record<DeliveryStatus, number> = { pending: 0, sent: 0, failed: 0, skipped: 0, "no-platform": 0 };
    for (const row of rows) counts[row.status as DeliveryStatus] = row._count._all;
    return counts;
  }

  /** Only one instance runs a job at a time; the lease expires if its holder dies. */
  async acquireLease(name: string, now: Date, ttlMs: number): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    const taken = await this.prisma.jobLease.updateMany({
      where: { name, OR: [{ expiresAt: { lt: now } }, { holder: this.instanceId }] },
      data: { holder: this.instanceId, expiresAt },
    });
    if (taken.count === 1) return true;
    try {
      await this.prisma.jobLease.create({ data: { name, holder: this.instanceId, expiresAt } });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async releaseLease(name: string): Promise<void> {
    await this.prisma.jobLease.deleteMany({ where: { name, holder: this.instanceId } });
  }
}

/** Retries of a failed delivery that a frequently planned job makes on its own (`jobs run` makes more). */
export const AUTOMATIC_ATTEMPTS = 10;

/**
 * The ledger's rows of a job in the given periods, by period and recipient:
 * lets a job that plans every minute leave out what is already settled
 * without claiming each row again.
 */
export async function ledgerRows(
  prisma: Prisma,
  job: string,
  periods: string[],
): Promise<Map<string, { status: DeliveryStatus; attempts: number }>> {
  const rows = await prisma.delivery.findMany({
    where: { job, period: { in: periods } },
    select: { period: true, recipient: true, status: true, attempts: true },
  });
  return new Map(
    rows.map((r) => [`${r.period}|${r.recipient}`, { status: r.status as DeliveryStatus, attempts: r.attempts }]),
  );
}
