import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import {
  DEMO_ORGANISATION_FILE,
  formatOrganisationErrors,
  type OrganisationFile,
  type OrganisationFileResult,
  parseOrganisationFile,
  readOrganisationFile,
  serializeOrganisationFile,
  validateOrganisation,
} from "../../../src/organisation/organisationFile.js";

const demoText = readFileSync(DEMO_ORGANISATION_FILE, "utf8");

function ok(result: OrganisationFileResult): OrganisationFile {
  if (!result.ok) throw new Error(`expected no errors, got:\n${formatOrganisationErrors(result.errors)}`);
  return result.value;
}

function errorLines(result: OrganisationFileResult): string[] {
  if (result.ok) throw new Error("expected errors, got none");
  return formatOrganisationErrors(result.errors).split("\n");
}

const minimal = {
  lpo: { id: "norrdal", name: "LPO Norrdal" },
  kommuner: [{ id: "norrdal", name: "Norrdals kommun" }],
  groups: [{ id: "ig-1", name: "IG Turlag 1", kind: "ig", lead: "anna.berg" }],
  people: [{ id: "anna.berg", name: "Anna Berg", roles: ["gruppchef"], groups: ["ig-1"] }],
  promises: [
    {
      id: "norrdal-2026",
      kommun: "norrdal",
      title: "Medborgarlöfte Norrdal 2026",
      from: "2026-03-01",
      to: "2027-02-28",
      activities: [
        {
          code: "L1",
          name: "Ökad polisiär närvaro på Torget",
          aliases: ["närvaro", "torget"],
          target: { amount: 20, unit: "timmar", per: "vecka" },
        },
      ],
    },
  ],
};

