// The help text: a heading, what the bot is for, one line per usage from every
// feature's command declarations (the registry), and the one-line log's format.
import type { Lang } from "../domain/lang.js";
import { translator } from "../i18n/index.js";
import { forConversation, type Reply } from "./reply.js";

export function helpReply(lang: Lang, lines: readonly string[]): Reply {
  const t = translator(lang);
  // what the bot can do, for everyone where it was asked
  return forConversation({
    text: `${t("help.heading")}: ${t("help.intro")}`,
    blocks: [
      { kind: "heading", text: t("help.heading") },
      { kind: "text", text: t("help.intro") },
      { kind: "text", text: lines.join("\n") },
      { kind: "context", text: t("help.lineFormat") },
    ],
  });
}
