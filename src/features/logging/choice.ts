// The buttons offered when the bot asks instead of guessing: which activity a
// line (or one part of a line with several activities) is for, and whom a
// name typed without `@` means. A button's value is opaque JSON state: { p:
// the person asked (only they may answer: in a channel a colleague sees the
// question too), a: activity id for the whole line, l: the line, m: the line's mentions as
// [token, platform user id] pairs (as the adapter gave them), c: activity ids
// chosen so far for parts of a line with several activities, as [part index,
// activity id] }. A person button carries the line with the name written as
// `@id`. The value is parsed with a zod schema, no longer than it is written;
// anything else is no choice. Pressing one runs the whole line again with
// the choice: no part of the line is dropped.
import { z } from "zod/v4";
import { parseJson } from "../../core/json.js";
import type { Action, Block } from "../../core/reply.js";
import { type MentionMap, mentionsIn } from "./mentions.js";
import type { ActivityCandidate } from "./oneLineLog.js";

export const CHOOSE_ACTIVITY_ACTION = "choose-activity";

/** Slack carries at most 2 000 characters in a button value; the reply model asks for ~1 900. */
const MAX_VALUE = 1900;
/** how much of the line a button keeps */
const MAX_LINE = 1500;
const MAX_BUTTONS = 10;

// no more than encodeChoice writes: a forged value does not bring a longer line than a message may
const choiceValue = z.object({
  // buttons sent before the asker was carried have none: pressing them logs the line as the presser's own
  p: z.string().max(200).optional(),
  a: z.string().max(200).optional(),
  l: z.string().max(MAX_LINE),
  c: z
    .array(z.tuple([z.number().int().min(0).max(20), z.string().max(200)]))
    .max(20)
    .optional(),
  m: z
    .array(z.tuple([z.string().max(MAX_VALUE), z.string().max(MAX_VALUE)]))
    .max(MAX_VALUE)
    .optional(),
});

export interface ActivityChoice {
  /** the person asked: only they may answer (absent on buttons sent before it was carried) */
  personId?: string;
  /** the activity for the whole line; absent when the line has several parts or only a person was chosen */
  activityId?: string;
  line: string;
  mentions: Record<string, string>;
  /** part index → activity id, for a line with several activities */
  parts: Map<number, string>;
}

/** What a button settles besides the line: the activity of the whole line, or of parts of it. */
export interface ChoiceState {
  activityId?: string;
  parts?: Map<number, string>;
}

/** A button's value: who was asked, the line, the choices so far, and as many of its mentions as fit. */
function encodeChoice(personId: string, line: string, mentions: MentionMap | undefined, state: ChoiceState): string {
  const l = line.slice(0, MAX_LINE);
  const base: { p: string; a?: string; l: string; c?: [number, string][] } = { p: personId, l };
  if (state.activityId) base.a = state.activityId;
  if (state.parts && state.parts.size > 0) base.c = [...state.parts];
  const m: [string, string][] = [];
  for (const pair of mentionsIn(l, mentions)) {
    if (JSON.stringify({ ...base, m: [...m, pair] }).length > MAX_VALUE) break;
    m.push(pair);
  }
  return JSON.stringify(m.length > 0 ? { ...base, m } : base);
}

/** The value of an activity-choice button; null when it is not one. */
export function parseChoice(value: string): ActivityChoice | null {
  const data = parseJson(value, choiceValue);
  if (!data) return null;
  const mentions: Record<string, string> = Object.create(null);
  for (const [token, userId] of data.m ?? []) mentions[token] = userId;
  const parts = new Map<number, string>(data.c ?? []);
  return {
    ...(data.p !== undefined ? { personId: data.p } : {}),
    ...(data.a !== undefined ? { activityId: data.a } : {}),
    line: data.l,
    mentions,
    parts,
  };
}

/** "L1 Ökad polisiär närvaro på Torget", with the kommun first when another candidate has the same code. */
function activityLabel(c: ActivityCandidate, all: ActivityCandidate[]): string {
  const collides = c.kommun && all.some((o) => o.id !== c.id && o.code.toLowerCase() === c.code.toLowerCase());
  return (collides ? `${c.code} ${c.kommun}: ${c.name}` : `${c.code} ${c.name}`).slice(0, 70);
}

/**
 * One button per candidate activity (at most ten), each carrying the person
 * asked (`personId`), the line and its mentions; for a part of a line with several activities, `part`
 * is its index and `state.parts` the choices made before.
 */
export function choiceButtons(
  candidates: ActivityCandidate[],
  personId: string,
  line: string,
  mentions: MentionMap | undefined,
  part?: { index: number; chosen: Map<number, string> },
): Block {
  return {
    kind: "actions",
    buttons: candidates.slice(0, MAX_BUTTONS).map((c) => ({
      label: activityLabel(c, candidates),
      action: {
        id: CHOOSE_ACTIVITY_ACTION,
        value: encodeChoice(
          personId,
          line,
          mentions,
          part ? { parts: new Map([...part.chosen, [part.index, c.id]]) } : { activityId: c.id },
        ),
      } satisfies Action,
      // the answer to the question asked: it finishes the question's message
      finishes: true as const,
    })),
  };
}

/** One button per person a name may mean: each carries the person asked, and the line with the name written as `@id`. */
export function personButtons(
  personId: string,
  people: { id: string; name: string; line: string }[],
  mentions: MentionMap | undefined,
  state: ChoiceState,
): Block {
  return {
    kind: "actions",
    buttons: people.slice(0, MAX_BUTTONS).map((p) => ({
      label: `@${p.id} (${p.name})`.slice(0, 70),
      action: { id: CHOOSE_ACTIVITY_ACTION, value: encodeChoice(personId, p.line, mentions, state) } satisfies Action,
      finishes: true as const,
    })),
  };
}
