// The follow-up feature in chat: `/uppfoljning <kommun> [period]` — the figures
// against the targets, with a chart; no text opens a form (kommunpolis,
// gruppchef for their own groups, lpo-chef, admin); and the monthly
// follow-up to kommunpoliser and the lpo-chef (a job). `/uppfoljning <kommun>
// kvalitet` shows the quality scorecard, with its assessment button and form
// and the button that marks the citizen summary published (quality/chat.ts).
import type { Feature } from "../../core/feature.js";
import { textReply } from "../../core/reply.js";
import { followUpCommand } from "./command.js";
import { FOLLOW_UP_FORM, followUpForm, followUpFormArgs } from "./form.js";
import { monthlyFollowUpJob } from "./jobs.js";
import { followUpScope, kommunerOfLpo, matchKommun } from "./scope.js";
import { translator } from "../../i18n/index.js";
import {
  markPublished,
  openAssessForm,
  QUALITY_ASSESS_ACTION,
  QUALITY_FORM,
  QUALITY_PUBLISH_ACTION,
  submitAssessment,
} from "./quality/chat.js";

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
          "*/uppfoljning <kommun> kvalitet [period]* – prestation: Polisens kvalitetskriterier per löfte, bedöm det som saknas",
          "*/uppfoljning <kommun> publicerad <period>* – markera medborgarsammanfattningen publicerad",
        ],
        en: [
          "*/uppfoljning <kommun> [period]* – follow-up against targets",
          "*/uppfoljning <kommun> [period] effekt* – the indicators before and during the period",
          "*/uppfoljning <kommun> kvalitet [period]* – quality: Polisens quality criteria per promise, assess what is missing",
          "*/uppfoljning <kommun> published <period>* – mark the citizen summary published",
        ],
      },
      slack: [
        {
          command: "/uppfoljning",
          description: "Uppföljning mot målen för en kommun, med diagram",
          usageHint: "<kommun> [kvalitet|effekt] [period]",
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
  actions: {
    [QUALITY_ASSESS_ACTION]: ({ ctx, actor, action }) => openAssessForm(ctx, actor, action.value),
    [QUALITY_PUBLISH_ACTION]: async ({ ctx, actor, action }) => {
      const [kommunId = "", from = "", to = ""] = action.value.split("|");
      const kommun = matchKommun(await kommunerOfLpo(ctx, actor.lpoId), kommunId);
      if (!kommun) return textReply(translator(actor.lang)("quality.unknownPromise"));
      return markPublished(ctx, actor, kommun, from, to);
    },
  },
  forms: {
    [QUALITY_FORM]: ({ ctx, actor, state, values }) => submitAssessment(ctx, actor, state, values),
    [FOLLOW_UP_FORM]: async ({ ctx, actor, values }) => {
      const checked = await followUpFormArgs(ctx, actor, values);
      if (!checked.ok)
        return { kind: "errors", errors: checked.errors, form: await followUpForm(ctx, actor, checked.errors, values) };
      return { kind: "done", reply: await followUpCommand(ctx, actor, checked.args) };
    },
  },
  jobs: [monthlyFollowUpJob],
};
