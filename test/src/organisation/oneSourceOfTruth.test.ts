// One source of truth for the organisation (issue 17): the organisation file
// and the chat change the same database. Changes made in chat (a channel
// bound with /loftesbot koppla, a promise made with /lofte ny) survive a
// re-import of an unchanged file and of a file that changed other things; a
// file that changes the same thing wins and the import says what it
// overrode. LOFTESBOT_ORG_FILE is re-imported at service start only, never by
// a CLI command. A real core on fresh SQLite files.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, openCore } from "../../../src/app/compose.js";
import { silentLogger } from "../../../src/core/log.js";
import { DEMO_ORGANISATION_FILE } from "../../../src/organisation/organisationFile.js";
import { importOrganisationFile } from "../../../src/organisation/organisationStore.js";
import { runLoftesbot } from "../../support/cli.js";
import { openTestCore, type TestCore } from "../../support/core.js";

const demo = readFileSync(DEMO_ORGANISATION_FILE, "utf8");
const TODAY = "2026-11-25";

async function chatChanges(core: TestCore): Promise<void> {
  // what /loftesbot koppla ig-3 in a Slack channel stores
  expect(await core.ctx.organisation.bindChannel("slack", "C0CHATIG3", "ig-3")).toBe(true);
  // …and /loftesbot koppla ig-2 in another Slack channel (the file names C0DEMOIG2)
  expect(await core.ctx.organisation.bindChannel("slack", "C0CHATIG2", "ig-2")).toBe(true);
  // what /lofte ny stores: a promise the file does not name
  await core.db.prisma.citizenPromise.create({
    data: { id: "chat-lofte", kommunId: "norrdal", title: "Trygg skolväg", fromDay: "2026-01-01", toDay: "2026-12-31" },
  });
}

async function bindings(core: TestCore) {
  const rows = await core.db.prisma.channelBinding.findMany({ where: { platform: "slack" } });
  return Object.fromEntries(rows.map((r) => [r.groupId, r.channelId]));
}

describe("organisation file and chat", () => {
  let core: TestCore;
  beforeAll(async () => {
    core = (await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z", env: { LOFTESBOT_DEMO: "0" } }))!;
    const first = await importOrganisationFile(core.db.prisma, demo, TODAY, "org.yaml");
    expect(first.ok && first.changes).toBeGreaterThan(100);
    await chatChanges(core);
  });
  afterAll(async () => core?.drop());

  it("an unchanged file imports nothing: the chat's binding and promise stay", async () => {
    const again = await importOrganisationFile(core.db.prisma, demo, TODAY, "org.yaml");
    expect(again).toMatchObject({ ok: true, unchanged: true, changes: 0, overrides: [] });
    expect(await bindings(core)).toMatchObject({ "ig-2": "C0CHATIG2", "ig-3": "C0CHATIG3" });
    expect(await core.db.prisma.citizenPromise.count({ where: { id: "chat-lofte" } })).toBe(1);
  });

  it("a file that changed something else keeps the chat's changes", async () => {
    const renamed = demo.replace("name: Ali Hassan", "name: Ali Hassan Berg");
    expect(renamed).not.toBe(demo);
    const outcome = await importOrganisationFile(core.db.prisma, renamed, TODAY, "org.yaml");
    expect(outcome).toMatchObject({ ok: true, unchanged: false, changes: 1, overrides: [] });
    expect((await core.db.prisma.person.findUnique({ where: { id: "ali.hassan" } }))?.name).toBe("Ali Hassan Berg");
    expect(await bindings(core)).toMatchObject({ "ig-2": "C0CHATIG2", "ig-3": "C0CHATIG3" });
    expect(await core.db.prisma.citizenPromise.count({ where: { id: "chat-lofte" } })).toBe(1);
  });

  it("a file that changes the same thing wins, and the import names what it overrode", async () => {
    const moved = demo
      .replace("name: Ali Hassan", "name: Ali Hassan Berg")
      .replace("channels: { slack: C0DEMOIG2 }", "channels: { slack: C0FILEIG2 }");
    const outcome = await importOrganisationFile(core.db.prisma, moved, TODAY, "org.yaml");
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.overrides).toEqual([{ path: "groups[ig-2].channels.slack", was: "C0CHATIG2", now: "C0FILEIG2" }]);
    expect(await bindings(core)).toMatchObject({ "ig-2": "C0FILEIG2", "ig-3": "C0CHATIG3" });
  });
});

describe("LOFTESBOT_ORG_FILE", () => {
  it("is re-imported at service start only: a CLI command leaves the chat's binding alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loftesbot-org-once-"));
    const file = join(dir, "org.yaml");
    writeFileSync(file, demo);
    const url = `file:${join(dir, "db.sqlite")}`;
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent", LOFTESBOT_ORG_FILE: file });
    // the first start imports the file
    const service = await openCore(config, { logger: silentLogger, reimportOrgFile: true });
    expect(await service.ctx.organisation.bindChannel("slack", "C0CHATIG2", "ig-2")).toBe(true);
    await service.close();
    // the file now names another channel for ig-2: a CLI command does not import it
    writeFileSync(file, demo.replace("channels: { slack: C0DEMOIG2 }", "channels: { slack: C0FILEIG2 }"));
    const listed = await runLoftesbot(["jobs", "list"], { env: { DATABASE_URL: url, LOFTESBOT_ORG_FILE: file } });
    expect(listed.code, listed.stderr).toBe(0);
    const cli = await openCore(config, { logger: silentLogger });
    const binding = await cli.db.prisma.channelBinding.findFirst({ where: { groupId: "ig-2", platform: "slack" } });
    expect(binding?.channelId).toBe("C0CHATIG2");
    await cli.close();
    // the next service start does, and the file wins
    const restarted = await openCore(config, { logger: silentLogger, reimportOrgFile: true });
    const after = await restarted.db.prisma.channelBinding.findFirst({ where: { groupId: "ig-2", platform: "slack" } });
    expect(after?.channelId).toBe("C0FILEIG2");
    await restarted.close();
  }, 120_000);
});
