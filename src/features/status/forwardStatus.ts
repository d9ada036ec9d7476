// "Forward the status to the group channel" (a button in the gruppchef
// digest). Pressing it records the request in the audit log
// (`followup.forward`, with a unique forward id) and delivers the group's
// weekly status to each bound channel at once through ctx.outbound when the
// platforms are wired. Every delivery goes through the delivery ledger under
// one key per channel and forward (job "forward-status", period "queue", the
// forward id in the recipient), so the `forward-status` job — run every
// minute over the requests of the last 24 hours — sends what could not be
// sent at once (no platform in this process, a platform error) and nothing
// twice.
import { randomUUID } from "node:crypto";
import { type Actor, hasRole } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { type Reply, textReply } from "../../core/reply.js";
import type { PlannedDelivery } from "../../schedules/job.js";
import type { CoreContext } from "../../core/context.js";
import { weeklyStatus } from "./weeklyStatus.js";

export const FORWARD_AUDIT_ACTION = "followup.forward";
/** A second press within this time does not queue another message. */
export const FORWARD_REPEAT_MS = 10 * 60_000;
/** Requests older than this are not delivered any more (the status would be stale). */
export const FORWARD_MAX_AGE_MS = 24 * 60 * 60_000;

interface ForwardDetail {
  forwardId: string;
  lpoId: string;
  groupId: string;
}

export async function queueForward(ctx: CoreContext, actor: Actor, groupId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const group = await ctx.prisma.group.findUnique({ where: { id: groupId }, include: { channels: true } });
  if (!group || group.lpoId !== actor.lpoId) return textReply(t("forward.unknownGroup", { group: groupId }));
  if (group.leadId !== actor.id && !hasRole(actor, "admin", "lpo-chef"))
    return textReply(t("forward.forbidden", { group: group.name }));
  if (group.channels.length === 0) return textReply(t("forward.noChannel", { group: group.name, id: group.id }));
  const now = ctx.clock.now();
  const recent = await ctx.prisma.auditEvent.findFirst({
    where: {
      action: FORWARD_AUDIT_ACTION,
      subject: group.id,
      at: { gte: new Date(now.getTime() - FORWARD_REPEAT_MS) },
    },
    orderBy: { at: "desc" },
  });
  if (recent) {
    const minutes = Math.max(1, Math.round((now.getTime() - recent.at.getTime()) / 60_000));
    return textReply(t("forward.recent", { group: group.name, minutes }));
  }
  const detail: ForwardDetail = { forwardId: randomUUID(), lpoId: group.lpoId, groupId: group.id };
  // written with the core's clock (not the database's), so the job's 24-hour window and tests agree
  await ctx.prisma.auditEvent.create({
    data: {
      actorId: actor.id,
      action: FORWARD_AUDIT_ACTION,
      subject: group.id,
      detail: JSON.stringify(detail),
      at: now,
    },
  });
  const channels = group.channels.map((c) => (c.platform === "slack" ? "Slack" : "Teams")).join(t("forward.and"));
  const outbound = ctx.outbound;
  if (outbound) {
    const status = await weeklyStatus(
      ctx,
      { id: group.id, name: group.name, lpoId: group.lpoId },
      now,
      ctx.defaultLang,
    );
    const results = await Promise.all(
      forwardDeliveries(group.channels, detail.forwardId).map((d) => outbound.deliver(d.key, d.routes, status)),
    );
    if (results.every((r) => r === "sent" || r === "already-sent"))
      return textReply(t("forward.sent", { group: group.name, channels }));
  }
  return textReply(t("forward.queued", { group: group.name, channels }));
}

export const FORWARD_JOB = "forward-status";
export const FORWARD_PERIOD = "queue";

function forwardDeliveries(channels: { platform: string; channelId: string }[], forwardId: string) {
  return [...channels]
    .sort((a, b) => a.platform.localeCompare(b.platform))
    .map((c) => {
      const recipient = `${c.platform}:channel:${c.channelId}:forward:${forwardId}`;
      return {
        recipient,
        key: { job: FORWARD_JOB, recipient, period: FORWARD_PERIOD },
        routes: [
          { platform: c.platform as "slack" | "teams", to: { kind: "channel" as const, channelId: c.channelId } },
        ],
      };
    });
}

/** The deliveries of the forwards requested in the LPO during the last 24 hours before `at`. */
export async function plannedForwards(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]> {
  const events = await ctx.prisma.auditEvent.findMany({
    where: { action: FORWARD_AUDIT_ACTION, at: { gte: new Date(at.getTime() - FORWARD_MAX_AGE_MS), lte: at } },
    orderBy: { at: "asc" },
  });
  const planned: PlannedDelivery[] = [];
  for (const event of events) {
    let detail: ForwardDetail;
    try {
      detail = JSON.parse(event.detail) as ForwardDetail;
    } catch {
      continue;
    }
    if (detail.lpoId !== lpoId || !detail.forwardId) continue;
    const group = await ctx.prisma.group.findUnique({ where: { id: detail.groupId }, include: { channels: true } });
    if (!group) continue;
    for (const d of forwardDeliveries(group.channels, detail.forwardId))
      planned.push({
        recipient: d.recipient,
        routes: d.routes,
        build: () => weeklyStatus(ctx, { id: group.id, name: group.name, lpoId }, event.at, ctx.defaultLang),
      });
  }
  return planned;
}
