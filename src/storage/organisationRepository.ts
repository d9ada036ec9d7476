// Reading the organisation: people, their roles and groups, and the promise
// activities that concern them.
import type { Lang } from "../domain/lang.js";
import type { Actor, Role } from "../domain/organisation.js";
import type { ChatPlatform, Platform } from "../domain/platform.js";
import type { Unit } from "../domain/activity.js";
import type { TargetPer } from "../domain/targetPeriod.js";
import type { Prisma } from "./database.js";
import { OrganisationCache } from "./organisationCache.js";
import { PeopleDirectory } from "./peopleDirectory.js";

export interface ActivityInScope {
  id: string;
  code: string;
  name: string;
  aliases: string[];
  unit: Unit;
  promiseId: string;
  promiseTitle: string;
  kommunId: string;
  kommunName: string;
  promiseFrom: string;
  promiseTo: string;
  /** groups expected to work on it; empty = every group of the LPO */
  groupIds: string[];
  /** explicit shares of the target by group (weights); empty = split by `shareBasis` */
  shares: Map<string, number>;
  /** how the target is split without explicit shares: by the groups' members, or equally */
  shareBasis: "members" | "equal";
  baselineAmount: number | null;
  /** the LPO of the promise's kommun */
  lpoId: string;
  /** why the promise exists; "" where not given */
  why: PromiseWhy;
}

export interface PromiseWhy {
  problem: string;
  purpose: string;
  /** the intended effect, in words */
  intendedEffect: string;
  citizenMessage: string;
}

export interface TargetRow {
  amount: number;
  unit: Unit;
  per: TargetPer;
  validFrom: string;
}

/** A promise activity row (with its promise, kommun and groups) as the core sees it. */
export function activityInScopeOf(a: {
  id: string;
  code: string;
  name: string;
  aliases: string;
  unit: string;
  promiseId: string;
  baselineAmount: number | null;
  shareBasis: string;
  promise: {
    title: string;
    kommunId: string;
    fromDay: string;
    toDay: string;
    problem: string;
    purpose: string;
    intendedEffect: string;
    citizenMessage: string;
    kommun: { name: string; lpoId: string };
  };
  groups: { groupId: string; share: number | null }[];
}): ActivityInScope {
  return {
    id: a.id,
    code: a.code,
    name: a.name,
    aliases: a.aliases.split("\n").filter(Boolean),
    unit: a.unit as Unit,
    promiseId: a.promiseId,
    promiseTitle: a.promise.title,
    kommunId: a.promise.kommunId,
    kommunName: a.promise.kommun.name,
    promiseFrom: a.promise.fromDay,
    promiseTo: a.promise.toDay,
    groupIds: a.groups.map((g) => g.groupId),
    shares: new Map(a.groups.flatMap((g) => (g.share !== null && g.share > 0 ? [[g.groupId, g.share] as const] : []))),
    shareBasis: a.shareBasis === "equal" ? "equal" : "members",
    baselineAmount: a.baselineAmount,
    lpoId: a.promise.kommun.lpoId,
    why: {
      problem: a.promise.problem,
      purpose: a.promise.purpose,
      intendedEffect: a.promise.intendedEffect,
      citizenMessage: a.promise.citizenMessage,
    },
  };
}

const personInclude = { roles: true, memberships: true, leads: { select: { id: true } } } as const;

export class OrganisationRepository {
  private readonly cache = new OrganisationCache();

  constructor(
    private readonly prisma: Prisma,
    private readonly people = new PeopleDirectory(prisma),
  ) {}

  async actor(personId: string, defaultLang: Lang): Promise<Actor | null> {
    const p = await this.prisma.person.findUnique({ where: { id: personId }, include: personInclude });
    if (!p || p.forgottenAt) return null;
    return {
      id: p.id,
      name: p.name,
      lpoId: p.lpoId,
      lang: p.lang === "en" || p.lang === "sv" ? p.lang : defaultLang,
      roles: p.roles.map((r) => r.role as Role),
      groupIds: p.memberships.map((m) => m.groupId),
      leadsGroupIds: p.leads.map((g) => g.id),
    };
  }

  /** Read on every command: from the people directory (see peopleDirectory.ts). */
  async actorForPlatform(platform: Platform, userId: string, defaultLang: Lang): Promise<Actor | null> {
    return this.people.actorForPlatform(platform, userId, defaultLang);
  }

