// `loftesbot indicators import FILE [--lang sv|en]`: reads an indicator file
// (README "Indicators": CSV, UTF-8 with or without BOM, `;` or `,`) and hands
// its text to the indicators feature, which validates it whole and stores it
// in one transaction. Prints what changed; on error every error with its
// line and column on stderr, exit code 1, and nothing stored. Exit code 2 for
// wrong arguments.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Core } from "../compose.js";
import { plainText } from "../../core/replyText.js";
import { translator } from "../../i18n/index.js";
import { formatIndicatorErrors, importIndicatorText } from "../../features/indicators/index.js";

const USAGE = "indicators import FILE [--lang sv|en]   (header: kommun;omrade;indikator;period;varde;n)";

export async function runIndicatorsCommand(core: Core, args: string[], out: (text: string) => void): Promise<number> {
  let parsed: { values: Record<string, string | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      options: { lang: { type: "string" }, db: { type: "string" } },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (error) {
    out(`loftesbot indicators: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [sub, file, ...extra] = parsed.positionals;
  const lang = parsed.values.lang ?? core.ctx.defaultLang;
  if (sub !== "import" || !file || extra.length > 0 || (lang !== "sv" && lang !== "en")) {
    out(`loftesbot indicators: ${USAGE}`);
    return 2;
  }
  const t = translator(lang);
  const err = (text: string) => process.stderr.write(`${plainText(text)}\n`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    err(t("indicators.import.unreadable", { file, reason: error instanceof Error ? error.message : String(error) }));
    return 1;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    err(t("indicators.import.notUtf8", { file }));
    return 1;
  }
  const outcome = await importIndicatorText(core.ctx, text);
  if (!outcome.ok) {
    for (const line of formatIndicatorErrors(t, outcome.errors)) err(line);
    err(t("indicators.import.failed", { file, count: outcome.errors.length }));
    return 1;
  }
  const { rows, added, changed, unchanged } = outcome;
  out(plainText(t("indicators.import.done", { file, rows, added, changed, unchanged })));
  return 0;
}
