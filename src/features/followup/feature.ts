// The follow-up feature in chat: `/uppfoljning <kommun> [period]` — the figures
// against the targets, with a chart; no text opens a form (kommunpolis,
// gruppchef for their own groups, lpo-chef, admin); and the monthly
// follow-up to kommunpoliser and the lpo-chef (a job).
import type { Feature } from "../../core/feature.js";
import { textReply } from "../../core/reply.js";
import { followUpCommand } from "./command.js";
import { FOLLOW_UP_FORM, followUpForm, followUpFormArgs } from "./form.js";
import { monthlyFollowUpJob } from "./jobs.js";
import { followUpScope } from "./scope.js";

export const followUpFeature: Feature = {
  name: "followup",
  commands: [
    {
      name: "uppfoljning",
      aliases: ["uppföljning"],
      slow: true,
      help: {
        sv: [
          "*/uppfoljning <kommun> [period]* – uppföljning mot målen",
          "*/uppfoljning <kommun> [period] effekt* – indikatorerna före och under perioden",
        ],
        en: [
          "*/uppfoljning <kommun> [period]* – follow-up against targets",
          "*/uppfoljning <kommun> [period] effekt* – the indicators before and during the period",
        ],
      },
      slack: [
        {
          command: "/uppfoljning",
          description: "Uppföljning mot målen för en kommun, med diagram",
          usageHint: "<kommun> [period] [effekt]",
        },
      ],
      teams: [
        {
          title: "uppfoljning",
          description: 'Uppföljning mot målen för en kommun, t.ex. "uppfoljning norrdal".',
          scopes: ["personal", "team"],
        },
      ],
      handle: async ({ ctx, actor, args }) => {
        if (args === "") {
          if (!followUpScope(actor)) return followUpCommand(ctx, actor, "");
          const form = await followUpForm(ctx, actor);
          return { ...textReply(form.title), form };
        }
        return followUpCommand(ctx, actor, args);
      },
    },
  ],
  forms: {
    [FOLLOW_UP_FORM]: async ({ ctx, actor, values }) => {
      const checked = await followUpFormArgs(ctx, actor, values);
      if (!checked.ok)
        return { kind: "errors", errors: checked.errors, form: await followUpForm(ctx, actor, checked.errors, values) };
      return { kind: "done", reply: await followUpCommand(ctx, actor, checked.args) };
    },
  },
  jobs: [monthlyFollowUpJob],
};
