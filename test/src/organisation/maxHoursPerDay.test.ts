// lpo.maxHoursPerDay in the organisation file (issue 14): a number of hours
// above 0 and at most 24, imported into the LPO (where /logga reads it),
// exported back, and refused with its path and an example when wrong.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ORGANISATION_FILE,
  formatOrganisationErrors,
  parseOrganisationFile,
} from "../../../src/organisation/organisationFile.js";
import { exportOrganisationText, importOrganisationText } from "../../../src/organisation/organisationStore.js";
import { replyAsPlainText } from "../../../src/core/reply.js";
import { openTestCore, type TestCore } from "../../support/core.js";

const demo = readFileSync(DEMO_ORGANISATION_FILE, "utf8");
const withLimit = (value: string) =>
  demo.replace(
    "lpo: { id: norrdal, name: LPO Norrdal }",
    `lpo: { id: norrdal, name: LPO Norrdal, maxHoursPerDay: ${value} }`,
  );

describe("lpo.maxHoursPerDay", () => {
  it("is a number of hours above 0 and at most 24", () => {
    const parsed = parseOrganisationFile(withLimit("10"));
    expect(parsed.ok && parsed.value.lpo.maxHoursPerDay).toBe(10);
    for (const bad of ["tolv", "0", "25"]) {
      const result = parseOrganisationFile(withLimit(bad));
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(formatOrganisationErrors(result.errors), bad).toContain("lpo.maxHoursPerDay");
    }
  });

  describe("imported", () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });

    it("is stored on the LPO, exported back, and /logga asks above it", async () => {
      const outcome = await importOrganisationText(core!.db.prisma, withLimit("6"), "2026-11-25");
      expect(outcome).toMatchObject({ ok: true });
      expect((await core!.db.prisma.lpo.findFirstOrThrow()).maxHoursPerDay).toBe(6);
      expect(await exportOrganisationText(core!.db.prisma)).toContain("maxHoursPerDay: 6");
      const reply = await core!.bot.handleMessage({
        platform: "console",
        userId: "ali.hassan",
        text: "/logga 7h närvaro",
      });
      expect(replyAsPlainText(reply)).toContain("Det blir 7 h för dig idag – mer än 6 h om dagen");
      expect(await core!.db.prisma.activityEntry.count()).toBe(0);
      // the file without it: the default again
      await importOrganisationText(core!.db.prisma, demo, "2026-11-25");
      expect((await core!.db.prisma.lpo.findFirstOrThrow()).maxHoursPerDay).toBeNull();
    });
  });
});
