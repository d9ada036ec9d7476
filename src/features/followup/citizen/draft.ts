// The draft public summary for citizens (`loftesbot report … --citizen`):
// what was promised, what was done against each target in words people
// understand ("polisen lade 312 timmar, målet var 300"), what happens next —
// as HTML, Markdown and a short text of at most 280 characters for social
// media. It is a DRAFT: it says so, and leaves marked gaps ("[Skriv här …]")
// for what Löftesbot cannot know (why the promise was given, what happens
// next); the kommunpolis edits and publishes it, then marks it published
// (`loftesbot report published …` or in chat), which makes lofte.e count.
//
// What it never holds: a person's name, a note, a free-text answer. It is
// built only from the kommun's name, the promises' titles and periods, the
// activities' names and figures, and the number of dialogues; no poll title,
// note, answer, feedback note or "vad händer sedan" is ever read. The only
// texts people typed that it carries (kommun, promise and activity names)
// have every name of the organisation masked ("[namn]") all the same.
//
// What changed: only what an effect section supports. This draft is given
// `changes` (plain sentences an effect analysis stands behind); with none it
// says nothing about change at all — no heading, no guess.
import { dayInZone } from "../../../domain/calendar.js";
import type { Lang } from "../../../domain/lang.js";
import { maskNames } from "../../../domain/personalData.js";
import { formatNumber, translator } from "../../../i18n/index.js";
import { plainText } from "../../../core/replyText.js";
import type { CoreContext } from "../../../core/context.js";
import { FollowUpCalculator, shown } from "../figures.js";
import { pollSummaries } from "../followUpPolls.js";
import type { FollowUpPeriod } from "../followUpPeriod.js";
import { mdText } from "../reportMarkdown.js";
import { pollsDuring } from "../scope.js";
import { activitiesOfKommun, type KommunRef } from "../store.js";
import { allPeopleNames } from "../quality/store.js";

/** The most characters of the short text (social media), counted as Unicode characters. */
export const SHORT_TEXT_MAX = 280;

export interface CitizenDraft {
  title: string;
  draftNote: string;
  sections: { heading: string; paragraphs: string[] }[];
  /** at most SHORT_TEXT_MAX characters */
  short: string;
}

export interface CitizenDraftFiles {
  html: string;
  markdown: string;
  text: string;
}

function chars(text: string): number {
  return [...text].length;
}

/** The short text: the intro and as many activities as fit, "med mera" when some did not; never over the limit. */
export function shortText(intro: string, items: string[], more: string, max = SHORT_TEXT_MAX): string {
  let taken = 0;
  const build = (n: number) =>
    `${intro} ${items.slice(0, n).join(", ")}${n < items.length ? (n > 0 ? `, ${more}` : more) : ""}.`;
  while (taken < items.length && chars(build(taken + 1)) <= max) taken++;
  const text = items.length === 0 ? intro : build(taken);
  return chars(text) <= max ? text : `${[...text].slice(0, max - 1).join("")}…`;
}

/** The draft for a kommun and period; `changes`: sentences an effect section supports (none: nothing is said about change). */
export async function citizenDraft(
  ctx: CoreContext,
  kommun: KommunRef,
  period: FollowUpPeriod,
  lang: Lang,
  changes: string[] = [],
): Promise<CitizenDraft> {
  const t = translator(lang);
  const names = await allPeopleNames(ctx);
  const clean = (text: string) => maskNames(plainText(text), names).text;
  const kommunName = clean(kommun.name);
  const today = dayInZone(ctx.clock.now(), ctx.timeZone);
  const calc = new FollowUpCalculator(ctx, today);
  const promised: string[] = [];
  const done: string[] = [];
  const next: string[] = [];
  const items: string[] = [];
  let promiseId = "";
  for (const a of await activitiesOfKommun(ctx, kommun.id, period)) {
    const title = clean(a.promiseTitle);
    if (a.promiseId !== promiseId) {
      promiseId = a.promiseId;
      promised.push(t("citizen.promised", { title, from: a.promiseFrom, to: a.promiseTo }));
      next.push(
        a.promiseTo > period.to
          ? t("citizen.continues", { title, to: a.promiseTo })
          : t("citizen.ended", { title, to: a.promiseTo }),
      );
    }
    const f = await calc.figures(a, period);
    const activity = clean(a.name);
    const amount = formatNumber(lang, f.done);
    const target = f.target !== null ? formatNumber(lang, shown(f.target)) : null;
    const hours = f.unit === "timmar";
    done.push(
      target === null
        ? t(hours ? "citizen.doneHoursNoTarget" : "citizen.doneCountNoTarget", { activity, done: amount })
        : t(hours ? "citizen.doneHours" : "citizen.doneCount", { activity, done: amount, target }),
    );
    items.push(
      target === null
        ? t(hours ? "citizen.shortHoursNoTarget" : "citizen.shortCountNoTarget", { activity, done: amount })
        : t(hours ? "citizen.shortHours" : "citizen.shortCount", { activity, done: amount, target }),
    );
  }
  const title = t("citizen.title", { kommun: kommunName, from: period.from, to: period.to });
  const draftNote = t("citizen.draftNote", { kommun: kommun.id, from: period.from, to: period.to });
  const sections: CitizenDraft["sections"] = [];
  if (promised.length === 0)
    sections.push({ heading: t("citizen.promisedHeading"), paragraphs: [t("citizen.nothing")] });
  else {
    const polls = pollsDuring(
      await pollSummaries(ctx, { lpoId: kommun.lpoId, kommunId: kommun.id }),
      period,
      ctx.timeZone,
    );
    sections.push({
      heading: t("citizen.promisedHeading"),
      paragraphs: [
        ...promised,
        t("citizen.why"),
        ...(polls.length > 0 ? [t("citizen.dialogues", { count: polls.length })] : []),
      ],
    });
    sections.push({ heading: t("citizen.doneHeading"), paragraphs: done });
    if (changes.length > 0) sections.push({ heading: t("citizen.changeHeading"), paragraphs: changes.map(clean) });
    sections.push({ heading: t("citizen.nextHeading"), paragraphs: [...next, t("citizen.nextPlaceholder")] });
  }
  const short = shortText(
    plainText(t("citizen.shortIntro", { kommun: kommunName, from: period.from, to: period.to })),
    items.map(plainText),
    t("citizen.shortMore"),
  );
  return {
    title: plainText(title),
    draftNote: plainText(draftNote),
    sections: sections.map((s) => ({ heading: plainText(s.heading), paragraphs: s.paragraphs.map(plainText) })),
    short,
  };
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function citizenFiles(draft: CitizenDraft, lang: Lang): CitizenDraftFiles {
  const html = `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(draft.title)}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #102a43; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
.draft { background: #fff4c4; border: 1px solid #e0b400; padding: .5rem .75rem; }
</style>
</head>
<body>
<p class="draft">${escapeHtml(draft.draftNote)}</p>
<h1>${escapeHtml(draft.title)}</h1>
${draft.sections
  .map((s) => [`<h2>${escapeHtml(s.heading)}</h2>`, ...s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`)].join("\n"))
  .join("\n")}
</body>
</html>
`;
  const markdown = [
    `_${mdText(draft.draftNote)}_`,
    "",
    `# ${mdText(draft.title)}`,
    "",
    ...draft.sections.flatMap((s) => [`## ${mdText(s.heading)}`, "", ...s.paragraphs.flatMap((p) => [mdText(p), ""])]),
  ].join("\n");
  return { html, markdown, text: `${draft.short}\n` };
}
