// The messages of a medarbetardialog that go out privately (invitation,
// reminder, the results at closing, the creator's feedback note) or to a
// group's channel (forwarded results), and the small text helpers the flows
// share. The ids of its forms
// and buttons are in forms.ts.
import { isLang, type Lang } from "../../domain/lang.js";
import { minutesToAnswer } from "./pollQuestions.js";
import { formatDateTime } from "../../domain/zonedTime.js";
import { formatNumber, markup, type Translate, translator } from "../../i18n/index.js";
import type { Block, Button, Reply } from "../../core/reply.js";
import { type PollRecord, pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";
import {
  compilePollResults,
  concernsText,
  kindText,
  type PollResults,
  percent,
  rateText,
  resultsBlocks,
} from "./pollResults.js";
import { ANSWER_ACTION, FEEDBACK_ACTION, FORWARD_ACTION, RESULTS_ACTION } from "./forms.js";

/** A time in the reader's language and the service's time zone. */
export function when(ctx: CoreContext, lang: Lang, instant: Date): string {
  return formatDateTime(instant, lang, ctx.timeZone);
}

export function langOf(ctx: CoreContext, person: { lang: string | null }): Lang {
  return isLang(person.lang) ? person.lang : ctx.defaultLang;
}

export function answerButton(t: Translate, pollId: string, label = t("dialog.answerButton")): Button {
  return { label, action: { id: ANSWER_ACTION, value: pollId }, style: "primary" };
}

function kindExplained(t: Translate, poll: PollRecord): string {
  return poll.kind === "hur" ? t("dialog.kind.hurExplained") : t("dialog.kind.vadExplained");
}

/** The private invitation: what it is, who asks and why, how long, anonymity and who sees what, and Svara. */
export function invitationReply(ctx: CoreContext, poll: PollRecord, lang: Lang, creator: string): Reply {
  const t = translator(lang);
  const closes = formatDateTime(poll.closesAt, lang, ctx.timeZone);
  const minutes = minutesToAnswer(poll.questions);
  const min = ctx.pollMinResponses;
  const blocks: Block[] = [
    { kind: "heading", text: t("dialog.invite.heading", { title: poll.title }) },
    {
      kind: "text",
      text: t("dialog.invite.who", { creator, kind: markup(kindExplained(t, poll)), concerns: concernsText(t, poll) }),
    },
    { kind: "text", text: t("dialog.invite.time", { minutes, questions: poll.questions.length, closes }) },
    {
      kind: "text",
      text: poll.anonymous ? t("dialog.invite.anonymous", { min }) : t("dialog.invite.named", { creator, min }),
    },
  ];
  if (poll.whatNext) blocks.push({ kind: "text", text: t("dialog.invite.whatNext", { text: poll.whatNext }) });
  blocks.push({ kind: "context", text: t("dialog.invite.change") });
  blocks.push({ kind: "actions", buttons: [answerButton(t, poll.id)] });
  return { text: t("dialog.invite.text", { title: poll.title, creator, closes, minutes }), blocks };
}

/** A named dialogue says so in every message it sends (the invitation, answer form and receipt have their own words). */
export function namedNotice(t: Translate, poll: { anonymous: boolean }): Block[] {
  return poll.anonymous ? [] : [{ kind: "context", text: t("dialog.namedNotice") }];
}

/** The reminder to one who has not answered; it says nothing about who has. */
export function reminderReply(ctx: CoreContext, poll: PollRecord, lang: Lang, creator: string): Reply {
  const t = translator(lang);
  const text = t("dialog.reminder.text", {
    title: poll.title,
    creator,
    closes: formatDateTime(poll.closesAt, lang, ctx.timeZone),
    minutes: minutesToAnswer(poll.questions),
  });
  return {
    text,
    blocks: [
      { kind: "heading", text: t("dialog.reminder.heading", { title: poll.title }) },
      { kind: "text", text },
      ...namedNotice(t, poll),
      { kind: "actions", buttons: [answerButton(t, poll.id)] },
    ],
  };
}

export interface ClosingRole {
  /** gruppchef of a group asked: may forward the results to the group's channel */
  lead: boolean;
  /** the creator: may add the feedback note */
  creator: boolean;
}

/** The results at closing, and what happens next. */
export function closingReply(ctx: CoreContext, results: PollResults, lang: Lang, role: ClosingRole): Reply {
  const t = translator(lang);
  const { poll } = results;
  const intro = role.creator
    ? t("dialog.closing.introCreator", { title: poll.title, id: poll.id })
    : role.lead
      ? t("dialog.closing.introLead", { title: poll.title })
      : t("dialog.closing.intro", { title: poll.title });
  const buttons: Button[] = [];
  if (role.lead) buttons.push({ label: t("dialog.forwardButton"), action: { id: FORWARD_ACTION, value: poll.id } });
  if (role.creator)
    buttons.push({ label: t("dialog.feedbackButton"), action: { id: FEEDBACK_ACTION, value: poll.id } });
  const blocks: Block[] = [
    { kind: "heading", text: t("dialog.closing.heading", { title: poll.title }) },
    { kind: "text", text: intro },
    ...resultsBlocks(ctx, results, lang),
  ];
  if (buttons.length > 0) blocks.push({ kind: "actions", buttons });
  return { text: t("dialog.closing.text", { title: poll.title, answered: rateText(t, results) }), blocks };
}

/**
 * "Ni sa", one line per question the threshold lets through: the most chosen
 * options with their share, a scale's mean, the free text's strongest themes.
 * Hidden questions are left out; with nothing to show it says so.
 */
export function youSaidLines(results: PollResults, lang: Lang): string[] {
  const t = translator(lang);
  if (!results.detailsShown) return [];
  const lines: string[] = [];
  for (const q of results.questions) {
    if (q.hidden || q.answered === 0) continue;
    let summary = "";
    if (q.kind === "single" || q.kind === "multi") {
      const ranked = q.options
        .map((option, i) => ({ option, count: q.counts[i] }))
        .filter((o) => o.count > 0)
        .sort((a, b) => b.count - a.count);
      // the top two, and any tied with the second
      const top = ranked.filter((o, i) => i < 2 || o.count === ranked[1]?.count).slice(0, 4);
      if (top.length > 0)
        summary = t("dialog.feedback.summaryChoice", {
          choices: top.map((o) => `${o.option} (${percent(o.count, q.answered)} %)`).join(", "),
        });
    } else if (q.kind === "scale" && q.scale) {
      summary = t("dialog.feedback.summaryScale", { mean: formatNumber(lang, q.scale.mean) });
    } else if (q.kind === "text" && q.themes && q.themes.themes.length > 0) {
      summary = t("dialog.feedback.summaryThemes", {
        themes: q.themes.themes
          .slice(0, 3)
          .map((x) => t("dialog.feedback.summaryTheme", { label: x.label, count: x.count }))
          .join("; "),
      });
    }
    if (summary) lines.push(t("dialog.feedback.summaryQuestion", { question: shortQuestion(q.text), summary }));
  }
  return lines;
}

/** A question as a "Ni sa" line names it: up to a dash, without brackets or its question mark, at most 60 characters. */
function shortQuestion(text: string): string {
  const first = text
    .replace(/\s*\(.*?\)\s*/g, " ")
    .split(/ [–-] /)[0]
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[?:.]+$/, "");
  return first.length <= 60 ? first : `${first.slice(0, 59).trimEnd()}…`;
}

