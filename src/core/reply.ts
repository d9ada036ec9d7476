// The neutral reply model: what every use-case returns and every adapter
// renders (Block Kit for Slack, Adaptive Cards for Teams, plain text for the
// console). It carries meaning, not layout: adapters decide how it looks and
// how it is split to stay inside their platform's limits.
//
// Markup: only the text of `text` and `context` blocks, a form's intro and its
// error messages is reply text (replyText.ts): *bold*, `code` and line breaks
// of ours, and a person's text carried literal. Every other string here —
// headings, fields, progress labels and texts, button and choice labels, form
// titles, alt texts — is plain text that renderers show exactly as written.
import { plainText, unmarked } from "./replyText.js";

export { literal, plainText, unmarked, unstyled } from "./replyText.js";

/** A button's effect, handled by the core when pressed (`Loftesbot.handleAction`). */
export interface Action {
  /** e.g. "undo", "choose-activity", "open-form" */
  id: string;
  /** opaque to adapters; at most ~1 900 characters so it fits Slack's button value */
  value: string;
}

export interface Button {
  label: string;
  action: Action;
  style?: "primary" | "danger";
  /**
   * Pressing it finishes the message it is on (an undo, the answer to a question the bot asked):
   * a platform that can may replace that message with the answer. Otherwise the answer is a new
   * message and the pressed one stays whole (an invitation's text, a digest's other buttons).
   */
  finishes?: true;
}

export type Block =
  /** plain text */
  | { kind: "heading"; text: string }
  /** reply text: may use *bold*, `code` and line breaks; a person's text in it is literal() */
  | { kind: "text"; text: string }
  /** plain text */
  | { kind: "fields"; fields: { label: string; value: string }[] }
  /** plain text; `text` is the complete text alternative (screen readers, plain text) */
  | { kind: "progress"; label: string; done: number; target: number; text: string }
  /** reply text, shown small */
  | { kind: "context"; text: string }
  | { kind: "divider" }
  | { kind: "actions"; buttons: Button[] }
  /** a chart; `alt` says everything the picture says */
  | { kind: "image"; png: Uint8Array; alt: string; title: string };

export interface Reply {
  /** plain-text summary: notifications, screen readers, the console's first line */
  text: string;
  blocks: Block[];
  /** when set, the adapter opens this form (modal / card) instead of, or after, the blocks */
  form?: FormSpec;
  /**
   * Who may read it where it was asked. Unset: only the person who asked — Slack answers
   * ephemerally, and Teams, which has no message for one person in a channel or group chat, sends
   * it to their personal chat with the bot and says so there. "conversation": the answer may be
   * read by everyone where it was asked, so Teams posts it there (Slack still answers
   * ephemerally); set only by the features whose answer is meant for the channel: a one-line
   * log's confirmation and its questions, binding the channel, help.
   */
  audience?: "conversation";
}

export interface Choice {
  value: string;
  label: string;
}

export type FormField =
  | {
      kind: "choice";
      name: string;
      label: string;
      options: Choice[];
      multiple?: boolean;
      required?: boolean;
      initial?: string | string[];
    }
  | {
      kind: "number";
      name: string;
      label: string;
      min?: number;
      max?: number;
      /** whole numbers only */
      integer?: boolean;
      required?: boolean;
      /** when the field is required depends on another (e.g. the activity's unit): said instead of "optional" */
      requiredWhen?: string;
      initial?: number;
      placeholder?: string;
    }
  | { kind: "date"; name: string; label: string; required?: boolean; initial?: string }
  | {
      kind: "text";
      name: string;
      label: string;
      multiline?: boolean;
      required?: boolean;
      /** when the field is required depends on another (e.g. the activity's unit): said instead of "optional" */
      requiredWhen?: string;
      initial?: string;
      placeholder?: string;
      maxLength?: number;
    }
  /** people of the organisation; platforms may show their own user picker */
  | { kind: "people"; name: string; label: string; required?: boolean; options: Choice[] };

export interface FormSpec {
  /** which form: "log", "promise", "poll", "poll-answer", … */
  id: string;
  title: string;
  submitLabel: string;
  /** short introduction above the fields (reply text) */
  intro?: string;
  /**
   * advice only for a client that asks the fields one line at a time (the console), e.g. how to
   * write several lines on one; chat platforms with real form fields do not show it
   */
  lineInputHint?: string;
  fields: FormField[];
  /** opaque state the core gets back on submit (e.g. the promise being edited) */
  state: string;
  /** field name → error message (reply text), when a submission was refused */
  errors?: Record<string, string>;
}

/** The values of a submitted form: one string, or several for multi-selects. */
export type FormValues = Record<string, string | string[] | undefined>;

export type FormOutcome =
  | { kind: "done"; reply: Reply }
  | { kind: "errors"; errors: Record<string, string>; form: FormSpec };

/** `reply` marked as meant for the conversation it was asked in (see Reply.audience). */
export function forConversation(reply: Reply): Reply {
  return { ...reply, audience: "conversation" };
}

export function textReply(text: string, extra: Block[] = []): Reply {
  return { text, blocks: [{ kind: "text", text }, ...extra] };
}

/** A whole reply as plain text: the console's rendering and every platform's fallback. */
export function replyAsPlainText(reply: Reply): string {
  const lines: string[] = [];
  for (const block of reply.blocks) {
    switch (block.kind) {
      case "heading":
        lines.push(block.text.toUpperCase() === block.text ? block.text : `== ${block.text} ==`);
        break;
      case "text":
      case "context":
        lines.push(unmarked(block.text));
        break;
      case "fields":
        for (const f of block.fields) lines.push(`${f.label}: ${f.value}`);
        break;
      case "progress":
        lines.push(block.text);
        break;
      case "divider":
        lines.push("");
        break;
      case "actions":
        lines.push(block.buttons.map((b) => `[${b.label}]`).join(" "));
        break;
      case "image":
        lines.push(`(${block.alt})`);
        break;
    }
  }
  if (lines.length === 0) lines.push(reply.text);
  // plain strings may hold stand-ins too (a translation's params): every character as written
  return plainText(lines.join("\n"));
}

/** A text progress bar, e.g. "▓▓▓▓▓▓░░░░" for 60 %. */
export function progressBar(done: number, target: number, width = 10): string {
  const share = target > 0 ? Math.max(0, Math.min(1, done / target)) : 0;
  const filled = Math.round(share * width);
  return "▓".repeat(filled) + "░".repeat(width - filled);
}

/** A button that opens the form of a command (value: the command's name, e.g. "logga"). */
export const OPEN_FORM_ACTION = "open-form";

/**
 * A label of at most `max` characters: `main` shortened with "…" when needed, `suffix` (a unit in
 * parentheses, a kommun, an id) always whole — never "… Skolvägen (tillfällen".
 */
export function fitLabel(main: string, suffix: string, max: number): string {
  const chars = [...main];
  const room = max - [...suffix].length;
  if (chars.length <= room) return `${main}${suffix}`;
  return `${chars
    .slice(0, Math.max(1, room - 1))
    .join("")
    .trimEnd()}…${suffix}`;
}
