// Importing and exporting the organisation on SQLite and PostgreSQL:
// idempotent, all-or-nothing, history-keeping for targets.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ORGANISATION_FILE,
  type OrganisationFile,
  parseOrganisationFile,
} from "../../../src/organisation/organisationFile.js";
import {
  exportOrganisation,
  exportOrganisationText,
  importOrganisation,
  importOrganisationText,
} from "../../../src/organisation/organisationStore.js";
import { databaseKinds } from "../../support/databases.js";
import { openTestCore, type TestCore } from "../../support/core.js";

const demo = readFileSync(DEMO_ORGANISATION_FILE, "utf8");

async function snapshot(core: TestCore) {
  const p = core.db.prisma;
  const [people, roles, members, groups, activities, targets, bindings, audit] = await Promise.all([
    p.person.findMany({ orderBy: { id: "asc" } }),
    p.personRole.findMany({ orderBy: [{ personId: "asc" }, { role: "asc" }] }),
    p.groupMember.findMany({ orderBy: [{ personId: "asc" }, { groupId: "asc" }] }),
    p.group.findMany({ orderBy: { id: "asc" } }),
    p.promiseActivity.findMany({ orderBy: { id: "asc" } }),
    p.activityTarget.findMany({ orderBy: { id: "asc" } }),
    p.channelBinding.findMany({ orderBy: { id: "asc" } }),
    p.auditEvent.count(),
  ]);
  return { people, roles, members, groups, activities, targets, bindings, audit };
}

