// The digest's one concrete suggestion: the first rule that applies, in this
// order:
//  1. nobody in a led group has logged anything this week (from Wednesday on);
//  2. the activity most behind: done/target furthest below the share of its
//     target period that has passed (at least 15 points), with days left;
//  3. an open poll that fewer than half of a led group has answered;
//  4. a closed poll whose results have not been fed back;
//  5. everything on pace and someone logged: praise;
//  6. otherwise a reminder of the one-line log.
// Pure: the digest gathers the input (digestMessage.ts).
import type { Lang } from "../../domain/lang.js";
import type { DayRange, TargetPer } from "../../domain/targetPeriod.js";
import { formatAmount, type Translate, translator } from "../../i18n/index.js";
import type { Unit } from "../../domain/activity.js";
import { doneOf, monthName, responseRate } from "../followup/index.js";

/** How far behind the elapsed share an activity must be to be called behind. */
export const BEHIND_MARGIN = 0.15;
/** An open poll with a lower response rate than this gets a nudge. */
export const LOW_RESPONSE_RATE = 0.5;

export interface SuggestionInput {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  groups: { name: string; members: number; logged: number; hasActivities: boolean }[];
  activities: {
    code: string;
    name: string;
    kommunName: string;
    unit: Unit;
    done: number;
    target: number | null;
    per: TargetPer;
    period: DayRange;
    elapsed: number;
    daysLeft: number;
    example: string;
  }[];
  polls: {
    title: string;
    groupName: string;
    asked: number;
    /** null when hidden by the anonymity threshold */
    answered: number | null;
    /** fewer than the threshold of a group that could reach it have answered */
    few: boolean;
    closes: string;
    open: boolean;
    awaiting: boolean;
  }[];
}

export type Suggestion =
  | { kind: "nobody"; group: string; members: number; example: string }
  | { kind: "behind"; activity: SuggestionInput["activities"][number]; remaining: number }
  | { kind: "pollRate"; poll: SuggestionInput["polls"][number]; threshold: number }
  | { kind: "feedback"; poll: SuggestionInput["polls"][number] }
  | { kind: "praise"; logged: number; members: number }
  | { kind: "remind"; example: string };

const rateOf = (p: SuggestionInput["polls"][number]) => (p.answered === null ? 0 : p.answered / p.asked);

export function suggest(input: SuggestionInput, threshold = 5): Suggestion {
  const example = input.activities[0]?.example ?? "1,5h närvaro";
  if (input.weekday >= 3) {
    const idle = input.groups.find((g) => g.hasActivities && g.members > 0 && g.logged === 0);
    if (idle) return { kind: "nobody", group: idle.name, members: idle.members, example };
  }
  let worst: { a: SuggestionInput["activities"][number]; gap: number } | null = null;
  for (const a of input.activities) {
    if (a.target === null || a.target <= 0 || a.daysLeft < 1) continue;
    const gap = a.elapsed - a.done / a.target;
    if (gap >= BEHIND_MARGIN && (!worst || gap > worst.gap + 1e-9)) worst = { a, gap };
  }
  if (worst) return { kind: "behind", activity: worst.a, remaining: Math.max(0, (worst.a.target ?? 0) - worst.a.done) };
  const low = input.polls
    .filter(
      (p) => p.open && p.asked > 0 && (p.few || (p.answered !== null && p.answered / p.asked < LOW_RESPONSE_RATE)),
    )
    .sort((a, b) => rateOf(a) - rateOf(b))[0];
  if (low) return { kind: "pollRate", poll: low, threshold };
  const waiting = input.polls.find((p) => p.awaiting);
  if (waiting) return { kind: "feedback", poll: waiting };
  const logged = input.groups.reduce((s, g) => s + g.logged, 0);
  const members = input.groups.reduce((s, g) => s + g.members, 0);
  if (logged > 0) return { kind: "praise", logged, members };
  return { kind: "remind", example };
}

export function daysLeftText(t: Translate, days: number): string {
  return days === 1 ? t("digest.dayLeft") : t("digest.daysLeft", { days });
}

/** "denna vecka", "i november", "i kvartal 4", "under löftesperioden" */
export function periodPhrase(lang: Lang, t: Translate, per: TargetPer, period: DayRange): string {
  switch (per) {
    case "vecka":
      return t("digest.inWeek");
    case "månad":
      return t("digest.inMonth", { month: monthName(lang, Number(period.from.slice(5, 7))) });
    case "kvartal":
      return t("digest.inQuarter", { quarter: Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1 });
    case "period":
      return t("digest.inPromise");
  }
}

export function suggestionText(lang: Lang, s: Suggestion): string {
  const t = translator(lang);
  switch (s.kind) {
    case "nobody":
      return t("digest.suggest.nobody", { group: s.group, members: s.members, example: s.example });
    case "behind": {
      const a = s.activity;
      return t("digest.suggest.behind", {
        code: a.code,
        activity: a.name,
        kommun: a.kommunName,
        doneOf: doneOf(lang, t, { done: a.done, target: a.target, unit: a.unit }),
        period: periodPhrase(lang, t, a.per, a.period),
        daysLeft: daysLeftText(t, a.daysLeft),
        remaining: formatAmount(lang, a.unit, s.remaining),
        example: a.example,
      });
    }
    case "pollRate": {
      const params = { asked: s.poll.asked, group: s.poll.groupName, title: s.poll.title, closes: s.poll.closes };
      return s.poll.answered === null
        ? t("digest.suggest.pollFew", { ...params, threshold: s.threshold })
        : t("digest.suggest.pollRate", {
            ...params,
            answered: s.poll.answered,
            percent: responseRate(s.poll.answered, s.poll.asked),
          });
    }
    case "feedback":
      return t("digest.suggest.feedback", { title: s.poll.title });
    case "praise":
      return t("digest.suggest.praise", { logged: s.logged, members: s.members });
    case "remind":
      return t("digest.suggest.remind", { example: s.example });
  }
}
