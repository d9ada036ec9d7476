// A group commit interrupted by a dropped connection (issue 18). On
// PostgreSQL the /logga lines in flight at once claim their keys and store
// their entries with their receipts in one statement per group
// (src/storage/groupCommit.ts). The core reaches the server through the
// wire-protocol proxy of savedAnswers.test.ts, which cuts every connection at
// a chosen moment of the group's statement: as it is sent (nothing of the
// group is stored), when its result arrives (all of it committed, no line
// hears so), or right after the result was passed on. For every line of the
// group: a ✅ finds its entry stored once, "Inget sparades" finds nothing, and
// an answer that cannot confirm is retried with the same request key until it
// is one of those two — then the entry is there exactly once (or not at all).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "../../src/app/compose.js";
import { groupCommitOf } from "../../src/storage/groupCommit.js";
import type { CutMoment, PgWireProxy } from "./pgWireProxy.js";
import { closeProxiedCore, logAs, openProxiedCore, type ProxiedCore, readEntries } from "./support.js";

const NOTHING_STORED = /inget sparades|nothing was stored/i;
/** the group statement that stores the entries of several lines with their receipts */
const KEYED_GROUP = (sql: string) => /INSERT INTO "activity_entry"/.test(sql) && /unnest/.test(sql);
/** the group statement that claims several lines' request keys */
const CLAIM_GROUP = (sql: string) => /INSERT INTO "processed_request"/.test(sql) && /unnest/.test(sql);
const LINES = 24;

describe("PostgreSQL cut in the middle of a group commit (wire-protocol proxy)", () => {
  let available = false;
  let db: ProxiedCore["db"] | undefined;
  let proxy: PgWireProxy;
  let core: Core | undefined;
  let round = 0;

  beforeAll(async () => {
    const opened = await openProxiedCore("loftesbot_group");
    if (!opened) return;
    ({ db, proxy, core } = opened);
    available = true;
    await log("1h närvaro zqgwarm", "group-warm");
  });

  afterAll(async () => {
    await closeProxiedCore({ core, proxy, db });
  });

  const log = (line: string, requestKey: string) => logAs(core!.bot, line, requestKey);

  const isDefinite = (answer: string) => answer.startsWith("✅") || NOTHING_STORED.test(answer);

  /** The database answers again (after an outage the proxy imposed). */
  async function answering(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if (await core!.db.ping()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * LINES lines at once with the trap armed on a group statement; then every
   * answer is checked against the database, the unsure ones after retrying
   * with their keys. Returns what happened, for the assertions.
   */
  async function interrupted(match: (sql: string) => boolean, moment: CutMoment, outageMs = 0) {
    const r = ++round;
    await answering();
    const stats = groupCommitOf(core!.db.prisma)!.stats();
    const before = { keyed: { ...stats.keyed }, claims: { ...stats.claims } };
    proxy.arm({ match: (sql) => match(sql), moment, outageMs });
    // 10 minutes each on a day of the round's own: never a day above the plausible total (askFirst.ts)
    const day = `2026-11-${String(10 + r).padStart(2, "0")}`;
    const lines = Array.from({ length: LINES }, (_, i) => ({
      text: `10min närvaro zqgroup${r}x${i} ${day}`,
      note: `zqgroup${r}x${i}`,
      key: `group-${r}-${i}`,
    }));
    const first = await Promise.all(lines.map((l) => log(l.text, l.key)));
    const fired = !proxy.armed;
    proxy.disarm();
    const after = groupCommitOf(core!.db.prisma)!.stats();
    const falseNothing: string[] = [];
    const wrongConfirm: string[] = [];
    const unresolved: string[] = [];
    let unsure = 0;
    const stored = async (note: string) => (await readEntries(db!.url)).filter((e) => e.note === note).length;
    // what the first answers said, checked against the database before any retry
    for (const [i, line] of lines.entries()) {
      const count = await stored(line.note);
      if (NOTHING_STORED.test(first[i]) && count !== 0) falseNothing.push(`${line.note}: ${count}, "${first[i]}"`);
      if (first[i].startsWith("✅") && count !== 1) wrongConfirm.push(`${line.note}: ${count}, "${first[i]}"`);
    }
    await answering();
    for (const [i, line] of lines.entries()) {
      let answer = first[i];
      for (let retry = 0; !isDefinite(answer) && retry < 8; retry++) {
        if (retry === 0) unsure++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        answer = await log(line.text, line.key);
      }
      const count = await stored(line.note);
      if (NOTHING_STORED.test(answer) && count !== 0) falseNothing.push(`${line.note}: ${count}, "${answer}"`);
      if (answer.startsWith("✅") && count !== 1) wrongConfirm.push(`${line.note}: ${count}, "${answer}"`);
      if (!isDefinite(answer)) unresolved.push(`${line.note}: "${answer}"`);
    }
    const perNote = new Map<string, number>();
    for (const e of await readEntries(db!.url))
      if (e.note.startsWith(`zqgroup${r}x`)) perNote.set(e.note, (perNote.get(e.note) ?? 0) + 1);
    return {
      fired,
      first,
      unsure,
      falseNothing,
      wrongConfirm,
      unresolved,
      twice: [...perNote].filter(([, n]) => n > 1),
      keyedLines: after.keyed.lines - before.keyed.lines,
      keyedGroups: after.keyed.groups - before.keyed.groups,
      claimLines: after.claims.lines - before.claims.lines,
      claimGroups: after.claims.groups - before.claims.groups,
    };
  }

  const cases: { name: string; match: (sql: string) => boolean; moment: CutMoment; outageMs?: number }[] = [
    { name: "the entries' group statement as it is sent (nothing of it stored)", match: KEYED_GROUP, moment: "send" },
    {
      name: "the entries' group statement when its result arrives (all committed, no line hears so)",
      match: KEYED_GROUP,
      moment: "result",
    },
    {
      name: "the entries' group statement right after its result, the database away a moment",
      match: KEYED_GROUP,
      moment: "after-result",
      outageMs: 800,
    },
    {
      name: "the key claims' group statement when its result arrives (claimed, no line hears so)",
      match: CLAIM_GROUP,
      moment: "result",
    },
  ];

  for (const c of cases) {
    it(`cut at ${c.name}: nothing confirmed lost, nothing refused stored, no line twice`, async (ctx) => {
      if (!available) return ctx.skip();
      const outcome = await interrupted(c.match, c.moment, c.outageMs);
      console.info(
        `${c.moment} on ${c.match === KEYED_GROUP ? "entries" : "claims"}: ${outcome.keyedLines} lines in ${outcome.keyedGroups} entry groups, ` +
          `${outcome.claimLines} claims in ${outcome.claimGroups} groups; first answers: ` +
          `${outcome.first.filter((a) => a.startsWith("✅")).length} ✅, ${outcome.first.filter((a) => NOTHING_STORED.test(a)).length} nothing stored, ` +
          `${outcome.unsure} unsure (retried with their keys)`,
      );
      expect(outcome.fired, "the trap fired").toBe(true);
      // the lines really went out in groups: fewer statements than lines
      if (c.match === KEYED_GROUP) expect(outcome.keyedGroups).toBeLessThan(outcome.keyedLines);
      else expect(outcome.claimGroups).toBeLessThan(outcome.claimLines);
      expect(outcome.falseNothing).toEqual([]);
      expect(outcome.wrongConfirm).toEqual([]);
      expect(outcome.unresolved).toEqual([]);
      expect(outcome.twice).toEqual([]);
    });
  }
});
