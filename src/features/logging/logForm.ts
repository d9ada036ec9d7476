// The log form (`/logga` without text): the person's activities, day,
// duration or count, others and a note. A submission goes through the same
// parser and rules as the one-line log; a refusal comes back as an error on
// the field it belongs to.
import type { Actor } from "../../domain/organisation.js";
import type { Platform } from "../../domain/platform.js";
import { translator } from "../../i18n/index.js";
import { type Choice, type FormSpec, type FormValues, fitLabel, type Reply } from "../../core/reply.js";
import { type CoreContext, today } from "../../core/context.js";
import { logWork } from "./logLine.js";
import type { LogRefusal } from "./refusal.js";

export const LOG_FORM = "log";

/** The log form: the person's activities, day, duration or count, others, note. */
export async function logForm(
  ctx: CoreContext,
  actor: Actor,
  errors?: Record<string, string>,
  values?: FormValues,
): Promise<FormSpec> {
  const t = translator(actor.lang);
  const day = today(ctx);
  const activities = await ctx.organisation.activitiesInScope(actor, day);
  const people = await ctx.organisation.peopleOfLpo(actor.lpoId);
  const options: Choice[] = activities.map((a) => ({
    value: a.id,
    label: fitLabel(`${a.code} ${a.name}`, ` (${t(`unit.${a.unit}` as "unit.timmar")})`, 75),
  }));
  const str = (name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : undefined);
  return {
    id: LOG_FORM,
    title: t("log.form.title"),
    submitLabel: t("log.form.submit"),
    intro: t("log.form.intro"),
    state: "",
    errors,
    fields: [
      {
        kind: "choice",
        name: "activity",
        label: t("log.form.activity"),
        options,
        required: true,
        initial: str("activity"),
      },
      { kind: "date", name: "day", label: t("log.form.day"), required: true, initial: str("day") ?? day },
      {
        kind: "text",
        name: "duration",
        label: t("log.form.duration"),
        // required for an hours activity, not for occasions: never said to be optional
        requiredWhen: t("log.form.durationRequiredWhen"),
        placeholder: "1,5h",
        initial: str("duration"),
        maxLength: 20,
      },
      { kind: "number", name: "count", label: t("log.form.count"), min: 1, max: 100, integer: true, placeholder: "1" },
      {
        kind: "people",
        name: "others",
        label: t("log.form.others"),
        options: people.filter((p) => p.id !== actor.id).map((p) => ({ value: p.id, label: p.name })),
      },
      { kind: "text", name: "note", label: t("log.form.note"), multiline: true, maxLength: 500, initial: str("note") },
    ],
  };
}

/** Which form field an error from the one-line parser belongs to. */
function fieldOf(error: LogRefusal): string {
  switch (error.code) {
    case "missing-duration":
    case "duration-out-of-range":
    case "two-durations":
    case "unclear-minutes":
      return "duration";
    case "count-out-of-range":
    case "two-counts":
      return "count";
    case "bad-amount":
      return error.amount === "duration" ? "duration" : "count";
    case "future-day":
    case "too-early":
    case "bad-day":
    case "two-days":
    case "unclear-number":
      return "day";
    case "unknown-mention":
      return "others";
    default:
      return "activity";
  }
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
}

/**
 * A submitted log form goes through the same parser and rules as the
 * one-liner: the fields are written as a line for the chosen activity.
 */
export async function submitLogForm(
  ctx: CoreContext,
  actor: Actor,
  values: FormValues,
  platform: Platform,
): Promise<{ kind: "done"; reply: Reply } | { kind: "errors"; errors: Record<string, string> }> {
  const t = translator(actor.lang);
  const activityId = single(values.activity);
  if (!activityId) return { kind: "errors", errors: { activity: t("log.form.activityRequired") } };
  const duration = single(values.duration);
  const count = single(values.count);
  const day = single(values.day);
  const note = single(values.note).replace(/\s+/g, " ");
  const others = (Array.isArray(values.others) ? values.others : single(values.others).split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  const line = [day, duration && !/[a-zåäö:]/i.test(duration) ? `${duration}h` : duration, count ? `${count}st` : ""]
    .filter(Boolean)
    .join(" ");
  const outcome = await logWork(ctx, {
    actor,
    line,
    platform,
    source: "form",
    activityId,
    othersById: others,
    note,
  });
  if (outcome.kind !== "refused") return { kind: "done", reply: outcome.reply };
  const message = outcome.reply.text;
  return { kind: "errors", errors: { [fieldOf(outcome.error)]: message } };
}
