// Writing and reading promises, their activities, targets and groups for
// managing them from chat. Every write that touches more than one row runs in
// one transaction, so a refused or failed save leaves nothing behind. An
// activity's groups carry their explicit parts of the target (shares), and an
// edit writes them back with the groups, so an edit never drops them.
import type { Unit } from "../../domain/activity.js";
import type { TargetPer } from "../../domain/targetPeriod.js";
import type { Prisma } from "../../storage/database.js";
import { afterCommit } from "../../storage/organisationCache.js";
import { type ActivityInScope, activityInScopeOf } from "../../storage/organisationRepository.js";

/** Why a promise exists, as the forms and the organisation file say it ("" = not given). */
export interface PromiseWhyText {
  problem: string;
  purpose: string;
  intendedEffect: string;
  tellCitizens: string;
}

export const MAX_ACTIVITIES = 6;

export interface TargetSpec {
  amount: number;
  unit: Unit;
  per: TargetPer;
}

export interface ActivitySpec {
  code: string;
  name: string;
  aliases: string[];
  target: TargetSpec;
  /** empty = every group of the LPO */
  groupIds: string[];
  baseline: number | null;
  /** each group's explicit part of the target (weights, share.ts); empty = split by `shareBasis` */
  shares: Record<string, number>;
  shareBasis: "members" | "equal";
}

export interface ActivityRecord {
  id: string;
  promiseId: string;
  code: string;
  name: string;
  aliases: string[];
  unit: Unit;
  position: number;
  baseline: number | null;
  groupIds: string[];
  /** each group's explicit part (weights); empty = split by `shareBasis` */
  shares: Record<string, number>;
  shareBasis: "members" | "equal";
  /** the latest target: the one in force from now on (null only for broken data) */
  target: (TargetSpec & { validFrom: string }) | null;
}

export interface PromiseRecord {
  id: string;
  title: string;
  kommunId: string;
  kommunName: string;
  fromDay: string;
  toDay: string;
  /** the effect follow-up: indicators and areas aimed at (names as in the indicator file), comparison area */
  effect: { indicators: string[]; areas: string[]; comparison: string | null };
  /** why the promise exists, its purpose, intended effect, and what officers can tell citizens ("" = not given) */
  why: PromiseWhyText;
  /** active activities, in order */
  activities: ActivityRecord[];
  /** every code used in the promise, active or not, lower case */
  usedCodes: string[];
}

export type AddActivityResult =
  | { ok: true; activityId: string; position: number }
  | { ok: false; reason: "full"; count: number }
  | { ok: false; reason: "code-taken" }
  | { ok: false; reason: "not-found" };

const promiseInclude = {
  kommun: true,
  activities: { include: { targets: true, groups: true }, orderBy: { position: "asc" } },
} as const;

function queryPromises(prisma: Prisma, where: { id?: string; kommun: { lpoId: string } }) {
  return prisma.citizenPromise.findMany({
    where,
    include: promiseInclude,
    orderBy: [{ fromDay: "desc" }, { id: "asc" }],
  });
}

type PromiseRow = Awaited<ReturnType<typeof queryPromises>>[number];

function latestTarget(
  targets: { amount: number; unit: string; per: string; validFrom: string; createdAt: Date }[],
): ActivityRecord["target"] {
  const row = [...targets]
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom) || a.createdAt.getTime() - b.createdAt.getTime())
    .at(-1);
  return row
    ? { amount: row.amount, unit: row.unit as Unit, per: row.per as TargetPer, validFrom: row.validFrom }
    : null;
}

