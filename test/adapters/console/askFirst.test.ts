// The console end to end (issue 14): the same line sent twice is asked about
// with a numbered choice ("[1] Spara ändå", "[2] Avbryt"), typing 1 stores it
// once, typing 2 stores nothing; the export holds exactly what was confirmed.
// A line whose duplicate is some of its people offers "[2] Spara utan …" too:
// typing 2 stores it for the others only.
import { describe, expect, it } from "vitest";
import { runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";

describe("loftesbot chat: a likely duplicate is asked about", () => {
  const env = { DATABASE_URL: sqliteTestUrl("askfirst") };

  it("asks with numbered choices; 1 stores the line once, 2 stores nothing", async () => {
    const script = [
      "logga 2h närvaro",
      "logga 2h närvaro", // asked
      "1", // Spara ändå
      "logga 2h närvaro", // asked again (two entries now)
      "2", // Avbryt
    ].join("\n");
    const result = await runLoftesbot(["chat", "--as", "ali.hassan"], { env, input: script });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out.match(/Det här verkar redan vara loggat för idag/g)).toHaveLength(2);
    expect(out).toContain("[1] Spara ändå");
    expect(out).toContain("[2] Avbryt");
    expect(out.match(/✅ 2 h på L1/g)).toHaveLength(2);
    expect(out).toContain("Avbrutet – inget sparades.");
    expect(out).not.toMatch(/sparat/i);

    const exported = await runLoftesbot(
      ["export", "activities", "--from", "2026-01-01", "--to", "2030-12-31", "--format", "json"],
      { env },
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split("\n")).toHaveLength(2);
  });

  it("a duplicate for some of the line's people: '[2] Spara utan Anna Berg' stores it for the others only", async () => {
    const withoutEnv = { DATABASE_URL: sqliteTestUrl("askfirst-without") };
    const anna = await runLoftesbot(["chat", "--as", "anna.berg"], { env: withoutEnv, input: "logga 2h närvaro\n" });
    expect(anna.code, anna.stderr).toBe(0);
    expect(anna.stdout).toContain("✅ 2 h på L1");
    const script = ["logga 2h närvaro med @anna.berg @emma.lund", "2"].join("\n");
    const result = await runLoftesbot(["chat", "--as", "ali.hassan"], { env: withoutEnv, input: script });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain("Det gäller Anna Berg, inte dig och Emma Lund.");
    expect(out).toContain("[1] Spara ändå   [2] Spara utan Anna Berg   [3] Avbryt");
    expect(out).toContain("✅ 2 h på L1");
    expect(out).toContain("även för Emma Lund. Inget sparades igen för Anna Berg – det var redan loggat.");

    const exported = await runLoftesbot(
      ["export", "activities", "--from", "2026-01-01", "--to", "2030-12-31", "--format", "json"],
      { env: withoutEnv },
    );
    expect(exported.code, exported.stderr).toBe(0);
    const rows = exported.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { person: string; loggedBy: string });
    expect(rows.map((r) => [r.person, r.loggedBy]).sort()).toEqual([
      ["ali.hassan", "ali.hassan"],
      ["anna.berg", "anna.berg"],
      ["emma.lund", "ali.hassan"],
    ]);
  });
});
