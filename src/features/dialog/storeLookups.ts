// The poll flows' reads of tables that are not the poll's own: the promises
// and kommuner a poll can concern, the members of the groups asked, the
// channels bound to a group, people's languages, the forward requests in
// the audit log and what the delivery ledger has sent. Read-only; together with store.ts these are all of the
// feature's database queries.
import { z } from "zod/v4";
import type { CoreContext } from "../../core/context.js";
import { parseJson } from "../../core/json.js";

/** What a new poll of the LPO can concern: its promises not yet ended, and its kommuner. */
export async function concernSources(
  ctx: CoreContext,
  lpoId: string,
  day: string,
): Promise<{
  promises: { id: string; title: string; kommunName: string }[];
  kommuner: { id: string; name: string }[];
}> {
  const promises = await ctx.prisma.citizenPromise.findMany({
    where: { kommun: { lpoId }, toDay: { gte: day } },
    include: { kommun: { select: { name: true } } },
    orderBy: [{ fromDay: "asc" }, { id: "asc" }],
  });
  const kommuner = await ctx.prisma.kommun.findMany({ where: { lpoId }, orderBy: { name: "asc" } });
  return {
    promises: promises.map((p) => ({ id: p.id, title: p.title, kommunName: p.kommun.name })),
    kommuner: kommuner.map((k) => ({ id: k.id, name: k.name })),
  };
}

/** The kommun of a promise, or null. */
export async function promiseKommunId(ctx: CoreContext, promiseId: string): Promise<string | null> {
  const promise = await ctx.prisma.citizenPromise.findUnique({
    where: { id: promiseId },
    select: { kommunId: true },
  });
  return promise?.kommunId ?? null;
}

/** The members of the groups (without forgotten people), by person id. */
export async function groupMembers(
  ctx: CoreContext,
  groupIds: string[],
): Promise<{ personId: string; groupId: string }[]> {
  return ctx.prisma.groupMember.findMany({
    where: { groupId: { in: groupIds }, person: { forgottenAt: null } },
    select: { personId: true, groupId: true },
    orderBy: { personId: "asc" },
  });
}

/** The channels bound to the groups. */
export async function boundChannels(
  ctx: CoreContext,
  groupIds: string[],
): Promise<{ platform: string; channelId: string }[]> {
  return ctx.prisma.channelBinding.findMany({
    where: { groupId: { in: groupIds } },
    select: { platform: true, channelId: true },
  });
}

/** Each known, not forgotten person's stored language (null when none was chosen). */
export async function peopleLangs(ctx: CoreContext, ids: string[]): Promise<Map<string, { lang: string | null }>> {
  const rows = await ctx.prisma.person.findMany({
    where: { id: { in: ids }, forgottenAt: null },
    select: { id: true, lang: true },
  });
  return new Map(rows.map((r) => [r.id, { lang: r.lang }]));
}

/** The detail of a `poll.results.forward` audit row (results.ts writes it). */
const forwardDetail = z.object({ groups: z.array(z.string()).optional() });

export interface ForwardRequest {
  pollId: string;
  /** the gruppchef who asked; null if forgotten */
  actorId: string | null;
  /** the groups whose channels get the results; null when the detail cannot be read */
  groups: string[] | null;
}

/** Every "Skicka till gruppen" of these polls, oldest first. */
export async function forwardRequests(ctx: CoreContext, pollIds: string[]): Promise<ForwardRequest[]> {
  const rows = await ctx.prisma.auditEvent.findMany({
    where: { action: "poll.results.forward", subject: { in: pollIds } },
    orderBy: { at: "asc" },
  });
  return rows.map((r) => {
    const detail = parseJson(r.detail, forwardDetail);
    return { pollId: r.subject, actorId: r.actorId, groups: detail ? (detail.groups ?? []) : null };
  });
}

/** Ledger rows already sent for one job, period and key prefix (to plan only what is left). */
export async function deliveredKeys(
  ctx: CoreContext,
  job: string,
  period: string,
  prefix: string,
): Promise<Set<string>> {
  const rows = await ctx.prisma.delivery.findMany({
    where: { job, period, status: "sent", recipient: { startsWith: prefix } },
    select: { recipient: true },
  });
  return new Set(rows.map((r) => r.recipient));
}
