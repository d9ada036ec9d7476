// The neutral reply model as Adaptive Cards 1.5 for Teams (pure functions).
// Every message is one card plus a plain-text summary (notifications, screen
// readers, clients without cards); a reply that would not fit in one message
// (40 KB, Teams refuses ~100 KB) is split over several, never cut.
//
// Text a person wrote is shown as written (src/core/replyText.ts). Teams reads
// Markdown in TextBlocks and facts, and its backslash escapes differ between
// clients; so text in which Markdown could read something of a person's (a
// markup character of theirs, a line that starts like a list, heading or
// quote, or an address a client would link) goes out as RichTextBlocks of
// TextRuns, which no client parses — our *bold* as a bold run. So does text
// with our `code` (an example), as a monospace run: TextBlock Markdown knows
// only bold, italic, lists and links, and would show the backticks. Everything
// else stays a Markdown TextBlock.
import type { Lang } from "../../src/domain/lang.js";
import {
  type Block,
  type Button,
  type FormField,
  type FormSpec,
  literal,
  plainText,
  type Reply,
} from "../../src/core/reply.js";
import { hasCode, hasLiteral, runs, unstyled } from "../../src/core/replyText.js";

export const CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
export const CARD_VERSION = "1.5";
export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
/** Hard limit for one serialized message, envelope included. */
export const MAX_MESSAGE_BYTES = 40_000;
/** What a rendered message may use; the rest is left for the connector's envelope (ids, serviceUrl, …). */
export const DEFAULT_BUDGET_BYTES = 36_000;
/** Teams shows at most 6 actions side by side; stay below the Adaptive Cards default of 5. */
const MAX_BUTTONS_PER_SET = 5;
const SUMMARY_MAX_CHARS = 280;
/** bytes kept free on every page for the "(2/3)" marker */
const PAGE_MARK_RESERVE = 200;

/** Verbs of our Action.Submit data (`lb` is the filter key of the Teams AI action routes). */
export const SUBMIT_FILTER = "lb";
export const ACTION_VERB = "action";
export const FORM_VERB = "form";
/** form input ids are prefixed so they cannot collide with our submit data */
export const FIELD_PREFIX = "f_";

export type CardElement = { type: string } & Record<string, unknown>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: string;
  fallbackText: string;
  body: CardElement[];
  actions?: CardElement[];
}

export interface CardMessage {
  /** plain text: the activity's summary and the card's fallback text */
  summary: string;
  card: AdaptiveCard;
}

export interface ActionData {
  lb: typeof ACTION_VERB;
  id: string;
  value: string;
  /** 1: the button finishes its card (Button.finishes), whose answer replaces it in a 1:1 chat */
  fin?: 1;
}

export interface FormData {
  lb: typeof FORM_VERB;
  formId: string;
  state: string;
  /** names of fields whose value is a comma-separated list */
  multi: string[];
}

export interface RenderOptions {
  budgetBytes?: number;
  lang?: Lang;
}

/** The outgoing activity for one message (the connector adds the envelope). */
export function toActivity(message: CardMessage): {
  type: "message";
  summary: string;
  attachments: { contentType: string; content: AdaptiveCard }[];
} {
  return {
    type: "message",
    summary: message.summary,
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: message.card }],
  };
}

export function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

export function summarize(text: string): string {
  const plain = unstyled(text).replace(/\s+/g, " ").trim();
  return plain.length <= SUMMARY_MAX_CHARS ? plain : `${plain.slice(0, SUMMARY_MAX_CHARS - 1).trimEnd()}…`;
}

/** Our `*bold*` as Adaptive Card markdown `**bold**`; line breaks as paragraphs (single \n is not a break everywhere). */
export function markdown(text: string): string {
  return text.replace(/\*([^*\n]+)\*/g, "**$1**").replace(/\r?\n/g, "\n\n");
}

function card(body: CardElement[], summary: string, actions?: CardElement[]): AdaptiveCard {
  return {
    type: "AdaptiveCard",
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    fallbackText: summary,
    body,
    ...(actions && actions.length > 0 ? { actions } : {}),
  };
}

const textBlock = (text: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: "TextBlock",
  text,
  wrap: true,
  ...extra,
});

