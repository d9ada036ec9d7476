// Teams conversation references (what the bot needs to write to a chat or
// channel later) in the ConversationRef table: stored on install, refreshed on
// every message, read by the Teams sender. Only the fields a proactive message
// needs are kept, each within a size limit, and only with a service URL the
// mode allows (serviceUrl.ts); rows that fail that check are never read. A
// message whose reference is what this process stored for the conversation in
// the last ten minutes writes nothing (under load two queries saved per message).
// A reference that is written goes out as one raw upsert (INSERT … ON
// CONFLICT): on SQLite in the shared connection's group commit with the lines
// in flight, on PostgreSQL one statement. Prisma's `upsert` ran a transaction
// of its own for it, which held up every other write on the SQLite connection
// while it was open (about 4 ms of the service's CPU per first message). A
// stored row that already says the same is left as it is (the upsert's WHERE):
// a person's message after the ten minutes, or after a restart, writes nothing,
// so on PostgreSQL it costs no commit of its own (a WAL flush). `updatedAt` is
// therefore when the reference last changed, not when it was last used.
import { randomUUID } from "node:crypto";
import type { Activity, ConversationReference } from "botbuilder";
import type { Prisma } from "../../src/storage/database.js";
import { type EmbeddedSqlite, RawStatements } from "../../src/storage/embeddedSqlite.js";
import * as SQL from "../../src/storage/sql.js";
import { type ConversationKind, conversationIdOf, conversationKind, tenantIdOf } from "./inbound.js";
import { MAX_SERVICE_URL } from "./serviceUrl.js";

const PLATFORM = "teams";

/** Limits of what is stored: far above real Teams values, far below what a request could carry. */
export const REFERENCE_LIMITS = { id: 512, tenantId: 128, channelId: 64, name: 128 } as const;

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

/** An over-long value: the whole reference is refused, not cut (a cut id would point elsewhere). */
class Absurd extends Error {}

/** A string within `max`, undefined when missing or not a string; throws Absurd when longer. */
function field(value: unknown, max: number): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (value.length > max) throw new Absurd();
  return value;
}

/** Display names only: cut rather than refused. */
function name(value: unknown): string | undefined {
  return typeof value === "string" ? value.slice(0, REFERENCE_LIMITS.name) : undefined;
}

/**
 * The reference to write to this conversation later, with only what that
 * needs: the service URL, the channel, the conversation (a channel's own id —
 * a new post, not a reply in the thread the message came from — its kind and
 * tenant), the bot and the user's ids. No activity id, no other fields of the
 * request. Null when a needed value is missing or absurdly long.
 */
export function proactiveReference(activity: Partial<Activity>): Partial<ConversationReference> | null {
  try {
    const conversationId = field(conversationIdOf(activity), REFERENCE_LIMITS.id);
    const serviceUrl = field(activity.serviceUrl, MAX_SERVICE_URL);
    if (!conversationId || !serviceUrl) return null;
    const kind = conversationKind(activity);
    const tenantId = field(tenantIdOf(activity), REFERENCE_LIMITS.tenantId);
    const botId = field(activity.recipient?.id, REFERENCE_LIMITS.id);
    const userId = field(activity.from?.id, REFERENCE_LIMITS.id);
    const aadObjectId = field(activity.from?.aadObjectId, REFERENCE_LIMITS.id);
    const reference = {
      channelId: field(activity.channelId, REFERENCE_LIMITS.channelId) ?? "msteams",
      serviceUrl,
      conversation: {
        id: conversationId,
        isGroup: kind !== "personal",
        conversationType: kind,
        ...(tenantId ? { tenantId } : {}),
      },
      ...(botId ? { bot: { id: botId, name: name(activity.recipient?.name) ?? "" } } : {}),
      ...(userId || aadObjectId
        ? { user: { id: userId ?? "", name: "", ...(aadObjectId ? { aadObjectId } : {}) } }
        : {}),
    };
    return reference as Partial<ConversationReference>;
  } catch (error) {
    if (error instanceof Absurd) return null;
    throw error;
  }
}

type RefData = {
  kind: string;
  tenantId: string | null;
  serviceUrl: string;
  reference: string;
  personId: string | null;
};

export interface ConversationRefOptions {
  /** the shared SQLite connection (database.ts), for the write's group commit; none on PostgreSQL */
  embedded?: EmbeddedSqlite | null;
  /** how long an unchanged reference this process stored is not written again */
  rememberMs?: number;
  maxRemembered?: number;
}

export class ConversationRefStore {
  /** conversation id → what this process last stored for it, and when */
  private readonly stored = new Map<string, { data: string; at: number }>();
  private readonly raw: RawStatements;
  private readonly rememberMs: number;
  private readonly maxRemembered: number;

  /**
   * @param allows the mode's service URL policy (serviceUrl.ts): nothing else is stored, nor read back
   */
  constructor(
    private readonly prisma: Prisma,
    readonly allows: (serviceUrl: string) => boolean,
    options: ConversationRefOptions = {},
  ) {
    this.raw = new RawStatements(prisma, options.embedded ?? null);
    this.rememberMs = options.rememberMs ?? 10 * 60_000;
    this.maxRemembered = options.maxRemembered ?? 50_000;
  }

