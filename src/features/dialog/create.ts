// Creating a medarbetardialog: the `/dialog ny` form (kind, title, what it
// concerns, questions from a template, own questions or the themes of a
// closed vad-dialogue, groups, closing time, anonymity, what happens next)
// and its submission. Every field is validated and nothing is stored on any
// error; text is masked before it is stored; a gruppchef may ask only the
// groups they lead, and a poll must reach at least the anonymity threshold.
import { addDays, isValidDay } from "../../domain/calendar.js";
import type { Actor } from "../../domain/organisation.js";
import { maskPersonalData } from "../../domain/personalData.js";
import {
  MAX_QUESTIONS,
  parseQuestions,
  type QuestionError,
  type QuestionSpec,
  seededQuestion,
  type TemplateId,
  templateQuestions,
} from "./pollQuestions.js";
import { parseClock, zonedInstant } from "../../domain/zonedTime.js";
import { type Translate, translator } from "../../i18n/index.js";
import {
  type Choice,
  fitLabel,
  type FormField,
  type FormOutcome,
  type FormSpec,
  type FormValues,
  type Reply,
  textReply,
} from "../../core/reply.js";
import { type PollKind, type PollRecord, pollRepository } from "./store.js";
import { newSealKey } from "./sheets.js";
import { concernSources, groupMembers, promiseKommunId } from "./storeLookups.js";
import { type CoreContext, today } from "../../core/context.js";
import { canCreatePolls, canViewResults, mayAskAllGroups, normaliseId } from "./access.js";
import { many, POLL_FORM, RESULTS_ACTION, single } from "./forms.js";
import { concernsText, kindText, when } from "./pollMessages.js";
import { compilePollResults, rateText, resultsBlocks, seedThemes } from "./pollResults.js";
import { youSaidSummary } from "./pollMessages.js";
import { pollInvitationsJob } from "./jobs.js";

/** A poll may be open at most this many days. */
export const MAX_OPEN_DAYS = 60;
const MAX_WHAT_NEXT = 500;

interface CreateOptions {
  groups: { id: string; name: string }[];
  concerns: Choice[];
  seeds: PollRecord[];
}

async function createOptions(ctx: CoreContext, actor: Actor): Promise<CreateOptions> {
  const day = today(ctx);
  const t = translator(actor.lang);
  const allGroups = await ctx.organisation.groupsOfLpo(actor.lpoId);
  const groups = mayAskAllGroups(actor) ? allGroups : allGroups.filter((g) => actor.leadsGroupIds.includes(g.id));
  const { promises, kommuner } = await concernSources(ctx, actor.lpoId, day);
  const concerns: Choice[] = [
    ...promises.map((p) => ({ value: `p:${p.id}`, label: fitLabel(p.title, ` – ${p.kommunName}`, 75) })),
    ...kommuner.map((k) => ({
      value: `k:${k.id}`,
      label: fitLabel(k.name, t("dialog.form.concernsKommun"), 75),
    })),
  ];
  // a hur-dialogue is built on the results of a vad-dialogue (its underlag shows them): only on those the actor may see
  const closed = await pollRepository(ctx).closedVadPolls(actor.lpoId, 50);
  const seeds: PollRecord[] = [];
  for (const poll of closed) if (seeds.length < 10 && (await canViewResults(ctx, actor, poll))) seeds.push(poll);
  return { groups: groups.map((g) => ({ id: g.id, name: g.name })), concerns, seeds };
}

