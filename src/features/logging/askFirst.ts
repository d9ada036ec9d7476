// Before a parsed line is stored, the bot asks instead of guessing when the
// line looks wrong (issue 14):
//  - a likely duplicate: someone in the line already has an entry on the same
//    activity and day, stored in the last DUPLICATE_WINDOW_HOURS hours, logged
//    by someone else (whatever its note) or by the sender with the same note, with an
//    overlapping amount (hours on an hours activity: the smaller at least three
//    quarters of the larger; occasions on an occasions one: as many) — the same line sent twice, or a
//    colleague logging with `med` what was already logged for you;
//  - a daily total above what is plausible: someone's hours that day (every
//    activity, the line's other parts that day included) would pass the LPO's
//    maxHoursPerDay (organisation file; default DEFAULT_MAX_HOURS_PER_DAY).
// A line with several activities is asked about as a whole: every part is
// checked, and "Spara ändå" stores every part.
// Nothing is stored then. The question names who and what, and offers "Spara
// ändå" and "Avbryt" (the console numbers them). "Spara ändå" carries the line
// as it was asked about — the line, the chosen activity, the mentions, the
// form's people and note, the day it was asked (relative days resolve the
// same) and a random token — and logs it again past these questions (every
// other rule still applies), with the token as the batch id. The token is
// claimed before the line is stored, so a second press (or a press after
// "Avbryt") stores nothing: one line, stored at most once.
//
// When the likely duplicates are some of the part's people but not all,
// a third button, "Spara utan {names}" (LOG_WITHOUT_ACTION, between the two),
// stores the line without them: its value is "Spara ändå"'s (the same token)
// and names the people left out, by part (`w`: [part index, person id]; the
// other parts keep everyone). Pressed, the line without them is checked again
// — the day's limit, or a duplicate stored since, may still ask — and a
// question asked then keeps the token, the day and the people left out, so the
// first question's buttons and the new one's store the line at most once
// between them, and never after "Avbryt". Nothing asked: the token is claimed
// and the line stored as after "Spara ändå". The confirmation says for whom
// it was stored and that nothing was stored again for those left out.
// The sender among those left out ("Spara utan mig": they logged themselves,
// then log the same work `med @emma`): the line is stored for the others only,
// logged by the sender. None of its entries is then the line's own
// (`primary`): the sender's own earlier entry — this same work, as the press
// says — already counted the line's occasions, so they are not counted twice;
// each person stored may remove their part, and the sender's Ångra undoes the
// line. Otherwise the sender's entry is the line's own, as in every line.
// Every button carries the person asked (`p`): only they may answer. A button
// whose value would pass MAX_VALUE is not offered: "Spara ändå" and "Avbryt"
// are then replaced by the line "send it again shorter", "Spara utan …" by a
// line saying it did not fit.
import { randomUUID } from "node:crypto";
import { z } from "zod/v4";
import { parseJson } from "../../core/json.js";
import type { Actor } from "../../domain/organisation.js";
import { clockInZone } from "../../domain/zonedTime.js";
import { formatHours, formatNumber, type Translate, translator } from "../../i18n/index.js";
import { type Block, forConversation, type Reply, textReply } from "../../core/reply.js";
import { type CoreContext, today } from "../../core/context.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { amountText, dayLabel, joinNames, joinPeople, othersText } from "./confirmation.js";
import { type MentionMap, mentionsIn } from "./mentions.js";
import type { ParsedLogLine } from "./oneLineLog.js";
import { batchStored, claimLogToken, entriesOnDay, tokenClaimed, tokenState } from "./store.js";

export const LOG_ANYWAY_ACTION = "log-anyway";
export const LOG_CANCEL_ACTION = "log-cancel";
export const LOG_WITHOUT_ACTION = "log-without";

/** entries stored this recently count as a likely duplicate */
export const DUPLICATE_WINDOW_HOURS = 12;
/** hours per person and day above which a line is asked about, unless the LPO sets its own */
export const DEFAULT_MAX_HOURS_PER_DAY = 12;

/** Slack carries at most 2 000 characters in a button value; the reply model asks for ~1 900. */
const MAX_VALUE = 1900;

