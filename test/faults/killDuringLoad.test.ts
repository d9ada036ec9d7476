// "Nothing a person logged is lost: once the bot has confirmed, it is
// committed to the database." The service is killed with SIGKILL (no clean
// shutdown at all) in the middle of a load of signed /logga slash commands
// from many people; after a restart every entry the bot confirmed — a ✅ in
// the ack body, or in a response_url answer sent before the kill — is in the
// database, read directly rather than through the service, and none twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../adapters/slack/support.js";
import { type DatabaseKind, databaseKinds, freshDatabase } from "../support/databases.js";
import {
  letterTag,
  organisationFileForToday,
  type ServiceProcess,
  startServiceProcess,
  withConcurrency,
} from "../support/service.js";
import {
  DEMO_SLACK_USERS,
  readEntries,
  readyz,
  responseTexts,
  type SlashResult,
  slackEnv,
  slash,
  sqliteIntegrity,
} from "./support.js";

const REQUESTS = 300;
const CONCURRENCY = 8;
/** the kill comes after this many answers, with the others still in flight */
const KILL_AFTER = 200;
const DURATIONS = ["1h", "30 min", "1,5h", "2h", "45min"];

for (const kind of databaseKinds) {
  describe(`SIGKILL in the middle of a /logga load on ${kind}`, () => {
    let db: { url: string; drop(): Promise<void> } | null = null;
    let fake: FakeSlack;
    let env: Record<string, string>;
    const services: ServiceProcess[] = [];

    beforeAll(async () => {
      db = await freshDatabase(kind as DatabaseKind);
      if (!db) return;
      fake = await startFakeSlack();
      env = { DATABASE_URL: db.url, LOFTESBOT_ORG_FILE: organisationFileForToday(), ...slackEnv(fake) };
      services.push(await startServiceProcess({ env }));
    });

    afterAll(async () => {
      for (const s of services) await s.stop();
      await fake?.close();
      await db?.drop();
    });

    it("every confirmed entry is in the database after a restart, none twice", async (ctx) => {
      if (!db) return ctx.skip();
      const service = services[0];
      const results = new Map<string, SlashResult & { id: string }>();
      let answered = 0;
      let inFlightAtKill = -1;
      let inFlight = 0;
      let killing: Promise<void> | null = null;

      await withConcurrency(
        Array.from({ length: REQUESTS }, (_, i) => i),
        CONCURRENCY,
        async (i) => {
          if (killing) return;
          const tag = letterTag(i);
          inFlight++;
          const result = await slash(service.url, fake, {
            user: DEMO_SLACK_USERS[i % DEMO_SLACK_USERS.length],
            command: i % 5 === 0 ? "/log" : "/logga",
            text: `${DURATIONS[i % DURATIONS.length]} torget ${tag}`,
            id: tag,
          });
          inFlight--;
          results.set(tag, result);
          if (result.status === 200) answered++;
          if (answered >= KILL_AFTER && !killing) {
            inFlightAtKill = inFlight;
            killing = service.kill();
          }
        },
      );
      await killing;
      expect(service.alive()).toBe(false);
      expect(inFlightAtKill, "requests in flight when the service was killed").toBeGreaterThan(0);

      // confirmed: ✅ in the ack, or in an answer through response_url that reached Slack before the kill
      const confirmed = [...results.entries()]
        .filter(([tag, r]) => r.ackText.startsWith("✅") || responseTexts(fake, tag).some((t) => t.startsWith("✅")))
        .map(([tag]) => tag);
      expect(confirmed.length, "the load was confirmed in part before the kill").toBeGreaterThanOrEqual(KILL_AFTER / 2);
      // nothing but confirmations and 'try again' came back before the kill
      for (const [tag, r] of results)
        if (r.status === 200 && r.ackText) expect(r.ackText, tag).toMatch(/^✅|försök igen/);

      if (kind === "sqlite") expect(sqliteIntegrity(db.url)).toBe("ok");
      const restarted = await startServiceProcess({ env });
      services.push(restarted);
      expect((await readyz(restarted.url)).status).toBe(200);

      const entries = await readEntries(db.url);
      const notes = new Map<string, number>();
      for (const e of entries) notes.set(e.note, (notes.get(e.note) ?? 0) + 1);
      const lost = confirmed.filter((tag) => !notes.has(tag));
      expect(lost, `confirmed but not in the database (of ${confirmed.length} confirmed)`).toEqual([]);
      const twice = [...notes.entries()].filter(([, n]) => n > 1).map(([tag]) => tag);
      expect(twice, "stored more than once").toEqual([]);
      // whatever was stored came from a request that was sent (in flight at the kill at most)
      expect(entries.length).toBeLessThanOrEqual(results.size);
      expect(entries.length).toBeGreaterThanOrEqual(confirmed.length);

      // and the restarted service logs as before
      const after = await slash(restarted.url, fake, {
        user: DEMO_SLACK_USERS[5],
        command: "/logga",
        text: "1h torget zqomstart",
      });
      expect(after.status).toBe(200);
      const answer = after.ackText || (await waitForResponse(fake, after.id));
      expect(answer.startsWith("✅"), answer).toBe(true);
    });
  });
}

async function waitForResponse(fake: FakeSlack, id: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [text] = responseTexts(fake, id);
    if (text) return text;
    if (Date.now() > deadline) return "";
    await new Promise((r) => setTimeout(r, 50));
  }
}
