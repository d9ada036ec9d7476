// Dialogue polls as follow-up sees them: who was asked and how many answered,
// never who answered or what. Read through the dialog feature's pollOverviews
// (its index.ts), whose counts obey the poll feature's own anonymity rules: a
// total only when at least the threshold answered, a group's count only when
// at least the threshold in it answered, with complementary hiding. A poll
// whose closing time has passed counts as closed even before the poll feature
// has closed it; a closed poll without the creator's feedback note
// (återkoppling) is waiting for its results to be fed back.
import type { CoreContext } from "../../core/context.js";
import { type GroupRate, pollOverviews } from "../dialog/index.js";

export type { GroupRate };

export interface PollSummary {
  id: string;
  title: string;
  kind: string;
  status: "open" | "closed";
  kommunId: string | null;
  promiseId: string | null;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  /** the creator's feedback note on the poll (återkoppling), null while not fed back */
  followUp: string | null;
  /** ISO time the feedback note was written; null while none (or unknown) */
  followUpAt: string | null;
  /** the vad poll a hur poll was built on */
  seededFrom: string | null;
  /** what the creator said would happen with the results */
  whatNext: string;
  asked: number;
  /** null below the anonymity threshold */
  answered: number | null;
  /** per group asked, threshold and complementary hiding applied */
  groups: GroupRate[];
  /** false: a named dialogue (it has no threshold, and every text about it says it is named) */
  anonymous: boolean;
}

export interface PollQuery {
  lpoId: string;
  /** only polls that asked one of these groups */
  groupIds?: string[];
  /** only polls about this kommun (its own, of one of its promises, or LPO-wide) */
  kommunId?: string;
}

export async function pollSummaries(ctx: CoreContext, query: PollQuery): Promise<PollSummary[]> {
  const now = ctx.clock.now();
  return (await pollOverviews(ctx, query)).map((p) => ({
    id: p.id,
    title: p.title,
    kind: p.kind,
    status: p.status === "closed" || p.closesAt.getTime() <= now.getTime() ? "closed" : "open",
    kommunId: p.kommunId,
    promiseId: p.promiseId,
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    closedAt: p.closedAt,
    followUp: p.feedback,
    followUpAt: p.feedbackAt,
    seededFrom: p.seededFrom,
    whatNext: p.whatNext,
    asked: p.asked,
    answered: p.answered,
    groups: p.groups,
    anonymous: p.anonymous,
  }));
}

export function awaitingFeedback(poll: PollSummary): boolean {
  return poll.status === "closed" && poll.followUp === null;
}

/** Whole percent answered; null when nobody was asked (a share of nobody is missing, never 0 %). */
export function responseRate(answered: number, asked: number): number | null {
  return asked > 0 ? Math.round((answered / asked) * 100) : null;
}
