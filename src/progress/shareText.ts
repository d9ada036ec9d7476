// How a group's part and the LPO's total are said, the same in every message
// a group sees (weekly status, digest, /mina, /lofte, follow-up): the group's
// figure is "ert turlag: 3 av 4 h", the total is always labelled "hela LPO",
// and the share says how it was decided. Also the one line saying why a
// promise exists and what officers can tell citizens.
import { formatNumber, type Lang, translator } from "../i18n/index.js";
import type { PromiseWhy } from "../storage/organisationRepository.js";
import { type ActivityStanding, amountOfTarget, type WeekAmount } from "./progress.js";

const unitOf = (p: ActivityStanding) => p.target?.unit ?? p.activity.unit;

/** "3 av 4 h": the group's done against its part of the target (the amount alone without a target). */
export function groupDoneOf(lang: Lang, team: ActivityStanding): string {
  return amountOfTarget(lang, unitOf(team), team.done, team.groupTarget);
}

/**
 * The trend's weeks, "– → – → 2 → 4": a week before logging began is "–",
 * never 0; with `withNote` the meaning of "–" follows when one is there.
 */
export function trendValues(lang: Lang, trend: WeekAmount[], withNote = true): string {
  const values = trend.map((w) => (w.amount === null ? "–" : formatNumber(lang, w.amount))).join(" → ");
  return withNote && trend.some((w) => w.amount === null) ? `${values}${translator(lang)("trend.unlogged")}` : values;
}

/** The average of the measured trend weeks; null when none was measured. */
export function measuredAverage(trend: WeekAmount[]): { average: number; weeks: number } | null {
  const measured = trend.map((w) => w.amount).filter((a): a is number => a !== null);
  return measured.length > 0
    ? { average: measured.reduce((s, a) => s + a, 0) / measured.length, weeks: measured.length }
    : null;
}

/** "ert turlag: 3 av 4 h" */
export function ourPart(lang: Lang, team: ActivityStanding, done = team.done): string {
  return translator(lang)("share.ours", {
    doneOf: amountOfTarget(lang, unitOf(team), done, team.groupTarget),
  });
}

/** "IG Turlag 1: 3 av 4 h" */
export function namedPart(lang: Lang, groupName: string, team: ActivityStanding, done = team.done): string {
  return translator(lang)("share.group", {
    group: groupName,
    doneOf: amountOfTarget(lang, unitOf(team), done, team.groupTarget),
  });
}

/** "hela LPO: 58,6 av 20 h" */
export function lpoPart(lang: Lang, total: ActivityStanding, done = total.done): string {
  return translator(lang)("share.lpo", {
    doneOf: amountOfTarget(lang, unitOf(total), done, total.target?.amount ?? null),
  });
}

/** How the group's part was decided: "er andel efter antal medlemmar (5 av 27 i de 5 grupperna): 3,7 av 20 h". */
export function shareBasisText(lang: Lang, team: ActivityStanding): string | null {
  const share = team.share;
  // one group alone holds the whole target: nothing to explain
  if (!share || !team.target || team.groupTarget === null || share.groups < 2) return null;
  const t = translator(lang);
  const unit = unitOf(team);
  const params = {
    part: amountOfTarget(lang, unit, team.groupTarget, null),
    target: amountOfTarget(lang, unit, team.target.amount, null),
    groups: share.groups,
  };
  if (share.basis === "explicit") return t("share.basis.explicit", params);
  if (share.basis === "members" && share.members)
    return t("share.basis.members", { ...params, members: share.members.group, total: share.members.total });
  return t("share.basis.equal", params);
}

/** "Varför: … · Syfte: … · Önskad effekt: … · Säg till medborgarna: ”…”"; null when the promise says none of it. */
export function whyLine(lang: Lang, why: PromiseWhy): string | null {
  const t = translator(lang);
  const parts = [
    why.problem ? t("why.problem", { text: why.problem }) : null,
    why.purpose ? t("why.purpose", { text: why.purpose }) : null,
    why.intendedEffect ? t("why.effect", { text: why.intendedEffect }) : null,
    why.citizenMessage ? t("why.tell", { text: why.citizenMessage }) : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(" · ") : null;
}
