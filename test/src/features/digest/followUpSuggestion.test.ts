// The digest's one suggestion: which rule applies, in order, and what it says.
import { describe, expect, it } from "vitest";
import { type SuggestionInput, suggest, suggestionText } from "../../../../src/features/digest/suggestion.js";

const onPace = {
  code: "L1",
  name: "Närvaro på Torget",
  kommunName: "Norrdals kommun",
  unit: "timmar" as const,
  done: 14,
  target: 20,
  per: "vecka" as const,
  period: { from: "2026-11-16", to: "2026-11-22" },
  elapsed: 5 / 7,
  daysLeft: 2,
  example: "1,5h närvaro",
};
const behind = {
  ...onPace,
  code: "L2",
  name: "Hastighetskontroller",
  unit: "tillfällen" as const,
  done: 1,
  target: 4,
  per: "månad" as const,
  period: { from: "2026-11-01", to: "2026-11-30" },
  elapsed: 21 / 30,
  daysLeft: 9,
  example: "1st hastighet",
};
const poll = {
  title: "Trygghet i centrum",
  groupName: "IG Turlag 1",
  asked: 12,
  answered: 5 as number | null,
  few: false,
  closes: "27 november",
  open: true,
  awaiting: false,
  anonymous: true,
};
const base: SuggestionInput = {
  weekday: 5,
  groups: [{ name: "IG Turlag 1", members: 5, logged: 3, hasActivities: true }],
  activities: [onPace],
  polls: [],
};

describe("the digest's suggestion", () => {
  it("1. nobody in a group has logged, from Wednesday on", () => {
    const idle = {
      ...base,
      groups: [...base.groups, { name: "IG Turlag 2", members: 4, logged: 0, hasActivities: true }],
    };
    const s = suggest({ ...idle, activities: [onPace, behind] });
    expect(s).toEqual({ kind: "nobody", group: "IG Turlag 2", members: 4, example: "1,5h närvaro" });
    expect(suggestionText("sv", s)).toBe(
      "Ingen av de 4 i IG Turlag 2 har loggat något på löftena denna vecka. Ta upp det på nästa genomgång och visa hur snabbt det går: `/logga 1,5h närvaro`.",
    );
    // on a Tuesday an empty week says little yet: the next rule applies
    expect(suggest({ ...idle, weekday: 2, activities: [onPace, behind] }).kind).toBe("behind");
    // a group without activities is not nagged
    expect(suggest({ ...base, groups: [{ name: "X", members: 3, logged: 0, hasActivities: false }] }).kind).not.toBe(
      "nobody",
    );
  });

  it("2. the activity most behind its elapsed share, with days left", () => {
    const s = suggest({ ...base, activities: [onPace, behind] });
    // L1: 70 % done, 71 % gone (on pace); L2: 25 % done, 70 % gone
    expect(s).toEqual({ kind: "behind", activity: behind, remaining: 3 });
    expect(suggestionText("sv", s)).toBe(
      "L2 Hastighetskontroller (Norrdals kommun) ligger efter: 1 av 4 tillfällen i november, 9 dagar kvar. Återstår: 3 tillfällen – lägg in det på turlagets kommande pass och logga med `/logga 1st hastighet`.",
    );
    expect(suggestionText("en", s)).toBe(
      "L2 Hastighetskontroller (Norrdals kommun) is behind: 1 of 4 occasions in November, 9 days left. Left: 3 occasions – plan it into the team's coming shifts and log with `/log 1st hastighet`.",
    );
    // the worse of two behind
    const worse = { ...behind, code: "L3", done: 0 };
    expect(suggest({ ...base, activities: [behind, worse] })).toMatchObject({ activity: { code: "L3" } });
    // no days left, no target, or less than 15 points behind: not this rule
    for (const a of [
      { ...behind, daysLeft: 0 },
      { ...behind, target: null },
      { ...behind, done: 2.5 }, // 62,5 % done, 70 % gone
    ])
      expect(suggest({ ...base, activities: [a] }).kind).toBe("praise");
  });

  it("3. an open poll that few have answered (rates only as the threshold allows)", () => {
    const shown = suggest({ ...base, polls: [poll] });
    expect(suggestionText("sv", shown)).toBe(
      "Bara 42 % av IG Turlag 1 (5 av 12) har svarat på dialogen ”Trygghet i centrum”, som stänger 27 november. Påminn på nästa samling – svaren är anonyma.",
    );
    const few = suggest({ ...base, polls: [{ ...poll, asked: 8, answered: null, few: true }] }, 5);
    expect(suggestionText("sv", few)).toBe(
      "Färre än 5 av de 8 i IG Turlag 1 har svarat på dialogen ”Trygghet i centrum”, som stänger 27 november – först när minst 5 har svarat kan gruppens resultat visas. Påminn på nästa samling; svaren är anonyma.",
    );
    // a named dialogue's nudge says it is named, never that the answers are anonymous
    expect(suggestionText("sv", suggest({ ...base, polls: [{ ...poll, anonymous: false }] }))).toMatch(
      /Påminn på nästa samling – dialogen är med namn, inte anonym/,
    );
    // …also when too few have answered for the group's results to be shown
    const fewNamed = suggest(
      { ...base, polls: [{ ...poll, asked: 8, answered: null, few: true, anonymous: false }] },
      5,
    );
    expect(suggestionText("sv", fewNamed)).toMatch(/Påminn på nästa samling; dialogen är med namn, inte anonym/);
    expect(suggestionText("sv", fewNamed)).not.toMatch(/anonyma/);
    expect(suggestionText("en", fewNamed)).not.toMatch(/answers are anonymous/);
    // half or more answered, or the count hidden to protect another group: no nudge
    expect(suggest({ ...base, polls: [{ ...poll, answered: 6 }] }).kind).toBe("praise");
    expect(suggest({ ...base, polls: [{ ...poll, answered: null }] }).kind).toBe("praise");
  });

  it("4. a closed poll waiting to be fed back", () => {
    const s = suggest({ ...base, polls: [{ ...poll, open: false, awaiting: true }] });
    expect(suggestionText("sv", s)).toBe(
      "Resultatet av dialogen ”Trygghet i centrum” väntar på återkoppling. Gå igenom det med gruppen och berätta vad ni gör härnäst.",
    );
  });

  it("5. all on pace: praise; 6. nothing logged yet early in the week: a reminder", () => {
    expect(suggestionText("sv", suggest(base))).toBe(
      "Gruppen ligger i fas med alla aktiviteter och 3 av 5 har loggat denna vecka – ge beröm på nästa genomgång!",
    );
    const monday = suggest({ ...base, weekday: 1, groups: [{ ...base.groups[0], logged: 0 }] });
    expect(suggestionText("sv", monday)).toBe(
      "Påminn gruppen om att logga arbetet på löftena med en rad, t.ex. `/logga 1,5h närvaro`.",
    );
  });
});