  private usable(row: Row | null): StoredReference | null {
    return row?.serviceUrl && this.allows(row.serviceUrl) ? fromRow(row) : null;
  }

  /**
   * Stores (or refreshes) the reference of the conversation an activity came
   * from; an activity with a service URL the mode does not allow, or with an
   * absurd value, stores nothing. Returns whether it was stored.
   */
  async save(activity: Partial<Activity>, personId: string | null): Promise<boolean> {
    const reference = proactiveReference(activity);
    if (!reference?.serviceUrl || !reference.conversation || !this.allows(reference.serviceUrl)) return false;
    const kind = conversationKind(activity);
    await this.upsert(reference.conversation.id, {
      kind,
      tenantId: reference.conversation.tenantId ?? null,
      serviceUrl: reference.serviceUrl,
      reference: JSON.stringify(reference),
      personId: kind === "personal" ? personId : null,
    });
    return true;
  }

  /** Stores the reference of a chat the bot created itself (a new 1:1 chat), by the same rules. */
  async saveReference(reference: Partial<ConversationReference>, personId: string | null): Promise<boolean> {
    const activity: Partial<Activity> = {
      channelId: reference.channelId,
      serviceUrl: reference.serviceUrl,
      conversation: {
        ...reference.conversation,
        conversationType: "personal",
        isGroup: false,
      } as Activity["conversation"],
      recipient: reference.bot,
      from: reference.user,
    };
    return this.save(activity, personId);
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

  /** One statement, both databases: a message from someone not (yet) known never drops the person of a 1:1 chat. */
  private async write(conversationId: string, data: RefData): Promise<void> {
    await this.raw.execute(SQL.sql`
      INSERT INTO "conversation_ref"
        ("id", "platform", "conversationId", "kind", "tenantId", "serviceUrl", "reference", "personId", "updatedAt")
      VALUES (${randomUUID()}, ${PLATFORM}, ${conversationId}, ${data.kind}, ${data.tenantId}, ${data.serviceUrl},
        ${data.reference}, ${data.personId}, ${new Date()})
      ON CONFLICT ("platform", "conversationId") DO UPDATE SET
        "kind" = excluded."kind", "tenantId" = excluded."tenantId", "serviceUrl" = excluded."serviceUrl",
        "reference" = excluded."reference", "personId" = COALESCE(excluded."personId", "conversation_ref"."personId"),
        "updatedAt" = excluded."updatedAt"
      WHERE excluded."kind" IS DISTINCT FROM "conversation_ref"."kind"
         OR excluded."tenantId" IS DISTINCT FROM "conversation_ref"."tenantId"
         OR excluded."serviceUrl" IS DISTINCT FROM "conversation_ref"."serviceUrl"
         OR excluded."reference" IS DISTINCT FROM "conversation_ref"."reference"
         OR COALESCE(excluded."personId", "conversation_ref"."personId") IS DISTINCT FROM "conversation_ref"."personId"`);
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
    return this.usable(row);
  }

  /** The person's 1:1 chat with the bot: by person id, else by their Entra id in a stored reference. */
  async personal(personId: string, aadObjectId: string): Promise<StoredReference | null> {
    const byPerson = await this.prisma.conversationRef.findMany({
      where: { platform: PLATFORM, kind: "personal", personId },
      orderBy: { updatedAt: "desc" },
      take: 10,
    });
    const own = byPerson.map((row) => this.usable(row)).find((r) => r !== null);
    if (own) return own;
    if (!aadObjectId) return null;
    const candidates = await this.prisma.conversationRef.findMany({
      where: { platform: PLATFORM, kind: "personal", reference: { contains: aadObjectId } },
      orderBy: { updatedAt: "desc" },
      take: 10,
    });
    const row = candidates
      .map((r) => this.usable(r))
      .find((r) => r !== null && r.reference.user?.aadObjectId === aadObjectId);
    return row ?? null;
  }

  /**
   * The most recently stored service URL the mode allows (and its tenant), for
   * conversations the bot has no reference of: only ever one that came with an
   * authenticated activity (or, in local mode, a loopback one), never a URL a
   * caller merely named.
   */
  async latestEndpoint(tenantId?: string): Promise<{ serviceUrl: string; tenantId: string | null } | null> {
    const rows = await this.prisma.conversationRef.findMany({
      where: { platform: PLATFORM, serviceUrl: { not: null }, ...(tenantId ? { tenantId } : {}) },
      orderBy: { updatedAt: "desc" },
      select: { serviceUrl: true, tenantId: true },
      take: 50,
    });
    const row = rows.find((r) => r.serviceUrl && this.allows(r.serviceUrl));
    return row?.serviceUrl ? { serviceUrl: row.serviceUrl, tenantId: row.tenantId } : null;
  }
}
