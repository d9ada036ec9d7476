// The organisation file for the HTTP benches: many distinct people (each with
// a Slack id and a Teams object id) spread over groups, one LPO, one kommun and
// one promise whose activities concern every group.
import { writeFileSync } from "node:fs";
import { addDays, todayInStockholm } from "./common.js";

export interface BenchPerson {
  id: string;
  slack: string;
  teams: string;
}

export interface BenchOrganisation {
  file: string;
  people: BenchPerson[];
  groups: number;
}

export const slackIdOf = (i: number) => `UB${String(i).padStart(7, "0")}`;
export const teamsIdOf = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

export function writeBenchOrganisation(file: string, peopleCount = 2000, groupCount = 100): BenchOrganisation {
  const today = todayInStockholm();
  const groups = Array.from({ length: groupCount }, (_, g) => ({
    id: `grp-${g + 1}`,
    name: `IG Turlag ${g + 1}`,
    kind: "ig",
    lead: `p${g * Math.floor(peopleCount / groupCount) + 1}`,
    channels: { slack: `CB${String(g + 1).padStart(7, "0")}` },
  }));
  const people = Array.from({ length: peopleCount }, (_, i) => {
    const n = i + 1;
    const group = Math.floor(i / Math.ceil(peopleCount / groupCount));
    return {
      id: `p${n}`,
      name: `Polis ${n}`,
      roles:
        i === 0 ? ["admin", "gruppchef"] : groups.some((g) => g.lead === `p${n}`) ? ["gruppchef"] : ["medarbetare"],
      groups: [groups[Math.min(group, groupCount - 1)].id],
      slack: slackIdOf(n),
      teams: teamsIdOf(n),
    };
  });
  const organisation = {
    lpo: { id: "bench", name: "LPO Bench" },
    kommuner: [{ id: "benchby", name: "Benchby kommun" }],
    groups,
    people,
    promises: [
      {
        id: "bench-promise",
        kommun: "benchby",
        title: "Medborgarlöfte Benchby",
        from: addDays(today, -200),
        to: addDays(today, 165),
        activities: [
          {
            code: "L1",
            name: "Ökad polisiär närvaro på Torget",
            aliases: ["närvaro", "torget"],
            target: { amount: 200, unit: "timmar", per: "vecka" },
          },
          {
            code: "L2",
            name: "Hastighetskontroller",
            aliases: ["hastighet", "fartkontroll"],
            target: { amount: 40, unit: "tillfällen", per: "månad" },
          },
        ],
      },
    ],
  };
  writeFileSync(file, JSON.stringify(organisation));
  return {
    file,
    groups: groupCount,
    people: people.map((p, i) => ({ id: p.id, slack: slackIdOf(i + 1), teams: teamsIdOf(i + 1) })),
  };
}
