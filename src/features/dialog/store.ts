// Dialogue polls in the database: creating a poll with its questions and
// recipients in one write, answer sheets (one per token, replaced as a whole),
// closing exactly once, and the reads the results, the jobs and other
// features (overview.ts) need. Reads of other tables are in storeLookups.ts.
//
// Answer sheets and answers get random ids (not cuids, which carry the time
// they were made): a row says nothing about when, beyond its day, nor who.
import { randomUUID } from "node:crypto";
import { z } from "zod/v4";
import type { QuestionKind, QuestionSpec } from "./pollQuestions.js";
import type { Prisma } from "../../storage/database.js";
import type { CoreContext } from "../../core/context.js";
import { parseJson } from "./json.js";

export type PollKind = "vad" | "hur";
export type PollStatus = "open" | "closed";

/** The group of an answer sheet from a group too small to be told apart (see answer.ts). */
export const POOLED_GROUP = "*";

/** The creator's feedback note (återkoppling, "ni sa / vi gör") on a closed poll. */
export interface FeedbackNote {
  text: string;
  /** ISO time it was written; a new note is delivered again */
  at: string;
}

export interface PollQuestionRecord extends QuestionSpec {
  id: string;
  position: number;
}

export interface PollRecord {
  id: string;
  lpoId: string;
  kind: PollKind;
  title: string;
  promiseId: string | null;
  promiseTitle: string | null;
  kommunId: string | null;
  kommunName: string | null;
  createdById: string;
  anonymous: boolean;
  whatNext: string;
  feedback: FeedbackNote | null;
  status: PollStatus;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  seededFrom: string | null;
  createdAt: Date;
  questions: PollQuestionRecord[];
}

export interface NewPoll {
  lpoId: string;
  kind: PollKind;
  title: string;
  promiseId: string | null;
  kommunId: string | null;
  createdById: string;
  anonymous: boolean;
  whatNext: string;
  opensAt: Date;
  closesAt: Date;
  seededFrom: string | null;
  questions: QuestionSpec[];
  recipients: { personId: string; groupId: string }[];
}

export interface StoredResponse {
  groupId: string;
  personId: string | null;
  day: string;
  answers: { questionId: string; value: string }[];
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** The stored note, in the column `followUp` (its first name): JSON of a FeedbackNote; older rows hold plain text. */
const feedbackNote = z.object({ text: z.string(), at: z.string() });

export function parseFeedbackNote(value: string | null): FeedbackNote | null {
  if (!value) return null;
  return parseJson(value, feedbackNote) ?? { text: value, at: "" };
}

const pollInclude = {
  questions: { orderBy: { position: "asc" } },
  promise: { select: { title: true, kommun: { select: { name: true } } } },
} as const;

/** Which polls another feature asks about (see overview.ts). */
export interface PollOverviewQuery {
  lpoId: string;
  /** only polls that asked one of these groups */
  groupIds?: string[];
  /** only polls about this kommun (its own, of one of its promises, or LPO-wide) */
  kommunId?: string;
}

/** A poll as overviewRows reads it. */
export interface PollOverviewRow {
  id: string;
  title: string;
  kind: string;
  status: string;
  kommunId: string | null;
  promiseId: string | null;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  feedback: FeedbackNote | null;
  whatNext: string;
}

/** The poll repository of the context's database. */
export function pollRepository(ctx: CoreContext): PollRepository {
  return new PollRepository(ctx.prisma);
}

export class PollRepository {
  constructor(private readonly prisma: Prisma) {}

