// A FormSpec of the reply model as a Slack modal, and a submitted modal's
// state back as FormValues. Block ids and action ids are the field names, so
// the core's field errors map straight onto `response_action: "errors"`.
// Titles, labels, options and errors are plain_text (Slack parses none of it;
// the errors go without our *bold* and `code` marks);
// the intro and the errors shown above their fields are reply text, rendered as
// in messages (renderBlocks.ts), so a person's text in them is shown as written.
import type { types } from "@slack/bolt";
import {
  type Choice,
  type FormField,
  type FormSpec,
  type FormValues,
  plainText,
  unstyled,
} from "../../src/core/reply.js";
import { escapeMrkdwn, mrkdwn, needsLiteralRendering, SLACK_LIMITS, sections, truncate } from "./renderBlocks.js";

export const FORM_CALLBACK_ID = "lb-form";

/** What the modal carries through Slack and back (private_metadata). */
export interface FormMetadata {
  /** form id */
  f: string;
  /** the core's opaque state */
  s: string;
  /** the channel the form was opened from (for the ephemeral answer) */
  c?: string;
  /** key of the state kept in memory when it does not fit private_metadata */
  k?: string;
}

export function encodeMetadata(meta: FormMetadata): string {
  return JSON.stringify(meta);
}

export function decodeMetadata(text: string | undefined): FormMetadata | null {
  try {
    const meta = JSON.parse(text ?? "") as FormMetadata;
    return typeof meta?.f === "string" ? meta : null;
  } catch {
    return null;
  }
}

const plain = (text: string, max: number): types.PlainTextElement => ({
  type: "plain_text",
  text: truncate(plainText(text).replace(/\s+/g, " ").trim() || "…", max),
  emoji: true,
});

function option(choice: Choice): types.PlainTextOption {
  return { text: plain(choice.label, SLACK_LIMITS.optionText), value: choice.value.slice(0, SLACK_LIMITS.optionValue) };
}

type OptionGroup = { label: types.PlainTextElement; options: types.PlainTextOption[] };

function selectOptions(choices: Choice[]): { options: types.PlainTextOption[] } | { option_groups: OptionGroup[] } {
  const all = choices.map(option);
  if (all.length <= SLACK_LIMITS.optionsPerSelect) return { options: all };
  const groups: OptionGroup[] = [];
  for (let i = 0; i < all.length && groups.length < SLACK_LIMITS.optionsPerSelect; i += SLACK_LIMITS.optionsPerSelect) {
    const part = all.slice(i, i + SLACK_LIMITS.optionsPerSelect);
    const label = `${part[0].text.text.slice(0, 30)} – ${part[part.length - 1].text.text.slice(0, 30)}`;
    groups.push({ label: plain(label, SLACK_LIMITS.optionText), options: part });
  }
  return { option_groups: groups };
}

const isInteger = (n: number | undefined) => n === undefined || Number.isInteger(n);

function element(field: FormField): types.InputBlockElement {
  const id = field.name;
  switch (field.kind) {
    case "choice": {
      const choices = selectOptions(field.options);
      const known = (value: string) => field.options.find((o) => o.value === value);
      if (field.multiple) {
        const initial = (Array.isArray(field.initial) ? field.initial : field.initial ? [field.initial] : [])
          .map(known)
          .filter((c): c is Choice => c !== undefined);
        return {
          type: "multi_static_select",
          action_id: id,
          ...choices,
          ...(initial.length > 0 ? { initial_options: initial.map(option) } : {}),
        };
      }
      const initial = typeof field.initial === "string" ? known(field.initial) : undefined;
      return {
        type: "static_select",
        action_id: id,
        ...choices,
        ...(initial ? { initial_option: option(initial) } : {}),
      };
    }
    case "number": {
      const el: types.NumberInput = {
        type: "number_input",
        action_id: id,
        // the reply model says nothing about integers: whole numbers only for a bounded whole range (a count, 1–100)
        is_decimal_allowed: !(
          field.min !== undefined &&
          field.max !== undefined &&
          isInteger(field.min) &&
          isInteger(field.max) &&
          isInteger(field.initial)
        ),
      };
      if (field.min !== undefined) el.min_value = String(field.min);
      if (field.max !== undefined) el.max_value = String(field.max);
      if (field.initial !== undefined) el.initial_value = String(field.initial);
      if (field.placeholder) el.placeholder = plain(field.placeholder, SLACK_LIMITS.placeholder);
      return el;
    }
    case "date": {
      const el: types.Datepicker = { type: "datepicker", action_id: id };
      if (field.initial && /^\d{4}-\d{2}-\d{2}$/.test(field.initial)) el.initial_date = field.initial;
      return el;
    }
    case "text": {
      const max = Math.min(field.maxLength ?? SLACK_LIMITS.plainTextInput, SLACK_LIMITS.plainTextInput);
      const el: types.PlainTextInput = { type: "plain_text_input", action_id: id, multiline: field.multiline ?? false };
      el.max_length = max;
      if (field.initial) el.initial_value = field.initial.slice(0, max);
      if (field.placeholder) el.placeholder = plain(field.placeholder, SLACK_LIMITS.placeholder);
      return el;
    }
    case "people":
      // Slack's own user picker; the adapter maps the Slack user ids back to people on submit
      return { type: "multi_users_select", action_id: id };
  }
}

