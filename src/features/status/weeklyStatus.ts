// The weekly promise status for a shift team's channel: per promise, one line
// on why it exists and what to tell citizens; per activity that concerns the
// group, last week and the period so far — the team's own part of the target
// ("ert turlag: 3 av 4 h", the bar) beside the LPO's total, labelled as such —
// how the team's share was decided, the team's trend and baseline, what the team logged most, the exact line
// to log, a Logga button, and a chart whose content the text also says.
import type { Lang } from "../../domain/lang.js";
import { addDays, dayInZone, isoWeek, startOfIsoWeek } from "../../domain/calendar.js";
import { formatAmount, formatNumber, type Translate, translator } from "../../i18n/index.js";
import { type Block, literal, OPEN_FORM_ACTION, type Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import { type ActivityProgress, percentOfTarget, weeksPer } from "../../progress/progress.js";
import { ProgressSnapshot } from "../../progress/progressSnapshot.js";
import { ChartTooSlowError } from "../../progress/chart.js";
import { lpoPart, ourPart, shareBasisText, trendValues, whyLine } from "../../progress/shareText.js";
import { type ChartSeries, progressChartPng } from "../../progress/progressChart.js";
import { dayName } from "./nudgeText.js";

export interface GroupRef {
  id: string;
  name: string;
  lpoId: string;
}

/** Activities of promises running on `day` in the group's LPO that concern the group. */
export async function activitiesOfGroup(ctx: CoreContext, group: GroupRef, day: string): Promise<ActivityInScope[]> {
  return concerning(await activitiesOfLpo(ctx, group.lpoId, day), group.id);
}

/** Every activity of promises running on `day` in the LPO. */
export async function activitiesOfLpo(ctx: CoreContext, lpoId: string, day: string): Promise<ActivityInScope[]> {
  return ctx.organisation.activitiesInScope(
    { id: `lpo:${lpoId}`, name: lpoId, lpoId, lang: ctx.defaultLang, roles: [], groupIds: [], leadsGroupIds: [] },
    day,
  );
}

export function concerning(activities: ActivityInScope[], groupId: string): ActivityInScope[] {
  return activities.filter((a) => a.groupIds.length === 0 || a.groupIds.includes(groupId));
}

/** What a run needs for every group of an LPO, loaded once. */
export interface LpoProgress {
  activities: ActivityInScope[];
  snapshot: ProgressSnapshot;
}

export async function loadLpoProgress(ctx: CoreContext, lpoId: string, day: string): Promise<LpoProgress> {
  const activities = await activitiesOfLpo(ctx, lpoId, day);
  return { activities, snapshot: await ProgressSnapshot.load(ctx, activities, day) };
}

export function exampleLine(activity: ActivityInScope): string {
  const word = activity.aliases[0] ?? activity.code;
  return activity.unit === "timmar" ? `1,5h ${word}` : `1st ${word}`;
}

function arrow(direction: ActivityProgress["trendDirection"]): string {
  return direction === "up" ? "↗" : direction === "down" ? "↘" : direction === "none" ? "" : "→";
}

function periodName(t: Translate, per: ActivityProgress["per"]): string {
  return per === "månad"
    ? t("status.month")
    : per === "kvartal"
      ? t("status.quarter")
      : per === "period"
        ? t("status.period")
        : t("status.week");
}

export interface WeeklyStatusOptions {
  withChart?: boolean;
  /** shared by every group of a run; loaded here when absent */
  data?: LpoProgress;
  /** the status comes later than its fixed day because of this holiday (said under the heading) */
  moved?: { from: string; holiday: string };
  /**
   * How long the chart may take. A status built as a chat answer (a button)
   * passes CHART_TIME_BUDGET_MS and goes without the picture when it is late;
   * a scheduled status (the default) waits for its chart: nobody waits on it.
   */
  chartWithinMs?: number;
}

export async function weeklyStatus(
  ctx: CoreContext,
  group: GroupRef,
  at: Date,
  lang: Lang,
  options: WeeklyStatusOptions = {},
): Promise<Reply> {
  const t = translator(lang);
  const day = dayInZone(at, ctx.timeZone);
  const week = isoWeek(day).week;
  const lastMonday = addDays(startOfIsoWeek(day), -7);
  const lastSunday = addDays(lastMonday, 6);
  const lastWeek = isoWeek(lastMonday).week;
  const heading = t("status.heading", { group: group.name, week });
  const data = options.data ?? (await loadLpoProgress(ctx, group.lpoId, day));
  const activities = concerning(data.activities, group.id);
  if (activities.length === 0) {
    const none = t("status.none", { group: group.name });
    const text = options.moved
      ? `${none} ${t("nudge.moved", { day: dayName(lang, options.moved.from), holiday: options.moved.holiday })}`
      : none;
    return {
      text: `${heading}: ${text}`,
      blocks: [
        { kind: "heading", text: heading },
        { kind: "text", text },
      ],
    };
  }

  const movedNote = options.moved
    ? t("nudge.moved", { day: dayName(lang, options.moved.from), holiday: options.moved.holiday })
    : null;
  const blocks: Block[] = [
    { kind: "heading", text: heading },
    ...(movedNote ? [{ kind: "context" as const, text: movedNote }] : []),
    { kind: "context", text: t("status.intro") },
  ];
  const summary: string[] = [];
  const series: ChartSeries[] = [];
  const mostLogged: { activity: ActivityInScope; entries: number }[] = [];
  const promisesSaid = new Set<string>();
  for (const activity of activities) {
    const total = data.snapshot.progress(activity);
    const team = data.snapshot.progress(activity, { groupId: group.id });
    const unit = total.target?.unit ?? activity.unit;
    // null: last week lies before logging began (not measured, never 0)
    const lastWeekTotal = total.trend.length > 0 ? total.trend[total.trend.length - 1].amount : 0;
    const lastWeekTeam = team.trend.length > 0 ? team.trend[team.trend.length - 1].amount : 0;
    const last = lastWeekTotal !== null && lastWeekTeam !== null ? { total: lastWeekTotal, team: lastWeekTeam } : null;
    const lines: string[] = [];
    blocks.push({ kind: "divider" });
    if (!promisesSaid.has(activity.promiseId)) {
      // why the promise exists, once per promise, before its first activity
      promisesSaid.add(activity.promiseId);
      const why = whyLine(lang, activity.why);
      if (why) blocks.push({ kind: "context", text: `*${literal(activity.promiseTitle)}* – ${why}` });
    }
    blocks.push({
      kind: "text",
      text: `*${literal(`${activity.code} ${activity.name}`)}* (${literal(activity.kommunName)})`,
    });
    if (!last && (total.per === "vecka" || !total.target)) {
      const text = t("status.lastWeekUnlogged", { week: lastWeek });
      blocks.push({ kind: "text", text });
      lines.push(text);
    } else if (last && total.target && total.per === "vecka") {
      const text = t("status.lastWeek", {
        week: lastWeek,
        ours: ourPart(lang, team, last.team),
        lpo: lpoPart(lang, total, last.total),
      });
      blocks.push({
        kind: "progress",
        label: `${activity.code} v. ${lastWeek}`,
        done: last.team,
        target: team.groupTarget ?? total.target.amount,
        text,
      });
      lines.push(text);
    } else if (total.target) {
      const groupTarget = team.groupTarget;
      const text = t("status.periodSoFar", {
        period: periodName(t, total.per),
        ours: ourPart(lang, team),
        // a part of 0 has no percentage ("–"), and never the LPO's beside the group's "0 av 0"
        percent:
          groupTarget === null
            ? percentOfTarget(total)
            : groupTarget > 0
              ? Math.round((team.done / groupTarget) * 100)
              : "–",
        lpo: lpoPart(lang, total),
        elapsed: Math.round(total.elapsed * 100),
      });
      blocks.push({
        kind: "progress",
        label: `${activity.code} ${periodName(t, total.per)}`,
        done: team.done,
        target: groupTarget ?? total.target.amount,
        text,
      });
      lines.push(text);
    } else if (last) {
      blocks.push({
        kind: "text",
        text: t("status.noTarget", {
          ours: formatAmount(lang, unit, last.team),
          lpo: formatAmount(lang, unit, last.total),
        }),
      });
    }
    const details: string[] = [];
    const basis = shareBasisText(lang, team);
    if (basis) details.push(basis);
    details.push(
      t("status.trend", {
        from: team.trend[0] ? isoWeek(team.trend[0].monday).week : lastWeek,
        to: lastWeek,
        values: trendValues(lang, team.trend),
        arrow: arrow(team.trendDirection),
      }).trimEnd(),
    );
    if (team.baseline) {
      details.push(
        t("status.baseline", {
          amount: formatAmount(lang, unit, team.baseline.amount),
          per: t(`per.${total.per}` as "per.vecka"),
        }),
      );
    }
    details.push(t("status.logLine", { example: exampleLine(activity) }));
    blocks.push({ kind: "context", text: details.join(" · ") });
    summary.push(`${activity.code} ${lines[0] ?? ""}`.trim());

    const groupTarget = team.groupTarget ?? total.target?.amount ?? null;
    const weeklyTarget = groupTarget !== null ? groupTarget / weeksPer(total.per, total.period) : null;
    series.push({
      label: `${activity.code} ${activity.name}`,
      unitLabel: t(`unit.${unit}` as "unit.timmar"),
      weeks: team.trend.map((w) => ({ label: `v${isoWeek(w.monday).week}`, amount: w.amount })),
      weeklyTarget,
    });
    const entries = data.snapshot.entries(activity.id, group.id, lastMonday, lastSunday);
    if (entries > 0) mostLogged.push({ activity, entries });
  }
  blocks.push({ kind: "divider" });
  const top = mostLogged.sort((a, b) => b.entries - a.entries)[0];
  blocks.push({
    kind: "text",
    text: top
      ? t(top.entries === 1 ? "status.mostLoggedOne" : "status.mostLogged", {
          code: top.activity.code,
          activity: top.activity.name,
          entries: top.entries,
        })
      : t("status.nothingLogged"),
  });
  if (options.withChart !== false) {
    const alt = t("status.chartAlt", {
      summary: series
        .map(
          (s) =>
            `${s.label}: ${s.weeks.map((w) => `${w.label} ${w.amount === null ? "–" : formatNumber(lang, w.amount)}`).join(", ")}${s.weeklyTarget !== null ? ` (mål ${formatNumber(lang, s.weeklyTarget)}/v)` : ""}`,
        )
        .join("; "),
    });
    try {
      blocks.push({
        kind: "image",
        png: await progressChartPng(
          series,
          { target: t("status.chartTarget"), met: t("status.chartMet"), under: t("status.chartUnder") },
          lang === "sv" ? "," : ".",
          options.chartWithinMs ?? Number.POSITIVE_INFINITY,
        ),
        alt,
        title: t("status.chartTitle"),
      });
    } catch (error) {
      if (error instanceof ChartTooSlowError)
        ctx.logger.info({ event: "chart.late" }, "chart not ready in time; sent without it, the text is complete");
      else
        ctx.logger.warn(
          { event: "chart.failed", err: error },
          "chart could not be rendered; the text is complete without it",
        );
    }
  }
  blocks.push({
    kind: "actions",
    buttons: [{ label: t("status.logButton"), action: { id: OPEN_FORM_ACTION, value: "logga" }, style: "primary" }],
  });
  return { text: `${heading}: ${summary.join("; ")}${movedNote ? ` (${movedNote})` : ""}`, blocks };
}
