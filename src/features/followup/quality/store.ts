// The quality follow-up's own queries: the kommunpolis's assessments (rows are
// only added, the latest per promise and criterion counts), the citizen
// summaries marked published, and the few facts about dialogues the
// scorecard needs beyond the poll overviews' counts — who was asked (never
// who answered: poll_recipient says nothing about that), and to how many the
// creator's feedback note was delivered (the delivery ledger's sent rows of
// the poll-followup job, whose keys are `poll:<id>:followup:<version>:person:<id>`).
import type { CoreContext } from "../../../core/context.js";

export type AssessedStatus = "met" | "partly" | "not-met";

export interface AssessmentRow {
  promiseId: string;
  criterionId: string;
  status: AssessedStatus;
  note: string;
  assessedById: string;
  assessedAt: Date;
}

export interface PublicationRow {
  kommunId: string;
  fromDay: string;
  toDay: string;
  source: "chat" | "cli";
  publishedById: string | null;
  publishedAt: Date;
}

export interface PromiseRow {
  id: string;
  title: string;
  fromDay: string;
  toDay: string;
  kommunId: string;
  kommunName: string;
  lpoId: string;
}

/** The latest assessment per criterion of each promise. */
export async function latestAssessments(
  ctx: CoreContext,
  promiseIds: string[],
): Promise<Map<string, Map<string, AssessmentRow>>> {
  const rows = await ctx.prisma.qualityAssessment.findMany({
    where: { promiseId: { in: promiseIds } },
    orderBy: [{ assessedAt: "asc" }, { id: "asc" }],
  });
  const out = new Map<string, Map<string, AssessmentRow>>();
  for (const r of rows) {
    const byCriterion = out.get(r.promiseId) ?? new Map<string, AssessmentRow>();
    byCriterion.set(r.criterionId, { ...r, status: r.status as AssessedStatus });
    out.set(r.promiseId, byCriterion);
  }
  return out;
}

export async function addAssessment(ctx: CoreContext, row: Omit<AssessmentRow, "assessedAt">): Promise<Date> {
  const saved = await ctx.prisma.qualityAssessment.create({ data: { ...row, assessedAt: ctx.clock.now() } });
  return saved.assessedAt;
}

export async function addPublication(ctx: CoreContext, row: Omit<PublicationRow, "publishedAt">): Promise<Date> {
  const saved = await ctx.prisma.citizenSummaryPublication.create({ data: { ...row, publishedAt: ctx.clock.now() } });
  return saved.publishedAt;
}

/** The kommun's publications, latest first. */
export async function publicationsOf(ctx: CoreContext, kommunId: string): Promise<PublicationRow[]> {
  const rows = await ctx.prisma.citizenSummaryPublication.findMany({
    where: { kommunId },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
  });
  return rows.map((r) => ({ ...r, source: r.source === "chat" ? "chat" : "cli" }));
}

export async function promiseRow(ctx: CoreContext, id: string): Promise<PromiseRow | null> {
  const p = await ctx.prisma.citizenPromise.findUnique({ where: { id }, include: { kommun: true } });
  return p
    ? {
        id: p.id,
        title: p.title,
        fromDay: p.fromDay,
        toDay: p.toDay,
        kommunId: p.kommunId,
        kommunName: p.kommun.name,
        lpoId: p.kommun.lpoId,
      }
    : null;
}

/** The people (not forgotten) who are members of any of the groups. */
export async function membersOfGroups(ctx: CoreContext, groupIds: string[]): Promise<Set<string>> {
  const rows = await ctx.prisma.groupMember.findMany({
    where: { groupId: { in: groupIds }, person: { forgottenAt: null } },
    select: { personId: true },
  });
  return new Set(rows.map((r) => r.personId));
}

/** Everyone asked in any of the polls. */
export async function askedInPolls(ctx: CoreContext, pollIds: string[]): Promise<Set<string>> {
  const rows = await ctx.prisma.pollRecipient.findMany({
    where: { pollId: { in: pollIds } },
    select: { personId: true },
  });
  return new Set(rows.map((r) => r.personId));
}

/** To how many people the poll's feedback note was delivered (any version of the note), and when first. */
export async function feedbackDelivered(
  ctx: CoreContext,
  pollId: string,
): Promise<{ count: number; firstSentAt: Date | null }> {
  const prefix = `poll:${pollId}:followup:`;
  const rows = await ctx.prisma.delivery.findMany({
    where: { job: "poll-followup", status: "sent", recipient: { startsWith: prefix } },
    select: { recipient: true, sentAt: true },
  });
  const people = new Set(rows.map((r) => r.recipient.slice(r.recipient.lastIndexOf(":person:") + 8)));
  const times = rows.map((r) => r.sentAt?.getTime()).filter((x): x is number => x !== undefined);
  return { count: people.size, firstSentAt: times.length > 0 ? new Date(Math.min(...times)) : null };
}

/** Every name in the organisation (people not forgotten): what a public text must never hold. */
export async function allPeopleNames(ctx: CoreContext): Promise<string[]> {
  const rows = await ctx.prisma.person.findMany({ where: { forgottenAt: null }, select: { name: true } });
  return rows.map((r) => r.name).filter((n) => n.trim().length > 0);
}
