import type { Lang } from "../../domain/lang.js";
// The questions of a medarbetardialog: the four kinds, the standard vad and
// hur templates (Swedish and English), and the one-question-per-line syntax
// for own questions typed in a form:
//
//   skala: Hur trygg känner du dig på Torget?
//   val: Vilket pass passar bäst? | Dag | Kväll | Natt
//   flera: Vilka platser är otrygga? | Torget | Parken | Stationen
//   fritext: Vad borde vi göra först?
//
// A line without a prefix is a free-text question, or a single choice when it
// has alternatives after `|`. In the console (one line per answer) questions
// may be separated by `;` before a prefix.

export type QuestionKind = "single" | "multi" | "scale" | "text";

export interface QuestionSpec {
  kind: QuestionKind;
  text: string;
  /** the alternatives of a single or multiple choice; empty otherwise */
  options: string[];
}

export const MAX_QUESTIONS = 5;
export const MAX_OPTIONS = 10;
export const MAX_QUESTION_LENGTH = 200;
export const MAX_OPTION_LENGTH = 60;
/** the values of a 1–5 scale, stored as text */
export const SCALE_VALUES = ["1", "2", "3", "4", "5"] as const;

export type TemplateId = "standard-vad" | "standard-hur";
export const TEMPLATE_IDS: TemplateId[] = ["standard-vad", "standard-hur"];

const q = (kind: QuestionKind, text: string, options: string[] = []): QuestionSpec => ({ kind, text, options });

/** The standard polls, the same questions in both languages (index by index). */
export const POLL_TEMPLATES: Record<TemplateId, Record<Lang, QuestionSpec[]>> = {
  "standard-vad": {
    sv: [
      q("multi", "Vilka problem ser du oftast i området som löftet gäller?", [
        "Narkotika",
        "Buskörning och trafik",
        "Stök och ordningsstörningar",
        "Skadegörelse och klotter",
        "Otrygga platser (mörker, buskage)",
        "Annat",
      ]),
      q("scale", "Hur stort är problemet med otrygghet i området i dag? (1 = litet, 5 = mycket stort)"),
      q("text", "Vilket problem borde vi ta tag i först – och var och när märks det?"),
      q("text", "Vad hindrar dig i dag från att arbeta med medborgarlöftet?"),
    ],
    en: [
      q("multi", "Which problems do you see most often in the area the promise concerns?", [
        "Drugs",
        "Reckless driving and traffic",
        "Disorder and disturbances",
        "Vandalism and graffiti",
        "Unsafe places (darkness, bushes)",
        "Other",
      ]),
      q("scale", "How big is the problem of insecurity in the area today? (1 = small, 5 = very big)"),
      q("text", "Which problem should we tackle first – and where and when is it noticeable?"),
      q("text", "What keeps you from working on the citizen promise today?"),
    ],
  },
  "standard-hur": {
    sv: [
      q("single", "Vilket arbetssätt tror du gör mest nytta?", [
        "Synlig närvaro till fots",
        "Riktade kontroller",
        "Samverkan med kommun, skola och föreningar",
        "Dialog med boende och näringsidkare",
        "Annat",
      ]),
      q("scale", "Hur väl kan du arbeta med löftet under dina pass i dag? (1 = inte alls, 5 = mycket väl)"),
      q("text", "Hur skulle du vilja arbeta med problemet? Ge gärna ett konkret förslag."),
      q("text", "Vad behöver du för att kunna göra det – tid, resurser eller stöd?"),
    ],
    en: [
      q("single", "Which way of working do you think helps most?", [
        "Visible presence on foot",
        "Targeted checks",
        "Cooperation with the municipality, schools and clubs",
        "Dialogue with residents and businesses",
        "Other",
      ]),
      q("scale", "How well can you work on the promise during your shifts today? (1 = not at all, 5 = very well)"),
      q("text", "How would you like to work on the problem? A concrete suggestion is welcome."),
      q("text", "What do you need to be able to do it – time, resources or support?"),
    ],
  },
};

/** The first question of a hur-dialog seeded from the themes of a closed vad-dialog. */
export function seededQuestion(lang: Lang, vadTitle: string, themes: string[]): QuestionSpec {
  const text =
    lang === "sv"
      ? `Vilka av problemen från vad-dialogen «${vadTitle}» ska vi arbeta med först?`
      : `Which of the problems from the vad dialogue «${vadTitle}» should we work on first?`;
  return q("multi", text.slice(0, MAX_QUESTION_LENGTH), themes.slice(0, MAX_OPTIONS));
}

