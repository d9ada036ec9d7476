// The effect section in chat (`/uppfoljning <kommun> [period] effekt`): the
// same figures and sentences as the report's effect section, each indicator
// as a line with its chart (PNG). The caller (the follow-up command) checks
// who may read it and audits the view.
import type { CoreContext } from "../../core/context.js";
import type { Block, Reply } from "../../core/reply.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import { type Lang, translator } from "../../i18n/index.js";
import { renderPng } from "../../progress/chart.js";
import { effectSection } from "./effect.js";

export async function effectView(
  ctx: CoreContext,
  options: { kommun: { id: string; name: string }; period: DayRange; label: string; lang: Lang },
): Promise<Reply> {
  const { lang } = options;
  const t = translator(lang);
  const section = await effectSection(ctx, { kommun: options.kommun, period: options.period, lang });
  const heading = `${t("effect.heading")} ${options.kommun.name} – ${options.label}`;
  const blocks: Block[] = [
    { kind: "heading", text: heading },
    { kind: "context", text: section.intro },
  ];
  for (const note of section.notes) blocks.push({ kind: "text", text: note });
  const summary: string[] = [];
  for (const i of section.indicators) {
    const line = [i.text, i.comparison?.text, i.coverageNote].filter(Boolean).join(" ");
    blocks.push({ kind: "text", text: `*${i.chart.title}*: ${line}` });
    summary.push(`${i.chart.title}: ${i.text}`);
    try {
      blocks.push({
        kind: "image",
        png: await renderPng(i.chart.svg, Number(/width="(\d+)/.exec(i.chart.svg)?.[1] ?? 640)),
        alt: i.chart.alt,
        title: i.chart.title,
      });
    } catch (error) {
      ctx.logger.warn(
        { event: "chart.failed", err: error },
        "effect chart could not be rendered; the text is complete",
      );
    }
  }
  return { text: `${heading}: ${summary.join("; ") || section.notes.join(" ")}`, blocks };
}
