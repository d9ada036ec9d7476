// The effect section said briefly, for other parts of the follow-up:
//
// - effectSummaryLine: one phrase for the monthly follow-up's effect level,
//   how many indicators show a decrease, an increase, no certain change, too
//   few figures or a missing figure ("minskat 1 · ingen säker förändring 2").
// - citizenChangeSentences: the plain sentences a citizen summary may carry.
//   ONLY an indicator whose whole 95 % interval lies on one side of no
//   change (verdict decrease/increase) gives a sentence, with its
//   uncertainty; "uncertain", "too-few" and "missing" give none, so with
//   nothing clear the list is empty and the draft says nothing about change.
//   The sentences say what the figures show and never that the promise
//   caused it; when there is one, a last sentence says so outright.
import { formatNumber, type Lang, translator } from "../../i18n/index.js";
import type { EffectIndicator, EffectSection, Measure, Verdict } from "./effect.js";

const ORDER: Verdict[] = ["decrease", "increase", "uncertain", "too-few", "missing"];

/** One phrase for the monthly follow-up; "no indicators to compare" when the section has none. */
export function effectSummaryLine(section: EffectSection): string {
  const t = translator(section.lang);
  if (section.indicators.length === 0) return t("effect.summary.none");
  const parts = ORDER.map((v) => ({ v, n: section.indicators.filter((i) => i.verdict === v).length }))
    .filter((p) => p.n > 0)
    .map((p) => t(`effect.summary.${p.v}`, { count: p.n }));
  return t("effect.summary.line", { parts: parts.join(" · ") });
}

function valueText(lang: Lang, i: EffectIndicator, m: Measure, perMonth: boolean): string {
  const t = translator(lang);
  const value = m.value ?? 0;
  if (i.kind === "share") return t("effect.citizen.share", { value: formatNumber(lang, value, 1) });
  if (perMonth)
    return t("effect.citizen.perMonth", { value: formatNumber(lang, value / Math.max(1, m.monthsCovered)) });
  return formatNumber(lang, value, 0);
}

/** The sentences about change a citizen summary may carry (see the file header); [] when nothing is clear. */
export function citizenChangeSentences(section: EffectSection): string[] {
  const { lang } = section;
  const t = translator(lang);
  const out: string[] = [];
  const when = section.beforeGiven
    ? t("effect.citizen.given", { from: section.before.from, to: section.before.to })
    : t("effect.citizen.yearEarlier");
  for (const i of section.indicators) {
    if ((i.verdict !== "decrease" && i.verdict !== "increase") || !i.change) continue;
    const down = i.verdict === "decrease";
    const [lo, hi] = i.change.ci95;
    let size: { pct: string; lo: string; hi: string };
    if (i.kind === "count") {
      const pct = (r: number) => String(Math.abs(Math.round((r - 1) * 100)));
      size = down
        ? { pct: pct(i.change.estimate), lo: pct(hi), hi: pct(lo) }
        : { pct: pct(i.change.estimate), lo: pct(lo), hi: pct(hi) };
    } else {
      const num = (v: number) => formatNumber(lang, Math.abs(v), 1);
      size = down
        ? { pct: num(i.change.estimate), lo: num(hi), hi: num(lo) }
        : { pct: num(i.change.estimate), lo: num(lo), hi: num(hi) };
    }
    const perMonth = i.kind === "count" && i.before.monthsCovered !== i.during.monthsCovered;
    out.push(
      t(`effect.citizen.${i.kind}.${down ? "decrease" : "increase"}`, {
        indicator: i.indicator,
        area: i.area || t("effect.wholeKommun"),
        when,
        before: valueText(lang, i, i.before, perMonth),
        during: valueText(lang, i, i.during, perMonth),
        ...size,
      }),
    );
  }
  if (out.length > 0) out.push(t("effect.citizen.notWhy"));
  return out;
}
