// The gruppchef digest's own database queries, all read-only: the leaders of
// an LPO's groups, whether the LPO shows names and has any poll, the groups
// bound to a channel, the groups' members and who of them logged. No platform
// ids are read here (the job reaches leaders through ctx.routes). A scope is
// an LPO's groups, or only some of them (a single leader's digest).
import type { CoreContext } from "../../core/context.js";

export interface GroupScope {
  lpoId: string;
  /** only these groups; every group of the LPO when absent */
  groupIds?: string[];
}

function groupWhere(scope: GroupScope) {
  return scope.groupIds ? { groupId: { in: scope.groupIds } } : { group: { lpoId: scope.lpoId } };
}

/** The LPO's groups that have a leader who is not forgotten, with the leader, by group id. */
export function ledGroups(ctx: CoreContext, lpoId: string) {
  return ctx.prisma.group.findMany({
    where: { lpoId, leadId: { not: null }, lead: { forgottenAt: null } },
    include: { lead: { select: { id: true, name: true, lang: true } } },
    orderBy: { id: "asc" },
  });
}

/** Whether the LPO has turned on names in the digest. */
export async function showsNamesInDigest(ctx: CoreContext, lpoId: string): Promise<boolean> {
  const lpo = await ctx.prisma.lpo.findUnique({ where: { id: lpoId }, select: { showNamesInDigest: true } });
  return lpo?.showNamesInDigest ?? false;
}

/** Whether the LPO has any poll beyond a draft. */
export async function hasAnyPoll(ctx: CoreContext, lpoId: string): Promise<boolean> {
  const row = await ctx.prisma.dialoguePoll.findFirst({
    where: { lpoId, status: { not: "draft" } },
    select: { id: true },
  });
  return row !== null;
}

/** The ids of the groups in scope that are bound to a channel. */
export async function boundGroupIds(ctx: CoreContext, scope: GroupScope): Promise<Set<string>> {
  const rows = await ctx.prisma.channelBinding.findMany({ where: groupWhere(scope), select: { groupId: true } });
  return new Set(rows.map((r) => r.groupId));
}

/** The memberships of the groups in scope (people not forgotten), with the person's name, by name. */
export function groupMemberships(ctx: CoreContext, scope: GroupScope) {
  return ctx.prisma.groupMember.findMany({
    where: { ...groupWhere(scope), person: { forgottenAt: null } },
    include: { person: { select: { id: true, name: true } } },
    orderBy: { person: { name: "asc" } },
  });
}

/** Who of these people logged anything (not undone) from `from` to `to`. */
export async function peopleWhoLogged(
  ctx: CoreContext,
  personIds: string[],
  from: string,
  to: string,
): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await ctx.prisma.activityEntry.findMany({
    where: { personId: { in: personIds }, day: { gte: from, lte: to }, undoneAt: null },
    select: { personId: true },
    distinct: ["personId"],
  });
  return new Set(rows.map((r) => r.personId));
}

/**
 * The key of the suggestion in the leader's last digest before this week (the audit line of a digest holds it),
 * looked for over the last five weeks; null when there is none.
 */
export async function lastSuggestion(ctx: CoreContext, leaderId: string, week: string): Promise<string | null> {
  const since = new Date(ctx.clock.now().getTime() - 35 * 24 * 3600 * 1000);
  const rows = await ctx.prisma.auditEvent.findMany({
    where: { actorId: leaderId, action: "followup.view", at: { gte: since } },
    orderBy: { at: "desc" },
    select: { detail: true },
    take: 20,
  });
  for (const row of rows) {
    try {
      const detail = JSON.parse(row.detail) as { kind?: string; period?: string; suggestion?: string };
      if (detail.kind === "digest" && detail.period && detail.period < week && detail.suggestion)
        return detail.suggestion;
    } catch {
      // not a digest's line
    }
  }
  return null;
}
