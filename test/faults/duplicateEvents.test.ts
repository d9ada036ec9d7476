// A duplicate event storm: the same 100 Slack events (direct messages to the
// bot with a /logga line, distinct event ids), each delivered three times —
// as Slack does when an ack is slow or lost, with X-Slack-Retry-Num — in a
// shuffled order, and replayed again after a restart (no memory of recent
// events left in the process). Each is stored once. On PostgreSQL the copies
// are spread over two service instances on one database.
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
import { DEMO_SLACK_USERS, eventually, imEvent, readEntries, sendEvent, slackEnv } from "./support.js";

const EVENTS = 100;
const COPIES = 3;

interface Delivery {
  n: number;
  copy: number;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const eventId = (n: number) => `Ev0STORM${String(n).padStart(4, "0")}`;
const tagOf = (n: number) => letterTag(n, "zs");

for (const kind of databaseKinds) {
  describe(`a duplicate event storm on ${kind}`, () => {
    let db: { url: string; drop(): Promise<void> } | null = null;
    let fake: FakeSlack;
    let env: Record<string, string>;
    let services: ServiceProcess[] = [];
    const instances = kind === "postgresql" ? 2 : 1;

    beforeAll(async () => {
      db = await freshDatabase(kind as DatabaseKind);
      if (!db) return;
      fake = await startFakeSlack();
      env = { DATABASE_URL: db.url, LOFTESBOT_ORG_FILE: organisationFileForToday(), ...slackEnv(fake) };
      // one at a time: the first migrates and imports the organisation
      for (let i = 0; i < instances; i++) services.push(await startServiceProcess({ env }));
    });

    afterAll(async () => {
      for (const s of services) await s.stop();
      await fake?.close();
      await db?.drop();
    });

    async function storm(retryFrom: number, seed: number): Promise<number[]> {
      const deliveries: Delivery[] = [];
      for (let n = 0; n < EVENTS; n++) for (let copy = 0; copy < COPIES; copy++) deliveries.push({ n, copy });
      const statuses: number[] = [];
      await withConcurrency(shuffled(deliveries, seed), 12, async ({ n, copy }) => {
        const user = DEMO_SLACK_USERS[n % DEMO_SLACK_USERS.length];
        const body = imEvent(eventId(n), user, `logga 1h torget ${tagOf(n)}`, `${1764000000 + n}.000100`);
        const retry = retryFrom + copy;
        const headers: Record<string, string> =
          retry > 0 ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" } : {};
        // the copies of one event go to different instances where there are several
        const service = services[(n + copy) % services.length];
        const result = await sendEvent(service.url, body, headers);
        statuses.push(result.status);
      });
      return statuses;
    }

    const stormEntries = async () => (await readEntries(db!.url)).filter((e) => e.note.startsWith("zs"));
    const dmReplies = () =>
      fake.callsOf("chat.postMessage").filter((c) => /^[UD]0DEMO/.test(String(c.args.channel ?? "")));

    it("300 deliveries of 100 events: each stored once", async (ctx) => {
      if (!db) return ctx.skip();
      const statuses = await storm(0, 7);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      // events are acked at once and handled after the ack: wait until every one was answered
      await eventually(
        async () => (await stormEntries()).length >= EVENTS && dmReplies().length >= EVENTS,
        "100 entries and answers",
        60_000,
      );
      // give late duplicates time to show up
      await new Promise((r) => setTimeout(r, 2_000));
      const entries = await stormEntries();
      const perTag = new Map<string, number>();
      for (const e of entries) perTag.set(e.note, (perTag.get(e.note) ?? 0) + 1);
      expect(perTag.size).toBe(EVENTS);
      expect([...perTag.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      for (let n = 0; n < EVENTS; n++) expect(perTag.get(tagOf(n)), tagOf(n)).toBe(1);
      // and every entry belongs to the person who sent the event
      const ids = new Set(entries.map((e) => `${e.note}:${e.personId}`));
      expect(ids.size).toBe(EVENTS);
    });

    it("each event was answered, and no answer claims that nothing was stored", async (ctx) => {
      if (!db) return ctx.skip();
      const replies = dmReplies().map((c) => String(c.args.text ?? ""));
      expect(replies.length).toBeGreaterThanOrEqual(EVENTS);
      // one instance remembers recent event ids: each event answered exactly once. Several
      // instances each answer a repeat they did not see with the stored reply (see the report).
      if (instances === 1) expect(replies.length).toBe(EVENTS);
      else expect(replies.length).toBeLessThanOrEqual(EVENTS * instances);
      // every one of them was stored: 'Inget sparades' would be false
      expect(replies.filter((t) => /Inget sparades|Nothing was saved/.test(t))).toEqual([]);
      expect(replies.every((t) => t.startsWith("✅") || /hann inte svara|could not answer in time/.test(t))).toBe(true);
    });

    it("replayed after a restart (no recent events in memory): still stored once each", async (ctx) => {
      if (!db) return ctx.skip();
      for (const s of services) await s.stop();
      const restarted: ServiceProcess[] = [];
      for (let i = 0; i < instances; i++) restarted.push(await startServiceProcess({ env }));
      services = restarted;
      const before = dmReplies().length;
      const statuses = await storm(COPIES, 11);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      await new Promise((r) => setTimeout(r, 3_000));
      const entries = await stormEntries();
      expect(entries.length).toBe(EVENTS);
      expect(new Set(entries.map((e) => e.note)).size).toBe(EVENTS);
      const replayed = dmReplies()
        .slice(before)
        .map((c) => String(c.args.text ?? ""));
      expect(replayed.filter((t) => /Inget sparades|Nothing was saved/.test(t))).toEqual([]);
    });
  });
}
