// The follow-up form (`/uppfoljning` without text): a kommun of the reader's
// LPO and a period as typed in the command. Its state is always empty; a
// valid submission becomes the command's arguments (command.ts).
import { dayInZone } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import type { FormSpec, FormValues } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { parseFollowUpPeriod } from "./followUpPeriod.js";
import { kommunerOfLpo, matchKommun } from "./scope.js";

export const FOLLOW_UP_FORM = "followup";

export async function followUpForm(
  ctx: CoreContext,
  actor: Actor,
  errors?: Record<string, string>,
  values?: FormValues,
): Promise<FormSpec> {
  const t = translator(actor.lang);
  const kommuner = await kommunerOfLpo(ctx, actor.lpoId);
  const initialKommun = typeof values?.kommun === "string" ? values.kommun : kommuner[0]?.id;
  return {
    id: FOLLOW_UP_FORM,
    title: t("followup.form.title"),
    submitLabel: t("followup.form.submit"),
    intro: t("followup.form.intro"),
    state: "",
    fields: [
      {
        kind: "choice",
        name: "kommun",
        label: t("followup.form.kommun"),
        options: kommuner.map((k) => ({ value: k.id, label: k.name })),
        required: true,
        ...(initialKommun ? { initial: initialKommun } : {}),
      },
      {
        kind: "text",
        name: "period",
        label: t("followup.form.period"),
        placeholder: "2026-11, 2026-Q3, v47, 2026-03-01..2026-08-31",
        maxLength: 40,
        ...(typeof values?.period === "string" ? { initial: values.period } : {}),
      },
    ],
    ...(errors ? { errors } : {}),
  };
}

/** Validates the form; errors by field, or the arguments for followUpCommand. */
export async function followUpFormArgs(
  ctx: CoreContext,
  actor: Actor,
  values: FormValues,
): Promise<{ ok: true; args: string } | { ok: false; errors: Record<string, string> }> {
  const t = translator(actor.lang);
  const kommuner = await kommunerOfLpo(ctx, actor.lpoId);
  const kommunValue = typeof values.kommun === "string" ? values.kommun : "";
  const periodValue = typeof values.period === "string" ? values.period.trim() : "";
  const errors: Record<string, string> = {};
  if (!matchKommun(kommuner, kommunValue))
    errors.kommun = t("followup.unknownKommun", { text: kommunValue, kommuner: kommuner.map((k) => k.id).join(", ") });
  if (!parseFollowUpPeriod(periodValue, dayInZone(ctx.clock.now(), ctx.timeZone)).ok)
    errors.period = t("followup.badPeriod", { text: periodValue });
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, args: `${kommunValue} ${periodValue}`.trim() };
}
