// Medarbetardialog: creating a poll (`/dialog ny`, a form), answering it (the
// Svara button, a form per question), listing one's polls (`/dialog`), the
// results (`/dialog resultat <id>`), the creator's follow-up ("ni sa / vi
// gör", `/dialog uppfoljning <id> <text>`) and forwarding results to a group's
// channel. Invitations, reminders, closing and återkoppling are scheduled
// jobs (src/schedules/pollJobs.ts).
//
// Anonymity: an anonymous answer sheet is stored with a keyed one-way token
// (domain/pollToken.ts), its group and its day only; free text is masked
// before it is stored; a group with fewer recipients than the threshold is
// stored as one pooled group, so a group of one or two cannot be told apart;
// answering writes no audit row and no log line naming the person; results
// go through pollResults.ts, which applies the threshold everywhere. No
// command lists who answered what.
import type { Lang } from "../../domain/lang.js";
import { addDays, isValidDay } from "../../domain/calendar.js";
import { hasRole, type Actor } from "../../domain/organisation.js";
import { type MaskedKind, maskPersonalData } from "../../domain/personalData.js";
import {
  localizeQuestion,
  MAX_QUESTIONS,
  parseQuestions,
  type QuestionError,
  type QuestionSpec,
  seededQuestion,
  type TemplateId,
  templateQuestions,
} from "./pollQuestions.js";
import { responseToken } from "./pollToken.js";
import { formatDateTime, parseClock, zonedInstant } from "../../domain/zonedTime.js";
import { type Translate, translator } from "../../i18n/index.js";
import type { Block, Button, Choice, FormField, FormOutcome, FormSpec, FormValues, Reply } from "../../core/reply.js";
import { POOLED_GROUP, type PollKind, type PollRecord, PollRepository } from "./store.js";
import { type CoreContext, today } from "../../core/context.js";
import {
  ANSWER_ACTION,
  answerButton,
  concernsText,
  FOLLOWUP_ACTION,
  FORWARD_ACTION,
  kindText,
  POLL_ANSWER_FORM,
  POLL_FOLLOWUP_FORM,
  POLL_FORM,
  RESULTS_ACTION,
} from "./pollMessages.js";
import { compilePollResults, resultsBlocks, seedThemes } from "./pollResults.js";

export {
  ANSWER_ACTION,
  FOLLOWUP_ACTION,
  FORWARD_ACTION,
  POLL_ANSWER_FORM,
  POLL_FOLLOWUP_FORM,
  POLL_FORM,
  RESULTS_ACTION,
};

/** A poll may be open at most this many days. */
export const MAX_OPEN_DAYS = 60;
const MAX_TEXT_ANSWER = 1000;
const MAX_WHAT_NEXT = 500;
const MAX_FOLLOW_UP = 1000;
/** ledger job of forwarded results (pollJobs.ts); read here to say "already sent" */
export const POLL_FORWARD_JOB = "poll-forward";
export const POLL_PERIOD = "poll";

export function pollRepository(ctx: CoreContext): PollRepository {
  return new PollRepository(ctx.prisma);
}

export function canCreatePolls(actor: Actor): boolean {
  return hasRole(actor, "kommunpolis", "gruppchef", "admin");
}

function mayAskAllGroups(actor: Actor): boolean {
  return hasRole(actor, "kommunpolis", "admin");
}

function textReply(text: string, extra: Block[] = []): Reply {
  return { text, blocks: [{ kind: "text", text }, ...extra] };
}

function single(value: string | string[] | undefined): string {
  return ((Array.isArray(value) ? value[0] : value) ?? "").trim();
}

function many(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return list.map((v) => v.trim()).filter(Boolean);
}

