// `loftesbot indicators import`: a file is validated whole (every error with
// its line and column, nothing stored on error), Excel's Swedish CSV (BOM,
// `;`, decimal comma) and a comma-separated file both read, and importing the
// same file again changes nothing. On SQLite and PostgreSQL, through the
// feature and through the real binary.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatIndicatorErrors, importIndicatorText } from "../../../../src/features/indicators/index.js";
import { parseIndicatorCsv } from "../../../../src/features/indicators/indicatorCsv.js";
import { translator } from "../../../../src/i18n/index.js";
import { plainText } from "../../../../src/core/replyText.js";
import { runLoftesbot } from "../../../support/cli.js";
import { openTestCore, type TestCore } from "../../../support/core.js";

const KOMMUNER = [
  { id: "norrdal", name: "Norrdals kommun" },
  { id: "asby", name: "Åsby kommun" },
];
const sv = translator("sv");
const lines = (errors: Parameters<typeof formatIndicatorErrors>[1]) => formatIndicatorErrors(sv, errors).map(plainText);

const EXCEL =
  "\uFEFFkommun;område;indikator;period;värde;n\r\n" +
  "norrdal;Centrum;Anmälda brott: skadegörelse;2025-07;40;\r\n" +
  "Norrdals kommun;Centrum;Anmälda brott: skadegörelse;2025-Q3;120;\r\n" +
  "norrdal;Centrum;Känner sig otrygg;2025;31,5 %;412\r\n" +
  "asby;;Larm (händelser);2026;1 234;\r\n";

describe("reading an indicator file", () => {
  it("reads Excel's Swedish CSV: BOM, semicolons, decimal comma, å/ä/ö in the header, kommun by name", () => {
    const result = parseIndicatorCsv(EXCEL, KOMMUNER);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.rows.map((r) => [r.line, r.kommunId, r.area, r.period, r.firstMonth, r.months, r.value, r.n]),
    ).toEqual([
      [2, "norrdal", "Centrum", "2025-07", "2025-07", 1, 40, null],
      [3, "norrdal", "Centrum", "2025-Q3", "2025-07", 3, 120, null],
      [4, "norrdal", "Centrum", "2025", "2025-01", 12, 31.5, 412],
      [5, "asby", "", "2026", "2026-01", 12, 1234, null],
    ]);
  });

  it("reads a comma-separated file with a quoted decimal comma and without the n column", () => {
    const result = parseIndicatorCsv(
      'kommun,omrade,indikator,period,varde\nnorrdal,"Torget, norra",Rån,2026-01,7\n',
      KOMMUNER,
    );
    expect(result.ok && result.rows.map((r) => [r.area, r.value])).toEqual([["Torget, norra", 7]]);
  });

  it("returns every error of the file, each with its line and column, and no rows", () => {
    const file = [
      "kommun;omrade;indikator;period;varde;n",
      "norrdal;Centrum;Rån;2026-13;5;", // 2: period
      "stockholm;Centrum;Rån;2026-01;5;", // 3: kommun
      "norrdal;Centrum;Rån;2026-02;4,5;", // 4: a count with decimals
      "norrdal;Centrum;Otrygg;2026;123;400", // 5: a share over 100
      "norrdal;Centrum;Otrygg;2026-Q1;23;0", // 6: n 0
      "norrdal;Centrum;Rån;2026-03;5", // 7: cells
      "norrdal;Centrum;Rån;2026-04;7;50", // 8: Rån was a count on line 2
      "norrdal;centrum;rån;2026-02;3;", // 9: line 4 again
      "norrdal;Centrum;;2026-05;tio;", // 10: indicator empty and value not a number
    ].join("\n");
    const result = parseIndicatorCsv(file, KOMMUNER);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(lines(result.errors)).toEqual([
      'rad 2, kolumn 4 (period): "2026-13" är ingen period. Skriv 2026-03 (månad), 2026-Q1 (kvartal) eller 2026 (år).',
      'rad 3, kolumn 1 (kommun): Okänd kommun "stockholm". Kommuner: norrdal, asby.',
      'rad 4, kolumn 5 (varde): Ett antal (rad utan n) är ett heltal från 0, t.ex. 41 (fick "4,5"). Är det en andel? Fyll då i n, antalet svarande.',
      'rad 5, kolumn 5 (varde): En andel (rad med n) anges i procent 0–100, t.ex. 23,5 (fick "123").',
      'rad 6, kolumn 6 (n): n är antalet svarande, ett heltal från 1 (fick "0"). Lämna n tomt för antal händelser.',
      'rad 7: Raden har 5 celler men rubriken 6. Ett decimaltal med komma i en fil med komma mellan cellerna skrivs inom citattecken ("23,5") – eller använd semikolon mellan cellerna.',
      'rad 8, kolumn 6 (n): "Rån" är antal på rad 2, men inte här: en indikator är antingen antal (n tomt) eller andel (med n) på alla rader.',
      "rad 9: Samma kommun, område, indikator och period som rad 4.",
      "rad 10, kolumn 3 (indikator): indikator är tom.",
      'rad 10, kolumn 5 (varde): "tio" är inget tal. Exempel: 41 eller 23,5.',
    ]);
  });

  it("names a wrong or missing column in the header", () => {
    const result = parseIndicatorCsv("kommun;area;indikator;period;varde\n", KOMMUNER);
    expect(!result.ok && lines(result.errors)).toEqual([
      'rad 1: Kolumnen "omrade" saknas. Rubrikraden ska vara kommun;omrade;indikator;period;varde;n.',
      'rad 1, kolumn 2 (area): Okänd kolumn "area". Kolumnerna är kommun;omrade;indikator;period;varde;n (n bara för andelar).',
    ]);
  });
});

