// /logga: one line (or the form) → entries in the activity log, for the
// logger and everyone named with `med`, and a reply saying what was stored,
// the day and ISO week, and the team's standing against the target. When the
// bot is not sure it asks, with buttons, and stores nothing until answered: a
// line that fits several activities, a word of the note that names another
// activity (another kommun's too), a name without `@` that is unclear. A line
// with several activities ("närvaro 2h, hastighet 1st") is stored part by
// part only when every part is clear; otherwise nothing is stored and the
// question carries the whole line, so no part is lost. A refused line stores
// nothing. A line that looks like a duplicate, or takes someone's day above a
// plausible total, is asked about first (askFirst.ts, every part of the line)
// and stored only when the person presses "Spara ändå" — or "Spara utan …",
// which leaves out of the part the people who have it already (their entry
// on that activity and day must be there, else nothing is stored), and checks
// the rest again (askFirst.ts). Once the entries are
// stored the answer confirms them, with or without the standing; when the
// database did not confirm them, it says so.
import type { Actor } from "../../domain/organisation.js";
import type { Platform } from "../../domain/platform.js";
import { maskPersonalData } from "../../domain/personalData.js";
import { translator } from "../../i18n/index.js";
import { type CoreContext, today } from "../../core/context.js";
import { currentWrites } from "../../core/writes.js";
import { activityList, candidate, groupFor } from "./activityScope.js";
import { type Block, forConversation, type Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { choiceButtons, personButtons } from "./choice.js";
import { joinPeople, receiptReply, storedLine, storedReply, unconfirmedReply } from "./confirmation.js";
import { type MentionMap, resolveMentions } from "./mentions.js";
import {
  type ActivityCandidate,
  type LogLineError,
  type ParsedLogLine,
  type PersonCandidate,
  parseLogLine,
  splitActivities,
} from "./oneLineLog.js";
import { type LogOutcome, logErrorText, named, refusal } from "./refusal.js";
import { claimAnyway, questionBeforeStoring, settledAnyway } from "./askFirst.js";
import { entriesOnDay } from "./store.js";

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
  /** for a line with several activities: the activity chosen for a part, by the part's index */
  parts?: Map<number, string>;
  /** people named in a form, by person id */
  othersById?: string[];
  /** the form's note field: kept whole (not parsed), masked like a note in a line */
  note?: string;
  /**
   * "Spara ändå" pressed: store past the questions, once (the token), reading
   * relative days as on `asOf`. `recheck` ("Spara utan …" pressed): the line
   * is checked again, and asked about again under the same token and day.
   */
  anyway?: { token: string; asOf: string; recheck?: boolean };
  /** people left out of the line ("Spara utan …"): [part index, person id] */
  without?: [number, string][];
}

/** The day a line's relative days count from: today, or the day "Spara ändå" was asked about (never ahead of today). */
function dayOf(ctx: CoreContext, request: LogRequest): string {
  const day = today(ctx);
  return request.anyway && request.anyway.asOf < day ? request.anyway.asOf : day;
}

/** What a line is matched against: the person's activities, the organisation's others, the LPO's people. */
interface Scope {
  inScope: ActivityInScope[];
  others: ActivityCandidate[];
  people: PersonCandidate[];
}

/** One line, or one part of a line with several activities, ready to store. */
interface Prepared {
  activity: ActivityInScope;
  value: ParsedLogLine;
  /** the people stored: the sender first, unless left out ("Spara utan mig") */
  participants: Actor[];
  /** people of the part left out ("Spara utan …"): they had it logged already */
  left?: Actor[];
}

/** Where the text being prepared sits: the whole line, or part `index` of `parts`. */
interface Place {
  text: string;
  activityId?: string;
  part?: { index: number; parts: string[]; chosen: Map<number, string> };
}

type Step = { ok: true; prepared: Prepared } | { ok: false; outcome: LogOutcome };

