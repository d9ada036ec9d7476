// Plain-text rendering of the neutral reply model for the console. Buttons
// are numbered so that typing the number presses them.
import { type Button, type FormField, progressBar, type Reply } from "../../src/core/reply.js";

export interface RenderedText {
  text: string;
  buttons: Button[];
}

export function renderReplyText(reply: Reply): RenderedText {
  const lines: string[] = [];
  const buttons: Button[] = [];
  for (const block of reply.blocks) {
    switch (block.kind) {
      case "heading":
        lines.push(`== ${block.text} ==`);
        break;
      case "text":
        lines.push(block.text.replace(/\*([^*\n]+)\*/g, "$1"));
        break;
      case "context":
        lines.push(`  ${block.text.replace(/\*([^*\n]+)\*/g, "$1")}`);
        break;
      case "fields":
        for (const f of block.fields) lines.push(`${f.label}: ${f.value}`);
        break;
      case "progress":
        lines.push(`${progressBar(block.done, block.target)} ${block.text}`);
        break;
      case "divider":
        lines.push("");
        break;
      case "actions":
        lines.push(
          block.buttons
            .map((b) => {
              buttons.push(b);
              return `[${buttons.length}] ${b.label}`;
            })
            .join("   "),
        );
        break;
      case "image":
        lines.push(`(${block.title}: ${block.alt})`);
        break;
    }
  }
  if (lines.length === 0) lines.push(reply.text);
  return { text: lines.join("\n"), buttons };
}

/** The question the console asks for one form field. */
export function fieldPrompt(field: FormField): string {
  const initial = initialText(field);
  const optional = initial
    ? ` [${initial}] (tom rad behåller)`
    : "required" in field && field.required
      ? ""
      : " (valfritt, tom rad hoppar över)";
  switch (field.kind) {
    case "choice":
    case "people": {
      const options = field.options.map((o, i) => `  ${i + 1}. ${o.label}`).join("\n");
      const multi = field.kind === "people" || ("multiple" in field && field.multiple) ? " – flera med komma" : "";
      return `${field.label}${optional}${multi}:\n${options}`;
    }
    case "date":
      return `${field.label} (ÅÅÅÅ-MM-DD)${optional}:`;
    default:
      return `${field.label}${optional}:`;
  }
}

/** A field's pre-filled value as text (choices by their label), or "" when it has none. */
export function initialText(field: FormField): string {
  if (field.kind === "people" || !("initial" in field) || field.initial === undefined || field.initial === "")
    return "";
  if (field.kind === "choice") {
    const values = Array.isArray(field.initial) ? field.initial : [field.initial];
    return values.map((v) => field.options.find((o) => o.value === v)?.label ?? v).join(", ");
  }
  return String(field.initial);
}
