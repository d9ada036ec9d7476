import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daysBetween, isValidDay } from "../../../../src/domain/calendar.js";
import { normalizeWord } from "../../../../src/domain/activity.js";
import {
  type ActivityCandidate,
  type LogLineContext,
  type LogLineError,
  parseLogLine,
} from "../../../../src/features/logging/oneLineLog.js";
import type { MaskedKind } from "../../../../src/domain/personalData.js";

/** Wednesday, ISO week 48. */
const TODAY = "2026-11-25";

const TORGET: ActivityCandidate = {
  id: "norrdal-2026/L1",
  code: "L1",
  name: "Ökad polisiär närvaro på Torget",
  aliases: ["närvaro", "torget", "synlighet"],
  unit: "timmar",
  promiseTitle: "Medborgarlöfte Norrdal 2026",
};
const HASTIGHET: ActivityCandidate = {
  id: "norrdal-2026/L2",
  code: "L2",
  name: "Hastighetskontroller",
  aliases: ["hastighet", "fartkontroll"],
  unit: "tillfällen",
};
const RATTFYLLERI: ActivityCandidate = {
  id: "norrdal-2026/L3",
  code: "L3",
  name: "Rattfyllerikontroller",
  aliases: ["ratta", "rattfylleri", "nykterhet"],
  unit: "tillfällen",
};
const TRYGGHETSVANDRING: ActivityCandidate = {
  id: "norrdal-2026/L4",
  code: "L4",
  name: "Trygghetsvandringar",
  aliases: ["vandring", "trygghetsvandring"],
  unit: "tillfällen",
};
/** Same code and a shared alias with TORGET: a second promise in the same LPO. */
const SKOLAN: ActivityCandidate = {
  id: "skolfrid-2026/L1",
  code: "L1",
  name: "Närvaro vid skolan",
  aliases: ["närvaro", "skolan"],
  unit: "timmar",
  promiseTitle: "Trygg skolväg 2026",
};

/** The same activity, of a promise that starts on 2026-01-01. */
const HASTIGHET_2026: ActivityCandidate = { ...HASTIGHET, from: "2026-01-01" };

const NORRDAL: LogLineContext = { today: TODAY, activities: [TORGET, HASTIGHET, RATTFYLLERI, TRYGGHETSVANDRING] };
const TWO_PROMISES: LogLineContext = { today: TODAY, activities: [TORGET, SKOLAN] };
const FROM_2026: LogLineContext = { today: TODAY, activities: [HASTIGHET_2026] };

type Expected =
  | {
      activity: ActivityCandidate;
      minutes: number | null;
      count: number | null;
      day: string;
      note: string;
      mentions?: string[];
      masked?: MaskedKind[];
    }
  | { error: LogLineError["code"]; candidates?: ActivityCandidate[]; day?: string; text?: string };

interface Case {
  line: string;
  expected: Expected;
  ctx?: LogLineContext;
}

function logged(
  line: string,
  activity: ActivityCandidate,
  minutes: number | null,
  count: number | null,
  day: string,
  note = "",
  more: { mentions?: string[]; masked?: MaskedKind[]; ctx?: LogLineContext } = {},
): Case {
  const { ctx, ...rest } = more;
  return { line, expected: { activity, minutes, count, day, note, ...rest }, ctx };
}

function refused(
  line: string,
  error: LogLineError["code"],
  more: Omit<Case, "line" | "expected"> & { candidates?: ActivityCandidate[]; day?: string; text?: string } = {},
): Case {
  const { ctx, ...rest } = more;
  return { line, expected: { error, ...rest }, ctx };
}

const IDAG = TODAY;
const IGAR = "2026-11-24";
const FORRGAR = "2026-11-23";

