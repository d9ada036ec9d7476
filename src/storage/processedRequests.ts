// Requests already handled (a Slack retry, a repeated event or activity id, a
// double-clicked button): the first one claims the key and stores its reply;
// a repeat gets the same reply and changes nothing.
import type { Prisma } from "./database.js";

const PENDING = "";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export class ProcessedRequests {
  constructor(private readonly prisma: Prisma) {}

  /**
   * Runs `work` once per key. A repeat waits (up to `waitMs`) for the first
   * one's reply and returns it; `whileBusy` answers when it does not arrive.
   */
  async once<T>(key: string, work: () => Promise<T>, whileBusy: () => T, waitMs = 2_500): Promise<T> {
    try {
      await this.prisma.processedRequest.create({ data: { key, reply: PENDING } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const row = await this.prisma.processedRequest.findUnique({ where: { key } });
        if (row && row.reply !== PENDING) return JSON.parse(row.reply) as T;
        if (!row) return this.once(key, work, whileBusy, waitMs);
        if (Date.now() > deadline) return whileBusy();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    try {
      const result = await work();
      await this.prisma.processedRequest.update({
        where: { key },
        data: { reply: JSON.stringify(result, dropBinary) },
      });
      return result;
    } catch (error) {
      await this.prisma.processedRequest.delete({ where: { key } }).catch(() => undefined);
      throw error;
    }
  }

  async purgeOlderThan(cutoff: Date): Promise<number> {
    return (await this.prisma.processedRequest.deleteMany({ where: { createdAt: { lt: cutoff } } })).count;
  }
}

/**
 * What a repeat gets back: the reply without pictures and without the values
 * a form is pre-filled with. Those may be a person's own (anonymous) answers,
 * and the request key can be recomputed from a platform user id: they must not
 * be kept beside it. A repeated "open the form" gets the form empty.
 */
function dropBinary(key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return undefined;
  if (key === "values" || key === "initial") return undefined;
  return value;
}
