// Immediate deliveries (a forwarded status, a follow-up message) go through
// the same ledger and senders as scheduled ones: once per key, retried by the
// sender, recorded as failed with the reason when they do not get through.
// One no platform can take is kept in the console inbox (like a job's).
import type { Outbound, OutboundResult } from "../core/context.js";
import type { DeliveryRoute } from "../delivery/routes.js";
import type { Reply } from "../core/reply.js";
import type { DeliveryLedger } from "./deliveryLedger.js";
import type { Senders, UndeliveredKeeper } from "./jobRunner.js";

export class LedgerOutbound implements Outbound {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly senders: Senders,
    private readonly now: () => Date,
    private readonly inbox?: UndeliveredKeeper,
  ) {}

  platforms() {
    return (Object.keys(this.senders) as (keyof Senders)[]).filter((p) => this.senders[p]);
  }

  async deliver(
    key: { job: string; recipient: string; period: string },
    routes: DeliveryRoute[],
    reply: Reply,
  ): Promise<OutboundResult> {
    const usable = routes.filter((r) => this.senders[r.platform]);
    if (usable.length === 0) {
      await this.inbox?.keep(key, routes, reply);
      return "no-platform";
    }
    if (!(await this.ledger.claim(key, this.now()))) return "already-sent";
    const reasons: string[] = [];
    try {
      for (const route of usable) {
        const result = await this.senders[route.platform]!.send(route.to, reply);
        if (result.ok) {
          await this.ledger.markSent(key, this.now());
          return "sent";
        }
        reasons.push(`${route.platform}: ${result.error}`);
      }
      await this.ledger.markFailed(key, reasons.join("; "));
      return "failed";
    } catch (error) {
      await this.ledger.markFailed(key, error instanceof Error ? error.message : String(error));
      return "failed";
    }
  }
}