const CASES: Case[] = [
  // ── durations, every form ──
  logged("2h närvaro", TORGET, 120, null, IDAG),
  logged("2 h närvaro torget", TORGET, 120, null, IDAG),
  logged("1,5h närvaro Torget", TORGET, 90, null, IDAG),
  logged("1.5h torget", TORGET, 90, null, IDAG),
  logged("1h30 synlighet", TORGET, 90, null, IDAG),
  logged("1:30 närvaro", TORGET, 90, null, IDAG),
  logged("90m torget", TORGET, 90, null, IDAG),
  logged("90 min närvaro", TORGET, 90, null, IDAG),
  logged("2 tim närvaro", TORGET, 120, null, IDAG),
  logged("45min torget", TORGET, 45, null, IDAG),
  logged("närvaro 2 timmar", TORGET, 120, null, IDAG),
  logged("närvaro 30 minuter", TORGET, 30, null, IDAG),
  logged("1.5 hours torget foot patrol", TORGET, 90, null, IDAG, "foot patrol"),
  logged("2hrs torget", TORGET, 120, null, IDAG),
  logged("1h 30min närvaro", TORGET, 90, null, IDAG),
  logged("1 tim 30 min närvaro", TORGET, 90, null, IDAG),
  logged("2 timmar och 15 minuter torget", TORGET, 135, null, IDAG),
  logged("en timme närvaro", TORGET, 60, null, IDAG),
  logged("en och en halv timme närvaro", TORGET, 90, null, IDAG),
  logged("en halvtimme torget", TORGET, 30, null, IDAG),
  logged("en kvart torget, lugnt", TORGET, 15, null, IDAG, "lugnt"),
  logged("2t närvaro", TORGET, 120, null, IDAG),
  logged("1½h närvaro", TORGET, 90, null, IDAG),
  logged("L1 0,75h", TORGET, 45, null, IDAG),
  logged("L1 24h nattpass", TORGET, 1440, null, IDAG, "nattpass"),
  logged("L1 1440 min", TORGET, 1440, null, IDAG),
  logged("L1 1,33h", TORGET, 80, null, IDAG),
  refused("L1 25h", "duration-out-of-range"),
  refused("L1 0h", "duration-out-of-range"),
  refused("L1 0 min", "duration-out-of-range"),
  refused("närvaro 2h torget 1h", "two-durations"),
  refused("närvaro torget", "missing-duration"),
  refused("L1 kl 14:30", "missing-duration"),
  // a bare number after whole hours ("1h 30", as the bot itself writes "1 h 30 min"): minutes or a word of the
  // note? asked, never taken as 1 h with "30" in the note
  refused("1h 30 närvaro", "unclear-minutes", { text: "1h 30" }),
  refused("närvaro 2 h 15", "unclear-minutes", { text: "2 h 15" }),
  refused("torget 1 tim 45, lugnt", "unclear-minutes", { text: "1 tim 45" }),
  logged("2h närvaro 20 november", TORGET, 120, null, "2026-11-20"),
  logged("2h närvaro pratade med 30 ungdomar", TORGET, 120, null, IDAG, "pratade med 30 ungdomar"),
  // a bare number standing alone (no word of the note next to it) may be a day of the month, or a count:
  // asked how to write it, never kept as the note of a line stored for today (nor a count taken as 1)
  refused("2h närvaro 24", "unclear-number", { text: "24" }),
  refused("24 2h närvaro", "unclear-number", { text: "24" }),
  refused("närvaro 2h lugnt, 24", "unclear-number", { text: "24" }),
  refused("närvaro 24, 2h lugnt", "unclear-number", { text: "24" }),
  refused("2h närvaro med @anna 24", "unclear-number", { text: "24" }),
  refused("2h närvaro den 24", "unclear-number", { text: "den 24" }),
  refused("2h närvaro 24:e lugnt", "unclear-number", { text: "24:e" }),
  refused("L2 3", "unclear-number", { text: "3" }),
  refused("hastighet 40", "unclear-number", { text: "40" }),
  logged("närvaro 2h Storgatan 4", TORGET, 120, null, IDAG, "Storgatan 4"),
  logged("L2 körde 50 i 30", HASTIGHET, null, 1, IDAG, "körde 50 i 30"),
  logged("närvaro 24 ungdomar 2h", TORGET, 120, null, IDAG, "24 ungdomar"),
  logged("2h närvaro 40", TORGET, 120, null, IDAG, "40"),

  // ── counts ──
  logged("L2 3st", HASTIGHET, null, 3, IDAG),
  logged("hastighet 3 st", HASTIGHET, null, 3, IDAG),
  logged("fartkontroll x3", HASTIGHET, null, 3, IDAG),
  logged("L2 3 ggr", HASTIGHET, null, 3, IDAG),
  logged("L2 3 gånger", HASTIGHET, null, 3, IDAG),
  logged("L2 3x", HASTIGHET, null, 3, IDAG),
  logged("Hastighetskontroller 2 ggr igår", HASTIGHET, null, 2, IGAR),
  logged("L2", HASTIGHET, null, 1, IDAG),
  logged("L4 två gånger", TRYGGHETSVANDRING, null, 2, IDAG),
  logged("L2 100st", HASTIGHET, null, 100, IDAG),
  logged("L2 3 tillfällen", HASTIGHET, null, 3, IDAG),
  logged("ratta 2 ggr 1h30", RATTFYLLERI, 90, 2, IDAG),
  logged("L3 45 min", RATTFYLLERI, 45, 1, IDAG),
  refused("L2 101 st", "count-out-of-range"),
  refused("L2 0st", "count-out-of-range"),
  refused("L2 x2 3st", "two-counts"),

  // ── days (today is Wednesday 2026-11-25) ──
  logged("idag 2h närvaro", TORGET, 120, null, IDAG),
  logged("i dag 2h närvaro", TORGET, 120, null, IDAG),
  logged("igår 2h närvaro", TORGET, 120, null, IGAR),
  logged("i går 2h närvaro", TORGET, 120, null, IGAR),
  logged("Igår närvaro 2h", TORGET, 120, null, IGAR),
  logged("i förrgår L2", HASTIGHET, null, 1, FORRGAR),
  logged("förrgår L2", HASTIGHET, null, 1, FORRGAR),
  logged("mån L2", HASTIGHET, null, 1, "2026-11-23"),
  logged("måndag L2", HASTIGHET, null, 1, "2026-11-23"),
  logged("tis L2", HASTIGHET, null, 1, "2026-11-24"),
  logged("tisdag L2", HASTIGHET, null, 1, "2026-11-24"),
  logged("ons L2", HASTIGHET, null, 1, "2026-11-25"),
  logged("onsdag L2", HASTIGHET, null, 1, "2026-11-25"),
  logged("tors L2", HASTIGHET, null, 1, "2026-11-19"),
  logged("fre L2", HASTIGHET, null, 1, "2026-11-20"),
  logged("fredag L2", HASTIGHET, null, 1, "2026-11-20"),
  logged("lör L2", HASTIGHET, null, 1, "2026-11-21"),
  logged("sön L2", HASTIGHET, null, 1, "2026-11-22"),
  logged("söndag L2", HASTIGHET, null, 1, "2026-11-22"),
  logged("i måndags L2", HASTIGHET, null, 1, "2026-11-23"),
  logged("i onsdags L2", HASTIGHET, null, 1, "2026-11-18"),
  logged("mon L2", HASTIGHET, null, 1, "2026-11-23"),
  logged("Tuesday L2", HASTIGHET, null, 1, "2026-11-24"),
  logged("fri L2", HASTIGHET, null, 1, "2026-11-20"),
  logged("2026-11-20 L2", HASTIGHET, null, 1, "2026-11-20"),
  logged("20/11 L2", HASTIGHET, null, 1, "2026-11-20"),
  logged("20 nov L2", HASTIGHET, null, 1, "2026-11-20"),
  // a day without a year is the most recent one, unless it comes within a month: then it is a future day
  refused("den 3 december L2", "future-day", { day: "2026-12-03", text: "den 3 december" }),
  refused("2h närvaro 26/11", "future-day", { day: "2026-11-26", text: "26/11" }),
  logged("den 3 december 2025 L2", HASTIGHET, null, 1, "2025-12-03"),
  logged("L2 20/5", HASTIGHET, null, 1, "2026-05-20"),
  logged("L2 15/1", HASTIGHET, null, 1, "2026-01-15"),
  logged("2025-12-31 L2", HASTIGHET, null, 1, "2025-12-31"),
  logged("L2 yesterday", HASTIGHET, null, 1, IGAR),
  logged("L2 idag ons", HASTIGHET, null, 1, IDAG),
  logged("vandring mån", TRYGGHETSVANDRING, null, 1, "2026-11-23"),
  logged("L1 2h pratade med en man", TORGET, 120, null, IDAG, "pratade med en man"),
  refused("L2 2026-11-26", "future-day", { day: "2026-11-26" }),
  refused("L2 2026-02-30", "bad-day", { text: "2026-02-30" }),
  refused("L2 31/11", "bad-day", { text: "31/11" }),
  refused("L2 igår fre", "two-days"),

  // ── the activity ──
  logged("narvaro torget 2h", TORGET, 120, null, IDAG),
  logged("NÄRVARO 2H", TORGET, 120, null, IDAG),
  logged("#L2", HASTIGHET, null, 1, IDAG),
  logged("l2", HASTIGHET, null, 1, IDAG),
  logged("L2: fartkontroll Storgatan 4 st", HASTIGHET, null, 4, IDAG, "Storgatan"),
  logged("hastighetskontroll x2", HASTIGHET, null, 2, IDAG),
  logged("rattfyllerikontroll 2 st", RATTFYLLERI, null, 2, IDAG),
  logged("trygghetsvandring", TRYGGHETSVANDRING, null, 1, IDAG),
  logged("trygghets vandring", TRYGGHETSVANDRING, null, 1, IDAG),
  logged("vandringen runt skolan", TRYGGHETSVANDRING, null, 1, IDAG, "runt skolan"),
  logged("Trygghetsvandringar i centrum", TRYGGHETSVANDRING, null, 1, IDAG, "i centrum"),
  logged("nyktrhet x5", RATTFYLLERI, null, 5, IDAG),
  logged("hastighetskontrol 3 st", HASTIGHET, null, 3, IDAG),
  logged("torgte 1h", TORGET, 60, null, IDAG),
  logged("Ökad polisiär närvaro på Torget 1h", TORGET, 60, null, IDAG),
  logged("närvaro på torget 2 timmar i måndags", TORGET, 120, null, "2026-11-23"),
  logged("L1 2h pratade med folk på torget", TORGET, 120, null, IDAG, "pratade med folk på torget"),
  logged("  2h    närvaro   extra   mellanslag  ", TORGET, 120, null, IDAG, "extra mellanslag"),
  logged("närvaro,torget,1h", TORGET, 60, null, IDAG),
  logged("L2 - lugnt", HASTIGHET, null, 1, IDAG, "lugnt"),
  logged("L3 x2 Rattfylleri vid E4", RATTFYLLERI, null, 2, IDAG, "vid E4"),
  logged("L1 2h stod 5 m från entrén", TORGET, 120, null, IDAG, "stod 5 m från entrén"),
  // a count never lands on an hours activity (issue 14)
  refused("2h närvaro 3st", "count-on-hours"),
  refused("hastighet ratta", "ambiguous", { candidates: [HASTIGHET, RATTFYLLERI] }),
  refused("pratade med folk", "no-activity"),
  refused("2h", "no-activity"),
  refused("L9 2h", "no-activity"),
  refused("", "empty"),
  refused("   ", "empty"),

  // ── med: the entry is logged for the mentioned as well ──
  logged("1,5h närvaro Torget med @anna pratade med butiksägare", TORGET, 90, null, IDAG, "pratade med butiksägare", {
    mentions: ["@anna"],
  }),
  logged("L2 med @anna.berg @erik.ek", HASTIGHET, null, 1, IDAG, "", { mentions: ["@anna.berg", "@erik.ek"] }),
  logged("L4 med @anna.berg, @erik.ek", TRYGGHETSVANDRING, null, 1, IDAG, "", {
    mentions: ["@anna.berg", "@erik.ek"],
  }),
  logged("L2 med <@U0ABC123> <@U0DEF456> hastighet vid skolan", HASTIGHET, null, 1, IDAG, "vid skolan", {
    mentions: ["<@U0ABC123>", "<@U0DEF456>"],
  }),
  logged("ratta med <at>Anna Berg</at> och <at>Erik Ek</at> lugn kväll", RATTFYLLERI, null, 1, IDAG, "lugn kväll", {
    mentions: ["<at>Anna Berg</at>", "<at>Erik Ek</at>"],
  }),
  logged("L2 med kollegor från IG", HASTIGHET, null, 1, IDAG, "med kollegor från IG"),
  logged("närvaro 2h med @anna och pratade med vakter", TORGET, 120, null, IDAG, "och pratade med vakter", {
    mentions: ["@anna"],
  }),
  logged(
    "trygghetsvandring 2h med <@U0ABC123|anna> grannsamverkan",
    TRYGGHETSVANDRING,
    120,
    1,
    IDAG,
    "grannsamverkan",
    {
      mentions: ["<@U0ABC123|anna>"],
    },
  ),
  logged("L2 @anna", HASTIGHET, null, 1, IDAG, "@anna"),

  // ── notes: personal data is masked ──
  logged(
    "L3 x2 stoppade ABC 123 pnr 800101-1234",
    RATTFYLLERI,
    null,
    2,
    IDAG,
    "stoppade [regnummer] pnr [personnummer]",
    {
      masked: ["regnummer", "personnummer"],
    },
  ),
  logged("L2 bil abc12d körde 90 i 50", HASTIGHET, null, 1, IDAG, "bil [regnummer] körde 90 i 50", {
    masked: ["regnummer"],
  }),
  logged("L3 förare 19800101 1234 nykter", RATTFYLLERI, null, 1, IDAG, "förare [personnummer] nykter", {
    masked: ["personnummer"],
  }),
  logged("L1 1h samordningsnr 800161-1234", TORGET, 60, null, IDAG, "samordningsnr [personnummer]", {
    masked: ["personnummer"],
  }),

  // ── signed and fractional amounts are refused, never stored as 1 ──
  refused("hastighet -3st", "bad-amount", { text: "-3st" }),
  refused("L2 +3st", "bad-amount", { text: "+3st" }),
  refused("L2 \u22123 st", "bad-amount", { text: "\u22123 st" }),
  refused("L2 -x3", "bad-amount", { text: "-x3" }),
  refused("närvaro -2h", "bad-amount", { text: "-2h" }),
  refused("närvaro 2h -1h", "bad-amount", { text: "-1h" }),
  refused("L1 -1:30", "bad-amount", { text: "-1:30" }),
  refused("L1 -90 min", "bad-amount", { text: "-90 min" }),
  refused("L2 2,5st", "bad-amount", { text: "2,5st" }),
  refused("L2 2,5 ggr", "bad-amount", { text: "2,5 ggr" }),
  logged("närvaro 2h – lugnt", TORGET, 120, null, IDAG, "lugnt"),
  // a phone number is no signed count (and it is masked in the note)
  logged("L2 ringde +46701234567", HASTIGHET, null, 1, IDAG, "ringde [telefonnummer]", { masked: ["telefonnummer"] }),

  // ── days: not before the promise starts, at most a year back ──
  refused("L2 1900-01-01", "too-early", { day: "1900-01-01" }),
  refused("L2 0001-01-01", "too-early", { day: "0001-01-01" }),
  refused("L2 2025-11-24", "too-early", { day: "2025-11-24" }),
  logged("L2 2025-11-25", HASTIGHET, null, 1, "2025-11-25"),
  refused("L2 2025-12-31", "too-early", { day: "2025-12-31", ctx: FROM_2026 }),
  refused("L2 20 dec", "future-day", { day: "2026-12-20", ctx: FROM_2026 }),
  refused("L2 20 okt 2025", "too-early", { day: "2025-10-20", ctx: FROM_2026 }),
  logged("L2 2026-01-01", HASTIGHET_2026, null, 1, "2026-01-01", "", { ctx: FROM_2026 }),

  // ── two promises: same code, shared alias ──
  refused("närvaro 2h", "ambiguous", { candidates: [TORGET, SKOLAN], ctx: TWO_PROMISES }),
  refused("L1 2h", "ambiguous", { candidates: [TORGET, SKOLAN], ctx: TWO_PROMISES }),
  logged("närvaro skolan 2h", SKOLAN, 120, null, IDAG, "", { ctx: TWO_PROMISES }),
  logged("L1 skolan 2h", SKOLAN, 120, null, IDAG, "", { ctx: TWO_PROMISES }),
  logged("torget 1h", TORGET, 60, null, IDAG, "", { ctx: TWO_PROMISES }),
  refused("närvaro torget skolan 1h", "ambiguous", { candidates: [TORGET, SKOLAN], ctx: TWO_PROMISES }),
];

