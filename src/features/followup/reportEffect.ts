// The report's effect section (effekt) as HTML and as Markdown, from the
// indicators feature's EffectSection: the introduction (what the interval
// means; a change is not shown to be caused by the promise), a table of every
// indicator, then per indicator its chart and the sentences. The HTML inlines
// each chart's SVG; the Markdown links it as a file beside the report.
import { formatNumber, translator } from "../../i18n/index.js";
import type { ChangeEstimate, EffectIndicator, EffectSection } from "../indicators/index.js";
import type { Table } from "./reportTables.js";

function changeCell(section: EffectSection, change: ChangeEstimate | null): string {
  if (!change) return "–";
  const lang = section.lang;
  const digits = change.measure === "rateRatio" || change.measure === "ratioOfRatios" ? 2 : 1;
  const n = (v: number) => formatNumber(lang, v, digits);
  return `${n(change.estimate)} (${n(change.ci95[0])} – ${n(change.ci95[1])})`;
}

function valueCell(section: EffectSection, i: EffectIndicator, which: "before" | "during"): string {
  const t = translator(section.lang);
  const m = i[which];
  if (m.value === null) return t("effect.missingValue");
  if (i.kind === "share") return t("effect.shareValue", { value: formatNumber(section.lang, m.value), n: m.n ?? 0 });
  return formatNumber(section.lang, m.value, 0);
}

export function effectTable(section: EffectSection): Table {
  const t = translator(section.lang);
  const whole = t("effect.wholeKommun");
  return {
    head: [
      t("effect.table.indicator"),
      t("effect.table.area"),
      t("effect.table.before"),
      t("effect.table.during"),
      t("effect.table.change"),
    ],
    numeric: [2, 3, 4],
    rows: section.indicators.map((i) => [
      i.indicator,
      i.area || whole,
      valueCell(section, i, "before"),
      valueCell(section, i, "during"),
      changeCell(section, i.change),
    ]),
  };
}

/** The sentences under an indicator's chart: the conclusion, the comparison, the coverage. */
export function effectSentences(i: EffectIndicator): string[] {
  return [i.text, i.comparison?.text ?? null, i.coverageNote].filter((s): s is string => s !== null);
}
