// The monthly follow-up's two lines per kommun that link the three levels of
// Polisens metodstöd: resources and activities (how many activities with a
// target were on target in the month; a month before logging began counts
// neither way, and when no activity was logged it says so), quality (the scorecard's counts over
// the kommun's promises) and effect — with the command that shows the
// scorecard and lets a kommunpolis assess what the data cannot decide.
// `effect` is the effect level's own one-phrase summary (the indicators
// feature's effectSummaryLine: how many indicators decreased, increased, show
// no certain change, too few or missing figures, or "no indicators to
// compare"); the monthly follow-up always gives it. Without one the line says
// that there is no effect follow-up, so it is never left blank.
import type { Lang } from "../../../domain/lang.js";
import { translator } from "../../../i18n/index.js";
import type { CoreContext } from "../../../core/context.js";
import { type FollowUpPeriod, monthName } from "../followUpPeriod.js";
import type { KommunRef } from "../store.js";
import { qualitySection } from "./scorecard.js";

export async function threeLevelLines(
  ctx: CoreContext,
  lang: Lang,
  kommun: KommunRef,
  month: FollowUpPeriod,
  activities: { onTarget: number; withTarget: number },
  effect?: string,
): Promise<string> {
  const t = translator(lang);
  const quality = await qualitySection(ctx, kommun, month, lang);
  return [
    t(activities.withTarget === 0 ? "quality.monthlyLine1Unlogged" : "quality.monthlyLine1", {
      kommun: kommun.name,
      onTarget: activities.onTarget,
      count: activities.withTarget,
      month: monthName(lang, Number(month.key.slice(5, 7))),
      counts: t("quality.counts", { ...quality.counts }),
    }),
    t("quality.monthlyLine2", { effect: effect ?? t("quality.noEffect"), id: kommun.id }),
  ].join("\n");
}