/** "Ni sa" as one text: inline for one line, a list for several. */
export function youSaidSummary(results: PollResults, lang: Lang): string {
  const t = translator(lang);
  const lines = youSaidLines(results, lang);
  // a named dialogue has no anonymity to risk: nothing to sum up is all there is to say
  if (lines.length === 0)
    return results.poll.anonymous || !results.detailsShown
      ? t("dialog.feedback.summaryFew")
      : t("dialog.feedback.summaryNone");
  if (lines.length === 1) return lines[0];
  return `\n${lines.map((l) => `• ${l}`).join("\n")}`;
}

/**
 * "Ni sa" of a closed poll for the written report: the same summary the
 * feedback note gives, under the same threshold; null while it is open.
 */
export async function pollYouSaid(ctx: CoreContext, pollId: string, lang: Lang): Promise<string | null> {
  const poll = await pollRepository(ctx).poll(pollId);
  if (poll?.status !== "closed") return null;
  return youSaidSummary(await compilePollResults(ctx, poll, { lang }), lang);
}

/** The creator's feedback note ("ni sa / vi gör", återkoppling), linked to the promise. */
export function feedbackReply(results: PollResults, lang: Lang, creator: string): Reply {
  const t = translator(lang);
  const { poll } = results;
  const note = poll.feedback?.text ?? "";
  const youSaid = t("dialog.feedback.youSaid", { summary: youSaidSummary(results, lang) });
  const weDo = t("dialog.feedback.weDo", { text: note });
  return {
    text: `${t("dialog.feedback.heading", { title: poll.title })}: ${note}`,
    blocks: [
      { kind: "heading", text: t("dialog.feedback.heading", { title: poll.title }) },
      { kind: "text", text: youSaid },
      { kind: "text", text: weDo },
      ...namedNotice(t, poll),
      { kind: "context", text: t("dialog.feedback.linked", { concerns: concernsText(t, poll), creator }) },
      {
        kind: "actions",
        buttons: [{ label: t("dialog.resultsButton"), action: { id: RESULTS_ACTION, value: poll.id } }],
      },
    ],
  };
}

/** The results a gruppchef forwards to the group's channel. */
export function forwardReply(ctx: CoreContext, results: PollResults, lang: Lang, lead: string): Reply {
  const t = translator(lang);
  const { poll } = results;
  const heading = t("dialog.results.heading", { title: poll.title });
  return {
    text: `${heading}: ${rateText(t, results)}`,
    blocks: [
      { kind: "heading", text: heading },
      ...resultsBlocks(ctx, results, lang),
      { kind: "context", text: t("dialog.forward.sharedBy", { name: lead }) },
    ],
  };
}

export { concernsText, kindText };
