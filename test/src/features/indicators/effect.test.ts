// The effect follow-up end to end: import the example indicator file, give a
// promise the indicators, areas and comparison area it aims at (organisation
// file), log work, and read the effect section in the report as JSON, HTML
// and Markdown, in chat (`/uppfoljning norrdal 2026-Q3 effekt`) and through
// the real binary (`report --format json`). Every figure below is worked out
// by hand from examples/indikatorer.csv:
//
//   skadegörelse, Centrum, Q3: 42+38+40 = 120 → 30+26+24 = 80: RR 0,667,
//     95 % CI exp(ln 0,667 ∓ 1,96·√(1/120+1/80)) = 0,50–0,88 → "minskning 33 %, osäkerhet 12–50 %";
//     Söder 100 → 100: ratio of ratios 0,667, CI exp(ln 0,667 ∓ 1,96·√(1/120+1/80+1/100+1/100)) = 0,45–0,99
//     → "förändringen här är 33 % lägre än där, osäkerhet 1–55 %".
//   otrygg, Centrum: 30 % of 400 → 24 % of 500: −6 points, CI −6 ∓ 1,96·√(0,3·0,7/400 + 0,24·0,76/500)·100
//     = −11,8 to −0,2 → "minskning 6 procentenheter, osäkerhet 0,2–11,8";
//     Söder 30 → 28 of 300: −4 points, CI −4 ∓ 1,96·√(…four variances…)·100 = −13,3 to +5,3 → no certain difference.
//   larm: 5 → 3: fewer than 10 events → "för få händelser".
//   rån: named by the promise, never imported → MISSING (never 0).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyAsPlainText } from "../../../../src/core/reply.js";
import {
  followUpReportJson,
  monthlyFollowUp,
  writeCitizenDraft,
  writeFollowUpReport,
} from "../../../../src/features/followup/index.js";
import { citizenDraft } from "../../../../src/features/followup/citizen/draft.js";
import { rangePeriod } from "../../../../src/features/followup/followUpPeriod.js";
import {
  citizenChangeSentences,
  effectSection,
  importIndicatorText,
} from "../../../../src/features/indicators/index.js";
import { measure, wholeMonths, yearEarlier } from "../../../../src/features/indicators/effect.js";
import { exportOrganisationText, importOrganisationText } from "../../../../src/organisation/organisationStore.js";
import { runLoftesbot } from "../../../support/cli.js";
import { openTestCore, type TestCore } from "../../../support/core.js";
import { seedFollowUp } from "../../../support/followUpData.js";

const EXAMPLE = join(import.meta.dirname, "..", "..", "..", "..", "examples", "indikatorer.csv");
const aimed = (file: string) =>
  file.replace(
    "    title: Medborgarlöfte Norrdal 2026\n    from: 2026-01-01\n    to: 2026-12-31\n",
    [
      "    title: Medborgarlöfte Norrdal 2026",
      "    from: 2026-01-01",
      "    to: 2026-12-31",
      "    effect:",
      '      indicators: ["Anmälda brott: skadegörelse", känner sig otrygg på kvällen, Händelser (larm till polisen), "Anmälda brott: rån"]',
      "      areas: [Centrum]",
      "      comparison: Söder",
      "",
    ].join("\n"),
  );

describe("windows", () => {
  it("counts only whole months, and shifts a period one year back", () => {
    expect(wholeMonths({ from: "2026-07-01", to: "2026-09-30" })).toEqual(["2026-07", "2026-08", "2026-09"]);
    expect(wholeMonths({ from: "2026-07-02", to: "2026-09-29" })).toEqual(["2026-08"]);
    expect(yearEarlier({ from: "2028-02-01", to: "2028-02-29" })).toEqual({ from: "2027-02-01", to: "2027-02-28" });
    expect(yearEarlier({ from: "2027-02-01", to: "2027-02-28" })).toEqual({ from: "2026-02-01", to: "2026-02-28" });
  });

  it("never adds a month to the quarter holding it: the granularity covering most months is used", () => {
    const f = (period: string, firstMonth: string, months: number, value: number) => ({
      areaKey: "",
      area: "",
      key: "k",
      indicator: "k",
      period,
      firstMonth,
      months,
      value,
      n: null,
    });
    const window = { from: "2026-07-01", to: "2026-09-30", months: ["2026-07", "2026-08", "2026-09"] };
    const m = measure([f("2026-07", "2026-07", 1, 10), f("2026-Q3", "2026-07", 3, 40)], window, "count");
    expect([m.value, m.monthsCovered, m.periods]).toEqual([40, 3, ["2026-Q3"]]);
    const none = measure([f("2026", "2026-01", 12, 100)], window, "count");
    expect(none.value).toBeNull();
  });
});

