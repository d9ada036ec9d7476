// The quality scorecard (prestation): each promise of a kommun that runs in a
// period, against Polisens kvalitetskriterier (Brå 2018:14) with stable ids
// vad.a–vad.c, hur.a–hur.d, lofte.a–lofte.e.
//
// A criterion is COMPUTED from Löftesbot's own data where the data can decide
// it, with the evidence shown; where it cannot (no such data, or a judgement
// no data holds) it is ASSESSED by a kommunpolis in chat (met / partly / not
// met + note, who and when; the latest assessment counts) and, until then,
// "to-assess". A computed result is never overridden by hand: the form only
// offers criteria the data cannot decide at the time.
//
// The dialogues considered for a promise: those about the promise itself, and
// those about its kommun or the whole LPO (no promise), that opened on or
// before the period's last day. Counts come from the dialog feature's poll
// overviews, so a dialogue's answer count below the anonymity threshold is
// never shown (nor used: the response rate is then "fewer than N").
//
// Rules (also in the README):
//   vad.a  share of the members of the promise's groups (its activities'
//          groups; all of the LPO when none) asked in a vad-dialogue:
//          all → met, at least half → partly, less → not met
//   vad.b  answers / asked over the closed vad-dialogues shown: ≥ 60 % met,
//          ≥ 30 % partly, else not met (fewer than the threshold: not met)
//   vad.c  closed vad-dialogues with the creator's återkoppling: all → met,
//          some → partly, none → not met; with the days from closing to the
//          first delivery (or to the note, while undelivered) and to how many
//          it was delivered (the delivery ledger)
//   hur.a  a hur-dialogue built on a vad-dialogue (its themes) → met; else to assess
//   hur.b  activities with a target (amount, unit, period) and a baseline:
//          all both → met, all a target → partly, else not met
//   hur.d  as vad.c for hur-dialogues
//   lofte.e a citizen summary of the kommun, covering part of the promise's
//          run, marked published on or before the period's end → met; else to assess
//   hur.c, lofte.a–d are assessed (the evidence shown is what Löftesbot knows)
import { daysBetween, dayInZone } from "../../../domain/calendar.js";
import type { Lang } from "../../../domain/lang.js";
import { type Translate, translator } from "../../../i18n/index.js";
import type { CoreContext } from "../../../core/context.js";
import type { ActivityInScope } from "../../../storage/organisationRepository.js";
import { FollowUpCalculator, shown } from "../figures.js";
import type { FollowUpPeriod } from "../followUpPeriod.js";
import { type PollSummary, pollSummaries, responseRate } from "../followUpPolls.js";
import type { KommunRef } from "../store.js";
import { activitiesOfKommun } from "../store.js";
import {
  type AssessedStatus,
  askedInPolls,
  feedbackDelivered,
  latestAssessments,
  membersOfGroups,
  type PublicationRow,
  publicationsOf,
} from "./store.js";

export const CRITERIA = [
  "vad.a",
  "vad.b",
  "vad.c",
  "hur.a",
  "hur.b",
  "hur.c",
  "hur.d",
  "lofte.a",
  "lofte.b",
  "lofte.c",
  "lofte.d",
  "lofte.e",
] as const;
export type CriterionId = (typeof CRITERIA)[number];

export function isCriterionId(text: string): text is CriterionId {
  return (CRITERIA as readonly string[]).includes(text);
}

/** Criteria that can only be assessed (no data in Löftesbot can decide them). */
export const ASSESSED_ONLY: readonly CriterionId[] = ["hur.c", "lofte.a", "lofte.b", "lofte.c", "lofte.d"];

export type QualityStatus = AssessedStatus | "to-assess";
export const ASSESSED_STATUSES: readonly AssessedStatus[] = ["met", "partly", "not-met"];

export interface CriterionResult {
  id: CriterionId;
  level: "vad" | "hur" | "lofte";
  /** the criterion's text in the report's language */
  text: string;
  status: QualityStatus;
  /** computed from data, assessed by a person, or neither yet */
  source: "computed" | "assessed" | "none";
  /** what Löftesbot's data shows about it (always given) */
  evidence: string;
  /** the assessor's note (masked when saved); null unless assessed */
  note: string | null;
  /** person id of the assessor; null unless assessed */
  assessedBy: string | null;
  assessedByName: string | null;
  /** ISO time of the assessment; null unless assessed */
  assessedAt: string | null;
}