/** A line that Markdown would read as the start of a list, heading, quote, table or rule. */
const BLOCK_START = /(^|\n)[ \t]*(?:[-+*][ \t]|#|>|=|\||\d{1,9}[.)](?:[ \t]|$)|[-_*]{3,}[ \t]*(?:\n|$))/;

/** A web or mail address, which some Teams clients turn into a link by themselves. */
const AUTOLINK = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)/i;

/** Something a Teams client takes for an HTML tag and drops: the help's `<rad>`, `<kommun>` placeholders. */
const TAG_LIKE = /<[^<>\n]*>/;

/**
 * Whether Teams' Markdown could read something of a person's in this reply text (our templates hold no
 * addresses), or drop a `<…>` placeholder of ours as if it were a tag: such text goes out unparsed.
 */
export function needsLiteralRendering(text: string): boolean {
  const plain = plainText(text);
  return hasLiteral(text) || BLOCK_START.test(plain) || AUTOLINK.test(plain) || TAG_LIKE.test(plain);
}

/** Properties of a TextBlock that belong to the RichTextBlock, and those that belong to each of its TextRuns. */
const BLOCK_PROPERTIES = ["spacing", "separator", "horizontalAlignment"];
const RUN_PROPERTIES = ["size", "weight", "color", "isSubtle", "fontType"];

function pick(extra: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extra).filter(([k]) => keys.includes(k)));
}

/**
 * One line of reply text as a RichTextBlock: TextRuns are never parsed; our *bold* is a bold run, our `code`
 * a monospace run (a person's own backticks are literal, so they stay backticks).
 */
function richTextBlock(line: string, extra: Record<string, unknown>): CardElement {
  const run = pick(extra, RUN_PROPERTIES);
  return {
    type: "RichTextBlock",
    ...pick(extra, BLOCK_PROPERTIES),
    inlines: runs(line, { code: true }).map((r) => ({
      type: "TextRun",
      text: r.text,
      ...run,
      ...(r.bold ? { weight: "Bolder" } : r.code ? { fontType: "Monospace" } : {}),
    })),
  };
}

/**
 * Reply text as card elements, each a unit of its own (so pages break between
 * them) and each within `maxBytes`: Markdown TextBlocks, or — when Markdown
 * could read something of a person's, or the text has our `code`, which
 * TextBlock Markdown does not know — one RichTextBlock per line.
 */
function textUnits(text: string, extra: Record<string, unknown>, maxBytes: number): CardElement[][] {
  // TextBlock Markdown has no inline code (it would show our backticks): text with a `code` span goes out as runs
  if (!needsLiteralRendering(text) && !hasCode(text))
    return splitText(text, maxBytes).map((piece) => [textBlock(markdown(plainText(piece)), extra)]);
  const units: CardElement[][] = [];
  const add = (piece: string) => {
    const element = richTextBlock(
      piece,
      units.length === 0 ? extra : { ...extra, spacing: "None", separator: undefined },
    );
    const size = byteLength(element);
    if (size <= maxBytes || piece.length < 2) return units.push([element]);
    for (const half of splitText(piece, Math.max(64, Math.floor(jsonCost(piece) / 2)))) add(half);
  };
  for (const line of text.split("\n")) if (line.trim()) add(line);
  return units;
}

/** Reply text as the elements of one unit (for text that always stays together: a form's parts, a page mark). */
function textElements(text: string, extra: Record<string, unknown> = {}): CardElement[] {
  return textUnits(text, extra, Number.POSITIVE_INFINITY).flat();
}

/** Bytes a string adds inside JSON (escapes included); additive over concatenation. */
function jsonCost(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), "utf8") - 2;
}

/** Splits text at line breaks, then words, then characters, so that each piece's JSON fits in `maxBytes`. */
export function splitText(text: string, maxBytes: number): string[] {
  const limit = maxBytes - 2; // the quotes
  if (jsonCost(text) <= limit) return [text];
  const pieces: string[] = [];
  let current = "";
  let used = 0;
  const flush = () => {
    if (current.trim()) pieces.push(current.trimEnd());
    current = "";
    used = 0;
  };
  const add = (part: string, cost: number) => {
    if (used + cost > limit) flush();
    if (current === "" && /^\s+$/.test(part)) return;
    current += part;
    used += cost;
  };
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    const piece = i < lines.length - 1 ? `${line}\n` : line;
    const cost = jsonCost(piece);
    if (cost <= limit) {
      add(piece, cost);
      continue;
    }
    for (const word of piece.split(/(?<=\s)/)) {
      const wordCost = jsonCost(word);
      if (wordCost <= limit) add(word, wordCost);
      else for (const char of word) add(char, jsonCost(char));
    }
  }
  flush();
  return pieces.map((p) => p.replace(/\n+$/, "")).filter((p) => p.length > 0);
}