/**
 * A line's outcome. Its confirmation and its questions (which activity, which person, "Spara
 * ändå") are meant for the conversation the line was written in: in a channel the colleagues see
 * what was logged for them and what is asked; a refusal (a line it could not read) is the
 * sender's own.
 */
export async function logWork(ctx: CoreContext, request: LogRequest): Promise<LogOutcome> {
  const outcome = await workOf(ctx, request);
  return outcome.kind === "refused" ? outcome : { ...outcome, reply: forConversation(outcome.reply) };
}

async function workOf(ctx: CoreContext, request: LogRequest): Promise<LogOutcome> {
  const { actor } = request;
  const t = translator(actor.lang);
  const day = dayOf(ctx, request);
  const inScope = await ctx.organisation.activitiesInScope(actor, day);
  if (inScope.length === 0) return refusal(t, t("log.error.noActivities"), { code: "no-activities" });
  // the whole LPO's activities (a person without groups sees them all): words of the others are never a note
  const ofLpo = await ctx.organisation.activitiesInScope({ ...actor, groupIds: [] }, day);
  const scope: Scope = {
    inScope,
    others: ofLpo.filter((a) => !inScope.some((mine) => mine.id === a.id)).map(candidate),
    // names are read only after `med`/`with` (or a typed @): the LPO's people are read only then
    people:
      request.othersById === undefined && /(^|\s)(med|with)\s|@/i.test(request.line)
        ? await ctx.organisation.peopleOfLpo(actor.lpoId)
        : [],
  };

  // several activities in one line: every part is prepared before any is stored
  const parts =
    request.activityId || request.othersById || request.note !== undefined
      ? [request.line]
      : splitActivities(request.line, { today: day, activities: inScope.map(candidate), others: scope.others });
  if (parts.length > 1) {
    const chosen = request.parts ?? new Map<number, string>();
    const prepared: Prepared[] = [];
    for (const [index, text] of parts.entries()) {
      const step = await prepare(ctx, request, scope, {
        text,
        activityId: chosen.get(index),
        part: { index, parts, chosen },
      });
      if (!step.ok) return step.outcome;
      prepared.push(step.prepared);
    }
    // a day written once is the day of the whole line ("igår närvaro 2h, hastighet 1st");
    // parts with days of their own keep them, and parts without one among several days are asked for
    const days = [...new Set(prepared.filter((p) => p.value.dayGiven).map((p) => p.value.day))];
    const dayless = prepared.flatMap((p, index) => (p.value.dayGiven ? [] : [index]));
    if (days.length > 1 && dayless.length > 0) {
      return refusal(t, t("log.error.partsWithoutDay", { part: parts[dayless[0] as number] as string }), {
        code: "two-days",
      });
    }
    if (days.length === 1 && dayless.length > 0) {
      for (const index of dayless) {
        const step = await prepare(ctx, request, scope, {
          text: `${parts[index]} ${days[0]}`,
          activityId: chosen.get(index),
          part: { index, parts, chosen },
        });
        if (!step.ok) return step.outcome;
        prepared[index] = step.prepared;
      }
    }
    const reduced = await leaveOut(ctx, t, request, prepared);
    if ("outcome" in reduced) return reduced.outcome;
    const question = await askFirst(ctx, request, reduced.prepared, chosen);
    if (question) return question;
    const intro = t("log.severalStored", { count: prepared.length });
    return { kind: "stored", reply: await store(ctx, request, reduced.prepared, intro) };
  }

  const step = await prepare(ctx, request, scope, { text: request.line, activityId: request.activityId });
  if (!step.ok) return step.outcome;
  const reduced = await leaveOut(ctx, t, request, [step.prepared]);
  if ("outcome" in reduced) return reduced.outcome;
  const question = await askFirst(ctx, request, reduced.prepared);
  if (question) return question;
  return { kind: "stored", reply: await store(ctx, request, reduced.prepared) };
}

