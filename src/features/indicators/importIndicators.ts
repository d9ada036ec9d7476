// `loftesbot indicators import FILE`, the feature's side: the file's text is
// validated whole against the kommuner and the kinds already stored, and
// only a file without a single error is written, in one transaction
// (store.ts), so nothing changes on error and importing the same file again
// changes nothing. Every import that changed something is audited
// (`indicators.import`).
import type { CoreContext } from "../../core/context.js";
import { type IndicatorCsvError, parseIndicatorCsv } from "./indicatorCsv.js";
import { type ImportCounts, kommunNames, storedKinds, storeIndicatorRows } from "./store.js";

export type IndicatorImport = ({ ok: true; rows: number } & ImportCounts) | { ok: false; errors: IndicatorCsvError[] };

export async function importIndicatorText(
  ctx: CoreContext,
  text: string,
  actorId: string | null = null,
): Promise<IndicatorImport> {
  const parsed = parseIndicatorCsv(text, await kommunNames(ctx), await storedKinds(ctx));
  if (!parsed.ok) return parsed;
  const counts = await storeIndicatorRows(ctx, parsed.rows);
  if (counts.added + counts.changed > 0) {
    const kommuner = [...new Set(parsed.rows.map((r) => r.kommunId))].sort();
    await ctx.audit.record(actorId, "indicators.import", kommuner.join(","), { rows: parsed.rows.length, ...counts });
  }
  return { ok: true, rows: parsed.rows.length, ...counts };
}
