// Issue 14, "Logging: ask, don't guess" — the parser side: relative days in
// words (future ones refused), time ranges as durations, days outside the
// promise's period, words naming another activity (in scope or another
// kommun's), names without `@`, and several activities in one line.
// Wednesday 2026-11-25 is today throughout.
import { describe, expect, it } from "vitest";
import {
  type ActivityCandidate,
  type LogLineContext,
  parseLogLine,
  splitActivities,
} from "../../../../src/features/logging/oneLineLog.js";

const TODAY = "2026-11-25";
const PERIOD = { from: "2026-01-01", to: "2026-12-31" };

const TORGET: ActivityCandidate = {
  id: "norrdal-2026/L1",
  code: "L1",
  name: "Ökad polisiär närvaro på Torget",
  aliases: ["närvaro", "torget", "synlighet", "fotpatrull"],
  unit: "timmar",
  kommun: "Norrdals kommun",
  ...PERIOD,
};
const HASTIGHET: ActivityCandidate = {
  id: "norrdal-2026/L2",
  code: "L2",
  name: "Hastighetskontroller vid skolorna på Storgatan och Skolvägen",
  aliases: ["hastighet", "fart", "fartkontroll", "laser", "skolväg"],
  unit: "tillfällen",
  kommun: "Norrdals kommun",
  ...PERIOD,
};
const RATTA: ActivityCandidate = {
  id: "norrdal-2026/L3",
  code: "L3",
  name: "Rattfyllerikontroller",
  aliases: ["ratta", "rattfylleri", "nykterhet"],
  unit: "tillfällen",
  kommun: "Norrdals kommun",
  ...PERIOD,
};
/** Åsby's L1: not in the scope of an officer of IG 1 */
const RESECENTRUM: ActivityCandidate = {
  id: "asby-2026/L1",
  code: "L1",
  name: "Ökad polisiär närvaro vid resecentrum fredag och lördag kväll",
  aliases: ["närvaro", "resecentrum", "stationen", "helgkväll"],
  unit: "timmar",
  kommun: "Åsby kommun",
  ...PERIOD,
};
const PEOPLE = [
  { id: "anna.berg", name: "Anna Berg" },
  { id: "ali.hassan", name: "Ali Hassan" },
  { id: "emma.lund", name: "Emma Lund" },
  { id: "elin.strom", name: "Elin Ström" },
  { id: "erik.johansson", name: "Erik Johansson" },
  { id: "jonas.eriksson", name: "Jonas Eriksson" },
  { id: "emma.holm", name: "Emma Holm" },
];

const IG1: LogLineContext = {
  today: TODAY,
  activities: [TORGET, HASTIGHET, RATTA],
  others: [RESECENTRUM],
  people: PEOPLE,
};

const ok = (line: string, ctx = IG1) => {
  const result = parseLogLine(line, ctx);
  if (!result.ok) throw new Error(`${line}: ${JSON.stringify(result.error)}`);
  return result.value;
};
const error = (line: string, ctx = IG1) => {
  const result = parseLogLine(line, ctx);
  if (result.ok) throw new Error(`${line}: stored ${JSON.stringify(result.value)}`);
  return result.error;
};

describe("relative days in words", () => {
  it.each([
    ["1h närvaro igår", "2026-11-24"],
    ["1h närvaro i går", "2026-11-24"],
    ["1h närvaro i förrgår", "2026-11-23"],
    ["1h närvaro förrgår", "2026-11-23"],
    ["1h närvaro idag", "2026-11-25"],
    ["1h närvaro i dag", "2026-11-25"],
    ["1h närvaro ikväll", "2026-11-25"],
    ["1h närvaro i kväll", "2026-11-25"],
    ["1h närvaro i fredags", "2026-11-20"],
    ["1h närvaro fredags", "2026-11-20"],
    // a bare weekday is the most recent such day, today included
    ["1h närvaro fredag", "2026-11-20"],
    ["1h närvaro onsdag", "2026-11-25"],
    ["1h närvaro i onsdags", "2026-11-18"],
    ["1h närvaro förra fredagen", "2026-11-20"],
    // "på onsdag" said on a Wednesday is today
    ["1h närvaro på onsdag", "2026-11-25"],
    // a part of the day after a day in words belongs to the day
    ["1h närvaro igår kväll", "2026-11-24"],
    ["1h närvaro i fredags eftermiddag", "2026-11-20"],
    ["1h närvaro måndag kväll", "2026-11-23"],
    ["1h närvaro on friday", "2026-11-20"],
    ["1h närvaro last friday", "2026-11-20"],
  ])("%s → %s, and the words leave no note", (line, day) => {
    const value = ok(line);
    expect(value.day).toBe(day);
    expect(value.note).toBe("");
  });

  it.each(["2h närvaro i helgen", "2h närvaro förra veckan", "2h närvaro i natt"])(
    "%s names no one day: refused, asking for the day",
    (line) => {
      expect(error(line)).toMatchObject({ code: "vague-day" });
    },
  );

  it.each([
    ["1h närvaro imorgon", "2026-11-26", "imorgon"],
    ["1h närvaro i morgon", "2026-11-26", "i morgon"],
    ["1h närvaro i övermorgon", "2026-11-27", "i övermorgon"],
    ["1h närvaro övermorgon", "2026-11-27", "övermorgon"],
    ["1h närvaro på fredag", "2026-11-27", "på fredag"],
    ["1h närvaro nästa måndag", "2026-11-30", "nästa måndag"],
    ["1h närvaro tomorrow", "2026-11-26", "tomorrow"],
    ["ratta imorgon", "2026-11-26", "imorgon"],
  ])("%s is refused as a future day (%s), never swallowed into the note", (line, day, text) => {
    expect(error(line)).toEqual({ code: "future-day", day, text });
  });
});

