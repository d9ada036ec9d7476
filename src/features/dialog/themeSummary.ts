// Free-text answers of a medarbetardialog grouped into themes.
//
// Offline by default, no network. Words are lower-cased and split (hyphenated
// words also into their parts), Swedish stop words dropped (the stopwords-iso
// list plus chat words from policeVocabulary.ts), the rest reduced by the
// Snowball Swedish stemmer (snowball-stemmers); within one question's
// answers, stems that differ only by a short ending (torg/torget) or by one
// typo (informtion/information) are taken as one, and a compound also counts
// for the stems it ends or starts with that the answers use on their own
// (Norrdals|park). Each answer also counts for the concepts of the police
// vocabulary (policeVocabulary.ts) its words or phrases belong to: "IG",
// "larm", "resursbrist" and "underbemannat" are all "tid och bemanning".
//
// Themes are seeded by the feature (concept or stem) most uncovered answers
// share, again and again; every answer then goes to the theme whose profile
// it shares most (weighted by how rare the feature is; a concept counts
// double), a few rounds. A theme carried by a concept is named by the
// concept's label; otherwise by the words people wrote most (never a stem).
// Quotes are the members most typical of the theme. Answers sharing nothing
// with any theme are "Övrigt".
//
// With OPENAI_API_KEY or AZURE_OPENAI_* set, the grouping is asked of an LLM
// through Teams AI (prompt in prompts/summarize-dialog/); only masked text is
// sent, the reply is validated, and any error falls back to the offline summary.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { z } from "zod/v4";
import type { CoreContext } from "../../core/context.js";
import type { Lang } from "../../domain/lang.js";
import { maskPersonalData } from "../../domain/personalData.js";
import { CONCEPTS, EXTRA_STOP_WORDS, NEUTRAL } from "./policeVocabulary.js";

