// The foundation's feature: the one-line log, undo, my entries, the promise
// list, help and channel binding.
import { translator } from "../../i18n/index.js";
import { textReply } from "../../core/reply.js";
import { bindChannel } from "../loftesbot/bindChannel.js";
import { help } from "../loftesbot/help.js";
import { CHOOSE_ACTIVITY_ACTION, parseChoice } from "./choice.js";
import { UNDO_ACTION } from "./confirmation.js";
import { LOG_FORM, logForm, submitLogForm } from "./logForm.js";
import { logWork } from "./logLine.js";
import { myEntries } from "./myEntries.js";
import { undoLast } from "./undo.js";
import { promiseList } from "../promises/promiseList.js";
import type { Feature } from "../../core/feature.js";

export const loggingFeature: Feature = {
  name: "logging",
  commands: {
    logga: async ({ ctx, actor, args, platform, mentions }) => {
      if (args === "")
        return { ...textReply(translator(actor.lang)("log.form.title")), form: await logForm(ctx, actor) };
      if (/^(ångra|angra|undo)$/i.test(args)) return undoLast(ctx, actor);
      const outcome = await logWork(ctx, { actor, line: args, platform, mentions, source: platform });
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
      const { line, activityId, mentions } = choice;
      return (await logWork(ctx, { actor, line, activityId, platform, mentions, source: platform })).reply;
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
