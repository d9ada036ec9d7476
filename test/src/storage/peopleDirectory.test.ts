// The people directory on SQLite and PostgreSQL: Slack, Teams and console ids
// resolve to the same Actor as reading the person directly; a change through
// this process is seen at the next lookup, one behind its back once the TTL
// has passed; forgotten people are not found. Then, on a stand-in database,
// the background refresh: one at a time, and a failed one is tried again.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../../src/domain/organisation.js";
import { DEMO_ORGANISATION_FILE } from "../../../src/organisation/organisationFile.js";
import { importOrganisationText } from "../../../src/organisation/organisationStore.js";
import { type Database, openDatabase, type Prisma } from "../../../src/storage/database.js";
import { invalidateOrganisationCache, organisationGeneration } from "../../../src/storage/organisationCache.js";
import { PeopleDirectory } from "../../../src/storage/peopleDirectory.js";
import { openTestCore, type TestCore } from "../../support/core.js";
import { databaseKinds } from "../../support/databases.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks until `check` holds (a background refresh has landed), at most about two seconds. */
async function eventually<T>(ask: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let value = await ask();
  for (let i = 0; i < 100 && !check(value); i++) {
    await sleep(20);
    value = await ask();
  }
  return value;
}

/** An Actor with its lists sorted: the order of roles and groups carries no meaning. */
const sorted = (a: Actor | null) =>
  a && {
    ...a,
    roles: [...a.roles].sort(),
    groupIds: [...a.groupIds].sort(),
    leadsGroupIds: [...a.leadsGroupIds].sort(),
  };

