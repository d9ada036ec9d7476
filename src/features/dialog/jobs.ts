// The scheduled jobs of the medarbetardialog, each run every five minutes and
// made exactly-once by the delivery ledger:
//
//   poll-invitations  the invitation to every recipient of an open poll
//   poll-reminders    once per poll, to those who have not answered, a set
//                     time before closing (default 24 h; on a short poll at
//                     half its time)
//   poll-close        closes polls whose time has passed (an updateMany on
//                     status = open: exactly one instance closes each; in
//                     the same transaction the sealed answers are written
//                     out without token, group or time and the poll's key
//                     is destroyed — sheets.ts), then the results to every
//                     recipient, the gruppchefer of the groups asked, and
//                     the creator
//   poll-followup     the creator's "ni sa / vi gör" feedback note
//                     (återkoppling), to everyone asked and their
//                     gruppchefer, once per note (the job, its constant and
//                     its ledger keys keep the note's first name)
//   poll-forward      results a gruppchef forwarded, to the group's channels
//
// Ledger keys: the runner uses one period per run, and a period that changes
// with time would make the scheduler's catch-up mark missed deliveries as
// skipped; so the period is the constant "poll" and the poll id is part of the
// recipient key: `poll:<id>:person:<person>` (and `:followup:<n>:`,
// `:forward:<platform>:channel:<id>`). A reminder's key is a one-way hash of
// the person under the poll's own key, so the ledger does not tell who had not
// answered, and once the poll has closed (its key destroyed, the rows given
// random keys) nobody can compute it again; reminders are planned in random
// order, so the order of the rows tells nothing either.
// People are reached through ctx.routes, a group's bound channel through
// channelRoutes; the jobs never read platform ids.
import type { Lang } from "../../domain/lang.js";
import { channelRoutes } from "../../delivery/routes.js";
import type { Reply } from "../../core/reply.js";
import { randomInt } from "node:crypto";
import { legacyReminderKey, reminderKey } from "./pollToken.js";
import { closePoll, pollKey, sealClosedPolls, whoAnswered } from "./sheets.js";
import type { CoreContext } from "../../core/context.js";
import { pollAudience } from "./access.js";
import { forwardKey, POLL_FORWARD_JOB, POLL_PERIOD } from "./results.js";
import { closingReply, feedbackReply, forwardReply, invitationReply, langOf, reminderReply } from "./pollMessages.js";
import { compilePollResults, type PollResults } from "./pollResults.js";
import { type PollRecord, pollRepository } from "./store.js";
import { boundChannels, deliveredKeys, forwardRequests, peopleLangs } from "./storeLookups.js";
import type { JobDefinition, PlannedDelivery } from "../../schedules/job.js";
import type { JobRunner, JobRunOutcome } from "../../schedules/jobRunner.js";

export { POLL_PERIOD };
export const POLL_CRON = "*/5 * * * *";
/** results at closing and feedback notes are retried for this long after closing or writing */
const RETRY_WINDOW_MS = 30 * 86_400_000;

/**
 * One private delivery to each member (forgotten and unknown people are
 * skipped): the person's routes, the ledger key for them, and the message
 * built (only when sent) in their language.
 */
async function toEach<M extends { personId: string }>(
  ctx: CoreContext,
  members: M[],
  keyOf: (personId: string) => string,
  build: (member: M, lang: Lang) => Promise<Reply>,
): Promise<PlannedDelivery[]> {
  const ids = members.map((m) => m.personId);
  const people = await peopleLangs(ctx, ids);
  const routes = await ctx.routes.of(ids);
  const planned: PlannedDelivery[] = [];
  for (const member of members) {
    const person = people.get(member.personId);
    if (!person) continue;
    const lang = langOf(ctx, person);
    planned.push({
      recipient: keyOf(member.personId),
      routes: routes.get(member.personId) ?? [],
      build: () => build(member, lang),
    });
  }
  return planned;
}

async function creatorName(ctx: CoreContext, poll: PollRecord): Promise<string> {
  return (await ctx.organisation.peopleNames([poll.createdById])).get(poll.createdById) ?? poll.createdById;
}

/** Results compiled once per poll and language within a run. */
function resultsCache(ctx: CoreContext) {
  const cache = new Map<string, Promise<PollResults>>();
  return (poll: PollRecord, lang: Lang, names = false): Promise<PollResults> => {
    const key = `${poll.id}:${lang}:${names}`;
    let value = cache.get(key);
    if (!value) {
      value = compilePollResults(ctx, poll, { lang, names });
      cache.set(key, value);
    }
    return value;
  };
}

const periodOf = () => POLL_PERIOD;