describe("the effect section, end to end", () => {
  let core: TestCore;
  beforeAll(async () => {
    core = (await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" }))!;
    await seedFollowUp(core);
    const file = aimed((await exportOrganisationText(core.db.prisma)) ?? "");
    expect(file).toContain("effect:");
    const org = await importOrganisationText(core.db.prisma, file, "2026-11-25");
    if (!org.ok) throw new Error(JSON.stringify(org.errors));
    const imported = await importIndicatorText(core.ctx, readFileSync(EXAMPLE, "utf8"));
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
  });
  afterAll(async () => {
    await core.drop();
  });
  const Q3 = rangePeriod("2026-07-01", "2026-09-30");

  it("the organisation file keeps what a promise aims at (export → import is stable)", async () => {
    const exported = await exportOrganisationText(core.db.prisma);
    expect(exported).toContain(
      [
        "    effect:",
        '      indicators: [ "Anmälda brott: skadegörelse", känner sig otrygg på kvällen, Händelser (larm till polisen), "Anmälda brott: rån" ]',
        "      areas: [ Centrum ]",
        "      comparison: Söder",
        "    activities:",
      ].join("\n"),
    );
    const again = await importOrganisationText(core.db.prisma, exported ?? "", "2026-11-25");
    expect(again.ok && again.changes).toBe(0);
  });

  it("JSON: every indicator with before, during, ratio or difference, ci95 and the comparison; a place for quality", async () => {
    const report = JSON.parse(
      await followUpReportJson(core.ctx, { id: "norrdal", name: "Norrdals kommun", lpoId: "norrdal" }, Q3, "sv"),
    );
    expect(report.format).toBe("loftesbot-report");
    expect(report).toHaveProperty("quality");
    expect(report.promises[0].activities.map((a: { code: string }) => a.code)).toEqual(["L1", "L2", "L3", "L4", "L5"]);
    expect(report.effect.before).toEqual({
      from: "2025-07-01",
      to: "2025-09-30",
      months: ["2025-07", "2025-08", "2025-09"],
    });
    expect(report.effect.selection).toBe("promises");
    const byName = Object.fromEntries(
      report.effect.indicators.map((i: { indicator: string }) => [i.indicator, i]),
    ) as Record<
      string,
      Record<string, unknown> & { ci95: number[]; comparison: Record<string, unknown> & { ci95: number[] | null } }
    >;
    expect(Object.keys(byName)).toEqual([
      "Anmälda brott: rån",
      "Anmälda brott: skadegörelse",
      "Händelser (larm till polisen)",
      "Känner sig otrygg på kvällen",
    ]);
    const s = byName["Anmälda brott: skadegörelse"];
    expect([s.area, s.kind, s.measure, s.verdict]).toEqual(["Centrum", "count", "rateRatio", "decrease"]);
    expect((s.before as { value: number }).value).toBe(120);
    expect((s.during as { value: number }).value).toBe(80);
    expect(s.ratio as number).toBeCloseTo(0.6667, 4);
    expect(s.ci95[0]).toBeCloseTo(0.502, 3);
    expect(s.ci95[1]).toBeCloseTo(0.885, 3);
    expect(s.text).toBe("Minskning 33 %, osäkerhet 12–50 % (120 → 80).");
    expect(s.comparison.area).toBe("Söder");
    expect(s.comparison.measure).toBe("ratioOfRatios");
    expect(s.comparison.ratio as number).toBeCloseTo(0.6667, 4);
    expect(s.comparison.ci95?.[0]).toBeCloseTo(0.449, 3);
    expect(s.comparison.ci95?.[1]).toBeCloseTo(0.991, 3);
    expect(s.comparison.text).toBe(
      "Jämfört med Söder (100 → 100): förändringen här är 33 % lägre än där, osäkerhet 1–55 %.",
    );
    const o = byName["Känner sig otrygg på kvällen"];
    expect([o.kind, o.measure, o.verdict]).toEqual(["share", "shareDifference", "decrease"]);
    expect(o.difference as number).toBeCloseTo(-6, 10);
    expect(o.ci95[0]).toBeCloseTo(-11.85, 2);
    expect(o.ci95[1]).toBeCloseTo(-0.15, 2);
    expect(o.text).toBe(
      "Minskning 6 procentenheter, osäkerhet 0,2–11,8 procentenheter (30 % (n = 400) → 24 % (n = 500)).",
    );
    expect(o.comparison.measure).toBe("differenceInDifferences");
    expect(o.comparison.text).toBe(
      "Jämfört med Söder (30 % (n = 300) → 28 % (n = 300)): ingen säker skillnad mellan områdena (−4 procentenheter, osäkerhet från −13,3 till +5,3).",
    );
    const l = byName["Händelser (larm till polisen)"];
    expect([l.verdict, l.text]).toEqual(["too-few", "För få händelser för att säga något (5 → 3)."]);
    expect(l.comparison.text).toBe("Jämförelse med Söder: uppgift saknas för båda perioderna.");
    const r = byName["Anmälda brott: rån"];
    expect([r.verdict, r.ratio, r.ci95, r.text]).toEqual([
      "missing",
      null,
      null,
      "Går inte att jämföra: uppgift saknas för båda perioderna.",
    ]);
    expect((r.before as { value: number | null }).value).toBeNull();
  });

  it("a kommun whose promises name no indicator gets every indicator imported for it", async () => {
    const report = JSON.parse(
      await followUpReportJson(
        core.ctx,
        { id: "asby", name: "Åsby kommun", lpoId: "norrdal" },
        rangePeriod("2026-01-01", "2026-12-31"),
        "sv",
      ),
    );
    expect(report.effect.selection).toBe("all");
    expect(report.effect.notes).toEqual([
      "Löftena anger inga indikatorer, så alla indikatorer som importerats för Åsby kommun visas.",
    ]);
    // 61 → 58: RR 0,951, CI exp(ln 0,951 ∓ 1,96·√(1/61+1/58)) = 0,66–1,36
    const [m] = report.effect.indicators;
    expect([m.indicator, m.area, m.verdict]).toEqual(["Anmälda brott: misshandel", "", "uncertain"]);
    expect(m.text).toBe(
      "Ingen säker förändring: −5 %, osäkerhet från −34 % till +36 % (61 → 58). Skillnaden kan vara slump.",
    );
  });

  it("HTML and Markdown: the table, a chart per indicator and the sentences; never 'effekt av löftet'", async () => {
    const files = new Map<string, string | Uint8Array>();
    await writeFollowUpReport(
      core.ctx,
      { id: "norrdal", name: "Norrdals kommun", lpoId: "norrdal" },
      Q3,
      "sv",
      (name, content) => {
        files.set(name, content);
        return name;
      },
    );
    const html = String(files.get("uppfoljning-norrdal-2026-07-01_2026-09-30.html"));
    const md = String(files.get("uppfoljning-norrdal-2026-07-01_2026-09-30.md"));
    const svgs = [...files.keys()].filter((n) => n.endsWith(".svg"));
    expect(svgs).toEqual([1, 2, 3, 4].map((i) => `uppfoljning-norrdal-2026-07-01_2026-09-30-effekt-${i}.svg`));
    expect(html.match(/<svg /g)?.length).toBe(4);
    expect(html).toContain("<h2>Effekt</h2>");
    expect(html).toContain("<p>Minskning 33 %, osäkerhet 12–50 % (120 → 80).</p>");
    expect(html).toContain('<td class="num">0,67 (0,5 – 0,88)</td>');
    expect(md).toContain("Minskning 33 %, osäkerhet 12–50 % (120 → 80).");
    expect(md).toContain("](uppfoljning-norrdal-2026-07-01_2026-09-30-effekt-2.svg)");
    expect(md).toContain("| Anmälda brott: rån | Centrum | saknas | saknas | – |");
    for (const text of [html, md]) expect(text).not.toMatch(/effekt(en)? av löftet|löftet (gav|ledde|orsakade)/i);
    // the charts' texts are at least 12 px at their 640 px width
    for (const name of svgs) {
      const svg = String(files.get(name));
      expect(svg).toContain('width="640"');
      for (const size of svg.matchAll(/font-size="(\d+)"/g)) expect(Number(size[1])).toBeGreaterThanOrEqual(12);
    }
  });

  it("chat: /uppfoljning norrdal 2026-Q3 effekt shows the same sentences with a chart per indicator", async () => {
    const reply = await core.bot.handleMessage({
      platform: "console",
      userId: "erik.johansson",
      text: "uppfoljning norrdal 2026-Q3 effekt",
    });
    const text = replyAsPlainText(reply);
    expect(text).toContain("Effekt Norrdals kommun");
    expect(text).toContain("Minskning 33 %, osäkerhet 12–50 % (120 → 80).");
    expect(text).toContain("För få händelser för att säga något (5 → 3).");
    expect(reply.blocks?.filter((b) => b.kind === "image").length).toBe(4);
    const audit = await core.db.prisma.auditEvent.findFirst({
      where: { action: "followup.view", actorId: "erik.johansson" },
    });
    expect(JSON.parse(audit?.detail ?? "{}").kind).toBe("effect");
  });

  it("a new promise can be aimed in its creation form (/lofte ny), checked as in /lofte ändra", async () => {
    const opened = await core.bot.handleMessage({ platform: "console", userId: "lena.forsberg", text: "/lofte ny" });
    const form = opened.form!;
    expect(form.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(["effectIndicators", "effectAreas", "comparisonArea"]),
    );
    const submit = (values: Record<string, string>) =>
      core.bot.submitForm({ platform: "console", userId: "lena.forsberg", formId: form.id, state: form.state, values });
    const base = {
      title: "Tryggare Centrum",
      kommun: "norrdal",
      from: "2026-07-01",
      to: "2027-06-30",
      code: "L1",
      name: "Kvällspatrull",
      aliases: "",
      amount: "10",
      unit: "timmar",
      per: "månad",
      groups: "",
      baseline: "",
    };
    const refused = await submit({ ...base, effectAreas: "Centrum", comparisonArea: "CENTRUM" });
    expect(refused.kind === "errors" && Object.keys(refused.errors)).toEqual(["comparisonArea"]);
    expect(await core.db.prisma.citizenPromise.count({ where: { title: "Tryggare Centrum" } })).toBe(0);
    const saved = await submit({
      ...base,
      effectIndicators: "Anmälda brott: skadegörelse; Känner sig otrygg på kvällen",
      effectAreas: "Centrum",
      comparisonArea: "Söder",
    });
    expect(saved.kind).toBe("done");
    const row = await core.db.prisma.citizenPromise.findFirstOrThrow({ where: { title: "Tryggare Centrum" } });
    expect([row.effectIndicators, row.effectAreas, row.comparisonArea]).toEqual([
      "Anmälda brott: skadegörelse\nKänner sig otrygg på kvällen",
      "Centrum",
      "Söder",
    ]);
    // later tests read norrdal's report as the organisation file aims it: take this promise away again
    await core.db.prisma.citizenPromise.delete({ where: { id: row.id } });
  });

  it("the kommunpolis aims a promise in the form (/lofte ändra): names by ';', '-' clears, empty keeps", async () => {
    const opened = await core.bot.handleMessage({
      platform: "console",
      userId: "lena.forsberg",
      text: "/lofte ändra asby-2026",
    });
    const form = opened.form!;
    expect(form.fields.map((f) => f.name)).toContain("effectAreas");
    const submit = (values: Record<string, string>) =>
      core.bot.submitForm({ platform: "console", userId: "lena.forsberg", formId: form.id, state: form.state, values });
    const refused = await submit({ effectAreas: "Centrum", comparisonArea: "centrum" });
    expect(refused.kind === "errors" && refused.errors).toEqual({
      comparisonArea: "Jämförelseområdet centrum är också ett område löftet siktar på: välj ett annat.",
    });
    const saved = await submit({ effectIndicators: "Anmälda brott: misshandel; Rån, grovt", effectAreas: "" });
    expect(saved.kind).toBe("done");
    const row = await core.db.prisma.citizenPromise.findUniqueOrThrow({ where: { id: "asby-2026" } });
    expect([row.effectIndicators, row.effectAreas, row.comparisonArea]).toEqual([
      "Anmälda brott: misshandel\nRån, grovt",
      "",
      null,
    ]);
    const audit = await core.db.prisma.auditEvent.findFirst({
      where: { action: "promise.update", subject: "asby-2026" },
    });
    expect(JSON.parse(audit?.detail ?? "{}").fields).toEqual(["effect"]);
    // now Åsby's promise names its indicators: the one imported, and one never imported (MISSING)
    const report = JSON.parse(
      await followUpReportJson(
        core.ctx,
        { id: "asby", name: "Åsby kommun", lpoId: "norrdal" },
        rangePeriod("2026-01-01", "2026-12-31"),
        "sv",
      ),
    );
    expect(report.effect.selection).toBe("promises");
    expect(
      report.effect.indicators.map((i: { indicator: string; verdict: string }) => [i.indicator, i.verdict]),
    ).toEqual([
      ["Anmälda brott: misshandel", "uncertain"],
      ["Rån, grovt", "missing"],
    ]);
    await submit({ effectIndicators: "-" });
    const cleared = await core.db.prisma.citizenPromise.findUniqueOrThrow({ where: { id: "asby-2026" } });
    expect(cleared.effectIndicators).toBe("");
  });

  const norrdal = { id: "norrdal", name: "Norrdals kommun", lpoId: "norrdal" };

  it("the monthly follow-up's effect level summarises the indicators (2026-09: skadegörelse 40 → 24, the rest quarterly)", async () => {
    // September alone: skadegörelse Centrum 40 → 24, RR 0,6, CI exp(ln 0,6 ∓ 1,96·√(1/40+1/24)) = 0,36–0,99 → a
    // decrease; larm and otrygg are imported by quarter (no whole quarter in one month) and rån never: missing
    const reply = await monthlyFollowUp(core.ctx, "norrdal", "2026-09", "sv");
    if (!reply) throw new Error("no monthly follow-up for 2026-09");
    const text = replyAsPlainText(reply);
    expect(text).toContain("effekt: minskat 1 · uppgift saknas 3 (indikatorer mot samma period ett år tidigare)");
    expect(text).not.toContain("ingen effektuppföljning");
  });

  it("the citizen draft says what changed only where the effect section is clear, in plain words, never 'effekt av'", async () => {
    const files: Record<string, string> = {};
    await writeCitizenDraft(core.ctx, norrdal, Q3, "sv", (name, content) => {
      files[name] = String(content);
      return name;
    });
    const md = files["medborgare-norrdal-2026-07-01_2026-09-30.md"];
    expect(md).toContain("## Vad som har förändrats");
    // skadegörelse 120 → 80: RR 0,667, CI 0,50–0,88 → 33 %, 12–50 %
    expect(md).toContain(
      "Anmälda brott: skadegörelse (Centrum): 120 samma tid året före, 80 nu. Det är en minskning med ungefär 33 procent; med hänsyn till slumpen troligen mellan 12 och 50 procent.",
    );
    // otrygg 30 % → 24 %: −6 points, CI −11,8 to −0,2
    expect(md).toContain(
      "Andelen minskade med ungefär 6 procentenheter; med hänsyn till slumpen troligen mellan 0,2 och 11,8.",
    );
    expect(md).toContain("Siffrorna visar vad som har ändrats, inte varför.");
    // too few (larm 5 → 3) and missing (rån) say nothing; nothing is called an effect of the promise
    expect(md).not.toMatch(/larm|rån|effekt/i);
  });

  it("with only too few events or missing figures, there is nothing to say about change: no sentence, no heading", async () => {
    const section = await effectSection(core.ctx, { kommun: norrdal, period: Q3, lang: "sv" });
    const unclear = section.indicators.filter((i) => i.verdict === "too-few" || i.verdict === "missing");
    expect(unclear.map((i) => i.verdict).sort()).toEqual(["missing", "too-few"]);
    expect(citizenChangeSentences({ ...section, indicators: unclear })).toEqual([]);
    const draft = await citizenDraft(
      core.ctx,
      norrdal,
      Q3,
      "sv",
      citizenChangeSentences({ ...section, indicators: unclear }),
    );
    expect(draft.sections.map((s) => s.heading)).not.toContain("Vad som har förändrats");
  });

  it("loftesbot report --format json prints the whole report on stdout and writes no file", async () => {
    await core.close();
    const result = await runLoftesbot(
      [
        "report",
        "--kommun",
        "norrdal",
        "--period",
        "2026-Q3",
        "--format",
        "json",
        "--before-from",
        "2024-07-01",
        "--before-to",
        "2024-09-30",
      ],
      { env: { DATABASE_URL: core.config.databaseUrl, LOFTESBOT_DEMO: "0" } },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.effect.beforeGiven).toBe(true);
    expect(report.effect.before.from).toBe("2024-07-01");
    // nothing imported for 2024: every before is MISSING
    expect(report.effect.indicators.every((i: { verdict: string }) => i.verdict === "missing")).toBe(true);
  }, 120_000);
});