function chunk<T>(items: T[], fits: (group: T[]) => boolean, max = Number.POSITIVE_INFINITY): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    if (current.length > 0 && (current.length >= max || !fits([...current, item]))) {
      groups.push(current);
      current = [];
    }
    current.push(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

export function submitAction(button: Button): CardElement {
  const data: ActionData = {
    lb: ACTION_VERB,
    id: button.action.id,
    value: button.action.value,
    ...(button.finishes ? { fin: 1 as const } : {}),
  };
  return {
    type: "Action.Submit",
    title: plainText(button.label),
    data,
    ...(button.style ? { style: button.style === "primary" ? "positive" : "destructive" } : {}),
  };
}

function progressElements(block: Extract<Block, { kind: "progress" }>): CardElement[] {
  const share = block.target > 0 ? Math.max(0, Math.min(1, block.done / block.target)) : 0;
  const percent = Math.round(share * 100);
  const column = (width: number, style: string): CardElement => ({
    type: "Column",
    width,
    style,
    minHeight: "8px",
    items: [],
  });
  const columns: CardElement[] = [];
  if (percent > 0) columns.push(column(percent, "good"));
  if (percent < 100) columns.push(column(100 - percent, "emphasis"));
  return [
    ...textElements(`*${literal(block.label)}* · ${percent} %`, { spacing: "Medium" }),
    // the bar is decoration only (empty columns say nothing to a screen reader);
    // the text below carries all of it
    { type: "ColumnSet", spacing: "Small", columns },
    ...textElements(literal(block.text), { spacing: "Small" }),
  ];
}

/** Fields (plain text) as one FactSet, or — when Markdown could read something of a person's — one line per fact. */
function factUnits(fields: { label: string; value: string }[], maxBytes: number): CardElement[][] {
  const asText = (f: { label: string; value: string }) => `*${literal(f.label)}*: ${literal(f.value)}`;
  if (fields.some((f) => needsLiteralRendering(asText(f))))
    return fields.flatMap((f) => textUnits(asText(f), {}, maxBytes));
  const units: CardElement[][] = [];
  const facts = fields.map((f) => ({ title: plainText(f.label), value: plainText(f.value) }));
  const small = facts.filter((f) => byteLength(f) < maxBytes);
  for (const group of chunk(small, (g) => byteLength(g) < maxBytes)) units.push([{ type: "FactSet", facts: group }]);
  for (const big of fields.filter(
    (f) => byteLength({ title: plainText(f.label), value: plainText(f.value) }) >= maxBytes,
  ))
    units.push(...textUnits(asText(big), {}, maxBytes));
  return units;
}

/** One block as units: element groups that stay in one message; a large block becomes several. */
function blockUnits(block: Block, maxBytes: number): CardElement[][] {
  const texts = (text: string, extra: Record<string, unknown>) => textUnits(text, extra, maxBytes - 200);
  switch (block.kind) {
    case "heading": {
      const heading = literal(block.text);
      if (needsLiteralRendering(heading)) return texts(heading, { size: "Large", weight: "Bolder" });
      const [first, ...rest] = splitText(plainText(heading), maxBytes - 200);
      return [
        [textBlock(first ?? "", { size: "Large", weight: "Bolder", style: "heading" })],
        ...rest.map((piece) => [textBlock(piece, { size: "Large", weight: "Bolder" })]),
      ];
    }
    case "text":
      return texts(block.text, {});
    case "context":
      return texts(block.text, { isSubtle: true, size: "Small" });
    case "fields":
      return factUnits(block.fields, maxBytes - 200);
    case "progress": {
      const elements = progressElements(block);
      return byteLength(elements) <= maxBytes ? [elements] : texts(literal(block.text), {});
    }
    case "actions":
      return chunk(
        block.buttons.map(submitAction),
        (group) => byteLength(group) < maxBytes - 200,
        MAX_BUTTONS_PER_SET,
      ).map((actions) => [{ type: "ActionSet", actions }]);
    case "image": {
      const title = textElements(`*${literal(block.title)}*`);
      if (block.png.length > 0) {
        const image: CardElement = {
          type: "Image",
          url: `data:image/png;base64,${Buffer.from(block.png).toString("base64")}`,
          altText: plainText(block.alt),
          size: "Stretch",
        };
        if (byteLength([...title, image]) <= maxBytes) return [[...title, image]];
      }
      // too large for a message (or no picture): the text alternative says everything the chart says
      return [title, ...texts(literal(block.alt), {})];
    }
    case "divider":
      return [];
  }
}

interface Unit {
  elements: CardElement[];
  separator: boolean;
}

function withSeparator(elements: CardElement[]): CardElement[] {
  const [first, ...rest] = elements;
  return [{ ...first, separator: true, spacing: "Medium" }, ...rest];
}

/** Blocks as one or more card messages, each within the budget. */
export function renderBlocks(blocks: Block[], summaryText: string, options: RenderOptions = {}): CardMessage[] {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const summary = summarize(summaryText);
  const base = byteLength(toActivity({ summary: `${summary} (99/99)`, card: card([], summary) }));
  const unitBudget = budget - base - PAGE_MARK_RESERVE;
  if (unitBudget < 1_000) throw new Error(`budget of ${budget} bytes is too small for a card`);

  const units: Unit[] = [];
  let separator = false;
  for (const block of blocks) {
    if (block.kind === "divider") {
      separator = units.length > 0;
      continue;
    }
    blockUnits(block, unitBudget).forEach((elements, i) => {
      if (elements.length > 0) units.push({ elements, separator: separator && i === 0 });
    });
    separator = false;
  }
  if (units.length === 0)
    for (const elements of textUnits(summaryText.trim() ? summaryText : " ", {}, unitBudget))
      units.push({ elements, separator: false });

  const pages: CardElement[][] = [];
  let current: CardElement[] = [];
  let used = 0;
  for (const unit of units) {
    const joined = unit.separator && current.length > 0 ? withSeparator(unit.elements) : unit.elements;
    const size = joined.reduce((sum, e) => sum + byteLength(e) + 1, 0);
    if (current.length > 0 && used + size > unitBudget) {
      pages.push(current);
      current = [...unit.elements];
      used = unit.elements.reduce((sum, e) => sum + byteLength(e) + 1, 0);
    } else {
      current.push(...joined);
      used += size;
    }
  }
  if (current.length > 0) pages.push(current);

  return pages.map((body, i) => {
    if (pages.length === 1) return { summary, card: card(body, summary) };
    const mark = `(${i + 1}/${pages.length})`;
    return {
      summary: `${summary} ${mark}`,
      card: card([...body, textBlock(mark, { isSubtle: true, size: "Small", horizontalAlignment: "Right" })], summary),
    };
  });
}

const REQUIRED_MESSAGE = {
  sv: (label: string) => (label ? `Fyll i: ${label}` : "Fyll i fältet."),
  en: (label: string) => (label ? `Please fill in: ${label}` : "Please fill in this field."),
};

/** Plain text that some renderers read as Markdown (choice titles, input errors) where Markdown could read something in it. */
const markdownProne = (text: string) => needsLiteralRendering(literal(text));

function fieldInput(field: FormField, lang: Lang): CardElement {
  const id = `${FIELD_PREFIX}${field.name}`;
  // a field whose need depends on another (requiredWhen) says so in its label, as in Slack and the console
  const when = "requiredWhen" in field && field.requiredWhen ? ` (${plainText(field.requiredWhen)})` : "";
  const label = `${plainText(field.label)}${when}`;
  const common = {
    id,
    label,
    // an input's error message is a Markdown TextBlock in some renderers: it names the field only when that is safe
    ...(field.required
      ? { isRequired: true, errorMessage: REQUIRED_MESSAGE[lang](markdownProne(label) ? "" : label) }
      : {}),
  };
  const choices = (options: { label: string; value: string }[]) =>
    options.map((o) => ({ title: plainText(o.label), value: o.value }));
  // radio buttons and checkboxes have Markdown labels in some renderers, a drop-down list has not
  const prone = (options: { label: string }[]) => options.some((o) => markdownProne(plainText(o.label)));
  switch (field.kind) {
    case "choice": {
      const initial = Array.isArray(field.initial) ? field.initial.join(",") : field.initial;
      return {
        type: "Input.ChoiceSet",
        ...common,
        style: !field.multiple && field.options.length <= 3 && !prone(field.options) ? "expanded" : "compact",
        ...(field.multiple ? { isMultiSelect: true } : {}),
        choices: choices(field.options),
        ...(initial ? { value: initial } : {}),
      };
    }
    case "people":
      return {
        type: "Input.ChoiceSet",
        ...common,
        style: "compact",
        isMultiSelect: true,
        choices: choices(field.options),
      };
    case "number":
      return {
        type: "Input.Number",
        ...common,
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
        ...(field.placeholder ? { placeholder: plainText(field.placeholder) } : {}),
        ...(field.initial !== undefined ? { value: field.initial } : {}),
      };
    case "date":
      return { type: "Input.Date", ...common, ...(field.initial ? { value: field.initial } : {}) };
    case "text":
      return {
        type: "Input.Text",
        ...common,
        ...(field.multiline ? { isMultiline: true } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(field.placeholder ? { placeholder: plainText(field.placeholder) } : {}),
        ...(field.initial ? { value: field.initial } : {}),
      };
  }
}

/** A form as one card: inputs with labels, each refused field's error right under it, one submit. */
export function renderForm(form: FormSpec, options: RenderOptions = {}): CardMessage {
  const lang = options.lang ?? "sv";
  const errors = form.errors ?? {};
  const fieldNames = new Set(form.fields.map((f) => f.name));
  const attention = (text: string): CardElement[] =>
    textElements(text, { color: "Attention", spacing: "Small", size: "Small", weight: "Bolder" });
  const title = literal(form.title);
  const body: CardElement[] = needsLiteralRendering(title)
    ? textElements(title, { size: "Large", weight: "Bolder" })
    : [textBlock(plainText(title), { size: "Large", weight: "Bolder", style: "heading" })];
  if (form.intro) body.push(...textElements(form.intro, { isSubtle: true }));
  for (const [name, message] of Object.entries(errors)) if (!fieldNames.has(name)) body.push(...attention(message));
  for (const field of form.fields) {
    body.push(fieldInput(field, lang));
    if (errors[field.name]) body.push(...attention(errors[field.name]));
  }
  const data: FormData = {
    lb: FORM_VERB,
    formId: form.id,
    state: form.state,
    multi: form.fields.filter((f) => f.kind === "people" || (f.kind === "choice" && f.multiple)).map((f) => f.name),
  };
  const errorText = Object.values(errors).join(" ");
  const summary = summarize(errorText ? `${literal(form.title)}: ${errorText}` : literal(form.title));
  return {
    summary,
    card: card(body, summary, [{ type: "Action.Submit", title: plainText(form.submitLabel), style: "positive", data }]),
  };
}

/** A whole reply: its blocks (paged) and then its form, if any. */
export function renderReply(reply: Reply, options: RenderOptions = {}): CardMessage[] {
  const form = reply.form;
  // "logga" without text answers with the form's title and the form: the form card says it all
  const onlyTitle = form && reply.blocks.every((b) => b.kind === "text" && b.text === form.title);
  const messages = onlyTitle ? [] : renderBlocks(reply.blocks, reply.text, options);
  if (form) messages.push(renderForm(form, options));
  return messages;
}

/** A plain-text message (the fallback when a card cannot be used), split to stay within the limit. */
export function plainTextMessages(text: string, budget = DEFAULT_BUDGET_BYTES): { type: "message"; text: string }[] {
  return splitText(text, Math.floor(budget / 2)).map((piece) => ({ type: "message", text: piece }));
}

/**
 * The activities to send for a reply: one per card message. A card that is
 * still too large (only a form can be) is sent as plain text instead.
 */
export function outgoingActivities(reply: Reply, options: RenderOptions = {}): object[] {
  const budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const activities: object[] = [];
  for (const message of renderReply(reply, options)) {
    const activity = toActivity(message);
    if (byteLength(activity) <= budget) activities.push(activity);
    else activities.push(...plainTextMessages(message.summary, budget));
  }
  return activities;
}
