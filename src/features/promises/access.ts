// Who may manage promises from chat: a kommunpolis or an admin, always within
// their own LPO (every read goes through actor.lpoId). Every open… and submit…
// of the feature asks mayManagePromises first, before it reads or stores anything.
import { type Actor, hasRole } from "../../domain/organisation.js";
import type { Translate } from "../../i18n/index.js";
import { type Reply, textReply } from "../../core/reply.js";

export function mayManagePromises(actor: Actor): boolean {
  return hasRole(actor, "kommunpolis", "admin");
}

/** The one reply to anybody else. */
export function forbidden(t: Translate): Reply {
  return textReply(t("manage.forbidden"));
}
