// What a follow-up covers and who may read it: the kommuner of an LPO (one
// typed as a person writes it), the activities of a kommun's promises in a
// period (store.ts), the groups an activity's figures are shown for, and the polls held
// in a period.
//
// Who may see what ("reading another group's figures requires a role that
// covers it"): kommunpolis, lpo-chef and admin see every group of their own
// LPO; a gruppchef sees the groups they lead (their own groups when they lead
// none) plus the kommun's totals; everyone else — and anyone asking about a
// kommun of another LPO — sees nothing. Every view is audited
// (`followup.view`), and so is every refusal (`followup.refused`).
import { dayInZone } from "../../domain/calendar.js";
import { type Actor, hasRole } from "../../domain/organisation.js";
import type { DayRange } from "../../domain/targetPeriod.js";
import type { CoreContext } from "../../core/context.js";
import type { RangeFigures } from "./figures.js";
import type { PollSummary } from "./followUpPolls.js";
import { type KommunRef, kommunRowsOfLpo } from "./store.js";

export type { KommunRef };

// ------------------------------------------------------------- organisation

export async function kommunerOfLpo(ctx: CoreContext, lpoId: string): Promise<KommunRef[]> {
  const rows = await kommunRowsOfLpo(ctx, lpoId);
  // in Swedish order (Å after Z), whatever the database's collation
  return rows.sort((a, b) => a.name.localeCompare(b.name, "sv"));
}

function plain(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+kommun$/, "")
    .trim();
}

export function matchKommun(kommuner: KommunRef[], text: string): KommunRef | null {
  const wanted = plain(text);
  if (!wanted) return null;
  return kommuner.find((k) => plain(k.id) === wanted || plain(k.name) === wanted) ?? null;
}

/** The polls open some time in the range (from opening to closing, or to the closing time while open). */
export function pollsDuring(polls: PollSummary[], range: DayRange, timeZone: string): PollSummary[] {
  return polls.filter(
    (p) => dayInZone(p.opensAt, timeZone) <= range.to && dayInZone(p.closedAt ?? p.closesAt, timeZone) >= range.from,
  );
}

// ----------------------------------------------------------------- access

export type FollowUpScope = { kind: "all" } | { kind: "groups"; groupIds: string[] };

/** What follow-up this person may read in their own LPO; null = none. */
export function followUpScope(actor: Actor): FollowUpScope | null {
  if (hasRole(actor, "admin", "lpo-chef", "kommunpolis")) return { kind: "all" };
  if (hasRole(actor, "gruppchef"))
    return { kind: "groups", groupIds: actor.leadsGroupIds.length > 0 ? actor.leadsGroupIds : actor.groupIds };
  return null;
}

export function groupAllowed(scope: FollowUpScope, groupId: string | null): boolean {
  return scope.kind === "all" || (groupId !== null && scope.groupIds.includes(groupId));
}

/** The groups an activity's figures are shown for: its groups (or all), and any other that logged on it. */
export function groupsToShow(
  f: RangeFigures,
  lpoGroups: { id: string; name: string }[],
  scope: FollowUpScope,
): { id: string | null; name: string | null }[] {
  const expected = f.activity.groupIds.length > 0 ? f.activity.groupIds : lpoGroups.map((g) => g.id);
  const ids: (string | null)[] = lpoGroups.map((g) => g.id).filter((id) => expected.includes(id) || f.byGroup.has(id));
  if (f.byGroup.has(null)) ids.push(null);
  return ids
    .filter((id) => groupAllowed(scope, id))
    .map((id) => ({ id, name: id === null ? null : (lpoGroups.find((g) => g.id === id)?.name ?? id) }));
}
