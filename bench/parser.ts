// The one-line parser on long lines: `node bin/run-ts.mjs bench/parser.ts`.
// Times parseLogLine (and the adapters' reading of a message before the core:
// Teams' commandText, Slack's unescapeSlackText + slackMentions) on 10 KB,
// 100 KB and 200 KB of commas, spaces, mentions, digits and the shapes that
// were quadratic. Each case runs in its own process, killed after --limit
// seconds; prints a table with, for each size n whose double 2n is measured
// too, the ratio time(2n) / time(n): about 2 when linear, about 4 when
// quadratic. Asserts nothing (the unit tests have no time in them).
//
//   node bin/run-ts.mjs bench/parser.ts [--sizes 10000,100000,200000] [--limit 60] [--report FILE]
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { commandText } from "../adapters/teams/inbound.js";
import { type LogLineContext, parseLogLine } from "../src/features/logging/oneLineLog.js";
import { machine, ROOT, table } from "./common.js";

const ctx: LogLineContext = {
  today: "2026-11-25",
  activities: [
    { id: "L1", code: "L1", name: "Ökad polisiär närvaro på Torget", aliases: ["närvaro", "torget"], unit: "timmar" },
    { id: "L2", code: "L2", name: "Hastighetskontroller", aliases: ["hastighet"], unit: "tillfällen" },
  ],
};

const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/**
 * name → the text of that size; "teams:" cases go through commandText, "slack:" ones through
 * unescapeSlackText and slackMentions (a slash command's text), the others through parseLogLine
 */
// biome-ignore format: a table reads best packed
const CASES: Record<string, (size: number) => string> = {
  "commas": (n) => fill(",", n),
  "1h närvaro + commas": (n) => `1h närvaro ${fill(",", n)}`,
  "1h närvaro + spaces": (n) => `1h närvaro${fill(" ", n)}x`,
  "1h närvaro + `med @a ` repeated": (n) => `1h närvaro ${fill("med @a ", n)}`,
  "1h närvaro + digits": (n) => `1h närvaro ${fill("1", n)}`,
  "1h närvaro + dots, then a letter": (n) => `1h närvaro ${fill(".", n)}x`,
  "1h närvaro med @a + semicolons, then a letter": (n) => `1h närvaro med @a ${fill(";", n)}x`,
  "1h närvaro + unclosed `<at>x `": (n) => `1h närvaro ${fill("<at>x ", n)}`,
  "1h + `närvaro ` repeated": (n) => `1h ${fill("närvaro ", n)}`,
  "`- ` repeated + 1h närvaro": (n) => `${fill("- ", n)}1h närvaro`,
  "teams: `<` repeated": (n) => `logga 1h närvaro ${fill("<", n)}`,
  "teams: `<a ` repeated": (n) => `logga 1h närvaro ${fill("<a ", n)}`,
  "teams: `<at>x ` repeated": (n) => `logga 1h närvaro ${fill("<at>x ", n)}`,
  "teams: `&amp` repeated": (n) => `logga 1h närvaro ${fill("&amp", n)}`,
  "slack: commas": (n) => `1h närvaro ${fill(",", n)}x`,
  "slack: `<@U0BOT|` repeated": (n) => `1h närvaro ${fill("<@U0BOT|", n)}x`,
  "slack: `&lt;@U0BOT|` repeated": (n) => `1h närvaro ${fill("&lt;@U0BOT|", n)}x`,
};

/** The Slack adapter's text functions, loaded only by the "slack:" cases (its module loads Bolt). */
let slack: { unescape: (text: string) => string; mentions: (text: string) => Record<string, string> } | undefined;

function run(name: string, text: string): unknown {
  if (name.startsWith("teams:")) return commandText({ text } as Parameters<typeof commandText>[0]).length;
  if (name.startsWith("slack:") && slack) return Object.keys(slack.mentions(slack.unescape(text))).length;
  const result = parseLogLine(text, ctx);
  return result.ok ? "ok" : result.error.code;
}

/**
 * Child mode: one case, warmed up, the median of five runs or more: as many as fit in 250 ms, at
 * most 50, so a figure of a few milliseconds is not one noisy sample; one run when it takes over 200 ms.
 */
async function measureOne(name: string, size: number): Promise<void> {
  const make = CASES[name];
  if (!make) throw new Error(`no case ${name}`);
  if (name.startsWith("slack:")) {
    const [adapter, mentions] = await Promise.all([
      import("../adapters/slack/slackAdapter.js"),
      import("../adapters/slack/mentions.js"),
    ]);
    slack = { unescape: adapter.unescapeSlackText, mentions: mentions.slackMentions };
  }
  for (let i = 0; i < 3; i++) run(name, make(1_000));
  const text = make(size);
  const times: number[] = [];
  let answer: unknown;
  let total = 0;
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    answer = run(name, text);
    times.push(performance.now() - started);
    total += times.at(-1)!;
    if (times[0]! > 200 || (times.length >= 5 && total >= 250)) break;
  }
  times.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ ms: times[Math.floor(times.length / 2)], answer })}\n`);
}

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000,200000" },
    limit: { type: "string", default: "60" },
    report: { type: "string" },
    case: { type: "string" },
    size: { type: "string" },
  },
});

if (values.case) {
  await measureOne(values.case, Number(values.size));
} else {
  const sizes = values.sizes.split(",").map(Number);
  const limitS = Number(values.limit);
  // the sizes n measured with their double: time(2n) / time(n) is ~2 when linear, ~4 when quadratic
  const doubled = sizes.filter((s) => sizes.includes(2 * s));
  const rows: string[][] = [];
  for (const name of Object.keys(CASES)) {
    // a `|` in a name would end a Markdown table's cell
    const row = [name.replaceAll("|", "\\|")];
    const msAt = new Map<number, number>();
    for (const size of sizes) {
      const child = spawnSync(
        process.execPath,
        ["bin/run-ts.mjs", "bench/parser.ts", "--case", name, "--size", String(size)],
        { cwd: ROOT, encoding: "utf8", timeout: limitS * 1000, killSignal: "SIGKILL" },
      );
      const line = child.stdout?.trim().split("\n").at(-1) ?? "";
      if (child.error || child.status !== 0 || !line.startsWith("{")) row.push(`> ${limitS} s`);
      else {
        const { ms } = JSON.parse(line) as { ms: number };
        msAt.set(size, ms);
        row.push(ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
      }
      process.stderr.write(`[parser bench] ${name} ${size}: ${row.at(-1)}\n`);
    }
    for (const n of doubled) {
      const [single, double] = [msAt.get(n), msAt.get(2 * n)];
      // a case over the limit at 2n has no ratio (its time is not known), one over it at n neither
      row.push(single !== undefined && double !== undefined && single > 0 ? (double / single).toFixed(1) : "–");
    }
    rows.push(row);
  }
  const m = machine();
  const out = [
    `Machine: ${m.cpu}, ${m.nproc} cores, node ${m.node}, load average ${m["load average at start"]}.`,
    "",
    table(
      [
        "line (ms per parse)",
        ...sizes.map((s) => `${s / 1000} KB`),
        ...doubled.map((s) => `${(2 * s) / 1000} KB ÷ ${s / 1000} KB`),
      ],
      rows,
    ),
  ].join("\n");
  process.stdout.write(`${out}\n`);
  if (values.report) writeFileSync(values.report, `${out}\n`);
}