/** The form of `/dialog ny`; after a refused submission it shows the errors and keeps the values. */
export async function createForm(
  ctx: CoreContext,
  actor: Actor,
  errors?: Record<string, string>,
  values?: FormValues,
): Promise<FormSpec> {
  const t = translator(actor.lang);
  const options = await createOptions(ctx, actor);
  const str = (name: string) => (values ? single(values[name]) || undefined : undefined);
  const fields: FormField[] = [
    {
      kind: "choice",
      name: "kind",
      label: t("dialog.form.kind"),
      required: true,
      options: [
        { value: "vad", label: t("dialog.form.kindVad") },
        { value: "hur", label: t("dialog.form.kindHur") },
      ],
      initial: str("kind") ?? "vad",
    },
    {
      kind: "text",
      name: "title",
      label: t("dialog.form.pollTitle"),
      required: true,
      maxLength: 100,
      initial: str("title"),
    },
    {
      kind: "choice",
      name: "concerns",
      label: t("dialog.form.concerns"),
      required: true,
      options: options.concerns,
      initial: str("concerns"),
    },
    {
      kind: "choice",
      name: "template",
      label: t("dialog.form.template"),
      required: true,
      options: [
        { value: "standard-vad", label: t("dialog.form.templateVad") },
        { value: "standard-hur", label: t("dialog.form.templateHur") },
        { value: "own", label: t("dialog.form.templateOwn") },
      ],
      initial: str("template"),
    },
    {
      kind: "text",
      name: "questions",
      label: t("dialog.form.questions"),
      multiline: true,
      maxLength: 2000,
      initial: str("questions"),
      placeholder: "skala: Hur trygg känner du dig på Torget?",
    },
  ];
  if (options.seeds.length > 0)
    fields.push({
      kind: "choice",
      name: "seed",
      label: t("dialog.form.seed"),
      options: options.seeds.map((p) => ({
        value: p.id,
        // a long title is cut, never the id in parentheses that tells polls apart
        label: fitLabel(p.title, t("dialog.form.seedOption", { id: p.id }), 75),
      })),
      initial: str("seed"),
    });
  const chosenGroups = values ? many(values.groups) : [];
  fields.push(
    {
      kind: "choice",
      name: "groups",
      label: mayAskAllGroups(actor) ? t("dialog.form.groups") : t("dialog.form.groupsOwn"),
      required: true,
      multiple: true,
      options: options.groups.map((g) => ({ value: g.id, label: g.name })),
      initial: chosenGroups.length > 0 ? chosenGroups : undefined,
    },
    {
      kind: "date",
      name: "closesDay",
      label: t("dialog.form.closesDay"),
      required: true,
      initial: str("closesDay") ?? addDays(today(ctx), 7),
    },
    {
      kind: "text",
      name: "closesTime",
      label: t("dialog.form.closesTime"),
      maxLength: 5,
      initial: str("closesTime") ?? "16:00",
      placeholder: "16:00",
    },
    {
      kind: "choice",
      name: "anonymous",
      label: t("dialog.form.anonymous"),
      required: true,
      options: [
        { value: "ja", label: t("dialog.form.anonymousYes") },
        { value: "nej", label: t("dialog.form.anonymousNo") },
      ],
      initial: str("anonymous") ?? "ja",
    },
    ...smallGroupField(ctx, t, options, errors, str("small")),
    {
      kind: "text",
      name: "whatNext",
      label: t("dialog.form.whatNext"),
      required: true,
      multiline: true,
      maxLength: MAX_WHAT_NEXT,
      initial: str("whatNext"),
      placeholder: t("dialog.form.whatNextPlaceholder"),
    },
  );
  return {
    id: POLL_FORM,
    title: t("dialog.form.title"),
    submitLabel: t("dialog.form.submit"),
    intro: t("dialog.form.intro", { min: ctx.pollMinResponses }),
    lineInputHint: t("dialog.form.lineInputHint"),
    fields,
    state: "",
    errors,
  };
}

/** The error key that brings up the small-group choice (the anonymous dialogue would reach too few). */
const SMALL_ERROR_KEYS = new Set(["small"]);

/**
 * Below the anonymity threshold the form offers the honest ways on, as a
 * choice (buttons in chat, a numbered choice in the console): a named
 * dialogue, which says so in every message, or combining with another group
 * (possible here only when the creator may ask more groups).
 */
