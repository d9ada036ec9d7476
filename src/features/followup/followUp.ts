// Resurs/aktivitet follow-up for a kommun and any period: per activity what
// was done (in total and per group) against the target and the baseline, the
// hours and people behind it, compared with the period before. Every figure of
// a target period comes from activityProgress (progress.ts), the one place
// progress is computed; a period that cuts a target period gets the target's
// share by days (a weekly target of 20 h is 20 × 30/7 h over 30 days).
//
// Who may see what ("reading another group's figures requires a role that
// covers it"): kommunpolis, lpo-chef and admin see every group of their own
// LPO; a gruppchef sees the groups they lead (their own groups when they lead
// none) plus the kommun's totals; everyone else — and anyone asking about a
// kommun of another LPO — sees nothing. Every view is audited
// (`followup.view`), and so is every refusal (`followup.refused`).
import { addDays, daysBetween, dayInZone } from "../../domain/calendar.js";
import {
  type FollowUpPeriod,
  parseFollowUpPeriod,
  partsOf,
  periodLabel,
  previousPeriod,
  shortLabel,
} from "./followUpPeriod.js";
import type { Unit } from "../../domain/activity.js";
import { type Actor, hasRole } from "../../domain/organisation.js";
import { type DayRange, shareElapsed, type TargetPer, targetPeriodOf } from "../../domain/targetPeriod.js";
import { formatAmount, formatHours, formatNumber, type Lang, type Translate, translator } from "../../i18n/index.js";
import type { Block, FormSpec, FormValues, Reply } from "../../core/reply.js";
import { textReply } from "../../core/reply.js";
import { type ActivityInScope, activityInScopeOf, type TargetRow } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import { type BarSeries, chartSummary, followUpChartPng } from "./followUpChart.js";
import { type ActivityProgress, activityProgress, amountInUnit, weeksPer } from "../../progress/progress.js";

export const FOLLOW_UP_FORM = "followup";

// ------------------------------------------------------------------ figures

export interface RangeFigures {
  activity: ActivityInScope;
  /** the period asked about */
  range: DayRange;
  /** the part of it inside the promise's period; null when the promise does not run then */
  active: DayRange | null;
  unit: Unit;
  done: number;
  byGroup: Map<string | null, number>;
  /** the target for the period (shares of target periods by days); null without a target */
  target: number | null;
  /** the baseline for the period, in the same way; null while unknown */
  baseline: number | null;
  /** the target in force at the end of the period, as given */
  targetInForce: TargetRow | null;
  per: TargetPer;
  /** every logged minute, whatever the unit (resources) */
  minutes: number;
  people: number;
  entries: number;
  /** 0–1, how much of the period has passed */
  elapsed: number;
}

const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);
const daysIn = (r: DayRange) => daysBetween(r.from, r.to) + 1;

/** Rounded as shown (one decimal): 0,98 shown as 1 is not behind 1. */
export function shown(value: number): number {
  return Math.round(value * 10) / 10;
}

export function percent(done: number, target: number | null): number | null {
  return target !== null && target > 0 ? Math.round((done / target) * 100) : null;
}

/** Behind: less done than the target, as both are shown. */
export function isBehind(f: { done: number; target: number | null }): boolean {
  return f.target !== null && f.target > 0 && shown(f.done) < shown(f.target);
}

/**
 * Computes follow-up figures; caches each activityProgress call, so a report
 * asking for months and the whole period reads each target period once.
 */
export class FollowUpCalculator {
  private readonly progress = new Map<string, Promise<ActivityProgress>>();

  constructor(
    private readonly ctx: CoreContext,
    readonly today: string,
  ) {}

  progressAt(activity: ActivityInScope, day: string): Promise<ActivityProgress> {
    const key = `${activity.id}|${day}`;
    let p = this.progress.get(key);
    if (!p) {
      p = activityProgress(this.ctx, activity, day, { trendWeeks: 0 });
      this.progress.set(key, p);
    }
    return p;
  }

