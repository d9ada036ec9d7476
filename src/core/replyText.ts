// Reply text: the markup of the reply model, and how text a person wrote rides
// in it. Markup is ours alone — *bold*, `code` and line breaks, written in the
// catalogues' templates and by code. Text a person wrote (titles, answers,
// notes, names, anything from the organisation file) is carried literal: each
// character a chat platform could read as markup is replaced by a stand-in
// from Unicode's private use area (U+E000 + its ASCII code), which every
// renderer shows as the character itself and never parses. translate() makes
// every {param} literal; code that builds markup by hand wraps text in
// literal(). Decoding gives back what was written (a stand-in someone typed
// shows as its character: never as markup either).

/** What Slack's mrkdwn, Teams' Markdown or our own markup could read: *_~` for emphasis and code, <>& for links, mentions and entities, []\ for Markdown links and escapes. */
export const MARKUP_CHARACTERS = "*_~`[]<>\\&";

const BASE = 0xe000;
const ENCODE = /[*_~`[\]<>\\&]/g;
const STAND_INS = new RegExp(`[${[...MARKUP_CHARACTERS].map(standIn).join("")}]`, "g");

/** The stand-in of one markup character. */
export function standIn(char: string): string {
  return String.fromCharCode(BASE + char.charCodeAt(0));
}

/** Text a person wrote, made safe to put into reply text: it is shown exactly as written, never as markup. Idempotent. */
export function literal(text: string): string {
  return text.replace(ENCODE, standIn);
}

/** Reply text with its stand-ins turned back into the characters (markup of ours is left as it is). */
export function plainText(text: string): string {
  return text.replace(STAND_INS, (c) => String.fromCharCode(c.charCodeAt(0) - BASE));
}

/** Reply text as plain text: without our *bold* markers, every character as written (console, summaries, fallbacks). */
export function unmarked(text: string): string {
  return plainText(text.replace(/\*([^*\n]+)\*/g, "$1"));
}

/**
 * Reply text for a place that shows no markup at all (Slack's plain_text and a
 * modal's `errors`, a notification's summary): without our *bold* and `code`
 * marks, every character as written (a person's own backticks stay). The
 * console keeps the backticks (unmarked): in a terminal they set an example off.
 */
export function unstyled(text: string): string {
  return runs(text, { code: true })
    .map((r) => r.text)
    .join("");
}

/** Whether the text has a `code` span of ours. */
export function hasCode(text: string): boolean {
  return runs(text, { code: true }).some((r) => r.code);
}

/** Whether the text carries a character a person wrote that is one of `chars` (default: any markup character). */
export function hasLiteral(text: string, chars: string = MARKUP_CHARACTERS): boolean {
  for (const c of chars) if (text.includes(standIn(c))) return true;
  return false;
}

/** A piece of reply text with one style; `text` is as written (stand-ins decoded), line breaks included. */
export interface Run {
  text: string;
  bold?: true;
  code?: true;
}

/**
 * Reply text as styled runs, for the renderers that show text without a
 * markup parser (Slack rich text, Adaptive Card TextRuns): our *bold* (and,
 * when `code` is set, `code`) become styles; everything else, a person's text
 * included, is plain. A stand-in can neither open nor close a style.
 */
export function runs(text: string, options: { code?: boolean } = {}): Run[] {
  const pattern = options.code ? /\*([^*\n]+)\*|`([^`\n]+)`/g : /\*([^*\n]+)\*/g;
  const out: Run[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) out.push({ text: plainText(text.slice(at, match.index)) });
    if (match[1] !== undefined) out.push({ text: plainText(match[1]), bold: true });
    else out.push({ text: plainText(match[2]), code: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ text: plainText(text.slice(at)) });
  return out.filter((r) => r.text.length > 0);
}