for (const kind of databaseKinds) {
  describe(`people directory on ${kind}`, () => {
    let core: TestCore | null;
    /** a second connection: its raw SQL does not tell this process's caches */
    let elsewhere: Database | undefined;
    beforeAll(async () => {
      core = await openTestCore(kind);
      if (core) elsewhere = await openDatabase(core.config.databaseUrl);
    });
    afterAll(async () => {
      await elsewhere?.close();
      await core?.drop();
    });

    it("resolves Slack, Teams and console ids to the person's Actor", async (ctx) => {
      if (!core) return ctx.skip();
      const directory = new PeopleDirectory(core.db.prisma, { ttlMs: 60_000 });
      const erik: Actor = {
        id: "erik.johansson",
        name: "Erik Johansson",
        lpoId: "norrdal",
        lang: "sv",
        roles: ["kommunpolis"],
        groupIds: ["omrade-1"],
        leadsGroupIds: [],
      };
      expect(await directory.actorForPlatform("slack", "U0DEMO003", "sv")).toEqual(erik);
      expect(await directory.actorForPlatform("teams", "9d956d44-6475-45ef-a2f5-6770832f8dd1", "sv")).toEqual(erik);
      expect(await directory.actorForPlatform("console", "erik.johansson", "sv")).toEqual(erik);
      expect(await directory.actorForPlatform("slack", "U0DEMO005", "sv")).toMatchObject({
        id: "anna.berg",
        roles: ["gruppchef"],
        groupIds: ["ig-1"],
        leadsGroupIds: ["ig-1"],
      });
      // a person's own language wins; without one, the default
      expect((await directory.actorForPlatform("console", "david.persson", "sv"))?.lang).toBe("en");
      expect((await directory.actorForPlatform("console", "erik.johansson", "en"))?.lang).toBe("en");
      // the repository answers from its directory
      expect(
        await core.ctx.organisation.actorForPlatform("teams", "9d956d44-6475-45ef-a2f5-6770832f8dd1", "sv"),
      ).toEqual(erik);
    });

    it("gives every person the Actor that reading them directly gives", async (ctx) => {
      if (!core) return ctx.skip();
      const directory = new PeopleDirectory(core.db.prisma, { ttlMs: 60_000 });
      const people = await core.db.prisma.person.findMany({
        select: { id: true, slackUserId: true, teamsAadId: true },
      });
      expect(people.length).toBeGreaterThan(20);
      for (const p of people) {
        for (const lang of ["sv", "en"] as const) {
          const direct = sorted(await core.ctx.organisation.actor(p.id, lang));
          expect(direct?.id).toBe(p.id);
          expect(sorted(await directory.actorForPlatform("console", p.id, lang))).toEqual(direct);
          expect(sorted(await directory.actorForPlatform("slack", p.slackUserId!, lang))).toEqual(direct);
          expect(sorted(await directory.actorForPlatform("teams", p.teamsAadId!, lang))).toEqual(direct);
        }
      }
    });

    it("answers null for ids nobody has", async (ctx) => {
      if (!core) return ctx.skip();
      const directory = new PeopleDirectory(core.db.prisma);
      expect(await directory.actorForPlatform("slack", "U0NOBODY", "sv")).toBeNull();
      expect(await directory.actorForPlatform("teams", "00000000-0000-0000-0000-000000000000", "sv")).toBeNull();
      expect(await directory.actorForPlatform("console", "nobody.here", "sv")).toBeNull();
      // ids of another platform do not match
      expect(await directory.actorForPlatform("console", "U0DEMO003", "sv")).toBeNull();
      expect(await directory.actorForPlatform("slack", "erik.johansson", "sv")).toBeNull();
    });

    it("sees a change made through this process at the very next lookup", async (ctx) => {
      if (!core) return ctx.skip();
      // a TTL this long leaves only the process's own writes to explain a change
      const directory = new PeopleDirectory(core.db.prisma, { ttlMs: 60_000 });
      expect(await directory.actorForPlatform("slack", "U0DEMO025", "sv")).toMatchObject({
        id: "karin.sjoberg",
        lang: "sv",
        roles: ["gruppchef"],
        groupIds: ["omrade-1"],
      });
      const changed = readFileSync(DEMO_ORGANISATION_FILE, "utf8").replace(
        "roles: [gruppchef]\n    groups: [omrade-1]\n    slack: U0DEMO025",
        "roles: [gruppchef, kommunpolis]\n    groups: [omrade-1, ig-1]\n    lang: en\n    slack: U0DEMO025",
      );
      const outcome = await importOrganisationText(core.db.prisma, changed, "2026-11-25");
      expect(outcome.ok && outcome.changes).toBeGreaterThan(0);
      expect(sorted(await directory.actorForPlatform("slack", "U0DEMO025", "sv"))).toMatchObject({
        id: "karin.sjoberg",
        lang: "en",
        roles: ["gruppchef", "kommunpolis"],
        groupIds: ["ig-1", "omrade-1"],
        leadsGroupIds: ["omrade-1"],
      });
      // a plain Prisma write too
      await core.db.prisma.personRole.create({ data: { personId: "ali.hassan", role: "admin" } });
      expect(
        sorted(await directory.actorForPlatform("teams", "cad08bec-f72f-4c47-b151-79064388d4eb", "sv"))?.roles,
      ).toEqual(["admin", "medarbetare"]);
    });

    it("sees a change made behind the process's back once the TTL has passed, without waiting for it", async (ctx) => {
      if (!core || !elsewhere) return ctx.skip();
      const directory = new PeopleDirectory(core.db.prisma, { ttlMs: 50 });
      const emma = () => directory.actorForPlatform("slack", "U0DEMO007", "sv");
      expect((await emma())?.name).toBe("Emma Lund");
      const generation = organisationGeneration();
      await elsewhere.prisma.$executeRaw`UPDATE person SET name = ${"Emma Lund-Ek"} WHERE id = ${"emma.lund"}`;
      expect(organisationGeneration()).toBe(generation);
      await sleep(80);
      // past the TTL the directory still answers at once, and reads again in the background
      expect((await emma())?.name).toBe("Emma Lund");
      expect((await eventually(emma, (a) => a?.name !== "Emma Lund"))?.name).toBe("Emma Lund-Ek");
    });

    it("does not take a reading as current when the organisation changed while it was read", async (ctx) => {
      if (!core || !elsewhere) return ctx.skip();
      const directory = new PeopleDirectory(core.db.prisma, { ttlMs: 60_000 });
      const oskar = () => directory.actorForPlatform("console", "oskar.nyberg", "sv");
      const reading = oskar();
      invalidateOrganisationCache(); // as a write through this process would while the directory is read
      expect((await reading)?.name).toBe("Oskar Nyberg");
      await elsewhere.prisma.$executeRaw`UPDATE person SET name = ${"Oskar Ny"} WHERE id = ${"oskar.nyberg"}`;
      expect((await oskar())?.name).toBe("Oskar Ny");
    });

    it("does not find a forgotten person", async (ctx) => {
      if (!core) return ctx.skip();
      const directory = new PeopleDirectory(core.db.prisma, { ttlMs: 60_000 });
      const sofia = {
        console: "sofia.karlsson",
        slack: "U0DEMO009",
        teams: "3cdca634-3ae4-4b70-ad7d-b5ab914c2672",
      } as const;
      for (const [platform, id] of Object.entries(sofia) as [keyof typeof sofia, string][])
        expect((await directory.actorForPlatform(platform, id, "sv"))?.id).toBe("sofia.karlsson");
      // forgottenAt alone, ids kept: the directory must not find her by any of them
      await core.db.prisma.person.update({ where: { id: "sofia.karlsson" }, data: { forgottenAt: new Date() } });
      for (const [platform, id] of Object.entries(sofia) as [keyof typeof sofia, string][])
        expect(await directory.actorForPlatform(platform, id, "sv")).toBeNull();
    });
  });
}