export interface Theme {
  /** e.g. "tid och bemanning", "torget, mopeder" */
  label: string;
  /** the features behind the label (offline): concept ids and stems */
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

const require = createRequire(import.meta.url);
// loaded on the first summary (a poll's results), not with the service: `/logga` never needs them
let stemmer: { stem(word: string): string } | undefined;
let stopWords: ReadonlySet<string> | undefined;

/** Swedish stop words: stopwords-iso's and the police vocabulary's own. */
function swedishStopWords(): ReadonlySet<string> {
  stopWords ??= new Set([...(require("stopwords-iso") as Record<string, string[]>).sv, ...EXTRA_STOP_WORDS]);
  return stopWords;
}

/** The Snowball Swedish stem of a word (lower-cased). */
export function stemSwedish(word: string): string {
  stemmer ??= (
    require("snowball-stemmers") as { newStemmer(language: string): { stem(word: string): string } }
  ).newStemmer("swedish");
  return stemmer.stem(word.toLowerCase());
}

/** Edit distance (insert, delete, substitute, swap of neighbours), stopping early above `max`. */
function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const isNeutral = (word: string) => NEUTRAL.some((n) => word.startsWith(n));

/** Whether a word (or, for a term with a space, the answer's text) belongs to a vocabulary term. */
function matchesTerm(term: string, word: string): boolean {
  if (term.length <= 3) return word === term;
  if (word.includes(term)) return true;
  if (term.length < 6 || word.length < term.length - 1) return false;
  for (let len = term.length - 1; len <= term.length + 1; len++)
    if (editDistance(term, word.slice(0, len)) <= 1) return true;
  return false;
}

/** The concepts of the police vocabulary an answer's words and phrases belong to. */
export function conceptsOf(text: string): string[] {
  const flat = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}-]+/gu, " ")} `;
  const tokens = tokenize(text, false).filter((w) => !isNeutral(w));
  const found: string[] = [];
  for (const concept of CONCEPTS) {
    const hit = concept.terms.some((term) =>
      term.includes(" ") ? flat.includes(` ${term}`) : tokens.some((w) => matchesTerm(term, w)),
    );
    if (hit) found.push(concept.id);
  }
  return found;
}

/** Lower-cased words of an answer, hyphenated words also as their parts; stop words dropped when asked. */
function tokenize(text: string, dropStopWords = true): string[] {
  const out: string[] = [];
  const raw = text
    .toLowerCase()
    .replace(/\[(personnummer|regnummer)\]/g, " ")
    .split(/[^\p{L}\p{N}-]+/u);
  for (const token of raw) {
    const word = token.replace(/^-+|-+$/g, "");
    if (word.length < 2 || /^\d+$/.test(word)) continue;
    const parts = word.includes("-") ? [word, ...word.split("-").filter((p) => p.length >= 2)] : [word];
    for (const p of parts) if (!dropStopWords || !swedishStopWords().has(p)) out.push(p);
  }
  return out;
}

interface Doc {
  index: number;
  text: string;
  /** feature → weight: "c:<concept>" and "s:<stem>" */
  features: Map<string, number>;
}

const CONCEPT_WEIGHT = 2;
/** Endings the Snowball stemmer leaves on (torget, skolan): a stem plus one of them is the same word. */
const ENDINGS = new Set(["a", "e", "n", "t", "en", "et", "an", "ar", "er", "or", "na", "s"]);
const conceptLabel = new Map(CONCEPTS.map((c) => [`c:${c.id}`, c.label]));

/** The features of each answer, with the words people wrote behind each stem (for labels). */
function analyse(texts: string[]): { docs: Doc[]; surfaces: Map<string, Map<string, number>> } {
  const raw = texts.map((text) =>
    tokenize(text)
      .filter((w) => !isNeutral(w) && !w.includes("-"))
      .map((word) => ({ word, stem: stemSwedish(word) })),
  );
  // one stem for forms that differ by a short ending or a typo, within these answers
  const frequency = new Map<string, number>();
  for (const t of raw.flat()) frequency.set(t.stem, (frequency.get(t.stem) ?? 0) + 1);
  const vocabulary = [...frequency.keys()].sort(
    (a, b) => a.length - b.length || (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) || a.localeCompare(b),
  );
  const canonical = new Map<string, string>();
  for (const stem of vocabulary) {
    const base = vocabulary.find(
      (other) =>
        other !== stem &&
        canonical.get(other) === other &&
        ((other.length >= 3 && stem.startsWith(other) && ENDINGS.has(stem.slice(other.length))) ||
          (other.length >= 5 &&
            stem.length >= 6 &&
            (frequency.get(other) ?? 0) >= (frequency.get(stem) ?? 0) &&
            editDistance(other, stem) <= 1)),
    );
    canonical.set(stem, base ?? stem);
  }
  const standalone = new Set(raw.flat().map((t) => canonical.get(t.stem) ?? t.stem));
  const surfaces = new Map<string, Map<string, number>>();
  const note = (stem: string, word: string) => {
    const forms = surfaces.get(stem) ?? new Map<string, number>();
    forms.set(word, (forms.get(word) ?? 0) + 1);
    surfaces.set(stem, forms);
  };
  const docs = raw.map((tokens, index): Doc => {
    const features = new Map<string, number>();
    for (const { word, stem: s } of tokens) {
      const stem = canonical.get(s) ?? s;
      features.set(`s:${stem}`, 1);
      note(stem, word);
      for (const part of standalone) {
        if (part === stem || part.length < 4) continue;
        // the head of a compound: Norrdals|park, fredags|kväll
        if (stem.endsWith(part) && stem.length - part.length >= 3) features.set(`s:${part}`, 1);
        // the first part: skol|gård, narkotika|försäljning
        else if (stem.startsWith(part)) {
          let rest = stem.slice(part.length);
          if (/^[aeos]/.test(rest) && rest.length - 1 >= 6) rest = rest.slice(1);
          else if (rest.startsWith("s")) rest = rest.slice(1);
          if (rest.length >= 4 && /^[^aeiouyåäö]/.test(rest)) features.set(`s:${part}`, 1);
        }
      }
    }
    for (const concept of conceptsOf(texts[index])) features.set(`c:${concept}`, CONCEPT_WEIGHT);
    return { index, text: texts[index], features };
  });
  return { docs, surfaces };
}

function display(feature: string, surfaces: Map<string, Map<string, number>>): string {
  const concept = conceptLabel.get(feature);
  if (concept) return concept;
  const stem = feature.slice(2);
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
  const withFeatures = docs.filter((d) => d.features.size > 0);
  const n = withFeatures.length;
  const df = new Map<string, number>();
  for (const d of withFeatures) for (const f of d.features.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const idf = (f: string) => Math.log(1 + n / (df.get(f) ?? 1));
  // a word in nearly every answer names no theme ("arbete" in answers about work); a concept may
  const general = (f: string) => f.startsWith("s:") && n >= 10 && (df.get(f) ?? 0) > n * 0.5;

  // 1. seeds: the feature most uncovered answers share, again and again
  const seeds: string[] = [];
  const covered = new Set<number>();
  while (seeds.length < maxThemes) {
    const counts = new Map<string, number>();
    for (const d of withFeatures) {
      if (covered.has(d.index)) continue;
      for (const f of d.features.keys()) if (!general(f) && !seeds.includes(f)) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const best = [...counts.entries()]
      .filter(([, c]) => c >= minSize)
      .sort(
        (a, b) =>
          b[1] - a[1] ||
          Number(b[0].startsWith("c:")) - Number(a[0].startsWith("c:")) ||
          (df.get(b[0]) ?? 0) - (df.get(a[0]) ?? 0) ||
          b[0].length - a[0].length ||
          a[0].localeCompare(b[0]),
      )[0];
    if (!best) break;
    seeds.push(best[0]);
    for (const d of withFeatures) if (d.features.has(best[0])) covered.add(d.index);
  }
  if (seeds.length === 0) return { themes: [], other: texts.length, source: "offline" };

  // 2. assignment: each answer to the theme whose profile it shares most, a few rounds
  const score = (d: Doc, profile: Map<string, number>) => {
    let sum = 0;
    for (const [f, w] of d.features) sum += (profile.get(f) ?? 0) * w * idf(f);
    return sum;
  };
  let profiles: Map<string, number>[] = seeds.map((s) => new Map([[s, 1]]));
  let assignment = new Map<number, number>();
  for (let round = 0; round < 6; round++) {
    const next = new Map<number, number>();
    for (const d of withFeatures) {
      let bestTheme = -1;
      let bestScore = 0;
      profiles.forEach((profile, t) => {
        const s = score(d, profile);
        if (s > bestScore + 1e-9) {
          bestScore = s;
          bestTheme = t;
        }
      });
      if (bestTheme >= 0) next.set(d.index, bestTheme);
    }
    const stable = next.size === assignment.size && [...next].every(([i, t]) => assignment.get(i) === t);
    assignment = next;
    profiles = seeds.map((seed, t) => {
      const members = withFeatures.filter((d) => assignment.get(d.index) === t);
      const profile = new Map<string, number>();
      for (const d of members)
        for (const f of d.features.keys()) if (!general(f)) profile.set(f, (profile.get(f) ?? 0) + 1 / members.length);
      // the seed keeps its theme together while members come and go
      profile.set(seed, Math.max(profile.get(seed) ?? 0, 1));
      return profile;
    });
    if (stable) break;
  }

  // 3. groups of answers; themes split only by their second words while every
  // answer shares a word too common to seed ("Brist på tid" / "Tiden räcker
  // inte") are one theme
  let groups: Doc[][] = profiles
    .map((_, t) => withFeatures.filter((d) => assignment.get(d.index) === t))
    .filter((members) => members.length >= minSize);
  const commonFeatures = [...df.keys()].filter(general).sort((a, b) => (df.get(b) ?? 0) - (df.get(a) ?? 0));
  for (const f of commonFeatures) {
    const sharing = groups.filter((members) => members.every((d) => d.features.has(f)));
    if (sharing.length < 2) continue;
    groups = [...groups.filter((g) => !sharing.includes(g)), sharing.flat()];
  }

  // 4. themes: label from the strongest features, quotes from the most typical answers
  const themes: Theme[] = groups.map((members) => {
    const profile = new Map<string, number>();
    for (const d of members)
      for (const f of d.features.keys()) profile.set(f, (profile.get(f) ?? 0) + 1 / members.length);
    const ranked = [...profile.entries()].sort(
      (a, b) =>
        b[1] - a[1] ||
        Number(b[0].startsWith("c:")) - Number(a[0].startsWith("c:")) ||
        (df.get(a[0]) ?? 0) - (df.get(b[0]) ?? 0) ||
        a[0].localeCompare(b[0]),
    );
    const lead = ranked.find(([f]) => f.startsWith("c:") && profile.get(f)! >= 0.5) ?? ranked[0];
    const keywords = [lead[0], ...ranked.filter(([f, w]) => f !== lead[0] && w > 0.5).map(([f]) => f)].slice(0, 3);
    // a concept's label says it all; a theme of words gets its two strongest words
    // and a place or thing most of its answers name ("buskörning och trafik, torget")
    const words = ranked
      .filter(([f, w]) => f.startsWith("s:") && w >= 0.6)
      .map(([f]) => f)
      .filter((f) => !conceptsOf(display(f, surfaces)).includes(lead[0].slice(2)));
    const labelled = lead[0].startsWith("c:")
      ? [lead[0], ...words.slice(0, 1)]
      : words.length
        ? words.slice(0, 2)
        : [lead[0]];
    const typical = members
      .map((d) => ({ d, score: score(d, profile) / Math.sqrt(d.features.size) }))
      .sort((a, b) => b.score - a.score || a.d.text.length - b.d.text.length);
    return {
      label: [...new Set(labelled.map((f) => display(f, surfaces)))].join(", "),
      keywords: keywords.map((f) => f.slice(2)),
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
