// The layout holds: no import cycles in src/ and adapters/, no wrong-way
// imports, one owner for every command word, action, form and job. The rules
// are also run on small made-up graphs, so that a checker that finds nothing
// is not mistaken for a layout that breaks nothing.
import { describe, expect, it } from "vitest";
import { Registry } from "../../src/core/registry.js";
import { features, registry } from "../../src/features/index.js";
import { cycles, describeCycle, type ImportGraph, importGraph, wrongWayImports } from "./imports.js";

const graph = importGraph();

describe("the import graph of src/ and adapters/", () => {
  it("has files and imports to check", () => {
    expect(graph.size).toBeGreaterThan(80);
    expect([...graph.values()].flat().length).toBeGreaterThan(300);
  });

  it("has no import cycle (static, type-only or import())", () => {
    expect(cycles(graph).map(describeCycle)).toEqual([]);
  });

  it("has no wrong-way import", () => {
    expect(wrongWayImports(graph)).toEqual([]);
  });
});

describe("the checker itself", () => {
  const made = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it("finds cycles, also through several files and a file importing itself", () => {
    const found = cycles(
      made({
        "src/a.ts": ["src/b.ts"],
        "src/b.ts": ["src/c.ts"],
        "src/c.ts": ["src/a.ts"],
        "src/d.ts": ["src/d.ts"],
        "src/e.ts": ["src/a.ts"],
      }),
    );
    expect(found).toEqual([["src/a.ts", "src/b.ts", "src/c.ts"], ["src/d.ts"]]);
  });

  it("flags each kind of wrong-way import", () => {
    const wrong = wrongWayImports(
      made({
        "src/core/loftesbot.ts": [
          "src/app/compose.ts",
          "adapters/slack/slackAdapter.ts",
          "src/features/dialog/index.ts",
        ],
        "adapters/teams/teamsApp.ts": ["src/features/loftesbot/help.ts", "src/app/compose.ts", "src/core/reply.ts"],
        "src/features/digest/jobs.ts": ["src/features/status/jobs.ts", "src/features/status/index.ts"],
        "src/features/dialog/create.ts": ["src/features/dialog/store.ts"],
        "src/app/wiring.ts": ["adapters/slack/slackAdapter.ts", "src/features/index.ts"],
        "src/features/index.ts": ["src/features/dialog/feature.ts", "src/features/status/index.ts"],
      }),
    );
    expect(wrong).toEqual([
      "src/core/loftesbot.ts → src/app/compose.ts: only the application folder knows the composition root, config and CLI",
      "src/core/loftesbot.ts → adapters/slack/slackAdapter.ts: the core never imports an adapter (the application folder wires them)",
      "src/core/loftesbot.ts → src/features/dialog/index.ts: shared code does not depend on a feature (dialog)",
      "adapters/teams/teamsApp.ts → src/features/loftesbot/help.ts: an adapter talks to the core's front door, never to a feature",
      "adapters/teams/teamsApp.ts → src/app/compose.ts: only the application folder knows the composition root, config and CLI",
      'src/features/digest/jobs.ts → src/features/status/jobs.ts: a feature reaches "status" only through its index.ts',
      "src/features/index.ts → src/features/dialog/feature.ts: list features by their index.ts",
    ]);
  });
});

describe("the registry", () => {
  it("gives every command word, action, form and job exactly one owner", () => {
    // building it is the check; here it is built again from the same list, and a duplicate is refused
    expect(() => new Registry(features)).not.toThrow();
    const [logging] = features;
    expect(() => new Registry([...features, { ...logging, name: "copy", jobs: [] }])).toThrow(
      /command word "logga" is declared by both "logging" and "copy"/,
    );
    const firstJob = registry.jobs[0];
    expect(() => new Registry([...features, { name: "copy", jobs: [firstJob] }])).toThrow(
      new RegExp(`job "${firstJob.name}" is declared by both`),
    );
  });

  it("understands every command by its name, its aliases and its shortcuts", () => {
    for (const command of registry.commands) {
      for (const word of [command.name, ...(command.aliases ?? []), ...Object.keys(command.shortcuts ?? {})])
        expect(registry.parse(`/${word} x`).command?.name).toBe(command.name);
    }
    expect(registry.parse("hjälp").args).toBe("hjälp");
    expect(registry.parse("/logga 1,5h  närvaro").args).toBe("1,5h närvaro");
    expect(registry.parse("hej där").command).toBeNull();
  });
});
