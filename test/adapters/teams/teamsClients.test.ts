// botbuilder's clients for the Bot Framework connector are shared between
// turns of one app id, audience and service URL (teamsApp.ts): a turn must
// still answer through the service URL its own activity named. Two local
// connectors, messages alternating between them: every reply reaches the one
// its activity came from, and nothing reaches the other.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeConnector, message, PEOPLE, post, startLocalTeams, type LocalTeams } from "./support.js";

const NOW = new Date("2026-11-25T09:00:00Z");
const { ali, emma } = PEOPLE;

const east = new FakeConnector();
const west = new FakeConnector();
let teams: LocalTeams;

beforeAll(async () => {
  teams = await startLocalTeams(east, { name: "teams-clients", now: NOW });
  await west.start();
});
afterAll(async () => {
  await teams.stop();
  await west.stop();
});

describe("Teams: shared connector clients", () => {
  it("each turn answers through its own activity's service URL, also when the URLs alternate", async () => {
    const turns = [
      [east, ali],
      [west, emma],
      [west, ali],
      [east, emma],
      [east, ali],
      [west, ali],
    ] as const;
    for (const [i, [connector, who]] of turns.entries()) {
      const other = connector === east ? west : east;
      const [mark, otherMark] = [connector.mark(), other.mark()];
      const activity = message({ who, text: `logga 10min närvaro tur ${i}`, serviceUrl: connector.url });
      const response = await post(teams.botUrl, activity);
      expect(response.status).toBe(200);
      const sent = connector.sent(mark);
      expect(sent.length, `turn ${i}`).toBe(1);
      expect(sent[0].body).toMatchObject({ replyToId: activity.id, serviceUrl: connector.url });
      expect(JSON.stringify(sent[0].body)).toContain("✅ 10 min");
      expect(other.sent(otherMark), `turn ${i} went to the other connector`).toEqual([]);
    }
  });
});
