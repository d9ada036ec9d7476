// The medarbetardialog in the console: the create form and the answer form
// as guided dialogues (one line per field), on the same core.
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChat } from "../../../../adapters/console/chat.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { databaseKinds } from "../../../support/databases.js";

for (const kind of databaseKinds) {
  describe(`medarbetardialog in the console on ${kind}`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind, { now: "2026-11-25T09:00:00Z" });
    });
    afterAll(async () => {
      await core?.drop();
    });

    const chat = async (personId: string, lines: string[]): Promise<string> => {
      const output = new PassThrough();
      let text = "";
      output.on("data", (chunk) => {
        text += String(chunk);
      });
      const code = await runChat({
        bot: core!.bot,
        personId,
        input: Readable.from([`${lines.join("\n")}\n`]),
        output,
        interactive: false,
      });
      expect(code).toBe(0);
      return text;
    };

    it("creates a poll field by field, with defaults for the fields left empty", async (ctx) => {
      if (!core) return ctx.skip();
      const out = await chat("erik.johansson", [
        "dialog ny",
        "1", // vad
        "Trygghet på Torget",
        "p:norrdal-2026",
        "", // template left empty
        "skala: Hur trygg känner du dig på Torget?; fritext: Vad borde vi göra först?",
        "ig-1, ig-2",
        "2026-12-02",
        "", // 16:00
        "", // anonymous
        "Jag tar upp svaren på APT.",
      ]);
      expect(out).toContain("-- Ny medarbetardialog --");
      expect(out).toContain("skala: Hur trygg känner du dig på Torget?");
      // own questions typed without choosing "own" are own questions
      expect(out).toContain("är skapad: vad-dialog om Medborgarlöfte Norrdal 2026 (Norrdals kommun), 2 frågor, anonym");
      expect(out).toContain("10 personer i IG Turlag 1, IG Turlag 2");
    });

    it("answers through the guided sequence and gets the receipt", async (ctx) => {
      if (!core) return ctx.skip();
      const out = await chat("ali.hassan", ["dialog", "1", "4", "Mer närvaro på kvällarna"]);
      expect(out).toContain("⏳ inte besvarad");
      expect(out).toContain("-- Medarbetardialog --");
      expect(out).toContain("Du har deltagit i medarbetardialogen «Trygghet på Torget»");
      expect(await core.db.prisma.pollSealedSheet.count()).toBe(1);
      const again = await chat("ali.hassan", ["dialog"]);
      expect(again).toContain("✅ besvarad");
    });
  });
}