export interface PromiseScorecard {
  promiseId: string;
  title: string;
  from: string;
  to: string;
  criteria: CriterionResult[];
}

export interface StatusCounts {
  met: number;
  partly: number;
  notMet: number;
  toAssess: number;
}

/** The report's `quality` section: the scorecard of every promise of the kommun in the period. */
export interface QualitySection {
  kommunId: string;
  from: string;
  to: string;
  promises: PromiseScorecard[];
  counts: StatusCounts;
}

export function countStatuses(criteria: CriterionResult[]): StatusCounts {
  return {
    met: criteria.filter((c) => c.status === "met").length,
    partly: criteria.filter((c) => c.status === "partly").length,
    notMet: criteria.filter((c) => c.status === "not-met").length,
    toAssess: criteria.filter((c) => c.status === "to-assess").length,
  };
}

type Computed = { status: AssessedStatus | null; evidence: string };

function byShare(done: number, all: number, full: number, half: number): AssessedStatus {
  const share = all > 0 ? done / all : 0;
  return share >= full ? "met" : share >= half ? "partly" : "not-met";
}

interface PromiseInputs {
  id: string;
  title: string;
  from: string;
  to: string;
  activities: ActivityInScope[];
}

class ScoreContext {
  readonly t: Translate;
  constructor(
    readonly ctx: CoreContext,
    readonly lang: Lang,
    readonly kommun: KommunRef,
    readonly period: FollowUpPeriod,
    readonly calc: FollowUpCalculator,
    readonly polls: PollSummary[],
    readonly publications: PublicationRow[],
    readonly names: Map<string, string>,
    /** only which criteria are computed matters (the assessment form): the activities' figures are skipped */
    readonly light: boolean,
  ) {
    this.t = translator(lang);
  }

  day(instant: Date): string {
    return dayInZone(instant, this.ctx.timeZone);
  }

  when(instant: Date): string {
    const time = new Intl.DateTimeFormat("sv-SE", {
      timeZone: this.ctx.timeZone,
      hour: "2-digit",
      minute: "2-digit",
    }).format(instant);
    return `${this.day(instant)} ${time}`;
  }
}

async function participation(s: ScoreContext, p: PromiseInputs, vad: PollSummary[]): Promise<Computed> {
  if (vad.length === 0) return { status: null, evidence: s.t("quality.ev.noVad") };
  const expected = [...new Set(p.activities.flatMap((a) => a.groupIds))];
  const groupIds =
    expected.length > 0 ? expected : (await s.ctx.organisation.groupsOfLpo(s.kommun.lpoId)).map((g) => g.id);
  const members = await membersOfGroups(s.ctx, groupIds);
  if (members.size === 0) return { status: null, evidence: s.t("quality.ev.noMembers") };
  const asked = await askedInPolls(
    s.ctx,
    vad.map((v) => v.id),
  );
  const offered = [...members].filter((m) => asked.has(m)).length;
  return {
    status: byShare(offered, members.size, 1, 0.5),
    evidence: s.t("quality.ev.offered", {
      offered,
      members: members.size,
      percent: responseRate(offered, members.size) ?? "–",
    }),
  };
}

function answers(s: ScoreContext, polls: PollSummary[], none: string): Computed {
  if (polls.length === 0) return { status: null, evidence: none };
  const closed = polls.filter((p) => p.status === "closed");
  const running = polls
    .filter((p) => p.status === "open")
    .map((p) => s.t("quality.ev.running", { title: p.title, day: s.day(p.closesAt) }));
  if (closed.length === 0) return { status: null, evidence: [s.t("quality.ev.allRunning"), ...running].join("; ") };
  const lines = closed.map((p) =>
    p.answered === null
      ? s.t("quality.ev.fewAnswers", { title: p.title, threshold: s.ctx.pollMinResponses, asked: p.asked })
      : s.t("quality.ev.answers", {
          title: p.title,
          answered: p.answered,
          asked: p.asked,
          percent: responseRate(p.answered, p.asked) ?? "–",
        }),
  );
  const asked = closed.reduce((n, p) => n + p.asked, 0);
  const answered = closed.reduce((n, p) => n + (p.answered ?? 0), 0);
  return { status: byShare(answered, asked, 0.6, 0.3), evidence: [...lines, ...running].join("; ") };
}

