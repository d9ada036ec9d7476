// Follow-up shows only what was measured (issue 14), on the demo organisation
// the day the bot is taken into use (Wednesday 25 November 2026, nothing
// logged before): a logged baseline reads "mäts till DATUM" until its four
// weeks are over, never 0; months before the first entry are "ingen loggning"
// and never escalate; a target for the whole promise period is not shared out
// by days; the report bolds only its real total. In the console and as Slack
// renders the same reply.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMessages } from "../../../../adapters/slack/renderBlocks.js";
import { runExportCommand } from "../../../../src/app/cli/progressExport.js";
import { runReportCommand } from "../../../../src/app/cli/report.js";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import { monthlyFollowUp } from "../../../../src/features/followup/index.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

describe("follow-up shows what was measured", () => {
  let core: TestCore | null;
  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
    if (!core) return;
    const say = (userId: string, text: string) => core?.bot.handleMessage({ platform: "console", userId, text });
    // the first entries of the LPO: L1 (a given baseline), L5 (12 for the whole promise, baseline to be measured)
    await say("ali.hassan", "logga 2h närvaro torget");
    for (const day of ["idag", "igår", "måndag"]) await say("peter.dahl", `logga belysning ${day}`);
  });
  afterAll(async () => {
    await core?.drop();
  });

  const slackText = (reply: Parameters<typeof renderMessages>[0]) => JSON.stringify(renderMessages(reply));

  it("/uppfoljning: the baseline is measured until a day, the whole-period target is not prorated", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await core.bot.handleMessage({
      platform: "console",
      userId: "erik.johansson",
      text: "uppfoljning norrdal 2026-11",
    });
    for (const text of [replyAsPlainText(reply), slackText(reply)]) {
      // L5's first entry Monday 23 Nov: the four full weeks are 23 Nov – 20 Dec
      expect(text).toContain("Utgångsläge: mäts till 2026-12-20");
      expect(text).not.toMatch(/Utgångsläge för perioden: 0 tillfällen/);
      expect(text).toContain("3 av 12 tillfällen hittills (25 %), 90 % av perioden har gått");
      expect(text).not.toMatch(/3 av 1 tillfälle/);
    }
  });

  it("the monthly follow-up: months before the first entry are 'ingen loggning' and never escalate", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await monthlyFollowUp(core.ctx, "norrdal", "2026-11", "sv");
    if (!reply) throw new Error("no monthly follow-up");
    for (const text of [replyAsPlainText(reply), slackText(reply)]) {
      expect(text).toContain("Ingen aktivitet har legat efter målet tre månader i rad.");
      expect(text).not.toContain("september 0 av");
      expect(text).toContain("oktober 2026: ingen loggning");
    }
  });

  it("the monthly follow-up of a month before logging began counts no activity as on target", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await monthlyFollowUp(core.ctx, "norrdal", "2026-10", "sv");
    if (!reply) throw new Error("no monthly follow-up");
    for (const text of [replyAsPlainText(reply), slackText(reply)]) {
      // nothing was logged in October: no activity was on target, none behind
      expect(text).not.toMatch(/aktiviteter: \d+ av \d+ på målet i oktober/);
      expect(text).toMatch(/Norrdals kommun\*? – aktiviteter: ingen loggning i oktober/);
    }
    // November has entries: the line counts the activities measured in it
    const november = replyAsPlainText((await monthlyFollowUp(core.ctx, "norrdal", "2026-11", "sv"))!);
    expect(november).toMatch(/Norrdals kommun – aktiviteter: \d+ av \d+ på målet i november/);
  });

  it("a month before logging began shows no percentage and no 0 per group, in /uppfoljning and the monthly follow-up", async (ctx) => {
    if (!core) return ctx.skip();
    const followUp = await core.bot.handleMessage({
      platform: "console",
      userId: "erik.johansson",
      text: "uppfoljning norrdal 2026-10",
    });
    const monthly = await monthlyFollowUp(core.ctx, "norrdal", "2026-10", "sv");
    if (!monthly) throw new Error("no monthly follow-up");
    for (const reply of [followUp, monthly])
      for (const text of [replyAsPlainText(reply), slackText(reply)]) {
        expect(text).toContain("ingen loggning");
        // "ingen loggning (före första loggningen) (0 %)": a percentage of nothing measured
        expect(text).not.toMatch(/ingen loggning \(före första loggningen\) \(\d+ %\)/);
        // a group's figure in a month before logging began is not 0 but missing
        expect(text).not.toMatch(/IG Turlag 1\*?(\\n|: )0 (h|tillfällen)/);
      }
  });

  it("export progress: a month before logging began has no done figure, not 0", async (ctx) => {
    if (!core) return ctx.skip();
    let stdout = "";
    const code = await runExportCommand(
      core,
      ["progress", "--from", "2026-10-01", "--to", "2026-11-30", "--format", "json"],
      () => undefined,
      {
        stdout: {
          write: (t: string) => {
            stdout += t;
            return true;
          },
        },
        stderr: { isTTY: false, write: () => true },
      },
    );
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kommun: string; activity: string; month: string; group: string; done: unknown });
    const l1 = (month: string, group: string) =>
      rows.find((r) => r.kommun === "norrdal" && r.activity === "L1" && r.month === month && r.group === group);
    // October: before the LPO's first entry (25 November)
    expect(l1("2026-10", "")?.done).toBeNull();
    expect(l1("2026-10", "ig-1")?.done).toBeNull();
    // November: measured (Ali's 2 h)
    expect(l1("2026-11", "")?.done).toBe(2);
    expect(l1("2026-11", "ig-2")?.done).toBe(0);
  });

  it("the report: no measured baseline shown, months before logging say so, only the total row is bold", async (ctx) => {
    if (!core) return ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), "loftesbot-measured-"));
    const lines: string[] = [];
    const code = await runReportCommand(
      core,
      ["--kommun", "norrdal", "--from", "2026-09-01", "--to", "2026-11-30", "--out", dir],
      (t) => lines.push(t),
    );
    expect(code).toBe(0);
    expect(lines.shift()).toBe(`Rapporten skrevs till ${dir}:`);
    const html = readFileSync(lines[0], "utf8");
    expect(html).toContain(
      "Utgångsläge saknas än: det mäts under de fyra första hela loggade veckorna, till 2026-12-20.",
    );
    expect(html).not.toContain("tbody tr:last-child");
    expect(html).toContain('<tr class="total"><td>Hela rapportperioden</td>');
    // the summary table has no total row: none of its rows is marked
    const summary = html.slice(html.indexOf("<table>"), html.indexOf("</table>"));
    expect(summary).not.toContain('class="total"');
    expect(html).toContain('<td>september 2026</td><td class="num">ingen loggning</td>');
    expect(html).toContain("3 av 12 tillfällen hittills (25 %)");
    // the chart's text: the months before logging began have no bar ("–"), not 0 under the target
    expect(html).toMatch(/alt="[^"]*L1 Ökad polisiär närvaro på Torget \(timmar\): sep – \(mål [\d,]+\), okt – /);
  });
  it("the progress export: a month before logging began is an empty cell (CSV) and null (JSON), not 0", async (ctx) => {
    if (!core) return ctx.skip();
    const exported = async (format: string) => {
      let stdout = "";
      const write = (t: string) => {
        stdout += t;
        return true;
      };
      const code = await runExportCommand(
        core!,
        ["progress", "--from", "2026-10-01", "--to", "2026-11-30", "--format", format],
        () => undefined,
        { stdout: { write }, stderr: { isTTY: false, write: () => true } },
      );
      expect(code).toBe(0);
      return stdout;
    };
    const csv = await exported("csv");
    // October: nothing was logged in the LPO before 23 November
    expect(csv).toContain(
      "norrdal;norrdal-2026;L1;Ökad polisiär närvaro på Torget;2026-10;2026-10-01;2026-10-31;;Alla grupper;timmar;;88,57;35,43\r\n",
    );
    expect(csv).toContain(
      "norrdal;norrdal-2026;L1;Ökad polisiär närvaro på Torget;2026-10;2026-10-01;2026-10-31;ig-1;IG Turlag 1;timmar;;;\r\n",
    );
    // November was logged: 2 h by IG Turlag 1, 0 by the other groups (measured)
    expect(csv).toContain("2026-11;2026-11-01;2026-11-30;ig-1;IG Turlag 1;timmar;2;;\r\n");
    const rows = (await exported("json"))
      .trim()
      .split("\n")
      .map(
        (l) => JSON.parse(l) as { activity: string; kommun: string; month: string; group: string; done: number | null },
      );
    const october = rows.filter((r) => r.kommun === "norrdal" && r.activity === "L1" && r.month === "2026-10");
    expect(october.length).toBeGreaterThan(1);
    for (const r of october) expect(r.done).toBeNull();
  });

  it("/uppfoljning's chart: a month before logging began has no bar and '–', not 0 under the target", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await core.bot.handleMessage({
      platform: "console",
      userId: "erik.johansson",
      text: "uppfoljning norrdal 2026-Q4",
    });
    const image = reply.blocks.find((b) => b.kind === "image");
    if (image?.kind !== "image") throw new Error("no chart");
    expect(image.alt).toContain("okt –");
    expect(image.alt).not.toMatch(/okt 0\b/);
  });
  it("the report as JSON: a month before logging began has done null, not 0", async (ctx) => {
    if (!core) return ctx.skip();
    const lines: string[] = [];
    const code = await runReportCommand(
      core,
      ["--kommun", "norrdal", "--from", "2026-09-01", "--to", "2026-11-30", "--format", "json"],
      (t) => lines.push(t),
    );
    expect(code).toBe(0);
    const report = JSON.parse(lines.join("\n")) as {
      promises: { activities: { code: string; months: { from: string; done: number | null }[] }[] }[];
    };
    const l1 = report.promises[0].activities.find((a) => a.code === "L1");
    expect(l1?.months.map((m) => [m.from, m.done])).toEqual([
      ["2026-09-01", null],
      ["2026-10-01", null],
      ["2026-11-01", 2],
    ]);
  });
  it("a month wholly before logging began: 'ingen loggning' with no '(0 %)' beside it, and no activity 'on target'", async (ctx) => {
    if (!core) return ctx.skip();
    const reply = await core.bot.handleMessage({
      platform: "console",
      userId: "erik.johansson",
      text: "uppfoljning norrdal 2026-10",
    });
    for (const text of [replyAsPlainText(reply), slackText(reply)]) {
      expect(text).toContain("L1 Ökad polisiär närvaro på Torget: ingen loggning (före första loggningen)");
      expect(text).not.toContain("ingen loggning (före första loggningen) (0 %)");
    }
    expect(replyAsPlainText(reply)).toContain("IG Turlag 1: ingen loggning (före första loggningen)");
    const monthly = await monthlyFollowUp(core.ctx, "norrdal", "2026-10", "sv");
    if (!monthly) throw new Error("no monthly follow-up");
    for (const text of [replyAsPlainText(monthly), slackText(monthly)]) {
      expect(text).not.toMatch(/\d+ av \d+ på målet i oktober/);
      expect(text).toContain("aktiviteter: ingen loggning i oktober");
    }
    const dir = mkdtempSync(join(tmpdir(), "loftesbot-unlogged-"));
    const lines: string[] = [];
    const code = await runReportCommand(
      core,
      ["--kommun", "norrdal", "--from", "2026-10-01", "--to", "2026-10-31", "--out", dir],
      (t) => lines.push(t),
    );
    expect(code).toBe(0);
    const html = readFileSync(lines[1], "utf8");
    expect(html).toContain("Utfört: ingen loggning");
    expect(html).not.toContain("(0 % av målet för perioden)");
  });
});