for (const kind of ["sqlite", "postgresql"] as const) {
  describe(`importing indicators (${kind})`, () => {
    let core: TestCore | null;
    beforeAll(async () => {
      core = await openTestCore(kind);
    });
    afterAll(async () => {
      await core?.drop();
    });

    it("stores a valid file once: importing it again changes nothing", async (test) => {
      if (!core) return test.skip();
      const first = await importIndicatorText(core.ctx, EXCEL);
      expect(first).toEqual({ ok: true, rows: 4, added: 4, changed: 0, unchanged: 0 });
      const again = await importIndicatorText(core.ctx, EXCEL);
      expect(again).toEqual({ ok: true, rows: 4, added: 0, changed: 0, unchanged: 4 });
      expect(await core.db.prisma.indicator.count()).toBe(4);
      const changed = await importIndicatorText(core.ctx, EXCEL.replace(";40;", ";41;"));
      expect(changed).toEqual({ ok: true, rows: 4, added: 0, changed: 1, unchanged: 3 });
    });

    it("changes nothing when a single line of the file is wrong", async (test) => {
      if (!core) return test.skip();
      const before = await core.db.prisma.indicator.findMany({ orderBy: { id: "asc" } });
      const result = await importIndicatorText(
        core.ctx,
        `${EXCEL}norrdal;Centrum;Rån;2026-01;9;\nnorrdal;Centrum;Rån;2026-02;x;\n`,
      );
      expect(result.ok).toBe(false);
      expect(await core.db.prisma.indicator.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    });

    it("refuses to turn an imported count into a share", async (test) => {
      if (!core) return test.skip();
      const result = await importIndicatorText(
        core.ctx,
        "kommun;omrade;indikator;period;varde;n\nnorrdal;Centrum;anmälda brott: SKADEGÖRELSE;2026-01;12;300\n",
      );
      expect(!result.ok && lines(result.errors)).toEqual([
        'rad 2, kolumn 6 (n): "anmälda brott: SKADEGÖRELSE" är redan importerad som antal: en indikator är antingen antal (n tomt) eller andel (med n) på alla rader.',
      ]);
    });
  });
}

describe("loftesbot indicators import", () => {
  let core: TestCore;
  let env: Record<string, string>;
  beforeAll(async () => {
    core = (await openTestCore("sqlite"))!;
    env = { DATABASE_URL: core.config.databaseUrl, LOFTESBOT_DEMO: "0" };
    await core.close();
  });
  afterAll(async () => {
    await core.drop().catch(() => undefined);
  });

  it("prints what changed, and every error with line and column on stderr with exit code 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "loftesbot-indicators-"));
    const good = join(dir, "brott.csv");
    writeFileSync(good, EXCEL);
    const ok = await runLoftesbot(["indicators", "import", good], { env });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${good}: 4 rader – 4 nya, 0 ändrade, 0 oförändrade.\n`);
    const again = await runLoftesbot(["indicators", "import", good], { env });
    expect(again.stdout).toBe(`${good}: 4 rader – 0 nya, 0 ändrade, 4 oförändrade.\n`);
    const bad = join(dir, "fel.csv");
    writeFileSync(bad, "kommun;omrade;indikator;period;varde;n\nnorrdal;A;Rån;2026-1;5;\nnorrdal;A;Rån;2026-02;-5;\n");
    const failed = await runLoftesbot(["indicators", "import", bad, "--lang", "en"], { env });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toBe(
      [
        'line 2, column 4 (period): "2026-1" is not a period. Write 2026-03 (month), 2026-Q1 (quarter) or 2026 (year).',
        'line 3, column 5 (varde): A count (a line without n) is a whole number from 0, e.g. 41 (got "-5"). Is it a share? Then fill in n, the number of respondents.',
        `${bad}: 2 error(s); nothing was changed.`,
        "",
      ].join("\n"),
    );
  }, 120_000);
});