/**
 * The parts without the people "Spara utan …" left out (by part index); a
 * part left with nobody (only a forged value does that) stores nothing. A
 * person left out stays out only when their entry on the part's activity and
 * day is there (not undone): the confirmation says "nothing stored again for
 * them – it was already logged", and "Spara utan mig" stores no entry of the
 * line's own because the sender's earlier one counts. Someone left out with
 * no such entry (a forged value, or their entry undone since the question)
 * stores nothing, and the answer says who has nothing logged.
 */
async function leaveOut(
  ctx: CoreContext,
  t: ReturnType<typeof translator>,
  request: LogRequest,
  prepared: Prepared[],
): Promise<{ prepared: Prepared[] } | { outcome: LogOutcome }> {
  if (!request.without || request.without.length === 0) return { prepared };
  const out = prepared.map((part, index) => {
    const gone = new Set(request.without?.filter(([k]) => k === index).map(([, id]) => id));
    return {
      ...part,
      participants: part.participants.filter((p) => !gone.has(p.id)),
      left: part.participants.filter((p) => gone.has(p.id)),
    };
  });
  if (out.some((part) => part.participants.length === 0))
    return { outcome: refusal(t, t("log.error.nobodyLeft"), { code: "nobody-left" }) };
  for (const part of out) {
    if (!part.left || part.left.length === 0) continue;
    const entries = await entriesOnDay(
      ctx,
      part.left.map((p) => p.id),
      part.value.day,
    );
    const missing = part.left.filter(
      (p) => !entries.some((e) => e.personId === p.id && e.activityId === part.activity.id),
    );
    if (missing.length > 0)
      return {
        outcome: refusal(
          t,
          t("log.error.leftNotLogged", {
            names: joinPeople(t, request.actor, missing, t("log.ask.byYou")),
            code: part.activity.code,
            day: part.value.day,
          }),
          { code: "left-not-logged" },
        ),
      };
  }
  return { prepared: out };
}

/**
 * Asks before storing when a part looks like a duplicate or takes someone's
 * day above the LPO's limit (the line's other parts on the same day count
 * too); null when the line may be stored. After "Spara ändå" the questions are
 * passed, but its token is claimed first: a second press stores nothing. After
 * "Spara utan …" the line (without those people) is asked about again under
 * the same token, or its token claimed when nothing is asked.
 */
async function askFirst(
  ctx: CoreContext,
  request: LogRequest,
  prepared: Prepared[],
  chosen?: Map<number, string>,
): Promise<LogOutcome | null> {
  const { anyway } = request;
  if (anyway && !anyway.recheck) {
    const settled = await claimAnyway(ctx, request.actor, anyway.token);
    return settled ? { kind: "asked", reply: settled } : null;
  }
  // "Spara utan …": a question settled already is not asked again
  if (anyway) {
    const settled = await settledAnyway(ctx, request.actor, anyway.token);
    if (settled) return { kind: "asked", reply: settled };
  }
  for (const [k, part] of prepared.entries()) {
    const extraMinutes = new Map<string, number>();
    for (const [j, other] of prepared.entries()) {
      if (j === k || other.value.day !== part.value.day || !other.value.minutes) continue;
      for (const p of other.participants) extraMinutes.set(p.id, (extraMinutes.get(p.id) ?? 0) + other.value.minutes);
    }
    const question = await questionBeforeStoring(ctx, {
      actor: request.actor,
      activity: part.activity,
      value: part.value,
      participants: part.participants,
      line: request.line,
      // one part: "Spara ändå" names its activity; several: the line is split again, with the choices made
      activityId: prepared.length === 1 ? part.activity.id : undefined,
      parts: prepared.length > 1 ? chosen : undefined,
      extraMinutes,
      mentions: request.mentions,
      othersById: request.othersById,
      note: request.note,
      part: k,
      without: request.without,
      left: part.left,
      ...(anyway ? { asked: { token: anyway.token, asOf: anyway.asOf } } : {}),
    });
    if (question) return { kind: "asked", reply: question };
  }
  // nothing asked after "Spara utan …": stored under its token, once
  if (anyway) {
    const settled = await claimAnyway(ctx, request.actor, anyway.token);
    if (settled) return { kind: "asked", reply: settled };
  }
  return null;
}

