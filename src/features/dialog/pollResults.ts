// Compiled results of a medarbetardialog, with the anonymity threshold
// (LOFTESBOT_POLL_MIN_RESPONSES, ctx.pollMinResponses) applied everywhere:
//
// - the total is shown only when at least that many answered;
// - a group's response count only when at least that many in it answered,
//   and when exactly one group is hidden the next smallest is hidden too, so
//   the hidden one cannot be worked out as total minus the others;
// - distributions, means and free text only for the whole poll (never per
//   group), only after it has closed (results that change while people answer
//   could be compared over time), and per question only when at least that
//   many answered it;
// - free text is masked again before it is shown and shown in random order.
import type { Lang } from "../../domain/lang.js";
import { maskPersonalData } from "../../domain/personalData.js";
import { localizeQuestion, type QuestionKind, SCALE_VALUES } from "./pollQuestions.js";
import { formatDateTime } from "../../domain/zonedTime.js";
import { formatNumber, type Translate, translator } from "../../i18n/index.js";
import { type Block, literal } from "../../core/reply.js";
import { type PollRecord, pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";
import { countsByGroup } from "./sheets.js";
import { summarizeThemes, type ThemeSummary } from "./themeSummary.js";

export interface GroupRate {
  id: string;
  name: string;
  asked: number;
  /** null when hidden */
  answered: number | null;
  /** few: below the threshold; protect: hidden so that a hidden group cannot be computed */
  hidden: null | "few" | "protect";
}

export interface TextAnswer {
  text: string;
  /** the person's name, only in a named poll and only for its creator */
  by?: string;
}

export interface QuestionResult {
  id: string;
  position: number;
  kind: QuestionKind;
  /** in the reader's language */
  text: string;
  options: string[];
  answered: number;
  /** fewer than the threshold answered it: nothing below is filled */
  hidden: boolean;
  /** per option (single, multi) */
  counts: number[];
  scale: { distribution: number[]; mean: number; median: number } | null;
  /** free text, masked, in random order */
  texts: TextAnswer[];
  /**
   * free text only: answers whose text gallring has emptied (retention); they
   * still count as answered, and the results say the text is gone rather than
   * that few answered
   */
  cleared: boolean;
  themes: ThemeSummary | null;
}

export interface PollResults {
  poll: PollRecord;
  threshold: number;
  asked: number;
  answered: number;
  /** the total count is shown (answered ≥ threshold) */
  totalShown: boolean;
  /** distributions and free text are shown (closed and answered ≥ threshold) */
  detailsShown: boolean;
  groups: GroupRate[];
  questions: QuestionResult[];
}

export interface CompileOptions {
  lang: Lang;
  /** for the random order of free text (tests may fix it) */
  random?: () => number;
  /** show names with free text: only for the creator of a named poll */
  names?: boolean;
  /** group free text into themes (default true) */
  themes?: boolean;
}

export function shuffled<T>(items: T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The smallest number of answers a figure of this poll is shown for: the
 * anonymity threshold for an anonymous poll; 0 for a named one, which says in
 * every message that it is not anonymous (a turlag smaller than the threshold
 * can hold one), so there is no anonymity for a threshold to protect.
 */
export function thresholdOf(ctx: CoreContext, poll: { anonymous: boolean }): number {
  return poll.anonymous ? ctx.pollMinResponses : 0;
}

/** Response counts per group asked, with the threshold and complementary hiding applied. */
export async function groupRates(ctx: CoreContext, pollId: string, anonymous = true): Promise<GroupRate[]> {
  const repo = pollRepository(ctx);
  const threshold = thresholdOf(ctx, { anonymous });
  const asked = await repo.groupsAsked(pollId);
  const counts = await countsByGroup(ctx, pollId);
  const rows = asked.map((g) => {
    const answered = counts.get(g.id) ?? 0;
    const few = g.asked < threshold || answered < threshold;
    return {
      row: {
        id: g.id,
        name: g.name,
        asked: g.asked,
        answered: few ? null : answered,
        hidden: few ? "few" : null,
      } as GroupRate,
      raw: answered,
    };
  });
  const hidden = rows.filter((r) => r.row.hidden !== null);
  if (hidden.length === 1 && rows.length > 1) {
    const smallest = rows
      .filter((r) => r.row.hidden === null)
      .sort((a, b) => a.raw - b.raw || a.row.id.localeCompare(b.row.id))[0];
    if (smallest) {
      smallest.row.hidden = "protect";
      smallest.row.answered = null;
    }
  }
  return rows.map((r) => r.row);
}

export async function compilePollResults(
  ctx: CoreContext,
  poll: PollRecord,
  options: CompileOptions,
): Promise<PollResults> {
  const repo = pollRepository(ctx);
  const threshold = thresholdOf(ctx, poll);
  const asked = await repo.recipientCount(poll.id);
  const answered = await repo.responseCount(poll.id);
  const totalShown = answered >= threshold;
  const detailsShown = totalShown && poll.status === "closed";
  const groups = await groupRates(ctx, poll.id, poll.anonymous);
  const questions: QuestionResult[] = [];
  if (detailsShown) {
    const responses = await repo.responses(poll.id);
    const names =
      options.names && !poll.anonymous
        ? await ctx.organisation.peopleNames(responses.map((r) => r.personId).filter((p): p is string => !!p))
        : new Map<string, string>();
    for (const question of poll.questions) {
      const shown = localizeQuestion(question, options.lang);
      const values = responses.flatMap((r) =>
        r.answers.filter((a) => a.questionId === question.id).map((a) => ({ value: a.value, personId: r.personId })),
      );
      const result: QuestionResult = {
        id: question.id,
        position: question.position,
        kind: question.kind,
        text: shown.text,
        options: shown.options,
        answered: 0,
        hidden: false,
        counts: question.options.map(() => 0),
        scale: null,
        texts: [],
        cleared: false,
        themes: null,
      };
      if (question.kind === "single" || question.kind === "multi") {
        for (const { value } of values) {
          const picked = value.split("\n").filter((v) => question.options.includes(v));
          if (picked.length === 0) continue;
          result.answered++;
          for (const p of picked) result.counts[question.options.indexOf(p)]++;
        }
      } else if (question.kind === "scale") {
        const numbers = values.map((v) => Number(v.value)).filter((n) => Number.isInteger(n) && n >= 1 && n <= 5);
        result.answered = numbers.length;
        if (numbers.length > 0) {
          result.scale = {
            distribution: SCALE_VALUES.map((s) => numbers.filter((n) => n === Number(s)).length),
            mean: numbers.reduce((a, b) => a + b, 0) / numbers.length,
            median: median(numbers),
          };
        }
      } else {
        const texts = values
          .filter((v) => v.value.trim() !== "")
          .map((v): TextAnswer => {
            const by = v.personId ? names.get(v.personId) : undefined;
            return by ? { text: maskPersonalData(v.value).text, by } : { text: maskPersonalData(v.value).text };
          });
        // gallring empties a text (retention); an empty answer is never stored otherwise (answer.ts)
        const emptied = values.filter((v) => v.value === "").length;
        result.answered = texts.length + emptied;
        result.cleared = emptied > 0;
        result.texts = shuffled(texts, options.random);
      }
      if (result.answered < threshold) {
        result.hidden = true;
        result.counts = result.counts.map(() => 0);
        result.scale = null;
        result.texts = [];
      } else if (question.kind === "text" && options.themes !== false) {
        result.themes = await summarizeThemes(
          ctx,
          result.texts.map((x) => x.text),
          options.lang,
        );
      }
      questions.push(result);
    }
  }
  return { poll, threshold, asked, answered, totalShown, detailsShown, groups, questions };
}

/** Whole percent; "–" when the whole is 0 (a share of nothing is missing, never 0 %). */
export function percent(part: number, whole: number): number | "–" {
  return whole > 0 ? Math.round((part / whole) * 100) : "–";
}

export function concernsText(t: Translate, poll: PollRecord): string {
  if (poll.promiseTitle)
    return t("dialog.concernsPromise", { promise: poll.promiseTitle, kommun: poll.kommunName ?? "" });
  return poll.kommunName ?? t("dialog.concernsNone");
}

export function kindText(t: Translate, poll: PollRecord): string {
  return poll.kind === "hur" ? t("dialog.kind.hur") : t("dialog.kind.vad");
}

export function rateText(t: Translate, results: PollResults): string {
  return results.totalShown
    ? t("dialog.results.rate", {
        answered: results.answered,
        asked: results.asked,
        percent: percent(results.answered, results.asked),
      })
    : t("dialog.results.rateHidden", { min: results.threshold, asked: results.asked });
}

function questionLines(t: Translate, lang: Lang, q: QuestionResult, threshold: number, maxTexts: number): string[] {
  const lines = [t("dialog.results.question", { n: q.position + 1, text: q.text })];
  if (q.hidden) {
    lines.push(t("dialog.results.questionHidden", { min: threshold }));
    return lines;
  }
  // a named poll has no threshold: nobody answering is said, not shown as "(0 svar)" and 0 % per option
  if (q.answered === 0) {
    lines.push(t("dialog.results.questionNobody"));
    return lines;
  }
  switch (q.kind) {
    case "single":
    case "multi":
      lines.push(
        t(q.kind === "multi" ? "dialog.results.multiAnswers" : "dialog.results.answers", { answered: q.answered }),
      );
      q.options.forEach((option, i) => {
        lines.push(
          t("dialog.results.option", { option, count: q.counts[i], percent: percent(q.counts[i], q.answered) }),
        );
      });
      break;
    case "scale":
      if (q.scale) {
        lines.push(
          t("dialog.results.scale", {
            mean: formatNumber(lang, q.scale.mean),
            median: formatNumber(lang, q.scale.median),
            answered: q.answered,
          }),
        );
        lines.push(
          t("dialog.results.scaleDistribution", {
            values: q.scale.distribution.map((n, i) => `${i + 1}: ${n}`).join(" · "),
          }),
        );
      }
      break;
    case "text": {
      if (q.cleared && q.texts.length === 0) {
        lines.push(t("dialog.results.textCleared", { answered: q.answered }));
        break;
      }
      lines.push(t("dialog.results.answers", { answered: q.answered }));
      if (q.cleared) lines.push(t("dialog.results.textPartlyCleared"));
      if (q.themes && q.themes.themes.length > 0) {
        lines.push(
          t("dialog.results.themes", {
            source: q.themes.source === "ai" ? t("dialog.results.themeAi") : t("dialog.results.themeOffline"),
          }),
        );
        for (const theme of q.themes.themes)
          lines.push(
            t("dialog.results.theme", { label: theme.label, count: theme.count, quote: theme.quotes[0] ?? "" }),
          );
        if (q.themes.other > 0) lines.push(t("dialog.results.themeOther", { count: q.themes.other }));
      }
      if (q.texts.length === 0) lines.push(t("dialog.results.noText"));
      else {
        lines.push(t("dialog.results.texts"));
        for (const text of q.texts.slice(0, maxTexts))
          lines.push(
            `– ${literal(text.text.replace(/\s+/g, " ").slice(0, 300))}${text.by ? ` (${literal(text.by)})` : ""}`,
          );
        if (q.texts.length > maxTexts) lines.push(t("dialog.results.textsMore", { count: q.texts.length - maxTexts }));
      }
      break;
    }
  }
  return lines;
}

/** The results as blocks (without heading and buttons; the caller adds those). */
export function resultsBlocks(
  ctx: CoreContext,
  results: PollResults,
  lang: Lang,
  options: { maxTexts?: number; withWhatNext?: boolean } = {},
): Block[] {
  const t = translator(lang);
  const { poll } = results;
  const when = (d: Date | null) => (d ? formatDateTime(d, lang, ctx.timeZone) : "");
  const blocks: Block[] = [
    {
      kind: "context",
      text: t("dialog.results.meta", {
        kind: kindText(t, poll),
        concerns: concernsText(t, poll),
        id: poll.id,
        status:
          poll.status === "closed"
            ? t("dialog.results.closed", { closed: when(poll.closedAt ?? poll.closesAt) })
            : t("dialog.results.open", { closes: when(poll.closesAt) }),
        anonymity: poll.anonymous ? t("dialog.anonymousShort") : t("dialog.namedShort"),
      }),
    },
    ...(poll.anonymous ? [] : [{ kind: "context" as const, text: t("dialog.namedNotice") }]),
    { kind: "text", text: rateText(t, results) },
  ];
  if (poll.status !== "closed")
    blocks.push({ kind: "context", text: t("dialog.results.openNote", { closes: when(poll.closesAt) }) });
  else if (!results.totalShown)
    blocks.push({ kind: "text", text: t("dialog.results.tooFew", { min: results.threshold }) });
  if (results.groups.length > 0) {
    const lines = [t("dialog.results.groupsHeading")];
    for (const g of results.groups) {
      if (g.hidden === "protect") lines.push(t("dialog.results.groupProtected", { group: g.name }));
      else if (g.hidden) lines.push(t("dialog.results.groupHidden", { group: g.name, min: results.threshold }));
      else
        lines.push(
          t("dialog.results.groupRow", {
            group: g.name,
            answered: g.answered ?? 0,
            asked: g.asked,
            percent: percent(g.answered ?? 0, g.asked),
          }),
        );
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
    if (results.groups.some((g) => g.hidden))
      blocks.push({ kind: "context", text: t("dialog.results.groupsNote", { min: results.threshold }) });
  }
  if (results.detailsShown && results.answered === 0) {
    // said once for the poll rather than once per question
    blocks.push({ kind: "text", text: t("dialog.results.nobody") });
  } else if (results.detailsShown) {
    for (const q of results.questions) {
      blocks.push({ kind: "divider" });
      blocks.push({
        kind: "text",
        text: questionLines(t, lang, q, results.threshold, options.maxTexts ?? 12).join("\n"),
      });
    }
  }
  if (options.withWhatNext !== false && poll.whatNext) {
    blocks.push({ kind: "divider" });
    blocks.push({ kind: "text", text: t("dialog.results.whatNext", { text: poll.whatNext }) });
  }
  if (poll.feedback) blocks.push({ kind: "text", text: t("dialog.results.feedback", { text: poll.feedback.text }) });
  return blocks;
}

/**
 * What the answers of a closed vad-dialogue were about, as short labels for
 * the options of a seeded hur-dialogue: the themes of its free text, then
 * its most chosen alternatives. Null when it had too few answers.
 */
export async function seedThemes(ctx: CoreContext, poll: PollRecord, lang: Lang): Promise<string[] | null> {
  if (poll.status !== "closed") return null;
  const results = await compilePollResults(ctx, poll, { lang });
  if (!results.detailsShown) return null;
  const labels: string[] = [];
  const add = (label: string) => {
    const clean = label.replace(/\s+/g, " ").trim().slice(0, 60);
    if (clean && !labels.some((l) => l.toLowerCase() === clean.toLowerCase())) labels.push(clean);
  };
  for (const q of results.questions) for (const theme of q.themes?.themes ?? []) add(theme.label);
  const chosen = results.questions
    .filter((q) => !q.hidden && (q.kind === "single" || q.kind === "multi"))
    .flatMap((q) => q.options.map((option, i) => ({ option, count: q.counts[i] })))
    .filter((o) => o.count > 0 && !/^(annat|other)$/i.test(o.option))
    .sort((a, b) => b.count - a.count);
  for (const o of chosen) add(o.option);
  const picked = labels.slice(0, 8);
  return picked.length >= 2 ? picked : null;
}
