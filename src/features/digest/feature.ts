// The gruppchef digest: a weekly private summary to each group leader (the
// job), `/sammanfattning` to ask for it any time, and its two buttons — forward the group's status to its channel (the
// status feature sends it), and open a poll's results (the dialog feature
// decides who may see what, as for `/dialog resultat <id>`).
import type { Feature } from "../../core/feature.js";
import { showResults } from "../dialog/index.js";
import { queueForward } from "../status/index.js";
import { FORWARD_STATUS_ACTION, POLL_RESULTS_ACTION } from "./digestMessage.js";
import { groupDigestJob } from "./jobs.js";
import { digestOnDemand } from "./onDemand.js";

export const digestFeature: Feature = {
  name: "digest",
  commands: [
    {
      name: "sammanfattning",
      aliases: ["digest"],
      help: {
        sv: ["*/sammanfattning* – veckosammanfattningen för dina grupper nu, med ett förslag (gruppchef)"],
        en: ["*/sammanfattning* – the weekly digest for your groups now, with a suggestion (gruppchef)"],
      },
      slack: [
        { command: "/sammanfattning", description: "Gruppchefens sammanfattning nu: gruppens läge och ett förslag" },
      ],
      teams: [
        {
          title: "sammanfattning",
          description: "Gruppchefens sammanfattning nu: gruppens del av målen och ett förslag.",
          scopes: ["personal"],
        },
      ],
      handle: async ({ ctx, actor }) => digestOnDemand(ctx, actor),
    },
  ],
  actions: {
    [FORWARD_STATUS_ACTION]: async ({ ctx, actor, action }) => queueForward(ctx, actor, action.value),
    [POLL_RESULTS_ACTION]: async ({ ctx, actor, action }) => showResults(ctx, actor, action.value),
  },
  jobs: [groupDigestJob],
};
