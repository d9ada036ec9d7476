// Free-text answers of a medarbetardialog grouped into themes.
//
// Offline by default, no network: words are lower-cased, Swedish stop words
// dropped, the rest reduced to stems by a light Swedish stemmer (common
// endings: -erna, -arna, -orna, -en, -et, -ar, -er, -or, -na, -ande, …), with
// compounds split on stems the answers themselves use (Norrdalsparken → park)
// and a few police-work synonyms (knark → narkotika, moppe → moped). Themes
// are seeded by the stem most answers share, then the next among the answers
// not yet covered, and so on; every answer then goes to the theme whose stems
// it shares most (weighted by how rare the stems are), a few rounds. A theme
// is named by its most frequent stems (shown as the word people wrote) and
// shown with representative quotes.
//
// With OPENAI_API_KEY or AZURE_OPENAI_* set, the grouping is asked of an LLM
// through Teams AI (prompt in prompts/summarize-dialog/); only masked text is
// sent, and any error falls back to the offline summary.
import type { Lang } from "../../domain/lang.js";
import { fileURLToPath } from "node:url";
import { z } from "zod/v4";
import { maskPersonalData } from "../../domain/personalData.js";
import type { CoreContext } from "../../core/context.js";

export interface Theme {
  /** e.g. "torget, mopeder" */
  label: string;
  /** the stems behind the label (offline) */
  keywords: string[];
  /** how many answers belong to it */
  count: number;
  /** indexes into the answers given */
  members: number[];
  /** up to two representative answers (masked) */
  quotes: string[];
}

export interface ThemeSummary {
  themes: Theme[];
  /** answers in no theme */
  other: number;
  source: "offline" | "ai";
}

// biome-ignore format: a word list reads best packed
export const SWEDISH_STOP_WORDS = new Set([
  "och", "i", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte",
  "om", "ett", "han", "men", "var", "jag", "sig", "från", "vi", "så", "kan", "man", "när", "år", "hon",
  "under", "också", "efter", "eller", "nu", "sin", "där", "vid", "mot", "ska", "skulle", "kommer", "ut",
  "får", "finns", "vara", "hade", "alla", "andra", "mycket", "än", "här", "då", "sedan", "över", "bara",
  "in", "blir", "upp", "även", "vad", "få", "två", "vill", "ha", "många", "hur", "mer", "går", "detta",
  "denna", "dessa", "hans", "hennes", "utan", "sina", "något", "några", "någon", "dem", "deras", "min",
  "mitt", "mina", "vår", "våra", "vårt", "er", "ert", "era", "dig", "mig", "oss", "honom", "henne", "dom",
  "du", "ni", "vilka", "vilken", "vilket", "inget", "ingen", "inga", "hela", "helt", "lite", "väl", "gör",
  "göra", "gjort", "gjorde", "bli", "blev", "varit", "vore", "sådan", "sådana", "samma", "just", "redan",
  "ännu", "alltid", "ofta", "aldrig", "dock", "ju", "nog", "bör", "borde", "måste", "behöver", "behövs",
  "tycker", "tror", "känns", "kanske", "typ", "liksom", "fram", "ner", "igen", "hos", "genom", "mellan",
  "både", "varje", "annat", "annan", "sätt", "sak", "saker", "del", "delar", "väldigt", "jätte", "ganska",
  "rätt", "bra", "dålig", "dåligt", "dåliga", "stor", "stora", "stort", "större", "liten", "litet", "små",
  "mest", "mindre", "fler", "flera", "först", "sist", "finns", "fanns", "sitt", "sina", "dess", "vems",
  "därför", "eftersom", "medan", "innan", "utanför", "inför", "nära", "runt", "längs", "bland", "kring",
  "åt", "ur", "emot", "enligt", "pga", "tex", "osv", "etc", "dvs", "bl", "a", "t", "ex", "ok", "nej", "ja",
  "också", "skall", "kunna", "kunde", "fått", "får", "tar", "ta", "tog", "ge", "ger", "gav", "sker",
  "hänt", "händer", "vet", "veta", "säga", "säger", "sagt", "se", "ser", "sett", "folk", "polisen", "vissa",
  "the", "and", "of", "to", "in", "is", "are", "we", "it", "that", "for", "on", "with", "too", "not", "no",
]);

// Longest first; a stem keeps at least three letters.
// biome-ignore format: a suffix list reads best packed
const SUFFIXES = [
  "heterna", "hetens", "arnas", "ernas", "ornas", "anden", "heten", "heter", "andes", "arens", "andet",
  "arna", "erna", "orna", "ande", "arne", "aste", "aren", "ades", "erns", "ade", "are", "ern", "ens",
  "het", "ast", "en", "ar", "er", "or", "as", "es", "ad", "an", "et", "na", "a", "e", "s",
];

