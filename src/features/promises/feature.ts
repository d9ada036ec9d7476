// The promises feature: `/lofte` (the promises that concern me, with
// progress) and, for kommunpolis and admin, `/lofte ny`,
// `/lofte ändra <kod | löfte> [kommun]`, the buttons that add an activity or
// pick one, and the three forms.
import type { Feature } from "../../core/feature.js";
import { openAddActivity, openEditActivity, submitActivity } from "./activityForm.js";
import { editCommand } from "./editCommand.js";
import { openEditPromise, submitPromiseEdit } from "./editPromise.js";
import {
  ACTIVITY_FORM,
  ADD_ACTIVITY_ACTION,
  EDIT_ACTIVITY_ACTION,
  EDIT_PROMISE_ACTION,
  EDIT_PROMISE_FORM,
  NEW_PROMISE_FORM,
  PROMISE_DONE_ACTION,
} from "./forms.js";
import { openNewPromise, submitNewPromise } from "./newPromise.js";
import { promiseList } from "./promiseList.js";
import { promiseSummary } from "./summary.js";

const NEW_WORDS = /^(ny|nytt|new|skapa|create)$/i;
const EDIT_WORDS = /^(ändra|andra|edit)$/i;

export const promisesFeature: Feature = {
  name: "promises",
  commands: [
    {
      name: "lofte",
      aliases: ["löfte", "loften", "löften"],
      help: {
        sv: [
          "*/lofte* – löftena som gäller dig",
          "*/lofte ny*, */lofte ändra L2* – skapa eller ändra löfte (kommunpolis, admin)",
        ],
        en: [
          "*/lofte* – the promises that concern you",
          "*/lofte ny*, */lofte ändra L2* – create or edit a promise (kommunpolis, admin)",
        ],
      },
      slack: [
        { command: "/lofte", description: "Löftena som gäller mig, med hur det går", usageHint: "[ny | ändra L2]" },
      ],
      teams: [
        {
          title: "lofte",
          description: "Medborgarlöftena som gäller dig, med hur det går.",
          scopes: ["personal", "team"],
        },
        { title: "lofte ny", description: "Skapa ett nytt medborgarlöfte (kommunpolis, admin).", scopes: ["personal"] },
      ],
      handle: async ({ ctx, actor, args }) => {
        if (args === "") return promiseList(ctx, actor);
        const [sub = "", ...rest] = args.split(" ");
        if (NEW_WORDS.test(sub)) return openNewPromise(ctx, actor);
        if (EDIT_WORDS.test(sub)) return editCommand(ctx, actor, rest.join(" "));
        return null;
      },
    },
  ],
  actions: {
    [ADD_ACTIVITY_ACTION]: async ({ ctx, actor, action }) => openAddActivity(ctx, actor, action.value),
    [EDIT_ACTIVITY_ACTION]: async ({ ctx, actor, action }) => openEditActivity(ctx, actor, action.value),
    [EDIT_PROMISE_ACTION]: async ({ ctx, actor, action }) => openEditPromise(ctx, actor, action.value),
    [PROMISE_DONE_ACTION]: async ({ ctx, actor, action }) => promiseSummary(ctx, actor, action.value),
  },
  forms: {
    [NEW_PROMISE_FORM]: async ({ ctx, actor, values }) => submitNewPromise(ctx, actor, values),
    [ACTIVITY_FORM]: async ({ ctx, actor, state, values }) => submitActivity(ctx, actor, state, values),
    [EDIT_PROMISE_FORM]: async ({ ctx, actor, state, values }) => submitPromiseEdit(ctx, actor, state, values),
  },
};
