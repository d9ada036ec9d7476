// CSV for Swedish Excel, one way for every export: UTF-8 with a byte order
// mark, `;` between cells, CRLF. A cell is first cleaned of control and
// invisible characters (so nothing drives the terminal of an operator who
// prints it, and NUL + `=` cannot hide a formula), then a leading = + - @ is
// neutralised with an apostrophe so Excel never runs it as a formula.
import { normaliseFreeText } from "../domain/personalData.js";

export const CSV_BOM = "\uFEFF";

export function csvCell(value: string): string {
  const clean = normaliseFreeText(value, { lineBreaks: true, tabs: true });
  const safe = /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