/** A light Swedish stemmer: strips the longest common ending, keeping at least three letters. */
export function stemSwedish(word: string): string {
  const w = word.toLowerCase();
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      const stem = w.slice(0, -suffix.length);
      // "s" only after a consonant that can end a word in the genitive (not "hus" → "hu")
      if (suffix === "s" && !/[bcdfghjklmnpqrtvwxz]$/.test(stem)) continue;
      return stem;
    }
  }
  return w;
}

/** Police-work words with many spellings: a word starting with the root also counts as the stem. */
const SYNONYM_ROOTS: [RegExp, string][] = [
  [/^(knark|narkotik|drog|langn|langa|hasch|cannabis|kokain)/, "narkotik"],
  [/^(moped|mopp|epa|epor|a-traktor|mc|motorcykl|crossmotorcykl)/, "moped"],
  [/^(lamp|gatlamp|gatlykt|gatubelysning|belysning|ljus)/, "belysning"],
  [/^mörk/, "mörk"],
  [/^(tidsbrist|tidsbrå)/, "tid"],
  [/^(bemanning|personalbrist|underbemann)/, "bemanning"],
];

/** How a stem is shown in a label when the answers' own words are not clear. */
const DISPLAY: Record<string, string> = {
  narkotik: "narkotika",
  moped: "mopeder",
  belysning: "belysning",
  mörk: "mörker",
};

interface Doc {
  index: number;
  text: string;
  stems: Set<string>;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\[(personnummer|regnummer)\]/g, " ")
    .split(/[^\p{L}\p{N}-]+/u)
    .map((w) => w.replace(/^-+|-+$/g, ""))
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w) && !SWEDISH_STOP_WORDS.has(w));
}

/** The stems of each answer, with the surface words behind each stem (for labels). */
function analyse(texts: string[]): { docs: Doc[]; surfaces: Map<string, Map<string, number>> } {
  const surfaces = new Map<string, Map<string, number>>();
  const note = (stem: string, word: string) => {
    const forms = surfaces.get(stem) ?? new Map<string, number>();
    forms.set(word, (forms.get(word) ?? 0) + 1);
    surfaces.set(stem, forms);
  };
  const raw = texts.map((text) => words(text).map((w) => ({ word: w, stem: stemSwedish(w) })));
  // stems people used as words of their own: the parts compounds are split into
  const standalone = new Set(raw.flat().map((t) => t.stem));
  const docs = raw.map((tokens, index): Doc => {
    const stems = new Set<string>();
    for (const { word, stem } of tokens) {
      stems.add(stem);
      note(stem, word);
      for (const [pattern, root] of SYNONYM_ROOTS) {
        if (pattern.test(word)) {
          stems.add(root);
          note(root, DISPLAY[root] ?? word);
        }
      }
      for (const part of standalone) {
        if (part === stem || part.length < 4) continue;
        // the head of a compound: Norrdals|park, fredags|kväll
        if (stem.endsWith(part) && stem.length - part.length >= 3) stems.add(part);
        // the first part: skol|gård, narkotika|försäljning
        else if (stem.startsWith(part)) {
          let rest = stem.slice(part.length);
          if (/^[aeos]/.test(rest) && rest.length - 1 >= 6) rest = rest.slice(1);
          else if (rest.startsWith("s")) rest = rest.slice(1);
          if (rest.length >= 4 && /^[^aeiouyåäö]/.test(rest)) stems.add(part);
        }
      }
    }
    return { index, text: texts[index], stems };
  });
  return { docs, surfaces };
}

function display(stem: string, surfaces: Map<string, Map<string, number>>): string {
  if (DISPLAY[stem]) return DISPLAY[stem];
  const forms = [...(surfaces.get(stem) ?? new Map<string, number>()).entries()].sort(
    (a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]),
  );
  return forms[0]?.[0] ?? stem;
}

export interface OfflineOptions {
  maxThemes?: number;
  /** the fewest answers a theme needs */
  minSize?: number;
}

