// The reply to a stored line: what was stored for whom, the day and ISO week,
// the team's standing against the target, what was masked in the note, and
// the Ångra button (its value: the batch id). Also the wording shared with
// undo and /mina: amounts, days and lists of names.
import type { Lang } from "../../domain/lang.js";
import { isoWeek } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { formatAmount, formatHours, type Translate, translator } from "../../i18n/index.js";
import type { Block, Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { type CoreContext, today } from "../../core/context.js";
import { activityStanding, doneOfTarget } from "../../progress/progress.js";
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

export async function storedReply(
  ctx: CoreContext,
  actor: Actor,
  activity: ActivityInScope,
  value: ParsedLogLine,
  others: Actor[],
  batchId: string,
): Promise<Reply> {
  const t = translator(actor.lang);
  const lang = actor.lang;
  const todayDay = today(ctx);
  const yesterday = new Date(`${todayDay}T12:00:00Z`);
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  const week = isoWeek(value.day).week;
  const amount = amountText(t, lang, value.minutes, value.count, activity.unit);
  const othersText =
    others.length > 0
      ? t("log.storedOthers", {
          names: joinNames(
            t,
            others.map((o) => o.name),
          ),
        })
      : "";
  const stored = t("log.stored", {
    amount,
    code: activity.code,
    activity: activity.name,
    day: dayLabel(t, value.day, todayDay, yesterday.toISOString().slice(0, 10)),
    week: t("common.week", { week }),
    others: othersText,
  });

  const progress = await activityStanding(ctx, activity, todayDay);
  const groupId = groupFor(actor.groupIds, activity);
  const groupNames = groupId ? await ctx.organisation.groupNames([groupId]) : new Map<string, string>();
  const unit = progress.target?.unit ?? activity.unit;
  const teamDone = formatAmount(lang, unit, groupId ? (progress.byGroup.get(groupId) ?? 0) : progress.done);
  const periodText = t(`per.${progress.per}.this` as "per.vecka.this");
  const team = groupId ? (groupNames.get(groupId) ?? t("mine.team")) : t("mine.team");
  const standing = progress.target
    ? t("log.standing", {
        team,
        teamDone,
        done: doneOfTarget(lang, progress).split("/")[0],
        target: formatAmount(lang, unit, progress.target.amount),
        period: periodText,
      })
    : t("log.standingNoTarget", { team, teamDone, period: periodText });

  const blocks: Block[] = [{ kind: "text", text: stored }];
  if (progress.target) {
    blocks.push({
      kind: "progress",
      label: `${activity.code} ${periodText}`,
      done: progress.done,
      target: progress.target.amount,
      text: standing,
    });
  } else blocks.push({ kind: "context", text: standing });
  if (value.masked.length > 0) {
    const kinds = joinNames(
      t,
      value.masked.map((k) => t(`log.maskedKind.${k}` as "log.maskedKind.personnummer")),
    );
    blocks.push({ kind: "context", text: t("log.masked", { kinds }) });
  }
  blocks.push({
    kind: "actions",
    buttons: [{ label: t("log.undoButton"), action: { id: UNDO_ACTION, value: batchId } }],
  });
  const masked =
    value.masked.length > 0
      ? ` ${t("log.masked", { kinds: value.masked.map((k) => t(`log.maskedKind.${k}` as "log.maskedKind.personnummer")).join(", ") })}`
      : "";
  return { text: `${stored} ${standing}${masked}`, blocks };
}