function normaliseId(id: string): string {
  return id.trim().replace(/^#/, "").toLowerCase();
}

/** The poll of the actor's LPO, or a reply saying it does not exist. */
async function findPoll(ctx: CoreContext, actor: Actor, id: string): Promise<PollRecord | Reply> {
  const poll = id ? await pollRepository(ctx).poll(normaliseId(id)) : null;
  if (!poll || poll.lpoId !== actor.lpoId)
    return textReply(translator(actor.lang)("dialog.notFound", { id: id.slice(0, 40) }));
  return poll;
}

function isReply(value: PollRecord | Reply): value is Reply {
  return "blocks" in value;
}

function when(ctx: CoreContext, lang: Lang, instant: Date): string {
  return formatDateTime(instant, lang, ctx.timeZone);
}

function isOpen(ctx: CoreContext, poll: PollRecord): boolean {
  return poll.status === "open" && poll.closesAt.getTime() > ctx.clock.now().getTime();
}

// ------------------------------------------------------------------ create

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
  const promises = await ctx.prisma.citizenPromise.findMany({
    where: { kommun: { lpoId: actor.lpoId }, toDay: { gte: day } },
    include: { kommun: { select: { name: true } } },
    orderBy: [{ fromDay: "asc" }, { id: "asc" }],
  });
  const kommuner = await ctx.prisma.kommun.findMany({ where: { lpoId: actor.lpoId }, orderBy: { name: "asc" } });
  const concerns: Choice[] = [
    ...promises.map((p) => ({ value: `p:${p.id}`, label: `${p.title} – ${p.kommun.name}`.slice(0, 75) })),
    ...kommuner.map((k) => ({
      value: `k:${k.id}`,
      label: t("dialog.form.concernsKommun", { kommun: k.name }).slice(0, 75),
    })),
  ];
  const seeds = await pollRepository(ctx).closedVadPolls(actor.lpoId);
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
        label: t("dialog.form.seedOption", { title: p.title, id: p.id }).slice(0, 75),
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
    fields,
    state: "",
    errors,
  };
}

/** `/dialog ny`: the form, or a clear refusal for those who may not create polls. */
export async function openCreateForm(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  if (!canCreatePolls(actor)) return textReply(t("dialog.forbiddenCreate"));
  const form = await createForm(ctx, actor);
  return { text: form.title, blocks: [{ kind: "text", text: form.title }], form };
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
  const members = await ctx.prisma.groupMember.findMany({
    where: { groupId: { in: groupIds }, person: { forgottenAt: null } },
    select: { personId: true, groupId: true },
    orderBy: { personId: "asc" },
  });
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
    const promise = await ctx.prisma.citizenPromise.findUnique({
      where: { id: promiseId },
      select: { kommunId: true },
    });
    kommunId = promise?.kommunId ?? null;
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
      if (recipients.length < ctx.pollMinResponses)
        errors.groups = t("dialog.error.tooFew", { count: recipients.length, min: ctx.pollMinResponses });
    }
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

  const anonymousValue = (single(values.anonymous) || "ja").toLowerCase();
  if (!["ja", "nej"].includes(anonymousValue)) errors.anonymous = t("dialog.error.anonymous");

  const whatNext = maskPersonalData(single(values.whatNext).replace(/[ \t]+/g, " ")).text;
  if (whatNext.length < 3 || whatNext.length > MAX_WHAT_NEXT)
    errors.whatNext = t("dialog.error.whatNext", { example: t("dialog.form.whatNextPlaceholder") });

  if (Object.keys(errors).length > 0 || !kind || !closesAt)
    return { kind: "errors", errors, form: await createForm(ctx, actor, errors, values) };

  const repo = pollRepository(ctx);
  const id = await repo.create({
    lpoId: actor.lpoId,
    kind,
    title,
    promiseId,
    kommunId,
    createdById: actor.id,
    anonymous: anonymousValue === "ja",
    whatNext,
    opensAt: now,
    closesAt,
    seededFrom: seeded ? seedId : null,
    questions,
    recipients,
  });
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
  ctx.jobs.runNow({ name: "poll-invitations" });

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

// ------------------------------------------------------------------ answer

/** The actor's own earlier answers, found through their token, as form values. */
function valuesFromAnswers(poll: PollRecord, answers: { questionId: string; value: string }[]): FormValues {
  const values: FormValues = {};
  for (const q of poll.questions) {
    const answer = answers.find((a) => a.questionId === q.id);
    if (!answer) continue;
    const name = `q${q.position}`;
    if (q.kind === "single") {
      const i = q.options.indexOf(answer.value);
      if (i >= 0) values[name] = String(i);
    } else if (q.kind === "multi")
      values[name] = answer.value
        .split("\n")
        .map((v) => q.options.indexOf(v))
        .filter((i) => i >= 0)
        .map(String);
    else values[name] = answer.value;
  }
  return values;
}

