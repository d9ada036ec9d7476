// The activity form: the "Lägg till aktivitet" button adds one more activity
// to a promise (at most MAX_ACTIVITIES, checked again when saving), and
// `/lofte ändra L2` or a button naming an activity edits one. A changed target
// joins the target history from today (or from the promise's start, before it
// starts), so earlier periods keep theirs. The groups' parts of the target
// (shareForm.ts) are given or changed here too. Invalid input stores nothing;
// every change is audited.
import { addDays } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { type FormOutcome, type FormSpec, type FormValues, type Reply, textReply } from "../../core/reply.js";
import { type CoreContext, today } from "../../core/context.js";
import { forbidden, mayManagePromises } from "./access.js";
import {
  ACTIVITY_FORM,
  activityFields,
  type Errors,
  formState,
  nextCode,
  parseState,
  partsOfTarget,
  withForm,
} from "./forms.js";
import { readActivity } from "./readForm.js";
import {
  type ActivityRecord,
  type ActivitySpec,
  isUniqueViolation,
  MAX_ACTIVITIES,
  type PromiseRecord,
  promiseRepository,
  type TargetSpec,
} from "./store.js";
import { promiseIdList, savedReply, targetText } from "./summary.js";

function sameTarget(a: TargetSpec | null, b: TargetSpec): boolean {
  return a !== null && a.amount === b.amount && a.unit === b.unit && a.per === b.per;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The same split of `amount` (stored shares are weights: { ig-1: 1, ig-2: 1 } is 10 + 10 of 20). */
function sameShares(a: Record<string, number>, b: Record<string, number>, amount: number): boolean {
  const x = partsOfTarget(a, amount);
  const y = partsOfTarget(b, amount);
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => k in y && Math.abs(x[k] - y[k]) < 0.005);
}

/** The later of two "YYYY-MM-DD" days. */
function laterDay(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}

/** What the audit log keeps of a new activity. */
export function activityAudit(promiseId: string, spec: ActivitySpec): Record<string, unknown> {
  return {
    promise: promiseId,
    code: spec.code,
    amount: spec.target.amount,
    unit: spec.target.unit,
    per: spec.target.per,
    groups: spec.groupIds,
    baseline: spec.baseline,
    shares: spec.shares,
    shareBasis: spec.shareBasis,
  };
}

/** The activity form of a promise: a new activity, or `current` to edit (the state names both). */
export async function activityForm(
  ctx: CoreContext,
  actor: Actor,
  promise: PromiseRecord,
  current?: ActivityRecord,
  errors?: Errors,
  values?: FormValues,
): Promise<FormSpec> {
  const t = translator(actor.lang);
  const groups = await ctx.organisation.groupsOfLpo(actor.lpoId);
  return {
    id: ACTIVITY_FORM,
    title: current
      ? t("manage.form.editActivityTitle", { code: current.code, promise: promise.title })
      : t("manage.form.activityTitle", { promise: promise.title }),
    submitLabel: t("manage.form.save"),
    intro: current
      ? t("manage.form.editActivityIntro", { today: today(ctx) })
      : t("manage.form.activityIntro", { n: promise.activities.length + 1, promise: promise.title }),
    state: formState(promise.id, current?.id),
    errors,
    fields: activityFields(t, groups, {
      defaultCode: nextCode(promise.usedCodes),
      values,
      current,
      lang: actor.lang,
    }),
  };
}

/** The "Lägg till aktivitet" button. */
export async function openAddActivity(ctx: CoreContext, actor: Actor, promiseId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const promise = await promiseRepository(ctx).promise(actor.lpoId, promiseId);
  if (!promise) return textReply(t("manage.notFound", { what: promiseId, promises: "–" }));
  if (promise.activities.length >= MAX_ACTIVITIES)
    return textReply(t("manage.error.tooMany", { promise: promise.title, count: promise.activities.length }));
  return withForm(await activityForm(ctx, actor, promise));
}

/** A button naming one activity, after `/lofte ändra L2` matched several. */
export async function openEditActivity(ctx: CoreContext, actor: Actor, activityId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!mayManagePromises(actor)) return forbidden(t);
  const promise = await promiseRepository(ctx).promiseOfActivity(actor.lpoId, activityId);
  const current = promise?.activities.find((a) => a.id === activityId);
  if (!promise || !current) return textReply(t("manage.notFound", { what: activityId, promises: "–" }));
  return withForm(await activityForm(ctx, actor, promise, current));
}