/**
 * The replies of the parts of one line as one: an intro, each part's
 * confirmation, and the buttons (Ångra undoes the whole line) once, last.
 */
function together(replies: Reply[], intro: string | undefined): Reply {
  if (replies.length === 1 && intro === undefined) return replies[0] as Reply;
  const last = replies.length - 1;
  return {
    text: [...(intro ? [intro] : []), ...replies.map((r) => r.text)].join("\n"),
    blocks: [
      ...(intro ? [{ kind: "text" as const, text: intro }] : []),
      ...replies.flatMap((r, k) => (k === last ? r.blocks : r.blocks.filter((b) => b.kind !== "actions"))),
    ],
  };
}

/** The line with the part at `place` replaced by `text` (a name written as `@id`). */
function rewritten(place: Place, text: string): string {
  if (!place.part) return text;
  return place.part.parts.map((p, k) => (k === place.part?.index ? text : p)).join(", ");
}

/** Parses and checks one line or part, and resolves its people: ready to store, or the question/refusal. */
async function prepare(ctx: CoreContext, request: LogRequest, scope: Scope, place: Place): Promise<Step> {
  const { actor } = request;
  const t = translator(actor.lang);
  const day = dayOf(ctx, request);
  const { inScope } = scope;
  const fullLine = place.part ? place.part.parts.join(", ") : request.line;
  const refused = (text: string, error: Parameters<typeof refusal>[2], extra: Block[] = []): Step => ({
    ok: false,
    outcome: refusal(t, place.part ? t("log.partRefused", { part: place.text, reason: text }) : text, error, extra),
  });

  const pool = place.activityId ? inScope.filter((a) => a.id === place.activityId) : inScope;
  if (pool.length === 0)
    return refused(t("log.error.noActivity", { text: place.text, activities: activityList(inScope) }), {
      code: "no-activity",
    });

  // a chosen activity is named by its code, so the parser matches it alone
  const line = place.activityId ? `#${pool[0].code} ${place.text}` : place.text;
  const parsed = parseLogLine(line, {
    today: day,
    activities: pool.map(candidate),
    // once the person chose the activity, the other words are their note
    ...(place.activityId ? {} : { others: scope.others }),
    people: scope.people,
  });
  if (!parsed.ok) {
    if (parsed.error.code === "ambiguous")
      return { ok: false, outcome: ask(t, request, place, fullLine, parsed.error) };
    return refused(logErrorText(t, parsed.error, place.text, inScope), parsed.error);
  }
  const value: ParsedLogLine = parsed.value;
  if (request.note !== undefined) {
    const masked = maskPersonalData(request.note.replace(/\s+/g, " ").trim().slice(0, 500));
    value.note = [value.note, masked.text].filter(Boolean).join(" ");
    value.masked = [...new Set([...value.masked, ...masked.masked])];
  }
  const activity = inScope.find((a) => a.id === value.activity.id)!;

  // names typed without @: resolved when sure, else asked (the button carries the line with @id), else refused
  const byName: string[] = [];
  for (const name of value.names) {
    if (name.match.kind === "exact") {
      byName.push(name.match.id);
      continue;
    }
    if (name.match.kind === "none")
      return refused(t("log.error.unknownName", { name: name.text }), { code: "unknown-name" });
    return { ok: false, outcome: askPerson(t, request, place, name.text, name.match.ids, scope.people) };
  }

  const mentioned = await resolveMentions(ctx, actor, request.platform, value.mentions, request.mentions, scope.people);
  if ("unclear" in mentioned) {
    return {
      ok: false,
      outcome: askPerson(t, request, place, mentioned.unclear.token, mentioned.unclear.ids, scope.people),
    };
  }
  if ("unknown" in mentioned) {
    return refused(t("log.error.unknownMention", { mention: mentioned.unknown }), { code: "unknown-mention" });
  }
  const others = [...new Set([...(request.othersById ?? []), ...mentioned.ids, ...byName])].filter(
    (id) => id !== actor.id,
  );
  const otherActors = await Promise.all(others.map((id) => ctx.organisation.actor(id, ctx.defaultLang)));
  const missing = others.find((_, i) => otherActors[i] === null || otherActors[i]?.lpoId !== actor.lpoId);
  if (missing) return refused(t("log.error.unknownMention", { mention: `@${missing}` }), { code: "unknown-mention" });
  return {
    ok: true,
    prepared: { activity, value, participants: [actor, ...otherActors.filter((a): a is Actor => a !== null)] },
  };
}

