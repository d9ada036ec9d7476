// How follow-up figures read, in chat and in the report: amounts against the
// target, the target itself, the resources, the figures per group, and the
// comparison with the period before and the baseline. The chat follow-up and
// the monthly follow-up show an activity with the same blocks (activityBlocks).
// Amounts and targets are shown with one decimal (figures.ts `shown`).
import type { Lang } from "../../domain/lang.js";
import { formatAmount, formatDone, formatHours, type Translate } from "../../i18n/index.js";
import type { TargetPer } from "../../domain/targetPeriod.js";
import type { TargetRow } from "../../storage/organisationRepository.js";
import type { Block } from "../../core/reply.js";
import type { Unit } from "../../domain/activity.js";
import { percent, type RangeFigures, shown } from "./figures.js";
import { type FollowUpPeriod, periodLabel } from "./followUpPeriod.js";
import type { PollSummary } from "./followUpPolls.js";

export function unitWord(t: Translate, unit: Unit): string {
  return t(`unit.${unit}` as "unit.timmar");
}

/** "20 h per vecka", "12 tillfällen under hela perioden" */
export function targetText(lang: Lang, t: Translate, target: TargetRow): string {
  const amount = formatAmount(lang, target.unit, target.amount);
  return target.per === "period"
    ? t("followup.targetWholePeriod", { amount })
    : t("followup.targetPer", { amount, per: t(`per.${target.per}` as "per.vecka") });
}

/** "3 av 12 tillfällen hittills (25 %), 90 % av löftesperioden har gått": a whole-period target, never prorated */
export function wholePeriodText(lang: Lang, t: Translate, f: RangeFigures): string | null {
  if (!f.wholePeriod) return null;
  const w = f.wholePeriod;
  return t("followup.wholePeriod", {
    done: formatDone(lang, f.unit, w.done),
    target: formatAmount(lang, f.unit, w.target),
    percent: percent(w.done, w.target) ?? "–",
    elapsed: Math.round(w.elapsed * 100),
  });
}

/** "2 av 6 tillfällen", "16 av 88,6 h"; a target as shown (one decimal); with a whole-period target, how far it has come */
export function doneOf(
  lang: Lang,
  t: Translate,
  f: {
    done: number;
    target: number | null;
    unit: Unit;
    wholePeriod?: RangeFigures["wholePeriod"];
    unlogged?: boolean;
  },
): string {
  if (f.unlogged) return t("followup.unlogged");
  if (f.target === null) {
    const whole = f.wholePeriod ? wholePeriodText(lang, t, f as RangeFigures) : null;
    return whole
      ? t("followup.doneWhole", { done: formatAmount(lang, f.unit, f.done), whole })
      : formatAmount(lang, f.unit, f.done);
  }
  return t("followup.doneOf", {
    done: formatDone(lang, f.unit, f.done),
    target: formatAmount(lang, f.unit, shown(f.target)),
  });
}

/** "per vecka", "per månad", "per kvartal", "för hela löftesperioden" */
export function perPhrase(t: Translate, per: TargetPer): string {
  return per === "period" ? t("followup.perWhole") : t("followup.per", { per: t(`per.${per}` as "per.vecka") });
}

/** "Resurser: 3,5 h loggade, 1 person, 4 loggningar" */
export function resourcesText(
  lang: Lang,
  t: Translate,
  f: { minutes: number; people: number; entries: number },
): string {
  return t("followup.resources", {
    hours: formatHours(lang, f.minutes),
    people: t(f.people === 1 ? "followup.onePerson" : "followup.people", { n: f.people }),
    entries: t(f.entries === 1 ? "followup.oneEntry" : "followup.entries", { n: f.entries }),
  });
}

/** A poll's state: open, fed back, or waiting for its results to be fed back. */
export function pollStateText(t: Translate, p: PollSummary): string {
  return p.status === "open"
    ? t("monthly.pollOpen")
    : p.followUp
      ? t("monthly.pollFedBack")
      : t("monthly.pollAwaiting");
}

/** A group's done against its part of the target: "13 av 17,1 h (76 %)"; the amount alone without a part. */
export function groupPartText(lang: Lang, t: Translate, g: RangeFigures): string {
  if (g.unlogged) return t("followup.unlogged");
  if (g.target === null && !g.wholePeriod) return formatAmount(lang, g.unit, g.done);
  const p = g.target === null ? null : percent(g.done, g.target);
  return p === null ? doneOf(lang, t, g) : `${doneOf(lang, t, g)} (${p} %)`;
}

