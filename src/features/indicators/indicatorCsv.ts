// Reading an indicator file (`loftesbot indicators import FILE`), pure: the
// text in, every row or every error out. The format (README "Indicators"):
//
//   kommun;omrade;indikator;period;varde;n
//   norrdal;Centrum;Anmälda brott: skadegörelse;2026-03;41;
//   norrdal;Centrum;Känner sig otrygg;2026;23,5;412
//
// - UTF-8, a byte order mark (Excel's "CSV UTF-8") ignored; `;` or `,`
//   between cells (the header's first separator decides); "quoted" cells
//   with "" for a quote; CRLF or LF; blank lines skipped.
// - The header names the columns in any order (case and å/ä/ö folded:
//   `område`, `värde` are the same as `omrade`, `varde`); `n` may be left out
//   of a file with only counts. An unknown or missing column is an error.
// - `period` is YYYY-MM, YYYY-Qn or YYYY. `varde` is a number with a decimal
//   comma or point, spaces as thousands separators. A row with `n` is a survey
//   share: `varde` in percent 0–100 ("%" allowed), n respondents ≥ 1. A row
//   without `n` is a count: a whole number ≥ 0.
// - An indicator is either a count or a share in every row (and in the
//   database: `existingKinds`); the same kommun, area, indicator and period
//   twice in a file is an error.
//
// Invariant: the file is validated whole — every error is returned, each with
// its line (1 = the header) and column (1-based; the column's header name),
// and rows are only returned when there is no error at all.
import type { MessageKey, Params, Translate } from "../../i18n/index.js";

export interface IndicatorRow {
  line: number;
  kommunId: string;
  area: string;
  areaKey: string;
  indicator: string;
  key: string;
  period: string;
  firstMonth: string;
  months: number;
  value: number;
  n: number | null;
}

export interface IndicatorCsvError {
  line: number;
  /** 1-based; 0 when the error is about the whole line */
  column: number;
  columnName: string;
  key: MessageKey;
  params: Params;
}

export type IndicatorCsvResult = { ok: true; rows: IndicatorRow[] } | { ok: false; errors: IndicatorCsvError[] };

export interface KommunName {
  id: string;
  name: string;
}

const COLUMNS = ["kommun", "omrade", "indikator", "period", "varde", "n"] as const;
type Column = (typeof COLUMNS)[number];

/** Case, accents and spacing folded: the key a name is matched and stored by. */
export function foldName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

function kommunKey(text: string): string {
  return foldName(text).replace(/\s+kommun$/, "");
}

/** Splits CSV text into lines of cells (quotes honoured); each line keeps its 1-based number. */
function splitCsv(text: string, separator: string): { line: number; cells: string[]; unclosed: boolean }[] {
  const out: { line: number; cells: string[]; unclosed: boolean }[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    let unclosed = false;
    for (;;) {
      if (i >= text.length) {
        if (quoted) unclosed = true;
        break;
      }
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (ch === '"') {
          quoted = false;
          i++;
        } else {
          if (ch === "\n") line++;
          cell += ch;
          i++;
        }
        continue;
      }
      if (ch === '"' && cell.trim() === "") {
        quoted = true;
        cell = "";
        i++;
      } else if (ch === separator) {
        cells.push(cell);
        cell = "";
        i++;
      } else if (ch === "\r" && text[i + 1] === "\n") {
        i += 2;
        line++;
        break;
      } else if (ch === "\n" || ch === "\r") {
        i++;
        line++;
        break;
      } else {
        cell += ch;
        i++;
      }
    }
    cells.push(cell);
    if (cells.length > 1 || cells[0].trim() !== "") out.push({ line: start, cells, unclosed });
  }
  return out;
}

/** "1 234,5", "1234.5", "23,5 %" → number; null when it is not one. */
export function parseDecimal(text: string): number | null {
  const t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/%$/, "");
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(",", "."));
}

/** "2026-03" → first month and 1; "2026-Q2" → "2026-04" and 3; "2026" → "2026-01" and 12; null otherwise. */
export function parsePeriod(text: string): { period: string; firstMonth: string; months: number } | null {
  const t = text.trim().toUpperCase();
  let m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { period: t, firstMonth: t, months: 1 };
  m = /^(\d{4})-Q([1-4])$/.exec(t);
  if (m) {
    const month = (Number(m[2]) - 1) * 3 + 1;
    return { period: t, firstMonth: `${m[1]}-${String(month).padStart(2, "0")}`, months: 3 };
  }
  m = /^(\d{4})$/.exec(t);
  if (m) return { period: t, firstMonth: `${m[1]}-01`, months: 12 };
  return null;
}

/**
 * Validates the whole file. `existingKinds`: indicator key per kommun ("kommun\u0000key") → its kind
 * in the database, so a file cannot turn a count into a share.
 */
