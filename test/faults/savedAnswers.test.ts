// Every answer about a write is true when the connection to PostgreSQL is cut
// around it. The core reaches the (shared) server through a proxy that reads
// the wire protocol and cuts every connection at a chosen moment: as the
// entries' INSERT is sent, when its CommandComplete arrives, right after it
// was passed on, after a transaction's COMMIT, or with the database away for a
// moment after. What the database holds is read around the proxy. An answer
// that says "Inget sparades" must find nothing stored; one that confirms must
// find the entry once; one that cannot confirm is retried with the same
// request key, which must find the entry or store it exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "../../src/app/compose.js";
import { Loftesbot } from "../../src/core/loftesbot.js";
import { replyAsPlainText } from "../../src/core/reply.js";
import { ProcessedRequests } from "../../src/storage/processedRequests.js";
import type { PgWireProxy } from "./pgWireProxy.js";
import { closeProxiedCore, logAs, openProxiedCore, type ProxiedCore, readEntries } from "./support.js";

const NOTHING_STORED = /inget sparades|nothing was stored/i;
const ENTRIES_INSERT = (sql: string) => /INSERT INTO "activity_entry"/.test(sql);

describe("PostgreSQL cut around the log's write (wire-protocol proxy)", () => {
  let available = false;
  let db: ProxiedCore["db"] | undefined;
  let proxy: PgWireProxy;
  let core: Core | undefined;
  let seq = 0;

  beforeAll(async () => {
    const opened = await openProxiedCore("loftesbot_saved");
    if (!opened) return;
    ({ db, proxy, core } = opened);
    available = true;
    // warm: the organisation and the standing are read once
    await log(core.bot, "1h närvaro zqwarm", "warm");
  });

  afterAll(async () => {
    await closeProxiedCore({ core, proxy, db }, { coreClosed: closed });
  });
  let closed = false;

  const log = logAs;

  /** How many entries the database holds with this note (read around the proxy). */
  async function stored(note: string): Promise<number> {
    return (await readEntries(db!.url)).filter((e) => e.note === note).length;
  }

  const key = () => `saved-${++seq}`;

  it("cut right after the entries' CommandComplete passed through: confirmed, and a retry with the same key stores nothing more", async (ctx) => {
    if (!available) return ctx.skip();
    const k = key();
    proxy.arm({ match: ENTRIES_INSERT, moment: "after-result" });
    const answer = await log(core!.bot, "1h närvaro zqafter", k);
    expect(proxy.armed, "the trap fired").toBe(false);
    expect(await stored("zqafter")).toBe(1);
    expect(answer).not.toMatch(NOTHING_STORED);
    expect(answer).toMatch(/^✅ 1 h på L1/);
    const retry = await log(core!.bot, "1h närvaro zqafter", k);
    expect(retry).toMatch(/^✅ 1 h på L1/);
    expect(await stored("zqafter")).toBe(1);
  });

  it("cut when the entries' result arrives (the client never hears of the commit): confirmed, stored once", async (ctx) => {
    if (!available) return ctx.skip();
    const k = key();
    proxy.arm({ match: ENTRIES_INSERT, moment: "result" });
    const answer = await log(core!.bot, "1h närvaro zqresult", k);
    expect(proxy.armed).toBe(false);
    expect(await stored("zqresult")).toBe(1);
    expect(answer).not.toMatch(NOTHING_STORED);
    expect(answer).toMatch(/^✅ 1 h på L1/);
    expect(await log(core!.bot, "1h närvaro zqresult", k)).toMatch(/^✅/);
    expect(await stored("zqresult")).toBe(1);
  });

  it("cut as the entries' INSERT is sent: 'Inget sparades' is true, and the retry stores it exactly once", async (ctx) => {
    if (!available) return ctx.skip();
    const k = key();
    proxy.arm({ match: ENTRIES_INSERT, moment: "send" });
    const answer = await log(core!.bot, "1h närvaro zqsend", k);
    expect(proxy.armed).toBe(false);
    expect(await stored("zqsend")).toBe(0);
    expect(answer).toMatch(NOTHING_STORED);
    expect(await log(core!.bot, "1h närvaro zqsend", k)).toMatch(/^✅ 1 h på L1/);
    expect(await log(core!.bot, "1h närvaro zqsend", k)).toMatch(/^✅ 1 h på L1/);
    expect(await stored("zqsend")).toBe(1);
  });

  it("the connection is lost after the commit and the database stays away a moment: 'cannot confirm, look in /mina', never 'Inget sparades'; the retry confirms the one entry", async (ctx) => {
    if (!available) return ctx.skip();
    const k = key();
    proxy.arm({ match: ENTRIES_INSERT, moment: "after-result", outageMs: 1_500 });
    const answer = await log(core!.bot, "1h närvaro zqaway", k);
    expect(await stored("zqaway")).toBe(1);
    expect(answer).not.toMatch(NOTHING_STORED);
    expect(answer).toContain("kunde inte bekräfta");
    expect(answer).toContain("/mina");
    expect(answer).toContain("`/logga 1h L1`");
    await new Promise((r) => setTimeout(r, 1_600));
    expect(await log(core!.bot, "1h närvaro zqaway", k)).toMatch(/^✅ 1 h på L1/);
    expect(await stored("zqaway")).toBe(1);
  });

  it("the INSERT never reaches the server and the database stays away: 'cannot confirm'; the retry with the same key stores it once", async (ctx) => {
    if (!available) return ctx.skip();
    const k = key();
    proxy.arm({ match: ENTRIES_INSERT, moment: "send", outageMs: 1_500 });
    const answer = await log(core!.bot, "1h närvaro zqlost", k);
    expect(await stored("zqlost")).toBe(0);
    // the client sent it: whether it arrived, only the database knows, and it cannot be asked now
    expect(answer).toContain("kunde inte bekräfta");
    await new Promise((r) => setTimeout(r, 1_600));
    expect(await log(core!.bot, "1h närvaro zqlost", k)).toMatch(/^✅ 1 h på L1/);
    expect(await log(core!.bot, "1h närvaro zqlost", k)).toMatch(/^✅ 1 h på L1/);
    expect(await stored("zqlost")).toBe(1);
  });

  it("the team's standing cannot be read after the entries commit: confirmed without the standing", async (ctx) => {
    if (!available) return ctx.skip();
    // the first line on L2: its standing is read from the database
    proxy.arm({ match: (sql) => /SUM\(/.test(sql), moment: "send" });
    const answer = await log(core!.bot, "fartkontroll zqstanding", key());
    expect(proxy.armed, `the trap fired (answer: ${answer})`).toBe(false);
    expect(await stored("zqstanding")).toBe(1);
    expect(answer).toMatch(/^✅ 1 tillfälle på L2/);
    expect(answer).toContain("Turlagets läge kunde inte visas just nu");
    expect(answer).not.toMatch(NOTHING_STORED);
  });

  it("a transaction's COMMIT went through but its answer was cut (binding a channel): never 'Inget sparades'", async (ctx) => {
    if (!available) return ctx.skip();
    proxy.arm({ match: (sql) => /^\s*COMMIT/i.test(sql), moment: "result" });
    const reply = await core!.bot.handleMessage({
      platform: "slack",
      userId: "U0DEMO002", // maria.ekstrom, admin
      text: "loftesbot koppla ig-2",
      channelId: "C0SAVED",
      requestKey: key(),
    });
    const answer = replyAsPlainText(reply);
    expect(proxy.armed, `the trap fired (answer: ${answer})`).toBe(false);
    const binding = await core!.db.prisma.channelBinding.findFirst({ where: { channelId: "C0SAVED" } });
    expect(binding?.groupId).toBe("ig-2");
    expect(answer).not.toMatch(NOTHING_STORED);
    expect(answer).toContain("kunde inte bekräfta");
  });

  it("past the deadline with the INSERT on its way: the answer does not say nothing was stored; it was, and a retry confirms it", async (ctx) => {
    if (!available) return ctx.skip();
    const quick = new Loftesbot(
      core!.ctx,
      new ProcessedRequests(core!.db.prisma, core!.db.embedded, core!.ctx.secret),
      core!.registry,
      1_000,
    );
    const k = key();
    proxy.holdNext(/INSERT INTO "activity_entry"/, 2_000);
    const sentBefore = proxy.sent.length;
    const answer = await log(quick, "1h närvaro zqslow", k);
    // the INSERT had gone out (and was held on its way) when the deadline passed
    expect(proxy.sent.slice(sentBefore).some((sql) => sql.includes('INSERT INTO "activity_entry"'))).toBe(true);
    expect(answer).not.toMatch(NOTHING_STORED);
    expect(answer).toContain("kunde inte bekräfta");
    expect(answer).toContain("/mina");
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await stored("zqslow")).toBe(1);
    expect(await log(core!.bot, "1h närvaro zqslow", k)).toMatch(/^✅ 1 h på L1/);
    expect(await stored("zqslow")).toBe(1);
  });

  it("past the deadline before anything was written: 'inget sparades', and nothing is written later", async (ctx) => {
    if (!available) return ctx.skip();
    const quick = new Loftesbot(
      core!.ctx,
      new ProcessedRequests(core!.db.prisma, core!.db.embedded, core!.ctx.secret),
      core!.registry,
      400,
    );
    proxy.holdNext(/INSERT INTO "processed_request"/, 1_200);
    const answer = await log(quick, "1h närvaro zqlate", key());
    expect(answer).toMatch(NOTHING_STORED);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await stored("zqlate")).toBe(0);
  });

  /** Waits (at most 5 s) until a query through the proxy is answered. */
  async function answering(): Promise<void> {
    for (const until = Date.now() + 5_000; Date.now() < until; ) {
      try {
        await core!.db.prisma.$queryRawUnsafe("SELECT 1");
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  it("100 lines with the connection cut at random moments: no false 'Inget sparades', no entry twice after retrying each unknown with its key", async (ctx) => {
    if (!available) return ctx.skip();
    const random = seeded(20261125);
    const moments = ["send", "result", "after-result"] as const;
    const falseNothing: string[] = [];
    const wrongConfirm: string[] = [];
    const unresolved: string[] = [];
    let cuts = 0;
    let armed = 0;
    let unknowns = 0;
    // spread over people and two days: 100 hours of one person in a day would be asked about (lpo.maxHoursPerDay)
    const people = ["emma.lund", "oskar.nyberg", "sofia.karlsson", "anna.berg", "johan.lindqvist", "linnea.holmberg"];
    for (let n = 0; n < 100; n++) {
      const note = `zqflap${n}`;
      const user = people[n % people.length];
      const day = Math.floor(n / people.length) % 2 === 0 ? "" : "igår ";
      const k = key();
      const r = random();
      if (r >= 0.2) {
        // the first or second statement a line sends: every line sends at least two (its
        // transaction's BEGIN and the request key with its entries), so every armed trap fires
        // whatever the standing cache holds (a third statement is sent only on a cache miss)
        // arm only on a database that answers again after the previous cut's outage: a trap
        // cannot fire on a line that never reaches the server
        await answering();
        armed++;
        const ordinal = 1 + Math.floor(random() * 2);
        const moment = moments[Math.floor(random() * moments.length)] ?? "send";
        const outageMs = random() < 0.2 ? 400 : 0;
        proxy.arm({ match: (_sql, seen) => seen === ordinal, moment, outageMs });
      }
      let answer = await log(core!.bot, `1h närvaro ${day}${note}`, k, user);
      if (!proxy.armed && r >= 0.2) cuts++;
      proxy.disarm();
      for (let retry = 0; !isDefinite(answer) && retry < 8; retry++) {
        if (retry === 0) unknowns++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        answer = await log(core!.bot, `1h närvaro ${day}${note}`, k, user);
      }
      const count = await stored(note);
      if (NOTHING_STORED.test(answer) && count !== 0) falseNothing.push(`${note}: ${count} stored, answer "${answer}"`);
      if (answer.startsWith("✅") && count !== 1) wrongConfirm.push(`${note}: ${count} stored, answer "${answer}"`);
      if (!isDefinite(answer)) unresolved.push(`${note}: "${answer}"`);
    }
    const entries = (await readEntries(db!.url)).filter((e) => e.note.startsWith("zqflap"));
    const perNote = new Map<string, number>();
    for (const e of entries) perNote.set(e.note, (perNote.get(e.note) ?? 0) + 1);
    const twice = [...perNote].filter(([, count]) => count > 1);
    console.info(
      `flapping: ${cuts} cuts of ${armed} armed, ${unknowns} answers that could not confirm (each retried with its key), ` +
        `${falseNothing.length} false 'Inget sparades', ${twice.length} stored twice`,
    );
    expect(falseNothing).toEqual([]);
    expect(wrongConfirm).toEqual([]);
    expect(unresolved).toEqual([]);
    expect(twice).toEqual([]);
    expect(armed, "lines armed with a cut").toBeGreaterThan(60);
    expect(cuts, "armed cuts that fired").toBeGreaterThan(armed * 0.75);
  });

  it("keeps no connection after all those cuts: the pool gives every one back and closes", async (ctx) => {
    if (!available) return ctx.skip();
    // a COMMIT or ROLLBACK lost with its connection must not keep the connection checked out for good
    const closing = core!.close().then(() => "closed");
    const outcome = await Promise.race([closing, new Promise((r) => setTimeout(() => r("still open"), 10_000))]);
    closed = outcome === "closed";
    expect(outcome).toBe("closed");
  });
});

/** An answer that says what happened: confirmed, or nothing stored. */
function isDefinite(answer: string): boolean {
  return answer.startsWith("✅") || NOTHING_STORED.test(answer);
}

/** A small seeded generator (mulberry32), so a failing run can be repeated. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
