// The console inbox: where a message goes that no chat platform could take
// (none configured, or Teams not reachable yet), so that the whole product —
// weekly status, digests, invitations, results — can be tried with the
// console alone (`loftesbot chat --as PERSON` shows the unread ones on start,
// `loftesbot inbox --as PERSON` lists them). Invariants:
// - a message is kept once per person and delivery key (job, recipient,
//   period): a job run again does not add it twice; the same text of the
//   same job and period is kept once per person (one status to two channels);
// - a message to a person is kept for that person; one to a channel for the
//   members and the lead of the group bound to it; nothing else is guessed;
// - the text is stored as the console shows it (rendered by the caller), so
//   the inbox shows what the person would have read;
// - person ids are matched case-insensitively, as everywhere.
import type { Prisma } from "../storage/database.js";
import type { DeliveryRoute } from "./routes.js";

export interface InboxKey {
  job: string;
  recipient: string;
  period: string;
}

export interface InboxMessage {
  job: string;
  period: string;
  text: string;
  createdAt: Date;
  read: boolean;
}

const PERSON_KEY = /(?:^|:)person:([^:]+)$/;

export class ConsoleInbox {
  constructor(private readonly prisma: Prisma) {}

  /**
   * The people a delivery is meant for: the persons its routes name, the
   * person of a `person:ID` recipient key, the members and lead of the group
   * a channel route is bound to.
   */
  async peopleOf(recipient: string, routes: readonly DeliveryRoute[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const route of routes) if (route.to.kind === "person") ids.add(route.to.personId);
    const byKey = PERSON_KEY.exec(recipient)?.[1];
    if (byKey && !routes.some((r) => r.to.kind === "channel")) ids.add(byKey);
    for (const route of routes) {
      if (route.to.kind !== "channel") continue;
      const binding = await this.prisma.channelBinding.findUnique({
        where: { platform_channelId: { platform: route.platform, channelId: route.to.channelId } },
        select: { group: { select: { leadId: true, members: { select: { personId: true } } } } },
      });
      if (!binding) continue;
      for (const m of binding.group.members) ids.add(m.personId);
      if (binding.group.leadId) ids.add(binding.group.leadId);
    }
    if (ids.size === 0) return [];
    const known = await this.prisma.person.findMany({
      where: { id: { in: [...ids] }, forgottenAt: null },
      select: { id: true },
    });
    return known.map((p) => p.id).sort();
  }

  /** Whom a delivery goes to, for a person to read: "Anna Berg (anna.berg)", "kanal IG Turlag 1 (slack C0DEMOIG1)". */
  async recipientLabel(recipient: string, routes: readonly DeliveryRoute[]): Promise<string> {
    const labels: string[] = [];
    for (const route of routes) {
      if (route.to.kind === "channel") {
        const binding = await this.prisma.channelBinding.findUnique({
          where: { platform_channelId: { platform: route.platform, channelId: route.to.channelId } },
          select: { group: { select: { name: true } } },
        });
        labels.push(`kanal ${binding ? `${binding.group.name} ` : ""}(${route.platform} ${route.to.channelId})`);
      }
    }
    const people = await this.peopleOf(
      recipient,
      routes.filter((r) => r.to.kind === "person"),
    );
    if (people.length > 0) {
      const rows = await this.prisma.person.findMany({
        where: { id: { in: people } },
        select: { id: true, name: true },
      });
      const names = { slack: "Slack", teams: "Teams" };
      const via = [...new Set(routes.filter((r) => r.to.kind === "person").map((r) => names[r.platform]))];
      for (const p of rows)
        labels.push(
          `${p.name} (${p.id})${via.length > 0 ? ` via ${via.join(" eller ")}` : " – ingen Slack- eller Teams-identitet"}`,
        );
    }
    return labels.length > 0 ? labels.join(", ") : recipient;
  }

  /**
   * Keeps `text` for each person (once per person and key, and once per person, job and period
   * for the same text: a group's status to its Slack and its Teams channel is one message);
   * returns how many people got it.
   */
  keep(personIds: readonly string[], key: InboxKey, text: string): Promise<number> {
    // one at a time: a job's deliveries run in parallel, and two channels of a group carry the same text
    const kept = this.queue.then(() => this.keepNow(personIds, key, text));
    this.queue = kept.then(
      () => undefined,
      () => undefined,
    );
    return kept;
  }

  private queue: Promise<void> = Promise.resolve();

  private async keepNow(personIds: readonly string[], key: InboxKey, text: string): Promise<number> {
    for (const personId of personIds) {
      const same = await this.prisma.consoleInboxMessage.findFirst({
        where: { personId, job: key.job, period: key.period, text },
        select: { id: true },
      });
      if (same) continue;
      await this.prisma.consoleInboxMessage.upsert({
        where: { personId_job_recipient_period: { personId, ...key } },
        create: { personId, ...key, text },
        update: {},
      });
    }
    return personIds.length;
  }

  /** The person's messages, newest last; `unreadOnly` for what `chat` shows on start. */
  async list(personId: string, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<InboxMessage[]> {
    const id = await this.personId(personId);
    if (!id) return [];
    const rows = await this.prisma.consoleInboxMessage.findMany({
      where: { personId: id, ...(options.unreadOnly ? { readAt: null } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: options.limit ?? 50,
    });
    return rows.reverse().map((r) => ({
      job: r.job,
      period: r.period,
      text: r.text,
      createdAt: r.createdAt,
      read: r.readAt !== null,
    }));
  }

  /** Marks every message of the person read. */
  async markRead(personId: string, now: Date): Promise<void> {
    const id = await this.personId(personId);
    if (id)
      await this.prisma.consoleInboxMessage.updateMany({
        where: { personId: id, readAt: null },
        data: { readAt: now },
      });
  }

  /** The stored id of a person id typed in any case; null when unknown. */
  private async personId(typed: string): Promise<string | null> {
    const exact = await this.prisma.person.findUnique({ where: { id: typed }, select: { id: true } });
    if (exact) return exact.id;
    const lower = typed.toLowerCase();
    const all = await this.prisma.person.findMany({ select: { id: true } });
    return all.find((p) => p.id.toLowerCase() === lower)?.id ?? null;
  }
}