export function templateQuestions(id: TemplateId, lang: Lang, max = MAX_QUESTIONS): QuestionSpec[] {
  return POLL_TEMPLATES[id][lang].slice(0, max).map((x) => ({ ...x, options: [...x.options] }));
}

/**
 * A stored question in the reader's language: a question of a standard
 * template is shown in `lang` (options by position, so stored answers map
 * back); any other question as it was written.
 */
export function localizeQuestion(question: QuestionSpec, lang: Lang): QuestionSpec {
  for (const id of TEMPLATE_IDS) {
    for (const from of ["sv", "en"] as const) {
      const index = POLL_TEMPLATES[id][from].findIndex((t) => t.text === question.text && t.kind === question.kind);
      if (index < 0) continue;
      const source = POLL_TEMPLATES[id][from][index];
      if (source.options.length !== question.options.length) return question;
      const target = POLL_TEMPLATES[id][lang][index];
      return { kind: target.kind, text: target.text, options: [...target.options] };
    }
  }
  return question;
}

/** About how many minutes answering takes: 20 s per choice or scale, 1 min per free text. */
export function minutesToAnswer(questions: { kind: QuestionKind }[]): number {
  const seconds = questions.reduce((sum, x) => sum + (x.kind === "text" ? 60 : 20), 0);
  return Math.max(1, Math.ceil(seconds / 60));
}

export type QuestionError =
  | { code: "none" }
  | { code: "too-many"; max: number; count: number }
  | { code: "length"; line: number }
  | { code: "options-missing"; line: number }
  | { code: "options-too-many"; line: number }
  | { code: "option-length"; line: number; option: string }
  | { code: "option-duplicate"; line: number; option: string };

const PREFIXES: [RegExp, QuestionKind][] = [
  [/^(skala|scale)\s*:\s*/i, "scale"],
  [/^(flera|flerval|multi|multiple)\s*:\s*/i, "multi"],
  [/^(val|välj|valj|choice|single)\s*:\s*/i, "single"],
  [/^(fritext|text)\s*:\s*/i, "text"],
];

const SEPARATOR =
  /\r?\n|;\s*(?=(?:skala|scale|flera|flerval|multi|multiple|val|välj|valj|choice|single|fritext|text)\s*:)/i;

/** Own questions, one per line with a prefix for the kind (see the file comment). */
export function parseQuestions(
  input: string,
  max = MAX_QUESTIONS,
): { ok: true; questions: QuestionSpec[] } | { ok: false; error: QuestionError } {
  const lines = input
    .split(SEPARATOR)
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  if (lines.length === 0) return { ok: false, error: { code: "none" } };
  if (lines.length > max) return { ok: false, error: { code: "too-many", max, count: lines.length } };
  const questions: QuestionSpec[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    let kind: QuestionKind | null = null;
    let rest = raw;
    for (const [pattern, k] of PREFIXES) {
      if (pattern.test(rest)) {
        kind = k;
        rest = rest.replace(pattern, "");
        break;
      }
    }
    const parts = rest.split("|").map((p) => p.trim());
    kind ??= parts.length > 1 ? "single" : "text";
    const text = kind === "text" ? rest.trim() : parts[0];
    if (text.length < 3 || text.length > MAX_QUESTION_LENGTH) return { ok: false, error: { code: "length", line } };
    let options: string[] = [];
    if (kind === "single" || kind === "multi") {
      options = parts.slice(1).filter(Boolean);
      if (options.length < 2) return { ok: false, error: { code: "options-missing", line } };
      if (options.length > MAX_OPTIONS) return { ok: false, error: { code: "options-too-many", line } };
      const seen = new Set<string>();
      for (const option of options) {
        if (option.length > MAX_OPTION_LENGTH) return { ok: false, error: { code: "option-length", line, option } };
        if (seen.has(option.toLowerCase())) return { ok: false, error: { code: "option-duplicate", line, option } };
        seen.add(option.toLowerCase());
      }
    }
    questions.push({ kind, text, options });
  }
  return { ok: true, questions };
}

/** The questions back in the own-question syntax (to pre-fill a form after an error). */
export function formatQuestions(questions: QuestionSpec[], lang: Lang): string {
  const prefix: Record<QuestionKind, string> =
    lang === "sv"
      ? { scale: "skala", single: "val", multi: "flera", text: "fritext" }
      : { scale: "scale", single: "choice", multi: "multi", text: "text" };
  return questions.map((x) => `${prefix[x.kind]}: ${[x.text, ...x.options].join(" | ")}`).join("\n");
}