export const pollInvitationsJob: JobDefinition = {
  name: "poll-invitations",
  description: "Inbjudan till medarbetardialog, privat till var och en som fått den",
  defaultCron: POLL_CRON,
  periodOf,
  async plan(ctx, lpoId, at) {
    const repo = pollRepository(ctx);
    const planned: PlannedDelivery[] = [];
    for (const poll of await repo.openPolls(lpoId, at)) {
      const sent = await deliveredKeys(ctx, "poll-invitations", POLL_PERIOD, `poll:${poll.id}:person:`);
      const recipients = (await repo.recipients(poll.id)).filter(
        (r) => !sent.has(`poll:${poll.id}:person:${r.personId}`),
      );
      if (recipients.length === 0) continue;
      const creator = await creatorName(ctx, poll);
      planned.push(
        ...(await toEach(
          ctx,
          recipients,
          (id) => `poll:${poll.id}:person:${id}`,
          async (r, lang) => {
            await repo.markInvited(poll.id, r.personId, ctx.clock.now());
            return invitationReply(ctx, poll, lang, creator);
          },
        )),
      );
    }
    return planned;
  },
};

/** When a poll's reminder is due: `leadMs` before closing, or half-way on a poll shorter than twice that. */
export function reminderDueAt(poll: { opensAt: Date; closesAt: Date }, leadMs: number): Date {
  const closes = poll.closesAt.getTime();
  const opens = poll.opensAt.getTime();
  return new Date(Math.max(closes - leadMs, opens + (closes - opens) / 2));
}

export function createPollRemindersJob(leadMs = 24 * 3_600_000): JobDefinition {
  return {
    name: "poll-reminders",
    description: `Påminnelse om medarbetardialog till den som inte svarat, ${Math.round(leadMs / 3_600_000)} h före stängning`,
    defaultCron: POLL_CRON,
    periodOf,
    async plan(ctx, lpoId, at) {
      const repo = pollRepository(ctx);
      const planned: PlannedDelivery[] = [];
      for (const poll of await repo.openPolls(lpoId, at)) {
        if (at.getTime() < reminderDueAt(poll, leadMs).getTime()) continue;
        const sent = await deliveredKeys(ctx, "poll-reminders", POLL_PERIOD, `poll:${poll.id}:reminder:`);
        const key = await pollKey(ctx, poll);
        if (!key) continue;
        const keyOf = (personId: string) => reminderKey(key, poll.id, personId);
        // non-responders, computed with the poll's key; never stored
        const invited = (await repo.recipients(poll.id)).filter((r) => r.invitedAt !== null);
        const answered = await whoAnswered(
          ctx,
          poll,
          invited.map((r) => r.personId),
        );
        const due = shuffled(
          invited.filter(
            (r) =>
              !answered.has(r.personId) &&
              !sent.has(keyOf(r.personId)) &&
              !sent.has(legacyReminderKey(ctx.secret, poll.id, r.personId)),
          ),
        );
        if (due.length === 0) continue;
        const creator = await creatorName(ctx, poll);
        // never kept in the console inbox: who got a reminder would tell who has not answered
        const reminders = await toEach(ctx, due, keyOf, async (_r, lang) => reminderReply(ctx, poll, lang, creator));
        planned.push(...reminders.map((d): PlannedDelivery => ({ ...d, inbox: false })));
      }
      return planned;
    },
  };
}

export const pollRemindersJob = createPollRemindersJob();

/** A copy in random order (crypto-random: the order must not be guessable). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Closes every open poll of the LPO whose time has passed; returns the ids
 * this caller closed. Anonymous polls closed before sealing existed have
 * their sheets rewritten the same way.
 */
export async function closeDuePolls(ctx: CoreContext, lpoId: string, at: Date): Promise<string[]> {
  const repo = pollRepository(ctx);
  const closed: string[] = [];
  for (const id of await repo.dueToClose(lpoId, at)) {
    const outcome = await closePoll(ctx, id, at);
    if (!outcome) continue;
    closed.push(id);
    await ctx.audit.record(null, "poll.close", id, { ...outcome });
    ctx.logger.info({ event: "poll.closed", poll: id, ...outcome }, "poll closed");
  }
  for (const id of await sealClosedPolls(ctx, lpoId))
    ctx.logger.info({ event: "poll.sealed", poll: id }, "answers of a poll closed earlier rewritten without tokens");
  return closed;
}

