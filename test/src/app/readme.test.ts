// The README is the whole manual (issue 17): it stands alone (no link leaves
// the repository), `loftesbot --help` lists every command and option the
// README's "Command line" section lists (and the README every command --help
// lists), every environment variable the configuration reads is documented
// with its default, every job `jobs list` shows is in the Schedules table, and
// the organisation file showing every field is valid as it stands.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { environmentSchema } from "../../../src/app/config.js";
import { registry } from "../../../src/features/index.js";
import { parseOrganisationFile } from "../../../src/organisation/organisationFile.js";
import { runLoftesbot } from "../../support/cli.js";

const root = join(import.meta.dirname, "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(0);
  const end = readme.indexOf("\n## ", start + 5);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** Each `loftesbot …` command of the first column: its command words and its options. */
function readmeCommands(): { words: string; options: string[] }[] {
  return section("Command line")
    .split("\n")
    .filter((l) => l.startsWith("| `loftesbot "))
    .map((line) => {
      const cell = line.split(/(?<!\\)\|/)[1]!;
      const usage = cell
        .replace(/`/g, "")
        .trim()
        .replace(/^loftesbot /, "");
      const words = usage
        .split(/[\s[(]/)
        .filter((w) => /^[a-z]+$/.test(w))
        .join(" ");
      return { words, options: [...usage.matchAll(/--[a-z-]+/g)].map((m) => m[0]) };
    });
}

describe("README", () => {
  it("links nowhere outside the repository", () => {
    const files = ["README.md", ...[...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((m) => m[1]!)];
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target!.startsWith("#") || /^https?:\/\//.test(target!)) continue;
        const path = resolve(dirname(join(root, file)), target!.replace(/#.*$/, ""));
        expect(path.startsWith(`${root}/`), `${file}: ${target}`).toBe(true);
        expect(existsSync(path), `${file}: ${target}`).toBe(true);
      }
      expect(text, file).not.toMatch(/\.\.\/shared|\/work\/|PRODUCT\.md|CONTRACT\.md|PLATFORMS\.md/);
    }
  });

  it("and `loftesbot --help` list the same commands and options", async () => {
    const help = (await runLoftesbot(["--help"])).stdout;
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThanOrEqual(17);
    for (const { words, options } of commands) {
      expect(help, words).toContain(words.replace(/^help$/, "help"));
      for (const option of options) expect(help, `${words} ${option}`).toContain(option);
    }
    // and the other way round: every command line of --help is in the README's table
    const helpCommands = help
      .split("\n")
      .filter((l) => /^ {2}[a-z]/.test(l))
      .map((l) => /^([a-z]+(?: [a-z]+)*)/.exec(l.trim().split(/\s{2,}/)[0]!)![1]!);
    const listed = commands.map((c) => c.words);
    for (const command of helpCommands)
      expect(
        listed.some((w) => w.startsWith(command)),
        command,
      ).toBe(true);
    // every option --help names is in the README too
    for (const option of new Set(help.match(/--[a-z-]+/g))) expect(section("Command line"), option).toContain(option);
  }, 60_000);

  it("lists in the chat table every command `/loftesbot hjälp` gives, and the help every command of the table", () => {
    // a command without its arguments (`<id>`, `[period]`): "/dialog återkoppling", "/uppfoljning kvalitet"
    const bare = (usage: string) =>
      usage
        .replace(/\\\|/g, "|")
        .replace(/<[^>]*>|\[[^\]]*\]/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    const table = section("In chat")
      .split("\n")
      .filter((l) => l.startsWith("| `/"))
      .flatMap((l) => [...l.split(/(?<!\\)\|/)[1]!.matchAll(/`(\/[^`]+)`/g)].map((m) => bare(m[1]!)));
    const help = registry.helpLines("sv").flatMap((l) => [...l.matchAll(/\*(\/[^*]+)\*/g)].map((m) => bare(m[1]!)));
    expect(new Set(help)).toEqual(new Set(table));
    // the English help gives the same commands (some by their English aliases: `/log`, `published`)
    expect(registry.helpLines("en").length).toBe(registry.helpLines("sv").length);
  });

  it("documents every environment variable the configuration reads", () => {
    const documented = section("Configuration (environment)");
    for (const name of Object.keys(environmentSchema.shape)) expect(documented, name).toContain(name);
  });

  it("states each environment variable's default as the configuration has it", () => {
    const rows = section("Configuration (environment)")
      .split("\n")
      .filter((l) => l.startsWith("| `"));
    const shape = environmentSchema.shape as Record<string, { safeParse(v: unknown): { data?: unknown } }>;
    let checked = 0;
    for (const row of rows) {
      const [names, , defaults] = row.split(/(?<!\\)\|/).slice(1, 4);
      const variables = [...names!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);
      const stated = [...defaults!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      // a row with one default per variable (`730`, `365`, `1825`): each its own
      if (stated.length !== variables.length) continue;
      variables.forEach((name, i) => {
        const actual = shape[name]?.safeParse(undefined).data;
        if (actual === undefined) return; // no default in the schema: the README explains (a key file, Slack's own URL)
        expect(String(actual), `${name}: README says ${stated[i]}`).toBe(stated[i]);
        checked++;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it("lists every job `jobs list` shows, with its schedule and purpose", () => {
    const schedules = section("Schedules");
    for (const job of registry.jobs)
      expect(schedules, job.name).toMatch(new RegExp(`\\| \`${job.name}\` \\| [^|]+ \\| [^|]+ \\|`));
  });

  it("documents every field of the organisation file", () => {
    const org = section("The organisation file");
    for (const field of [
      "weeklyStatusCron",
      "digestCron",
      "showNamesInDigest",
      "kind",
      "lead",
      "reminders",
      "channels",
      "roles",
      "groups",
      "slack",
      "teams",
      "lang",
      "kommun",
      "title",
      "from",
      "to",
      "code",
      "aliases",
      "target",
      "amount",
      "unit",
      "per",
      "baseline",
    ])
      expect(org, field).toMatch(new RegExp(`\\b${field}:`));
  });

  it("shows an organisation file with every field that imports as it stands", () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(section("The organisation file"))![1]!;
    const parsed = parseOrganisationFile(example.replace("3f2b…", "3f2b0000-0000-0000-0000-000000000000"));
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  });

  it("has a Troubleshooting section", () => {
    expect(section("Troubleshooting")).toMatch(/\| what you see \|/);
  });
});
