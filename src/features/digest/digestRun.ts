// What the gruppchef digests of one LPO and day share: the leaders and the
// groups they lead, the activities in scope, one progress snapshot, whether
// names are shown, the polls, the bound groups and who of each group logged
// this week — each part loaded once, when first needed (DigestRun). A leader
// is reached through ctx.routes by person id, never by platform id.
import { dayInZone, startOfIsoWeek } from "../../domain/calendar.js";
import { isLang, type Lang } from "../../domain/lang.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import { awaitingFeedback, type PollSummary, pollSummaries } from "../followup/index.js";
import { ProgressSnapshot } from "../../progress/progressSnapshot.js";
import { activitiesOfLpo, concerning, type LpoProgress } from "../status/index.js";
import {
  boundGroupIds,
  type GroupScope,
  groupMemberships,
  hasAnyPoll,
  ledGroups,
  peopleWhoLogged,
  showsNamesInDigest,
} from "./store.js";

export interface LeaderRef {
  id: string;
  name: string;
  lang: Lang;
  groups: { id: string; name: string; lpoId: string }[];
}

/** Each gruppchef of the LPO (Group.leadId) with the groups they lead, by person id. */
export async function groupLeaders(ctx: CoreContext, lpoId: string): Promise<LeaderRef[]> {
  const groups = await ledGroups(ctx, lpoId);
  const leaders = new Map<string, LeaderRef>();
  for (const g of groups) {
    if (!g.lead) continue;
    const leader = leaders.get(g.lead.id) ?? {
      id: g.lead.id,
      name: g.lead.name,
      lang: isLang(g.lead.lang) ? g.lead.lang : ctx.defaultLang,
      groups: [],
    };
    leader.groups.push({ id: g.id, name: g.name, lpoId });
    leaders.set(g.lead.id, leader);
  }
  return [...leaders.values()].sort((a, b) => a.id.localeCompare(b.id));
}

interface Member {
  personId: string;
  person: { id: string; name: string };
}

/**
 * What the digests of one LPO for one day share, each part loaded once when first needed: the activities in
 * scope, the progress snapshot of all of them (a few aggregate statements instead of several per activity and
 * group), whether names are shown, the bound groups, the members of the groups and who of them logged this week.
 * A run of the job shares one per LPO; a single digest loads one scoped to the leader's groups.
 */
export class DigestRun {
  private activitiesP?: Promise<ActivityInScope[]>;
  private progressP?: Promise<LpoProgress>;
  private showNamesP?: Promise<boolean>;
  private anyPollP?: Promise<boolean>;
  private boundP?: Promise<Set<string>>;
  private membersP?: Promise<{ byGroup: Map<string, Member[]>; logged: Set<string> }>;

  constructor(
    private readonly ctx: CoreContext,
    readonly lpoId: string,
    readonly day: string,
    /** only these groups' members and bindings (a single digest); every group of the LPO when absent */
    private readonly groupIds?: string[],
  ) {}

  activities(): Promise<ActivityInScope[]> {
    this.activitiesP ??= activitiesOfLpo(this.ctx, this.lpoId, this.day);
    return this.activitiesP;
  }

  progress(): Promise<LpoProgress> {
    this.progressP ??= this.activities().then(async (activities) => ({
      activities,
      snapshot: await ProgressSnapshot.load(this.ctx, activities, this.day),
    }));
    return this.progressP;
  }

  showNames(): Promise<boolean> {
    this.showNamesP ??= showsNamesInDigest(this.ctx, this.lpoId);
    return this.showNamesP;
  }

  /** Whether the LPO has any poll beyond a draft (when not, no leader's digest has any). */
  anyPoll(): Promise<boolean> {
    this.anyPollP ??= hasAnyPoll(this.ctx, this.lpoId);
    return this.anyPollP;
  }

  /** The polls of the LPO that asked one of these groups (pollSummaries), skipped when the LPO has none. */
  async polls(groupIds: string[]): Promise<PollSummary[]> {
    if (!(await this.anyPoll())) return [];
    return pollSummaries(this.ctx, { lpoId: this.lpoId, groupIds });
  }

  private scope(): GroupScope {
    return this.groupIds ? { lpoId: this.lpoId, groupIds: this.groupIds } : { lpoId: this.lpoId };
  }

  /** The groups bound to a channel. */
  boundGroups(): Promise<Set<string>> {
    this.boundP ??= boundGroupIds(this.ctx, this.scope());
    return this.boundP;
  }

  /** A group's members by name, and who of them logged anything from Monday to the day. */
  async members(groupId: string): Promise<{ members: Member[]; logged: Set<string> }> {
    this.membersP ??= (async () => {
      const rows = await groupMemberships(this.ctx, this.scope());
      const byGroup = new Map<string, Member[]>();
      for (const r of rows) {
        const list = byGroup.get(r.groupId) ?? [];
        list.push(r);
        byGroup.set(r.groupId, list);
      }
      const people = [...new Set(rows.map((r) => r.personId))];
      return { byGroup, logged: await peopleWhoLogged(this.ctx, people, startOfIsoWeek(this.day), this.day) };
    })();
    const { byGroup, logged } = await this.membersP;
    const members = byGroup.get(groupId) ?? [];
    return { members, logged: new Set(members.filter((m) => logged.has(m.personId)).map((m) => m.personId)) };
  }
}

/** Whether a leader's digest would say anything: an activity concerns one of their groups, or a poll asked one. */
export async function digestHasContent(
  ctx: CoreContext,
  leader: LeaderRef,
  at: Date,
  options: { run?: DigestRun } = {},
): Promise<boolean> {
  const day = dayInZone(at, ctx.timeZone);
  const lpoId = leader.groups[0]?.lpoId;
  if (!lpoId) return false;
  const run = options.run?.lpoId === lpoId && options.run.day === day ? options.run : new DigestRun(ctx, lpoId, day);
  const lpoActivities = await run.activities();
  for (const group of leader.groups) if (concerning(lpoActivities, group.id).length > 0) return true;
  const polls = await run.polls(leader.groups.map((g) => g.id));
  return polls.some((p) => p.status === "open" || awaitingFeedback(p));
}
