// People named with `med` in a log line → person ids. The adapter saw the
// mentions and hands them over as a map (token as it appears in the text →
// platform user id); here a token is an opaque string, looked up in that map
// and resolved through the people directory. A token the adapter did not map
// may still be a typed person id (`@anna.berg`, matched case-insensitively as
// person ids are everywhere): that names the same person on every platform.
// A typed `@anna` that is no id is matched like a name (personNames.ts): a
// unique first name or partial handle is that person; several, or a typo, is
// `unclear` (the bot asks). Anything else, or a person of another LPO, is
// unknown: the line is refused.
import type { Actor } from "../../domain/organisation.js";
import type { Platform } from "../../domain/platform.js";
import type { CoreContext } from "../../core/context.js";
import { matchName, type PersonCandidate } from "./personNames.js";

/** mention token as it appears in the text → platform user id */
export type MentionMap = Readonly<Record<string, string>>;

/** The map keyed as the parser sees tokens (NFC), built without touching Object.prototype. */
function lookup(mentions: MentionMap | undefined): Map<string, string> {
  return new Map(Object.entries(mentions ?? {}).map(([token, userId]) => [token.normalize("NFC"), userId]));
}

/** Resolves `med` mention tokens to person ids (the actor left out); returns the first token that names nobody. */
export async function resolveMentions(
  ctx: CoreContext,
  actor: Actor,
  platform: Platform,
  tokens: string[],
  mentions: MentionMap | undefined,
  people: readonly PersonCandidate[] = [],
): Promise<{ ids: string[] } | { unknown: string } | { unclear: { token: string; ids: string[] } }> {
  if (tokens.length === 0) return { ids: [] };
  const userIds = lookup(mentions);
  const ids: string[] = [];
  for (const token of tokens) {
    const userId = userIds.get(token.normalize("NFC"));
    const typedId = /^@[^@\s<>]+$/.test(token) ? token.slice(1).toLowerCase() : null;
    const person =
      userId !== undefined
        ? await ctx.organisation.actorForPlatform(platform, userId, ctx.defaultLang)
        : typedId
          ? await ctx.organisation.actorForPlatform("console", typedId, ctx.defaultLang)
          : null;
    if ((!person || person.lpoId !== actor.lpoId) && typedId && people.length > 0) {
      // "@anna", "@Emma.L": a name or the start of an id, among the LPO's people
      const match = matchName(typedId, people);
      if (match.kind === "exact") {
        if (match.id !== actor.id && !ids.includes(match.id)) ids.push(match.id);
        continue;
      }
      if (match.kind === "unclear") return { unclear: { token, ids: match.ids } };
    }
    if (!person || person.lpoId !== actor.lpoId) return { unknown: token };
    if (person.id !== actor.id && !ids.includes(person.id)) ids.push(person.id);
  }
  return { ids };
}

/** The part of the map a line still needs (its tokens that occur in it), as pairs. */
export function mentionsIn(line: string, mentions: MentionMap | undefined): [string, string][] {
  return Object.entries(mentions ?? {}).filter(([token]) => token !== "" && line.includes(token));
}
