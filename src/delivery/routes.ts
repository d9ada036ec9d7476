// How to reach a person or a channel. Besides the adapters, the people
// directory and the organisation import, this is the only code that reads
// platform ids (Slack user ids, Teams object ids): a feature asks for a
// person's routes by person id and hands them to the delivery runtime.
import type { ChatPlatform } from "../domain/platform.js";
import { asChatPlatform } from "../domain/platform.js";
import type { Prisma } from "../storage/database.js";
import type { Recipient } from "./chatSender.js";

/** One way to deliver a message: a platform and a recipient on it. */
export interface DeliveryRoute {
  platform: ChatPlatform;
  to: Recipient;
}

/** A bound channel's route; none when the stored platform is not a chat platform. */
export function channelRoutes(platform: string, channelId: string): DeliveryRoute[] {
  const chat = asChatPlatform(platform);
  return chat ? [{ platform: chat, to: { kind: "channel", channelId } }] : [];
}

/** Both platforms a person can be reached on, Teams first (the police's main platform). */
function personRoutes(person: { id: string; slackUserId: string | null; teamsAadId: string | null }): DeliveryRoute[] {
  const routes: DeliveryRoute[] = [];
  if (person.teamsAadId)
    routes.push({ platform: "teams", to: { kind: "person", userId: person.teamsAadId, personId: person.id } });
  if (person.slackUserId)
    routes.push({ platform: "slack", to: { kind: "person", userId: person.slackUserId, personId: person.id } });
  return routes;
}

/** People's private routes, read in one query. */
export class PersonRoutes {
  constructor(private readonly prisma: Prisma) {}

  /** Each person's routes (Teams first); a person who is unknown, forgotten or without chat ids gets none. */
  async of(personIds: readonly string[]): Promise<Map<string, DeliveryRoute[]>> {
    const routes = new Map<string, DeliveryRoute[]>(personIds.map((id) => [id, []]));
    if (personIds.length === 0) return routes;
    const rows = await this.prisma.person.findMany({
      where: { id: { in: [...new Set(personIds)] }, forgottenAt: null },
      select: { id: true, slackUserId: true, teamsAadId: true },
    });
    for (const row of rows) routes.set(row.id, personRoutes(row));
    return routes;
  }

  /** One person's routes. */
  async ofPerson(personId: string): Promise<DeliveryRoute[]> {
    return (await this.of([personId])).get(personId) ?? [];
  }
}