describe("parseLogLine: lines as officers type them", () => {
  it("has a realistic number of cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(CASES.map((c) => [c.line, c] as const))("%j", (_line, { line, expected, ctx }) => {
    const result = parseLogLine(line, ctx ?? NORRDAL);
    if ("error" in expected) {
      expect(result.ok, JSON.stringify(result)).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe(expected.error);
      if (expected.candidates) {
        expect(result.error).toMatchObject({ candidates: expected.candidates });
      }
      if (expected.day) expect(result.error).toMatchObject({ day: expected.day });
      if (expected.text) expect(result.error).toMatchObject({ text: expected.text });
      return;
    }
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const { dayGiven: _dayGiven, names: _names, ...value } = result.value;
    expect(value).toEqual({
      activity: expected.activity,
      minutes: expected.minutes,
      count: expected.count,
      day: expected.day,
      note: expected.note,
      mentions: expected.mentions ?? [],
      masked: expected.masked ?? [],
    });
  });
});

describe("parseLogLine: details", () => {
  it("names the activity in missing-duration", () => {
    expect(parseLogLine("närvaro", NORRDAL)).toEqual({
      ok: false,
      error: { code: "missing-duration", activity: TORGET },
    });
  });

  it("cuts the note at 500 characters", () => {
    const result = parseLogLine(`L2 ${"lugnt ".repeat(200)}`, NORRDAL);
    expect(result.ok && result.value.note.length).toBe(500);
  });

  it("uses last year for a day of the month still to come this year", () => {
    const ctx = { ...NORRDAL, today: "2026-01-05" };
    expect(parseLogLine("L2 28/12", ctx)).toMatchObject({ ok: true, value: { day: "2025-12-28" } });
    expect(parseLogLine("L2 2 jan", ctx)).toMatchObject({ ok: true, value: { day: "2026-01-02" } });
  });

  it("reads a day without a year as the person means it near the year's end", () => {
    // on 2 January, 30/12 is three days ago
    const january = { ...NORRDAL, today: "2027-01-02" };
    expect(parseLogLine("L2 30/12", january)).toMatchObject({ ok: true, value: { day: "2026-12-30" } });
    // on 30 December, 2/1 is three days ahead (not almost a year back): refused as a future day
    const december = { ...NORRDAL, today: "2026-12-30" };
    expect(parseLogLine("L2 2/1", december)).toMatchObject({
      ok: false,
      error: { code: "future-day", day: "2027-01-02", text: "2/1", lastYear: "2026-01-02" },
    });
    // on 27 November, 28/11 is tomorrow, said with the way to write last year's
    const november = { ...NORRDAL, today: "2026-11-27" };
    expect(parseLogLine("2h närvaro 28/11", november)).toMatchObject({
      ok: false,
      error: { code: "future-day", day: "2026-11-28", text: "28/11", lastYear: "2025-11-28" },
    });
    expect(parseLogLine("2h närvaro 26", november)).toMatchObject({
      ok: false,
      error: { code: "unclear-number", text: "26", day: "2026-11-26" },
    });
    // a day of the month still ahead is shown as last month's
    expect(parseLogLine("2h närvaro 28", november)).toMatchObject({
      ok: false,
      error: { code: "unclear-number", text: "28", day: "2026-10-28" },
    });
  });

  // the terms of an activity are derived once and reused by later lines: never the terms of what it was
  it("an activity whose code, name or aliases changed is matched as it is now, also with the same id", () => {
    const activity = (fields: Partial<ActivityCandidate>): LogLineContext => ({
      today: TODAY,
      activities: [{ ...TORGET, ...fields }, HASTIGHET],
    });
    const matched = (line: string, ctx: LogLineContext) => {
      const result = parseLogLine(line, ctx);
      return result.ok ? `${result.value.activity.code} ${result.value.note}` : result.error.code;
    };
    expect(matched("1h synlighet", NORRDAL)).toBe("L1 ");
    expect(matched("1h L1", NORRDAL)).toBe("L1 ");
    // the organisation file imported again: the alias "synlighet" is gone, "patrull" is new, L1 is now L7
    const edited = activity({ code: "L7", name: "Ökad polisiär närvaro på Torget", aliases: ["närvaro", "patrull"] });
    expect(matched("1h synlighet", edited)).toBe("no-activity");
    expect(matched("1h patrull", edited)).toBe("L7 ");
    expect(matched("1h L1", edited)).toBe("no-activity");
    expect(matched("1h L7", edited)).toBe("L7 ");
    // renamed: a word of the old name is a note now, a word of the new name names it
    const renamed = activity({ name: "Fotpatrullering i centrum", aliases: [] });
    expect(matched("1h fotpatrullering", renamed)).toBe("L1 ");
    expect(matched("1h L1 torget", renamed)).toBe("L1 torget");
    // the same object changed in place (not a copy) is read as it is now too
    const inPlace = { ...TORGET, aliases: ["närvaro"] };
    const ctx: LogLineContext = { today: TODAY, activities: [inPlace, HASTIGHET] };
    expect(matched("1h cykelpatrull", ctx)).toBe("no-activity");
    inPlace.aliases.push("cykelpatrull");
    expect(matched("1h cykelpatrull", ctx)).toBe("L1 ");
    inPlace.code = "L8";
    expect(matched("1h L8", ctx)).toBe("L8 ");
    // and the old activity still as it was
    expect(matched("1h synlighet", NORRDAL)).toBe("L1 ");
  });

  it("normalizes words for matching", () => {
    expect(normalizeWord("Närvaro,")).toBe("narvaro");
    expect(normalizeWord("#L2")).toBe("l2");
    expect(normalizeWord("Café!")).toBe("cafe");
    expect(normalizeWord("ÅÄÖ")).toBe("aao");
    expect(normalizeWord("...")).toBe("");
  });
});

