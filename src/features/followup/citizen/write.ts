// The citizen summary draft as files (`loftesbot report … --citizen`): HTML,
// Markdown and the short text, named `medborgare-<kommun>-<from>_<to>.*`
// (plain file names whatever the ids hold) and handed to the caller's
// writer, with what changed taken only from the effect section's clear
// decreases and increases (indicators feature, citizenChangeSentences); and marking a summary published from the command line
// (`loftesbot report published …`), which makes criterion lofte.e count it.
// Both are audited (`followup.view` kind "citizen"; `quality.published`).
import { safeFileName } from "../../../domain/fileName.js";
import type { Lang } from "../../../domain/lang.js";
import type { DayRange } from "../../../domain/targetPeriod.js";
import { citizenChangeSentences, effectSection } from "../../indicators/index.js";
import type { CoreContext } from "../../../core/context.js";
import type { FollowUpPeriod } from "../followUpPeriod.js";
import type { ReportWriter } from "../report.js";
import type { KommunRef } from "../store.js";
import { addPublication } from "../quality/store.js";
import { citizenDraft, citizenFiles } from "./draft.js";

export interface WrittenCitizenDraft {
  html: string;
  markdown: string;
  text: string;
  /** the short text itself (at most 280 characters) */
  short: string;
}

export async function writeCitizenDraft(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  lang: Lang,
  write: ReportWriter,
  options: { before?: DayRange } = {},
): Promise<WrittenCitizenDraft> {
  // what changed: only the sentences the effect section supports (a clear decrease or increase)
  const effect = await effectSection(ctx, { kommun, period, lang, before: options.before });
  const draft = await citizenDraft(ctx, kommun, period, lang, citizenChangeSentences(effect));
  const files = citizenFiles(draft, lang);
  const base = `${lang === "sv" ? "medborgare" : "citizens"}-${safeFileName(kommun.id)}-${period.from}_${period.to}`;
  const written = {
    html: write(safeFileName(`${base}.html`), files.html),
    markdown: write(safeFileName(`${base}.md`), files.markdown),
    text: write(safeFileName(`${base}.txt`), files.text),
    short: draft.short,
  };
  await ctx.audit.record(null, "followup.view", kommun.id, { kind: "citizen", from: period.from, to: period.to });
  return written;
}

/** Marks the kommun's citizen summary for from–to published, from the command line (no person). */
export async function markPublishedFromCli(
  ctx: CoreContext,
  kommun: KommunRef,
  from: string,
  to: string,
): Promise<Date> {
  const at = await addPublication(ctx, {
    kommunId: kommun.id,
    fromDay: from,
    toDay: to,
    source: "cli",
    publishedById: null,
  });
  await ctx.audit.record(null, "quality.published", kommun.id, { from, to, source: "cli" });
  return at;
}
