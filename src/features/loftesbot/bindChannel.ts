// /loftesbot koppla <grupp>: bind the current channel to a group (admin, or
// that group's gruppchef). The binding is exported with the organisation.
import { type Actor, hasRole } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { type Reply, textReply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";

export async function bindChannel(
  ctx: CoreContext,
  actor: Actor,
  platform: "slack" | "teams" | "console",
  channelId: string | undefined,
  groupArg: string,
): Promise<Reply> {
  const t = translator(actor.lang);
  const groups = await ctx.organisation.groupsOfLpo(actor.lpoId);
  const list = groups.map((g) => g.id).join(", ");
  const wanted = groupArg.trim().toLowerCase();
  if (!wanted) return textReply(t("bind.usage", { groups: list }));
  const group = groups.find((g) => g.id.toLowerCase() === wanted || g.name.toLowerCase() === wanted);
  if (!group) return textReply(t("bind.unknownGroup", { group: groupArg.trim(), groups: list }));
  if (!hasRole(actor, "admin") && group.leadId !== actor.id)
    return textReply(t("bind.forbidden", { group: group.name }));
  if (platform === "console" || !channelId) return textReply(t("bind.noChannel"));
  await ctx.organisation.bindChannel(platform, channelId, group.id);
  await ctx.audit.record(actor.id, "channel.bind", group.id, { platform, channelId });
  return textReply(t("bind.done", { group: group.name }));
}
