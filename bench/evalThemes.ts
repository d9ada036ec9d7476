// `npm run eval:themes -- FILE.csv [--verbose]`: scores the offline theme
// summary against a labelled file (poll;answer;label, UTF-8, `;`). Prints
// each poll's themes with --verbose, and as its last line
// `themes: coverage C, ari A, purity P` (see src/features/dialog/themeEval.ts).
import { readFileSync } from "node:fs";
import { parseLabelled, scoreThemes } from "../src/features/dialog/themeEval.js";
import { offlineThemes } from "../src/features/dialog/themeSummary.js";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  process.stderr.write("usage: npm run eval:themes -- FILE.csv [--verbose]\n");
  process.exit(2);
}
let rows: ReturnType<typeof parseLabelled>;
try {
  rows = parseLabelled(readFileSync(file, "utf8"));
} catch (error) {
  process.stderr.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
const verbose = args.includes("--verbose");
const scores = scoreThemes(rows, (texts) => {
  const summary = offlineThemes(texts);
  if (verbose) {
    for (const theme of summary.themes)
      process.stdout.write(`${theme.label} (${theme.count}): ${theme.members.map((m) => texts[m]).join(" | ")}\n`);
    process.stdout.write(`Övrigt (${summary.other})\n\n`);
  }
  return summary;
});
const f = (x: number) => x.toFixed(2);
process.stdout.write(`${scores.answers} answers in ${scores.polls} polls\n`);
process.stdout.write(`themes: coverage ${f(scores.coverage)}, ari ${f(scores.ari)}, purity ${f(scores.purity)}\n`);