  async figures(activity: ActivityInScope, range: DayRange): Promise<RangeFigures> {
    const from = maxDay(range.from, activity.promiseFrom);
    const to = minDay(range.to, activity.promiseTo);
    const promise = { from: activity.promiseFrom, to: activity.promiseTo };
    const empty: RangeFigures = {
      activity,
      range,
      active: null,
      unit: activity.unit,
      done: 0,
      byGroup: new Map(),
      target: null,
      baseline: null,
      targetInForce: null,
      per: "vecka",
      minutes: 0,
      people: 0,
      entries: 0,
      elapsed: shareElapsed(range, this.today),
    };
    if (from > to) return empty;

    // the target periods the range touches, each with its share of days
    const segments: { days: number; periodDays: number; progress: ActivityProgress; period: DayRange }[] = [];
    let cursor = from;
    while (cursor <= to) {
      const per = (await this.ctx.organisation.targetOn(activity.id, cursor))?.per ?? "vecka";
      const period = targetPeriodOf(per, cursor, promise);
      const end = minDay(period.to, to);
      const progress = await this.progressAt(activity, minDay(period.to, activity.promiseTo));
      segments.push({ days: daysBetween(cursor, end) + 1, periodDays: daysIn(period), progress, period });
      cursor = addDays(end, 1);
    }
    const last = segments[segments.length - 1].progress;
    const unit = last.target?.unit ?? activity.unit;
    let target: number | null = null;
    for (const s of segments) {
      if (!s.progress.target) continue;
      target = (target ?? 0) + (s.progress.target.amount * s.days) / s.periodDays;
    }
    // the baseline as known at the end (given, or logged over the first four weeks), per each segment's period
    let baseline: number | null = null;
    if (last.baseline) {
      const perWeek = last.baseline.amount / weeksPer(last.per, last.period);
      baseline = 0;
      for (const s of segments) {
        const perPeriod =
          s.progress.per === last.per ? last.baseline.amount : perWeek * weeksPer(s.progress.per, s.period);
        baseline += (perPeriod * s.days) / s.periodDays;
      }
    }

    const rows = await this.ctx.activityLog.amountsByGroup(activity.id, from, to);
    const byGroup = new Map<string | null, number>();
    let done = 0;
    for (const row of rows) {
      const amount = amountInUnit(unit, row.minutes, row.count);
      byGroup.set(row.groupId, amount);
      done += amount;
    }
    const where = { activityId: activity.id, day: { gte: from, lte: to }, undoneAt: null };
    const [sum, people] = await Promise.all([
      this.ctx.prisma.activityEntry.aggregate({ where, _sum: { minutes: true }, _count: { _all: true } }),
      this.ctx.prisma.activityEntry.groupBy({ by: ["personId"], where }),
    ]);
    return {
      ...empty,
      active: { from, to },
      unit,
      done,
      byGroup,
      target,
      baseline,
      targetInForce: last.target,
      per: last.per,
      minutes: sum._sum.minutes ?? 0,
      people: people.length,
      entries: sum._count._all,
    };
  }
}

// ------------------------------------------------------------- organisation

export interface KommunRef {
  id: string;
  name: string;
  lpoId: string;
}

export async function kommunerOfLpo(ctx: CoreContext, lpoId: string): Promise<KommunRef[]> {
  const rows = await ctx.prisma.kommun.findMany({ where: { lpoId }, select: { id: true, name: true, lpoId: true } });
  // in Swedish order (Å after Z), whatever the database's collation
  return rows.sort((a, b) => a.name.localeCompare(b.name, "sv"));
}

function plain(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+kommun$/, "")
    .trim();
}

export function matchKommun(kommuner: KommunRef[], text: string): KommunRef | null {
  const wanted = plain(text);
  if (!wanted) return null;
  return kommuner.find((k) => plain(k.id) === wanted || plain(k.name) === wanted) ?? null;
}

