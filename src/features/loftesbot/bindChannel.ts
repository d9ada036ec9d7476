// /loftesbot koppla <grupp>: bind the current channel to a group (admin, or
// that group's gruppchef). A channel already bound to another group moves only
// for someone who may bind that group too, and never from another LPO; a
// refusal says why and stores nothing; a move is audited with both groups.
// The binding is exported with the organisation.
import { type Actor, hasRole } from "../../domain/organisation.js";
import type { Platform } from "../../domain/platform.js";
import { translator } from "../../i18n/index.js";
import { type Reply, textReply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";

export async function bindChannel(
  ctx: CoreContext,
  actor: Actor,
  platform: Platform,
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
  const mayBind = (g: { lpoId: string; leadId: string | null }) =>
    g.lpoId === actor.lpoId && (hasRole(actor, "admin") || g.leadId === actor.id);
  if (!mayBind({ lpoId: actor.lpoId, leadId: group.leadId }))
    return textReply(t("bind.forbidden", { group: group.name }));
  if (platform === "console" || !channelId) return textReply(t("bind.noChannel"));
  const current = await ctx.organisation.channelBinding(platform, channelId);
  if (current && current.groupId !== group.id) {
    const refused = (reason: string, reply: Reply): Reply => {
      ctx.logger.info(
        { event: "channel.bind.refused", reason, actor: actor.id, platform, group: group.id, boundTo: current.groupId },
        "channel binding refused: the channel is bound to another group",
      );
      return reply;
    };
    // another LPO's group is not named: its names are not this LPO's to see
    if (current.lpoId !== actor.lpoId) return refused("other-lpo", textReply(t("bind.otherLpo")));
    if (!mayBind(current)) return refused("taken", textReply(t("bind.taken", { current: current.groupName })));
  }
  const from = current?.groupId ?? null;
  if (!(await ctx.organisation.bindChannel(platform, channelId, group.id, from))) return textReply(t("bind.changed"));
  if (from !== null && from !== group.id)
    await ctx.audit.record(actor.id, "channel.move", group.id, { platform, channelId, from, to: group.id });
  else await ctx.audit.record(actor.id, "channel.bind", group.id, { platform, channelId });
  return textReply(t("bind.done", { group: group.name }));
}