const anywayValue = z.object({
  k: z.uuid(),
  p: z.string().max(200),
  a: z.string().max(200).optional(),
  c: z
    .array(z.tuple([z.number().int().min(0).max(50), z.string().max(200)]))
    .max(50)
    .optional(),
  l: z.string().max(MAX_VALUE),
  d: z.iso.date(),
  m: z
    .array(z.tuple([z.string().max(MAX_VALUE), z.string().max(MAX_VALUE)]))
    .max(MAX_VALUE)
    .optional(),
  o: z.array(z.string().max(200)).max(200).optional(),
  n: z.string().max(MAX_VALUE).optional(),
  w: z
    .array(z.tuple([z.number().int().min(0).max(50), z.string().max(200)]))
    .max(200)
    .optional(),
});

/** a button's label longer than this names no one ("Spara utan dem som har det"): Slack cuts at 75 */
const MAX_LABEL = 70;

/** What "Spara ändå" logs: the line as it was asked about. */
export interface LogAnyway {
  token: string;
  /** the person asked: only they may answer */
  personId: string;
  /** a line of one activity: that activity; a line of several: none (the line is split again) */
  activityId?: string;
  /** a line of several activities: the activity chosen for a part, by the part's index */
  parts?: Map<number, string>;
  line: string;
  /** the day the question was asked: the line's relative days resolve from it */
  asOf: string;
  mentions: Record<string, string>;
  othersById?: string[];
  note?: string;
  /** the people left out ("Spara utan …"): [part index, person id] */
  without?: [number, string][];
}

export function parseLogAnyway(value: string): LogAnyway | null {
  const data = parseJson(value, anywayValue);
  if (!data) return null;
  const mentions: Record<string, string> = Object.create(null);
  for (const [token, userId] of data.m ?? []) mentions[token] = userId;
  return {
    token: data.k,
    personId: data.p,
    ...(data.a ? { activityId: data.a } : {}),
    ...(data.c ? { parts: new Map(data.c) } : {}),
    line: data.l,
    asOf: data.d,
    mentions,
    ...(data.o ? { othersById: data.o } : {}),
    ...(data.n !== undefined ? { note: data.n } : {}),
    ...(data.w && data.w.length > 0 ? { without: data.w } : {}),
  };
}

/** The button's value; null when the line does not fit in one (the question then says to log it again shorter). */
function encodeLogAnyway(v: Omit<LogAnyway, "mentions"> & { mentions: [string, string][] }): string | null {
  const value = JSON.stringify({
    k: v.token,
    p: v.personId,
    ...(v.activityId ? { a: v.activityId } : {}),
    ...(v.parts && v.parts.size > 0 ? { c: [...v.parts] } : {}),
    l: v.line,
    d: v.asOf,
    ...(v.mentions.length > 0 ? { m: v.mentions } : {}),
    ...(v.othersById && v.othersById.length > 0 ? { o: v.othersById } : {}),
    ...(v.note ? { n: v.note } : {}),
    ...(v.without && v.without.length > 0 ? { w: v.without } : {}),
  });
  return value.length > MAX_VALUE ? null : value;
}

export interface AskContext {
  actor: Actor;
  activity: ActivityInScope;
  value: ParsedLogLine;
  participants: Actor[];
  /** the request as it came, for the button */
  line: string;
  /** the line is of this one activity (else it has several parts, see `parts`) */
  activityId?: string;
  /** a line of several activities: the choices made per part, for the button */
  parts?: Map<number, string>;
  /** minutes the line's other parts add to a person's same day */
  extraMinutes?: Map<string, number>;
  mentions?: MentionMap;
  othersById?: string[];
  note?: string;
  /** the part's index in the line (0 for a line of one activity), for "Spara utan …" */
  part?: number;
  /** people already left out of the line ("Spara utan …" pressed): carried on by the buttons */
  without?: [number, string][];
  /** people left out of this part: the question says nothing is stored for them */
  left?: Actor[];
  /** asked again after "Spara utan …": the first question's token and day, kept */
  asked?: { token: string; asOf: string };
}

/**
 * Do the amounts overlap: hours (on an hours activity) where the smaller is
 * at least three quarters of the larger (2 h and 1 h 30 min: likely the same
 * work, 45 min and 1 h 30 min: two rounds); occasions when the counts are equal.
 */
function overlaps(unit: string, a: { minutes: number | null; count: number | null }, value: ParsedLogLine): boolean {
  if (unit !== "timmar") return (a.count ?? 1) === (value.count ?? 1);
  const [x, y] = [a.minutes, value.minutes];
  if (x === null || y === null || x <= 0 || y <= 0) return false;
  return Math.min(x, y) * 4 >= Math.max(x, y) * 3;
}

