// `/dialog`: the person's own medarbetardialoger — those to answer (with
// whether they have, found through their own token), those they created,
// those to groups they lead, and closed ones they took part in — with a
// button each. Counts of an anonymous poll below the anonymity threshold are
// shown as "fewer than"; a named poll's are shown as they are.
import type { Actor } from "../../domain/organisation.js";
import { ownAnswers } from "./sheets.js";
import { type Translate, translator } from "../../i18n/index.js";
import type { Block, Button, Reply } from "../../core/reply.js";
import { type PollRecord, pollRepository } from "./store.js";
import type { CoreContext } from "../../core/context.js";
import { canCreatePolls, isOpen } from "./access.js";
import { RESULTS_ACTION } from "./forms.js";
import { answerButton, kindText, when } from "./pollMessages.js";
import { thresholdOf } from "./pollResults.js";

function answeredText(t: Translate, answered: number, asked: number, min: number): string {
  return answered >= min
    ? t("dialog.list.answeredCount", { count: answered, asked })
    : t("dialog.list.answeredFew", { min, asked });
}

/** `/dialog`: polls to answer, polls I created, polls to groups I lead, and closed ones I took part in. */
export async function listPolls(ctx: CoreContext, actor: Actor): Promise<Reply> {
  const t = translator(actor.lang);
  const repo = pollRepository(ctx);
  const blocks: Block[] = [{ kind: "heading", text: t("dialog.list.heading") }];
  const buttons: Button[] = [];
  const item = (p: PollRecord) => t("dialog.list.item", { id: p.id, title: p.title, kind: kindText(t, p) });
  const status = async (p: PollRecord) => {
    // a named poll has no threshold (thresholdOf): its real count, as its results page gives it
    const answered = answeredText(
      t,
      await repo.responseCount(p.id),
      await repo.recipientCount(p.id),
      thresholdOf(ctx, p),
    );
    return p.status === "closed"
      ? t("dialog.list.closed", { closed: when(ctx, actor.lang, p.closedAt ?? p.closesAt), answered })
      : t("dialog.list.open", { closes: when(ctx, actor.lang, p.closesAt), answered });
  };

  const asked = await repo.pollsAsking(actor.id, 20);
  const toAnswer = asked.filter((p) => isOpen(ctx, p));
  if (toAnswer.length > 0) {
    const lines = [t("dialog.list.toAnswer")];
    for (const p of toAnswer) {
      const mine = await ownAnswers(ctx, p, actor.id);
      const closes = when(ctx, actor.lang, p.closesAt);
      lines.push(
        `${item(p)} – ${mine ? t("dialog.list.answered", { closes }) : t("dialog.list.notAnswered", { closes })}`,
      );
      buttons.push(answerButton(t, p.id, t("dialog.list.answerLabel", { id: p.id })));
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  const created = await repo.pollsCreatedBy(actor.id, 10);
  if (created.length > 0) {
    const lines = [t("dialog.list.created")];
    for (const p of created) {
      lines.push(`${item(p)} – ${await status(p)}`);
      buttons.push({ label: t("dialog.list.resultsLabel", { id: p.id }), action: { id: RESULTS_ACTION, value: p.id } });
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  const ofGroups = (await repo.pollsOfGroups(actor.leadsGroupIds, 10)).filter((p) => p.createdById !== actor.id);
  if (ofGroups.length > 0) {
    const lines = [t("dialog.list.groups")];
    for (const p of ofGroups) {
      lines.push(`${item(p)} – ${await status(p)}`);
      buttons.push({ label: t("dialog.list.resultsLabel", { id: p.id }), action: { id: RESULTS_ACTION, value: p.id } });
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  const taken = asked.filter((p) => p.status === "closed" && !ofGroups.some((g) => g.id === p.id)).slice(0, 5);
  if (taken.length > 0) {
    const lines = [t("dialog.list.taken")];
    for (const p of taken) {
      lines.push(`${item(p)} – ${await status(p)}`);
      buttons.push({ label: t("dialog.list.resultsLabel", { id: p.id }), action: { id: RESULTS_ACTION, value: p.id } });
    }
    blocks.push({ kind: "text", text: lines.join("\n") });
  }
  if (blocks.length === 1) blocks.push({ kind: "text", text: t("dialog.list.none") });
  if (canCreatePolls(actor)) blocks.push({ kind: "context", text: t("dialog.list.createHint") });
  const unique = buttons.filter((b, i) => buttons.findIndex((x) => x.label === b.label) === i).slice(0, 10);
  if (unique.length > 0) blocks.push({ kind: "actions", buttons: unique });
  const summary = blocks
    .filter((b): b is { kind: "text"; text: string } => b.kind === "text")
    .map((b) => b.text)
    .join(" ");
  return { text: `${t("dialog.list.heading")}: ${summary}`.slice(0, 2000), blocks };
}
