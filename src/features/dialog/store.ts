// Dialogue polls in the database: creating a poll with its questions and
// recipients in one write, answer sheets (one per token, replaced as a whole;
// an anonymous poll's sealed while it is open), closing exactly once — in the
// one transaction that opens the sealed sheets, writes them as plain sheets
// in the order of their content with per-group tallies, and destroys the
// poll's key — and the reads the results, the jobs and other features
// (overview.ts) need. Reads of other tables are in storeLookups.ts; the keys
// and the sealing are in pollToken.ts and sheets.ts.
//
// Answer sheets and answers get random ids (not cuids, which carry the time
// they were made), and no time at all: a row says nothing about when, nor who.
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod/v4";
import type { QuestionKind, QuestionSpec } from "./pollQuestions.js";
import type { Prisma } from "../../storage/database.js";
import type { SheetContent } from "./pollToken.js";
import type { CoreContext } from "../../core/context.js";
import { parseJson } from "../../core/json.js";

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
  /** the poll's key, encrypted under the instance key (pollToken.ts); null once closed */
  sealKey: string | null;
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

/** A plain answer sheet: a named poll's (with its person and group), or a closed anonymous poll's (neither). */
export interface StoredResponse {
  groupId: string | null;
  personId: string | null;
  answers: { questionId: string; value: string }[];
}

/** A sealed sheet as stored: the token it is found by and its encrypted content. */
export interface SealedRow {
  token: string;
  sheet: string;
}

/** What closing a poll did: how many were asked and answered. */
export interface ClosedPoll {
  asked: number;
  answered: number;
}

/**
 * The order closed anonymous sheets are written in: by their content alone
 * (each answer in question order), so that neither the order of the rows
 * nor anything else about them tells when, or by whom, a sheet was written.
 */
export function contentOrder(
  sheets: { answers: { questionId: string; value: string }[] }[],
  questionIds: string[],
): number[] {
  const keys = sheets.map((s) =>
    JSON.stringify(questionIds.map((q) => s.answers.find((a) => a.questionId === q)?.value ?? null)),
  );
  return keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
}

