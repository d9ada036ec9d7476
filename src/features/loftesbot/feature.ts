// `/loftesbot hjälp` (also `hjälp`, `help` alone): what the bot can do, built
// from every feature's help lines; `/loftesbot koppla <grupp>`: bind this
// channel to a group (admin, or that group's gruppchef).
import type { Feature } from "../../core/feature.js";
import { helpReply } from "../../core/help.js";
import { forConversation } from "../../core/reply.js";
import { bindChannel } from "./bindChannel.js";

export const loftesbotFeature: Feature = {
  name: "loftesbot",
  commands: [
    {
      name: "loftesbot",
      aliases: ["löftesbot"],
      shortcuts: { hjälp: "hjälp", hjalp: "hjälp", help: "hjälp" },
      help: {
        sv: [
          "*/loftesbot koppla <grupp>* – koppla kanalen till en grupp (admin, gruppchef)",
          "*/loftesbot hjälp* – den här hjälpen (även `hjälp` eller `help` ensamt)",
        ],
        en: [
          "*/loftesbot koppla <group>* – bind this channel to a group (admin, gruppchef)",
          "*/loftesbot hjälp* – this help (also `help` or `hjälp` alone)",
        ],
      },
      slack: [
        {
          command: "/loftesbot",
          description: "Hjälp med exempel, eller koppla kanalen till en grupp",
          usageHint: "hjälp | koppla <grupp>",
        },
      ],
      teams: [
        {
          title: "loftesbot koppla",
          description: 'Koppla den här kanalen till en grupp, t.ex. "loftesbot koppla ig-1".',
          scopes: ["team"],
        },
        { title: "loftesbot hjälp", description: "Vad Löftesbot kan, med exempel.", scopes: ["personal", "team"] },
      ],
      handle: async ({ ctx, actor, args, platform, channelId, registry }) => {
        const [sub, ...rest] = args.split(" ");
        // binding is about the channel it is asked in: its answer is said there
        if (/^(koppla|bind)$/i.test(sub ?? ""))
          return forConversation(await bindChannel(ctx, actor, platform, channelId, rest.join(" ")));
        return helpReply(actor.lang, registry.helpLines(actor.lang));
      },
    },
  ],
};