function smallGroupField(
  ctx: CoreContext,
  t: Translate,
  options: CreateOptions,
  errors: Record<string, string> | undefined,
  chosen: string | undefined,
): FormField[] {
  if (!errors || !Object.keys(errors).some((k) => SMALL_ERROR_KEYS.has(k))) return [];
  const min = ctx.pollMinResponses;
  return [
    {
      kind: "choice",
      name: "small",
      label: t("dialog.form.small", { min }),
      required: true,
      options: [
        { value: "named", label: t("dialog.form.smallNamed") },
        {
          value: "combine",
          label: options.groups.length > 1 ? t("dialog.form.smallCombine") : t("dialog.form.smallCombineOther"),
        },
      ],
      ...(chosen ? { initial: chosen } : {}),
    },
  ];
}

/** `/dialog ny`: the form, or a clear refusal for those who may not create polls. */
export async function openCreateForm(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  if (!canCreatePolls(actor)) return textReply(t("dialog.forbiddenCreate"));
  const form = await createForm(ctx, actor);
  return { text: form.title, blocks: [{ kind: "text", text: form.title }], form };
}

/**
 * "Starta hur-dialog" on a closed vad-dialogue: the create form as a
 * hur-dialogue seeded from it (its themes become the first question), with
 * the vad-dialogue's results — as far as its threshold allows — as underlag
 * above the form.
 */
export async function openHurFromVad(ctx: CoreContext, actor: Actor, vadId: string): Promise<Reply> {
  const t = translator(actor.lang);
  if (!canCreatePolls(actor)) return textReply(t("dialog.forbiddenCreate"));
  const id = normaliseId(vadId);
  const seed = (await createOptions(ctx, actor)).seeds.find((p) => p.id === id);
  if (!seed) {
    // a poll whose results the actor may not see is told as /dialog resultat tells it, and shows nothing of them
    const poll = await pollRepository(ctx).poll(id);
    if (poll && poll.lpoId === actor.lpoId && !(await canViewResults(ctx, actor, poll)))
      return textReply(t("dialog.results.forbidden", { title: poll.title }));
    return textReply(t("dialog.error.seed"));
  }
  const results = await compilePollResults(ctx, seed, { lang: actor.lang });
  const underlag = t("dialog.hurFrom.underlag", {
    title: seed.title,
    rate: rateText(t, results),
    summary: youSaidSummary(results, actor.lang),
  });
  const values: FormValues = {
    kind: "hur",
    seed: seed.id,
    title: t("dialog.hurFrom.title", { title: seed.title }).slice(0, 100),
    template: "standard-hur",
    ...(seed.promiseId ? { concerns: `p:${seed.promiseId}` } : seed.kommunId ? { concerns: `k:${seed.kommunId}` } : {}),
  };
  const form = await createForm(ctx, actor, undefined, values);
  const withUnderlag = { ...form, intro: `${underlag}\n\n${form.intro ?? ""}`.trim() };
  return {
    text: underlag,
    blocks: [{ kind: "text", text: underlag }, ...resultsBlocks(ctx, results, actor.lang)],
    form: withUnderlag,
  };
}

export function questionErrorText(t: Translate, error: QuestionError): string {
  switch (error.code) {
    case "none":
      return t("dialog.error.questionsNone");
    case "too-many":
      return t("dialog.error.questionsTooMany", { max: error.max, count: error.count });
    case "length":
      return t("dialog.error.questionsLength", { line: error.line });
    case "options-missing":
      return t("dialog.error.questionsOptionsMissing", { line: error.line });
    case "options-too-many":
      return t("dialog.error.questionsOptionsTooMany", { line: error.line });
    case "option-length":
      return t("dialog.error.questionsOptionLength", { line: error.line, option: error.option.slice(0, 80) });
    case "option-duplicate":
      return t("dialog.error.questionsOptionDuplicate", { line: error.line, option: error.option.slice(0, 80) });
  }
}

/** Members of the chosen groups (in the order chosen), each once, without the creator and forgotten people. */
async function recipientsOf(
  ctx: CoreContext,
  groupIds: string[],
  creatorId: string,
): Promise<{ personId: string; groupId: string }[]> {
  const members = await groupMembers(ctx, groupIds);
  const seen = new Set<string>([creatorId]);
  const out: { personId: string; groupId: string }[] = [];
  for (const groupId of groupIds) {
    for (const m of members.filter((x) => x.groupId === groupId)) {
      if (seen.has(m.personId)) continue;
      seen.add(m.personId);
      out.push({ personId: m.personId, groupId });
    }
  }
  return out;
}