/** A closing writes every sheet of a poll: more time than Prisma's default 5 s, in case of a large poll on a slow disk. */
const CLOSING = { maxWait: 10_000, timeout: 60_000 };

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
  seededFrom: string | null;
  anonymous: boolean;
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
      sealKey: r.sealKey,
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

  /** The poll, its questions and recipients in one write, with its key as `sealKeyFor` wraps it; returns the new id. */
  async create(poll: NewPoll, sealKeyFor: (id: string) => string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const id = await this.nextId();
      try {
        await this.prisma.dialoguePoll.create({
          data: {
            id,
            sealKey: sealKeyFor(id),
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

  /**
   * Gives an open poll without a key (created before per-poll keys) the key
   * `wrapped`, unless another instance gave it one first; the key it has after.
   */
  async ensureSealKey(pollId: string, wrapped: string): Promise<string | null> {
    await this.prisma.dialoguePoll.updateMany({
      where: { id: pollId, status: "open", sealKey: null },
      data: { sealKey: wrapped },
    });
    const row = await this.prisma.dialoguePoll.findUnique({ where: { id: pollId }, select: { sealKey: true } });
    return row?.sealKey ?? null;
  }

  /** The answers of a plain sheet by its token (a named poll's, or an older poll's), or null. */
  async responseByToken(pollId: string, token: string): Promise<{ questionId: string; value: string }[] | null> {
    const row = await this.prisma.pollResponse.findFirst({
      where: { pollId, token },
      select: { answers: { select: { questionId: true, value: true } } },
    });
    return row ? row.answers : null;
  }

  /** The sealed sheet behind a token, or null. */
  async sealedByToken(pollId: string, token: string): Promise<string | null> {
    const row = await this.prisma.pollSealedSheet.findUnique({
      where: { pollId_token: { pollId, token } },
      select: { sheet: true },
    });
    return row?.sheet ?? null;
  }

  /** Every sealed sheet of an open poll. */
  async sealedSheets(pollId: string): Promise<SealedRow[]> {
    return this.prisma.pollSealedSheet.findMany({ where: { pollId }, select: { token: true, sheet: true } });
  }

  /** The tokens of every sheet, plain or sealed. */
  async tokensWithResponse(pollId: string): Promise<Set<string>> {
    const plain = await this.prisma.pollResponse.findMany({
      where: { pollId, token: { not: null } },
      select: { token: true },
    });
    const sealed = await this.prisma.pollSealedSheet.findMany({ where: { pollId }, select: { token: true } });
    return new Set([...plain.map((r) => r.token as string), ...sealed.map((r) => r.token)]);
  }

  async responseCount(pollId: string): Promise<number> {
    return (
      (await this.prisma.pollResponse.count({ where: { pollId } })) +
      (await this.prisma.pollSealedSheet.count({ where: { pollId } }))
    );
  }

  /** The tallies written at closing (group → answered); empty before. */
  async tallies(pollId: string): Promise<Map<string, number>> {
    const rows = await this.prisma.pollGroupTally.findMany({ where: { pollId } });
    return new Map(rows.map((r) => [r.groupId, r.answered]));
  }

  /** The plain sheets per group (sheets without a group are not counted). */
  async plainCountsByGroup(pollId: string): Promise<Map<string, number>> {
    const rows = await this.prisma.pollResponse.groupBy({
      by: ["groupId"],
      where: { pollId, groupId: { not: null } },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.groupId as string, r._count._all]));
  }

  /**
   * Locks an open poll's row for the rest of the transaction (PostgreSQL: a
   * row lock, so a closing in another instance waits for this answer, or this
   * answer for the closing) and says whether it still takes answers at `now`.
   */
  private async lockOpen(tx: Prisma, pollId: string, now: Date): Promise<boolean> {
    await tx.$executeRaw`UPDATE "dialogue_poll" SET "status" = "status" WHERE "id" = ${pollId}`;
    const open = await tx.dialoguePoll.findFirst({
      where: { id: pollId, status: "open", closesAt: { gt: now } },
      select: { id: true },
    });
    return open !== null;
  }

  private async retryOnce<T>(attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      // two first answers at the same moment: the second replaces the first
      if (isUniqueViolation(error)) return attempt();
      throw error;
    }
  }

  /**
   * Stores an anonymous sheet sealed under its token, replacing an earlier
   * sealed sheet with the same token, and an older poll's plain sheet under
   * `legacyToken`. Refused ("closed") when the poll no longer takes answers at `now`.
   */
  async saveSealed(
    pollId: string,
    token: string,
    legacyToken: string,
    sheet: string,
    now: Date,
  ): Promise<"created" | "replaced" | "closed"> {
    return this.retryOnce(() =>
      this.prisma.$transaction(async (tx) => {
        if (!(await this.lockOpen(tx as unknown as Prisma, pollId, now))) return "closed" as const;
        const legacy = await tx.pollResponse.deleteMany({ where: { pollId, token: legacyToken } });
        const replaced = await tx.pollSealedSheet.updateMany({ where: { pollId, token }, data: { sheet } });
        if (replaced.count === 0) await tx.pollSealedSheet.create({ data: { id: randomUUID(), pollId, token, sheet } });
        return replaced.count > 0 || legacy.count > 0 ? ("replaced" as const) : ("created" as const);
      }),
    );
  }

  /**
   * Stores a named poll's sheet in the plain, replacing an earlier one with
   * the same token (or an older poll's under `legacyToken`) as a whole.
   * Refused ("closed") when the poll no longer takes answers at `now`.
   */
  async saveResponse(
    pollId: string,
    token: string,
    legacyToken: string,
    sheet: StoredResponse,
    now: Date,
  ): Promise<"created" | "replaced" | "closed"> {
    return this.retryOnce(() =>
      this.prisma.$transaction(async (tx) => {
        if (!(await this.lockOpen(tx as unknown as Prisma, pollId, now))) return "closed" as const;
        const existing = await tx.pollResponse.findMany({
          where: { pollId, token: { in: [token, legacyToken] } },
          select: { id: true },
        });
        if (existing.length > 0) await tx.pollResponse.deleteMany({ where: { id: { in: existing.map((e) => e.id) } } });
        const responseId = randomUUID();
        await tx.pollResponse.create({
          data: { id: responseId, pollId, token, personId: sheet.personId, groupId: sheet.groupId },
        });
        if (sheet.answers.length > 0)
          await tx.pollAnswer.createMany({
            data: sheet.answers.map((a) => ({
              id: randomUUID(),
              responseId,
              questionId: a.questionId,
              value: a.value,
            })),
          });
        return existing.length > 0 ? ("replaced" as const) : ("created" as const);
      }),
    );
  }

  /** Every plain answer sheet of a poll (for compiling results; never shown one by one). */
  async responses(pollId: string): Promise<StoredResponse[]> {
    return this.prisma.pollResponse.findMany({
      where: { pollId },
      select: { groupId: true, personId: true, answers: { select: { questionId: true, value: true } } },
    });
  }

  /**
   * Closes an open poll, exactly once (null for every caller but the one that
   * closed it), in one transaction: the sealed sheets are opened with `open`
   * and, with any plain sheets of an anonymous poll, written again as plain
   * sheets with nothing but their answers (sealAnonymous); the counts per group
   * are written as tallies; the poll's key is destroyed. `legacyReminders`:
   * the reminder keys the poll's recipients had before per-poll keys.
   */
  async close(
    pollId: string,
    at: Date,
    open: (row: SealedRow) => SheetContent,
    legacyReminders: string[],
  ): Promise<ClosedPoll | null> {
    return this.prisma.$transaction(async (txClient) => {
      const tx = txClient as unknown as Prisma;
      await tx.$executeRaw`UPDATE "dialogue_poll" SET "status" = "status" WHERE "id" = ${pollId}`;
      const closed = await tx.dialoguePoll.updateMany({
        where: { id: pollId, status: "open" },
        data: { status: "closed", closedAt: at, sealKey: null },
      });
      if (closed.count !== 1) return null;
      const answered = await this.sealAnonymous(tx, pollId, open, legacyReminders);
      const asked = await tx.pollRecipient.count({ where: { pollId } });
      return { asked, answered };
    }, CLOSING);
  }

  /** Closed anonymous polls whose plain sheets still carry a token or a group (closed before sealing existed). */
  async closedUnsealed(lpoId: string): Promise<string[]> {
    const rows = await this.prisma.dialoguePoll.findMany({
      where: {
        lpoId,
        status: "closed",
        anonymous: true,
        responses: { some: { OR: [{ token: { not: null } }, { groupId: { not: null } }] } },
      },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** Rewrites a closed anonymous poll's sheets as closing does now (see closedUnsealed). */
  async sealClosed(pollId: string, legacyReminders: string[]): Promise<void> {
    await this.prisma.$transaction(async (txClient) => {
      const tx = txClient as unknown as Prisma;
      await tx.$executeRaw`UPDATE "dialogue_poll" SET "status" = "status" WHERE "id" = ${pollId}`;
      const poll = await tx.dialoguePoll.findUnique({ where: { id: pollId }, select: { status: true } });
      if (poll?.status !== "closed") return;
      await tx.dialoguePoll.update({ where: { id: pollId }, data: { sealKey: null } });
      await this.sealAnonymous(
        tx,
        pollId,
        () => {
          throw new Error(`poll ${pollId} is closed but has sealed sheets`);
        },
        legacyReminders,
      );
    }, CLOSING);
  }

  /**
   * Inside a closing transaction: writes the tallies per group and, for an
   * anonymous poll, replaces every sheet (sealed or plain) by a plain one with
   * a random id and only its answers, written in content order; reminder-ledger
   * rows under the instance-key reminder keys of polls from before per-poll
   * keys get random keys (the per-poll ones cannot be computed once the key is
   * gone). Returns the number of sheets.
   */
  private async sealAnonymous(
    tx: Prisma,
    pollId: string,
    open: (row: SealedRow) => SheetContent,
    legacyReminders: string[],
  ): Promise<number> {
    const poll = await tx.dialoguePoll.findUnique({
      where: { id: pollId },
      select: { anonymous: true, questions: { select: { id: true }, orderBy: { position: "asc" } } },
    });
    if (!poll) return 0;
    const sealed = (await tx.pollSealedSheet.findMany({ where: { pollId }, select: { token: true, sheet: true } })).map(
      open,
    );
    const plain = await tx.pollResponse.findMany({
      where: { pollId },
      select: { groupId: true, answers: { select: { questionId: true, value: true } } },
    });
    const sheets: { groupId: string | null; answers: { questionId: string; value: string }[] }[] = [
      ...plain,
      ...sealed,
    ];
    const tallies = new Map<string, number>();
    for (const s of sheets) if (s.groupId) tallies.set(s.groupId, (tallies.get(s.groupId) ?? 0) + 1);
    await tx.pollGroupTally.deleteMany({ where: { pollId } });
    if (tallies.size > 0)
      await tx.pollGroupTally.createMany({
        data: [...tallies].map(([groupId, answered]) => ({ pollId, groupId, answered })),
      });
    if (!poll.anonymous) return sheets.length;

    await tx.pollSealedSheet.deleteMany({ where: { pollId } });
    await tx.pollResponse.deleteMany({ where: { pollId } });
    const order = contentOrder(
      sheets,
      poll.questions.map((q) => q.id),
    );
    const rows = order.map((i) => ({ id: randomUUID(), sheet: sheets[i] }));
    if (rows.length > 0) {
      await tx.pollResponse.createMany({ data: rows.map((r) => ({ id: r.id, pollId })) });
      const position = new Map(poll.questions.map((q, i) => [q.id, i]));
      await tx.pollAnswer.createMany({
        data: rows.flatMap((r) =>
          [...r.sheet.answers]
            .sort((a, b) => (position.get(a.questionId) ?? 0) - (position.get(b.questionId) ?? 0))
            .map((a) => ({ id: randomUUID(), responseId: r.id, questionId: a.questionId, value: a.value })),
        ),
      });
    }
    const reminders = await tx.delivery.findMany({
      where: { recipient: { in: legacyReminders } },
      select: { id: true },
    });
    for (const r of reminders)
      await tx.delivery.update({
        where: { id: r.id },
        data: { recipient: `poll:${pollId}:reminder:${randomBytes(16).toString("hex")}` },
      });
    return sheets.length;
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
        seededFrom: true,
        anonymous: true,
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
