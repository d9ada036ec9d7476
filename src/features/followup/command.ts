// `/uppfoljning <kommun> [period] [effekt]` (and the form's submission): finds
// the kommun in the reader's own LPO and the period, then shows the follow-up
// their scope allows (scope.ts), or with the word `effekt` the effect section
// (the indicators feature's: kommun-wide figures, no group's). Every view is audited (`followup.view`), and
// so is every refusal (`followup.refused`).
import { dayInZone } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import type { Reply } from "../../core/reply.js";
import { textReply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { startLoadingCharts } from "../../progress/chart.js";
import { effectView } from "../indicators/index.js";
import { parseFollowUpPeriod, periodLabel } from "./followUpPeriod.js";
import { followUpScope, type KommunRef, kommunerOfLpo, matchKommun } from "./scope.js";
import { followUpView } from "./view.js";
import { markPublished, PUBLISHED_WORDS, QUALITY_WORDS, qualityView } from "./quality/chat.js";

const EFFECT_WORDS = new Set(["effekt", "effect"]);

/** `/uppfoljning <kommun> [period] [effekt]` and the form's submission. */
export async function followUpCommand(ctx: CoreContext, actor: Actor, args: string): Promise<Reply> {
  const t = translator(actor.lang);
  const scope = followUpScope(actor);
  if (!scope) {
    await ctx.audit.record(actor.id, "followup.refused", actor.lpoId, { reason: "role", args: args.slice(0, 60) });
    return textReply(t("followup.forbidden"));
  }
  // the answer carries a chart: the chart libraries (not loaded at start) load while the figures are read
  startLoadingCharts();
  const kommuner = await kommunerOfLpo(ctx, actor.lpoId);
  const list = kommuner.map((k) => k.id).join(", ");
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const all = args.split(" ").filter(Boolean);
  // "effekt" (or "effect") anywhere after the kommun asks for the effect section
  const words = all.filter((w, i) => i === 0 || !EFFECT_WORDS.has(w.toLowerCase()));
  const effect = words.length < all.length;
  let kommun: KommunRef | null = null;
  let rest = "";
  for (let i = words.length; i >= 1 && !kommun; i--) {
    kommun = matchKommun(kommuner, words.slice(0, i).join(" "));
    if (kommun) rest = words.slice(i).join(" ");
  }
  if (!kommun && kommuner.length === 1 && parseFollowUpPeriod(args, today).ok) {
    kommun = kommuner[0];
    rest = args;
  }
  if (!kommun) {
    if (words.length > 0)
      await ctx.audit.record(actor.id, "followup.refused", actor.lpoId, { reason: "kommun", args: args.slice(0, 60) });
    return textReply(
      words.length === 0
        ? t("followup.usage", { kommun: kommuner[0]?.id ?? "norrdal", kommuner: list })
        : t("followup.unknownKommun", { text: words[0], kommuner: list }),
    );
  }
  // `<kommun> kvalitet [period]`: the quality scorecard; `<kommun> publicerad <period>`: the citizen summary published
  const [first = "", ...after] = rest.split(" ");
  const quality = QUALITY_WORDS.includes(first.toLowerCase());
  const published = PUBLISHED_WORDS.includes(first.toLowerCase());
  if (quality || published) rest = after.join(" ");
  if (published && rest === "") return textReply(t("quality.publishUsage", { kommun: kommun.id }));
  const parsed = parseFollowUpPeriod(rest, today);
  if (!parsed.ok) return textReply(t("followup.badPeriod", { text: parsed.text }));
  if (published) return markPublished(ctx, actor, kommun, parsed.period.from, parsed.period.to);
  if (quality) {
    await ctx.audit.record(actor.id, "followup.view", kommun.id, { kind: "quality", period: parsed.period.key });
    return qualityView(ctx, actor, kommun, parsed.period);
  }
  if (effect) {
    const reply = await effectView(ctx, {
      kommun,
      period: parsed.period,
      label: periodLabel(actor.lang, parsed.period),
      lang: actor.lang,
    });
    await ctx.audit.record(actor.id, "followup.view", kommun.id, {
      kind: "effect",
      period: parsed.period.key,
      from: parsed.period.from,
      to: parsed.period.to,
    });
    return reply;
  }
  const reply = await followUpView(ctx, { kommun, period: parsed.period, scope, lang: actor.lang });
  await ctx.audit.record(actor.id, "followup.view", kommun.id, {
    kind: "chat",
    period: parsed.period.key,
    from: parsed.period.from,
    to: parsed.period.to,
    groups: scope.kind === "all" ? "all" : scope.groupIds,
  });
  return reply;
}