// ── properties ──

// biome-ignore format: a word table reads best packed
const REALISTIC_TOKENS = [
  "2h", "1,5h", "1.5h", "1h30", "1:30", "90m", "90", "min", "2", "tim", "timmar", "h", "45min", "25h", "0h",
  "3st", "3", "st", "x3", "x", "ggr", "gånger", "0st", "101", "en", "och", "halv", "timme", "kvart",
  "idag", "i", "dag", "går", "igår", "förrgår", "mån", "tisdag", "fre", "sön", "i måndags", "2026-11-20",
  "2026-02-30", "2027-01-01", "20/11", "31/11", "20", "nov", "den", "yesterday",
  "L1", "#L2", "l3", "L4", "L9", "närvaro", "narvaro", "torget", "hastighet", "ratta", "vandring",
  "trygghets", "Hastighetskontroller", "torgte", "med", "@anna", "<@U0ABC>", "<at>Anna Berg</at>", "kl",
  "pratade", "butiksägare", "lugnt", "ABC", "123", "800101-1234", "19800101", "1234", ",", "-", "på", "man",
  "½", "1½h", "::", "<at>", "</at>", "<", ">", "@", "#", "ö", "é", "\u0301",
];

const TOKEN_LINES = fc
  .array(fc.constantFrom(...REALISTIC_TOKENS), { maxLength: 14 })
  .chain((tokens) => fc.constantFrom(tokens.join(" "), tokens.join(""), tokens.join("  "), tokens.join(",")));