export function answerForm(
  ctx: CoreContext,
  poll: PollRecord,
  lang: Lang,
  options: { values?: FormValues; errors?: Record<string, string>; earlier?: boolean } = {},
): FormSpec {
  const t = translator(lang);
  const scale: Choice[] = ["1", "2", "3", "4", "5"].map((v) => ({
    value: v,
    label: v === "1" ? t("dialog.answer.scaleLow") : v === "5" ? t("dialog.answer.scaleHigh") : v,
  }));
  const fields: FormField[] = poll.questions.map((question): FormField => {
    const q = localizeQuestion(question, lang);
    const name = `q${question.position}`;
    const label = `${question.position + 1}. ${q.text}`;
    const initial = options.values?.[name];
    switch (q.kind) {
      case "single":
      case "multi":
        return {
          kind: "choice",
          name,
          label,
          required: true,
          multiple: q.kind === "multi",
          options: q.options.map((o, i) => ({ value: String(i), label: o })),
          initial,
        };
      case "scale":
        return { kind: "choice", name, label, required: true, options: scale, initial: single(initial) || undefined };
      default:
        return {
          kind: "text",
          name,
          label,
          multiline: true,
          maxLength: MAX_TEXT_ANSWER,
          initial: single(initial) || undefined,
        };
    }
  });
  const intro = [
    t("dialog.answer.intro", {
      title: poll.title,
      kind: kindText(t, poll),
      concerns: concernsText(t, poll),
      anonymity: poll.anonymous ? t("dialog.answer.introAnonymous") : t("dialog.answer.introNamed"),
      closes: when(ctx, lang, poll.closesAt),
    }),
    options.earlier ? t("dialog.answer.introEarlier") : "",
  ]
    .filter(Boolean)
    .join("\n");
  return {
    id: POLL_ANSWER_FORM,
    title: t("dialog.answer.title"),
    submitLabel: t("dialog.answer.submit"),
    intro,
    fields,
    state: poll.id,
    errors: options.errors,
  };
}

/** Only recipients may answer, and only while the poll is open. */
async function answerGate(ctx: CoreContext, actor: Actor, poll: PollRecord): Promise<Reply | { groupId: string }> {
  const t = translator(actor.lang);
  const recipient = await pollRepository(ctx).recipient(poll.id, actor.id);
  if (!recipient) return textReply(t("dialog.answer.notRecipient", { title: poll.title }));
  if (!isOpen(ctx, poll))
    return textReply(
      t("dialog.answer.closed", { title: poll.title, closed: when(ctx, actor.lang, poll.closedAt ?? poll.closesAt) }),
    );
  return recipient;
}

/** The Svara button (or `/dialog svara <id>`): the answer form, pre-filled with an earlier answer. */
export async function openAnswerForm(ctx: CoreContext, actor: Actor, pollId: string): Promise<Reply> {
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  const gate = await answerGate(ctx, actor, found);
  if ("blocks" in gate) return gate;
  const earlier = await pollRepository(ctx).responseByToken(found.id, responseToken(ctx.secret, found.id, actor.id));
  const form = answerForm(ctx, found, actor.lang, {
    values: earlier ? valuesFromAnswers(found, earlier) : undefined,
    earlier: earlier !== null,
  });
  const text = translator(actor.lang)("dialog.invite.heading", { title: found.title });
  return { text, blocks: [{ kind: "text", text }], form };
}