describe("time ranges as durations", () => {
  it.each([
    ["närvaro kl 14-16", 120],
    ["närvaro kl. 14-16", 120],
    ["närvaro 14:00-16:30", 150],
    ["närvaro 14.00–16.30", 150],
    ["närvaro 14-16:30", 150],
    ["närvaro kl 14 - 16", 120],
    ["närvaro mellan 14 och 16", 120],
    ["närvaro från 14 till 16.15", 135],
    ["närvaro från kl 14 till 16", 120],
    ["närvaro 22-02", 240],
    ["närvaro kl 23:30-01", 90],
    ["fotpatrull torget igår kl 18-21", 180],
  ])("%s → %i min, no note", (line, minutes) => {
    const value = ok(line);
    expect(value.minutes).toBe(minutes);
    expect(value.note).toBe("");
    expect(value.count).toBeNull();
  });

  it("a range on a count activity is refused, never turned into a count", () => {
    expect(error("ratta kl 22-02")).toMatchObject({ code: "range-on-count", activity: { code: "L3" } });
    expect(error("hastighet 14-16")).toMatchObject({ code: "range-on-count" });
    // with the count written, the range is how long it took
    expect(ok("ratta 1st kl 22-02")).toMatchObject({ count: 1, minutes: 240 });
  });

  it("a range of amounts is refused, not half read", () => {
    expect(error("närvaro 2-3 h")).toMatchObject({ code: "bad-amount" });
    expect(error("närvaro kl 14-14")).toMatchObject({ code: "bad-amount" });
  });
});

describe("days outside the promise's period", () => {
  it.each(["1h närvaro 2025-12-01", "1h närvaro 0001-01-01", "1h närvaro 2025-12-31"])("%s is refused", (line) => {
    expect(error(line)).toMatchObject({ code: "too-early", earliest: "2026-01-01", activity: { id: TORGET.id } });
  });
});

describe("a count never lands on an hours activity", () => {
  it("närvaro 2h 1st is refused", () => {
    expect(error("närvaro 2h 1st")).toMatchObject({ code: "count-on-hours", activity: { code: "L1" } });
  });
});

describe("a word naming another activity is asked about, never a note", () => {
  it("another kommun's alias, out of scope: said, and the chosen activity offered", () => {
    expect(error("1h närvaro resecentrum")).toMatchObject({
      code: "ambiguous",
      candidates: [TORGET],
      outside: [RESECENTRUM],
      word: "resecentrum",
    });
  });

  it("another activity in scope, by alias or code, in what would be the note", () => {
    expect(error("2h L1 fartkontroll vid skolan")).toMatchObject({
      code: "ambiguous",
      candidates: [TORGET, HASTIGHET],
    });
    expect(error("2h torget L3")).toMatchObject({ code: "ambiguous", candidates: [RATTA, TORGET] });
  });

  it("a line naming only an activity out of scope says so", () => {
    expect(error("1h resecentrum")).toEqual({ code: "not-in-scope", activities: [RESECENTRUM] });
  });

  it("ordinary notes stay notes", () => {
    expect(ok("1,5h närvaro torget pratade med butiksägare").note).toBe("pratade med butiksägare");
    expect(ok("2h närvaro lugnt på kvällen").note).toBe("lugnt på kvällen");
  });

  it("once the person chose, the other words are their note", () => {
    expect(ok("#L1 1h närvaro resecentrum", { today: TODAY, activities: [TORGET] }).note).toBe("resecentrum");
  });
});