/** The offline theme summary (see the file comment). `texts` should already be masked. */
export function offlineThemes(texts: string[], options: OfflineOptions = {}): ThemeSummary {
  const maxThemes = options.maxThemes ?? 6;
  const minSize = options.minSize ?? 2;
  const { docs, surfaces } = analyse(texts);
  const withStems = docs.filter((d) => d.stems.size > 0);
  const n = withStems.length;
  const df = new Map<string, number>();
  for (const d of withStems) for (const s of d.stems) df.set(s, (df.get(s) ?? 0) + 1);
  const idf = (s: string) => Math.log(1 + n / (df.get(s) ?? 1));
  // a stem in nearly every answer names no theme ("arbete" in answers about work)
  const general = (s: string) => n >= 10 && (df.get(s) ?? 0) > n * 0.5;

  // 1. seeds: the stem most uncovered answers share, again and again
  const seeds: string[] = [];
  const covered = new Set<number>();
  while (seeds.length < maxThemes) {
    const counts = new Map<string, number>();
    for (const d of withStems) {
      if (covered.has(d.index)) continue;
      for (const s of d.stems) if (!general(s) && !seeds.includes(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const best = [...counts.entries()]
      .filter(([, c]) => c >= minSize)
      .sort(
        (a, b) =>
          b[1] - a[1] ||
          (df.get(b[0]) ?? 0) - (df.get(a[0]) ?? 0) ||
          b[0].length - a[0].length ||
          a[0].localeCompare(b[0]),
      )[0];
    if (!best) break;
    seeds.push(best[0]);
    for (const d of withStems) if (d.stems.has(best[0])) covered.add(d.index);
  }
  if (seeds.length === 0) return { themes: [], other: texts.length, source: "offline" };

  // 2. assignment: each answer to the theme whose profile it shares most, a few rounds
  let profiles: Map<string, number>[] = seeds.map((s) => new Map([[s, 1]]));
  let assignment = new Map<number, number>();
  for (let round = 0; round < 5; round++) {
    const next = new Map<number, number>();
    for (const d of withStems) {
      let bestTheme = -1;
      let bestScore = 0;
      profiles.forEach((profile, t) => {
        let score = 0;
        for (const s of d.stems) score += (profile.get(s) ?? 0) * idf(s);
        if (score > bestScore + 1e-9) {
          bestScore = score;
          bestTheme = t;
        }
      });
      if (bestTheme >= 0) next.set(d.index, bestTheme);
    }
    const stable = next.size === assignment.size && [...next].every(([i, t]) => assignment.get(i) === t);
    assignment = next;
    profiles = seeds.map((_, t) => {
      const members = withStems.filter((d) => assignment.get(d.index) === t);
      const profile = new Map<string, number>();
      for (const d of members)
        for (const s of d.stems) if (!general(s)) profile.set(s, (profile.get(s) ?? 0) + 1 / members.length);
      return profile;
    });
    if (stable) break;
  }

  // 3. groups of answers; themes split only by their second words while every
  // answer shares a word too common to seed ("Brist på tid" / "Tiden räcker
  // inte") are one theme
  let groups: Doc[][] = profiles
    .map((_, t) => withStems.filter((d) => assignment.get(d.index) === t))
    .filter((members) => members.length >= minSize);
  const commonStems = [...df.keys()].filter(general).sort((a, b) => (df.get(b) ?? 0) - (df.get(a) ?? 0));
  for (const stem of commonStems) {
    const sharing = groups.filter((members) => members.every((d) => d.stems.has(stem)));
    if (sharing.length < 2) continue;
    groups = [...groups.filter((g) => !sharing.includes(g)), sharing.flat()];
  }

  // 4. themes: label from the strongest stems, quotes from the most typical answers
  const themes: Theme[] = groups.map((members) => {
    const profile = new Map<string, number>();
    for (const d of members) for (const s of d.stems) profile.set(s, (profile.get(s) ?? 0) + 1 / members.length);
    const ranked = [...profile.entries()].sort(
      (a, b) => b[1] - a[1] || (df.get(a[0]) ?? 0) - (df.get(b[0]) ?? 0) || a[0].localeCompare(b[0]),
    );
    const keywords = [
      ranked[0][0],
      ...ranked
        .slice(1)
        .filter(([, w]) => w > 0.5)
        .map(([s]) => s),
    ].slice(0, 3);
    const typical = members
      .map((d) => ({
        d,
        score: [...d.stems].reduce((sum, s) => sum + (profile.get(s) ?? 0) * idf(s), 0) / Math.sqrt(d.stems.size),
      }))
      .sort((a, b) => b.score - a.score || a.d.text.length - b.d.text.length);
    return {
      label: keywords
        .slice(0, 2)
        .map((s) => display(s, surfaces))
        .join(", "),
      keywords,
      count: members.length,
      members: members.map((d) => d.index).sort((a, b) => a - b),
      quotes: typical.slice(0, 2).map(({ d }) => shorten(d.text, 200)),
    };
  });
  themes.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const inThemes = themes.reduce((sum, th) => sum + th.count, 0);
  return { themes, other: texts.length - inThemes, source: "offline" };
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

// ------------------------------------------------------------------ LLM

export const PROMPTS_FOLDER = fileURLToPath(new URL("../../../prompts", import.meta.url));
export const SUMMARIZE_PROMPT = "summarize-dialog";

/** The Memory Teams AI reads prompt variables from ({{$answers}} → temp.answers). */
class PromptMemory {
  private values = new Map<string, unknown>();
  constructor(initial: Record<string, unknown>) {
    for (const [k, v] of Object.entries(initial)) this.values.set(`temp.${k}`, v);
  }
  private key(path: string): string {
    return path.includes(".") ? path : `temp.${path}`;
  }
  deleteValue(path: string): void {
    this.values.delete(this.key(path));
  }
  hasValue(path: string): boolean {
    return this.values.has(this.key(path));
  }
  getValue<T = unknown>(path: string): T {
    return this.values.get(this.key(path)) as T;
  }
  setValue(path: string, value: unknown): void {
    this.values.set(this.key(path), value);
  }
}

/** The AI settings of the core; `openAiEndpoint` points the OpenAI client elsewhere (a proxy, a test). */
export type AiSettings = NonNullable<CoreContext["ai"]> & { openAiEndpoint?: string };

/** The model's answer: `{"themes": [{"label": "…", "answers": [1, 3]}, …]}`; a theme that does not fit is skipped. */
const llmReply = z.object({ themes: z.array(z.unknown()) });
const llmTheme = z.object({ label: z.string(), answers: z.array(z.unknown()) });

/** Asks the configured LLM (through Teams AI's ActionPlanner) to group masked answers; throws on any problem. */
export async function llmThemes(ai: AiSettings, texts: string[], lang: Lang, maxThemes = 6): Promise<ThemeSummary> {
  const teamsAi = await import("@microsoft/teams-ai");
  const clientOptions = { maxRetries: 1, timeout: 30_000 };
  const model =
    ai.azureKey && ai.azureEndpoint
      ? new teamsAi.OpenAIModel({
          azureApiKey: ai.azureKey,
          azureEndpoint: ai.azureEndpoint,
          azureDefaultDeployment: ai.azureDeployment ?? "gpt-4o-mini",
          clientOptions,
        })
      : new teamsAi.OpenAIModel({
          apiKey: ai.openAiKey ?? "",
          defaultModel: "gpt-4o-mini",
          endpoint: ai.openAiEndpoint,
          clientOptions,
        });
  const prompts = new teamsAi.PromptManager({ promptsFolder: PROMPTS_FOLDER });
  const planner = new teamsAi.ActionPlanner({ model, prompts, defaultPrompt: SUMMARIZE_PROMPT });
  // only masked text leaves the service, however it was stored
  const masked = texts.map((t) => shorten(maskPersonalData(t).text, 500));
  const memory = new PromptMemory({
    answers: masked.map((t, i) => `${i + 1}. ${t}`).join("\n"),
    language: lang === "sv" ? "svenska" : "English",
    maxThemes: String(maxThemes),
  });
  // Teams AI wants a TurnContext; rendering this prompt never reads it
  const context = {} as Parameters<typeof planner.completePrompt>[0];
  const response = await planner.completePrompt(context, memory, SUMMARIZE_PROMPT);
  if (response.status !== "success") throw new Error(`AI summary ${response.status}: ${String(response.error ?? "")}`);
  const content = String(response.message?.content ?? "");
  const json = llmReply.safeParse(JSON.parse(content.slice(content.indexOf("{"), content.lastIndexOf("}") + 1)));
  if (!json.success) throw new Error("AI summary: no themes");
  const used = new Set<number>();
  const themes: Theme[] = [];
  for (const item of json.data.themes.slice(0, maxThemes)) {
    const parsed = llmTheme.safeParse(item);
    if (!parsed.success) continue;
    const theme = parsed.data;
    const members = theme.answers
      .map((a) => Number(a) - 1)
      .filter((i) => Number.isInteger(i) && i >= 0 && i < masked.length && !used.has(i));
    if (members.length === 0) continue;
    for (const i of members) used.add(i);
    themes.push({
      label: shorten(maskPersonalData(theme.label).text, 80),
      keywords: [],
      count: members.length,
      members,
      // quotes are the answers themselves, never text the model wrote
      quotes: members.slice(0, 2).map((i) => shorten(masked[i], 200)),
    });
  }
  if (themes.length === 0) throw new Error("AI summary: no usable themes");
  themes.sort((a, b) => b.count - a.count);
  return { themes, other: texts.length - used.size, source: "ai" };
}

/** Themes of free-text answers: by the LLM when configured, else (or on any error) offline. */
export async function summarizeThemes(ctx: CoreContext, texts: string[], lang: Lang): Promise<ThemeSummary> {
  const answers = texts.filter((t) => t.trim() !== "");
  if (answers.length === 0) return { themes: [], other: 0, source: "offline" };
  if (ctx.ai && (ctx.ai.openAiKey || (ctx.ai.azureKey && ctx.ai.azureEndpoint))) {
    try {
      return await llmThemes(ctx.ai, answers, lang);
    } catch (error) {
      ctx.logger.warn(
        { event: "poll.summary.ai_failed", reason: error instanceof Error ? error.message : String(error) },
        "AI summary failed; using the offline summary",
      );
    }
  }
  return offlineThemes(answers);
}
