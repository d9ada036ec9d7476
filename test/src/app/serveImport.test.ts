// `serve` re-imports LOFTESBOT_ORG_FILE in a process of its own (src/app/cli.ts
// importInOwnProcess), so that what the import takes is not kept by the
// service for its whole life. Seen from outside: the import's log events come
// from another process than the service's, the organisation is there when the
// service answers, and a file the import refuses still stops the start with
// one line that says why.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_ORGANISATION_FILE } from "../../../src/organisation/organisationFile.js";
import { runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";
import { type ServiceProcess, startServiceProcess } from "../../support/service.js";

let service: ServiceProcess | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
});

/** The JSON log lines a process wrote (stderr), by event. */
function events(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("serve and LOFTESBOT_ORG_FILE", () => {
  it("imports the file in a process of its own, and the service answers with the organisation in place", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "loftesbot-serveimport-")), "org.yaml");
    copyFileSync(DEMO_ORGANISATION_FILE, file);
    const url = sqliteTestUrl("serveimport");
    service = await startServiceProcess({ env: { DATABASE_URL: url, LOFTESBOT_ORG_FILE: file, LOG_LEVEL: "info" } });
    const logged = events(service.output());
    const loaded = logged.find((e) => e.event === "org.loaded");
    expect(loaded).toBeDefined();
    // the import's process said so, and it is not the service's
    expect(typeof loaded?.pid).toBe("number");
    expect(loaded?.pid).not.toBe(service.child.pid);
    expect(logged.some((e) => e.event === "service.started")).toBe(true);
    // the organisation is the service's to use
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    await service.stop();
    service = undefined;
    const exported = await runLoftesbot(["org", "export"], { env: { DATABASE_URL: url } });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("Anna Berg");
  }, 90_000);

  it("stops the start with the import's own one-line reason when the file is refused", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "loftesbot-serveimport-")), "bad.yaml");
    writeFileSync(file, "lpo: [this is: not: an organisation\n");
    const result = await runLoftesbot(["serve"], {
      env: {
        PORT: "0",
        DATABASE_URL: sqliteTestUrl("serveimport-bad"),
        LOFTESBOT_ORG_FILE: file,
        LOFTESBOT_SCHEDULES: "0",
        LOG_LEVEL: "warn",
      },
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    // once, from the service's command: not also from the process that imported
    expect(result.stderr.match(/^loftesbot: /gm)).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^loftesbot: Organisation file .*bad\.yaml has errors:\nYAML syntax error at line 1/m,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 90_000);
});