export const pollCloseJob: JobDefinition = {
  name: "poll-close",
  description: "Stänger medarbetardialoger i tid och skickar återkoppling till alla som fick dem och deras gruppchefer",
  defaultCron: POLL_CRON,
  periodOf,
  async prepare(ctx, lpoId, at) {
    await closeDuePolls(ctx, lpoId, at);
  },
  async plan(ctx, lpoId, at) {
    const repo = pollRepository(ctx);
    const results = resultsCache(ctx);
    const planned: PlannedDelivery[] = [];
    for (const poll of await repo.closedSince(lpoId, new Date(at.getTime() - RETRY_WINDOW_MS))) {
      const sent = await deliveredKeys(ctx, "poll-close", POLL_PERIOD, `poll:${poll.id}:person:`);
      const audience = (await pollAudience(ctx, poll)).filter((m) => !sent.has(`poll:${poll.id}:person:${m.personId}`));
      if (audience.length === 0) continue;
      planned.push(
        ...(await toEach(
          ctx,
          audience,
          (id) => `poll:${poll.id}:person:${id}`,
          async (member, lang) =>
            closingReply(ctx, await results(poll, lang, member.creator), lang, {
              lead: member.lead,
              creator: member.creator,
            }),
        )),
      );
    }
    return planned;
  },
};

/** The feedback note's version in ledger keys: a new note is delivered again. */
function feedbackVersion(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? "0" : ms.toString(36);
}

export const pollFollowUpJob: JobDefinition = {
  name: "poll-followup",
  description: "Uppföljning av medarbetardialog (ni sa / vi gör) till alla som fick den",
  defaultCron: POLL_CRON,
  periodOf,
  async plan(ctx, lpoId, at) {
    const repo = pollRepository(ctx);
    const results = resultsCache(ctx);
    const planned: PlannedDelivery[] = [];
    for (const poll of await repo.withFeedback(lpoId)) {
      const note = poll.feedback;
      if (!note) continue;
      const written = Date.parse(note.at);
      if (!Number.isNaN(written) && at.getTime() - written > RETRY_WINDOW_MS) continue;
      const prefix = `poll:${poll.id}:followup:${feedbackVersion(note.at)}:person:`;
      const sent = await deliveredKeys(ctx, "poll-followup", POLL_PERIOD, prefix);
      const audience = (await pollAudience(ctx, poll)).filter((m) => !m.creator && !sent.has(`${prefix}${m.personId}`));
      if (audience.length === 0) continue;
      const creator = await creatorName(ctx, poll);
      planned.push(
        ...(await toEach(
          ctx,
          audience,
          (id) => `${prefix}${id}`,
          async (_member, lang) => feedbackReply(await results(poll, lang), lang, creator),
        )),
      );
    }
    return planned;
  },
};

export const pollForwardJob: JobDefinition = {
  name: POLL_FORWARD_JOB,
  description: "Resultat av medarbetardialog som en gruppchef skickat till gruppens kanal",
  defaultCron: POLL_CRON,
  periodOf,
  async plan(ctx, lpoId, at) {
    const repo = pollRepository(ctx);
    const results = resultsCache(ctx);
    const planned: PlannedDelivery[] = [];
    const polls = await repo.closedSince(lpoId, new Date(at.getTime() - RETRY_WINDOW_MS));
    if (polls.length === 0) return planned;
    const seen = new Set<string>();
    for (const request of await forwardRequests(
      ctx,
      polls.map((p) => p.id),
    )) {
      const poll = polls.find((p) => p.id === request.pollId);
      if (!poll || !request.groups) continue;
      const sent = await deliveredKeys(ctx, POLL_FORWARD_JOB, POLL_PERIOD, `poll:${poll.id}:forward:`);
      const lead = request.actorId
        ? ((await ctx.organisation.peopleNames([request.actorId])).get(request.actorId) ?? "")
        : "";
      for (const b of await boundChannels(ctx, request.groups)) {
        const key = forwardKey(poll.id, b.platform, b.channelId);
        if (sent.has(key) || seen.has(key)) continue;
        seen.add(key);
        planned.push({
          recipient: key,
          routes: channelRoutes(b.platform, b.channelId),
          build: async () => forwardReply(ctx, await results(poll, ctx.defaultLang), ctx.defaultLang, lead),
        });
      }
    }
    return planned;
  },
};

/** Every poll job, in the order they are best run (close before feedback and forward). */
export const pollJobs: JobDefinition[] = [
  pollInvitationsJob,
  pollRemindersJob,
  pollCloseJob,
  pollFollowUpJob,
  pollForwardJob,
];

/** Sends the invitations of new polls now, instead of at the next five-minute run. */
export function inviteNow(runner: JobRunner, at: Date): Promise<JobRunOutcome> {
  return runner.run(pollInvitationsJob, at);
}