/**
 * The figures per group as field blocks (at most 10 fields each), optionally
 * with the total last. With the groups' own figures (`parts`), each group's
 * field is its done against its part of the target, and the total is
 * labelled the whole LPO's ("Hela LPO: 20 av 85,7 h").
 */
export function groupFieldBlocks(
  lang: Lang,
  t: Translate,
  f: RangeFigures,
  groups: { id: string | null; name: string | null }[],
  withTotal: boolean,
  parts?: Map<string, RangeFigures>,
): Block[] {
  const fields = groups.map((g) => {
    const part = g.id === null ? undefined : parts?.get(g.id);
    return {
      label: g.name ?? t("followup.noGroup"),
      value: part
        ? groupPartText(lang, t, part)
        : f.unlogged
          ? t("followup.unlogged")
          : formatAmount(lang, f.unit, f.byGroup.get(g.id) ?? 0),
    };
  });
  if (withTotal)
    fields.push(
      parts
        ? { label: t("followup.wholeLpo"), value: doneOf(lang, t, f) }
        : { label: t("followup.allGroups"), value: formatAmount(lang, f.unit, f.done) },
    );
  const blocks: Block[] = [];
  for (let i = 0; i < fields.length; i += 10) blocks.push({ kind: "fields", fields: fields.slice(i, i + 10) });
  return blocks;
}

/** Against the previous period (when the activity ran then) and the baseline. */
export function comparisonDetails(
  lang: Lang,
  t: Translate,
  f: RangeFigures,
  before: RangeFigures,
  previous: FollowUpPeriod,
): string[] {
  const details: string[] = [];
  if (before.active)
    details.push(
      t("followup.previous", {
        period: periodLabel(lang, previous),
        doneOf: doneOf(lang, t, before),
        arrow: before.unlogged ? "" : arrowOf(f.done, before.done),
      }).trimEnd(),
    );
  if (f.baseline !== null)
    details.push(t("followup.baseline", { amount: formatAmount(lang, f.unit, shown(f.baseline)) }));
  else if (f.active) details.push(baselineMissing(t, f));
  return details;
}

/** A baseline not measured: "mäts till DATUM" while its four weeks run, else "saknas" — never 0. */
export function baselineMissing(t: Translate, f: { baselineUntil: string | null }): string {
  return f.baselineUntil !== null
    ? t("followup.baselinePending", { until: f.baselineUntil })
    : t("followup.baselineMissing");
}

export function arrowOf(now: number, before: number): string {
  if (shown(now) === shown(before)) return "→";
  return now > before ? "↗" : "↘";
}

/** A promise's heading among the activities: a divider and its line. */
export function promiseBlocks(text: string): Block[] {
  return [{ kind: "divider" }, { kind: "text", text }];
}

export interface ActivityView {
  /** the figures for the period, and for the period before it */
  f: RangeFigures;
  before: RangeFigures;
  previous: FollowUpPeriod;
  /** the activity's line, and the progress bar's label (a bar only when there is a target) */
  line: string;
  label: string;
  groups: { id: string | null; name: string | null }[];
  /** the groups' fields end with the total of all groups */
  withTotal: boolean;
  /** each shown group's own figures (its part of the target); absent = amounts only */
  parts?: Map<string, RangeFigures>;
  /** details after the comparison and before the resources, and after the resources */
  facts: string[];
  notes: string[];
}

/** An activity in a period: its line (a progress bar against a target), its groups, and one line of details. */
export function activityBlocks(lang: Lang, t: Translate, view: ActivityView): Block[] {
  const { f, line } = view;
  const blocks: Block[] = [];
  if (f.target !== null && f.target > 0)
    blocks.push({ kind: "progress", label: view.label, done: f.done, target: f.target, text: line });
  else blocks.push({ kind: "text", text: line });
  blocks.push(...groupFieldBlocks(lang, t, f, view.groups, view.withTotal, view.parts));
  const details = [
    ...comparisonDetails(lang, t, f, view.before, view.previous),
    ...view.facts,
    resourcesText(lang, t, f),
    ...view.notes,
  ];
  blocks.push({ kind: "context", text: details.join(" · ") });
  return blocks;
}
