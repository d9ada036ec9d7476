// Block Kit rendering of the neutral reply model (src/core/reply.ts). A pure
// function: one Reply becomes one or more Slack messages, each inside Slack's
// limits (PLATFORMS.md): long texts are split into several sections, long
// field and button lists into several blocks, and a reply with too many
// blocks or characters is paged into several messages — never cut so that
// Slack rejects it. Every message carries the top-level `text` fallback.
//
// Text a person wrote is shown as written (src/core/replyText.ts): mrkdwn
// gets `&`, `<` and `>` escaped (so no link, mention or broadcast) and
// `verbatim` (so Slack links and mentions nothing by itself); text whose
// literal characters mrkdwn would read as formatting (*_~` or a quote) goes
// out as a rich_text block, or plain_text, which Slack does not parse.
import type { types } from "@slack/bolt";
import { type Block, type Button, literal, plainText, progressBar, type Reply } from "../../src/core/reply.js";
import { hasLiteral, runs, standIn, unstyled } from "../../src/core/replyText.js";

export type SlackBlock = types.KnownBlock;

export interface SlackMessage {
  /** the notification / screen-reader fallback, mrkdwn-escaped */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented limits, and the budget we keep below `msg_blocks_too_long`. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  messageText: 40_000,
  /** JSON size of all blocks of one message; Slack refuses near 13 000 characters */
  messageChars: 12_000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  inputLabel: 2000,
  placeholder: 150,
  plainTextInput: 3000,
} as const;

/** One aggregate block (fields, actions, context) stays below this, so that pages pack well. */
const AGGREGATE_BLOCK_CHARS = 6000;

/** Prefix of every button's action_id: `lb:<action id>:<n>`. */
export const ACTION_PREFIX = "lb:";

export function actionIdFor(actionId: string, index: number): string {
  return `${ACTION_PREFIX}${actionId}:${index}`;
}

/** `lb:undo:3` → "undo"; null when the action_id is not one of ours. */
export function parseActionId(actionId: string): string | null {
  if (!actionId.startsWith(ACTION_PREFIX)) return null;
  const rest = actionId.slice(ACTION_PREFIX.length);
  const cut = rest.lastIndexOf(":");
  if (cut <= 0 || !/^\d+$/.test(rest.slice(cut + 1))) return null;
  return rest.slice(0, cut);
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts plain text to `max` characters, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  // no more UTF-16 units than `max`: no more characters either (the usual case, without counting them)
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const kept = chars.slice(0, max - 1).join("");
  // never cut inside a parenthesis ("3 tillfällen (tillfällen" reads as a broken label): cut before it
  const open = kept.lastIndexOf("(");
  if (open > 0 && kept.indexOf(")", open) === -1) {
    const before = kept.slice(0, open).trimEnd();
    if (before.length > 0) return `${before}…`;
  }
  return `${kept}…`;
}

/**
 * Splits (already escaped) mrkdwn into chunks of at most `max` characters:
 * at a line break, else at a space, else hard — never inside an `&amp;` entity
 * or a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) {
      const space = rest.lastIndexOf(" ", max);
      cut = space >= max / 2 ? space : max;
    }
    const amp = rest.lastIndexOf("&", cut - 1);
    if (amp >= 0 && cut - amp < 6 && !rest.slice(amp, cut).includes(";")) cut = amp;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    if (cut <= 0) cut = max;
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[ \n]/, "");
  }
  chunks.push(rest);
  return chunks;
}

const size = (block: SlackBlock) => JSON.stringify(block).length;

const QUOTE = new RegExp(`(^|\\n)[ \\t]*${standIn(">")}`);

/** Whether mrkdwn would read some of a person's characters in this reply text as formatting. */
export function needsLiteralRendering(text: string): boolean {
  return hasLiteral(text, "*_~`") || QUOTE.test(text);
}

/** A mrkdwn text object: escaped, and `verbatim` so Slack adds no links or mentions of its own. */
export function mrkdwn(text: string): types.MrkdwnElement {
  return { type: "mrkdwn", text, verbatim: true };
}

/** Reply text as mrkdwn (only when nothing of a person's would be read as formatting). */
function toMrkdwn(text: string): string {
  return escapeMrkdwn(plainText(text));
}

/** Reply text as a rich_text block: our *bold* and `code` as styles, the rest as written. */
function richText(text: string): SlackBlock {
  const elements: types.RichTextText[] = runs(text, { code: true }).map((run) => ({
    type: "text",
    text: run.text,
    ...(run.bold ? { style: { bold: true } } : run.code ? { style: { code: true } } : {}),
  }));
  return { type: "rich_text", elements: [{ type: "rich_text_section", elements }] };
}

/** Reply text as section blocks (a person's formatting characters: rich_text blocks instead). */
export function sections(text: string): SlackBlock[] {
  const literalRendering = needsLiteralRendering(text);
  return splitText(literalRendering ? text : toMrkdwn(text), SLACK_LIMITS.sectionText)
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => (literalRendering ? richText(chunk) : { type: "section", text: mrkdwn(chunk) }));
}

/** Reply text as context blocks (a person's formatting characters: plain_text, without our bold and code marks). */
function contexts(text: string): SlackBlock[] {
  const literalRendering = needsLiteralRendering(text);
  return splitText(literalRendering ? text : toMrkdwn(text), SLACK_LIMITS.sectionText)
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => ({
      type: "context",
      elements: [
        literalRendering
          ? {
              type: "plain_text",
              text: unstyled(chunk),
              emoji: true,
            }
          : mrkdwn(chunk),
      ],
    }));
}