/** A submitted `/dialog ny` form: every field validated, nothing stored on any error. */
export async function submitCreateForm(ctx: CoreContext, actor: Actor, values: FormValues): Promise<FormOutcome> {
  const t = translator(actor.lang);
  if (!canCreatePolls(actor)) return { kind: "done", reply: textReply(t("dialog.forbiddenCreate")) };
  const options = await createOptions(ctx, actor);
  const errors: Record<string, string> = {};
  const now = ctx.clock.now();

  const kindValue = single(values.kind).toLowerCase();
  const kind: PollKind | null = kindValue === "vad" || kindValue === "hur" ? kindValue : null;
  if (!kind) errors.kind = t("dialog.error.kind");

  const title = maskPersonalData(single(values.title).replace(/\s+/g, " ")).text;
  if (title.length < 3 || title.length > 100) errors.title = t("dialog.error.title");

  const concerns = single(values.concerns);
  let promiseId: string | null = null;
  let kommunId: string | null = null;
  if (!options.concerns.some((c) => c.value === concerns)) errors.concerns = t("dialog.error.concerns");
  else if (concerns.startsWith("p:")) {
    promiseId = concerns.slice(2);
    kommunId = await promiseKommunId(ctx, promiseId);
  } else kommunId = concerns.slice(2);

  // a hur-dialogue seeded from a closed vad-dialogue: its themes become the first question
  const seedId = normaliseId(single(values.seed));
  let seeded: QuestionSpec | null = null;
  if (seedId) {
    const seedPoll = options.seeds.find((p) => p.id === seedId);
    if (kind && kind !== "hur") errors.seed = t("dialog.error.seedKind");
    else if (!seedPoll) errors.seed = t("dialog.error.seed");
    else {
      const themes = await seedThemes(ctx, seedPoll, actor.lang);
      if (!themes) errors.seed = t("dialog.error.seedNoThemes", { id: seedPoll.id, min: ctx.pollMinResponses });
      else seeded = seededQuestion(actor.lang, seedPoll.title, themes);
    }
  }

  const questionsText =
    typeof values.questions === "string" ? values.questions.trim() : many(values.questions).join("\n");
  const template = single(values.template) || (questionsText ? "own" : `standard-${kind ?? "vad"}`);
  const room = MAX_QUESTIONS - (seedId ? 1 : 0);
  let questions: QuestionSpec[] = [];
  if (template === "own") {
    const parsed = parseQuestions(questionsText, room);
    if (parsed.ok) questions = parsed.questions;
    else errors.questions = questionErrorText(t, parsed.error);
  } else if (template === "standard-vad" || template === "standard-hur") {
    if (questionsText) errors.template = t("dialog.error.templateConflict");
    else questions = templateQuestions(template as TemplateId, actor.lang, room);
  } else errors.template = t("dialog.error.template");
  if (seeded) questions = [seeded, ...questions].slice(0, MAX_QUESTIONS);

  const groupIds = many(values.groups);
  const allGroups = await ctx.organisation.groupsOfLpo(actor.lpoId);
  const allowed = new Set(options.groups.map((g) => g.id));
  let recipients: { personId: string; groupId: string }[] = [];
  if (groupIds.length === 0) errors.groups = t("dialog.error.groups");
  else {
    const unknown = groupIds.find((g) => !allGroups.some((x) => x.id === g));
    const notOwn = groupIds.find((g) => !allowed.has(g));
    if (unknown)
      errors.groups = t("dialog.error.groupsUnknown", {
        group: unknown.slice(0, 40),
        groups: options.groups.map((g) => g.id).join(", "),
      });
    else if (notOwn)
      errors.groups = t("dialog.error.groupsNotOwn", { groups: options.groups.map((g) => g.name).join(", ") || "–" });
    else {
      recipients = await recipientsOf(ctx, groupIds, actor.id);
    }
  }
  const anonymousValue = (single(values.anonymous) || "ja").toLowerCase();
  if (!["ja", "nej"].includes(anonymousValue)) errors.anonymous = t("dialog.error.anonymous");
  let anonymous = anonymousValue === "ja";
  const small = single(values.small).toLowerCase();
  const min = ctx.pollMinResponses;
  if (!errors.groups && recipients.length === 0) errors.groups = t("dialog.error.tooFew", { count: 0, min });
  else if (!errors.groups && anonymous && recipients.length < min) {
    // an anonymous dialogue below the threshold is never created; the named one is, when chosen
    if (small === "named") anonymous = false;
    else if (small === "combine") {
      errors.groups = t("dialog.error.smallCombine", { count: recipients.length, min });
      errors.small = t("dialog.error.tooFewOptions", { count: recipients.length, min });
    } else errors.small = t("dialog.error.tooFewOptions", { count: recipients.length, min });
  }

  const day = single(values.closesDay);
  const clock = parseClock(single(values.closesTime) || "16:00");
  const latest = new Date(now.getTime() + MAX_OPEN_DAYS * 86_400_000);
  let closesAt: Date | null = null;
  if (!isValidDay(day)) errors.closesDay = t("dialog.error.closesDay", { example: addDays(today(ctx), 7) });
  else if (!clock) errors.closesTime = t("dialog.error.closesTime");
  else {
    closesAt = zonedInstant(day, clock.hour, clock.minute, ctx.timeZone);
    if (closesAt.getTime() < now.getTime() + 3_600_000) errors.closesDay = t("dialog.error.closesPast");
    else if (closesAt.getTime() > latest.getTime())
      errors.closesDay = t("dialog.error.closesFar", { days: MAX_OPEN_DAYS, day: addDays(today(ctx), MAX_OPEN_DAYS) });
  }

  const whatNext = maskPersonalData(single(values.whatNext).replace(/[ \t]+/g, " ")).text;
  if (whatNext.length < 3 || whatNext.length > MAX_WHAT_NEXT)
    errors.whatNext = t("dialog.error.whatNext", { example: t("dialog.form.whatNextPlaceholder") });

  if (Object.keys(errors).length > 0 || !kind || !closesAt)
    return { kind: "errors", errors, form: await createForm(ctx, actor, errors, values) };

  const repo = pollRepository(ctx);
  const id = await repo.create(
    {
      lpoId: actor.lpoId,
      kind,
      title,
      promiseId,
      kommunId,
      createdById: actor.id,
      anonymous,
      whatNext,
      opensAt: now,
      closesAt,
      seededFrom: seeded ? seedId : null,
      questions,
      recipients,
    },
    newSealKey(ctx),
  );
  const poll = (await repo.poll(id))!;
  await ctx.audit.record(actor.id, "poll.create", id, {
    kind,
    questions: questions.length,
    groups: groupIds,
    recipients: recipients.length,
    anonymous: poll.anonymous,
  });
  ctx.logger.info({ event: "poll.created", poll: id, recipients: recipients.length }, "poll created");
  // invitations go out now rather than at the next scheduled run (the ledger keeps them to one each)
  ctx.jobs.runNow(pollInvitationsJob);

  const groupNames = new Map(allGroups.map((g) => [g.id, g.name]));
  const created = t("dialog.created", {
    title: poll.title,
    id,
    kind: kindText(t, poll),
    concerns: concernsText(t, poll),
    questions: questions.length,
    anonymity: poll.anonymous ? t("dialog.anonymousShort") : t("dialog.namedShort"),
  });
  const invites = t("dialog.createdInvites", {
    count: recipients.length,
    groups: groupIds.map((g) => groupNames.get(g) ?? g).join(", "),
    closes: when(ctx, actor.lang, closesAt),
  });
  return {
    kind: "done",
    reply: {
      text: `${created} ${invites}`,
      blocks: [
        { kind: "text", text: created },
        { kind: "text", text: invites },
        { kind: "context", text: t("dialog.createdHint", { id }) },
        { kind: "actions", buttons: [{ label: t("dialog.resultsButton"), action: { id: RESULTS_ACTION, value: id } }] },
      ],
    },
  };
}