for (const kind of databaseKinds) {
  describe(`organisation file on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });

    it("the demo organisation is loaded into an empty database", async (ctx) => {
      if (!core) return ctx.skip();
      const p = core.db.prisma;
      expect(await p.lpo.count()).toBe(1);
      expect(await p.kommun.count()).toBe(2);
      expect(await p.group.count({ where: { kind: "ig" } })).toBe(4);
      expect(await p.group.count({ where: { kind: "omrade" } })).toBe(1);
      const people = await p.person.count();
      expect(people).toBeGreaterThanOrEqual(20);
      expect(people).toBeLessThanOrEqual(30);
      expect(await p.citizenPromise.count()).toBe(2);
    });

    it("importing the same file again changes nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await snapshot(core);
      const outcome = await importOrganisationText(core.db.prisma, demo, "2026-11-25");
      expect(outcome).toMatchObject({ ok: true, changes: 0 });
      expect(await snapshot(core)).toEqual(before);
    });

    it("a file with errors reports every error with its path and changes nothing", async (ctx) => {
      if (!core) return ctx.skip();
      const before = await snapshot(core);
      const bad = demo
        .replace("name: Anna Berg", "name: Anna Berg-Ny")
        .replace(/roles: \[gruppchef\]/, "roles: [chef]")
        .replace("amount: 20", "amount: -1");
      const outcome = await importOrganisationText(core.db.prisma, bad, "2026-11-25");
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.errors.map((e) => e.message)).toEqual(
        expect.arrayContaining([expect.stringContaining('unknown role "chef"')]),
      );
      expect(outcome.errors.some((e) => /promises\[0\]\.activities\[0\]\.target\.amount/.test(e.path))).toBe(true);
      expect(await snapshot(core)).toEqual(before);
    });

    it("a changed target is added from the day of the import; earlier periods keep the old one", async (ctx) => {
      if (!core) return ctx.skip();
      const changed = demo.replace("amount: 20", "amount: 25");
      const outcome = await importOrganisationText(core.db.prisma, changed, "2026-11-25");
      expect(outcome).toMatchObject({ ok: true, changes: 1 });
      const l1 = await core.db.prisma.promiseActivity.findFirstOrThrow({
        where: { promiseId: "norrdal-2026", code: "L1" },
      });
      expect(await core.ctx.organisation.targetOn(l1.id, "2026-11-01")).toMatchObject({ amount: 20 });
      expect(await core.ctx.organisation.targetOn(l1.id, "2026-11-25")).toMatchObject({ amount: 25 });
      // and importing it again is a no-op
      expect(await importOrganisationText(core.db.prisma, changed, "2026-11-26")).toMatchObject({
        ok: true,
        changes: 0,
      });
    });

    it("applies and counts changes to people, roles, groups, memberships and channels, and only those", async (ctx) => {
      if (!core) return ctx.skip();
      await importOrganisationText(core.db.prisma, demo, "2026-11-25"); // as the demo file says (earlier tests change it)
      const parsed = parseOrganisationFile(demo);
      if (!parsed.ok) throw new Error("demo file");
      const org = structuredClone(parsed.value);
      const person = (id: string) => org.people.find((p) => p.id === id)!;
      const group = (id: string) => org.groups.find((g) => g.id === id)!;
      person("ali.hassan").name = "Ali Hassan Omar"; // people +1
      person("emma.lund").roles = ["medarbetare", "admin"]; // roles +1
      person("oskar.nyberg").groups = ["ig-1", "ig-3"]; // memberships +1
      org.people.push({
        id: "ny.person",
        name: "Ny Person",
        roles: ["medarbetare"],
        groups: ["ig-4"],
        slack: "U0NYPERSON",
      }); // people, roles and memberships +1 each
      group("ig-3").name = "IG Turlag Tre"; // groups +1
      group("ig-4").channels = { slack: "C0DEMOIG2" }; // channels +1: moved from ig-2
      group("ig-2").channels = undefined;
      org.groups.push({ id: "ig-5", name: "IG Turlag 5", kind: "ig", channels: { teams: "19:ig5@thread.tacv2" } }); // groups, channels +1
      const outcome = await importOrganisation(core.db.prisma, org, "2026-11-25");
      expect(outcome).toEqual({
        ok: true,
        changes: 10,
        summary: { people: 2, roles: 2, groups: 2, channels: 2, memberships: 2 },
      });
      const p = core.db.prisma;
      expect((await p.person.findUniqueOrThrow({ where: { id: "ali.hassan" } })).name).toBe("Ali Hassan Omar");
      const roles = await p.personRole.findMany({ where: { personId: { in: ["emma.lund", "ny.person"] } } });
      expect(roles.map((r) => `${r.personId}:${r.role}`).sort()).toEqual([
        "emma.lund:admin",
        "emma.lund:medarbetare",
        "ny.person:medarbetare",
      ]);
      const members = await p.groupMember.findMany({ where: { personId: { in: ["oskar.nyberg", "ny.person"] } } });
      expect(members.map((m) => `${m.personId}:${m.groupId}`).sort()).toEqual([
        "ny.person:ig-4",
        "oskar.nyberg:ig-1",
        "oskar.nyberg:ig-3",
      ]);
      const bindings = await p.channelBinding.findMany({ where: { groupId: { in: ["ig-2", "ig-4", "ig-5"] } } });
      expect(bindings.map((b) => `${b.groupId}:${b.platform}:${b.channelId}`).sort()).toEqual([
        "ig-4:slack:C0DEMOIG2",
        "ig-5:teams:19:ig5@thread.tacv2",
      ]);
      expect((await p.group.findUniqueOrThrow({ where: { id: "ig-3" } })).name).toBe("IG Turlag Tre");
      // the people directory sees the new person at once
      expect((await core.ctx.organisation.actorForPlatform("slack", "U0NYPERSON", "sv"))?.groupIds).toEqual(["ig-4"]);
      // and the same file again changes nothing
      expect(await importOrganisation(core.db.prisma, org, "2026-11-25")).toMatchObject({ ok: true, changes: 0 });
      // back to the demo file: the changed things change back; the new ones are kept (people have entries)
      const back = await importOrganisationText(core.db.prisma, demo, "2026-11-25");
      expect(back).toMatchObject({
        ok: true,
        summary: { people: 1, roles: 1, groups: 1, channels: 1, memberships: 1 },
      });
    });

    it("imports a large LPO in bulk: 1 200 people, then every role and group changed", async (ctx) => {
      if (!core) return ctx.skip();
      type Roles = OrganisationFile["people"][number]["roles"];
      const people = (roles: Roles, group: (i: number) => string) =>
        Array.from({ length: 1200 }, (_, i) => ({
          id: `stor.${i}`,
          name: `Person ${i}`,
          roles,
          groups: [group(i)],
          slack: `U0STOR${i}`,
        }));
      const org = (roles: Roles, group: (i: number) => string): OrganisationFile => ({
        lpo: { id: "stor", name: "LPO Stor" },
        kommuner: [{ id: "storby", name: "Storby kommun" }],
        groups: Array.from({ length: 12 }, (_, g) => ({ id: `stor-ig-${g}`, name: `IG ${g}`, kind: "ig" as const })),
        people: people(roles, group),
        promises: [],
      });
      const first = await importOrganisation(
        core.db.prisma,
        org(["medarbetare"], (i) => `stor-ig-${i % 12}`),
        "2026-11-25",
      );
      expect(first).toMatchObject({
        ok: true,
        summary: { lpo: 1, kommuner: 1, groups: 12, people: 1200, roles: 1200, memberships: 1200 },
      });
      const changed = org(["medarbetare", "admin"], (i) => `stor-ig-${(i + 1) % 12}`);
      expect(await importOrganisation(core.db.prisma, changed, "2026-11-25")).toEqual({
        ok: true,
        changes: 2400,
        summary: { roles: 1200, memberships: 1200 },
      });
      const p = core.db.prisma;
      expect(await p.personRole.count({ where: { person: { lpoId: "stor" } } })).toBe(2400);
      expect(await p.groupMember.count({ where: { person: { lpoId: "stor" } } })).toBe(1200);
      expect((await p.groupMember.findMany({ where: { personId: "stor.13" } })).map((m) => m.groupId)).toEqual([
        "stor-ig-2",
      ]);
      expect(await importOrganisation(core.db.prisma, changed, "2026-11-25")).toMatchObject({ ok: true, changes: 0 });
    });

    it("another LPO's file cannot take this LPO's kommun, promise (with its activities) or channel", async (ctx) => {
      if (!core) return ctx.skip();
      await importOrganisationText(core.db.prisma, demo, "2026-11-25");
      const p = core.db.prisma;
      const everything = async () => ({
        ...(await snapshot(core!)),
        lpos: await p.lpo.findMany({ orderBy: { id: "asc" } }),
        kommuner: await p.kommun.findMany({ orderBy: { id: "asc" } }),
        promises: await p.citizenPromise.findMany({ orderBy: { id: "asc" } }),
        activityGroups: await p.activityGroup.findMany({ orderBy: [{ activityId: "asc" }, { groupId: "asc" }] }),
      });
      const before = await everything();
      const other = (kommuner: string, promises: string, groups = "") => `
lpo: { id: sodervik, name: LPO Södervik }
kommuner:
${kommuner}
groups:
  - { id: sv-ig-1, name: IG Södervik 1, kind: ig${groups} }
promises:
${promises}
`;
      const promise = (id: string, kommun: string) => `
  - id: ${id}
    kommun: ${kommun}
    title: Kapat löfte
    from: 2026-01-01
    to: 2026-12-31
    activities:
      - { code: L1, name: Kapad, aliases: [kapad], target: { amount: 1, unit: timmar, per: vecka } }`;
      // the kommun itself, and a promise under it
      const takeKommun = await importOrganisationText(
        p,
        other("  - { id: norrdal, name: Kapad kommun }", promise("norrdal-2026", "norrdal")),
        "2026-11-25",
      );
      expect(takeKommun.ok).toBe(false);
      if (takeKommun.ok) return;
      expect(takeKommun.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
        'kommuner[0].id: kommun "norrdal" belongs to LPO "norrdal"',
        'promises[0].id: promise "norrdal-2026" belongs to LPO "norrdal"',
      ]);
      // the promise only, moved under a kommun of the file's own LPO
      const takePromise = await importOrganisationText(
        p,
        other("  - { id: sodervik, name: Söderviks kommun }", promise("asby-2026", "sodervik")),
        "2026-11-25",
      );
      expect(takePromise).toEqual({
        ok: false,
        errors: [{ path: "promises[0].id", message: 'promise "asby-2026" belongs to LPO "norrdal"' }],
      });
      // a channel bound to one of this LPO's groups
      const takeChannel = await importOrganisationText(
        p,
        other(
          "  - { id: sodervik, name: Söderviks kommun }",
          promise("sodervik-2026", "sodervik"),
          ", channels: { slack: C0DEMOIG1 }",
        ),
        "2026-11-25",
      );
      expect(takeChannel).toEqual({
        ok: false,
        errors: [
          { path: "groups[0].channels.slack", message: 'channel "C0DEMOIG1" is bound to a group of LPO "norrdal"' },
        ],
      });
      // people and groups, as before
      const takePeople = await importOrganisationText(
        p,
        `${other("  - { id: sodervik, name: Söderviks kommun }", "  []")}people:\n  - { id: ali.hassan, name: Ali, roles: [admin] }\n`.replace(
          "id: sv-ig-1",
          "id: ig-1",
        ),
        "2026-11-25",
      );
      expect(takePeople).toEqual({
        ok: false,
        errors: [
          { path: "groups[0].id", message: 'group "ig-1" belongs to LPO "norrdal"' },
          { path: "people[0].id", message: 'person "ali.hassan" belongs to LPO "norrdal"' },
        ],
      });
      expect(await everything()).toEqual(before);
    });

    it("export gives a valid file that imports without changes, bindings included", async (ctx) => {
      if (!core) return ctx.skip();
      await core.ctx.organisation.bindChannel("slack", "C0NEWCHAN", "ig-3");
      const text = await exportOrganisationText(core.db.prisma);
      expect(text).not.toBeNull();
      const parsed = parseOrganisationFile(text!);
      expect(parsed.ok).toBe(true);
      const exported = await exportOrganisation(core.db.prisma);
      expect(exported?.groups.find((g) => g.id === "ig-3")?.channels?.slack).toBe("C0NEWCHAN");
      expect(await importOrganisationText(core.db.prisma, text!, "2026-11-25")).toMatchObject({ ok: true, changes: 0 });
    });
  });
}