describe("the demo organisation", () => {
  const demo = ok(parseOrganisationFile(demoText, "demo-organisation.yaml"));

  it("has one LPO, two kommuner, four IG turlag and one områdespolisgrupp", () => {
    expect(demo.lpo.id).toBe("norrdal");
    expect(demo.kommuner).toHaveLength(2);
    expect(demo.groups.filter((g) => g.kind === "ig")).toHaveLength(4);
    expect(demo.groups.filter((g) => g.kind === "omrade")).toHaveLength(1);
    expect(demo.groups).toHaveLength(5);
  });

  it("has 20–30 people with chat ids, a gruppchef leading each group, kommunpoliser, an lpo-chef and an admin", () => {
    expect(demo.people.length).toBeGreaterThanOrEqual(20);
    expect(demo.people.length).toBeLessThanOrEqual(30);
    const byId = new Map(demo.people.map((p) => [p.id, p]));
    for (const g of demo.groups) {
      const lead = byId.get(g.lead ?? "");
      expect(lead?.roles, g.id).toContain("gruppchef");
      expect(lead?.groups, g.id).toContain(g.id);
    }
    const withRole = (role: string) => demo.people.filter((p) => p.roles.includes(role as never));
    expect(withRole("kommunpolis")).toHaveLength(2);
    expect(withRole("lpo-chef")).toHaveLength(1);
    expect(withRole("admin")).toHaveLength(1);
    for (const p of demo.people) {
      expect(p.slack, p.id).toMatch(/^U0[A-Z0-9]+$/);
      expect(p.teams, p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    for (const g of demo.groups) {
      const members = demo.people.filter((p) => p.groups.includes(g.id) && p.roles.includes("medarbetare"));
      expect(members.length, g.id).toBeGreaterThanOrEqual(2);
    }
  });

  it("has one promise per kommun with 3–5 activities covering November 2026, no alias twice in a promise", () => {
    expect(demo.promises.map((p) => p.kommun).sort()).toEqual(demo.kommuner.map((k) => k.id).sort());
    for (const promise of demo.promises) {
      expect(promise.activities.length).toBeGreaterThanOrEqual(3);
      expect(promise.activities.length).toBeLessThanOrEqual(5);
      expect(promise.from <= "2026-11-01" && promise.to >= "2026-11-30").toBe(true);
      const aliases = promise.activities.flatMap((a) => a.aliases);
      expect(new Set(aliases).size, promise.id).toBe(aliases.length);
    }
  });

  it("serializes to YAML that parses back deep-equal, and serializes the same way twice", () => {
    const yaml = serializeOrganisationFile(demo);
    expect(yaml).toMatch(/^lpo:/);
    const again = ok(parseOrganisationFile(yaml));
    expect(again).toEqual(demo);
    expect(serializeOrganisationFile(again)).toBe(yaml);
  });

  it("parses the same from JSON", () => {
    const json = JSON.stringify(demo, null, 2);
    expect(ok(parseOrganisationFile(json))).toEqual(demo);
    expect(ok(parseOrganisationFile(json, "org.json"))).toEqual(demo);
  });
});

describe("errors", () => {
  it("reports every mistake with its exact path", () => {
    const text = `
lpo: { id: norrdal, name: LPO Norrdal }
kommuner:
  - { id: norrdal, name: Norrdals kommun }
  - { id: norrdal, name: Norrdal igen }
groups:
  - { id: ig-1, name: IG 1, kind: ig, lead: nobody }
  - { id: ig-2, name: IG 2, kind: turlag }
people:
  - { id: anna.berg, name: Anna Berg, roles: [gruppchef], groups: [ig-1] }
  - { id: anna.berg, name: Anna Berg två, roles: [medarbetare], groups: [ig-9] }
  - { id: erik, name: Erik, roles: [medarbetare], grups: [ig-1] }
  - { id: olle, name: Olle, roles: [chef] }
  - { id: "karl persson", name: Karl, roles: [] }
promises:
  - id: p1
    kommun: asby
    title: Löfte 1
    from: 1/3 2026
    to: 2026-02-30
    activities:
      - { code: L1, name: Närvaro, aliases: [närvaro], target: { amount: 0, unit: timmar, per: vecka } }
      - { code: L1, name: Fart, aliases: [fart], target: { amount: 2, unit: h, per: vecka }, groups: [ig-1, ig-7] }
  - id: p2
    kommun: norrdal
    title: Löfte 2
    from: 2026-03-01
    to: 2026-02-01
    activities: []
`;
    expect(errorLines(parseOrganisationFile(text))).toEqual([
      'kommuner[1].id: duplicate id "norrdal"',
      'groups[0].lead: lead "nobody" is not a person',
      'groups[1].kind: unknown group kind "turlag" (ig | omrade | utredning | annan)',
      'people[1].id: duplicate id "anna.berg"',
      'people[1].groups[0]: unknown group "ig-9"',
      'people[2]: unknown field "grups"',
      'people[3].roles[0]: unknown role "chef"',
      'people[4].id: invalid id "karl persson" (no spaces allowed)',
      "people[4].roles: at least one role is required (medarbetare | gruppchef | kommunpolis | lpo-chef | admin)",
      "promises[0].from: date must be YYYY-MM-DD",
      'promises[0].to: not a real date "2026-02-30"',
      "promises[0].activities[0].target.amount: target.amount must be a number greater than 0",
      'promises[0].activities[1].target.unit: unknown unit "h" (timmar | tillfällen)',
      'promises[0].kommun: kommun "asby" is not in kommuner',
      'promises[0].activities[1].code: duplicate activity code "L1"',
      'promises[0].activities[1].groups[1]: unknown group "ig-7"',
      "promises[1].activities: a promise has 1–6 activities",
      "promises[1].to: to is before from",
    ]);
  });

  it("formats an unknown role exactly", () => {
    const data = structuredClone(minimal);
    data.people.push(
      { id: "p1", name: "P1", roles: ["medarbetare"], groups: [] },
      { id: "p2", name: "P2", roles: ["medarbetare"], groups: [] },
      { id: "p3", name: "P3", roles: ["chef"], groups: ["ig-1"] },
    );
    const result = validateOrganisation(data);
    expect(result.ok).toBe(false);
    expect(formatOrganisationErrors(result.ok ? [] : result.errors)).toBe('people[3].roles[0]: unknown role "chef"');
    expect(result.ok ? [] : result.errors).toEqual([{ path: "people[3].roles[0]", message: 'unknown role "chef"' }]);
  });

  it("reports missing and mistyped fields, unknown fields at the top, and too many activities", () => {
    const data = structuredClone(minimal) as Record<string, unknown> & typeof minimal;
    (data.people[0] as Record<string, unknown>).name = undefined;
    (data.kommuner[0] as Record<string, unknown>).id = 2480;
    (data.groups[0] as Record<string, unknown>).reminders = "ja";
    const activity = data.promises[0]!.activities[0]!;
    data.promises[0]!.activities = Array.from({ length: 7 }, (_, i) => ({ ...activity, code: `L${i + 1}` }));
    data.extra = 1;
    expect(errorLines(validateOrganisation(data))).toEqual([
      'unknown field "extra"',
      "kommuner[0].id: id must be text (got 2480); put it in quotes",
      'groups[0].reminders: must be true or false (got "ja")',
      "people[0].name: required field is missing",
      "promises[0].activities: a promise has 1–6 activities",
      'promises[0].kommun: kommun "norrdal" is not in kommuner',
    ]);
  });

  it("requires lpo, and only lpo", () => {
    expect(errorLines(parseOrganisationFile("kommuner: []\n"))).toEqual(["lpo: required field is missing"]);
    const only = ok(parseOrganisationFile("lpo: { id: x, name: X }\n"));
    expect(only).toEqual({ lpo: { id: "x", name: "X" }, kommuner: [], groups: [], people: [], promises: [] });
  });

  it("checks cron expressions and languages", () => {
    const data = structuredClone(minimal) as typeof minimal & { lpo: Record<string, unknown> };
    data.lpo.weeklyStatusCron = "every monday";
    data.lpo.digestCron = "0 7 * * 1";
    (data.people[0] as Record<string, unknown>).lang = "de";
    expect(errorLines(validateOrganisation(data))).toEqual([
      'lpo.weeklyStatusCron: invalid cron expression "every monday"',
      'people[0].lang: unknown language "de" (sv | en)',
    ]);
  });

  it("reads a group's shift rotation, writes it back the same, and reports each mistake in it", () => {
    const yaml = `${serializeOrganisationFile(ok(validateOrganisation(minimal)))}`.replace(
      "lead: anna.berg\n",
      'lead: anna.berg\n    shifts:\n      start: "2026-11-02"\n      pattern: [dag, dag, kväll, kväll, natt, natt, ledig, ledig, ledig, ledig]\n      times: { natt: "21:45" }\n',
    );
    const org = ok(parseOrganisationFile(yaml));
    expect(org.groups[0].shifts).toEqual({
      start: "2026-11-02",
      pattern: ["dag", "dag", "kväll", "kväll", "natt", "natt", "ledig", "ledig", "ledig", "ledig"],
      times: { natt: "21:45" },
    });
    expect(ok(parseOrganisationFile(serializeOrganisationFile(org)))).toEqual(org);

    const data = structuredClone(minimal) as unknown as { groups: Record<string, unknown>[] };
    data.groups[0].shifts = { start: "2026-02-30", pattern: ["dag", "morgon"], times: { natt: "25:00", fm: "07:00" } };
    expect(errorLines(validateOrganisation(data))).toEqual([
      'groups[0].shifts.start: not a real date "2026-02-30"',
      'groups[0].shifts.pattern[1]: unknown shift "morgon" (dag | kväll | natt | ledig)',
      'groups[0].shifts.times.natt: shift start must be a time "HH:MM", e.g. "07:00" (got "25:00")',
      'groups[0].shifts.times: unknown field "fm"',
    ]);
    data.groups[0].shifts = { start: "2026-11-02", pattern: ["ledig", "ledig"] };
    expect(errorLines(validateOrganisation(data))).toEqual([
      "groups[0].shifts.pattern: pattern has no working shift (only ledig)",
    ]);
  });

  it("reports the same chat channel on two groups (per platform)", () => {
    const data = structuredClone(minimal) as unknown as { groups: Record<string, unknown>[] };
    data.groups[0].channels = { slack: "C1", teams: "19:a@thread.tacv2" };
    data.groups.push({ id: "ig-2", name: "IG 2", kind: "ig", channels: { slack: "C1", teams: "19:b@thread.tacv2" } });
    expect(errorLines(validateOrganisation(data))).toEqual([
      'groups[1].channels.slack: channel "C1" is already bound to group "ig-1"',
    ]);
  });

  it("reports the same chat user id on two people", () => {
    const data = structuredClone(minimal);
    data.people.push({ id: "b", name: "B", roles: ["medarbetare"], groups: [] });
    Object.assign(data.people[0]!, { slack: "U1" });
    Object.assign(data.people[1]!, { slack: "U1" });
    expect(errorLines(validateOrganisation(data))).toEqual([
      'people[1].slack: slack id "U1" is already used by "anna.berg"',
    ]);
  });

  it("reports a YAML syntax error as one error with line and column", () => {
    const result = parseOrganisationFile("lpo: { id: x, name: X }\npeople:\n  - [a, b\nkommuner: []\n", "org.yaml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toBe("");
    expect(result.errors[0]!.message).toMatch(/^YAML syntax error in org\.yaml at line \d+, column \d+: \S/);
    expect(formatOrganisationErrors(result.errors)).not.toContain("\n");
  });

  it("reports duplicate YAML keys and an empty file", () => {
    expect(errorLines(parseOrganisationFile("lpo: { id: x, name: X }\nlpo: { id: y, name: Y }\n"))[0]).toMatch(
      /^YAML syntax error at line 2, column 1: Map keys must be unique/,
    );
    expect(errorLines(parseOrganisationFile("# nothing here\n"))).toEqual(["the organisation file is empty"]);
  });

  it("reports a JSON syntax error in a .json file with line and column", () => {
    const lines = errorLines(parseOrganisationFile('{\n  "lpo": { "id": "x", }\n}', "org.json"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^JSON syntax error in org\.json at line 2, column \d+: /);
  });
});

describe("ids", () => {
  const RULE = '(letters, digits, ".", "_" and "-", starting with a letter or digit, e.g. "anna.berg")';
  const withIds = (ids: { lpo?: string; kommun?: string; group?: string; person?: string; promise?: string }) => {
    const data = structuredClone(minimal);
    data.lpo.id = ids.lpo ?? data.lpo.id;
    data.kommuner[0]!.id = ids.kommun ?? "norrdal";
    data.promises[0]!.kommun = ids.kommun ?? "norrdal";
    data.groups[0]!.id = ids.group ?? "ig-1";
    data.people[0]!.groups = [ids.group ?? "ig-1"];
    data.people[0]!.id = ids.person ?? "anna.berg";
    data.groups[0]!.lead = ids.person ?? "anna.berg";
    data.promises[0]!.id = ids.promise ?? "norrdal-2026";
    return data;
  };

  it("refuses path characters, NUL and spaces in every id, with its path", () => {
    expect(
      errorLines(
        validateOrganisation(
          withIds({ lpo: "../x", kommun: "a/b", group: "ig\\1", person: "anna\u0000berg", promise: "../../ut" }),
        ),
      ),
    ).toEqual([
      `lpo.id: invalid id "../x" ${RULE}`,
      `kommuner[0].id: invalid id "a/b" ${RULE}`,
      `groups[0].id: invalid id "ig\\\\1" ${RULE}`,
      `people[0].id: invalid id "anna\\u0000berg" ${RULE}`,
      `promises[0].id: invalid id "../../ut" ${RULE}`,
    ]);
    for (const id of ["..", ".", ".hidden", "-rf", "a b", "a\tb", "C:", "a%2Fb", "ig-1\n", "x".repeat(65)])
      expect(errorLines(validateOrganisation(withIds({ promise: id })))[0]).toMatch(/^promises\[0\]\.id: invalid id /);
    expect(errorLines(validateOrganisation(withIds({ person: "x".repeat(65) })))).toEqual([
      `people[0].id: invalid id "${"x".repeat(65)}" (at most 64 characters)`,
    ]);
  });

  it("keeps the ids people use: dotted names, upper case, Swedish letters, numbers", () => {
    ok(
      validateOrganisation(
        withIds({ lpo: "LPO_Norr", kommun: "höör", group: "IG.1", person: "Anna.Berg", promise: "2026" }),
      ),
    );
    ok(validateOrganisation(withIds({ person: "borttagen-0a1b2c3d4e5f", promise: "x".repeat(64) })));
    expect(ok(parseOrganisationFile(demoText)).people.length).toBeGreaterThan(0);
  });
});

describe("dates", () => {
  it("accepts Date objects (e.g. from YAML 1.1 timestamps) as YYYY-MM-DD", () => {
    const data = structuredClone(minimal) as unknown as { promises: { from: unknown; to: unknown }[] };
    data.promises[0]!.from = new Date("2026-03-01T00:00:00Z");
    data.promises[0]!.to = new Date("2027-02-28T00:00:00Z");
    const value = ok(validateOrganisation(data));
    expect(value.promises[0]!.from).toBe("2026-03-01");
    expect(value.promises[0]!.to).toBe("2027-02-28");
  });

  it("reads unquoted YAML dates as strings", () => {
    const text = serializeOrganisationFile(minimal as OrganisationFile);
    expect(text).toContain("from: 2026-03-01");
    expect(ok(parseOrganisationFile(text)).promises[0]!.from).toBe("2026-03-01");
  });
});

describe("reading a file within the size limit", () => {
  it("reads a file at the limit; refuses what is larger, or is no regular file, without reading past it", () => {
    expect(readOrganisationFile(DEMO_ORGANISATION_FILE, 1)).toEqual({ ok: true, text: demoText });
    const small = readOrganisationFile(DEMO_ORGANISATION_FILE, 0.001);
    expect(small).toMatchObject({
      ok: false,
      message: expect.stringMatching(/bytes, over the limit of 0\.001 MB \(1 048 bytes\)/),
    });
    // a device reports size 0 and never ends
    expect(readOrganisationFile("/dev/zero", 0.001)).toMatchObject({
      ok: false,
      message: expect.stringContaining("/dev/zero is more than 1 048 bytes, over the limit"),
    });
    expect(readOrganisationFile(tmpdir(), 1)).toEqual({ ok: false, message: `cannot read ${tmpdir()} (EISDIR)` });
    expect(readOrganisationFile("/no/such/file.yaml", 1)).toEqual({
      ok: false,
      message: "cannot read /no/such/file.yaml (ENOENT)",
    });
  });
});
