// `loftesbot export polls [--format csv|json]`: reads the arguments and
// prints the dialog feature's poll export (exportPolls) in chunks of 1000
// lines. What is exported, and the anonymity rules it keeps, is the
// feature's (src/features/dialog/pollExport.ts); this file only runs it.
import { parseArgs } from "node:util";
import type { Core } from "../compose.js";
import { exportPolls } from "../../features/dialog/index.js";

/** `loftesbot export polls [--format csv|json]` (wired in wiring.ts). */
export async function runPollExportCommand(core: Core, args: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: "string", default: "csv" }, db: { type: "string" } },
    strict: true,
  });
  if (values.format !== "csv" && values.format !== "json") {
    out("loftesbot export polls: --format is csv or json");
    return 2;
  }
  const lines: string[] = [];
  for await (const line of exportPolls(core.ctx, values.format)) {
    lines.push(line);
    if (lines.length >= 1000) out(lines.splice(0).join(""));
  }
  if (lines.length > 0) out(lines.join(""));
  return 0;
}
