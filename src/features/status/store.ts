// The status feature's database reads and writes: bound channels, the members
// of groups that chose the weekly reminder and what they logged, and the
// forward requests (audit events) of the "forward the status" button. Reads
// only: no platform ids (routes come from ctx.routes / channelRoutes).
import type { CoreContext } from "../../core/context.js";

type Db = Pick<CoreContext, "prisma">;

export interface BoundChannel {
  platform: string;
  channelId: string;
  group: { id: string; name: string; shifts: string | null };
}

/** Every channel bound to a group of the LPO, by group and platform. */
export async function boundChannelsOfLpo(ctx: Db, lpoId: string): Promise<BoundChannel[]> {
  return ctx.prisma.channelBinding.findMany({
    where: { group: { lpoId } },
    select: { platform: true, channelId: true, group: { select: { id: true, name: true, shifts: true } } },
    orderBy: [{ groupId: "asc" }, { platform: "asc" }],
  });
}

export interface ReminderGroup {
  id: string;
  name: string;
  /** the stored shift rotation (JSON), null without one */
  shifts: string | null;
  members: { person: { id: string; name: string; lang: string | null; forgottenAt: Date | null } }[];
}

/** The LPO's groups that chose the weekly reminder, with their members. */
export async function reminderGroups(ctx: Db, lpoId: string): Promise<ReminderGroup[]> {
  return ctx.prisma.group.findMany({
    where: { lpoId, remindersEnabled: true },
    select: {
      id: true,
      name: true,
      shifts: true,
      members: { select: { person: { select: { id: true, name: true, lang: true, forgottenAt: true } } } },
    },
    orderBy: { id: "asc" },
  });
}

/** Which of `activityIds` the person logged (not undone) between the two days. */
export async function activitiesLoggedBy(
  ctx: Db,
  personId: string,
  from: string,
  to: string,
  activityIds: string[],
): Promise<Set<string>> {
  const logged = await ctx.prisma.activityEntry.findMany({
    where: { personId, day: { gte: from, lte: to }, undoneAt: null, activityId: { in: activityIds } },
    select: { activityId: true },
    distinct: ["activityId"],
  });
  return new Set(logged.map((l) => l.activityId));
}

/** The LPO's own weekly status time (cron), null when it uses the default. */
export async function weeklyStatusCronOf(ctx: Db, lpoId: string): Promise<string | null> {
  const lpo = await ctx.prisma.lpo.findUnique({ where: { id: lpoId }, select: { weeklyStatusCron: true } });
  return lpo?.weeklyStatusCron ?? null;
}

export interface GroupWithChannels {
  id: string;
  name: string;
  lpoId: string;
  leadId: string | null;
  channels: { platform: string; channelId: string }[];
}

export async function groupWithChannels(ctx: Db, groupId: string): Promise<GroupWithChannels | null> {
  return ctx.prisma.group.findUnique({
    where: { id: groupId },
    select: {
      id: true,
      name: true,
      lpoId: true,
      leadId: true,
      channels: { select: { platform: true, channelId: true } },
    },
  });
}

/** When the group's status was last asked to be forwarded, at or after `since`; null when not. */
export async function lastForwardSince(ctx: Db, action: string, groupId: string, since: Date): Promise<Date | null> {
  const recent = await ctx.prisma.auditEvent.findFirst({
    where: { action, subject: groupId, at: { gte: since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  return recent?.at ?? null;
}

/** Records a forward request, with the core's clock (not the database's). */
export async function recordForward(
  ctx: Db,
  request: { actorId: string; action: string; groupId: string; detail: string; at: Date },
): Promise<void> {
  await ctx.prisma.auditEvent.create({
    data: {
      actorId: request.actorId,
      action: request.action,
      subject: request.groupId,
      detail: request.detail,
      at: request.at,
    },
  });
}

/** Forward requests made from `from` up to `to`, oldest first. */
export async function forwardsBetween(
  ctx: Db,
  action: string,
  from: Date,
  to: Date,
): Promise<{ at: Date; detail: string }[]> {
  return ctx.prisma.auditEvent.findMany({
    where: { action, at: { gte: from, lte: to } },
    orderBy: { at: "asc" },
    select: { at: true, detail: true },
  });
}

export interface UnboundGroup {
  id: string;
  name: string;
  /** the group's shift rotation (organisation file), which times its status as for a bound group */
  shifts: string | null;
  /** the gruppchef (not forgotten), who gets the group's status privately; null when the group has none */
  lead: { id: string; name: string; lang: string | null } | null;
}

/** The LPO's groups bound to no chat channel, with their gruppchef. */
export async function unboundGroupsOfLpo(ctx: Db, lpoId: string): Promise<UnboundGroup[]> {
  const rows = await ctx.prisma.group.findMany({
    where: { lpoId, channels: { none: {} } },
    select: {
      id: true,
      name: true,
      shifts: true,
      lead: { select: { id: true, name: true, lang: true, forgottenAt: true } },
    },
    orderBy: { id: "asc" },
  });
  return rows.map((g) => ({
    id: g.id,
    name: g.name,
    shifts: g.shifts,
    lead: g.lead && !g.lead.forgottenAt ? { id: g.lead.id, name: g.lead.name, lang: g.lead.lang } : null,
  }));
}
