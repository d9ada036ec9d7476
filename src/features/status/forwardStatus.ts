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
import { z } from "zod/v4";
import { type Actor, hasRole } from "../../domain/organisation.js";
import { channelRoutes } from "../../delivery/routes.js";
import { CHART_TIME_BUDGET_MS, startLoadingCharts } from "../../progress/chart.js";
import { translator } from "../../i18n/index.js";
import { type Reply, textReply } from "../../core/reply.js";
import type { PlannedDelivery } from "../../schedules/job.js";
import type { CoreContext } from "../../core/context.js";
import { forwardsBetween, groupWithChannels, lastForwardSince, recordForward } from "./store.js";
import { weeklyStatus } from "./weeklyStatus.js";

export const FORWARD_AUDIT_ACTION = "followup.forward";
/** A second press within this time does not queue another message. */
export const FORWARD_REPEAT_MS = 10 * 60_000;
/** Requests older than this are not delivered any more (the status would be stale). */
export const FORWARD_MAX_AGE_MS = 24 * 60 * 60_000;

/** The detail of a forward request's audit event (JSON). */
const forwardDetail = z.object({ forwardId: z.string(), lpoId: z.string(), groupId: z.string() });
type ForwardDetail = z.infer<typeof forwardDetail>;

/** A stored detail, or null when it is not one (not JSON, fields missing). */
function parseForwardDetail(detail: string): ForwardDetail | null {
  try {
    const parsed = forwardDetail.safeParse(JSON.parse(detail));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function queueForward(ctx: CoreContext, actor: Actor, groupId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const group = await groupWithChannels(ctx, groupId);
  if (!group || group.lpoId !== actor.lpoId) return textReply(t("forward.unknownGroup", { group: groupId }));
  if (group.leadId !== actor.id && !hasRole(actor, "admin", "lpo-chef"))
    return textReply(t("forward.forbidden", { group: group.name }));
  if (group.channels.length === 0) return textReply(t("forward.noChannel", { group: group.name, id: group.id }));
  const now = ctx.clock.now();
  const recent = await lastForwardSince(
    ctx,
    FORWARD_AUDIT_ACTION,
    group.id,
    new Date(now.getTime() - FORWARD_REPEAT_MS),
  );
  if (recent) {
    const minutes = Math.max(1, Math.round((now.getTime() - recent.getTime()) / 60_000));
    return textReply(t("forward.recent", { group: group.name, minutes }));
  }
  // the status carries a chart: the chart libraries (not loaded at start) load while it is built
  startLoadingCharts();
  const detail: ForwardDetail = { forwardId: randomUUID(), lpoId: group.lpoId, groupId: group.id };
  // written with the core's clock (not the database's), so the job's 24-hour window and tests agree
  await recordForward(ctx, {
    actorId: actor.id,
    action: FORWARD_AUDIT_ACTION,
    groupId: group.id,
    detail: JSON.stringify(detail),
    at: now,
  });
  const name = (platform: string) => (platform === "slack" ? "Slack" : "Teams");
  // a process that delivers to some platforms names only those: never "Slack och Teams" when Slack is off
  const on = ctx.outbound?.platforms?.() ?? [];
  const reachable =
    on.length > 0 ? group.channels.filter((c) => (on as string[]).includes(c.platform)) : group.channels;
  const off = group.channels.filter((c) => !reachable.includes(c));
  const channels = reachable.map((c) => name(c.platform)).join(t("forward.and"));
  const offNote =
    off.length > 0 ? ` ${t("forward.off", { channels: off.map((c) => name(c.platform)).join(t("forward.and")) })}` : "";
  if (reachable.length === 0)
    return textReply(
      t("forward.noneOn", { group: group.name, channels: off.map((c) => name(c.platform)).join(t("forward.and")) }),
    );
  const outbound = ctx.outbound;
  if (outbound) {
    const status = await weeklyStatus(
      ctx,
      { id: group.id, name: group.name, lpoId: group.lpoId },
      now,
      ctx.defaultLang,
      // built while the person waits for the button's answer
      { chartWithinMs: CHART_TIME_BUDGET_MS },
    );
    const results = await Promise.all(
      forwardDeliveries(group.channels, detail.forwardId).map((d) => outbound.deliver(d.key, d.routes, status)),
    );
    // the channels on a platform that is off answer "no-platform": the note above says so
    const reached = on.length > 0 ? results.filter((r) => r !== "no-platform") : results;
    if (reached.every((r) => r === "sent" || r === "already-sent"))
      return textReply(t("forward.sent", { group: group.name, channels }) + offNote);
  }
  return textReply(t("forward.queued", { group: group.name, channels }) + offNote);
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
        routes: channelRoutes(c.platform, c.channelId),
      };
    });
}

/** The deliveries of the forwards requested in the LPO during the last 24 hours before `at`. */
export async function plannedForwards(ctx: CoreContext, lpoId: string, at: Date): Promise<PlannedDelivery[]> {
  const events = await forwardsBetween(ctx, FORWARD_AUDIT_ACTION, new Date(at.getTime() - FORWARD_MAX_AGE_MS), at);
  const planned: PlannedDelivery[] = [];
  for (const event of events) {
    const detail = parseForwardDetail(event.detail);
    if (!detail || detail.lpoId !== lpoId || !detail.forwardId) continue;
    const group = await groupWithChannels(ctx, detail.groupId);
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
