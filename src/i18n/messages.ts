// A feature's own message catalogue: Swedish first, English with the same keys.
export interface Messages<K extends string> {
  sv: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const S extends Record<string, string>>(
  sv: S,
  en: Record<keyof S, string>,
): Messages<Extract<keyof S, string>> {
  return { sv, en } as Messages<Extract<keyof S, string>>;
}
