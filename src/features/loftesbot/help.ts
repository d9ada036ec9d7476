// /loftesbot hjälp
import type { Lang } from "../../domain/lang.js";
import { translator } from "../../i18n/index.js";
import type { Reply } from "../../core/reply.js";

export function help(lang: Lang): Reply {
  const t = translator(lang);
  return {
    text: `${t("help.heading")}: ${t("help.intro")}`,
    blocks: [
      { kind: "heading", text: t("help.heading") },
      { kind: "text", text: t("help.intro") },
      { kind: "text", text: t("help.commands") },
      { kind: "context", text: t("help.lineFormat") },
    ],
  };
}
