// The neutral reply model as Adaptive Cards 1.5 for Teams (pure functions).
// Every message is one card plus a plain-text summary (notifications, screen
// readers, clients without cards); a reply that would not fit in one message
// (40 KB, Teams refuses ~100 KB) is split over several, never cut.
import type { Lang } from "../../src/domain/lang.js";
import type { Block, Button, FormField, FormSpec, Reply } from "../../src/core/reply.js";

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
  const plain = text
    .replace(/\*([^*\n]+)\*/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
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
  const data: ActionData = { lb: ACTION_VERB, id: button.action.id, value: button.action.value };
  return {
    type: "Action.Submit",
    title: button.label,
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
    textBlock(`**${block.label}** · ${percent} %`, { spacing: "Medium" }),
    // the bar is decoration only (empty columns say nothing to a screen reader);
    // the text below carries all of it
    { type: "ColumnSet", spacing: "Small", columns },
    textBlock(markdown(block.text), { spacing: "Small" }),
  ];
}

/** One block as units: element groups that stay in one message; a large block becomes several. */
function blockUnits(block: Block, maxBytes: number): CardElement[][] {
  const texts = (text: string, extra: Record<string, unknown>) =>
    splitText(text, maxBytes - 200).map((piece) => [textBlock(markdown(piece), extra)]);
  switch (block.kind) {
    case "heading": {
      const [first, ...rest] = splitText(block.text, maxBytes - 200);
      return [
        [textBlock(first ?? "", { size: "Large", weight: "Bolder", style: "heading" })],
        ...rest.map((piece) => [textBlock(piece, { size: "Large", weight: "Bolder" })]),
      ];
    }
    case "text":
      return texts(block.text, {});
    case "context":
      return texts(block.text, { isSubtle: true, size: "Small" });
    case "fields": {
      const units: CardElement[][] = [];
      const facts = block.fields.map((f) => ({ title: f.label, value: f.value }));
      const small = facts.filter((f) => byteLength(f) < maxBytes - 200);
      for (const group of chunk(small, (g) => byteLength(g) < maxBytes - 200))
        units.push([{ type: "FactSet", facts: group }]);
      for (const big of facts.filter((f) => byteLength(f) >= maxBytes - 200))
        units.push(...texts(`*${big.title}*: ${big.value}`, {}));
      return units;
    }
    case "progress": {
      const elements = progressElements(block);
      return byteLength(elements) <= maxBytes ? [elements] : texts(block.text, {});
    }
    case "actions":
      return chunk(
        block.buttons.map(submitAction),
        (group) => byteLength(group) < maxBytes - 200,
        MAX_BUTTONS_PER_SET,
      ).map((actions) => [{ type: "ActionSet", actions }]);
    case "image": {
      const title = textBlock(`**${block.title}**`);
      if (block.png.length > 0) {
        const image: CardElement = {
          type: "Image",
          url: `data:image/png;base64,${Buffer.from(block.png).toString("base64")}`,
          altText: block.alt,
          size: "Stretch",
        };
        if (byteLength([title, image]) <= maxBytes) return [[title, image]];
      }
      // too large for a message (or no picture): the text alternative says everything the chart says
      return [[title], ...texts(block.alt, {})];
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
  if (units.length === 0) units.push({ elements: [textBlock(markdown(summaryText || " "))], separator: false });

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
  sv: (label: string) => `Fyll i: ${label}`,
  en: (label: string) => `Please fill in: ${label}`,
};

function fieldInput(field: FormField, lang: Lang): CardElement {
  const id = `${FIELD_PREFIX}${field.name}`;
  const common = {
    id,
    label: field.label,
    ...(field.required ? { isRequired: true, errorMessage: REQUIRED_MESSAGE[lang](field.label) } : {}),
  };
  switch (field.kind) {
    case "choice": {
      const initial = Array.isArray(field.initial) ? field.initial.join(",") : field.initial;
      return {
        type: "Input.ChoiceSet",
        ...common,
        style: !field.multiple && field.options.length <= 3 ? "expanded" : "compact",
        ...(field.multiple ? { isMultiSelect: true } : {}),
        choices: field.options.map((o) => ({ title: o.label, value: o.value })),
        ...(initial ? { value: initial } : {}),
      };
    }
    case "people":
      return {
        type: "Input.ChoiceSet",
        ...common,
        style: "compact",
        isMultiSelect: true,
        choices: field.options.map((o) => ({ title: o.label, value: o.value })),
      };
    case "number":
      return {
        type: "Input.Number",
        ...common,
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
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
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(field.initial ? { value: field.initial } : {}),
      };
  }
}

/** A form as one card: inputs with labels, each refused field's error right under it, one submit. */
export function renderForm(form: FormSpec, options: RenderOptions = {}): CardMessage {
  const lang = options.lang ?? "sv";
  const errors = form.errors ?? {};
  const fieldNames = new Set(form.fields.map((f) => f.name));
  const attention = (text: string): CardElement =>
    textBlock(markdown(text), { color: "Attention", spacing: "Small", size: "Small", weight: "Bolder" });
  const body: CardElement[] = [textBlock(form.title, { size: "Large", weight: "Bolder", style: "heading" })];
  if (form.intro) body.push(textBlock(markdown(form.intro), { isSubtle: true }));
  for (const [name, message] of Object.entries(errors)) if (!fieldNames.has(name)) body.push(attention(message));
  for (const field of form.fields) {
    body.push(fieldInput(field, lang));
    if (errors[field.name]) body.push(attention(errors[field.name]));
  }
  const data: FormData = {
    lb: FORM_VERB,
    formId: form.id,
    state: form.state,
    multi: form.fields.filter((f) => f.kind === "people" || (f.kind === "choice" && f.multiple)).map((f) => f.name),
  };
  const errorText = Object.values(errors).join(" ");
  const summary = summarize(errorText ? `${form.title}: ${errorText}` : form.title);
  return {
    summary,
    card: card(body, summary, [{ type: "Action.Submit", title: form.submitLabel, style: "positive", data }]),
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
