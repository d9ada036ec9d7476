// All message catalogues: the core's (sv.ts, en.ts) and each feature's.
// A feature adds its catalogue to the list below.
import type { Lang } from "../domain/lang.js";
import { dialogMessages } from "../features/dialog/messages.js";
import { digestMessages } from "../features/digest/messages.js";
import { en as coreEn } from "./en.js";
import { followUpMessages, qualityMessages } from "../features/followup/messages.js";
import { indicatorMessages } from "../features/indicators/messages.js";
import { promiseMessages } from "../features/promises/messages.js";
import { sv as coreSv } from "./sv.js";
import { weeklyStatusMessages } from "../features/status/messages.js";

const featureCatalogues = [
  weeklyStatusMessages,
  promiseMessages,
  dialogMessages,
  followUpMessages,
  indicatorMessages,
  qualityMessages,
  digestMessages,
] as const;

// distributive over the catalogues: with two or more, a plain `extends … infer K` would infer `never`
type KeysOf<C> = C extends { sv: Record<infer K, string> } ? K : never;
type FeatureKeys = KeysOf<(typeof featureCatalogues)[number]>;
export type MessageKey = keyof typeof coreSv | FeatureKeys;

function merge(lang: Lang): Record<MessageKey, string> {
  const merged: Record<string, string> = { ...(lang === "sv" ? coreSv : coreEn) };
  for (const catalogue of featureCatalogues as readonly { sv: Record<string, string>; en: Record<string, string> }[]) {
    Object.assign(merged, catalogue[lang]);
  }
  return merged as Record<MessageKey, string>;
}

export const catalogues: Record<Lang, Record<MessageKey, string>> = { sv: merge("sv"), en: merge("en") };
