// The foundation's feature: the one-line log, undo, my entries, the promise
// list, help and channel binding.
import type { Lang } from "../../domain/lang.js";
import { translator } from "../../i18n/index.js";
import { textReply } from "../../core/reply.js";
import { bindChannel } from "../loftesbot/bindChannel.js";
import { help } from "../loftesbot/help.js";
import { CHOOSE_ACTIVITY_ACTION, LOG_FORM, logForm, logWork, submitLogForm, UNDO_ACTION, undoLast } from "./logWork.js";
import { myEntries } from "./myEntries.js";
import { promiseList } from "../promises/promiseList.js";
import type { Feature } from "../../core/feature.js";

export const loggingFeature: Feature = {
  name: "logging",
  commands: {
    logga: async ({ ctx, actor, args, platform, mentions }) => {
      if (args === "") return { ...textReply(logFormTitle(actor.lang)), form: await logForm(ctx, actor) };
      if (/^(ångra|angra|undo)$/i.test(args)) return undoLast(ctx, actor);
      const outcome = await logWork(ctx, {
        actor,
        line: args,
        mentions: { platform, resolved: mentions },
        source: platform,
      });
      return outcome.reply;
    },
    mina: async ({ ctx, actor }) => myEntries(ctx, actor),
    lofte: async ({ ctx, actor, args }) => (args === "" ? promiseList(ctx, actor) : null),
    loftesbot: async ({ ctx, actor, args, platform, channelId }) => {
      const [sub, ...rest] = args.split(" ");
      if (/^(koppla|bind)$/i.test(sub ?? "")) return bindChannel(ctx, actor, platform, channelId, rest.join(" "));
      return help(actor.lang);
    },
  },
  actions: {
    [UNDO_ACTION]: async ({ ctx, actor, action }) => undoLast(ctx, actor, action.value),
    [CHOOSE_ACTIVITY_ACTION]: async ({ ctx, actor, action, platform }) => {
      const choice = parseChoice(action.value);
      if (!choice) return textReply(translator(actor.lang)("common.unknownCommand", { text: action.id }));
      return (
        await logWork(ctx, { actor, line: choice.l, activityId: choice.a, mentions: { platform }, source: platform })
      ).reply;
    },
  },
  forms: {
    [LOG_FORM]: async ({ ctx, actor, values, platform }) => {
      const outcome = await submitLogForm(ctx, actor, values, platform);
      if (outcome.kind === "done") return outcome;
      return { kind: "errors", errors: outcome.errors, form: await logForm(ctx, actor, outcome.errors, values) };
    },
  },
};

/** The value of an activity-choice button: { a: activity id, l: the line }; null when it is not one. */
function parseChoice(value: string): { a: string; l: string } | null {
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed !== "object" || parsed === null) return null;
    const { a, l } = parsed as { a?: unknown; l?: unknown };
    return typeof a === "string" && typeof l === "string" ? { a, l } : null;
  } catch {
    return null;
  }
}

function logFormTitle(lang: Lang): string {
  return lang === "sv" ? "Logga arbete" : "Log work";
}
