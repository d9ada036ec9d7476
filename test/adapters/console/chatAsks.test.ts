// `loftesbot chat` asks instead of guessing (issue 14): an unclear name or
// another kommun's activity word is a numbered choice, answered by typing its
// number; a line with several activities is stored part by part.
import { describe, expect, it } from "vitest";
import { runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";

describe("loftesbot chat: the one-line log asks with a numbered choice", () => {
  const env = { DATABASE_URL: sqliteTestUrl("chat-asks") };

  it("a name one typo from someone, and another kommun's word, are numbered choices; the number stores the line", async () => {
    const script = [
      // 1 h, then 2 h below: two rounds, not a likely duplicate (askFirst.ts)
      "logga 1h närvaro med emma.lnd",
      "1",
      "logga 1h närvaro resecentrum",
      "1",
      "logga 1h närvaro imorgon",
      "logga närvaro torget 2h, hastighet 1st",
    ].join("\n");
    const result = await runLoftesbot(["chat", "--as", "ali.hassan"], { env, input: script });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Menade du @emma.lund (Emma Lund)");
    expect(result.stdout).toContain("[1] @emma.lund (Emma Lund)");
    expect(result.stdout).toContain("även för Emma Lund");
    expect(result.stdout).toContain('"resecentrum" hör till L1 Ökad polisiär närvaro vid resecentrum');
    expect(result.stdout).toContain("[1] L1 Ökad polisiär närvaro på Torget");
    expect(result.stdout).toContain("ligger i framtiden");
    expect(result.stdout).toContain("Raden hade 2 aktiviteter – alla sparades");
    expect(result.stdout).toContain("1 tillfälle på L2");
  });

  it("stored exactly what was chosen", async () => {
    const result = await runLoftesbot(
      ["export", "activities", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    const rows = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const summary = rows.map((r) => [r.person, r.activity, r.kommun, r.minutes, r.count, r.note]).sort();
    expect(summary).toEqual(
      [
        ["ali.hassan", "L1", "norrdal", 60, null, ""],
        ["emma.lund", "L1", "norrdal", 60, null, ""],
        ["ali.hassan", "L1", "norrdal", 60, null, "resecentrum"],
        ["ali.hassan", "L1", "norrdal", 120, null, ""],
        ["ali.hassan", "L2", "norrdal", null, 1, ""],
      ].sort(),
    );
  });
});