/** A note as compared for duplicates: case and spacing do not count. */
const sameNote = (note: string) => note.toLowerCase().replace(/\s+/g, " ").trim();

/** The question to ask before storing the line; null when nothing looks wrong. */
export async function questionBeforeStoring(ctx: CoreContext, ask: AskContext): Promise<Reply | null> {
  const { actor, activity, value, participants } = ask;
  const t = translator(actor.lang);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - DUPLICATE_WINDOW_HOURS * 3600 * 1000);
  const ids = participants.map((p) => p.id);
  const [entries, lpoMax] = await Promise.all([
    entriesOnDay(ctx, ids, value.day),
    value.minutes !== null ? ctx.organisation.maxHoursPerDay(actor.lpoId) : null,
  ]);

  // the sender's own earlier line with another note is other work they told apart ("morgon", "kväll");
  // what someone else logged for a person in the line is a likely duplicate whatever its note
  const note = sameNote(value.note);
  const duplicates = entries.filter(
    (e) =>
      e.activityId === activity.id &&
      e.createdAt >= since &&
      overlaps(activity.unit, e, value) &&
      (e.loggedById !== actor.id || sameNote(e.note) === note),
  );
  const maxHours = lpoMax ?? DEFAULT_MAX_HOURS_PER_DAY;
  const overCap =
    value.minutes === null
      ? []
      : participants
          .map((p) => ({
            person: p,
            minutes:
              entries.filter((e) => e.personId === p.id).reduce((s, e) => s + (e.minutes ?? 0), 0) +
              value.minutes! +
              (ask.extraMinutes?.get(p.id) ?? 0),
          }))
          .filter((p) => p.minutes > maxHours * 60);
  if (duplicates.length === 0 && overCap.length === 0) return null;

  const todayDay = today(ctx);
  const yesterday = new Date(`${todayDay}T12:00:00Z`);
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  const day = dayLabel(t, value.day, todayDay, yesterday.toISOString().slice(0, 10));
  const names = await ctx.organisation.peopleNames([...new Set(duplicates.map((e) => e.loggedById))]);
  const who = (id: string) =>
    id === actor.id ? t("log.ask.you") : (participants.find((p) => p.id === id)?.name ?? names.get(id) ?? id);
  const whom = (id: string) => (id === actor.id ? t("log.ask.byYou") : who(id));
  const by = (id: string) => (id === actor.id ? t("log.ask.byYou") : (names.get(id) ?? id));

  // the newest entry per person
  const perPerson = new Map<string, (typeof duplicates)[number]>();
  for (const e of duplicates) if (!perPerson.has(e.personId)) perPerson.set(e.personId, e);
  const without = participants.filter((p) => !perPerson.has(p.id));
  const lines: string[] = [];
  if (duplicates.length > 0) {
    const found = [...perPerson.values()].map((e) =>
      t("log.ask.duplicateEntry", {
        who: who(e.personId),
        amount: amountText(t, actor.lang, e.minutes, e.count, activity.unit),
        code: activity.code,
        by: by(e.loggedById),
        time: clockInZone(e.createdAt, ctx.timeZone),
      }),
    );
    lines.push(t("log.ask.duplicate", { day, found: found.join("; ") }));
    if (without.length > 0 && participants.length > 1)
      lines.push(
        t("log.ask.duplicateSome", {
          names: joinNames(t, [...perPerson.keys()].map(whom)),
          others: joinNames(
            t,
            without.map((p) => whom(p.id)),
          ),
        }),
      );
  }
  for (const p of overCap)
    lines.push(
      t("log.ask.overCap", {
        who: whom(p.person.id),
        total: formatHours(actor.lang, p.minutes),
        day,
        max: `${formatNumber(actor.lang, maxHours)} h`,
      }),
    );

  const amount = amountText(t, actor.lang, value.minutes, value.count, activity.unit);
  const question = t("log.ask.question", {
    amount,
    code: activity.code,
    activity: activity.name,
    day,
    others: othersText(t, actor, participants),
  });
  const left = ask.left ?? [];
  if (left.length > 0) lines.push(t("log.ask.leftOut", { names: joinPeople(t, actor, left, t("log.ask.byYou")) }));
  // asked again after "Spara utan …": the same question, its token and day
  const token = ask.asked?.token ?? randomUUID();
  const asked = {
    token,
    personId: actor.id,
    activityId: ask.activityId,
    parts: ask.parts,
    line: ask.line,
    asOf: ask.asked?.asOf ?? todayDay,
    mentions: mentionsIn(ask.line, ask.mentions),
    othersById: ask.othersById,
    note: ask.note,
    without: ask.without,
  };
  const anyway = encodeLogAnyway(asked);
  // some of the part's people have it already, not all: it may be stored for the others only
  const leaveOut = without.length > 0 ? participants.filter((p) => perPerson.has(p.id)) : [];
  const withoutLabel =
    leaveOut.length > 0 ? t("log.ask.without", { names: joinPeople(t, actor, leaveOut, t("log.ask.me")) }) : "";
  const withoutValue =
    leaveOut.length > 0
      ? encodeLogAnyway({
          ...asked,
          without: [...(ask.without ?? []), ...leaveOut.map((p): [number, string] => [ask.part ?? 0, p.id])],
        })
      : null;
  const text = [...lines, question, t("log.ask.nothingYet")].join(" ");
  const blocks: Block[] = [
    { kind: "text", text: [...lines, question].join("\n") },
    { kind: "context", text: t("log.ask.nothingYet") },
  ];
  if (anyway) {
    blocks.push({
      kind: "actions",
      buttons: [
        { label: t("log.ask.anyway"), action: { id: LOG_ANYWAY_ACTION, value: anyway }, finishes: true },
        ...(withoutValue
          ? [
              {
                label: withoutLabel.length > MAX_LABEL ? t("log.ask.withoutThem") : withoutLabel,
                action: { id: LOG_WITHOUT_ACTION, value: withoutValue },
                finishes: true as const,
              },
            ]
          : []),
        {
          label: t("log.ask.cancel"),
          action: { id: LOG_CANCEL_ACTION, value: `${token} ${actor.id}` },
          finishes: true,
        },
      ],
    });
    if (leaveOut.length > 0 && !withoutValue)
      blocks.push({ kind: "context", text: t("log.ask.withoutTooLong", { button: withoutLabel }) });
  } else blocks.push({ kind: "context", text: t("log.ask.tooLong") });
  return { text, blocks };
}

