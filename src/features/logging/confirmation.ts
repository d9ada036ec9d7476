// The reply to a stored line: what was stored for whom (and, for a line stored
// "Spara utan …", for whom nothing was stored again), the day and ISO week,
// the team's standing against the target, what was masked in the note, and
// the Ångra button (its value: the batch id); the same without the standing
// (the receipt kept with the request key, and the answer when the standing
// cannot be read); and what to say when the database did not confirm the
// line. Also the wording shared with undo and /mina: amounts, days and lists
// of names.
import type { Lang } from "../../domain/lang.js";
import { dayInZone, isoWeek } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { formatAmount, formatHours, formatNumber, type Translate, translator } from "../../i18n/index.js";
import { type Block, type Reply, textReply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { type CoreContext, today } from "../../core/context.js";
import { type ActivityStanding, activityStanding, standingOfGroup } from "../../progress/progress.js";
import { loadShareBasis } from "../../progress/share.js";
import { lpoPart, namedPart } from "../../progress/shareText.js";
import { groupFor } from "./activityScope.js";
import type { ParsedLogLine } from "./oneLineLog.js";

export const UNDO_ACTION = "undo";

export function dayLabel(t: Translate, day: string, todayDay: string, yesterday: string): string {
  if (day === todayDay) return t("common.today");
  if (day === yesterday) return t("common.yesterday");
  return day;
}

export function amountText(
  t: Translate,
  lang: Lang,
  minutes: number | null,
  count: number | null,
  unit: string,
): string {
  const parts: string[] = [];
  if (unit === "tillfällen" && count !== null) parts.push(formatAmount(lang, "tillfällen", count));
  if (minutes !== null) parts.push(formatHours(lang, minutes));
  if (unit !== "tillfällen" && count !== null && count > 1) parts.push(formatAmount(lang, "tillfällen", count));
  return parts.join(", ") || t("common.times");
}

export function joinNames(t: Translate, names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${t("common.and")} ${names[names.length - 1]}`;
}

/** People's names joined, the sender as `self` ("mig", "dig själv"…). */
export function joinPeople(t: Translate, actor: Actor, people: Actor[], self: string): string {
  return joinNames(
    t,
    people.map((p) => (p.id === actor.id ? self : p.name)),
  );
}

/**
 * ", även för Emma Lund" when the sender is among `people`; " för Emma Lund"
 * when they are not (left out: "Spara utan mig"); "" for the sender alone.
 */
export function othersText(t: Translate, actor: Actor, people: { id: string; name: string }[]): string {
  const others = people.filter((p) => p.id !== actor.id).map((p) => p.name);
  if (others.length === 0) return "";
  const names = joinNames(t, others);
  return people.some((p) => p.id === actor.id) ? t("log.storedOthers", { names }) : t("log.storedFor", { names });
}

/** A line's "✅ …" sentence and its parts, named once for both its receipt and its reply (storedLine). */
export type StoredLine = ReturnType<typeof storedLine>;

/**
 * "✅ 1,5 h på L1 Närvaro (idag, v. 48), även för Emma Lund." — known before anything is stored.
 * "idag"/"igår" as of `at` (now when not given). `left`: people of the line
 * left out ("Spara utan …"), the sender perhaps among them: the sentence says
 * nothing was stored again for them ("… för Emma Lund. Inget sparades igen för dig …").
 */
export function storedLine(
  ctx: CoreContext,
  actor: Actor,
  activity: ActivityInScope,
  value: ParsedLogLine,
  others: Actor[],
  at?: Date,
  left: Actor[] = [],
) {
  const t = translator(actor.lang);
  const todayDay = at ? dayInZone(at, ctx.timeZone) : today(ctx);
  const yesterday = new Date(`${todayDay}T12:00:00Z`);
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  const week = isoWeek(value.day).week;
  const amount = amountText(t, actor.lang, value.minutes, value.count, activity.unit);
  const self = !left.some((p) => p.id === actor.id);
  const day = dayLabel(t, value.day, todayDay, yesterday.toISOString().slice(0, 10));
  const line = t("log.stored", {
    amount,
    code: activity.code,
    activity: activity.name,
    day,
    week: t("common.week", { week }),
    others: othersText(t, actor, self ? [actor, ...others] : others),
  });
  // what was left out already counted the occasion (logLine.ts stores no entry of the line as its own)
  const notAgainKey = value.count !== null ? "log.notStoredAgainOccasion" : "log.notStoredAgain";
  const notAgain = left.length > 0 ? t(notAgainKey, { names: joinPeople(t, actor, left, t("log.ask.byYou")) }) : "";
  const stored = notAgain ? `${line} ${notAgain}` : line;
  return { t, todayDay, amount, day, stored };
}

/** The note's masking notice, as a block and as text; none when nothing was masked. */
function maskedNotice(t: Translate, value: ParsedLogLine): { blocks: Block[]; text: string } {
  if (value.masked.length === 0) return { blocks: [], text: "" };
  const kinds = (separate: (names: string[]) => string) =>
    separate(value.masked.map((k) => t(`log.maskedKind.${k}` as "log.maskedKind.personnummer")));
  return {
    blocks: [{ kind: "context", text: t("log.masked", { kinds: kinds((names) => joinNames(t, names)) }) }],
    text: ` ${t("log.masked", { kinds: kinds((names) => names.join(", ")) })}`,
  };
}

function undoButton(t: Translate, batchId: string): Block {
  return {
    kind: "actions",
    buttons: [{ label: t("log.undoButton"), action: { id: UNDO_ACTION, value: batchId }, finishes: true }],
  };
}

/**
 * The plain confirmation of a stored line, without the team's standing: kept
 * with the request key as it is stored (a retry of the request gets it), and
 * the answer when the standing cannot be read.
 */
export function receiptReply(
  ctx: CoreContext,
  actor: Actor,
  activity: ActivityInScope,
  value: ParsedLogLine,
  others: Actor[],
  batchId: string,
  line: StoredLine = storedLine(ctx, actor, activity, value, others),
): Reply {
  const { t, stored } = line;
  const unavailable = t("log.standingUnavailable");
  const masked = maskedNotice(t, value);
  return {
    text: `${stored} ${unavailable}${masked.text}`,
    blocks: [
      { kind: "text", text: stored },
      { kind: "context", text: unavailable },
      ...masked.blocks,
      undoButton(t, batchId),
    ],
  };
}

/**
 * When the database did not confirm whether the line was stored: look in
 * /mina before logging again, and the line that logs it if it is not there.
 * Its days are named as they were at `at`, when the line was being stored.
 */
export function unconfirmedReply(
  ctx: CoreContext,
  actor: Actor,
  activity: ActivityInScope,
  value: ParsedLogLine,
  others: Actor[],
  at: Date,
): Reply {
  const { t, amount, day, todayDay } = storedLine(ctx, actor, activity, value, others, at);
  const minutes = value.minutes;
  const example = [
    minutes === null ? "" : (minutes * 10) % 60 === 0 ? `${formatNumber(actor.lang, minutes / 60)}h` : `${minutes}min`,
    value.count !== null && (activity.unit === "tillfällen" ? value.count !== 1 : value.count > 1)
      ? `${value.count}st`
      : "",
    activity.code,
    value.day === todayDay ? "" : value.day,
    others.length > 0 ? `med ${others.map((o) => `@${o.id}`).join(" ")}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return textReply(t("log.unconfirmed", { amount, code: activity.code, activity: activity.name, day, example }));
}

/**
 * The period the entry counts in, named: "denna vecka" when it is the current
 * one, otherwise "v. 45", "oktober 2026", "kv. 3 2026" or the whole period.
 */
export function periodOfEntry(t: Translate, lang: Lang, standing: ActivityStanding, todayDay: string): string {
  const { per, period } = standing;
  if (period.from <= todayDay && todayDay <= period.to) return t(`per.${per}.this` as "per.vecka.this");
  const year = period.from.slice(0, 4);
  const sameYear = year === todayDay.slice(0, 4);
  switch (per) {
    case "vecka": {
      const { week, year: weekYear } = isoWeek(period.from);
      const label = t("common.week", { week });
      return sameYear ? label : `${label} ${weekYear}`;
    }
    case "månad":
      return new Intl.DateTimeFormat(lang === "sv" ? "sv-SE" : "en-GB", {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }).format(new Date(`${period.from}T12:00:00Z`));
    case "kvartal":
      return t("log.periodQuarter", { quarter: Math.floor(Number(period.from.slice(5, 7)) / 3) + 1, year });
    case "period":
      return t("per.period");
  }
}

/**
 * The confirmation with the standing of the period the entry counts in (its
 * day's week, month …, not today's): the group's part as the status says it
 * ("IG Turlag 1: 3 av 4 h") and the LPO's total labelled as the whole LPO.
 */
export async function storedReply(
  ctx: CoreContext,
  actor: Actor,
  activity: ActivityInScope,
  value: ParsedLogLine,
  others: Actor[],
  batchId: string,
  line: StoredLine = storedLine(ctx, actor, activity, value, others),
): Promise<Reply> {
  const lang = actor.lang;
  const { t, todayDay, stored } = line;

  let total = await activityStanding(ctx, activity, value.day);
  // a day earlier in the current period: the period's standing as every other view shows it (today's target)
  const inCurrent = total.period.from <= todayDay && todayDay <= total.period.to;
  if (inCurrent && value.day !== todayDay) total = await activityStanding(ctx, activity, todayDay);
  const groupId = groupFor(actor.groupIds, activity);
  // the groups and their members (the split of the target) rarely change: read through the organisation cache
  const basis = groupId
    ? await ctx.organisation.cached(`shareBasis:${activity.lpoId}`, () => loadShareBasis(ctx, [activity.lpoId]))
    : undefined;
  // the group's part of the same standing (read once, so the two figures agree)
  const team = groupId ? standingOfGroup(total, groupId, basis) : null;
  const groupNames = groupId ? await ctx.organisation.groupNames([groupId]) : new Map<string, string>();
  const period = periodOfEntry(t, lang, total, todayDay);
  const parts = [
    ...(team && groupId ? [namedPart(lang, groupNames.get(groupId) ?? t("mine.team"), team)] : []),
    lpoPart(lang, total),
  ];
  const standing = t("log.standing", { period, parts: parts.join(" · ") });

  const blocks: Block[] = [{ kind: "text", text: stored }];
  if (total.target) {
    blocks.push({
      kind: "progress",
      label: `${activity.code} ${period}`,
      done: team?.groupTarget != null ? team.done : total.done,
      target: team?.groupTarget ?? total.target.amount,
      text: standing,
    });
  } else blocks.push({ kind: "context", text: standing });
  const masked = maskedNotice(t, value);
  blocks.push(...masked.blocks, undoButton(t, batchId));
  return { text: `${stored} ${standing}${masked.text}`, blocks };
}
