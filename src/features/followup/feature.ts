// Follow-up in chat: `/uppfoljning <kommun> [period]` (no text opens a form),
// and the gruppchef digest's buttons — forward the group's status to its
// channel, and open a poll's results (the poll feature's `/dialog resultat`).
import { translator } from "../../i18n/index.js";
import { textReply } from "../../core/reply.js";
import { followUpCommand } from "./command.js";
import { FOLLOW_UP_FORM, followUpForm, followUpFormArgs } from "./form.js";
import { followUpScope } from "./scope.js";
import { queueForward } from "../status/forwardStatus.js";
import { FORWARD_STATUS_ACTION, POLL_RESULTS_ACTION } from "../digest/index.js";
import type { Feature } from "../../core/feature.js";

export const followUpFeature: Feature = {
  name: "followUp",
  commands: {
    uppfoljning: async ({ ctx, actor, args }) => {
      if (args === "") {
        if (!followUpScope(actor)) return followUpCommand(ctx, actor, "");
        const form = await followUpForm(ctx, actor);
        return { ...textReply(form.title), form };
      }
      return followUpCommand(ctx, actor, args);
    },
  },
  actions: {
    [FORWARD_STATUS_ACTION]: async ({ ctx, actor, action }) => queueForward(ctx, actor, action.value),
    // the same as typing `/dialog resultat <id>`: the poll feature decides who may see what
    [POLL_RESULTS_ACTION]: async (request) => {
      const { features } = await import("../index.js");
      const args = `resultat ${request.action.value}`;
      for (const feature of features) {
        const handler = feature.commands?.dialog;
        if (!handler) continue;
        const reply = await handler({ ...request, args });
        if (reply) return reply;
      }
      return textReply(translator(request.actor.lang)("pollResults.unavailable", { id: request.action.value }));
    },
  },
  forms: {
    [FOLLOW_UP_FORM]: async ({ ctx, actor, values }) => {
      const checked = await followUpFormArgs(ctx, actor, values);
      if (!checked.ok)
        return { kind: "errors", errors: checked.errors, form: await followUpForm(ctx, actor, checked.errors, values) };
      return { kind: "done", reply: await followUpCommand(ctx, actor, checked.args) };
    },
  },
};
