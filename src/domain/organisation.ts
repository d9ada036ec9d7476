import type { Lang } from "./lang.js";
// The organisation as the core sees it: people with roles in groups of an LPO.
export const ROLES = ["medarbetare", "gruppchef", "kommunpolis", "lpo-chef", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** A known person acting through a chat platform. */
export interface Actor {
  id: string;
  name: string;
  lpoId: string;
  lang: Lang;
  roles: Role[];
  groupIds: string[];
  /** groups this person leads */
  leadsGroupIds: string[];
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
