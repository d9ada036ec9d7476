// "Anonymous poll answers cannot be traced to a person by anyone, admins
// included." A person opens and answers an anonymous dialogue poll (and then
// changes the answer) through the core's front door, with request keys as the
// Teams adapter forms them; everything the database holds afterwards is read
// raw, table by table: no row that answering wrote or changed contains the
// person's id, name, Slack or Teams id — not in the sealed sheet, poll_response,
// poll_answer, audit_event, nor anywhere else — the answer itself is nowhere
// readable while the poll is open, and the instance key is not in the
// database. A named poll, answered the same way, is the control: there the
// scan does find the person. (test/security/anonymityAttack.test.ts plays the
// attacker against the whole database, the key and the logs.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashKey } from "../../adapters/teams/inbound.js";
import { ANSWER_ACTION, POLL_ANSWER_FORM } from "../../src/features/dialog/forms.js";
import type { TestCore } from "../support/core.js";
import { type DatabaseKind, databaseKinds } from "../support/databases.js";
import { createPoll, openTwoLpoCore, outcomeText, PEOPLE } from "./fixtures.js";

const ALI = {
  id: "ali.hassan",
  name: "Ali Hassan",
  slack: "U0DEMO006",
  teams: "cad08bec-f72f-4c47-b151-79064388d4eb",
};
const IDENTIFIERS = [ALI.id, ALI.name, ALI.slack, ALI.teams];

type Rows = Map<string, Set<string>>;

/** Every row of every table, as JSON text, read with plain SQL. */
async function everything(core: TestCore): Promise<Rows> {
  const prisma = core.db.prisma;
  const tables =
    core.db.provider === "sqlite"
      ? (
          await prisma.$queryRawUnsafe<{ name: string }[]>(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
          )
        ).map((t) => t.name)
      : (
          await prisma.$queryRawUnsafe<{ table_name: string }[]>(
            `SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
          )
        ).map((t) => t.table_name);
  const out: Rows = new Map();
  for (const table of tables) {
    const rows =
      core.db.provider === "sqlite"
        ? (await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`)).map((r) =>
            JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
          )
        : (await prisma.$queryRawUnsafe<{ j: string }[]>(`SELECT row_to_json(t)::text AS j FROM "${table}" t`)).map(
            (r) => r.j,
          );
    out.set(table, new Set(rows));
  }
  return out;
}

/** Rows present after but not before (new, or changed), per table. */
function written(before: Rows, after: Rows): { table: string; row: string }[] {
  const out: { table: string; row: string }[] = [];
  for (const [table, rows] of after) for (const row of rows) if (!before.get(table)?.has(row)) out.push({ table, row });
  return out;
}

const naming = (rows: { table: string; row: string }[]) =>
  rows.filter(({ row }) => IDENTIFIERS.some((id) => row.includes(id)));

for (const kind of databaseKinds) {
  describe(`anonymity of dialogue answers, in the raw ${kind} database`, () => {
    let core: TestCore | null = null;

    beforeAll(async () => {
      core = await openTwoLpoCore(kind as DatabaseKind);
    });

    afterAll(async () => {
      await core?.drop();
    });

    async function answer(pollId: string, values: Record<string, string>, replyToId: string) {
      const c = core!;
      const opened = await c.bot.handleAction({
        platform: "teams",
        userId: ALI.teams,
        action: { id: ANSWER_ACTION, value: pollId },
        requestKey: `teams:action:${hashKey(ALI.teams, ANSWER_ACTION, pollId, replyToId)}`,
      });
      expect(opened.form?.id).toBe(POLL_ANSWER_FORM);
      const outcome = await c.bot.submitForm({
        platform: "teams",
        userId: ALI.teams,
        formId: POLL_ANSWER_FORM,
        state: pollId,
        values,
        requestKey: `teams:form:${hashKey(ALI.teams, POLL_ANSWER_FORM, pollId, Object.entries(values), replyToId)}`,
      });
      expect(outcome.kind === "done" && outcome.reply.text.startsWith("✅"), outcomeText(outcome)).toBe(true);
    }

    it("answering an anonymous poll, and changing the answer, writes nothing that names the person", async (ctx) => {
      if (!core) return ctx.skip();
      const pollId = await createPoll(core, PEOPLE.kommunpolis, ["ig-1", "ig-2"], { anonymous: "ja" });
      const before = await everything(core);
      await answer(pollId, { q0: "4", q1: "1", q2: "Mer ljus i parken på kvällarna." }, "card-1");
      core.clock.advance(3_600_000);
      await answer(pollId, { q0: "2", q1: "2", q2: "Fler fotpatruller vid Torget." }, "card-2");
      const after = await everything(core);

      const rows = written(before, after);
      const tables = new Set(rows.map((r) => r.table));
      // the answer really is there, sealed …
      expect(tables).toContain("poll_sealed_sheet");
      // … and readable nowhere while the poll is open
      for (const [table, all] of after)
        for (const row of all) expect(row.includes("Fler fotpatruller"), table).toBe(false);
      // nothing written names Ali, in those tables or any other
      expect(naming(rows)).toEqual([]);
      for (const table of ["poll_sealed_sheet", "poll_response", "poll_answer", "audit_event", "processed_request"])
        expect(
          [...(after.get(table) ?? [])].filter((r) => IDENTIFIERS.some((id) => r.includes(id))),
          table,
        ).toEqual([]);
      const sealed = await core.db.prisma.pollSealedSheet.findMany({ where: { pollId } });
      expect(sealed).toHaveLength(1);
      // a random id, the poll, the token and the sealed content: no person, no time
      expect(Object.keys(sealed[0]).sort()).toEqual(["id", "pollId", "sheet", "token"]);
      expect(await core.db.prisma.pollResponse.count({ where: { pollId } })).toBe(0);
      // answering leaves no audit row and no request key at all
      expect(rows.filter((r) => r.table === "audit_event")).toEqual([]);
      expect(rows.filter((r) => r.table === "processed_request")).toEqual([]);
    });

    it("the instance key is nowhere in the database", async (ctx) => {
      if (!core) return ctx.skip();
      expect(core.ctx.secret.length).toBeGreaterThanOrEqual(16);
      const all = await everything(core);
      for (const [table, rows] of all)
        for (const row of rows) expect(row.includes(core.ctx.secret), `${table} holds the instance key`).toBe(false);
    });

    it("the control: a named poll, answered the same way, does name the person (so the scan can see it)", async (ctx) => {
      if (!core) return ctx.skip();
      const pollId = await createPoll(core, PEOPLE.kommunpolis, ["ig-1", "ig-2"], {
        anonymous: "nej",
        title: "Namngiven dialog",
      });
      const before = await everything(core);
      await answer(pollId, { q0: "3", q1: "0", q2: "Bra." }, "card-3");
      const rows = naming(written(before, await everything(core)));
      expect(rows.map((r) => r.table)).toContain("poll_response");
    });
  });
}
