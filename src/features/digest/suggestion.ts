// The digest's one concrete suggestion, about the leader's own groups and
// their own part of each target (never the LPO's whole shortfall). What
// applies, most urgent first:
//  1. nobody in a led group has logged anything this week (from Wednesday on);
//  2. each activity behind for a group: the group's done against its part of
//     the target furthest below the share of the target period that has
//     passed (at least 15 points), with what is left for the group and what
//     that is per day over the days left (what the next shifts could take);
//  3. who in a group has logged nothing this week, by name — only when the
//     organisation shows names in the digest (showNamesInDigest);
//  4. an open poll that fewer than half of a led group has answered;
//  5. a closed poll whose results have not been fed back.
// When none applies: praise when someone logged, else a reminder of the
// one-line log. The digest leads with the first — unless that is what the
// previous week's digest suggested (its key, suggestionKey, is in the audit
// line of that digest): then with the next, so the same advice is not given
// weeks running while other things also need doing. Every text carries this
// week's figures.
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
  /** the key of the previous week's suggestion (suggestionKey), not to be repeated when another applies */
  previous?: string | null;
  groups: {
    name: string;
    members: number;
    logged: number;
    hasActivities: boolean;
    /** who has logged nothing this week, by name; only when the organisation shows names */
    notLogged?: string[];
  }[];
  /** per led group and activity: the group's own figures against its part of the target */
  activities: {
    /** the group whose part this is; absent = the activity in total */
    group?: string;
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
    /** false: a named dialogue, whose nudge must not call the answers anonymous */
    anonymous: boolean;
  }[];
}

type ActivityInput = SuggestionInput["activities"][number];

export type Suggestion =
  | { kind: "nobody"; group: string; members: number; example: string }
  | { kind: "behind"; activity: ActivityInput; remaining: number }
  | { kind: "notLogged"; group: string; names: string[]; activity: ActivityInput | null }
  | { kind: "pollRate"; poll: SuggestionInput["polls"][number]; threshold: number }
  | { kind: "feedback"; poll: SuggestionInput["polls"][number] }
  | { kind: "praise"; logged: number; members: number }
  | { kind: "remind"; example: string };

const rateOf = (p: SuggestionInput["polls"][number]) => (p.answered === null ? 0 : p.answered / p.asked);

/** Every suggestion that applies, most urgent first (never empty). */
export function suggestions(input: SuggestionInput, threshold = 5): Suggestion[] {
  const example = input.activities[0]?.example ?? "1,5h närvaro";
  const found: Suggestion[] = [];
  if (input.weekday >= 3) {
    for (const idle of input.groups.filter((g) => g.hasActivities && g.members > 0 && g.logged === 0))
      found.push({ kind: "nobody", group: idle.name, members: idle.members, example });
  }
  const behind = input.activities
    .filter((a) => a.target !== null && a.target > 0 && a.daysLeft >= 1)
    .map((a) => ({ a, gap: a.elapsed - a.done / (a.target ?? 1) }))
    .filter((x) => x.gap >= BEHIND_MARGIN)
    .sort((x, y) => y.gap - x.gap);
  for (const { a } of behind)
    found.push({ kind: "behind", activity: a, remaining: Math.max(0, (a.target ?? 0) - a.done) });
  for (const g of input.groups) {
    const names = g.notLogged ?? [];
    // a whole idle group is rule 1; here the few who have not logged while others have
    if (names.length === 0 || g.logged === 0) continue;
    const own = behind.find((b) => b.a.group === g.name)?.a ?? input.activities.find((a) => a.group === g.name);
    found.push({ kind: "notLogged", group: g.name, names, activity: own ?? null });
  }
  const low = input.polls
    .filter(
      (p) => p.open && p.asked > 0 && (p.few || (p.answered !== null && p.answered / p.asked < LOW_RESPONSE_RATE)),
    )
    .sort((a, b) => rateOf(a) - rateOf(b))[0];
  if (low) found.push({ kind: "pollRate", poll: low, threshold });
  const waiting = input.polls.find((p) => p.awaiting);
  if (waiting) found.push({ kind: "feedback", poll: waiting });
  if (found.length > 0) return found;
  const logged = input.groups.reduce((s, g) => s + g.logged, 0);
  const members = input.groups.reduce((s, g) => s + g.members, 0);
  if (logged > 0) return [{ kind: "praise", logged, members }];
  return [{ kind: "remind", example }];
}

/** The suggestion of the week: the most urgent that is not the previous week's (the most urgent when it is all there is). */
export function suggest(input: SuggestionInput, threshold = 5): Suggestion {
  const all = suggestions(input, threshold);
  return all.find((s) => suggestionKey(s) !== input.previous) ?? all[0];
}

/** What a suggestion is about, without its figures: "behind:IG Turlag 1:L2" (ids and names, never a note). */
export function suggestionKey(s: Suggestion): string {
  switch (s.kind) {
    case "nobody":
      return `nobody:${s.group}`;
    case "behind":
      return `behind:${s.activity.group ?? ""}:${s.activity.kommunName}:${s.activity.code}`;
    case "notLogged":
      return `notLogged:${s.group}`;
    case "pollRate":
      return `pollRate:${s.poll.groupName}:${s.poll.title}`;
    case "feedback":
      return `feedback:${s.poll.title}`;
    default:
      return s.kind;
  }
}

/** "2 h" per day over the days left (rounded up to a tenth: what the next shifts could take). */
function perDay(remaining: number, daysLeft: number): number {
  return Math.ceil((remaining / Math.max(1, daysLeft)) * 10) / 10;
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
      const params = {
        code: a.code,
        activity: a.name,
        kommun: a.kommunName,
        doneOf: doneOf(lang, t, { done: a.done, target: a.target, unit: a.unit }),
        period: periodPhrase(lang, t, a.per, a.period),
        daysLeft: daysLeftText(t, a.daysLeft),
        remaining: formatAmount(lang, a.unit, s.remaining),
        example: a.example,
      };
      if (!a.group) return t("digest.suggest.behind", params);
      // hours spread over the days left; occasions are planned into shifts
      const key =
        a.daysLeft <= 1
          ? "digest.suggest.groupBehindLastDay"
          : a.unit === "timmar"
            ? "digest.suggest.groupBehind"
            : "digest.suggest.groupBehindCount";
      return t(key, {
        ...params,
        group: a.group,
        perDay: formatAmount(lang, a.unit, perDay(s.remaining, a.daysLeft)),
      });
    }
    case "notLogged": {
      const params = { group: s.group, names: s.names.join(", "), count: s.names.length };
      return s.activity
        ? t("digest.suggest.notLogged", { ...params, code: s.activity.code, activity: s.activity.name })
        : t("digest.suggest.notLoggedAny", params);
    }
    case "pollRate": {
      const params = { asked: s.poll.asked, group: s.poll.groupName, title: s.poll.title, closes: s.poll.closes };
      return s.poll.answered === null
        ? t(s.poll.anonymous ? "digest.suggest.pollFew" : "digest.suggest.pollFewNamed", {
            ...params,
            threshold: s.threshold,
          })
        : t(s.poll.anonymous ? "digest.suggest.pollRate" : "digest.suggest.pollRateNamed", {
            ...params,
            answered: s.poll.answered,
            percent: responseRate(s.poll.answered, s.poll.asked) ?? "–",
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
