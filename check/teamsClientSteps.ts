// The Teams client check's pure parts (`npm run check:teams-client`, see
// check/teamsClient.ts): the steps a person walks in Microsoft 365 Agents
// Playground, and what makes one step fail — a missing reply, a card the
// official adaptivecards parser does not accept, a message over Teams' size
// cap, or a chart that was replaced by its text alternative. Unit-tested in
// test/check/teamsClientSteps.test.ts; the browser walk itself is opt-in
// (CI has no Chromium).
import * as AC from "adaptivecards";
import { CARD_CONTENT_TYPE, MAX_MESSAGE_BYTES } from "../adapters/teams/renderCard.js";

/** What a step does in the client. */
export type StepAction =
  /** type a message into the compose box and send it */
  | { say: string }
  /** press a button (its title) on the newest card that has it */
  | { press: string }
  /** fill inputs of the newest form (by the input's label or placeholder, a substring) and press its submit button */
  | { fill: Record<string, string>; submit: string }
  /** run a scheduled job as an operator would (`loftesbot jobs run NAME`); at "week-end": as on this week's Sunday evening, when every group's time has come */
  | { job: string; at?: "week-end" };

export interface Step {
  name: string;
  /** who is at the keyboard (each has their own playground): Anna Berg, gruppchef of IG Turlag 1 (default), or Erik Johansson, kommunpolis */
  as?: "anna" | "erik";
  /** the conversation the step happens in */
  chat: "personal" | "channel";
  action: StepAction;
  /** at least this many new bot messages (default 1) */
  replies?: number;
  /** text every reply of the step must show somewhere (any of its messages) */
  shows?: string[];
  /** a reply of the step must carry a chart image */
  image?: boolean;
}

const KOMMUN = "norrdal";
/** a `fill` key: every field of the form — the first option of each choice, the text in each text field */
export const EVERY_FIELD = "*";

/** The walk of issue 17: each is one screenshot. Anna Berg (gruppchef, IG Turlag 1) is the person at the keyboard. */
export const STEPS: Step[] = [
  {
    name: "hjalp",
    chat: "personal",
    action: { say: "hjälp" },
    shows: ["/logga <rad>", "/uppfoljning <kommun> [period]"],
  },
  { name: "logga-rad", chat: "personal", action: { say: "logga 1,5h närvaro Torget" }, shows: ["Ångra"] },
  { name: "logga-angra", chat: "personal", action: { press: "Ångra" } },
  { name: "logga-formular", chat: "personal", action: { say: "logga" } },
  {
    name: "formular-fel",
    chat: "personal",
    action: { fill: { Aktivitet: "L1", Tid: "abc" }, submit: "Spara" },
    shows: ["Tid"],
  },
  { name: "formular-ratt", chat: "personal", action: { fill: { Aktivitet: "L1", Tid: "2h" }, submit: "Spara" } },
  { name: "mina", chat: "personal", action: { say: "mina" } },
  { name: "lofte", chat: "personal", action: { say: "lofte" } },
  { name: "uppfoljning", chat: "personal", action: { say: `uppfoljning ${KOMMUN}` }, image: true },
  { name: "dialog-ny", as: "erik", chat: "personal", action: { say: "dialog ny" } },
  {
    name: "dialog-skapa",
    as: "erik",
    chat: "personal",
    action: {
      fill: {
        "Typ av dialog": "Vad-dialog",
        Rubrik: "Trygghet i centrum",
        Gäller: "Norrdals kommun",
        Frågor: "Standardfrågor för vad-dialog",
        Grupper: "IG Turlag 1",
        "Vad händer sedan": "Vi tar upp svaren på nästa APT.",
      },
      submit: "Skapa och skicka",
    },
    shows: ["Svara"],
  },
  // the invitations go out when the dialogue is made; a run of the job finds none left to send
  { name: "inbjudan", chat: "personal", action: { job: "poll-invitations" }, replies: 0 },
  { name: "svara", chat: "personal", action: { press: "Svara" } },
  {
    name: "svar-skickat",
    chat: "personal",
    action: { fill: { [EVERY_FIELD]: "Mer närvaro på kvällarna" }, submit: "Skicka svar" },
  },
  { name: "dialog-lista", as: "erik", chat: "personal", action: { say: "dialog" }, shows: ["Resultat"] },
  { name: "resultat", as: "erik", chat: "personal", action: { press: "Resultat" } },
  { name: "kanal-hjalp", chat: "channel", action: { say: "hjälp" } },
  { name: "veckostatus", chat: "channel", action: { job: "weekly-status", at: "week-end" }, image: true },
  { name: "sammanfattning", chat: "personal", action: { job: "gruppchef-digest" }, shows: ["Skicka status"] },
  { name: "vidarebefordra", chat: "personal", action: { press: "Skicka status" } },
];

