// What every feature knows of an activity: the unit it is measured in and how
// an activity's words (codes, aliases, names, kommun names) are compared.
// Pure functions, no imports: normalizeWord("Åsby!") === "asby" everywhere.

export type Unit = "timmar" | "tillfällen";

const ASCII = /^[\x00-\x7f]*$/;

/** The string without diacritics (å→a, ä→a, ö→o, é→e); case and punctuation kept. */
export function stripDiacritics(s: string): string {
  if (ASCII.test(s)) return s; // no marks to strip, and already in every normal form
  return s.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
}

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

function isLetterOrNumber(codePoint: number): boolean {
  if (codePoint < 0x80) {
    return (
      (codePoint >= 0x30 && codePoint <= 0x39) ||
      (codePoint >= 0x41 && codePoint <= 0x5a) ||
      (codePoint >= 0x61 && codePoint <= 0x7a)
    );
  }
  return LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint));
}

/**
 * Lower case, without diacritics (å→a, ä→a, ö→o, é→e), without punctuation at
 * the ends. Linear in the length of `s` (a regular expression for the
 * trailing part backtracks quadratically on "a!!!…!b").
 */
export function normalizeWord(s: string): string {
  const folded = stripDiacritics((ASCII.test(s) ? s : s.normalize("NFC")).toLowerCase());
  let start = 0;
  while (start < folded.length) {
    const codePoint = folded.codePointAt(start) as number;
    if (isLetterOrNumber(codePoint)) break;
    start += codePoint > 0xffff ? 2 : 1;
  }
  let end = folded.length;
  while (end > start) {
    // the last code point before `end` (two UTF-16 units when it is a surrogate pair)
    const low = folded.charCodeAt(end - 1);
    const high = end - 2 >= start ? folded.charCodeAt(end - 2) : 0;
    const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? 2 : 1;
    if (isLetterOrNumber(folded.codePointAt(end - pair) as number)) break;
    end -= pair;
  }
  return start === 0 && end === folded.length ? folded : folded.slice(start, end);
}