/** Every activity of the kommun's promises that runs some time in the range, in promise and position order. */
export async function activitiesOfKommun(
  ctx: CoreContext,
  kommunId: string,
  range: DayRange,
): Promise<ActivityInScope[]> {
  const rows = await ctx.prisma.promiseActivity.findMany({
    where: { active: true, promise: { kommunId, fromDay: { lte: range.to }, toDay: { gte: range.from } } },
    include: { promise: { include: { kommun: true } }, groups: true },
    orderBy: [{ promise: { fromDay: "asc" } }, { promiseId: "asc" }, { position: "asc" }],
  });
  return rows.map(activityInScopeOf);
}

// ----------------------------------------------------------------- access

export type FollowUpScope = { kind: "all" } | { kind: "groups"; groupIds: string[] };

/** What follow-up this person may read in their own LPO; null = none. */
export function followUpScope(actor: Actor): FollowUpScope | null {
  if (hasRole(actor, "admin", "lpo-chef", "kommunpolis")) return { kind: "all" };
  if (hasRole(actor, "gruppchef"))
    return { kind: "groups", groupIds: actor.leadsGroupIds.length > 0 ? actor.leadsGroupIds : actor.groupIds };
  return null;
}

export function groupAllowed(scope: FollowUpScope, groupId: string | null): boolean {
  return scope.kind === "all" || (groupId !== null && scope.groupIds.includes(groupId));
}

/** The groups an activity's figures are shown for: its groups (or all), and any other that logged on it. */
export function groupsToShow(
  f: RangeFigures,
  lpoGroups: { id: string; name: string }[],
  scope: FollowUpScope,
): { id: string | null; name: string | null }[] {
  const expected = f.activity.groupIds.length > 0 ? f.activity.groupIds : lpoGroups.map((g) => g.id);
  const ids: (string | null)[] = lpoGroups.map((g) => g.id).filter((id) => expected.includes(id) || f.byGroup.has(id));
  if (f.byGroup.has(null)) ids.push(null);
  return ids
    .filter((id) => groupAllowed(scope, id))
    .map((id) => ({ id, name: id === null ? null : (lpoGroups.find((g) => g.id === id)?.name ?? id) }));
}

// ------------------------------------------------------------ presentation

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

/** "2 av 6 tillfällen", "16 av 88,6 h"; a target as shown (one decimal) */
export function doneOf(lang: Lang, t: Translate, f: { done: number; target: number | null; unit: Unit }): string {
  if (f.target === null) return formatAmount(lang, f.unit, f.done);
  return t("followup.doneOf", {
    done: formatNumber(lang, f.done),
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

/** The figures per group as field blocks (at most 10 fields each), optionally with the total last. */
export function groupFieldBlocks(
  lang: Lang,
  t: Translate,
  f: RangeFigures,
  groups: { id: string | null; name: string | null }[],
  withTotal: boolean,
): Block[] {
  const fields = groups.map((g) => ({
    label: g.name ?? t("followup.noGroup"),
    value: formatAmount(lang, f.unit, f.byGroup.get(g.id) ?? 0),
  }));
  if (withTotal) fields.push({ label: t("followup.allGroups"), value: formatAmount(lang, f.unit, f.done) });
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
        arrow: arrowOf(f.done, before.done),
      }),
    );
  if (f.baseline !== null)
    details.push(t("followup.baseline", { amount: formatAmount(lang, f.unit, shown(f.baseline)) }));
  return details;
}

export function arrowOf(now: number, before: number): string {
  if (shown(now) === shown(before)) return "→";
  return now > before ? "↗" : "↘";
}

export interface FollowUpViewOptions {
  kommun: KommunRef;
  period: FollowUpPeriod;
  scope: FollowUpScope;
  lang: Lang;
  withChart?: boolean;
}