/** Which activity: buttons for those in scope; activities of others named by a word are said, not offered. */
function ask(
  t: ReturnType<typeof translator>,
  request: LogRequest,
  place: Place,
  fullLine: string,
  error: Extract<LogLineError, { code: "ambiguous" }>,
): LogOutcome {
  const outside = error.outside ?? [];
  const mine = error.candidates.slice(1);
  let text =
    outside.length > 0 && mine.length > 0 && error.word
      ? namedByNoteWords(t, mine, outside, error.namedBy ?? {}, error.word)
      : outside.length > 0 && error.word
        ? t("log.outsideScope", { word: error.word, activities: outside.map(named).join(", ") })
        : error.word
          ? t("log.askOtherWord", { word: error.word })
          : t("log.ambiguous", { text: place.text });
  if (place.part) text = `${t("log.askPart", { part: place.text })}${text}`;
  const buttons = choiceButtons(
    error.candidates,
    request.actor.id,
    fullLine,
    request.mentions,
    place.part ? { index: place.part.index, chosen: place.part.chosen } : undefined,
  );
  // a question, not a refusal: asked where the line was written (logWork)
  return { kind: "refused", error, reply: forConversation({ text, blocks: [{ kind: "text", text }, buttons] }) };
}

/**
 * Note words that name activities of the person's (offered as buttons) and of
 * others (said, not offered): each word with what it names, so every button
 * after the chosen activity is explained by the text.
 */
function namedByNoteWords(
  t: ReturnType<typeof translator>,
  mine: ActivityCandidate[],
  outside: ActivityCandidate[],
  namedBy: Record<string, string>,
  fallback: string,
): string {
  const byWord = (activities: ActivityCandidate[]) => {
    const groups = new Map<string, ActivityCandidate[]>();
    for (const a of activities) {
      const word = namedBy[a.id] ?? fallback;
      groups.set(word, [...(groups.get(word) ?? []), a]);
    }
    return groups;
  };
  const mineBy = byWord(mine);
  const outsideBy = byWord(outside);
  const sentences = [...mineBy].map(([word, as]) => t("log.namedToo", { word, activities: as.map(named).join(", ") }));
  for (const [word, as] of outsideBy)
    sentences.push(
      t(mineBy.has(word) ? "log.outsideScopeToo" : "log.outsideScopeWord", {
        word,
        activities: as.map(named).join(", "),
      }),
    );
  const words = new Set([...mineBy.keys(), ...outsideBy.keys()]);
  sentences.push(t(words.size > 1 ? "log.whichOrNotes" : "log.whichOrNote"));
  return sentences.join(" ");
}

