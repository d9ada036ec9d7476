// The organisation file's size limit (LOFTESBOT_ORG_FILE_MAX_MB, default 10 MB;
// a 10 000-person file is 1.5–3.2 MB): a larger file is refused before it is
// read or parsed, by `org import` and at start (LOFTESBOT_ORG_FILE), with the
// limit and the variable named; nothing is stored.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";

const MB = 1024 * 1024;
/** `size` bytes that are not YAML (an unclosed flow sequence), so a parse would say so. */
function notYaml(file: string, size: number): string {
  const head = "lpo: [ { id: x, name: X\n";
  writeFileSync(file, head + "x".repeat(size - head.length));
  return file;
}
const dir = () => mkdtempSync(join(tmpdir(), "loftesbot-orglimit-"));

describe("the organisation file's size limit", () => {
  it("org import refuses a file one byte over the default 10 MB before parsing it, and stores nothing", async () => {
    const env = { DATABASE_URL: sqliteTestUrl("orglimit"), LOFTESBOT_DEMO: "0" };
    const file = notYaml(join(dir(), "big.yaml"), 10 * MB + 1);
    const result = await runLoftesbot(["org", "import", file], { env, timeoutMs: 60_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} is 10 485 761 bytes, over the limit of 10 MB (10 485 760 bytes)`);
    expect(result.stderr).toContain("LOFTESBOT_ORG_FILE_MAX_MB");
    expect(result.stderr).not.toContain("YAML");
    expect((await runLoftesbot(["org", "export"], { env })).stderr).toContain("holds no organisation");
  });

  it("the limit is the operator's: one byte over is refused, a file at the limit is parsed", async () => {
    const env = { DATABASE_URL: sqliteTestUrl("orglimit"), LOFTESBOT_DEMO: "0", LOFTESBOT_ORG_FILE_MAX_MB: "0.001" };
    const folder = dir();
    const over = await runLoftesbot(["org", "import", notYaml(join(folder, "over.yaml"), 1049)], { env });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain("is 1 049 bytes, over the limit of 0.001 MB (1 048 bytes)");
    expect(over.stderr).not.toContain("YAML");
    const at = await runLoftesbot(["org", "import", notYaml(join(folder, "at.yaml"), 1048)], { env });
    expect(at.code).toBe(1);
    expect(at.stderr).toContain("YAML syntax error");
    expect(at.stderr).not.toContain("over the limit");
  });

  it("the service does not start with a LOFTESBOT_ORG_FILE over the limit, and says why", async () => {
    const file = notYaml(join(dir(), "start.yaml"), 2098);
    const result = await runLoftesbot(["serve"], {
      env: {
        PORT: "0",
        DATABASE_URL: sqliteTestUrl("orglimit"),
        LOFTESBOT_ORG_FILE: file,
        LOFTESBOT_ORG_FILE_MAX_MB: "0.002",
        LOFTESBOT_SCHEDULES: "0",
      },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file} is 2 098 bytes, over the limit of 0.002 MB (2 097 bytes)`);
  });

  it("a limit that is not a positive number stops start-up with one line naming the variable", async () => {
    const result = await runLoftesbot(["migrate"], {
      env: { DATABASE_URL: sqliteTestUrl("orglimit"), LOFTESBOT_ORG_FILE_MAX_MB: "lots" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^loftesbot: Invalid configuration: LOFTESBOT_ORG_FILE_MAX_MB /);
  });
});
