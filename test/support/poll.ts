// An anonymous vad-dialogue made as its creator makes it, through the poll
// form (the console's path to the core), for tests that need one open: a
// scale question and a free-text question, asked of IG Turlag 1, closing
// 2 December 2026 16:00. `values` changes any field of the form.
import { expect } from "vitest";
import type { Core } from "../../src/app/compose.js";
import type { FormValues } from "../../src/core/reply.js";
import { POLL_FORM } from "../../src/features/dialog/forms.js";

export const POLL_FORM_VALUES: FormValues = {
  kind: "vad",
  title: "Trygghet i centrum",
  concerns: "k:norrdal",
  template: "own",
  questions: "skala: Hur trygg känner du dig på Torget?\nfritext: Vad borde vi göra först?",
  groups: ["ig-1"],
  closesDay: "2026-12-02",
  closesTime: "16:00",
  anonymous: "ja",
  whatNext: "Resultatet tas upp på APT i december.",
};

/** "Vad ska IG 1 prioritera?": a scale, a free text and a choice (Torget | Parken), about the Norrdal promise. */
export const priorityForm = (overrides: FormValues = {}): FormValues => ({
  ...POLL_FORM_VALUES,
  title: "Vad ska IG 1 prioritera?",
  concerns: "p:norrdal-2026",
  questions:
    "skala: Hur trygg känner du dig på Torget?\nfritext: Vad borde vi göra först?\nval: Var behövs vi mest? | Torget | Parken",
  whatNext: "Vi tar upp svaren på nästa APT.",
  ...overrides,
});

/** The new poll's id. */
export async function createPollAs(
  core: Pick<Core, "bot" | "ctx">,
  creatorId: string,
  values: FormValues = {},
): Promise<string> {
  const created = await core.bot.submitForm({
    platform: "console",
    userId: creatorId,
    formId: POLL_FORM,
    state: "",
    values: { ...POLL_FORM_VALUES, ...values },
  });
  expect(created.kind).toBe("done");
  return (await core.ctx.prisma.dialoguePoll.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).id;
}