/** Whom a name means: one button per candidate, each carrying the line with the name written as `@id`. */
function askPerson(
  t: ReturnType<typeof translator>,
  request: LogRequest,
  place: Place,
  typed: string,
  ids: string[],
  people: PersonCandidate[],
): LogOutcome {
  const candidates = ids.flatMap((id) => {
    const person = people.find((p) => p.id === id);
    return person ? [{ id, name: person.name, line: rewritten(place, replaceName(place.text, typed, `@${id}`)) }] : [];
  });
  const first = candidates[0];
  let text =
    candidates.length === 1 && first
      ? t("log.askPersonOne", { id: first.id, name: first.name, text: typed })
      : t("log.askPerson", { name: typed });
  if (place.part) text = `${t("log.askPart", { part: place.text })}${text}`;
  const state = place.part ? { parts: place.part.chosen } : place.activityId ? { activityId: place.activityId } : {};
  return {
    kind: "refused",
    error: { code: "ask-person" },
    // a question, not a refusal: asked where the line was written (logWork)
    reply: forConversation({
      text,
      blocks: [{ kind: "text", text }, personButtons(request.actor.id, candidates, request.mentions, state)],
    }),
  };
}

/** `text` with the first `typed` (words may be apart by any white space) replaced by `by`. */
function replaceName(text: string, typed: string, by: string): string {
  const pattern = typed
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  return text.replace(new RegExp(pattern), () => by);
}

/**
 * Stores a line — all its parts in one batch, atomically, so that a line is
 * stored whole or not at all and Ångra undoes all of it — and gives its
 * confirmation.
 */
async function store(ctx: CoreContext, request: LogRequest, parts: Prepared[], intro?: string): Promise<Reply> {
  const { actor } = request;
  // the people stored besides the sender (who is not among them when left out: "Spara utan mig")
  const othersOf = (p: Prepared) => p.participants.filter((a) => a.id !== actor.id);
  const each = <T>(f: (p: Prepared, others: Actor[]) => T): T[] => parts.map((p) => f(p, othersOf(p)));
  // should the database not confirm the line, the answer says so and how to check (never "inget sparades");
  // built only then, with the day as it is now (the parts, their values and people do not change after this)
  const writes = currentWrites();
  if (writes) {
    const at = ctx.clock.now();
    writes.unconfirmed = () =>
      together(
        each((p, others) => unconfirmedReply(ctx, actor, p.activity, p.value, others, at)),
        intro,
      );
  }
  // each part's "✅ …" sentence, said alike in the receipt kept with the key and in the reply
  const lines = parts.map((p) => storedLine(ctx, actor, p.activity, p.value, othersOf(p), undefined, p.left));
  // the receipt answers a repeat of the line, where the line was written
  const receipts = (id: string) =>
    forConversation(
      together(
        parts.map((p, k) => receiptReply(ctx, actor, p.activity, p.value, othersOf(p), id, lines[k])),
        intro,
      ),
    );
  const batchId = await ctx.activityLog.storeBatch(
    actor.id,
    request.source,
    parts.flatMap(({ activity, value, participants, left }) =>
      participants.map((p) => ({
        activityId: activity.id,
        personId: p.id,
        groupId: groupFor(p.groupIds, activity),
        // the line's own entry (its occasions): the sender's; none when anyone was left out ("Spara utan …"):
        // their entry is this same work, already logged, and already counted its occasion
        primary: p.id === actor.id && (left ?? []).length === 0,
        day: value.day,
        minutes: value.minutes,
        count: value.count,
        note: value.note,
      })),
    ),
    ctx.clock.now(),
    {
      receipt: receipts,
      // a confirmed question's line is stored under its token: pressed twice, it is found stored
      ...(request.anyway ? { batchId: request.anyway.token } : {}),
    },
  );
  for (const { activity, participants } of parts) {
    ctx.logger.info(
      { event: "entry.stored", batchId, person: actor.id, activity: activity.code, participants: participants.length },
      "entry stored",
    );
  }

  // the entry is stored: if the team's standing cannot be read now, confirm it without the standing
  try {
    const replies: Reply[] = [];
    for (const [k, p] of parts.entries()) {
      replies.push(await storedReply(ctx, actor, p.activity, p.value, othersOf(p), batchId, lines[k]));
    }
    return together(replies, intro);
  } catch (error) {
    ctx.logger.warn(
      { event: "entry.standing.failed", batchId, person: actor.id, err: error },
      "entry stored; confirmed without the team's standing",
    );
    return receipts(batchId);
  }
}