  private async kommunNames(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.kommun.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private async records(where: Parameters<Prisma["dialoguePoll"]["findMany"]>[0]): Promise<PollRecord[]> {
    const rows = await this.prisma.dialoguePoll.findMany({ ...where, include: pollInclude });
    const kommuner = await this.kommunNames([...new Set(rows.map((r) => r.kommunId).filter((k): k is string => !!k))]);
    return rows.map((r) => ({
      id: r.id,
      lpoId: r.lpoId,
      kind: r.kind as PollKind,
      title: r.title,
      promiseId: r.promiseId,
      promiseTitle: r.promise?.title ?? null,
      kommunId: r.kommunId,
      kommunName: (r.kommunId ? kommuner.get(r.kommunId) : undefined) ?? r.promise?.kommun.name ?? null,
      createdById: r.createdById,
      anonymous: r.anonymous,
      whatNext: r.whatNext,
      feedback: parseFeedbackNote(r.followUp),
      status: r.status === "closed" ? "closed" : "open",
      opensAt: r.opensAt,
      closesAt: r.closesAt,
      closedAt: r.closedAt,
      seededFrom: r.seededFrom,
      createdAt: r.createdAt,
      questions: r.questions.map((x) => ({
        id: x.id,
        position: x.position,
        kind: x.kind as QuestionKind,
        text: x.text,
        options: x.options.split("\n").filter(Boolean),
      })),
    }));
  }

  async poll(id: string): Promise<PollRecord | null> {
    return (await this.records({ where: { id } }))[0] ?? null;
  }

  /** The next free id: d1, d2, … (short, to be typed in `/dialog resultat d3`). */
  private async nextId(): Promise<string> {
    const rows = await this.prisma.dialoguePoll.findMany({ where: { id: { startsWith: "d" } }, select: { id: true } });
    const numbers = rows.map((r) => Number(r.id.slice(1))).filter((n) => Number.isInteger(n));
    return `d${Math.max(0, ...numbers) + 1}`;
  }

  /** The poll, its questions and recipients in one write; returns the new id. */
  async create(poll: NewPoll): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const id = await this.nextId();
      try {
        await this.prisma.dialoguePoll.create({
          data: {
            id,
            lpoId: poll.lpoId,
            kind: poll.kind,
            title: poll.title,
            promiseId: poll.promiseId,
            kommunId: poll.kommunId,
            createdById: poll.createdById,
            anonymous: poll.anonymous,
            whatNext: poll.whatNext,
            status: "open",
            opensAt: poll.opensAt,
            closesAt: poll.closesAt,
            seededFrom: poll.seededFrom,
            questions: {
              create: poll.questions.map((x, position) => ({
                position,
                kind: x.kind,
                text: x.text,
                options: x.options.join("\n"),
              })),
            },
            recipients: { create: poll.recipients.map((r) => ({ personId: r.personId, groupId: r.groupId })) },
          },
        });
        return id;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  }

  async recipient(pollId: string, personId: string): Promise<{ groupId: string } | null> {
    return this.prisma.pollRecipient.findUnique({
      where: { pollId_personId: { pollId, personId } },
      select: { groupId: true },
    });
  }

  async recipients(pollId: string): Promise<{ personId: string; groupId: string; invitedAt: Date | null }[]> {
    return this.prisma.pollRecipient.findMany({
      where: { pollId },
      select: { personId: true, groupId: true, invitedAt: true },
      orderBy: { personId: "asc" },
    });
  }

  async recipientCount(pollId: string): Promise<number> {
    return this.prisma.pollRecipient.count({ where: { pollId } });
  }

  async recipientCountInGroup(pollId: string, groupId: string): Promise<number> {
    return this.prisma.pollRecipient.count({ where: { pollId, groupId } });
  }

  async markInvited(pollId: string, personId: string, at: Date): Promise<void> {
    await this.prisma.pollRecipient.updateMany({
      where: { pollId, personId, invitedAt: null },
      data: { invitedAt: at },
    });
  }

  /** The answers behind a token (the person's own sheet), or null. */
  async responseByToken(pollId: string, token: string): Promise<{ questionId: string; value: string }[] | null> {
    const row = await this.prisma.pollResponse.findUnique({
      where: { pollId_token: { pollId, token } },
      select: { answers: { select: { questionId: true, value: true } } },
    });
    return row ? row.answers : null;
  }

  async tokensWithResponse(pollId: string): Promise<Set<string>> {
    const rows = await this.prisma.pollResponse.findMany({ where: { pollId }, select: { token: true } });
    return new Set(rows.map((r) => r.token));
  }

  async responseCount(pollId: string): Promise<number> {
    return this.prisma.pollResponse.count({ where: { pollId } });
  }

  async responseCountsByGroup(pollId: string): Promise<Map<string, number>> {
    const rows = await this.prisma.pollResponse.groupBy({
      by: ["groupId"],
      where: { pollId },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.groupId, r._count._all]));
  }

  /**
   * Stores a person's answer sheet, replacing an earlier one with the same
   * token as a whole. Refused ("closed") when the poll is no longer open at
   * `now`.
   */
  async saveResponse(
    pollId: string,
    token: string,
    sheet: StoredResponse,
    now: Date,
  ): Promise<"created" | "replaced" | "closed"> {
    const attempt = () =>
      this.prisma.$transaction(async (tx) => {
        const open = await tx.dialoguePoll.findFirst({
          where: { id: pollId, status: "open", closesAt: { gt: now } },
          select: { id: true },
        });
        if (!open) return "closed" as const;
        const existing = await tx.pollResponse.findUnique({
          where: { pollId_token: { pollId, token } },
          select: { id: true },
        });
        let responseId: string;
        if (existing) {
          responseId = existing.id;
          await tx.pollAnswer.deleteMany({ where: { responseId } });
          await tx.pollResponse.update({
            where: { id: responseId },
            data: { groupId: sheet.groupId, personId: sheet.personId, day: sheet.day },
          });
        } else {
          responseId = randomUUID();
          await tx.pollResponse.create({
            data: {
              id: responseId,
              pollId,
              token,
              personId: sheet.personId,
              groupId: sheet.groupId,
              day: sheet.day,
            },
          });
        }
        if (sheet.answers.length > 0)
          await tx.pollAnswer.createMany({
            data: sheet.answers.map((a) => ({
              id: randomUUID(),
              responseId,
              questionId: a.questionId,
              value: a.value,
            })),
          });
        return existing ? ("replaced" as const) : ("created" as const);
      });
    try {
      return await attempt();
    } catch (error) {
      // two first answers at the same moment: the second replaces the first
      if (isUniqueViolation(error)) return attempt();
      throw error;
    }
  }