describe("people named without @", () => {
  it.each([
    ["2h närvaro med anna", "anna", "anna.berg"],
    ["2h närvaro med Anna", "Anna", "anna.berg"],
    ["2h närvaro med Eriksson", "Eriksson", "jonas.eriksson"],
    ["2h närvaro med Emma Lund", "Emma Lund", "emma.lund"],
    ["2h närvaro med emma.l", "emma.l", "emma.lund"],
    ["2h närvaro med EMMA.LUND", "EMMA.LUND", "emma.lund"],
    ["2h närvaro med elin strom", "elin strom", "elin.strom"],
  ])("%s names %s = %s, and the name is no note", (line, text, id) => {
    const value = ok(line);
    expect(value.names).toEqual([{ text, match: { kind: "exact", id } }]);
    expect(value.note).toBe("");
  });

  it("two people, with and without @", () => {
    const value = ok("2h närvaro med anna och @ali.hassan pratade med vakter");
    expect(value.names).toEqual([{ text: "anna", match: { kind: "exact", id: "anna.berg" } }]);
    expect(value.mentions).toEqual(["@ali.hassan"]);
    expect(value.note).toBe("pratade med vakter");
  });

  it("a typo or a shared name is unclear (the bot asks)", () => {
    expect(ok("2h närvaro med emma.lnd").names).toEqual([
      { text: "emma.lnd", match: { kind: "unclear", ids: ["emma.lund"] } },
    ]);
    expect(ok("2h närvaro med Erikson").names).toEqual([
      { text: "Erikson", match: { kind: "unclear", ids: ["jonas.eriksson"] } },
    ]);
    expect(ok("2h närvaro med emma").names).toEqual([
      { text: "emma", match: { kind: "unclear", ids: ["emma.lund", "emma.holm"] } },
    ]);
  });

  it("two people with the same full name are asked about", () => {
    const namesakes = { ...IG1, people: [...PEOPLE, { id: "emma.lund2", name: "Emma Lund" }] };
    expect(ok("2h närvaro med Emma Lund", namesakes).names).toEqual([
      { text: "Emma Lund", match: { kind: "unclear", ids: ["emma.lund", "emma.lund2"] } },
    ]);
    // the id still names one
    expect(ok("2h närvaro med emma.lund2", namesakes).names).toEqual([
      { text: "emma.lund2", match: { kind: "exact", id: "emma.lund2" } },
    ]);
  });

  it("a capitalised unknown name is nobody (refused), an ordinary word stays in the note", () => {
    expect(ok("2h närvaro med Kalle").names).toEqual([{ text: "Kalle", match: { kind: "none" } }]);
    expect(ok("2h närvaro pratade med butiksägare").names).toEqual([]);
    expect(ok("2h närvaro med kollegor från IG").note).toBe("med kollegor från IG");
  });
});

describe("several activities in one line", () => {
  const ctx = { today: TODAY, activities: [TORGET, HASTIGHET, RATTA] };
  it.each([
    ["närvaro torget 2h, hastighet 1st", ["närvaro torget 2h", "hastighet 1st"]],
    ["2h närvaro och 1st ratta", ["2h närvaro", "1st ratta"]],
    ["närvaro 2h; hastighet 2st; ratta 1 st igår", ["närvaro 2h", "hastighet 2st", "ratta 1 st igår"]],
    ["närvaro 2h, pratade med vakter", ["närvaro 2h, pratade med vakter"]],
    ["närvaro en och en halv timme", ["närvaro en och en halv timme"]],
    ["2h närvaro med @anna och @ali", ["2h närvaro med @anna och @ali"]],
    // a comma after a typed handle separates as after any word; one inside a Teams <at> name does not
    ["närvaro 2h med @anna.berg, hastighet 1st", ["närvaro 2h med @anna.berg", "hastighet 1st"]],
    ["2h närvaro med @anna, @ali", ["2h närvaro med @anna, @ali"]],
    ["närvaro 2h med <@U0DEMO005>, hastighet 1st", ["närvaro 2h med <@U0DEMO005>", "hastighet 1st"]],
    ["närvaro 2h med <at>Anna</at>, hastighet 1st", ["närvaro 2h med <at>Anna</at>", "hastighet 1st"]],
    ["närvaro 2h med <at>Berg, Anna</at> och <at>Ali</at>", ["närvaro 2h med <at>Berg, Anna</at> och <at>Ali</at>"]],
    // without a separator: the one place where the line falls into two activities with their own amounts
    ["närvaro torget 2h hastighet 1st", ["närvaro torget 2h", "hastighet 1st"]],
    ["2h närvaro 1st hastighet", ["2h närvaro", "1st hastighet"]],
    ["ratta 1st kl 22-02", ["ratta 1st kl 22-02"]],
    ["2h närvaro 3st", ["2h närvaro 3st"]],
    // two places it could fall apart ("med anna" with which?): not cut, the line is asked about
    ["närvaro 2h med anna hastighet 1st", ["närvaro 2h med anna hastighet 1st"]],
  ])("%s → %j", (line, parts) => {
    expect(splitActivities(line, ctx)).toEqual(parts);
  });
});