function toRecord(row: PromiseRow): PromiseRecord {
  return {
    id: row.id,
    title: row.title,
    kommunId: row.kommunId,
    kommunName: row.kommun.name,
    fromDay: row.fromDay,
    toDay: row.toDay,
    effect: {
      indicators: row.effectIndicators.split("\n").filter(Boolean),
      areas: row.effectAreas.split("\n").filter(Boolean),
      comparison: row.comparisonArea,
    },
    why: {
      problem: row.problem,
      purpose: row.purpose,
      intendedEffect: row.intendedEffect,
      tellCitizens: row.citizenMessage,
    },
    usedCodes: row.activities.map((a) => a.code.toLowerCase()),
    activities: row.activities
      .filter((a) => a.active)
      .map((a) => ({
        id: a.id,
        promiseId: row.id,
        code: a.code,
        name: a.name,
        aliases: a.aliases.split("\n").filter(Boolean),
        unit: a.unit as Unit,
        position: a.position,
        baseline: a.baselineAmount,
        groupIds: a.groups.map((g) => g.groupId).sort(),
        shares: Object.fromEntries(
          a.groups
            .filter((g) => g.share !== null)
            .sort((x, y) => x.groupId.localeCompare(y.groupId))
            .map((g) => [g.groupId, g.share as number]),
        ),
        shareBasis: a.shareBasis === "equal" ? "equal" : "members",
        target: latestTarget(a.targets),
      })),
  };
}

/** The activity's group rows, each with its explicit part (null when split by the basis). */
function groupRows(activityId: string, spec: { groupIds: string[]; shares: Record<string, number> }) {
  return spec.groupIds.map((groupId) => ({ activityId, groupId, share: spec.shares[groupId] ?? null }));
}

/** What the database keeps of a promise's why-fields. */
export function whyColumns(why: PromiseWhyText) {
  return {
    problem: why.problem,
    purpose: why.purpose,
    intendedEffect: why.intendedEffect,
    citizenMessage: why.tellCitizens,
  };
}

/** True for a unique-constraint violation (Prisma's P2002): someone saved the same id or code a moment ago. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** A promise's own fields as the form writes them (why it exists and what it aims at included). */
export interface PromiseFields {
  title: string;
  fromDay: string;
  toDay: string;
  effectIndicators?: string;
  effectAreas?: string;
  comparisonArea?: string | null;
  problem?: string;
  purpose?: string;
  intendedEffect?: string;
  citizenMessage?: string;
}

export class PromiseRepository {
  constructor(private readonly prisma: Prisma) {}

  /** The LPO's kommuner in Swedish alphabetical order (the same on every database). */
  async kommuner(lpoId: string): Promise<{ id: string; name: string }[]> {
    const rows = await this.prisma.kommun.findMany({ where: { lpoId }, select: { id: true, name: true } });
    const collator = new Intl.Collator("sv");
    return rows.sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
  }

  /** A promise of the LPO (null when it does not exist or belongs to another LPO). */
  async promise(lpoId: string, id: string): Promise<PromiseRecord | null> {
    const [row] = await queryPromises(this.prisma, { id, kommun: { lpoId } });
    return row ? toRecord(row) : null;
  }

  async promisesOfLpo(lpoId: string): Promise<PromiseRecord[]> {
    return (await queryPromises(this.prisma, { kommun: { lpoId } })).map(toRecord);
  }

  /** The promise an activity belongs to, when both are in the LPO. */
  async promiseOfActivity(lpoId: string, activityId: string): Promise<PromiseRecord | null> {
    const row = await this.prisma.promiseActivity.findUnique({
      where: { id: activityId },
      select: { promiseId: true },
    });
    return row ? this.promise(lpoId, row.promiseId) : null;
  }

