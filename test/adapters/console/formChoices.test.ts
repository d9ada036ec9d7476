// A form in the console offers its choices as a numbered list. In Slack or
// Teams only those choices can be picked; in the console anything can be
// typed, so an answer that is none of them is refused on the spot, with an
// example, and the same field is asked again — it is never kept as the
// field's value (it used to come back as "Aktivitet [mina]" after an error
// about a line the person never wrote).
import { describe, expect, it } from "vitest";
import { runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";

describe("loftesbot chat: a form's numbered choice", () => {
  const env = { DATABASE_URL: sqliteTestUrl("formchoices") };

  it("refuses an answer that is none of the choices, asks again, and stores only the valid answer", async () => {
    const script = `${[
      "logga", // the form
      "mina", // Aktivitet: none of the three
      "7", // nor is 7
      "1,2", // one activity only
      "1", // L1
      "", // Dag: today
      "2h", // Tid
      "", // Antal
      "", // Andra som deltog
      "", // Anteckning
    ].join("\n")}\n`;
    const result = await runLoftesbot(["chat", "--as", "ali.hassan"], { env, input: script });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain('! "mina" är inget av alternativen – skriv numret, t.ex. `1`.');
    expect(out).toContain('! "7" är inget av alternativen – skriv numret, t.ex. `1`.');
    expect(out).toContain('! "1,2" är inget av alternativen – skriv numret, t.ex. `1`.');
    expect(out).not.toContain("[mina]");
    expect(out).not.toContain("Jag hittade ingen aktivitet");
    expect(out.match(/✅ 2 h på L1/g)).toHaveLength(1);

    const exported = await runLoftesbot(
      ["export", "activities", "--from", "2026-01-01", "--to", "2030-12-31", "--format", "json"],
      { env },
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split("\n")).toHaveLength(1);
  });
});
