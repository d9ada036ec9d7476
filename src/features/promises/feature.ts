// Managing promises from chat (kommunpolis, admin): `/lofte ny`,
// `/lofte ändra <kod | löfte> [kommun]`, the buttons that add an activity or
// pick one, and the three forms. `/lofte` alone is the logging feature's list.
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
import { promiseSummary } from "./summary.js";
import type { Feature } from "../../core/feature.js";

const NEW_WORDS = /^(ny|nytt|new|skapa|create)$/i;
const EDIT_WORDS = /^(ändra|andra|edit)$/i;

export const promisesFeature: Feature = {
  name: "promises",
  commands: {
    lofte: async ({ ctx, actor, args }) => {
      const [sub = "", ...rest] = args.split(" ");
      if (NEW_WORDS.test(sub)) return openNewPromise(ctx, actor);
      if (EDIT_WORDS.test(sub)) return editCommand(ctx, actor, rest.join(" "));
      return null;
    },
  },
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
