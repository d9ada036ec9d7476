// `loftesbot chat` fed a script of lines, then `export activities` checked
// entry by entry — the console front end and the export, end to end.
import { describe, expect, it } from "vitest";
import { dayInZone } from "../../../src/domain/calendar.js";
import { runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";

const today = dayInZone(new Date(), "Europe/Stockholm");

describe("loftesbot chat (scripted) and export activities", () => {
  const env = { DATABASE_URL: sqliteTestUrl("chat") };

  it("stores one entry per line and says so", async () => {
    const script = [
      "logga 1,5h närvaro",
      "/logga 3st hastighet med @emma.lund fartkontroll vid skolan",
      "logga närvaro", // refused: no duration
      "logga 2h närvaro med @okänd.person", // refused: unknown person
      "logga 45 min L1 personnummer 850101-1234",
      "mina",
    ].join("\n");
    const result = await runLoftesbot(["chat", "--as", "ali.hassan"], { env, input: script });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("✅ 1 h 30 min på L1 Ökad polisiär närvaro på Torget (idag");
    expect(result.stdout).toContain("✅ 3 tillfällen på L2");
    expect(result.stdout).toContain("även för Emma Lund");
    expect(result.stdout.match(/Inget sparades/g)).toHaveLength(2);
    expect(result.stdout).toContain("maskerat");
    expect(result.stdout).toContain("== Min loggning ==");
  });

  it("exports exactly what was confirmed, as JSON lines", async () => {
    const result = await runLoftesbot(
      ["export", "activities", "--from", "2026-01-01", "--to", today, "--format", "json"],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(4);
    const byKey = (p: string, a: string) => rows.find((r) => r.person === p && r.activity === a);
    expect(byKey("ali.hassan", "L2")).toMatchObject({
      kommun: "norrdal",
      date: today,
      minutes: null,
      count: 3,
      note: "vid skolan",
      loggedBy: "ali.hassan",
    });
    expect(byKey("emma.lund", "L2")).toMatchObject({ count: 3, loggedBy: "ali.hassan" });
    const l1 = rows
      .filter((r) => r.person === "ali.hassan" && r.activity === "L1")
      .map((r) => r.minutes)
      .sort();
    expect(l1).toEqual([45, 90]);
    expect(rows.find((r) => r.minutes === 45).note).toBe("personnummer [personnummer]");
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining([
          "id",
          "person",
          "date",
          "activity",
          "kommun",
          "minutes",
          "count",
          "note",
          "loggedBy",
          "createdAt",
        ]),
      );
      expect(new Date(row.createdAt).toISOString()).toBe(row.createdAt);
    }
  });

  it("exports CSV for Swedish Excel: BOM, semicolons, decimal comma", async () => {
    const result = await runLoftesbot(["export", "activities", "--from", "2026-01-01", "--to", today], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith("\uFEFFid;batch;primary;person;date;activity;unit;")).toBe(true);
    const lines = result.stdout.trim().split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.includes(";90;1,5;"))).toBe(true);
    expect(lines.some((l) => l.includes(";45;0,75;"))).toBe(true);
  });

  it("an unknown person is told they are not registered", async () => {
    const result = await runLoftesbot(["chat", "--as", "nobody"], { env, input: "logga 1h närvaro\n" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Du finns inte i Löftesbots organisation");
  });
});