  async peopleNames(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.prisma.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async peopleOfLpo(lpoId: string): Promise<{ id: string; name: string }[]> {
    return this.prisma.person.findMany({
      where: { lpoId, forgottenAt: null },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
  }

  /**
   * Names of the people to ask when someone is not registered — only when the
   * database holds one LPO: an unknown person's LPO is unknown, and naming
   * administrators of every LPO in the country would tell strangers too much.
   */
  async adminNames(): Promise<string[]> {
    if ((await this.prisma.lpo.count()) !== 1) return [];
    const rows = await this.prisma.person.findMany({
      where: { roles: { some: { role: "admin" } }, forgottenAt: null },
      select: { name: true },
      take: 3,
      orderBy: { name: "asc" },
    });
    return rows.map((r) => r.name);
  }

  async groupsOfLpo(lpoId: string): Promise<{ id: string; name: string; kind: string; leadId: string | null }[]> {
    return this.prisma.group.findMany({
      where: { lpoId },
      select: { id: true, name: true, kind: true, leadId: true },
      orderBy: { id: "asc" },
    });
  }

  /**
   * Any read of the organisation tables, kept like the others here (a write
   * to them through this process invalidates it; another instance's within the TTL).
   */
  async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.cache.get(`cached:${key}`, load);
  }

  /** The LPO's plausible hours per person and day (organisation file `maxHoursPerDay`); null: not set. */
  async maxHoursPerDay(lpoId: string): Promise<number | null> {
    return this.cache.get(`maxHoursPerDay:${lpoId}`, async () => {
      const lpo = await this.prisma.lpo.findUnique({ where: { id: lpoId }, select: { maxHoursPerDay: true } });
      return lpo?.maxHoursPerDay ?? null;
    });
  }

  /**
   * The names of these groups. Every group's name is read in one query and
   * kept as one entry (a few thousand short rows nationally): an entry per set
   * of ids was a query for each group's first line after every expiry.
   */
  async groupNames(ids: string[]): Promise<Map<string, string>> {
    const all = await this.cache.get("groupNames", () => this.loadGroupNames());
    const names = new Map<string, string>();
    for (const id of ids) {
      const name = all.get(id);
      if (name !== undefined) names.set(id, name);
    }
    return names;
  }

  private async loadGroupNames(): Promise<Map<string, string>> {
    const rows = await this.prisma.group.findMany({ select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Activities of promises running on `day` in the actor's LPO that concern
   * one of the actor's groups (or all groups). A person without a group (a
   * kommunpolis, an admin) sees every activity of the LPO.
   */
  async activitiesInScope(actor: Actor, day: string): Promise<ActivityInScope[]> {
    const all = await this.cache.get(`activities:${actor.lpoId}:${day}`, () =>
      this.activitiesOfLpoOn(actor.lpoId, day),
    );
    return all.filter(
      (a) =>
        actor.groupIds.length === 0 || a.groupIds.length === 0 || a.groupIds.some((g) => actor.groupIds.includes(g)),
    );
  }

  private async activitiesOfLpoOn(lpoId: string, day: string): Promise<ActivityInScope[]> {
    const rows = await this.prisma.promiseActivity.findMany({
      where: {
        active: true,
        promise: { fromDay: { lte: day }, toDay: { gte: day }, kommun: { lpoId } },
      },
      include: { promise: { include: { kommun: true } }, groups: true },
      orderBy: [{ promiseId: "asc" }, { position: "asc" }],
    });
    return rows.map(activityInScopeOf);
  }

  /** The target in force on `day` (the latest one valid from on or before it, else the first). */
  async targetOn(activityId: string, day: string): Promise<TargetRow | null> {
    return this.cache.get(`target:${activityId}:${day}`, () => this.loadTargetOn(activityId, day));
  }

  private async loadTargetOn(activityId: string, day: string): Promise<TargetRow | null> {
    const rows = await this.prisma.activityTarget.findMany({
      where: { activityId },
      orderBy: [{ validFrom: "asc" }, { createdAt: "asc" }],
    });
    if (rows.length === 0) return null;
    const inForce = rows.filter((r) => r.validFrom <= day);
    const row = inForce.length > 0 ? inForce[inForce.length - 1] : rows[0];
    return { amount: row.amount, unit: row.unit as Unit, per: row.per as TargetPer, validFrom: row.validFrom };
  }

  /** The group a chat channel is bound to, with the group's LPO and gruppchef; null when it is bound to none. */
  async channelBinding(
    platform: ChatPlatform,
    channelId: string,
  ): Promise<{ groupId: string; groupName: string; lpoId: string; leadId: string | null } | null> {
    const row = await this.prisma.channelBinding.findUnique({
      where: { platform_channelId: { platform, channelId } },
      select: { group: { select: { id: true, name: true, lpoId: true, leadId: true } } },
    });
    return row
      ? { groupId: row.group.id, groupName: row.group.name, lpoId: row.group.lpoId, leadId: row.group.leadId }
      : null;
  }

  /**
   * Binds a channel to a group (the group leaves the channel it had on that platform). `from` is the group
   * the caller saw the channel bound to (null: none), whose consent the caller checked: when the channel is
   * bound otherwise by now, or `from` and `groupId` are groups of different LPOs, nothing changes and the
   * answer is false. A channel never moves from one LPO to another here.
   */
  async bindChannel(
    platform: ChatPlatform,
    channelId: string,
    groupId: string,
    from: string | null = null,
  ): Promise<boolean> {
    if (from !== null && from !== groupId) {
      const lpos = await this.prisma.group.findMany({
        where: { id: { in: [from, groupId] } },
        select: { lpoId: true },
      });
      if (lpos.length !== 2 || lpos[0].lpoId !== lpos[1].lpoId) return false;
    }
    try {
      await this.prisma.$transaction([
        // only the binding the caller saw goes; any other binding of the channel makes the create fail
        this.prisma.channelBinding.deleteMany({
          where: {
            OR: [...(from !== null ? [{ platform, channelId, groupId: from }] : []), { platform, groupId }],
          },
        }),
        this.prisma.channelBinding.create({ data: { platform, channelId, groupId } }),
      ]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}