function fieldBlocks(fields: { label: string; value: string }[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current: (types.MrkdwnElement | types.PlainTextElement)[] = [];
  let currentChars = 0;
  const flush = () => {
    if (current.length > 0) out.push({ type: "section", fields: current });
    current = [];
    currentChars = 0;
  };
  for (const field of fields) {
    // label and value are plain text: a person's characters in them are literal
    const reply = `*${literal(field.label)}*\n${literal(field.value)}`;
    const literalRendering = needsLiteralRendering(reply);
    const text = literalRendering ? `${plainText(field.label)}\n${plainText(field.value)}` : toMrkdwn(reply);
    if (text.length > SLACK_LIMITS.fieldText) {
      // too long for a field: its own section(s), in order
      flush();
      out.push(...sections(reply));
      continue;
    }
    if (current.length >= SLACK_LIMITS.fieldsPerSection || currentChars + text.length + 40 > AGGREGATE_BLOCK_CHARS)
      flush();
    current.push(literalRendering ? { type: "plain_text", text, emoji: true } : mrkdwn(text));
    currentChars += text.length + 40;
  }
  flush();
  return out;
}

function buttonElement(button: Button, index: number): types.Button | null {
  const actionId = actionIdFor(button.action.id, index);
  // a value Slack cannot carry is not cut (that would corrupt it): the button is left out
  if (actionId.length > SLACK_LIMITS.actionId || button.action.value.length > SLACK_LIMITS.buttonValue) return null;
  const element: types.Button = {
    type: "button",
    text: { type: "plain_text", text: truncate(plainText(button.label) || "…", SLACK_LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: button.action.value,
  };
  if (button.style) element.style = button.style;
  return element;
}

function actionBlocks(buttons: Button[], firstIndex: number): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current: types.Button[] = [];
  let currentChars = 0;
  const flush = () => {
    if (current.length > 0) out.push({ type: "actions", elements: current });
    current = [];
    currentChars = 0;
  };
  buttons.forEach((button, i) => {
    const element = buttonElement(button, firstIndex + i);
    if (!element) return;
    const chars = JSON.stringify(element).length;
    if (current.length >= SLACK_LIMITS.actionsElements || currentChars + chars > AGGREGATE_BLOCK_CHARS) flush();
    current.push(element);
    currentChars += chars;
  });
  flush();
  return out;
}

/** The Slack blocks of a reply, each one inside the per-block limits (not yet paged). */
export function renderBlockList(blocks: Block[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let buttonIndex = 0;
  for (const block of blocks) {
    switch (block.kind) {
      case "heading": {
        const text = plainText(block.text).replace(/\s+/g, " ").trim();
        if (!text) break;
        out.push({
          type: "header",
          text: { type: "plain_text", text: truncate(text, SLACK_LIMITS.headerText), emoji: true },
        });
        // a cut heading is repeated whole below it, so nothing is lost
        if (Array.from(text).length > SLACK_LIMITS.headerText) out.push(...sections(`*${literal(text)}*`));
        break;
      }
      case "text":
        out.push(...sections(block.text));
        break;
      case "fields":
        out.push(...fieldBlocks(block.fields));
        break;
      case "progress": {
        const bar = progressBar(block.done, block.target);
        out.push(...sections(`*${literal(block.label)}*\n${bar}  ${literal(block.text)}`));
        break;
      }
      case "context":
        out.push(...contexts(block.text));
        break;
      case "divider":
        out.push({ type: "divider" });
        break;
      case "actions":
        out.push(...actionBlocks(block.buttons, buttonIndex));
        buttonIndex += block.buttons.length;
        break;
      case "image":
        // charts are uploaded as files by the features that send them; in a message the alt text stands in
        out.push(...contexts(`🖼️ *${literal(block.title)}*: ${literal(block.alt)}`));
        break;
    }
  }
  return out;
}

/**
 * A reply as Slack messages: usually one; several when the blocks exceed 50
 * or the character budget. The first message's fallback is the reply's text,
 * the following ones say which part they are.
 */
export function renderMessages(reply: Reply): SlackMessage[] {
  // the summary is reply text: escaped for the fallback (no link, mention or broadcast), as a section when alone
  const summary = reply.text.trim() || "Löftesbot";
  const rendered = renderBlockList(reply.blocks);
  const blocks = rendered.length > 0 ? rendered : sections(summary);
  const pages: SlackBlock[][] = [];
  let page: SlackBlock[] = [];
  let chars = 2;
  // all on one page, as the loop below would put them (2 + Σ (size + 1) is the array's JSON plus one),
  // told by one JSON.stringify instead of one per block: the usual reply
  const onePage =
    blocks.length <= SLACK_LIMITS.blocksPerMessage && JSON.stringify(blocks).length + 1 <= SLACK_LIMITS.messageChars;
  for (const block of onePage ? [] : blocks) {
    const blockChars = size(block) + 1;
    if (
      page.length > 0 &&
      (page.length >= SLACK_LIMITS.blocksPerMessage || chars + blockChars > SLACK_LIMITS.messageChars)
    ) {
      // keep a heading together with what follows it
      const carried = page.length > 1 && page[page.length - 1].type === "header" ? [page.pop()!] : [];
      pages.push(page);
      page = carried;
      chars = 2 + carried.reduce((n, b) => n + size(b) + 1, 0);
    }
    page.push(block);
    chars += blockChars;
  }
  if (onePage) page = blocks;
  if (page.length > 0 || pages.length === 0) pages.push(page);

  return pages.map((blocksOfPage, i) => {
    const text =
      i === 0
        ? escapeMrkdwn(truncate(plainText(summary), SLACK_LIMITS.messageText / 5))
        : `${escapeMrkdwn(truncate(plainText(summary), 150))} (${i + 1}/${pages.length})`;
    return { text, blocks: blocksOfPage };
  });
}
