// Plain-text rendering of the neutral reply model for the console. Buttons
// are numbered so that typing the number presses them. Every character is
// shown as written (our *bold* markers dropped), and nothing reaches the
// terminal that could drive it: control characters (ESC sequences, carriage
// returns, bells) and bidirectional overrides are removed from all output.
import {
  type Button,
  type FormField,
  type FormSpec,
  plainText,
  progressBar,
  type Reply,
  unmarked,
} from "../../src/core/reply.js";

// C0 controls but tab and line feed, DEL, C1 controls (8-bit CSI, OSC …), and the bidirectional embeddings, overrides and isolates
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text made safe for a terminal: line breaks and tabs stay, every other control character goes. */
export function terminalText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(TERMINAL_UNSAFE, "");
}

export interface RenderedText {
  text: string;
  buttons: Button[];
}

/** A button as a message kept for later shows it (by name, no number: it cannot be pressed there), e.g. "[Svara]". */
export const KEPT_BUTTON = /^\[[^\]\d][^\]]*\](?: {3}\[[^\]]+\])*$/m;

/**
 * The reply as plain text with its buttons numbered (typing the number presses one) — or,
 * `numbered: false` for a message kept in the console inbox, by name only (`[Svara]`): read
 * later, no number would press anything.
 */
export function renderReplyText(reply: Reply, options: { numbered?: boolean } = {}): RenderedText {
  const numbered = options.numbered !== false;
  const lines: string[] = [];
  const buttons: Button[] = [];
  for (const block of reply.blocks) {
    switch (block.kind) {
      case "heading":
        lines.push(`== ${plainText(block.text)} ==`);
        break;
      case "text":
        lines.push(unmarked(block.text));
        break;
      case "context":
        lines.push(`  ${unmarked(block.text)}`);
        break;
      case "fields":
        for (const f of block.fields) lines.push(`${plainText(f.label)}: ${plainText(f.value)}`);
        break;
      case "progress":
        lines.push(`${progressBar(block.done, block.target)} ${plainText(block.text)}`);
        break;
      case "divider":
        lines.push("");
        break;
      case "actions":
        lines.push(
          block.buttons
            .map((b) => {
              if (!numbered) return `[${plainText(b.label)}]`;
              buttons.push(b);
              return `[${buttons.length}] ${plainText(b.label)}`;
            })
            .join("   "),
        );
        break;
      case "image":
        lines.push(`(${plainText(block.title)}: ${plainText(block.alt)})`);
        break;
    }
  }
  if (lines.length === 0) lines.push(unmarked(reply.text));
  return { text: terminalText(lines.join("\n")), buttons };
}

/** A form's title and introduction, as the console shows them before its fields. */
export function formHeader(form: FormSpec): string {
  const hint = form.lineInputHint ? `\n${unmarked(form.lineInputHint)}` : "";
  return terminalText(`-- ${plainText(form.title)} --${form.intro ? `\n${unmarked(form.intro)}` : ""}${hint}`);
}

/** A refused field's error message. */
export function fieldError(message: string): string {
  return terminalText(`! ${unmarked(message)}`);
}

/** The console's own hints around a form field, in the person's language. */
const HINTS = {
  sv: {
    keep: "tom rad behåller",
    optional: "valfritt, tom rad hoppar över",
    date: "ÅÅÅÅ-MM-DD",
    several: "flera med komma",
  },
  en: {
    keep: "empty line keeps it",
    optional: "optional, empty line skips",
    date: "YYYY-MM-DD",
    several: "several with commas",
  },
} as const;

/** The question the console asks for one form field, with its hints in the person's language. */
export function fieldPrompt(field: FormField, lang: "sv" | "en" = "sv"): string {
  return terminalText(prompt(field, HINTS[lang]));
}

function prompt(field: FormField, hints: (typeof HINTS)[keyof typeof HINTS]): string {
  const label = plainText(field.label);
  const initial = initialText(field);
  const optional = initial
    ? ` [${initial}] (${hints.keep})`
    : "required" in field && field.required
      ? ""
      : "requiredWhen" in field && field.requiredWhen
        ? ` (${plainText(field.requiredWhen)})`
        : ` (${hints.optional})`;
  switch (field.kind) {
    case "choice":
    case "people": {
      const options = field.options.map((o, i) => `  ${i + 1}. ${plainText(o.label)}`).join("\n");
      const multi = field.kind === "people" || ("multiple" in field && field.multiple) ? ` – ${hints.several}` : "";
      return `${label}${optional}${multi}:\n${options}`;
    }
    case "date":
      return `${label} (${hints.date})${optional}:`;
    default:
      return `${label}${optional}:`;
  }
}

/** A field's pre-filled value as text (choices by their label), or "" when it has none. */
export function initialText(field: FormField): string {
  if (field.kind === "people" || !("initial" in field) || field.initial === undefined || field.initial === "")
    return "";
  if (field.kind === "choice") {
    const values = Array.isArray(field.initial) ? field.initial : [field.initial];
    return values.map((v) => plainText(field.options.find((o) => o.value === v)?.label ?? v)).join(", ");
  }
  return String(field.initial);
}
