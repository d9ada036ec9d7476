// The medarbetardialog from chat: `/dialog` (my polls), `/dialog ny` (the
// create form), `/dialog svara <id>`, `/dialog resultat <id>`,
// `/dialog återkoppling <id> [text]` (the creator's feedback note; the old
// words uppfoljning/follow-up still work); the Svara, Resultat, Skicka till
// gruppen and Lägg till uppföljning buttons; the create, answer and feedback forms.
// The requests that show or store a person's own answer (`/dialog`,
// `/dialog svara`, Svara, the answer form) are declared unrecorded: the front
// door keeps no request key of them, which would say who answered when.
import { translator } from "../../i18n/index.js";
import { textReply } from "../../core/reply.js";
import { openAnswerForm, submitAnswer } from "./answer.js";
import { openCreateForm, openHurFromVad, submitCreateForm } from "./create.js";
import { addFeedback, submitFeedback } from "./feedback.js";
import {
  ANSWER_ACTION,
  FEEDBACK_ACTION,
  FORWARD_ACTION,
  HUR_FROM_ACTION,
  POLL_ANSWER_FORM,
  POLL_FEEDBACK_FORM,
  POLL_FORM,
  RESULTS_ACTION,
} from "./forms.js";
import { listPolls } from "./list.js";
import { pollJobs } from "./jobs.js";
import { requestForward, showResults } from "./results.js";
import type { Feature } from "../../core/feature.js";

const NEW = /^(ny|nytt|new|skapa|create)$/i;
const ANSWER = /^(svara|answer)$/i;
const RESULTS = /^(resultat|results?)$/i;
/** återkoppling is the documented word; the words of its first name (uppföljning, follow-up) still work */
const FEEDBACK = /^(återkoppling|aterkoppling|feedback|uppföljning|uppfoljning|följupp|folj-?upp|follow-?up)$/i;
const HELP = /^(hjälp|hjalp|help)$/i;

export const dialogFeature: Feature = {
  name: "dialog",
  commands: [
    {
      name: "dialog",
      slow: true,
      help: {
        sv: [
          "*/dialog* – dina medarbetardialoger: att svara på, som du skapat, till dina grupper",
          "*/dialog ny* – ny medarbetardialog (kommunpolis, gruppchef, admin)",
          "*/dialog resultat <id>* – resultat av en dialog",
          "*/dialog återkoppling <id> <vad ni gör>* – återkoppla vad ni gör med svaren (den som skapade dialogen)",
        ],
        en: [
          "*/dialog* – your staff dialogues: to answer, created by you, to your groups",
          "*/dialog ny* – new staff dialogue (kommunpolis, gruppchef, admin)",
          "*/dialog resultat <id>* – results of a dialogue",
          "*/dialog återkoppling <id> <what you do>* – tell what you do with the answers (the dialogue's creator)",
        ],
      },
      slack: [
        {
          command: "/dialog",
          description: "Medarbetardialog om vad och hur – ny, eller resultat",
          usageHint: "ny | resultat <id>",
        },
      ],
      teams: [
        {
          title: "dialog ny",
          description: "Starta en medarbetardialog (kommunpolis, gruppchef, admin).",
          scopes: ["personal", "team"],
        },
        {
          title: "dialog resultat",
          description: 'Resultatet av en medarbetardialog, t.ex. "dialog resultat 12".',
          scopes: ["personal", "team"],
        },
      ],
      handle: async ({ ctx, actor, args }) => {
        const t = translator(actor.lang);
        const [sub = "", id = "", ...rest] = args.split(" ");
        if (sub === "") return listPolls(ctx, actor);
        if (NEW.test(sub)) return openCreateForm(ctx, actor);
        if (HELP.test(sub)) return textReply(t("dialog.usage"));
        const needId = () => textReply(t("dialog.needId", { sub: sub.toLowerCase() }));
        if (ANSWER.test(sub)) return id ? openAnswerForm(ctx, actor, id) : needId();
        if (RESULTS.test(sub)) return id ? showResults(ctx, actor, id) : needId();
        if (FEEDBACK.test(sub)) return id ? addFeedback(ctx, actor, id, rest.join(" ")) : needId();
        // `/dialog d3` shows the results
        if (/^#?d\d+$/i.test(sub)) return showResults(ctx, actor, sub);
        return textReply(t("dialog.usage"));
      },
      // the list says which polls the person has answered; svara opens their own answer
      unrecorded: (args) => {
        const sub = args.split(" ")[0] ?? "";
        return sub === "" || ANSWER.test(sub);
      },
    },
  ],
  unrecorded: { actions: [ANSWER_ACTION], forms: [POLL_ANSWER_FORM] },
  actions: {
    [ANSWER_ACTION]: async ({ ctx, actor, action }) => openAnswerForm(ctx, actor, action.value),
    [RESULTS_ACTION]: async ({ ctx, actor, action }) => showResults(ctx, actor, action.value),
    [FORWARD_ACTION]: async ({ ctx, actor, action }) => requestForward(ctx, actor, action.value),
    [FEEDBACK_ACTION]: async ({ ctx, actor, action }) => addFeedback(ctx, actor, action.value, ""),
    [HUR_FROM_ACTION]: async ({ ctx, actor, action }) => openHurFromVad(ctx, actor, action.value),
  },
  forms: {
    [POLL_FORM]: async ({ ctx, actor, values }) => submitCreateForm(ctx, actor, values),
    [POLL_ANSWER_FORM]: async ({ ctx, actor, state, values }) => submitAnswer(ctx, actor, state, values),
    [POLL_FEEDBACK_FORM]: async ({ ctx, actor, state, values }) => submitFeedback(ctx, actor, state, values),
  },
  jobs: pollJobs,
};