/** The follow-up reply for a kommun and period, for someone allowed to read it (see followUpScope). */
export async function followUpView(ctx: CoreContext, options: FollowUpViewOptions): Promise<Reply> {
  const { kommun, period, scope, lang } = options;
  const t = translator(lang);
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const label = periodLabel(lang, period);
  const previous = previousPeriod(period);
  const heading = t("followup.heading", { kommun: kommun.name, period: label });
  const activities = await activitiesOfKommun(ctx, kommun.id, period);
  if (activities.length === 0) {
    const text = t("followup.none", { kommun: kommun.name, period: label });
    return {
      text: `${heading}: ${text}`,
      blocks: [
        { kind: "heading", text: heading },
        { kind: "text", text },
      ],
    };
  }
  const calc = new FollowUpCalculator(ctx, today);
  const lpoGroups = await ctx.organisation.groupsOfLpo(kommun.lpoId);
  const elapsed = shareElapsed(period, today);
  const blocks: Block[] = [
    { kind: "heading", text: heading },
    {
      kind: "context",
      text: [
        t("followup.range", { from: period.from, to: period.to }),
        elapsed > 0 && elapsed < 1 ? t("followup.elapsed", { percent: Math.round(elapsed * 100) }) : null,
        t("followup.compared", { previous: periodLabel(lang, previous) }),
      ]
        .filter(Boolean)
        .join(" · "),
    },
  ];
  const summary: string[] = [];
  const series: BarSeries[] = [];
  const parts = partsOf(period);
  let promiseId = "";
  for (const activity of activities) {
    if (activity.promiseId !== promiseId) {
      promiseId = activity.promiseId;
      blocks.push({ kind: "divider" });
      blocks.push({
        kind: "text",
        text: t("followup.promise", {
          title: activity.promiseTitle,
          from: activity.promiseFrom,
          to: activity.promiseTo,
        }),
      });
    }
    const f = await calc.figures(activity, period);
    const before = await calc.figures(activity, previous);
    const p = percent(f.done, f.target);
    const line =
      f.target === null
        ? t("followup.activityNoTarget", { code: activity.code, activity: activity.name, done: doneOf(lang, t, f) })
        : t("followup.activity", {
            code: activity.code,
            activity: activity.name,
            doneOf: doneOf(lang, t, f),
            percent: p ?? 0,
          });
    if (f.target !== null && f.target > 0)
      blocks.push({ kind: "progress", label: `${activity.code} ${label}`, done: f.done, target: f.target, text: line });
    else blocks.push({ kind: "text", text: line });
    summary.push(`${activity.code} ${doneOf(lang, t, f)}`);

    blocks.push(...groupFieldBlocks(lang, t, f, groupsToShow(f, lpoGroups, scope), true));

    const details = comparisonDetails(lang, t, f, before, previous);
    if (f.targetInForce) details.push(t("followup.target", { target: targetText(lang, t, f.targetInForce) }));
    details.push(resourcesText(lang, t, f));
    if (!f.active) details.push(t("followup.notRunning", { from: activity.promiseFrom, to: activity.promiseTo }));
    blocks.push({ kind: "context", text: details.join(" · ") });

    const bars: BarSeries["bars"] = [];
    for (const part of parts) {
      const pf = await calc.figures(activity, part);
      bars.push({ label: shortLabel(lang, part), amount: pf.done, target: pf.target });
    }
    series.push({ label: `${activity.code} ${activity.name}`, unitLabel: unitWord(t, f.unit), bars });
  }
  if (scope.kind === "groups") {
    const names = lpoGroups.filter((g) => scope.groupIds.includes(g.id)).map((g) => g.name);
    blocks.push({ kind: "context", text: t("followup.ownGroupsOnly", { groups: names.join(", ") || "–" }) });
  }
  if (options.withChart !== false) {
    const title = t("followup.chartTitle", { kommun: kommun.name, period: label });
    try {
      blocks.push({
        kind: "image",
        png: followUpChartPng(title, series, t("followup.targetWord")),
        alt: t("followup.chartAlt", { summary: chartSummary(lang, series, t("followup.targetWord")) }),
        title,
      });
    } catch (error) {
      ctx.logger.warn(
        { event: "chart.failed", err: error },
        "chart could not be rendered; the text is complete without it",
      );
    }
  }
  return { text: `${heading}: ${summary.join("; ")}`, blocks };
}

// ------------------------------------------------------------------ command

