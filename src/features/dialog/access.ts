// Who may do what with a medarbetardialog: finding a poll of the actor's own
// LPO (any other is "not found"), who may create polls and ask which groups,
// who may read the results, and who gets the results at closing and the
// creator's feedback note. Results are totals
// under the threshold for everyone (pollResults.ts); no rule here lets anyone
// see who answered what.
import { hasRole, type Actor } from "../../domain/organisation.js";
import { translator } from "../../i18n/index.js";
import { type Reply, textReply } from "../../core/reply.js";
import { type PollRecord, pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";

export function canCreatePolls(actor: Actor): boolean {
  return hasRole(actor, "kommunpolis", "gruppchef", "admin");
}

export function mayAskAllGroups(actor: Actor): boolean {
  return hasRole(actor, "kommunpolis", "admin");
}

export function normaliseId(id: string): string {
  return id.trim().replace(/^#/, "").toLowerCase();
}

/** The poll of the actor's LPO, or a reply saying it does not exist. */
export async function findPoll(ctx: CoreContext, actor: Actor, id: string): Promise<PollRecord | Reply> {
  const poll = id ? await pollRepository(ctx).poll(normaliseId(id)) : null;
  if (!poll || poll.lpoId !== actor.lpoId)
    return textReply(translator(actor.lang)("dialog.notFound", { id: id.slice(0, 40) }));
  return poll;
}

export function isReply(value: PollRecord | Reply): value is Reply {
  return "blocks" in value;
}

export function isOpen(ctx: CoreContext, poll: PollRecord): boolean {
  return poll.status === "open" && poll.closesAt.getTime() > ctx.clock.now().getTime();
}

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

export interface AudienceMember {
  personId: string;
  recipient: boolean;
  lead: boolean;
  creator: boolean;
}

/** Everyone the results at closing go to: the recipients, the gruppchefer of the groups asked, and the creator. */
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