describe("people directory refresh", () => {
  /** A stand-in database: one person whose name the test changes, readings counted, failing on demand. */
  function standIn() {
    const db = { name: "Anna Berg", fail: false, readings: 0 };
    const rows = async <T>(value: () => T): Promise<T> => {
      await sleep(5);
      return value();
    };
    const prisma = {
      person: {
        findMany: () => {
          db.readings++;
          return rows(() => {
            if (db.fail) throw new Error("database gone");
            return [
              { id: "anna.berg", name: db.name, lpoId: "norrdal", lang: null, slackUserId: "U1", teamsAadId: null },
            ];
          });
        },
      },
      personRole: { findMany: () => rows(() => [{ personId: "anna.berg", role: "gruppchef" }]) },
      groupMember: { findMany: () => rows(() => [{ personId: "anna.berg", groupId: "ig-1" }]) },
      group: { findMany: () => rows(() => [{ id: "ig-1", leadId: "anna.berg" }]) },
    };
    return { db, prisma: prisma as unknown as Prisma };
  }

  it("waits for the first reading, shared by every lookup that needs it", async () => {
    const { db, prisma } = standIn();
    const directory = new PeopleDirectory(prisma, { ttlMs: 60_000 });
    const actors = await Promise.all([1, 2, 3].map(() => directory.actorForPlatform("slack", "U1", "en")));
    expect(actors.map((a) => a?.name)).toEqual(["Anna Berg", "Anna Berg", "Anna Berg"]);
    expect(actors[0]).toEqual({
      id: "anna.berg",
      name: "Anna Berg",
      lpoId: "norrdal",
      lang: "en",
      roles: ["gruppchef"],
      groupIds: ["ig-1"],
      leadsGroupIds: ["ig-1"],
    });
    expect(db.readings).toBe(1);
  });

  it("refreshes in the background one at a time, and tries a failed refresh again", async () => {
    const { db, prisma } = standIn();
    const directory = new PeopleDirectory(prisma, { ttlMs: 20 });
    const anna = async () => (await directory.actorForPlatform("slack", "U1", "sv"))?.name;
    expect(await anna()).toBe("Anna Berg");
    db.name = "Anna Berg-Ek";
    db.fail = true;
    await sleep(30);
    // past the TTL: every lookup answers at once from the directory, and only one refresh starts
    expect(await Promise.all([anna(), anna(), anna()])).toEqual(["Anna Berg", "Anna Berg", "Anna Berg"]);
    expect(db.readings).toBe(2);
    await sleep(30); // the refresh has failed
    expect(await anna()).toBe("Anna Berg");
    expect(db.readings).toBe(3);
    db.fail = false;
    expect(await eventually(anna, (name) => name !== "Anna Berg")).toBe("Anna Berg-Ek");
  });
});
