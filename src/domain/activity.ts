// What every feature knows of an activity: the unit it is measured in and how
// an activity's words (codes, aliases, names, kommun names) are compared.
// Pure functions, no imports: normalizeWord("Åsby!") === "asby" everywhere.

export type Unit = "timmar" | "tillfällen";

/** The string without diacritics (å→a, ä→a, ö→o, é→e); case and punctuation kept. */
export function stripDiacritics(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
}

/** Lower case, without diacritics (å→a, ä→a, ö→o, é→e), without punctuation at the ends. */
export function normalizeWord(s: string): string {
  return stripDiacritics(s.normalize("NFC").toLowerCase()).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}
