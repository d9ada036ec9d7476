// The logging feature: `/logga <rad>` (the one-line log), `/logga` (the form),
// `/logga ångra` (undo), `/logga ta bort min del` (remove one's own part of a
// line a colleague logged), `/mina` (my entries and my team's standing); the
// Ångra, "Ta bort min del", activity-choice, "Spara ändå", "Spara utan …" and
// "Avbryt" buttons and the log form. A question's buttons answer only the
// person asked (their value carries them).
import type { ActionRequest, Feature } from "../../core/feature.js";
import { type Reply, textReply } from "../../core/reply.js";
import { translator } from "../../i18n/index.js";
import { CHOOSE_ACTIVITY_ACTION, parseChoice } from "./choice.js";
import {
  cancelAnyway,
  LOG_ANYWAY_ACTION,
  LOG_CANCEL_ACTION,
  LOG_WITHOUT_ACTION,
  type LogAnyway,
  parseLogAnyway,
} from "./askFirst.js";
import { UNDO_ACTION } from "./confirmation.js";
import { LOG_FORM, logForm, submitLogForm } from "./logForm.js";
import { logWork } from "./logLine.js";
import { REMOVE_OWN_PART_ACTION, removeOwnPart, undoLast } from "./undo.js";
import { myEntries } from "./myEntries.js";

export const loggingFeature: Feature = {
  name: "logging",
  commands: [
    {
      name: "logga",
      aliases: ["log", "logg"],
      help: {
        sv: [
          "*/logga <rad>* – logga arbete, t.ex. `/logga 1,5h närvaro Torget med @anna`",
          "*/logga* – öppna formuläret",
          "*/logga ångra* – ångra din senaste loggning (inom 24 h)",
          "*/logga ta bort min del* – ta bort din del av det en kollega loggade åt dig med `med` (inom 7 dagar; även knapp i /mina)",
        ],
        en: [
          "*/logga <line>* (or */log*) – log work, e.g. `/log 1.5h närvaro Torget med @anna`",
          "*/logga* – open the form",
          "*/logga ångra* – undo your last entry (within 24 h)",
          "*/log remove my part* – remove your part of what a colleague logged for you with `med` (within 7 days; also a button in /mina)",
        ],
      },
      slack: [
        {
          command: "/logga",
          description: "Logga arbete på ett medborgarlöfte (utan text öppnas formuläret)",
          usageHint: "1,5h närvaro Torget med @kollega | ångra",
        },
        {
          command: "/log",
          description: "Samma som /logga – logga arbete på en rad",
          usageHint: "1,5h närvaro Torget med @kollega | ångra",
        },
      ],
      teams: [
        {
          title: "logga",
          description: 'Logga arbete på en rad, t.ex. "logga 1,5h närvaro Torget". Utan text öppnas formuläret.',
          scopes: ["personal"],
        },
        { title: "logga ångra", description: "Ångra din senaste loggning (inom 24 timmar).", scopes: ["personal"] },
        {
          title: "logga",
          description: 'Logga arbete på en rad, t.ex. "logga 2h närvaro med @Anna".',
          scopes: ["team"],
        },
      ],
      handle: async ({ ctx, actor, args, platform, mentions }) => {
        if (args === "") {
          const t = translator(actor.lang);
          return { ...textReply(t("log.form.title")), form: await logForm(ctx, actor) };
        }
        if (/^(ångra|angra|undo)$/i.test(args)) return undoLast(ctx, actor);
        if (/^(ta bort min del|remove my part)$/i.test(args)) return removeOwnPart(ctx, actor);
        const outcome = await logWork(ctx, { actor, line: args, platform, mentions, source: platform });
        return outcome.reply;
      },
    },
    {
      name: "mina",
      help: {
        sv: ["*/mina* – din loggning och turlagets läge"],
        en: ["*/mina* – your entries and your team's standing"],
      },
      slack: [{ command: "/mina", description: "Min loggning denna vecka och period, och turlagets läge" }],
      teams: [
        {
          title: "mina",
          description: "Din loggning denna vecka och period, med turlagets läge.",
          scopes: ["personal", "team"],
        },
      ],
      handle: async ({ ctx, actor }) => myEntries(ctx, actor),
    },
  ],
  actions: {
    [UNDO_ACTION]: async ({ ctx, actor, action }) => undoLast(ctx, actor, action.value),
    [REMOVE_OWN_PART_ACTION]: async ({ ctx, actor, action }) => removeOwnPart(ctx, actor, action.value),
    [CHOOSE_ACTIVITY_ACTION]: async ({ ctx, actor, action, platform }) => {
      const choice = parseChoice(action.value);
      if (!choice) return textReply(translator(actor.lang)("common.unknownCommand", { text: action.id }));
      // a colleague's question (seen in a channel): their line is not logged as the presser's work
      if (choice.personId !== undefined && choice.personId !== actor.id)
        return textReply(translator(actor.lang)("log.ask.notYours"));
      const { line, activityId, mentions, parts } = choice;
      return (await logWork(ctx, { actor, line, activityId, parts, platform, mentions, source: platform })).reply;
    },
    [LOG_ANYWAY_ACTION]: async (request) => answerQuestion(request, false),
    // "Spara utan …": the line without those who have it, checked again (askFirst.ts)
    [LOG_WITHOUT_ACTION]: async (request) => answerQuestion(request, true),
    [LOG_CANCEL_ACTION]: async ({ ctx, actor, action }) => cancelAnyway(ctx, actor, action.value),
  },
  forms: {
    [LOG_FORM]: async ({ ctx, actor, values, platform }) => {
      const outcome = await submitLogForm(ctx, actor, values, platform);
      if (outcome.kind === "done") return outcome;
      return { kind: "errors", errors: outcome.errors, form: await logForm(ctx, actor, outcome.errors, values) };
    },
  },
};

/**
 * "Spara ändå" (past the questions) or "Spara utan …" (`recheck`: without the
 * people named, checked again): the line as it was asked about, once (its token).
 */
async function answerQuestion({ ctx, actor, action, platform }: ActionRequest, recheck: boolean): Promise<Reply> {
  const anyway: LogAnyway | null = parseLogAnyway(action.value);
  if (!anyway || (recheck && !anyway.without))
    return textReply(translator(actor.lang)("common.unknownCommand", { text: action.id }));
  if (anyway.personId !== actor.id) return textReply(translator(actor.lang)("log.ask.notYours"));
  const { token, asOf, line, activityId, parts, mentions, othersById, note, without } = anyway;
  return (
    await logWork(ctx, {
      actor,
      line,
      activityId,
      parts,
      platform,
      mentions,
      othersById,
      note,
      source: platform,
      anyway: { token, asOf, ...(recheck ? { recheck } : {}) },
      ...(without ? { without } : {}),
    })
  ).reply;
}
