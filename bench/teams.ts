// Scenario 2: Teams message activities ("logga 1h närvaro") from distinct
// Entra object ids, with deliveryMode "expectReplies" so that the replies come
// back in the HTTP body, against the service and a bare botbuilder echo bot.
// serviceUrl points at the fake connector in the bench process, for anything
// that would still go out.
import type { FakeSlack } from "./fakeSlack.js";
import type { HttpScenario } from "./http.js";
import type { BenchOrganisation } from "./org.js";

export function teamsScenario(organisation: BenchOrganisation, fake: FakeSlack): HttpScenario {
  const people = organisation.people;
  const serviceUrl = `${fake.baseUrl}/teams/`;
  return {
    name: "teams",
    floorScript: "bench/teamsFloor.ts",
    floorEnv: {},
    // Teams' local mode: the bench posts from this machine with a loopback service URL
    serviceEnv: { LOFTESBOT_TEAMS_LOCAL: "1" },
    build(i) {
      const person = people[i % people.length];
      const activity = {
        type: "message",
        id: `bench-${i}-${Date.now()}`,
        timestamp: new Date().toISOString(),
        channelId: "msteams",
        serviceUrl,
        from: { id: `29:${person.teams}`, aadObjectId: person.teams, name: person.id },
        recipient: { id: "28:loftesbot-bench", name: "Löftesbot" },
        conversation: { id: `a:${person.teams}`, conversationType: "personal", tenantId: "bench-tenant" },
        channelData: { tenant: { id: "bench-tenant" } },
        locale: "sv-SE",
        // a note of its own and a few minutes: not a likely duplicate, never above the daily limit
        text: `logga 5min närvaro t${i}x${Date.now()}`,
        textFormat: "plain",
        deliveryMode: "expectReplies",
      };
      return {
        path: "/api/messages",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(activity),
      };
    },
    confirmed: (status, body) => status === 200 && body.includes("✅"),
    floorOk: (status, body) => status === 200 && body.includes("echo: logga"),
  };
}
