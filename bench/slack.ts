// Scenario 1: signed `/logga` slash commands (form-encoded, v0 HMAC of
// `v0:{timestamp}:{body}` with the signing secret, current timestamp), each
// from one of many distinct people, against the service and a bare Bolt app.
import { createHmac } from "node:crypto";
import type { FakeSlack } from "./fakeSlack.js";
import type { HttpScenario } from "./http.js";
import type { LoadRequest } from "./load.js";
import type { BenchOrganisation } from "./org.js";

export const SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";

export function signedSlashCommand(secret: string, fields: Record<string, string>): LoadRequest {
  const body = new URLSearchParams(fields).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    path: "/slack/events",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  };
}

export function slackScenario(organisation: BenchOrganisation, fake: FakeSlack): HttpScenario {
  const people = organisation.people;
  return {
    name: "slack",
    floorScript: "bench/boltFloor.ts",
    floorEnv: { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl },
    serviceEnv: { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-bench", SLACK_API_URL: fake.apiUrl },
    build(i, target) {
      const person = people[i % people.length];
      return signedSlashCommand(SIGNING_SECRET, {
        token: "bench-verification-token",
        team_id: "T0BENCH",
        team_domain: "bench",
        channel_id: `D${person.slack.slice(1)}`,
        channel_name: "directmessage",
        user_id: person.slack,
        user_name: person.id,
        command: "/logga",
        // a note of its own and a few minutes: not a likely duplicate, never above the daily limit
        text: `5min närvaro b${target}x${i}`,
        api_app_id: "A0BENCH",
        is_enterprise_install: "false",
        response_url: `${fake.baseUrl}/respond/slack-${target}/${i}`,
        trigger_id: `${Date.now()}.${i}.bench${i.toString(16)}`,
      });
    },
    confirmed: (status, body) => status === 200 && body.includes("✅"),
    floorOk: (status, body) => status === 200 && body === "ok",
  };
}
