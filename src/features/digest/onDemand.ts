// `/sammanfattning`: a gruppchef asks for their digest any time — the same
// digest the weekly job sends (groupDigest), for today, for the groups they
// lead. Someone who leads no group is told so; nothing is stored but the
// audit line that the follow-up was viewed.
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { textReply, type Reply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { weekLabel } from "../../progress/progress.js";
import { dayInZone } from "../../domain/calendar.js";
import { groupDigest } from "./digestMessage.js";
import { lastSuggestion } from "./store.js";

export async function digestOnDemand(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  if (actor.leadsGroupIds.length === 0) return textReply(t("digest.none"));
  const names = await ctx.organisation.groupNames(actor.leadsGroupIds);
  const groups = actor.leadsGroupIds
    .filter((id) => names.has(id))
    .sort()
    .map((id) => ({ id, name: names.get(id) ?? id, lpoId: actor.lpoId }));
  const at = ctx.clock.now();
  const week = weekLabel(dayInZone(at, ctx.timeZone));
  let suggestion: string | undefined;
  const reply = await groupDigest(ctx, { id: actor.id, name: actor.name, lang: actor.lang, groups }, at, {
    previous: await lastSuggestion(ctx, actor.id, week),
    onSuggestion: (key) => {
      suggestion = key;
    },
  });
  if (!reply) return textReply(t("digest.nothing"));
  await ctx.audit.record(actor.id, "followup.view", groups.map((g) => g.id).join(","), {
    kind: "digest",
    period: week,
    asked: true,
    ...(suggestion ? { suggestion } : {}),
  });
  return reply;
}
