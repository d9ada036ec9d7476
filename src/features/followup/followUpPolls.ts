// Dialogue polls as follow-up sees them: who was asked and how many answered,
// never who answered or what. Read-only over the poll tables; the counts obey
// the poll feature's own anonymity rules (pollResults.ts): a total only when
// at least the threshold answered, a group's count only when at least the
// threshold in it answered, with complementary hiding (groupRates). A poll
// whose closing time has passed counts as closed even before the poll feature
// has closed it; a closed poll without a follow-up note is waiting for its
// results to be fed back.
import { parseFollowUp } from "../dialog/store.js";
import type { CoreContext } from "../../core/context.js";
import { type GroupRate, groupRates } from "../dialog/pollResults.js";

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
  /** the follow-up note (återkoppling), null while not fed back */
  followUp: string | null;
  /** what the creator said would happen with the results */
  whatNext: string;
  asked: number;
  /** null below the anonymity threshold */
  answered: number | null;
  /** per group asked, threshold and complementary hiding applied */
  groups: GroupRate[];
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
  const polls = await ctx.prisma.dialoguePoll.findMany({
    where: {
      lpoId: query.lpoId,
      status: { not: "draft" },
      ...(query.groupIds ? { recipients: { some: { groupId: { in: query.groupIds } } } } : {}),
      ...(query.kommunId
        ? {
            OR: [
              { kommunId: query.kommunId },
              { promise: { kommunId: query.kommunId } },
              { kommunId: null, promiseId: null },
            ],
          }
        : {}),
    },
    select: {
      id: true,
      title: true,
      kind: true,
      status: true,
      kommunId: true,
      promiseId: true,
      opensAt: true,
      closesAt: true,
      closedAt: true,
      followUp: true,
      whatNext: true,
    },
    orderBy: [{ opensAt: "asc" }, { id: "asc" }],
  });
  const summaries: PollSummary[] = [];
  for (const p of polls) {
    const [asked, answered, groups] = await Promise.all([
      ctx.prisma.pollRecipient.count({ where: { pollId: p.id } }),
      ctx.prisma.pollResponse.count({ where: { pollId: p.id } }),
      groupRates(ctx, p.id),
    ]);
    const closed = p.status === "closed" || p.closesAt.getTime() <= now.getTime();
    summaries.push({
      ...p,
      status: closed ? "closed" : "open",
      followUp: parseFollowUp(p.followUp)?.text || null,
      asked,
      answered: answered >= ctx.pollMinResponses ? answered : null,
      groups,
    });
  }
  return summaries;
}

export function awaitingFeedback(poll: PollSummary): boolean {
  return poll.status === "closed" && poll.followUp === null;
}

/** Whole percent answered, 0 when nobody was asked. */
export function responseRate(answered: number, asked: number): number {
  return asked > 0 ? Math.round((answered / asked) * 100) : 0;
}