  /** Every answer sheet of a poll (for compiling results; never shown one by one). */
  async responses(pollId: string): Promise<StoredResponse[]> {
    const rows = await this.prisma.pollResponse.findMany({
      where: { pollId },
      select: { groupId: true, personId: true, day: true, answers: { select: { questionId: true, value: true } } },
    });
    return rows;
  }

  /** Closes an open poll; true only for the one caller that closed it. */
  async close(pollId: string, at: Date): Promise<boolean> {
    const result = await this.prisma.dialoguePoll.updateMany({
      where: { id: pollId, status: "open" },
      data: { status: "closed", closedAt: at },
    });
    return result.count === 1;
  }

  async dueToClose(lpoId: string, at: Date): Promise<string[]> {
    const rows = await this.prisma.dialoguePoll.findMany({
      where: { lpoId, status: "open", closesAt: { lte: at } },
      select: { id: true },
      orderBy: { closesAt: "asc" },
    });
    return rows.map((r) => r.id);
  }

  async openPolls(lpoId: string, at: Date): Promise<PollRecord[]> {
    return this.records({ where: { lpoId, status: "open", closesAt: { gt: at } }, orderBy: { closesAt: "asc" } });
  }

  async closedSince(lpoId: string, since: Date): Promise<PollRecord[]> {
    return this.records({ where: { lpoId, status: "closed", closedAt: { gte: since } }, orderBy: { closedAt: "asc" } });
  }

  async withFeedback(lpoId: string): Promise<PollRecord[]> {
    return this.records({ where: { lpoId, status: "closed", followUp: { not: null } }, orderBy: { id: "asc" } });
  }

  async setFeedback(pollId: string, note: FeedbackNote): Promise<void> {
    await this.prisma.dialoguePoll.update({ where: { id: pollId }, data: { followUp: JSON.stringify(note) } });
  }

  /** Polls a person was asked, newest first. */
  async pollsAsking(personId: string, take = 10): Promise<PollRecord[]> {
    return this.records({
      where: { recipients: { some: { personId } } },
      orderBy: { closesAt: "desc" },
      take,
    });
  }

  async pollsCreatedBy(personId: string, take = 10): Promise<PollRecord[]> {
    return this.records({ where: { createdById: personId }, orderBy: { createdAt: "desc" }, take });
  }

  async pollsOfGroups(groupIds: string[], take = 10): Promise<PollRecord[]> {
    if (groupIds.length === 0) return [];
    return this.records({
      where: { recipients: { some: { groupId: { in: groupIds } } } },
      orderBy: { createdAt: "desc" },
      take,
    });
  }

  /** Closed vad-dialogues of the LPO, newest first (to seed a hur-dialogue). */
  async closedVadPolls(lpoId: string, take = 10): Promise<PollRecord[]> {
    return this.records({ where: { lpoId, kind: "vad", status: "closed" }, orderBy: { closedAt: "desc" }, take });
  }

  async allPolls(): Promise<PollRecord[]> {
    return this.records({ orderBy: { createdAt: "asc" } });
  }

  /** Polls of the LPO (not drafts) as other features list them, oldest first; no questions, no answers. */
  async overviewRows(query: PollOverviewQuery): Promise<PollOverviewRow[]> {
    const rows = await this.prisma.dialoguePoll.findMany({
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
    return rows.map(({ followUp, ...row }) => ({ ...row, feedback: parseFeedbackNote(followUp) }));
  }

  /** The groups asked in a poll (those with recipients) with their gruppchef. */
  async groupsAsked(pollId: string): Promise<{ id: string; name: string; leadId: string | null; asked: number }[]> {
    const counts = await this.prisma.pollRecipient.groupBy({
      by: ["groupId"],
      where: { pollId },
      _count: { _all: true },
    });
    const groups = await this.prisma.group.findMany({
      where: { id: { in: counts.map((c) => c.groupId) } },
      select: { id: true, name: true, leadId: true },
      orderBy: { id: "asc" },
    });
    return groups.map((g) => ({ ...g, asked: counts.find((c) => c.groupId === g.id)?._count._all ?? 0 }));
  }
}

/** Empties free-text answers of polls closed before `closedBefore`; returns how many. */
export async function clearFreeTextClosedBefore(ctx: Pick<CoreContext, "prisma">, closedBefore: Date): Promise<number> {
  const freeText = await ctx.prisma.pollAnswer.updateMany({
    where: { question: { kind: "text" }, value: { not: "" }, response: { poll: { closedAt: { lt: closedBefore } } } },
    data: { value: "" },
  });
  return freeText.count;
}
