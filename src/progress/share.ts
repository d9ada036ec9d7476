// Each group's share of a promise activity's target — the one place it is
// decided. The target in force is split across the groups that work on the
// activity (its groups; none listed = every group of the LPO):
//  - explicitly, when the promise gives shares (weights: a group's part is
//    target × share / sum of the shares, so shares that add up to the target
//    are the groups' targets, and a later target change is split the same way);
//  - otherwise by the activity's basis: in proportion to the groups' members
//    (people not forgotten), or equally. When no group has a member, equally.
// A group that does not work on the activity has no share (null), never 0 %.
// The share is a fraction of the target, so the target history applies per
// group as it does in total.
import type { CoreContext } from "../core/context.js";
import type { ActivityInScope } from "../storage/organisationRepository.js";

export type ShareBasisKind = "explicit" | "members" | "equal";

export interface GroupShare {
  groupId: string;
  /** 0–1 of the target in force */
  fraction: number;
  basis: ShareBasisKind;
  /** how many groups the target is split across */
  groups: number;
  /** by members: the group's members and those of all the groups */
  members?: { group: number; total: number };
}

/** What a split by members needs: the groups of each LPO and their members. */
export interface ShareBasis {
  groupsOfLpo: Map<string, string[]>;
  members: Map<string, number>;
}

/** The groups and member counts of these LPOs, in one statement. */
export async function loadShareBasis(ctx: CoreContext, lpoIds: Iterable<string>): Promise<ShareBasis> {
  const ids = [...new Set(lpoIds)];
  const basis: ShareBasis = { groupsOfLpo: new Map(), members: new Map() };
  if (ids.length === 0) return basis;
  const groups = await ctx.prisma.group.findMany({
    where: { lpoId: { in: ids } },
    select: { id: true, lpoId: true, _count: { select: { members: { where: { person: { forgottenAt: null } } } } } },
    orderBy: { id: "asc" },
  });
  for (const g of groups) {
    basis.groupsOfLpo.set(g.lpoId, [...(basis.groupsOfLpo.get(g.lpoId) ?? []), g.id]);
    basis.members.set(g.id, g._count.members);
  }
  return basis;
}

/** The groups the activity's target is split across. */
export function groupsOfActivity(activity: ActivityInScope, basis: ShareBasis): string[] {
  return activity.groupIds.length > 0 ? activity.groupIds : (basis.groupsOfLpo.get(activity.lpoId) ?? []);
}

/** The group's share of the activity's target; null when the group does not work on it. */
export function shareOf(activity: ActivityInScope, groupId: string, basis: ShareBasis): GroupShare | null {
  const groups = groupsOfActivity(activity, basis);
  if (!groups.includes(groupId)) return null;
  const equal: GroupShare = { groupId, fraction: 1 / groups.length, basis: "equal", groups: groups.length };
  if (activity.shares.size > 0) {
    const sum = groups.reduce((s, g) => s + (activity.shares.get(g) ?? 0), 0);
    if (sum > 0)
      return { groupId, fraction: (activity.shares.get(groupId) ?? 0) / sum, basis: "explicit", groups: groups.length };
  }
  if (activity.shareBasis === "members") {
    const total = groups.reduce((s, g) => s + (basis.members.get(g) ?? 0), 0);
    if (total > 0)
      return {
        groupId,
        fraction: (basis.members.get(groupId) ?? 0) / total,
        basis: "members",
        groups: groups.length,
        members: { group: basis.members.get(groupId) ?? 0, total },
      };
  }
  return equal;
}

/** The first of a person's groups that works on the activity (whose part they see); null when none does. */
export function groupOfPerson(activity: ActivityInScope, groupIds: string[], basis: ShareBasis): string | null {
  const working = groupsOfActivity(activity, basis);
  return groupIds.find((g) => working.includes(g)) ?? null;
}
