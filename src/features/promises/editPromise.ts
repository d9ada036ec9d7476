// `/lofte ändra <promise id>` and the button naming a promise: the promise's
// title and period (its kommun and id never change), why it exists (problem,
// purpose, intended effect, what to tell citizens), and what it aims at for
// the effect follow-up (indicators, areas, comparison area: names separated
// by ";", "-" for none). An empty field keeps the stored value; nothing
// changed stores nothing; a change is audited with the period it replaced.
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { type FormOutcome, type FormSpec, type FormValues, type Reply, textReply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import { forbidden, mayManagePromises } from "./access.js";
import { EDIT_PROMISE_FORM, type Errors, formState, parseState, promiseFields, submitted, withForm } from "./forms.js";
import { effectFields, readEffect } from "./effectForm.js";
import { readPromise } from "./readForm.js";
import { type PromiseRecord, promiseRepository, whyColumns } from "./store.js";
import { readWhy, WHY_FIELDS, whyFields } from "./whyForm.js";
import { savedReply } from "./summary.js";

export function editPromiseForm(actor: Actor, promise: PromiseRecord, errors?: Errors, values?: FormValues): FormSpec {
  const t = translator(actor.lang);
  return {
    id: EDIT_PROMISE_FORM,
    title: t("manage.form.editPromiseTitle", { promise: promise.title }),
    submitLabel: t("manage.form.save"),
    intro: t("manage.form.editPromiseIntro", { kommun: promise.kommunName, id: promise.id }),
    state: formState(promise.id),
    errors,
    fields: [
      ...promiseFields(t, false, {
        title: submitted(values, "title") ?? promise.title,
        from: submitted(values, "from") ?? promise.fromDay,
        to: submitted(values, "to") ?? promise.toDay,
      }),
      ...whyFields(t, {
        problem: submitted(values, "problem") ?? promise.why.problem,
        purpose: submitted(values, "purpose") ?? promise.why.purpose,
        intendedEffect: submitted(values, "intendedEffect") ?? promise.why.intendedEffect,
        tellCitizens: submitted(values, "tellCitizens") ?? promise.why.tellCitizens,
      }),
      ...effectFields(t, {
        indicators: submitted(values, "effectIndicators") ?? promise.effect.indicators.join("; "),
        areas: submitted(values, "effectAreas") ?? promise.effect.areas.join("; "),
        comparison: submitted(values, "comparisonArea") ?? promise.effect.comparison ?? "",
      }),
    ],
  };
}

/** A button naming one promise, to edit its title and period. */
export async function openEditPromise(ctx: CoreContext, actor: Actor, promiseId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const promise = await promiseRepository(ctx).promise(actor.lpoId, promiseId);
  if (!promise) return textReply(t("manage.notFound", { what: promiseId, promises: "–" }));
  return withForm(editPromiseForm(actor, promise));
}

/** The promise form of `/lofte ändra <promise id>`: title and period. */
export async function submitPromiseEdit(
  ctx: CoreContext,
  actor: Actor,
  stateText: string,
  values: FormValues,
): Promise<FormOutcome> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return { kind: "done", reply: forbidden(t) };
  const state = parseState(stateText);
  const repo = promiseRepository(ctx);
  const promise = state ? await repo.promise(actor.lpoId, state.p) : null;
  if (!promise)
    return { kind: "done", reply: textReply(t("manage.notFound", { what: state?.p ?? "?", promises: "–" })) };
  const checked = readPromise(t, values, [], promise);
  const effect = readEffect(t, values, promise.effect);
  const why = readWhy(t, values, promise.why);
  if (!checked.ok || !effect.ok || !why.ok) {
    const errors = {
      ...(checked.ok ? {} : checked.errors),
      ...(why.ok ? {} : why.errors),
      ...(effect.ok ? {} : effect.errors),
    };
    return { kind: "errors", errors, form: editPromiseForm(actor, promise, errors, values) };
  }
  const { title, fromDay, toDay } = checked.value;
  const sameList = (a: string[], b: string[]) => a.join("\n") === b.join("\n");
  const effectChanged =
    !sameList(effect.value.indicators, promise.effect.indicators) ||
    !sameList(effect.value.areas, promise.effect.areas) ||
    effect.value.comparison !== promise.effect.comparison;
  const changed = [
    title !== promise.title ? "title" : null,
    fromDay !== promise.fromDay ? "from" : null,
    toDay !== promise.toDay ? "to" : null,
    effectChanged ? "effect" : null,
    ...WHY_FIELDS.filter((f) => why.value[f] !== promise.why[f]),
  ].filter((f): f is string => f !== null);
  if (changed.length === 0)
    return {
      kind: "done",
      reply: await savedReply(ctx, actor, promise, [t("manage.promiseUnchanged", { title: promise.title })]),
    };
  await repo.updatePromise(promise.id, {
    title,
    fromDay,
    toDay,
    effectIndicators: effect.value.indicators.join("\n"),
    effectAreas: effect.value.areas.join("\n"),
    comparisonArea: effect.value.comparison,
    ...whyColumns(why.value),
  });
  await ctx.audit.record(actor.id, "promise.update", promise.id, {
    fields: changed,
    from: fromDay,
    to: toDay,
    previousFrom: promise.fromDay,
    previousTo: promise.toDay,
  });
  const stored = (await repo.promise(actor.lpoId, promise.id))!;
  const headline = t("manage.promiseUpdated", { title, id: promise.id, from: fromDay, to: toDay });
  return { kind: "done", reply: await savedReply(ctx, actor, stored, [headline]) };
}