export interface SentActivity {
  /** POST: a new message; PUT: a card replaced in place */
  method: string;
  /** the connector path the bot posted to */
  path: string;
  /** bytes of the activity as sent, envelope included */
  bytes: number;
  body: Record<string, unknown>;
}

interface Attachment {
  contentType?: string;
  content?: unknown;
}

/** Problems with what the bot sent in one step (empty: the step passed on the wire). */
export function wireProblems(step: Step, sent: SentActivity[]): string[] {
  const problems: string[] = [];
  const want = step.replies ?? 1;
  if (sent.length < want) problems.push(`missing reply: ${sent.length} of ${want} message(s)`);
  let images = 0;
  const texts: string[] = [];
  for (const [i, activity] of sent.entries()) {
    const label = `message ${i + 1}`;
    if (activity.bytes > MAX_MESSAGE_BYTES)
      problems.push(`${label}: ${activity.bytes} bytes, over the ${MAX_MESSAGE_BYTES}-byte cap`);
    texts.push(JSON.stringify(activity.body));
    for (const attachment of (activity.body.attachments ?? []) as Attachment[]) {
      if (attachment.contentType !== CARD_CONTENT_TYPE) continue;
      for (const message of cardParseProblems(attachment.content)) problems.push(`${label}: ${message}`);
      images += countImages(attachment.content);
    }
  }
  if (step.image && sent.length > 0 && images === 0) problems.push("no chart image (the text alternative replaced it)");
  const all = texts.join("\n");
  for (const text of step.shows ?? [])
    if (!all.includes(JSON.stringify(text).slice(1, -1))) problems.push(`no reply shows "${text}"`);
  return problems;
}

/** The first text a card shows (its heading, as the page renders it: without our *bold* markers), to find it on the page. */
export function cardHeading(activity: Record<string, unknown>): string {
  const card = ((activity.attachments ?? []) as Attachment[]).find((a) => a.contentType === CARD_CONTENT_TYPE)?.content;
  const first = (node: unknown): string | undefined => {
    if (Array.isArray(node)) {
      for (const x of node) {
        const found = first(x);
        if (found) return found;
      }
      return undefined;
    }
    if (!node || typeof node !== "object") return undefined;
    const record = node as Record<string, unknown>;
    if (record.type === "TextBlock" || record.type === "TextRun") return String(record.text ?? "") || undefined;
    return first(record.body) ?? first(record.items) ?? first(record.columns) ?? first(record.inlines);
  };
  // up to a Markdown escape (the page shows the character without its backslash)
  return (first(card) ?? "").replace(/\*/g, "").split("\n")[0].split("\\")[0].slice(0, 60).trim();
}

/** What the official adaptivecards parser (the library Teams clients render with) reports for a card. */
export function cardParseProblems(content: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_5;
  card.parse(content as never, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`card parse: ${context.getEventAt(i).message}`);
  for (const e of card.validateProperties().validationEvents) problems.push(`card validation: ${e.message}`);
  return problems;
}

function countImages(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + countImages(x), 0);
  if (!node || typeof node !== "object") return 0;
  const record = node as Record<string, unknown>;
  const self =
    record.type === "Image" && typeof record.url === "string" && record.url.startsWith("data:image/") ? 1 : 0;
  return self + Object.values(record).reduce((n: number, x) => n + countImages(x), 0);
}

/** This ISO week's Sunday, 18:00 UTC (20:00 or 19:00 in Sweden): still the week, every weekday's time passed. */
export function weekEnd(now: Date): Date {
  const sunday = new Date(now);
  sunday.setUTCDate(now.getUTCDate() + ((7 - now.getUTCDay()) % 7));
  sunday.setUTCHours(18, 0, 0, 0);
  return sunday;
}

/** Is an address one the check lets the browser reach (this machine only; data and blob URLs stay in the page)? */
export function isLocalRequest(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === "data:" || parsed.protocol === "blob:") return true;
  return ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
}