/** The activity form: a new activity for a promise, or changes to one (state says which). */
export async function submitActivity(
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
  const current = state?.a ? promise?.activities.find((a) => a.id === state.a) : undefined;
  if (!promise || (state?.a && !current)) {
    const promises = await repo.promisesOfLpo(actor.lpoId);
    return {
      kind: "done",
      reply: textReply(t("manage.notFound", { what: state?.p ?? "?", promises: promiseIdList(promises) })),
    };
  }
  const groups = await ctx.organisation.groupsOfLpo(actor.lpoId);
  const checked = readActivity(t, values, { lang: actor.lang, groups, usedCodes: promise.usedCodes, current });
  const errors: Errors = checked.ok ? {} : { ...checked.errors };
  if (!current && promise.activities.length >= MAX_ACTIVITIES)
    errors.code = t("manage.error.tooMany", { promise: promise.title, count: promise.activities.length });
  const refuse = async (): Promise<FormOutcome> => ({
    kind: "errors",
    errors,
    form: await activityForm(ctx, actor, promise, current, errors, values),
  });
  if (!checked.ok || Object.keys(errors).length > 0) return refuse();
  const spec = checked.value;

  if (!current) {
    const added = await repo.addActivity(promise.id, spec).catch((error: unknown) => {
      if (isUniqueViolation(error)) return { ok: false, reason: "code-taken" } as const;
      throw error;
    });
    if (!added.ok) {
      if (added.reason === "not-found")
        return { kind: "done", reply: textReply(t("manage.notFound", { what: promise.id, promises: "–" })) };
      errors.code =
        added.reason === "full"
          ? t("manage.error.tooMany", { promise: promise.title, count: added.count })
          : t("manage.error.codeTaken", {
              code: spec.code,
              suggestion: nextCode([...promise.usedCodes, spec.code.toLowerCase()]),
            });
      return refuse();
    }
    await ctx.audit.record(actor.id, "activity.create", added.activityId, activityAudit(promise.id, spec));
    const stored = (await repo.promise(actor.lpoId, promise.id))!;
    const activity = stored.activities.find((a) => a.id === added.activityId)!;
    const headline = t("manage.activityAdded", {
      code: activity.code,
      name: activity.name,
      title: stored.title,
      target: targetText(t, actor.lang, spec.target),
    });
    return { kind: "done", reply: await savedReply(ctx, actor, stored, [headline], activity) };
  }

  // editing
  const changedFields = [
    current.name !== spec.name ? "name" : null,
    !sameList(current.aliases, spec.aliases) ? "aliases" : null,
    !sameList(current.groupIds, spec.groupIds) ? "groups" : null,
    current.baseline !== spec.baseline ? "baseline" : null,
    !sameShares(current.shares, spec.shares, spec.target.amount) || current.shareBasis !== spec.shareBasis
      ? "shares"
      : null,
  ].filter((f): f is string => f !== null);
  const targetChanged = !sameTarget(current.target, spec.target);
  if (changedFields.length === 0 && !targetChanged) {
    return {
      kind: "done",
      reply: await savedReply(ctx, actor, promise, [
        t("manage.activityUnchanged", { code: current.code, name: current.name }),
      ]),
    };
  }
  const day = today(ctx);
  // before the promise starts, the new target simply replaces the first one
  const validFrom = laterDay(day, promise.fromDay);
  await repo.updateActivity(
    current.id,
    {
      name: spec.name,
      aliases: spec.aliases,
      groupIds: spec.groupIds,
      baseline: spec.baseline,
      shares: spec.shares,
      shareBasis: spec.shareBasis,
    },
    targetChanged ? { ...spec.target, validFrom } : null,
  );
  if (changedFields.length > 0)
    await ctx.audit.record(actor.id, "activity.update", current.id, {
      promise: promise.id,
      code: current.code,
      fields: changedFields,
      groups: spec.groupIds,
      baseline: spec.baseline,
      shares: spec.shares,
      shareBasis: spec.shareBasis,
    });
  const headline = [t("manage.activityUpdated", { code: current.code, name: spec.name, title: promise.title })];
  if (targetChanged) {
    await ctx.audit.record(actor.id, "target.change", current.id, {
      promise: promise.id,
      code: current.code,
      amount: spec.target.amount,
      unit: spec.target.unit,
      per: spec.target.per,
      validFrom,
      previous: current.target
        ? { amount: current.target.amount, unit: current.target.unit, per: current.target.per }
        : null,
    });
    const target = targetText(t, actor.lang, spec.target);
    // what the days before the change keep (a change earlier today is simply replaced)
    const kept = await ctx.organisation.targetOn(current.id, addDays(validFrom, -1));
    headline.push(
      validFrom === promise.fromDay || !kept
        ? t("manage.targetReplaced", { target })
        : t("manage.targetChanged", { target, from: validFrom, old: targetText(t, actor.lang, kept) }),
    );
  }
  const stored = (await repo.promise(actor.lpoId, promise.id))!;
  return {
    kind: "done",
    reply: await savedReply(
      ctx,
      actor,
      stored,
      headline,
      stored.activities.find((a) => a.id === current.id),
    ),
  };
}