/** A submitted answer form: validated, masked, stored under the person's token (replacing an earlier answer). */
export async function submitAnswer(
  ctx: CoreContext,
  actor: Actor,
  pollId: string,
  values: FormValues,
): Promise<FormOutcome> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return { kind: "done", reply: found };
  const poll = found;
  const gate = await answerGate(ctx, actor, poll);
  if ("blocks" in gate) return { kind: "done", reply: gate };

  const errors: Record<string, string> = {};
  const answers: { questionId: string; value: string }[] = [];
  const masked: MaskedKind[] = [];
  for (const question of poll.questions) {
    const name = `q${question.position}`;
    const shown = localizeQuestion(question, actor.lang);
    // an option by its value (index) or, typed, by its label
    const index = (v: string) => {
      if (/^\d+$/.test(v) && Number(v) < question.options.length) return Number(v);
      const byLabel = shown.options.findIndex((o) => o.toLowerCase() === v.toLowerCase());
      return byLabel >= 0 ? byLabel : question.options.findIndex((o) => o.toLowerCase() === v.toLowerCase());
    };
    if (question.kind === "single") {
      const v = single(values[name]);
      if (!v) errors[name] = t("dialog.answer.required");
      else if (index(v) < 0) errors[name] = t("dialog.answer.invalidChoice");
      else answers.push({ questionId: question.id, value: question.options[index(v)] });
    } else if (question.kind === "multi") {
      const picks = many(values[name]);
      const indexes = [...new Set(picks.map(index))];
      if (picks.length === 0) errors[name] = t("dialog.answer.required");
      else if (indexes.some((i) => i < 0)) errors[name] = t("dialog.answer.invalidChoice");
      else
        answers.push({
          questionId: question.id,
          value: indexes
            .sort((a, b) => a - b)
            .map((i) => question.options[i])
            .join("\n"),
        });
    } else if (question.kind === "scale") {
      const v = single(values[name]).slice(0, 1);
      if (!v) errors[name] = t("dialog.answer.required");
      else if (!["1", "2", "3", "4", "5"].includes(v)) errors[name] = t("dialog.answer.invalidChoice");
      else answers.push({ questionId: question.id, value: v });
    } else {
      const text = single(values[name]).replace(/[ \t]+/g, " ");
      if (text.length > MAX_TEXT_ANSWER) errors[name] = t("dialog.answer.tooLong");
      else if (text) {
        const m = maskPersonalData(text);
        for (const k of m.masked) if (!masked.includes(k)) masked.push(k);
        answers.push({ questionId: question.id, value: m.text });
      }
    }
  }
  if (Object.keys(errors).length > 0)
    return { kind: "errors", errors, form: answerForm(ctx, poll, actor.lang, { values, errors }) };

  const repo = pollRepository(ctx);
  // a group too small to be told apart is stored as one pooled group
  const groupSize = await ctx.prisma.pollRecipient.count({ where: { pollId: poll.id, groupId: gate.groupId } });
  const groupId = poll.anonymous && groupSize < ctx.pollMinResponses ? POOLED_GROUP : gate.groupId;
  const outcome = await repo.saveResponse(
    poll.id,
    responseToken(ctx.secret, poll.id, actor.id),
    { groupId, personId: poll.anonymous ? null : actor.id, day: today(ctx), answers },
    ctx.clock.now(),
  );
  if (outcome === "closed")
    return {
      kind: "done",
      reply: textReply(t("dialog.answer.closed", { title: poll.title, closed: when(ctx, actor.lang, poll.closesAt) })),
    };
  // anonymous answers leave no audit row and no log line: their time and the person could be matched
  if (!poll.anonymous) await ctx.audit.record(actor.id, "poll.answer", poll.id, { changed: outcome === "replaced" });

  const closes = when(ctx, actor.lang, poll.closesAt);
  const receipt = t(outcome === "replaced" ? "dialog.answer.receiptChanged" : "dialog.answer.receipt", {
    title: poll.title,
    closes,
  });
  const blocks: Block[] = [
    { kind: "text", text: receipt },
    { kind: "context", text: poll.anonymous ? t("dialog.answer.receiptAnonymous") : t("dialog.answer.receiptNamed") },
  ];
  if (masked.length > 0)
    blocks.push({
      kind: "context",
      text: t("dialog.answer.masked", {
        kinds: masked.map((k) => t(`log.maskedKind.${k}` as "log.maskedKind.personnummer")).join(", "),
      }),
    });
  blocks.push({ kind: "actions", buttons: [answerButton(t, poll.id, t("dialog.changeButton"))] });
  return { kind: "done", reply: { text: receipt, blocks } };
}

// ------------------------------------------------------------------ list