export function parseIndicatorCsv(
  input: string,
  kommuner: KommunName[],
  existingKinds: Map<string, "count" | "share"> = new Map(),
): IndicatorCsvResult {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const errors: IndicatorCsvError[] = [];
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const separator = /[;,]/.exec(firstLine)?.[0] === "," ? "," : ";";
  const lines = splitCsv(text, separator);
  if (lines.length === 0 || lines[0].line !== 1) {
    return {
      ok: false,
      errors: [{ line: 1, column: 0, columnName: "", key: "indicators.csv.noHeader", params: {} }],
    };
  }
  const [header, ...body] = lines;
  const index = new Map<Column, number>();
  header.cells.forEach((raw, i) => {
    const name = foldName(raw);
    const column = COLUMNS.find((c) => c === name);
    if (!column) {
      errors.push({
        line: 1,
        column: i + 1,
        columnName: raw.trim(),
        key: "indicators.csv.unknownColumn",
        params: { name: raw.trim(), columns: COLUMNS.join(separator) },
      });
    } else if (index.has(column)) {
      errors.push({
        line: 1,
        column: i + 1,
        columnName: raw.trim(),
        key: "indicators.csv.duplicateColumn",
        params: { name: raw.trim() },
      });
    } else index.set(column, i);
  });
  for (const column of COLUMNS) {
    if (column !== "n" && !index.has(column))
      errors.push({
        line: 1,
        column: 0,
        columnName: column,
        key: "indicators.csv.missingColumn",
        params: { name: column, columns: COLUMNS.join(separator) },
      });
  }
  if (errors.length > 0) return { ok: false, errors };

  const byKommun = new Map<string, KommunName>();
  for (const k of kommuner) {
    byKommun.set(kommunKey(k.id), k);
    byKommun.set(kommunKey(k.name), k);
  }
  const rows: IndicatorRow[] = [];
  const seen = new Map<string, number>();
  const kinds = new Map<string, { kind: "count" | "share"; line: number | null }>();
  for (const [k, kind] of existingKinds) kinds.set(k, { kind, line: null });

  for (const { line, cells, unclosed } of body) {
    const before = errors.length;
    const add = (column: Column | null, key: MessageKey, params: Params = {}) =>
      errors.push({
        line,
        column: column === null ? 0 : (index.get(column) ?? -1) + 1,
        columnName: column ?? "",
        key,
        params,
      });
    if (unclosed) {
      add(null, "indicators.csv.unclosedQuote");
      continue;
    }
    if (cells.length !== header.cells.length) {
      add(null, "indicators.csv.cellCount", { expected: header.cells.length, got: cells.length, separator });
      continue;
    }
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? "" : cells[i].trim();
    };
    const kommunText = cell("kommun");
    const kommun = kommunText ? byKommun.get(kommunKey(kommunText)) : undefined;
    if (!kommunText) add("kommun", "indicators.csv.empty", { column: "kommun" });
    else if (!kommun)
      add("kommun", "indicators.csv.unknownKommun", {
        text: kommunText,
        kommuner: kommuner.map((k) => k.id).join(", ") || "–",
      });
    const area = cell("omrade").replace(/\s+/g, " ");
    const indicator = cell("indikator").replace(/\s+/g, " ");
    if (!indicator) add("indikator", "indicators.csv.empty", { column: "indikator" });
    const period = parsePeriod(cell("period"));
    if (!period) add("period", "indicators.csv.badPeriod", { text: cell("period") });
    const nText = cell("n");
    let n: number | null = null;
    if (nText !== "") {
      const parsed = parseDecimal(nText);
      if (parsed === null || !Number.isInteger(parsed) || parsed < 1) add("n", "indicators.csv.badN", { text: nText });
      else n = parsed;
    }
    const valueText = cell("varde");
    const value = parseDecimal(valueText);
    if (valueText === "") add("varde", "indicators.csv.empty", { column: "varde" });
    else if (value === null) add("varde", "indicators.csv.badNumber", { text: valueText });
    else if (nText !== "" && (value < 0 || value > 100)) add("varde", "indicators.csv.badShare", { text: valueText });
    else if (nText === "" && (!Number.isInteger(value) || value < 0))
      add("varde", "indicators.csv.badCount", { text: valueText });
    else if (nText === "" && valueText.trim().endsWith("%"))
      add("varde", "indicators.csv.percentWithoutN", { text: valueText });

    if (kommun && indicator) {
      const kind = nText === "" ? "count" : "share";
      const kindKey = `${kommun.id}\u0000${foldName(indicator)}`;
      const known = kinds.get(kindKey);
      if (known && known.kind !== kind)
        add("n", known.line === null ? "indicators.csv.mixedKindDb" : "indicators.csv.mixedKind", {
          indicator,
          kind: known.kind,
          where: known.line ?? 0,
        });
      else if (!known) kinds.set(kindKey, { kind, line });
      if (period) {
        const rowKey = `${kommun.id}\u0000${foldName(area)}\u0000${foldName(indicator)}\u0000${period.period}`;
        const first = seen.get(rowKey);
        if (first !== undefined) add(null, "indicators.csv.duplicateRow", { first });
        else seen.set(rowKey, line);
      }
    }
    if (errors.length > before || !kommun || !period || value === null) continue;
    rows.push({
      line,
      kommunId: kommun.id,
      area,
      areaKey: foldName(area),
      indicator,
      key: foldName(indicator),
      period: period.period,
      firstMonth: period.firstMonth,
      months: period.months,
      value,
      n,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rows };
}

/** The errors as lines for a person: "rad 5, kolumn 4 (period): …", in file order. */
export function formatIndicatorErrors(t: Translate, errors: IndicatorCsvError[]): string[] {
  return [...errors]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map((e) => {
      const params = { ...e.params };
      if (params.kind === "count" || params.kind === "share") params.kind = t(`indicators.kind.${params.kind}`);
      const message = t(e.key, params);
      return e.column > 0
        ? t("indicators.csv.at", { line: e.line, column: e.column, name: e.columnName, message })
        : t("indicators.csv.atLine", { line: e.line, message });
    });
}