async function fedBack(s: ScoreContext, polls: PollSummary[], none: string): Promise<Computed> {
  if (polls.length === 0) return { status: null, evidence: none };
  const closed = polls.filter((p) => p.status === "closed");
  if (closed.length === 0) return { status: null, evidence: s.t("quality.ev.allRunning") };
  const lines: string[] = [];
  let done = 0;
  for (const p of closed) {
    if (p.followUp === null) {
      lines.push(s.t("quality.ev.notFedBack", { title: p.title, day: s.day(p.closedAt ?? p.closesAt) }));
      continue;
    }
    done++;
    const { count, firstSentAt } = await feedbackDelivered(s.ctx, p.id);
    const written = p.followUpAt ? new Date(p.followUpAt) : null;
    const at = firstSentAt ?? (written && !Number.isNaN(written.getTime()) ? written : null);
    const sent = count > 0 ? s.t("quality.ev.sentTo", { count }) : s.t("quality.ev.notSentYet");
    if (!at) lines.push(s.t("quality.ev.fedBackUnknown", { title: p.title, sent }));
    else {
      const days = daysBetween(s.day(p.closedAt ?? p.closesAt), s.day(at));
      lines.push(
        days <= 0
          ? s.t("quality.ev.fedBackSameDay", { title: p.title, sent })
          : s.t("quality.ev.fedBackDays", { title: p.title, days, sent }),
      );
    }
  }
  return { status: done === closed.length ? "met" : done > 0 ? "partly" : "not-met", evidence: lines.join("; ") };
}

function underlag(s: ScoreContext, hur: PollSummary[], all: PollSummary[]): Computed {
  if (hur.length === 0) return { status: null, evidence: s.t("quality.ev.noHur") };
  const seeded = hur
    .map((h) => ({ h, seed: all.find((v) => v.id === h.seededFrom && v.kind === "vad") }))
    .filter((x) => x.seed);
  if (seeded.length === 0) return { status: null, evidence: s.t("quality.ev.notSeeded") };
  return {
    status: "met",
    evidence: seeded.map((x) => s.t("quality.ev.seeded", { title: x.h.title, seed: x.seed?.title ?? "" })).join("; "),
  };
}

async function targets(
  s: ScoreContext,
  p: PromiseInputs,
): Promise<{ measurable: Computed; feasible: string; withTarget: number }> {
  const count = p.activities.length;
  if (count === 0) {
    const evidence = s.t("quality.ev.noActivities");
    return { measurable: { status: "not-met", evidence }, feasible: evidence, withTarget: 0 };
  }
  let withTarget = 0;
  let withBaseline = 0;
  let measured = 0;
  let reached = 0;
  for (const a of p.activities) {
    const f = await s.calc.figures(a, s.period);
    if (f.targetInForce && f.targetInForce.amount > 0) withTarget++;
    if (f.baseline !== null) withBaseline++;
    if (f.target !== null && f.target > 0) {
      measured++;
      if (shown(f.done) >= shown(f.target)) reached++;
    }
  }
  return {
    measurable: {
      status: withTarget === count && withBaseline === count ? "met" : withTarget === count ? "partly" : "not-met",
      evidence: s.t("quality.ev.targets", { withTarget, withBaseline, count }),
    },
    feasible: s.t("quality.ev.feasible", { reached, count: measured }),
    withTarget,
  };
}

function communicated(s: ScoreContext, p: PromiseInputs): Computed {
  const end = s.period.to;
  const found = s.publications.find((x) => x.fromDay <= p.to && x.toDay >= p.from && s.day(x.publishedAt) <= end);
  if (!found) return { status: null, evidence: s.t("quality.ev.notPublished") };
  const how =
    found.source === "chat" && found.publishedById
      ? s.t("quality.ev.publishedChat", { name: s.names.get(found.publishedById) ?? found.publishedById })
      : s.t("quality.ev.publishedCli");
  return {
    status: "met",
    evidence: s.t("quality.ev.published", { from: found.fromDay, to: found.toDay, at: s.when(found.publishedAt), how }),
  };
}

