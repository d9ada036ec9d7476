// Dialogue polls as other features see them (the follow-up's reports and
// monthly view): who was asked and how many answered, never who answered or
// what. The counts obey this feature's anonymity rules (pollResults.ts): a
// total only when at least the threshold answered, a group's count only when
// at least the threshold in it answered, with complementary hiding (groupRates).
import type { CoreContext } from "../../core/context.js";
import { type GroupRate, groupRates, thresholdOf } from "./pollResults.js";
import { type PollOverviewQuery, pollRepository } from "./store.js";

export type { GroupRate, PollOverviewQuery };

export interface PollOverview {
  id: string;
  title: string;
  kind: string;
  /** as stored; a poll whose closing time has passed may not have been closed yet */
  status: string;
  kommunId: string | null;
  promiseId: string | null;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  /** the creator's feedback note (återkoppling, "ni sa / vi gör"); null while none was written */
  feedback: string | null;
  /** ISO time the feedback note was written; null while none was written (or unknown, on the oldest notes) */
  feedbackAt: string | null;
  /** the closed vad poll a hur poll was built on (its themes became the first question) */
  seededFrom: string | null;
  /** what the creator said would happen with the results */
  whatNext: string;
  asked: number;
  /** null below the anonymity threshold */
  answered: number | null;
  /** per group asked, threshold and complementary hiding applied */
  groups: GroupRate[];
  /** false: a named dialogue (its figures have no threshold, and it says so) */
  anonymous: boolean;
}

/** The LPO's polls (not drafts) matching the query, oldest first. */
export async function pollOverviews(ctx: CoreContext, query: PollOverviewQuery): Promise<PollOverview[]> {
  const repo = pollRepository(ctx);
  const overviews: PollOverview[] = [];
  for (const p of await repo.overviewRows(query)) {
    const [asked, answered, groups] = await Promise.all([
      repo.recipientCount(p.id),
      repo.responseCount(p.id),
      groupRates(ctx, p.id, p.anonymous),
    ]);
    overviews.push({
      id: p.id,
      title: p.title,
      kind: p.kind,
      status: p.status,
      kommunId: p.kommunId,
      promiseId: p.promiseId,
      opensAt: p.opensAt,
      closesAt: p.closesAt,
      closedAt: p.closedAt,
      feedback: p.feedback?.text || null,
      feedbackAt: p.feedback?.text ? p.feedback.at || null : null,
      seededFrom: p.seededFrom,
      whatNext: p.whatNext,
      asked,
      answered: answered >= thresholdOf(ctx, p) ? answered : null,
      anonymous: p.anonymous,
      groups,
    });
  }
  return overviews;
}
