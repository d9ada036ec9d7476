// Reading a Teams activity (pure): the command text without the bot's
// mention, the people mentioned, where it came from, and the data of a
// pressed card button or submitted form.
import { createHash } from "node:crypto";
import type { Activity } from "botbuilder";
import type { FormValues } from "../../src/core/reply.js";
import { ACTION_VERB, FIELD_PREFIX, FORM_VERB, SUBMIT_FILTER } from "./renderCard.js";

export type ConversationKind = "personal" | "channel" | "groupChat";

interface MentionEntity {
  type: string;
  text?: string;
  mentioned?: { id?: string; name?: string; aadObjectId?: string };
}

const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function mentionEntities(activity: Partial<Activity>): MentionEntity[] {
  return ((activity.entities ?? []) as MentionEntity[]).filter((e) => e?.type === "mention");
}

/**
 * The text a person wrote, as a command: the bot's own @mention removed (all
 * of them), HTML that Teams may add stripped (other people's `<at>` kept for
 * `med`), entities decoded, white space collapsed.
 */
export function commandText(activity: Partial<Activity>): string {
  let text = activity.text ?? "";
  const botId = activity.recipient?.id;
  for (const mention of mentionEntities(activity)) {
    if (mention.text && botId && mention.mentioned?.id === botId) text = text.split(mention.text).join(" ");
  }
  text = text
    .replace(/<br\s*\/?>/gi, "\n")
    // a tag ends before the next "<": linear on "<<<<…" (`[^>]*` scanned to the end from every "<")
    .replace(/<(?!\/?at>)[^<>]*>/gi, " ")
    .replace(/\u200b/g, "");
  return decodeEntities(text).replace(/\s+/g, " ").trim();
}

/** People mentioned in the text (the bot excepted): the token as it appears → their Entra object id, when known. */
export function mentionedPeople(activity: Partial<Activity>): { token: string; id: string; aadObjectId?: string }[] {
  const botId = activity.recipient?.id;
  const people: { token: string; id: string; aadObjectId?: string }[] = [];
  for (const mention of mentionEntities(activity)) {
    const id = mention.mentioned?.id;
    if (!mention.text || !id || id === botId) continue;
    const token = decodeEntities(mention.text).replace(/\s+/g, " ").trim();
    const aad =
      mention.mentioned?.aadObjectId ?? (/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(id) ? id : undefined);
    people.push({ token, id, aadObjectId: aad });
  }
  return people;
}

export function conversationKind(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === "channel") return "channel";
  if (type === "groupChat") return "groupChat";
  if (type === "personal") return "personal";
  return activity.conversation?.isGroup ? "groupChat" : "personal";
}

/**
 * The conversation to bind or write to later: a channel's own id (not the
 * thread's `;messageid=…`), else the chat's id.
 */
export function conversationIdOf(activity: Partial<Activity>): string {
  const channel = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  if (conversationKind(activity) === "channel" && channel) return channel;
  return (activity.conversation?.id ?? "").split(";messageid=")[0];
}

/** Where a command came from, for `koppla`: channels and group chats; nothing in a personal chat. */
export function channelIdOf(activity: Partial<Activity>): string | undefined {
  return conversationKind(activity) === "personal" ? undefined : conversationIdOf(activity) || undefined;
}

export function tenantIdOf(activity: Partial<Activity>): string | undefined {
  return (
    activity.conversation?.tenantId ??
    (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ??
    undefined
  );
}

/** A short stable hash of parts, for request keys. */
export function hashKey(...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 32);
}

export type Submit =
  | { kind: "action"; id: string; value: string; finishes: boolean }
  | { kind: "form"; formId: string; state: string; values: FormValues };

/** The data of a pressed Action.Submit (our buttons and forms), or null for anything else. */
export function readSubmit(value: unknown): Submit | null {
  if (!value || typeof value !== "object") return null;
  const data = value as Record<string, unknown>;
  if (data[SUBMIT_FILTER] === ACTION_VERB && typeof data.id === "string")
    return {
      kind: "action",
      id: data.id,
      value: typeof data.value === "string" ? data.value : "",
      finishes: data.fin === 1,
    };
  if (data[SUBMIT_FILTER] !== FORM_VERB || typeof data.formId !== "string") return null;
  const multi = new Set(Array.isArray(data.multi) ? data.multi.map(String) : []);
  const values: FormValues = {};
  for (const [key, raw] of Object.entries(data)) {
    if (!key.startsWith(FIELD_PREFIX)) continue;
    const name = key.slice(FIELD_PREFIX.length);
    const text = raw === null || raw === undefined ? "" : String(raw).trim();
    if (multi.has(name))
      values[name] = text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    else values[name] = text === "" ? undefined : text;
  }
  return { kind: "form", formId: data.formId, state: typeof data.state === "string" ? data.state : "", values };
}

/** The values in a fixed order, so that the same submission always hashes the same. */
export function canonicalValues(values: FormValues): [string, string | string[] | null][] {
  return Object.keys(values)
    .sort()
    .map((k) => {
      const v = values[k];
      return [k, v === undefined ? null : Array.isArray(v) ? [...v].sort() : v];
    });
}
