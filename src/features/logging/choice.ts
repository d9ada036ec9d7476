// The activity-choice buttons offered when a line fits several activities.
// A button's value is opaque JSON state: { a: activity id, l: the line, m:
// the line's mentions as [token, platform user id] pairs (as the adapter
// gave them) }. It is parsed with a zod schema, no longer than it is written;
// anything else is no choice.
import { z } from "zod/v4";
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
  a: z.string().max(200),
  l: z.string().max(MAX_LINE),
  m: z
    .array(z.tuple([z.string().max(MAX_VALUE), z.string().max(MAX_VALUE)]))
    .max(MAX_VALUE)
    .optional(),
});

export interface ActivityChoice {
  activityId: string;
  line: string;
  mentions: Record<string, string>;
}

/** A button's value: the line, and as many of its mentions as fit. */
function encodeChoice(activityId: string, line: string, mentions: MentionMap | undefined): string {
  const l = line.slice(0, MAX_LINE);
  const m: [string, string][] = [];
  for (const pair of mentionsIn(l, mentions)) {
    if (JSON.stringify({ a: activityId, l, m: [...m, pair] }).length > MAX_VALUE) break;
    m.push(pair);
  }
  return JSON.stringify(m.length > 0 ? { a: activityId, l, m } : { a: activityId, l });
}

/** The value of an activity-choice button; null when it is not one. */
export function parseChoice(value: string): ActivityChoice | null {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return null;
  }
  const parsed = choiceValue.safeParse(json);
  if (!parsed.success) return null;
  const mentions: Record<string, string> = Object.create(null);
  for (const [token, userId] of parsed.data.m ?? []) mentions[token] = userId;
  return { activityId: parsed.data.a, line: parsed.data.l, mentions };
}

/** One button per candidate activity (at most ten), each carrying the line and its mentions. */
export function choiceButtons(candidates: ActivityCandidate[], line: string, mentions: MentionMap | undefined): Block {
  return {
    kind: "actions",
    buttons: candidates.slice(0, MAX_BUTTONS).map((c) => ({
      label: `${c.code} ${c.name}`.slice(0, 70),
      action: { id: CHOOSE_ACTIVITY_ACTION, value: encodeChoice(c.id, line, mentions) } satisfies Action,
      // the answer to the question asked: it finishes the question's message
      finishes: true as const,
    })),
  };
}