  /** The first free promise id from a base like "norrdal-2027": the base, then base-2, base-3, … */
  async freePromiseId(base: string): Promise<string> {
    const taken = new Set(
      (await this.prisma.citizenPromise.findMany({ where: { id: { startsWith: base } }, select: { id: true } })).map(
        (r) => r.id,
      ),
    );
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** A new promise with its first activity, target and groups, in one transaction. */
  async createPromise(
    promise: PromiseFields & { id: string; kommunId: string },
    first: ActivitySpec,
  ): Promise<{ promiseId: string; activityId: string }> {
    return afterCommit(
      this.prisma.$transaction(async (tx) => {
        await tx.citizenPromise.create({ data: promise });
        const activity = await tx.promiseActivity.create({
          data: {
            promiseId: promise.id,
            code: first.code,
            name: first.name,
            aliases: first.aliases.join("\n"),
            unit: first.target.unit,
            position: 0,
            baselineAmount: first.baseline,
            shareBasis: first.shareBasis,
          },
        });
        await tx.activityTarget.create({
          data: { activityId: activity.id, ...first.target, validFrom: promise.fromDay },
        });
        if (first.groupIds.length > 0) await tx.activityGroup.createMany({ data: groupRows(activity.id, first) });
        return { promiseId: promise.id, activityId: activity.id };
      }),
    );
  }

  /** One more activity; the limit and the code are checked again inside the transaction. */
  async addActivity(promiseId: string, spec: ActivitySpec): Promise<AddActivityResult> {
    return afterCommit(
      this.prisma.$transaction(async (tx) => {
        const promise = await tx.citizenPromise.findUnique({
          where: { id: promiseId },
          include: { activities: { select: { code: true, active: true, position: true } } },
        });
        if (!promise) return { ok: false, reason: "not-found" } as const;
        const active = promise.activities.filter((a) => a.active);
        if (active.length >= MAX_ACTIVITIES) return { ok: false, reason: "full", count: active.length } as const;
        if (promise.activities.some((a) => a.code.toLowerCase() === spec.code.toLowerCase()))
          return { ok: false, reason: "code-taken" } as const;
        const position = Math.max(-1, ...promise.activities.map((a) => a.position)) + 1;
        const activity = await tx.promiseActivity.create({
          data: {
            promiseId,
            code: spec.code,
            name: spec.name,
            aliases: spec.aliases.join("\n"),
            unit: spec.target.unit,
            position,
            baselineAmount: spec.baseline,
            shareBasis: spec.shareBasis,
          },
        });
        await tx.activityTarget.create({
          data: { activityId: activity.id, ...spec.target, validFrom: promise.fromDay },
        });
        if (spec.groupIds.length > 0) await tx.activityGroup.createMany({ data: groupRows(activity.id, spec) });
        return { ok: true, activityId: activity.id, position } as const;
      }),
    );
  }

  /**
   * Name, aliases, groups and baseline change in place; a new target is added
   * to the history from `validFrom` (replacing any target from that day on),
   * so the periods before it keep the target they had.
   */
  async updateActivity(
    activityId: string,
    fields: {
      name: string;
      aliases: string[];
      groupIds: string[];
      baseline: number | null;
      shares: Record<string, number>;
      shareBasis: "members" | "equal";
    },
    target: (TargetSpec & { validFrom: string }) | null,
  ): Promise<void> {
    await afterCommit(
      this.prisma.$transaction(async (tx) => {
        await tx.promiseActivity.update({
          where: { id: activityId },
          data: {
            name: fields.name,
            aliases: fields.aliases.join("\n"),
            baselineAmount: fields.baseline,
            shareBasis: fields.shareBasis,
            ...(target ? { unit: target.unit } : {}),
          },
        });
        await tx.activityGroup.deleteMany({ where: { activityId } });
        if (fields.groupIds.length > 0) await tx.activityGroup.createMany({ data: groupRows(activityId, fields) });
        if (target) {
          await tx.activityTarget.deleteMany({ where: { activityId, validFrom: { gte: target.validFrom } } });
          await tx.activityTarget.create({
            data: {
              activityId,
              amount: target.amount,
              unit: target.unit,
              per: target.per,
              validFrom: target.validFrom,
            },
          });
        }
      }),
    );
  }

  async updatePromise(id: string, fields: PromiseFields): Promise<void> {
    await this.prisma.citizenPromise.update({ where: { id }, data: fields });
  }
}

/** The feature's repository on the context's database: the one way the feature reaches it. */
export function promiseRepository(ctx: { prisma: Prisma }): PromiseRepository {
  return new PromiseRepository(ctx.prisma);
}

/** The active activities of every promise of an LPO that has not ended by `day` (running or coming), by promise start. */
export async function currentAndComingActivitiesOfLpo(
  ctx: { prisma: Prisma },
  lpoId: string,
  day: string,
): Promise<ActivityInScope[]> {
  const rows = await ctx.prisma.promiseActivity.findMany({
    where: { active: true, promise: { toDay: { gte: day }, kommun: { lpoId } } },
    include: { promise: { include: { kommun: true } }, groups: true },
    orderBy: [{ promise: { fromDay: "asc" } }, { promiseId: "asc" }, { position: "asc" }],
  });
  return rows.map(activityInScopeOf);
}