function checkInvariants(line: string, ctx: LogLineContext): void {
  const result = parseLogLine(line, ctx);
  if (!result.ok) {
    expect(typeof result.error.code).toBe("string");
    return;
  }
  const { minutes, count, day, note, activity } = result.value;
  expect(ctx.activities).toContain(activity);
  if (minutes !== null) {
    expect(Number.isInteger(minutes)).toBe(true);
    expect(minutes).toBeGreaterThan(0);
    expect(minutes).toBeLessThanOrEqual(24 * 60);
  }
  if (activity.unit === "timmar") expect(minutes).not.toBeNull();
  if (activity.unit === "tillfällen") expect(count).not.toBeNull();
  if (count !== null) {
    expect(Number.isInteger(count)).toBe(true);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(100);
  }
  expect(isValidDay(day)).toBe(true);
  expect(day <= ctx.today).toBe(true);
  // at most a year back, and never before the promise starts
  expect(daysBetween(day, ctx.today)).toBeLessThanOrEqual(365);
  if (activity.from) expect(day >= activity.from).toBe(true);
  expect(Array.from(note).length).toBeLessThanOrEqual(500);
  // no personnummer-shaped run of 10 or 12 digits is left in the note
  expect(note).not.toMatch(/(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)/);
}

describe("parseLogLine properties", () => {
  it("never throws for arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (line) => {
        checkInvariants(line, NORRDAL);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (line) => {
        checkInvariants(line, TWO_PROMISES);
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws for lines built from realistic tokens, and keeps its promises", () => {
    fc.assert(
      fc.property(TOKEN_LINES, fc.constantFrom(NORRDAL, TWO_PROMISES), (line, ctx) => {
        checkInvariants(line, ctx);
      }),
      { numRuns: 3000 },
    );
  });

  it("finds the same activity, duration and day whatever the order", () => {
    const parts = ["1,5h", "närvaro", "igår", "lugnt"];
    fc.assert(
      fc.property(fc.shuffledSubarray(parts, { minLength: 4, maxLength: 4 }), (shuffled) => {
        const result = parseLogLine(shuffled.join(" "), NORRDAL);
        expect(result).toMatchObject({
          ok: true,
          value: { activity: TORGET, minutes: 90, day: IGAR, note: "lugnt" },
        });
      }),
    );
  });

  it("is indifferent to case and diacritics in the activity word", () => {
    fc.assert(
      fc.property(fc.constantFrom("närvaro", "NÄRVARO", "narvaro", "Narvaro", "NarVaro"), (word) => {
        expect(parseLogLine(`${word} 2h`, NORRDAL)).toMatchObject({ ok: true, value: { activity: TORGET } });
      }),
    );
  });
});

describe("parseLogLine: counterexamples the properties found, kept as fixed examples", () => {
  it("masks a 12-digit personnummer-shaped run glued to letters in the note", () => {
    // tokens "vandring", "i måndags", "\u0301", "20", "19800101", "25h", "x", "kl", "igår", "Hastighetskontroller" joined with ""
    const line = "vandringi måndags\u0301201980010125hxkligårHastighetskontroller";
    checkInvariants(line, NORRDAL);
    checkInvariants(line, TWO_PROMISES);
    expect(parseLogLine(line, NORRDAL)).toMatchObject({
      ok: true,
      value: {
        activity: TRYGGHETSVANDRING,
        note: "måndagś[personnummer]hxkligårHastighetskontroller",
        masked: ["personnummer"],
      },
    });
  });
});