function answeredText(t: Translate, answered: number, asked: number, min: number): string {
  return answered >= min
    ? t("dialog.list.answeredCount", { count: answered, asked })
    : t("dialog.list.answeredFew", { min, asked });
}

/** `/dialog`: polls to answer, polls I created, polls to groups I lead, and closed ones I took part in. */
export async function listPolls(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  const repo = pollRepository(ctx);
  const min = ctx.pollMinResponses;
  const blocks: Block[] = [{ kind: "heading", text: t("dialog.list.heading") }];
  const buttons: Button[] = [];
  const item = (p: PollRecord) => t("dialog.list.item", { id: p.id, title: p.title, kind: kindText(t, p) });
  const status = async (p: PollRecord) => {
    const answered = answeredText(t, await repo.responseCount(p.id), await repo.recipientCount(p.id), min);
    return p.status === "closed"
      ? t("dialog.list.closed", { closed: when(ctx, actor.lang, p.closedAt ?? p.closesAt), answered })
      : t("dialog.list.open", { closes: when(ctx, actor.lang, p.closesAt), answered });
  };

  const asked = await repo.pollsAsking(actor.id, 20);
  const toAnswer = asked.filter((p) => isOpen(ctx, p));
  if (toAnswer.length > 0) {
    const lines = [t("dialog.list.toAnswer")];
    for (const p of toAnswer) {
      const mine = await repo.responseByToken(p.id, responseToken(ctx.secret, p.id, actor.id));
      const closes = when(ctx, actor.lang, p.closesAt);
      lines.push(
        `${item(p)} – ${mine ? t("dialog.list.answered", { closes }) : t("dialog.list.notAnswered", { closes })}`,
      );
      buttons.push(answerButton(t, p.id, t("dialog.list.answerLabel", { id: p.id })));
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  const created = await repo.pollsCreatedBy(actor.id, 10);
  if (created.length > 0) {
    const lines = [t("dialog.list.created")];
    for (const p of created) {
      lines.push(`${item(p)} – ${await status(p)}`);
      buttons.push({ label: t("dialog.list.resultsLabel", { id: p.id }), action: { id: RESULTS_ACTION, value: p.id } });
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  const ofGroups = (await repo.pollsOfGroups(actor.leadsGroupIds, 10)).filter((p) => p.createdById !== actor.id);
  if (ofGroups.length > 0) {
    const lines = [t("dialog.list.groups")];
    for (const p of ofGroups) {
      lines.push(`${item(p)} – ${await status(p)}`);
      buttons.push({ label: t("dialog.list.resultsLabel", { id: p.id }), action: { id: RESULTS_ACTION, value: p.id } });
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  const taken = asked.filter((p) => p.status === "closed" && !ofGroups.some((g) => g.id === p.id)).slice(0, 5);
  if (taken.length > 0) {
    const lines = [t("dialog.list.taken")];
    for (const p of taken) {
      lines.push(`${item(p)} – ${await status(p)}`);
      buttons.push({ label: t("dialog.list.resultsLabel", { id: p.id }), action: { id: RESULTS_ACTION, value: p.id } });
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  if (blocks.length === 1) blocks.push({ kind: "text", text: t("dialog.list.none") });
  if (canCreatePolls(actor)) blocks.push({ kind: "context", text: t("dialog.list.createHint") });
  const unique = buttons.filter((b, i) => buttons.findIndex((x) => x.label === b.label) === i).slice(0, 10);
  if (unique.length > 0) blocks.push({ kind: "actions", buttons: unique });
  const summary = blocks
    .filter((b): b is { kind: "text"; text: string } => b.kind === "text")
    .map((b) => b.text)
    .join(" ");
  return { text: `${t("dialog.list.heading")}: ${summary}`.slice(0, 2000), blocks };
}

// ------------------------------------------------------------------ results

/**
 * Who may read a poll's results: its creator, the gruppchefer of the groups
 * asked, the LPO-chef (oversight of the promise work), and, once it has
 * closed, everyone who was asked (they got the results anyway). Admins, as
 * such, do not: theirs is the technical role. Results are totals under the
 * threshold for everyone; nobody can see who answered what.
 */
export async function canViewResults(ctx: CoreContext, actor: Actor, poll: PollRecord): Promise<boolean> {
  if (poll.lpoId !== actor.lpoId) return false;
  if (poll.createdById === actor.id || hasRole(actor, "lpo-chef")) return true;
  const groups = await pollRepository(ctx).groupsAsked(poll.id);
  if (groups.some((g) => g.leadId === actor.id)) return true;
  return poll.status === "closed" && (await pollRepository(ctx).recipient(poll.id, actor.id)) !== null;
}

/** `/dialog resultat <id>` and the Resultat button; audited as a view. */
export async function showResults(ctx: CoreContext, actor: Actor, pollId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  const poll = found;
  if (!(await canViewResults(ctx, actor, poll))) return textReply(t("dialog.results.forbidden", { title: poll.title }));
  const results = await compilePollResults(ctx, poll, { lang: actor.lang, names: poll.createdById === actor.id });
  await ctx.audit.record(actor.id, "poll.results.view", poll.id, { shown: results.detailsShown });
  const heading = t("dialog.results.heading", { title: poll.title });
  const blocks: Block[] = [{ kind: "heading", text: heading }, ...resultsBlocks(ctx, results, actor.lang)];
  const buttons: Button[] = [];
  if (poll.status === "closed") {
    const groups = await pollRepository(ctx).groupsAsked(poll.id);
    if (groups.some((g) => g.leadId === actor.id))
      buttons.push({ label: t("dialog.forwardButton"), action: { id: FORWARD_ACTION, value: poll.id } });
    if (poll.createdById === actor.id)
      buttons.push({ label: t("dialog.followUpButton"), action: { id: FOLLOWUP_ACTION, value: poll.id } });
  }
  if (buttons.length > 0) blocks.push({ kind: "actions", buttons });
  const rate = blocks.find((b) => b.kind === "text");
  return { text: `${heading}: ${rate?.kind === "text" ? rate.text : ""}`, blocks };
}

// ------------------------------------------------------------------ återkoppling audience

export interface AudienceMember {
  personId: string;
  recipient: boolean;
  lead: boolean;
  creator: boolean;
}

/** Everyone the återkoppling goes to: the recipients, the gruppchefer of the groups asked, and the creator. */
export async function pollAudience(ctx: CoreContext, poll: PollRecord): Promise<AudienceMember[]> {
  const repo = pollRepository(ctx);
  const members = new Map<string, AudienceMember>();
  const add = (personId: string, role: Partial<AudienceMember>) => {
    const m = members.get(personId) ?? { personId, recipient: false, lead: false, creator: false };
    members.set(personId, { ...m, ...role });
  };
  for (const r of await repo.recipients(poll.id)) add(r.personId, { recipient: true });
  for (const g of await repo.groupsAsked(poll.id)) if (g.leadId) add(g.leadId, { lead: true });
  add(poll.createdById, { creator: true });
  return [...members.values()].sort((a, b) => a.personId.localeCompare(b.personId));
}

// ------------------------------------------------------------------ follow-up

function followUpForm(poll: PollRecord, lang: Lang, errors?: Record<string, string>, text?: string): FormSpec {
  const t = translator(lang);
  return {
    id: POLL_FOLLOWUP_FORM,
    title: t("dialog.followUp.formTitle"),
    submitLabel: t("dialog.followUp.formSubmit"),
    intro: t("dialog.followUp.formIntro", { title: poll.title, concerns: concernsText(t, poll) }),
    fields: [
      {
        kind: "text",
        name: "text",
        label: t("dialog.followUp.formText"),
        required: true,
        multiline: true,
        maxLength: MAX_FOLLOW_UP,
        initial: text ?? poll.followUp?.text,
        placeholder: t("dialog.followUp.example"),
      },
    ],
    state: poll.id,
    errors,
  };
}

async function followUpGate(ctx: CoreContext, actor: Actor, pollId: string): Promise<PollRecord | Reply> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  if (found.createdById !== actor.id) return textReply(t("dialog.followUp.forbidden", { title: found.title }));
  if (found.status !== "closed")
    return textReply(
      t("dialog.followUp.notClosed", { title: found.title, closes: when(ctx, actor.lang, found.closesAt) }),
    );
  return found;
}

async function saveFollowUp(
  ctx: CoreContext,
  actor: Actor,
  poll: PollRecord,
  raw: string,
): Promise<{ ok: true; reply: Reply } | { ok: false; error: string }> {
  const t = translator(actor.lang);
  const text = maskPersonalData(raw.replace(/[ \t]+/g, " ").trim()).text;
  if (text.length < 3 || text.length > MAX_FOLLOW_UP)
    return { ok: false, error: t("dialog.followUp.error", { example: t("dialog.followUp.example") }) };
  await pollRepository(ctx).setFollowUp(poll.id, { text, at: ctx.clock.now().toISOString() });
  await ctx.audit.record(actor.id, "poll.followup", poll.id, { length: text.length });
  const count = (await pollAudience(ctx, poll)).filter((m) => !m.creator).length;
  return { ok: true, reply: textReply(t("dialog.followUp.saved", { title: poll.title, count })) };
}

/** `/dialog uppfoljning <id> [text]`: saves the follow-up, or opens its form when no text is given. */
export async function addFollowUp(ctx: CoreContext, actor: Actor, pollId: string, text: string): Promise<Reply> {
  const gate = await followUpGate(ctx, actor, pollId);
  if (isReply(gate)) return gate;
  if (!text.trim()) {
    const form = followUpForm(gate, actor.lang);
    return { text: form.title, blocks: [{ kind: "text", text: form.intro ?? form.title }], form };
  }
  const saved = await saveFollowUp(ctx, actor, gate, text);
  return saved.ok
    ? saved.reply
    : textReply(saved.error, [{ kind: "context", text: translator(actor.lang)("dialog.usage") }]);
}

export async function submitFollowUp(
  ctx: CoreContext,
  actor: Actor,
  pollId: string,
  values: FormValues,
): Promise<FormOutcome> {
  const gate = await followUpGate(ctx, actor, pollId);
  if (isReply(gate)) return { kind: "done", reply: gate };
  const text = single(values.text);
  const saved = await saveFollowUp(ctx, actor, gate, text);
  if (saved.ok) return { kind: "done", reply: saved.reply };
  const errors = { text: saved.error };
  return { kind: "errors", errors, form: followUpForm(gate, actor.lang, errors, text) };
}

// ------------------------------------------------------------------ forward

/**
 * The gruppchef's "Skicka till gruppen": recorded (audit `poll.results.forward`)
 * and delivered to the group's bound channels by the poll-forward job, once
 * per poll and channel.
 */
export async function requestForward(ctx: CoreContext, actor: Actor, pollId: string): Promise<Reply> {
  const t = translator(actor.lang);
  const found = await findPoll(ctx, actor, pollId);
  if (isReply(found)) return found;
  const poll = found;
  const led = (await pollRepository(ctx).groupsAsked(poll.id)).filter((g) => g.leadId === actor.id);
  if (led.length === 0) return textReply(t("dialog.forward.forbidden", { title: poll.title }));
  if (poll.status !== "closed")
    return textReply(
      t("dialog.forward.notClosed", { title: poll.title, closes: when(ctx, actor.lang, poll.closesAt) }),
    );
  const names = led.map((g) => g.name).join(", ");
  const bindings = await ctx.prisma.channelBinding.findMany({ where: { groupId: { in: led.map((g) => g.id) } } });
  if (bindings.length === 0) return textReply(t("dialog.forward.noChannel", { groups: names }));
  const sent = await pollRepository(ctx).deliveredKeys(POLL_FORWARD_JOB, POLL_PERIOD, `poll:${poll.id}:forward:`);
  if (bindings.every((b) => sent.has(forwardKey(poll.id, b.platform, b.channelId))))
    return textReply(t("dialog.forward.already", { title: poll.title, groups: names }));
  await ctx.audit.record(actor.id, "poll.results.forward", poll.id, { groups: led.map((g) => g.id) });
  return textReply(t("dialog.forward.queued", { title: poll.title, groups: names }));
}

export function forwardKey(pollId: string, platform: string, channelId: string): string {
  return `poll:${pollId}:forward:${platform}:channel:${channelId}`;
}
