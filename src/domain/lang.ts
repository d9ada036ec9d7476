// The languages Löftesbot speaks. One declaration: every other place takes `Lang`.
export const LANGS = ["sv", "en"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === "sv" || value === "en";
}