async function promiseScorecard(
  s: ScoreContext,
  p: PromiseInputs,
  assessed: Map<string, { status: AssessedStatus; note: string; assessedById: string; assessedAt: Date }>,
): Promise<PromiseScorecard> {
  const polls = s.polls.filter(
    (x) => (x.promiseId === p.id || x.promiseId === null) && s.day(x.opensAt) <= s.period.to,
  );
  const vad = polls.filter((x) => x.kind === "vad");
  const hur = polls.filter((x) => x.kind === "hur");
  const t = s.t;
  // hur.b is always computed (every promise has activities or not): the form does not need its figures
  const plan = s.light
    ? { measurable: { status: "met" as const, evidence: "" }, feasible: "", withTarget: 0 }
    : await targets(s, p);
  const computed: Record<CriterionId, Computed> = {
    "vad.a": await participation(s, p, vad),
    "vad.b": answers(s, vad, t("quality.ev.noVad")),
    "vad.c": await fedBack(s, vad, t("quality.ev.noVad")),
    "hur.a": underlag(s, hur, polls),
    "hur.b": plan.measurable,
    "hur.c": { status: null, evidence: plan.feasible },
    "hur.d": await fedBack(s, hur, t("quality.ev.noHur")),
    "lofte.a": { status: null, evidence: t("quality.ev.citizens") },
    "lofte.b": { status: null, evidence: t("quality.ev.dialogues", { vad: vad.length, hur: hur.length }) },
    "lofte.c": { status: null, evidence: t("quality.ev.agreement") },
    "lofte.d": { status: null, evidence: t("quality.ev.plan", { count: plan.withTarget }) },
    "lofte.e": communicated(s, p),
  };
  const criteria = CRITERIA.map((id): CriterionResult => {
    const c = computed[id];
    const base = {
      id,
      level: id.slice(0, id.indexOf(".")) as CriterionResult["level"],
      text: t(`quality.c.${id}`),
      evidence: c.evidence,
    };
    if (c.status !== null)
      return {
        ...base,
        status: c.status,
        source: "computed",
        note: null,
        assessedBy: null,
        assessedByName: null,
        assessedAt: null,
      };
    const a = assessed.get(id);
    if (!a)
      return {
        ...base,
        status: "to-assess",
        source: "none",
        note: null,
        assessedBy: null,
        assessedByName: null,
        assessedAt: null,
      };
    return {
      ...base,
      status: a.status,
      source: "assessed",
      note: a.note || null,
      assessedBy: a.assessedById,
      assessedByName: s.names.get(a.assessedById) ?? a.assessedById,
      assessedAt: a.assessedAt.toISOString(),
    };
  });
  return { promiseId: p.id, title: p.title, from: p.from, to: p.to, criteria };
}

/**
 * The scorecards of the kommun's promises running in the period (all of them,
 * or only `only.promiseId`'s; `light`: without the activities' figures, whose
 * evidence is then empty — for deciding what the assessment form offers).
 */
export async function qualitySection(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  lang: Lang,
  only?: { promiseId: string; light?: boolean },
): Promise<QualitySection> {
  const promises: PromiseInputs[] = [];
  for (const a of await activitiesOfKommun(ctx, kommun.id, period)) {
    if (only && a.promiseId !== only.promiseId) continue;
    let p = promises.find((x) => x.id === a.promiseId);
    if (!p) {
      p = { id: a.promiseId, title: a.promiseTitle, from: a.promiseFrom, to: a.promiseTo, activities: [] };
      promises.push(p);
    }
    p.activities.push(a);
  }
  const assessments = await latestAssessments(
    ctx,
    promises.map((p) => p.id),
  );
  const publications = await publicationsOf(ctx, kommun.id);
  const personIds = [
    ...[...assessments.values()].flatMap((m) => [...m.values()].map((a) => a.assessedById)),
    ...publications.flatMap((p) => (p.publishedById ? [p.publishedById] : [])),
  ];
  const names = await ctx.organisation.peopleNames([...new Set(personIds)]);
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const s = new ScoreContext(
    ctx,
    lang,
    kommun,
    period,
    new FollowUpCalculator(ctx, today),
    promises.length > 0 ? await pollSummaries(ctx, { lpoId: kommun.lpoId, kommunId: kommun.id }) : [],
    publications,
    names,
    only?.light === true,
  );
  const cards: PromiseScorecard[] = [];
  for (const p of promises) cards.push(await promiseScorecard(s, p, assessments.get(p.id) ?? new Map()));
  return {
    kommunId: kommun.id,
    from: period.from,
    to: period.to,
    promises: cards,
    counts: countStatuses(cards.flatMap((c) => c.criteria)),
  };
}
