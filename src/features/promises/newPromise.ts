// `/lofte ny`: one form creates a promise with its first activity; both are
// saved in one transaction or not at all (invalid input stores nothing and
// comes back with an error on the field). The promise id is the kommun and
// the start year (norrdal-2027, then norrdal-2027-2, …). Every save is audited.
// After the promise's title, kommun and period come why it exists (problem,
// purpose, intended effect, what to tell citizens: whyForm.ts), then the
// activity with its groups' parts of the target (shareForm.ts).
// The form's last fields are what the promise aims at for the effect follow-up
// (indicators, areas, comparison area: names separated by ";"), the same
// fields as `/lofte ändra`; left empty, the promise aims at nothing yet.
import { addDays, isValidDay } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import type { FormOutcome, FormSpec, FormValues, Reply } from "../../core/reply.js";
import { type CoreContext, today } from "../../core/context.js";
import { forbidden, mayManagePromises } from "./access.js";
import { activityAudit } from "./activityForm.js";
import { activityFields, type Errors, NEW_PROMISE_FORM, promiseFields, submitted, withForm } from "./forms.js";
import { effectFields, readEffect } from "./effectForm.js";
import { readActivity, readPromise } from "./readForm.js";
import { isUniqueViolation, promiseRepository, whyColumns } from "./store.js";
import { NO_WHY, readWhy, whyFields } from "./whyForm.js";
import { savedReply } from "./summary.js";

/** One year on, less a day: 2026-11-25 → 2027-11-24. */
function oneYearOn(day: string): string {
  const next = `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
  return addDays(isValidDay(next) ? next : `${next.slice(0, 4)}-03-01`, -1);
}

async function newPromiseForm(ctx: CoreContext, actor: Actor, errors?: Errors, values?: FormValues): Promise<FormSpec> {
  const t = translator(actor.lang);
  const day = today(ctx);
  const repo = promiseRepository(ctx);
  const [kommuner, groups] = await Promise.all([repo.kommuner(actor.lpoId), ctx.organisation.groupsOfLpo(actor.lpoId)]);
  const from = submitted(values, "from") ?? day;
  return {
    id: NEW_PROMISE_FORM,
    title: t("manage.form.newTitle"),
    submitLabel: t("manage.form.save"),
    intro: t("manage.form.newIntro"),
    state: "",
    errors,
    fields: [
      ...promiseFields(t, true, {
        title: submitted(values, "title"),
        kommun: {
          options: kommuner,
          initial: submitted(values, "kommun") ?? (kommuner.length === 1 ? kommuner[0].id : undefined),
        },
        from,
        to: submitted(values, "to") ?? (isValidDay(from) ? oneYearOn(from) : undefined),
      }),
      ...whyFields(t, {
        problem: submitted(values, "problem") ?? "",
        purpose: submitted(values, "purpose") ?? "",
        intendedEffect: submitted(values, "intendedEffect") ?? "",
        tellCitizens: submitted(values, "tellCitizens") ?? "",
      }),
      ...activityFields(t, groups, { defaultCode: "L1", values, lang: actor.lang }),
      ...effectFields(t, {
        indicators: submitted(values, "effectIndicators") ?? "",
        areas: submitted(values, "effectAreas") ?? "",
        comparison: submitted(values, "comparisonArea") ?? "",
      }),
    ],
  };
}

/** `/lofte ny` */
export async function openNewPromise(ctx: CoreContext, actor: Actor): Promise<Reply> {
  if (!mayManagePromises(actor)) return forbidden(translator(actor.lang));
  return withForm(await newPromiseForm(ctx, actor));
}

/** The new-promise form: the promise and its first activity, saved together or not at all. */
export async function submitNewPromise(ctx: CoreContext, actor: Actor, values: FormValues): Promise<FormOutcome> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return { kind: "done", reply: forbidden(t) };
  const repo = promiseRepository(ctx);
  const [kommuner, groups] = await Promise.all([repo.kommuner(actor.lpoId), ctx.organisation.groupsOfLpo(actor.lpoId)]);
  const promise = readPromise(t, values, kommuner);
  const activity = readActivity(t, values, { lang: actor.lang, groups, usedCodes: [] });
  const effect = readEffect(t, values, { indicators: [], areas: [], comparison: null });
  const why = readWhy(t, values, NO_WHY);
  if (!promise.ok || !activity.ok || !effect.ok || !why.ok) {
    const errors = {
      ...(promise.ok ? {} : promise.errors),
      ...(why.ok ? {} : why.errors),
      ...(activity.ok ? {} : activity.errors),
      ...(effect.ok ? {} : effect.errors),
    };
    return { kind: "errors", errors, form: await newPromiseForm(ctx, actor, errors, values) };
  }
  const fields = promise.value;
  let saved: { promiseId: string; activityId: string } | undefined;
  for (let attempt = 0; !saved; attempt++) {
    const id = await repo.freePromiseId(`${fields.kommunId}-${fields.fromDay.slice(0, 4)}`);
    try {
      saved = await repo.createPromise(
        {
          id,
          ...fields,
          effectIndicators: effect.value.indicators.join("\n"),
          effectAreas: effect.value.areas.join("\n"),
          comparisonArea: effect.value.comparison,
          ...whyColumns(why.value),
        },
        activity.value,
      );
    } catch (error) {
      // someone took the same id a moment ago: take the next one
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
  await ctx.audit.record(actor.id, "promise.create", saved.promiseId, {
    kommun: fields.kommunId,
    from: fields.fromDay,
    to: fields.toDay,
  });
  await ctx.audit.record(actor.id, "activity.create", saved.activityId, activityAudit(saved.promiseId, activity.value));
  ctx.logger.info({ event: "promise.created", promise: saved.promiseId, by: actor.id }, "promise created");
  const stored = (await repo.promise(actor.lpoId, saved.promiseId))!;
  const kommun = kommuner.find((k) => k.id === fields.kommunId)?.name ?? fields.kommunId;
  const headline = t("manage.created", {
    title: stored.title,
    id: stored.id,
    kommun,
    from: stored.fromDay,
    to: stored.toDay,
  });
  return { kind: "done", reply: await savedReply(ctx, actor, stored, [headline], stored.activities[0]) };
}
