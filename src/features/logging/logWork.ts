// /logga: one line (or the form) → entries in the activity log, for the
// logger and everyone named with `med`, and a reply saying what was stored,
// the day and ISO week, and the team's standing against the target.
import type { Lang } from "../../domain/lang.js";
import { isoWeek } from "../../domain/calendar.js";
import { maskPersonalData } from "../../domain/personalData.js";
import { type ActivityCandidate, type LogLineError, type ParsedLogLine, parseLogLine } from "./oneLineLog.js";
import type { Actor } from "../../domain/organisation.js";
import type { Platform } from "../../domain/platform.js";
import { formatAmount, formatHours, type Translate, translator } from "../../i18n/index.js";
import type { Action, Block, Choice, FormSpec, FormValues, Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { type CoreContext, today } from "../../core/context.js";
import { activityStanding, doneOfTarget } from "../../progress/progress.js";

export const UNDO_ACTION = "undo";
export const CHOOSE_ACTIVITY_ACTION = "choose-activity";
export const LOG_FORM = "log";

/** How the adapter saw people mentioned in the line: token → platform user id. */
export interface MentionContext {
  platform: Platform;
  /** e.g. "<at>Anna Berg</at>" → Entra object id (Teams); Slack tokens carry the id themselves */
  resolved?: Record<string, string>;
}

export interface LogRequest {
  actor: Actor;
  line: string;
  mentions: MentionContext;
  source: string;
  /** restrict matching to this activity (a choice after an ambiguous line, or the form) */
  activityId?: string;
  /** people named in a form, by person id */
  othersById?: string[];
  /** the form's note field: kept whole (not parsed), masked like a note in a line */
  note?: string;
}

export type LogRefusal = LogLineError | { code: "unknown-mention" | "no-activities" };
export type LogOutcome = { kind: "stored"; reply: Reply } | { kind: "refused"; reply: Reply; error: LogRefusal };

function candidate(a: ActivityInScope): ActivityCandidate {
  return { id: a.id, code: a.code, name: a.name, aliases: a.aliases, unit: a.unit, promiseTitle: a.promiseTitle };
}

function activityList(activities: ActivityInScope[]): string {
  return activities.map((a) => `${a.code} ${a.name}`).join(", ");
}

export function dayLabel(t: Translate, day: string, todayDay: string, yesterday: string): string {
  if (day === todayDay) return t("common.today");
  if (day === yesterday) return t("common.yesterday");
  return day;
}

export function logErrorText(t: Translate, error: LogRefusal, line: string, activities: ActivityInScope[]): string {
  switch (error.code) {
    case "empty":
      return t("log.error.empty");
    case "no-activity":
      return t("log.error.noActivity", { text: line, activities: activityList(activities) });
    case "no-activities":
      return t("log.error.noActivities");
    case "missing-duration":
      return t("log.error.missingDuration", { code: error.activity.code, activity: error.activity.name });
    case "duration-out-of-range":
      return t("log.error.durationRange");
    case "count-out-of-range":
      return t("log.error.countRange");
    case "future-day":
      return t("log.error.futureDay", { day: error.day });
    case "bad-day":
      return t("log.error.badDay", { text: error.text });
    case "two-durations":
      return t("log.error.twoDurations");
    case "two-counts":
      return t("log.error.twoCounts");
    case "two-days":
      return t("log.error.twoDays");
    case "ambiguous":
      return t("log.ambiguous", { text: line });
    case "unknown-mention":
      return t("log.error.unknownMention", { mention: "" });
  }
}

function refusal(t: Translate, text: string, error: LogRefusal, extra: Block[] = []): LogOutcome {
  const body = `${text} ${t("log.error.nothingStored")}`;
  return {
    kind: "refused",
    error,
    reply: {
      text: body,
      blocks: [{ kind: "text", text: body }, ...extra, { kind: "context", text: t("log.example") }],
    },
  };
}

/** Resolves `med` mention tokens to person ids; returns the first unknown token when one is not a person. */
async function resolveMentions(
  ctx: CoreContext,
  actor: Actor,
  tokens: string[],
  mentions: MentionContext,
): Promise<{ ids: string[] } | { unknown: string }> {
  // most lines name nobody: do not load every person of the LPO for them (a hot path; see BENCHMARKS.md)
  if (tokens.length === 0) return { ids: [] };
  const people = await ctx.organisation.peopleOfLpo(actor.lpoId);
  const ids: string[] = [];
  for (const token of tokens) {
    let person: (typeof people)[number] | undefined;
    const slack = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/i.exec(token);
    if (slack) person = people.find((p) => p.slackUserId === slack[1]);
    else if (mentions.resolved?.[token]) person = people.find((p) => p.teamsAadId === mentions.resolved?.[token]);
    else {
      const bare = token
        .replace(/^@/, "")
        .replace(/^<at>|<\/at>$/g, "")
        .trim()
        .toLowerCase();
      person =
        people.find((p) => p.id.toLowerCase() === bare) ??
        people.find((p) => p.name.toLowerCase() === bare) ??
        people.find((p) => p.slackUserId?.toLowerCase() === bare);
    }
    if (!person) return { unknown: token };
    if (person.id !== actor.id && !ids.includes(person.id)) ids.push(person.id);
  }
  return { ids };
}

function groupFor(personGroups: string[], activity: ActivityInScope): string | null {
  if (activity.groupIds.length === 0) return personGroups[0] ?? null;
  return personGroups.find((g) => activity.groupIds.includes(g)) ?? personGroups[0] ?? null;
}

export async function logWork(ctx: CoreContext, request: LogRequest): Promise<LogOutcome> {
  const { actor } = request;
  const t = translator(actor.lang);
  const day = today(ctx);
  const inScope = await ctx.organisation.activitiesInScope(actor, day);
  if (inScope.length === 0) return refusal(t, t("log.error.noActivities"), { code: "no-activities" });
  const pool = request.activityId ? inScope.filter((a) => a.id === request.activityId) : inScope;
  if (pool.length === 0)
    return refusal(t, t("log.error.noActivity", { text: request.line, activities: activityList(inScope) }), {
      code: "no-activity",
    });

  // a chosen activity is named by its code, so the parser matches it alone
  const line = request.activityId ? `#${pool[0].code} ${request.line}` : request.line;
  const parsed = parseLogLine(line, { today: day, activities: pool.map(candidate) });
  if (!parsed.ok) {
    if (parsed.error.code === "ambiguous") {
      const buttons = parsed.error.candidates.slice(0, 10).map((c) => ({
        label: `${c.code} ${c.name}`.slice(0, 70),
        action: {
          id: CHOOSE_ACTIVITY_ACTION,
          value: JSON.stringify({ a: c.id, l: request.line.slice(0, 1500) }),
        } satisfies Action,
      }));
      const text = t("log.ambiguous", { text: request.line });
      return {
        kind: "refused",
        error: parsed.error,
        reply: {
          text,
          blocks: [
            { kind: "text", text },
            { kind: "actions", buttons },
          ],
        },
      };
    }
    return refusal(t, logErrorText(t, parsed.error, request.line, inScope), parsed.error);
  }
  const value: ParsedLogLine = parsed.value;
  if (request.note !== undefined) {
    const masked = maskPersonalData(request.note.replace(/\s+/g, " ").trim().slice(0, 500));
    value.note = [value.note, masked.text].filter(Boolean).join(" ");
    value.masked = [...new Set([...value.masked, ...masked.masked])];
  }
  const activity = inScope.find((a) => a.id === value.activity.id)!;

  const mentioned = await resolveMentions(ctx, actor, value.mentions, request.mentions);
  if ("unknown" in mentioned) {
    return refusal(t, t("log.error.unknownMention", { mention: mentioned.unknown }), { code: "unknown-mention" });
  }
  const others = [...new Set([...(request.othersById ?? []), ...mentioned.ids])].filter((id) => id !== actor.id);
  const otherActors = await Promise.all(others.map((id) => ctx.organisation.actor(id, ctx.defaultLang)));
  const missing = others.find((_, i) => otherActors[i] === null || otherActors[i]?.lpoId !== actor.lpoId);
  if (missing)
    return refusal(t, t("log.error.unknownMention", { mention: `@${missing}` }), { code: "unknown-mention" });

  const participants = [actor, ...otherActors.filter((a): a is Actor => a !== null)];
  const batchId = await ctx.activityLog.storeBatch(
    actor.id,
    request.source,
    participants.map((p) => ({
      activityId: activity.id,
      personId: p.id,
      groupId: groupFor(p.groupIds, activity),
      primary: p.id === actor.id,
      day: value.day,
      minutes: value.minutes,
      count: value.count,
      note: value.note,
    })),
    ctx.clock.now(),
  );
  ctx.logger.info(
    { event: "entry.stored", batchId, person: actor.id, activity: activity.code, participants: participants.length },
    "entry stored",
  );

  return { kind: "stored", reply: await storedReply(ctx, actor, activity, value, participants.slice(1), batchId) };
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

async function storedReply(
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

export function joinNames(t: Translate, names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${t("common.and")} ${names[names.length - 1]}`;
}

/** /logga ångra, or the Ångra button (then `batchId` names the batch). */
export async function undoLast(ctx: CoreContext, actor: Actor, batchId?: string): Promise<Reply> {
  const t = translator(actor.lang);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - 24 * 3600 * 1000);
  const id = batchId ?? (await ctx.activityLog.lastBatchLoggedBy(actor.id, since));
  if (!id) {
    const text = t("log.nothingToUndo");
    return { text, blocks: [{ kind: "text", text }] };
  }
  const batch = await ctx.activityLog.batch(id);
  if (!batch || batch.loggedById !== actor.id || batch.createdAt < since || batch.entries.length === 0) {
    const text = t("log.undoTooLate");
    return { text, blocks: [{ kind: "text", text }] };
  }
  const changed = await ctx.activityLog.undoBatch(id, now);
  if (changed === 0) {
    const text = t("log.undoTooLate");
    return { text, blocks: [{ kind: "text", text }] };
  }
  await ctx.audit.record(actor.id, "entry.undo", id, { entries: changed });
  const first = batch.entries[0];
  const activity = await ctx.prisma.promiseActivity.findUnique({ where: { id: first.activityId } });
  const othersIds = batch.entries.map((e) => e.personId).filter((p) => p !== actor.id);
  const names = await ctx.organisation.peopleNames(othersIds);
  const text = t("log.undone", {
    amount: amountText(t, actor.lang, first.minutes, first.count, activity?.unit ?? "timmar"),
    code: activity?.code ?? "",
    activity: activity?.name ?? "",
    day: first.day,
    others:
      othersIds.length > 0
        ? t("log.storedOthers", {
            names: joinNames(
              t,
              othersIds.map((o) => names.get(o) ?? o),
            ),
          })
        : "",
  });
  return { text, blocks: [{ kind: "text", text }] };
}

/** The log form: the person's activities, day, duration or count, others, note. */
export async function logForm(
  ctx: CoreContext,
  actor: Actor,
  errors?: Record<string, string>,
  values?: FormValues,
): Promise<FormSpec> {
  const t = translator(actor.lang);
  const day = today(ctx);
  const activities = await ctx.organisation.activitiesInScope(actor, day);
  const people = await ctx.organisation.peopleOfLpo(actor.lpoId);
  const options: Choice[] = activities.map((a) => ({
    value: a.id,
    label: `${a.code} ${a.name} (${t(`unit.${a.unit}` as "unit.timmar")})`.slice(0, 75),
  }));
  const str = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  return {
    id: LOG_FORM,
    title: t("log.form.title"),
    submitLabel: t("log.form.submit"),
    intro: t("log.form.intro"),
    state: "",
    errors,
    fields: [
      {
        kind: "choice",
        name: "activity",
        label: t("log.form.activity"),
        options,
        required: true,
        initial: str("activity"),
      },
      { kind: "date", name: "day", label: t("log.form.day"), required: true, initial: str("day") ?? day },
      {
        kind: "text",
        name: "duration",
        label: t("log.form.duration"),
        placeholder: "1,5h",
        initial: str("duration"),
        maxLength: 20,
      },
      { kind: "number", name: "count", label: t("log.form.count"), min: 1, max: 100, integer: true, placeholder: "1" },
      {
        kind: "people",
        name: "others",
        label: t("log.form.others"),
        options: people.filter((p) => p.id !== actor.id).map((p) => ({ value: p.id, label: p.name })),
      },
      { kind: "text", name: "note", label: t("log.form.note"), multiline: true, maxLength: 500, initial: str("note") },
    ],
  };
}

/** Which form field an error from the one-line parser belongs to. */
function fieldOf(error: LogRefusal): string {
  switch (error.code) {
    case "missing-duration":
    case "duration-out-of-range":
    case "two-durations":
      return "duration";
    case "count-out-of-range":
    case "two-counts":
      return "count";
    case "future-day":
    case "bad-day":
    case "two-days":
      return "day";
    case "unknown-mention":
      return "others";
    default:
      return "activity";
  }
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/**
 * A submitted log form goes through the same parser and rules as the
 * one-liner: the fields are written as a line for the chosen activity.
 */
export async function submitLogForm(
  ctx: CoreContext,
  actor: Actor,
  values: FormValues,
  platform: Platform,
): Promise<{ kind: "done"; reply: Reply } | { kind: "errors"; errors: Record<string, string> }> {
  const t = translator(actor.lang);
  const activityId = single(values.activity);
  if (!activityId) return { kind: "errors", errors: { activity: t("log.form.activityRequired") } };
  const duration = single(values.duration);
  const count = single(values.count);
  const day = single(values.day);
  const note = single(values.note).replace(/\s+/g, " ");
  const others = (Array.isArray(values.others) ? values.others : single(values.others).split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  const line = [day, duration && !/[a-zåäö:]/i.test(duration) ? `${duration}h` : duration, count ? `${count}st` : ""]
    .filter(Boolean)
    .join(" ");
  const outcome = await logWork(ctx, {
    actor,
    line,
    mentions: { platform },
    source: "form",
    activityId,
    othersById: others,
    note,
  });
  if (outcome.kind === "stored") return { kind: "done", reply: outcome.reply };
  const message = outcome.reply.text;
  return { kind: "errors", errors: { [fieldOf(outcome.error)]: message } };
}
