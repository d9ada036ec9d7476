// The monthly follow-up to the LPO's kommunpoliser and LPO-chef: per kommun
// first the three levels in two lines (quality/monthly.ts); per kommun,
// promise and activity, done against target for the month and for the promise
// period so far, against the month before and the baseline, per group; the
// dialogue polls of the month; the escalations; and the groups bound to no
// chat channel (their weekly status goes only to their gruppchef).
//
// Escalation: an activity is behind in a month when less was done than the
// month's target (the target in force, shared by days: a weekly target counts
// days/7 times, a quarterly one its days' share of the quarter), as the figures
// are shown (one decimal). An activity behind in the month reported and the
// two before it — three follow-up periods in a row, all inside the promise —
// is listed under the escalations.
//
// Recipients: every kommunpolis and LPO-chef of the LPO. The organisation file
// links kommunpoliser to kommuner only through groups, so each gets the whole
// LPO; the /uppfoljning command narrows to one kommun.
import { dayInZone } from "../../domain/calendar.js";
import type { Lang } from "../../domain/lang.js";
import { type FollowUpPeriod, monthName, monthOf, monthPeriod, periodLabel, previousPeriod } from "./followUpPeriod.js";
import { formatAmount, translator } from "../../i18n/index.js";
import type { Block, Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import { FollowUpCalculator, isBehind, percent, type RangeFigures } from "./figures.js";
import { activityBlocks, doneOf, pollStateText, promiseBlocks, wholePeriodText } from "./presentation.js";
import { groupsToShow, kommunerOfLpo, pollsDuring } from "./scope.js";
import { activitiesOfKommun, countPromisesOfLpo, lpoName, unboundGroups } from "./store.js";
import { type PollSummary, pollSummaries, responseRate } from "./followUpPolls.js";
import { threeLevelLines } from "./quality/monthly.js";
import { effectSection, effectSummaryLine } from "../indicators/index.js";

/** "2026-10" for a run on 1 November 2026. */
export function previousMonthKey(at: Date, timeZone: string): string {
  return previousPeriod(monthOf(dayInZone(at, timeZone))).key;
}

export function monthFromKey(key: string): FollowUpPeriod {
  return monthPeriod(Number(key.slice(0, 4)), Number(key.slice(5, 7)));
}

export interface Escalation {
  activity: ActivityInScope;
  months: { month: FollowUpPeriod; figures: RangeFigures }[];
}

/** Activities behind target in `month` and the two months before (see the file comment). */
export async function escalations(
  calc: FollowUpCalculator,
  activities: ActivityInScope[],
  month: FollowUpPeriod,
): Promise<Escalation[]> {
  const months = [previousPeriod(previousPeriod(month)), previousPeriod(month), month];
  const found: Escalation[] = [];
  for (const activity of activities) {
    const rows: Escalation["months"] = [];
    for (const m of months) {
      const figures = await calc.figures(activity, m);
      if (!figures.active || figures.active.from !== m.from || figures.active.to !== m.to) break;
      if (!isBehind(figures)) break;
      rows.push({ month: m, figures });
    }
    if (rows.length === 3) found.push({ activity, months: rows });
  }
  return found;
}

/** Whether any promise of the LPO ran during the month. */
export async function monthHasPromises(ctx: CoreContext, lpoId: string, monthKey: string): Promise<boolean> {
  const count = await countPromisesOfLpo(ctx, lpoId, monthFromKey(monthKey));
  return count > 0;
}

/** The monthly follow-up of an LPO for a month ("2026-10"); null when no promise ran that month. */
export async function monthlyFollowUp(
  ctx: CoreContext,
  lpoId: string,
  monthKey: string,
  lang: Lang,
): Promise<Reply | null> {
  const t = translator(lang);
  const month = monthFromKey(monthKey);
  const previous = previousPeriod(month);
  const monthText = periodLabel(lang, month);
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const calc = new FollowUpCalculator(ctx, today);
  const lpo = await lpoName(ctx, lpoId);
  const lpoGroups = await ctx.organisation.groupsOfLpo(lpoId);
  const heading = t("monthly.heading", { month: monthText, lpo: lpo ?? lpoId });
  const blocks: Block[] = [
    { kind: "heading", text: heading },
    { kind: "context", text: t("monthly.intro", { month: monthText, previous: periodLabel(lang, previous) }) },
  ];
  const summary: string[] = [];
  const allEscalations: Escalation[] = [];
  const levels: string[] = [];
  for (const kommun of await kommunerOfLpo(ctx, lpoId)) {
    const activities = await activitiesOfKommun(ctx, kommun.id, month);
    if (activities.length === 0) continue;
    const standing = { onTarget: 0, withTarget: 0, unlogged: 0 };
    let promiseId = "";
    for (const activity of activities) {
      if (activity.promiseId !== promiseId) {
        promiseId = activity.promiseId;
        blocks.push(
          ...promiseBlocks(
            t("monthly.promise", {
              kommun: kommun.name,
              title: activity.promiseTitle,
              from: activity.promiseFrom,
              to: activity.promiseTo,
            }),
          ),
        );
      }
      const f = await calc.figures(activity, month);
      // a month before logging began is neither on target nor behind: it was not measured
      if (f.unlogged) standing.unlogged++;
      else if (f.target !== null && f.target > 0) {
        standing.withTarget++;
        if (!isBehind(f)) standing.onTarget++;
      }
      const before = await calc.figures(activity, previous);
      const sinceStart = await calc.figures(activity, { from: activity.promiseFrom, to: month.to });
      const month_ = monthName(lang, Number(monthKey.slice(5, 7)));
      const line = f.unlogged
        ? t("followup.activityWhole", { code: activity.code, activity: activity.name, doneOf: doneOf(lang, t, f) })
        : f.wholePeriod
          ? t("monthly.activityWhole", {
              code: activity.code,
              activity: activity.name,
              done: formatAmount(lang, f.unit, f.done),
              month: month_,
              whole: wholePeriodText(lang, t, f) ?? "",
            })
          : t("monthly.activity", {
              code: activity.code,
              activity: activity.name,
              doneOf: doneOf(lang, t, f),
              month: month_,
              percent: percent(f.done, f.target) ?? "–",
            });
      summary.push(`${activity.code} ${doneOf(lang, t, f)}`);
      blocks.push(
        ...activityBlocks(lang, t, {
          f,
          before,
          previous,
          line,
          label: `${activity.code} ${monthText}`,
          groups: groupsToShow(f, lpoGroups, { kind: "all" }),
          withTotal: false,
          facts: sinceStart.wholePeriod
            ? []
            : [
                t(sinceStart.unlogged ? "monthly.sinceStartUnlogged" : "monthly.sinceStart", {
                  from: activity.promiseFrom,
                  to: month.to,
                  doneOf: doneOf(lang, t, sinceStart),
                  percent: percent(sinceStart.done, sinceStart.target) ?? "–",
                }),
              ],
          notes: [],
        }),
      );
    }
    allEscalations.push(...(await escalations(calc, activities, month)));
    const effect = await effectSection(ctx, { kommun, period: month, lang });
    levels.push(await threeLevelLines(ctx, lang, kommun, month, standing, effectSummaryLine(effect)));
  }
  if (summary.length === 0) return null;
  // the three levels (activities, quality, effect) in two lines per kommun, right under the introduction
  blocks.splice(2, 0, { kind: "text", text: levels.join("\n") });

  const polls = pollsDuring(await pollSummaries(ctx, { lpoId }), month, ctx.timeZone);
  blocks.push({ kind: "divider" });
  blocks.push({ kind: "text", text: `*${t("monthly.pollsHeading")}*` });
  blocks.push({
    kind: "text",
    text:
      polls.length === 0
        ? t("monthly.noPolls", { month: monthText })
        : polls.map((p) => pollLine(lang, p, ctx.pollMinResponses)).join("\n"),
  });

  blocks.push({ kind: "divider" });
  blocks.push({ kind: "text", text: `*${t("monthly.escalationHeading")}*` });
  blocks.push({
    kind: "text",
    text:
      allEscalations.length === 0
        ? t("monthly.noEscalations")
        : allEscalations
            .map((e) =>
              t("monthly.escalation", {
                code: e.activity.code,
                activity: e.activity.name,
                kommun: e.activity.kommunName,
                months: e.months
                  .map((m) => `${monthName(lang, Number(m.month.key.slice(5, 7)))} ${doneOf(lang, t, m.figures)}`)
                  .join(", "),
              }),
            )
            .join("\n"),
  });
  // nobody silently left out: the groups whose status reaches only their gruppchef
  const unbound = await unboundGroups(ctx, lpoId);
  if (unbound.length > 0) {
    blocks.push({ kind: "divider" });
    blocks.push({
      kind: "context",
      text: t("monthly.unbound", {
        groups: unbound.map((g) => g.name).join(", "),
        example: unbound[0].id,
      }),
    });
  }
  const escalationText =
    allEscalations.length > 0
      ? ` ${t("monthly.escalationSummary", { codes: allEscalations.map((e) => `${e.activity.code} (${e.activity.kommunName})`).join(", ") })}`
      : "";
  return { text: `${heading}: ${summary.join("; ")}.${escalationText}`, blocks };
}

/** A poll for follow-up: title, state, and the response rate once enough have answered (the anonymity threshold). */
export function pollLine(lang: Lang, p: PollSummary, threshold: number): string {
  const t = translator(lang);
  const answers =
    p.answered !== null
      ? t("monthly.pollAnswers", {
          answered: p.answered,
          asked: p.asked,
          percent: responseRate(p.answered, p.asked) ?? "–",
        })
      : t("monthly.pollFewAnswers", { threshold });
  return t("monthly.pollLine", { title: p.title, kind: p.kind, state: pollStateText(t, p), answers });
}
