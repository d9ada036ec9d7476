// Teams conversation references (what the bot needs to write to a chat or
// channel later) in the ConversationRef table: stored on install, refreshed on
// every message, read by the Teams sender. A message whose reference is what
// this process stored for the conversation in the last ten minutes writes
// nothing (most messages, under load two queries saved per message).
import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import type { Prisma } from "../../src/storage/database.js";
import { type ConversationKind, conversationIdOf, conversationKind, tenantIdOf } from "./inbound.js";

const PLATFORM = "teams";

export interface StoredReference {
  conversationId: string;
  kind: ConversationKind;
  tenantId: string | null;
  serviceUrl: string | null;
  personId: string | null;
  reference: Partial<ConversationReference>;
}

type Row = {
  conversationId: string;
  kind: string;
  tenantId: string | null;
  serviceUrl: string | null;
  personId: string | null;
  reference: string;
};

function fromRow(row: Row): StoredReference {
  return {
    conversationId: row.conversationId,
    kind: row.kind as ConversationKind,
    tenantId: row.tenantId,
    serviceUrl: row.serviceUrl,
    personId: row.personId,
    reference: JSON.parse(row.reference) as Partial<ConversationReference>,
  };
}

/**
 * The reference to write to this conversation later: a channel's own id (a
 * new post, not a reply in the thread the message came from), no activity id.
 */
export function proactiveReference(activity: Partial<Activity>): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  const conversationId = conversationIdOf(activity);
  const tenantId = tenantIdOf(activity);
  reference.activityId = undefined;
  reference.conversation = {
    ...reference.conversation,
    id: conversationId,
    isGroup: conversationKind(activity) !== "personal",
    conversationType: conversationKind(activity),
    ...(tenantId ? { tenantId } : {}),
  } as ConversationReference["conversation"];
  return JSON.parse(JSON.stringify(reference)) as Partial<ConversationReference>;
}

type RefData = {
  kind: string;
  tenantId: string | null;
  serviceUrl: string;
  reference: string;
  personId: string | null;
};

export class ConversationRefStore {
  /** conversation id → what this process last stored for it, and when */
  private readonly stored = new Map<string, { data: string; at: number }>();

  constructor(
    private readonly prisma: Prisma,
    private readonly rememberMs = 10 * 60_000,
    private readonly maxRemembered = 50_000,
  ) {}

  /** Stores (or refreshes) the reference of the conversation an activity came from. */
  async save(activity: Partial<Activity>, personId: string | null): Promise<void> {
    const conversationId = conversationIdOf(activity);
    if (!conversationId || !activity.serviceUrl) return;
    const kind = conversationKind(activity);
    const data = {
      kind,
      tenantId: tenantIdOf(activity) ?? null,
      serviceUrl: activity.serviceUrl,
      reference: JSON.stringify(proactiveReference(activity)),
      personId: kind === "personal" ? personId : null,
    };
    await this.upsert(conversationId, data);
  }

  /** Stores the reference of a chat the bot created itself (a new 1:1 chat). */
  async saveReference(reference: Partial<ConversationReference>, personId: string | null): Promise<void> {
    const conversationId = reference.conversation?.id;
    if (!conversationId || !reference.serviceUrl) return;
    await this.upsert(conversationId, {
      kind: "personal",
      tenantId: reference.conversation?.tenantId ?? null,
      serviceUrl: reference.serviceUrl,
      reference: JSON.stringify({ ...reference, activityId: undefined }),
      personId,
    });
  }

  private async upsert(conversationId: string, data: RefData): Promise<void> {
    const key = JSON.stringify(data);
    const last = this.stored.get(conversationId);
    if (last && last.data === key && Date.now() - last.at < this.rememberMs) return;
    this.stored.delete(conversationId);
    await this.write(conversationId, data);
    if (this.stored.size >= this.maxRemembered) this.stored.clear();
    this.stored.set(conversationId, { data: key, at: Date.now() });
  }

  private async write(conversationId: string, data: RefData): Promise<void> {
    const where = { platform_conversationId: { platform: PLATFORM, conversationId } };
    try {
      await this.prisma.conversationRef.upsert({
        where,
        create: { platform: PLATFORM, conversationId, ...data },
        // a message from someone not (yet) known must not drop the person of a 1:1 chat
        update: data.personId === null ? { ...data, personId: undefined } : data,
      });
    } catch (error) {
      // two first messages at once: the other one created the row; update it
      if ((error as { code?: string }).code !== "P2002") throw error;
      await this.prisma.conversationRef.update({ where, data });
    }
  }

  async remove(activity: Partial<Activity>): Promise<void> {
    const conversationId = conversationIdOf(activity);
    if (!conversationId) return;
    this.stored.delete(conversationId);
    await this.prisma.conversationRef.deleteMany({ where: { platform: PLATFORM, conversationId } });
  }

  async byConversation(conversationId: string): Promise<StoredReference | null> {
    const row = await this.prisma.conversationRef.findUnique({
      where: { platform_conversationId: { platform: PLATFORM, conversationId } },
    });
    return row ? fromRow(row) : null;
  }

  /** The person's 1:1 chat with the bot: by person id, else by their Entra id in a stored reference. */
  async personal(personId: string, aadObjectId: string): Promise<StoredReference | null> {
    const byPerson = await this.prisma.conversationRef.findFirst({
      where: { platform: PLATFORM, kind: "personal", personId },
      orderBy: { updatedAt: "desc" },
    });
    if (byPerson) return fromRow(byPerson);
    if (!aadObjectId) return null;
    const candidates = await this.prisma.conversationRef.findMany({
      where: { platform: PLATFORM, kind: "personal", reference: { contains: aadObjectId } },
      orderBy: { updatedAt: "desc" },
      take: 10,
    });
    const row = candidates.map(fromRow).find((r) => r.reference.user?.aadObjectId === aadObjectId);
    return row ?? null;
  }

  /** The most recently seen service URL (and tenant), for conversations the bot has no reference of. */
  async latestEndpoint(tenantId?: string): Promise<{ serviceUrl: string; tenantId: string | null } | null> {
    const row = await this.prisma.conversationRef.findFirst({
      where: { platform: PLATFORM, serviceUrl: { not: null }, ...(tenantId ? { tenantId } : {}) },
      orderBy: { updatedAt: "desc" },
      select: { serviceUrl: true, tenantId: true },
    });
    return row?.serviceUrl ? { serviceUrl: row.serviceUrl, tenantId: row.tenantId } : null;
  }
}