function optional(field: FormField): boolean {
  return !field.required;
}

/** The form as a modal view; `metadata` is the encoded FormMetadata (≤ 3000 characters). */
export function renderModal(form: FormSpec, metadata: string, closeLabel: string): types.ModalView {
  const blocks: types.KnownBlock[] = [];
  if (form.intro) blocks.push(...(sections(form.intro) as types.KnownBlock[]));
  for (const field of form.fields) {
    if (blocks.length >= SLACK_LIMITS.blocksPerModal - 1) break;
    const error = form.errors?.[field.name];
    if (error)
      blocks.push({
        type: "context",
        elements: [
          needsLiteralRendering(error)
            ? { type: "plain_text", text: `⚠️ ${truncate(unstyled(error), 2900)}`, emoji: true }
            : mrkdwn(`⚠️ ${escapeMrkdwn(truncate(plainText(error), 2900))}`),
        ],
      });
    blocks.push({
      type: "input",
      block_id: field.name.slice(0, SLACK_LIMITS.blockId),
      // a field required depending on another says when (Slack marks it "optional" all the same)
      label: plain(
        "requiredWhen" in field && field.requiredWhen ? `${field.label} (${field.requiredWhen})` : field.label,
        SLACK_LIMITS.inputLabel,
      ),
      optional: optional(field),
      element: element(field),
    });
  }
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, SLACK_LIMITS.modalTitle),
    submit: plain(form.submitLabel, SLACK_LIMITS.modalButton),
    close: plain(closeLabel, SLACK_LIMITS.modalButton),
    private_metadata: metadata,
    blocks,
  };
}

/** A submitted input element, as Slack sends it in `view.state.values`. */
export interface SlackStateValue {
  type: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_users?: string[];
}

/**
 * The modal's state as form values. Values of user pickers are Slack user
 * ids; `mapUsers` turns them into person ids (the adapter's identity job).
 */
export function readViewState(
  values: Record<string, Record<string, SlackStateValue>>,
  mapUsers: (slackUserIds: string[]) => string[],
): FormValues {
  const out: FormValues = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    const input = actions?.[blockId] ?? Object.values(actions ?? {})[0];
    if (!input) continue;
    switch (input.type) {
      case "static_select":
        out[blockId] = input.selected_option?.value ?? undefined;
        break;
      case "multi_static_select":
        out[blockId] = (input.selected_options ?? []).map((o) => o.value);
        break;
      case "datepicker":
        out[blockId] = input.selected_date ?? undefined;
        break;
      case "multi_users_select":
        out[blockId] = mapUsers(input.selected_users ?? []);
        break;
      default:
        out[blockId] = input.value ?? undefined;
    }
  }
  return out;
}

/**
 * The core's field errors as Slack's `errors` map: keys must be block ids of
 * input blocks, so an error for a field the modal does not show goes to the
 * first field.
 */
export function modalErrors(errors: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, message] of Object.entries(errors)) {
    const key = names.includes(name) ? name : names[0];
    if (!key) continue;
    // Slack shows these as plain text: without our *bold* and `code` marks
    const text = unstyled(message);
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  for (const key of Object.keys(out)) out[key] = truncate(out[key], 2000);
  return out;
}