/**
 * Claims "Spara ändå"'s token before its line is stored; null when it may be
 * stored, otherwise the answer: already stored (or being stored), or cancelled.
 */
export async function claimAnyway(ctx: CoreContext, actor: Actor, token: string): Promise<Reply | null> {
  const t = translator(actor.lang);
  // stored under its token already (whatever became of the claim, e.g. old processed requests purged)
  if (await batchStored(ctx, token)) return settledReply(t, "stored");
  if (await claimLogToken(ctx, token, "stored")) return null;
  return settledReply(t, await tokenState(ctx, token));
}

/**
 * "Spara utan …" pressed: the answer when its question is settled already
 * (stored, being stored, cancelled); null when it stands. Claims nothing: the
 * line is checked again first, and may be asked about again under the token.
 */
export async function settledAnyway(ctx: CoreContext, actor: Actor, token: string): Promise<Reply | null> {
  const t = translator(actor.lang);
  if (await batchStored(ctx, token)) return settledReply(t, "stored");
  if (!(await tokenClaimed(ctx, token))) return null;
  return settledReply(t, await tokenState(ctx, token));
}

/** "Avbryt": the line is never stored, not even by a later press of "Spara ändå". */
export async function cancelAnyway(ctx: CoreContext, actor: Actor, value: string): Promise<Reply> {
  const t = translator(actor.lang);
  const [token, personId] = value.split(" ");
  if (personId !== actor.id) return textReply(t("log.ask.notYours"));
  // the question was asked where the line was written: its end is said there too
  if (!z.uuid().safeParse(token).success || (await claimLogToken(ctx, token, "cancelled"))) {
    const text = t("log.ask.cancelled");
    return forConversation({ text, blocks: [{ kind: "text", text }] });
  }
  return forConversation(settledReply(t, await tokenState(ctx, token)));
}

function settledReply(t: Translate, state: "stored" | "cancelled" | "pending"): Reply {
  const text =
    state === "cancelled"
      ? t("log.ask.wasCancelled")
      : state === "stored"
        ? t("log.ask.alreadyStored")
        : t("log.ask.beingStored");
  return { text, blocks: [{ kind: "text", text }] };
}