/** `/uppfoljning <kommun> [period]` and the form's submission. */
export async function followUpCommand(ctx: CoreContext, actor: Actor, args: string): Promise<Reply> {
  const t = translator(actor.lang);
  const scope = followUpScope(actor);
  if (!scope) {
    await ctx.audit.record(actor.id, "followup.refused", actor.lpoId, { reason: "role", args: args.slice(0, 60) });
    return textReply(t("followup.forbidden"));
  }
  const kommuner = await kommunerOfLpo(ctx, actor.lpoId);
  const list = kommuner.map((k) => k.id).join(", ");
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const words = args.split(" ").filter(Boolean);
  let kommun: KommunRef | null = null;
  let rest = "";
  for (let i = words.length; i >= 1 && !kommun; i--) {
    kommun = matchKommun(kommuner, words.slice(0, i).join(" "));
    if (kommun) rest = words.slice(i).join(" ");
  }
  if (!kommun && kommuner.length === 1 && parseFollowUpPeriod(args, today).ok) {
    kommun = kommuner[0];
    rest = args;
  }
  if (!kommun) {
    if (words.length > 0)
      await ctx.audit.record(actor.id, "followup.refused", actor.lpoId, { reason: "kommun", args: args.slice(0, 60) });
    return textReply(
      words.length === 0
        ? t("followup.usage", { kommun: kommuner[0]?.id ?? "norrdal", kommuner: list })
        : t("followup.unknownKommun", { text: words[0], kommuner: list }),
    );
  }
  const parsed = parseFollowUpPeriod(rest, today);
  if (!parsed.ok) return textReply(t("followup.badPeriod", { text: parsed.text }));
  const reply = await followUpView(ctx, { kommun, period: parsed.period, scope, lang: actor.lang });
  await ctx.audit.record(actor.id, "followup.view", kommun.id, {
    kind: "chat",
    period: parsed.period.key,
    from: parsed.period.from,
    to: parsed.period.to,
    groups: scope.kind === "all" ? "all" : scope.groupIds,
  });
  return reply;
}

export async function followUpForm(
  ctx: CoreContext,
  actor: Actor,
  errors?: Record<string, string>,
  values?: FormValues,
): Promise<FormSpec> {
  const t = translator(actor.lang);
  const kommuner = await kommunerOfLpo(ctx, actor.lpoId);
  const initialKommun = typeof values?.kommun === "string" ? values.kommun : kommuner[0]?.id;
  return {
    id: FOLLOW_UP_FORM,
    title: t("followup.form.title"),
    submitLabel: t("followup.form.submit"),
    intro: t("followup.form.intro"),
    state: "",
    fields: [
      {
        kind: "choice",
        name: "kommun",
        label: t("followup.form.kommun"),
        options: kommuner.map((k) => ({ value: k.id, label: k.name })),
        required: true,
        ...(initialKommun ? { initial: initialKommun } : {}),
      },
      {
        kind: "text",
        name: "period",
        label: t("followup.form.period"),
        placeholder: "2026-11, 2026-Q3, v47, 2026-03-01..2026-08-31",
        maxLength: 40,
        ...(typeof values?.period === "string" ? { initial: values.period } : {}),
      },
    ],
    ...(errors ? { errors } : {}),
  };
}

/** Validates the form; errors by field, or the arguments for followUpCommand. */
export async function followUpFormArgs(
  ctx: CoreContext,
  actor: Actor,
  values: FormValues,
): Promise<{ ok: true; args: string } | { ok: false; errors: Record<string, string> }> {
  const t = translator(actor.lang);
  const kommuner = await kommunerOfLpo(ctx, actor.lpoId);
  const kommunValue = typeof values.kommun === "string" ? values.kommun : "";
  const periodValue = typeof values.period === "string" ? values.period.trim() : "";
  const errors: Record<string, string> = {};
  if (!matchKommun(kommuner, kommunValue))
    errors.kommun = t("followup.unknownKommun", { text: kommunValue, kommuner: kommuner.map((k) => k.id).join(", ") });
  if (!parseFollowUpPeriod(periodValue, dayInZone(ctx.clock.now(), ctx.timeZone)).ok)
    errors.period = t("followup.badPeriod", { text: periodValue });
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, args: `${kommunValue} ${periodValue}`.trim() };
}
