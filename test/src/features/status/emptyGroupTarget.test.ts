// A group whose share of a target is 0 (its members all moved out, the
// target split by members): a percentage of nothing is missing, never "0 %"
// nor the LPO's percentage beside the group's "0 av 0". The demo organisation
// with IG Turlag 4's people in no group (Mikael Holm still leads it), loaded
// from LOFTESBOT_ORG_FILE; the weekly status and the leader's digest through
// the core on SQLite.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { groupDigest, groupLeaders } from "../../../../src/features/digest/index.js";
import { weeklyStatus } from "../../../../src/features/status/index.js";
import { DEMO_ORGANISATION_FILE } from "../../../../src/organisation/organisationFile.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

const IG4 = { id: "ig-4", name: "IG Turlag 4", lpoId: "norrdal" };

describe("a group whose share of a target is 0", () => {
  let core: TestCore | null = null;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), "loftesbot-emptygroup-")), "org.yaml");
    writeFileSync(file, readFileSync(DEMO_ORGANISATION_FILE, "utf8").replaceAll("groups: [ig-4]\n", "groups: []\n"));
    core = await openTestCore("sqlite", {
      now: "2026-11-20T12:00:00Z",
      env: { LOFTESBOT_ORG_FILE: file, LOFTESBOT_DEMO: "0" },
    });
    if (!core) return;
    await core.bot.handleMessage({ platform: "console", userId: "emma.lund", text: "logga 1 hastighet" });
  });
  afterAll(async () => {
    await core?.drop();
  });

  it("the weekly status and the gruppchef's digest give no percentage of a part of 0", async (ctx) => {
    if (!core) return ctx.skip();
    const status = replyAsPlainText(await weeklyStatus(core.ctx, IG4, core.clock.now(), "sv", { withChart: false }));
    const leader = (await groupLeaders(core.ctx, "norrdal")).find((l) => l.id === "mikael.holm")!;
    const digest = replyAsPlainText((await groupDigest(core.ctx, leader, core.clock.now()))!);
    for (const text of [status, digest]) {
      const l2 = text.split("\n").filter((l) => l.includes("av 0 tillfällen"));
      expect(l2.length).toBeGreaterThan(0);
      // before: "0 av 0 tillfällen (0 %)", and in the status the LPO's "(25 %)" beside the group's "0 av 0"
      for (const line of l2) expect(line).toContain("(– %)");
    }
  });
});
