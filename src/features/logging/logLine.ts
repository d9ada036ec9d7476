// /logga: one line (or the form) → entries in the activity log, for the
// logger and everyone named with `med`, and a reply saying what was stored,
// the day and ISO week, and the team's standing against the target. A line
// that fits several activities gets a choice of buttons; a refused line
// stores nothing. A line that looks like a duplicate, or takes someone's day
// above a plausible total, is asked about first and stored only when the
// person presses "Spara ändå" (askFirst.ts). Once the entries are stored the answer confirms them, with
// or without the standing; when the database did not confirm them, it says so.
import type { Actor } from "../../domain/organisation.js";
import type { Platform } from "../../domain/platform.js";
import { maskPersonalData } from "../../domain/personalData.js";
import { translator } from "../../i18n/index.js";
import { type CoreContext, today } from "../../core/context.js";
import { currentWrites } from "../../core/writes.js";
import { activityList, candidate, groupFor } from "./activityScope.js";
import { choiceButtons } from "./choice.js";
import { receiptReply, storedReply, unconfirmedReply } from "./confirmation.js";
import { type MentionMap, resolveMentions } from "./mentions.js";
import { type ParsedLogLine, parseLogLine } from "./oneLineLog.js";
import { type LogOutcome, logErrorText, refusal } from "./refusal.js";
import { claimAnyway, questionBeforeStoring } from "./askFirst.js";

export interface LogRequest {
  actor: Actor;
  line: string;
  /** the platform the line came from: its mentions name users of it */
  platform: Platform;
  /** how the adapter saw people mentioned in the line: token as it appears → platform user id */
  mentions?: MentionMap;
  source: string;
  /** restrict matching to this activity (a choice after an ambiguous line, or the form) */
  activityId?: string;
  /** people named in a form, by person id */
  othersById?: string[];
  /** the form's note field: kept whole (not parsed), masked like a note in a line */
  note?: string;
  /** "Spara ändå" pressed: store past the questions, once (the token), reading relative days as on `asOf` */
  anyway?: { token: string; asOf: string };
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
  // "Spara ändå" reads the line as on the day it was asked about (never a day ahead of today)
  const asOf = request.anyway && request.anyway.asOf < day ? request.anyway.asOf : day;
  const parsed = parseLogLine(line, { today: asOf, activities: pool.map(candidate) });
  if (!parsed.ok) {
    if (parsed.error.code === "ambiguous") {
      const text = t("log.ambiguous", { text: request.line });
      return {
        kind: "refused",
        error: parsed.error,
        reply: {
          text,
          blocks: [{ kind: "text", text }, choiceButtons(parsed.error.candidates, request.line, request.mentions)],
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

  const mentioned = await resolveMentions(ctx, actor, request.platform, value.mentions, request.mentions);
  if ("unknown" in mentioned) {
    return refusal(t, t("log.error.unknownMention", { mention: mentioned.unknown }), { code: "unknown-mention" });
  }
  const others = [...new Set([...(request.othersById ?? []), ...mentioned.ids])].filter((id) => id !== actor.id);
  const otherActors = await Promise.all(others.map((id) => ctx.organisation.actor(id, ctx.defaultLang)));
  const missing = others.find((_, i) => otherActors[i] === null || otherActors[i]?.lpoId !== actor.lpoId);
  if (missing)
    return refusal(t, t("log.error.unknownMention", { mention: `@${missing}` }), { code: "unknown-mention" });

  const participants = [actor, ...otherActors.filter((a): a is Actor => a !== null)];
  const othersLogged = participants.slice(1);
  if (request.anyway) {
    // pressed twice, or after "Avbryt": the line is not stored again
    const settled = await claimAnyway(ctx, actor, request.anyway.token);
    if (settled) return { kind: "asked", reply: settled };
  } else {
    const question = await questionBeforeStoring(ctx, {
      actor,
      activity,
      value,
      participants,
      line: request.line,
      mentions: request.mentions,
      othersById: request.othersById,
      note: request.note,
    });
    if (question) return { kind: "asked", reply: question };
  }
  // should the database not confirm the line, the answer says so and how to check (never "inget sparades")
  const writes = currentWrites();
  if (writes) writes.unconfirmed = unconfirmedReply(ctx, actor, activity, value, othersLogged);
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
    {
      receipt: (id) => receiptReply(ctx, actor, activity, value, othersLogged, id),
      ...(request.anyway ? { batchId: request.anyway.token } : {}),
    },
  );
  ctx.logger.info(
    { event: "entry.stored", batchId, person: actor.id, activity: activity.code, participants: participants.length },
    "entry stored",
  );

  // the entry is stored: if the team's standing cannot be read now, confirm it without the standing
  try {
    return { kind: "stored", reply: await storedReply(ctx, actor, activity, value, othersLogged, batchId) };
  } catch (error) {
    ctx.logger.warn(
      { event: "entry.standing.failed", batchId, person: actor.id, err: error },
      "entry stored; confirmed without the team's standing",
    );
    return { kind: "stored", reply: receiptReply(ctx, actor, activity, value, othersLogged, batchId) };
  }
}
