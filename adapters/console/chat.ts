// `loftesbot chat --as PERSON`: the console front end on the same core.
// Interactive in a terminal; from a pipe it reads one message per line and
// prints each reply as plain text, so it can be scripted. A form is asked
// field by field (a guided dialogue); a number presses a numbered button.
// Everything written to the terminal goes through terminalText(): no control
// character a person wrote (an ESC sequence in a note, say) reaches it.
// On start it shows what arrived in the person's console inbox since last
// time (messages no chat platform could deliver) and marks them read.
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Loftesbot } from "../../src/core/loftesbot.js";
import { type Button, type FormSpec, type FormValues, plainText, type Reply } from "../../src/core/reply.js";
import { consoleMentions } from "./mentions.js";
import { fieldError, fieldPrompt, formHeader, KEPT_BUTTON, renderReplyText, terminalText } from "./renderText.js";

export interface ChatOptions {
  bot: Loftesbot;
  personId: string;
  input: Readable;
  output: Writable;
  interactive: boolean;
  /** the person's console inbox (what no chat platform delivered); shown on start */
  inbox?: {
    unread(): Promise<{ text: string; createdAt: Date }[]>;
    markRead(): Promise<void>;
  };
}

const KEPT_BUTTONS_HINT = {
  sv: "Knapparna i meddelandena ovan ([Svara] och andra inom hakparentes) trycker du på i Slack eller Teams. Här skriver du kommandot i stället: `dialog` för att svara på en medarbetardialog, `sammanfattning` för veckosammanfattningen.",
  en: "The buttons in the messages above (in square brackets) are pressed in Slack or Teams. Here, type the command instead: `dialog` to answer a staff dialogue, `sammanfattning` for the weekly digest.",
};

const SINCE_LAST = {
  sv: (n: number) => `${n} ${n === 1 ? "meddelande" : "meddelanden"} sedan sist:`,
  en: (n: number) => `${n} ${n === 1 ? "message" : "messages"} since last time:`,
};

const NOT_A_CHOICE = {
  sv: (answer: string, several: boolean) =>
    `"${answer}" är inget av alternativen – skriv numret, t.ex. \`1\`${several ? " (flera med komma: `1,3`)" : ""}.`,
  en: (answer: string, several: boolean) =>
    `"${answer}" is none of the choices – type its number, e.g. \`1\`${several ? " (several with commas: `1,3`)" : ""}.`,
};

type FormField = FormSpec["fields"][number];

const answers = (text: string): string[] =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** The option an answer names: its number, its value, or the start of its label. */
function optionValue(field: FormField, answer: string): string | undefined {
  if (field.kind !== "choice" && field.kind !== "people") return undefined;
  return (
    field.options[Number(answer) - 1]?.value ??
    field.options.find((o) => o.value === answer || plainText(o.label).toLowerCase().startsWith(answer.toLowerCase()))
      ?.value
  );
}

/** The part of an answer to a choice that names none of its options (or the whole answer when it names several of a single choice), else undefined. */
function notAChoice(field: FormField, answer: string | null): string | undefined {
  if (field.kind !== "choice" || answer === null) return undefined;
  const words = answers(answer.trim());
  if (!field.multiple && words.length > 1) return answer.trim();
  return words.find((s) => optionValue(field, s) === undefined);
}

export async function runChat(options: ChatOptions): Promise<number> {
  const { bot, personId, output } = options;
  const actor = await bot.actorFor("console", personId);
  const write = (text: string) => output.write(`${terminalText(text)}\n`);
  if (!actor) {
    write(renderReplyText(await bot.notRegistered()).text);
    return 1;
  }
  const rl = createInterface({ input: options.input, terminal: options.interactive });
  const lines = rl[Symbol.asyncIterator]();
  const prompt = () => {
    if (options.interactive) output.write(`${terminalText(actor.name)}> `);
  };
  const nextLine = async (): Promise<string | null> => {
    const next = await lines.next();
    return next.done ? null : String(next.value);
  };
  if (options.interactive)
    write(`Löftesbot – inloggad som ${actor.name} (${actor.id}). Skriv "hjälp", avsluta med Ctrl-D.`);
  const unread = (await options.inbox?.unread()) ?? [];
  if (unread.length > 0) {
    write(SINCE_LAST[actor.lang](unread.length));
    for (const message of unread)
      write(`\n── ${message.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC\n${message.text}`);
    if (unread.some((m) => KEPT_BUTTON.test(m.text))) write(`\n${KEPT_BUTTONS_HINT[actor.lang]}`);
    write("");
    await options.inbox?.markRead();
  }

  let buttons: Button[] = [];
  const show = async (reply: Reply) => {
    const rendered = renderReplyText(reply);
    write(rendered.text);
    buttons = rendered.buttons;
    if (reply.form) await fillForm(reply.form);
  };

  const fillForm = async (form: FormSpec): Promise<void> => {
    let current = form;
    const values: FormValues = {};
    for (let attempt = 0; attempt < 3; attempt++) {
      write(formHeader(current));
      const ask = attempt === 0 ? current.fields : current.fields.filter((f) => current.errors?.[f.name]);
      for (const field of ask) {
        if (current.errors?.[field.name]) write(fieldError(current.errors[field.name]));
        write(fieldPrompt(field, actor.lang));
        let answer = await nextLine();
        // a chat platform offers only the choices; here an answer that is none of them is asked again
        for (let refused = notAChoice(field, answer); answer !== null && refused; refused = notAChoice(field, answer)) {
          write(fieldError(NOT_A_CHOICE[actor.lang](refused, field.kind === "choice" && field.multiple === true)));
          write(fieldPrompt(field, actor.lang));
          answer = await nextLine();
        }
        if (answer === null) return;
        const text = answer.trim();
        if (
          text === "" &&
          field.kind !== "people" &&
          "initial" in field &&
          field.initial !== undefined &&
          field.initial !== ""
        ) {
          values[field.name] = typeof field.initial === "number" ? String(field.initial) : field.initial;
          continue;
        }
        if (field.kind === "choice" || field.kind === "people") {
          const picks = answers(text).map((s) => optionValue(field, s) ?? s);
          values[field.name] = field.kind === "people" || field.multiple ? picks : picks[0];
        } else values[field.name] = text || undefined;
      }
      const outcome = await bot.submitForm({
        platform: "console",
        userId: personId,
        formId: current.id,
        state: current.state,
        values,
      });
      if (outcome.kind === "done") {
        await show(outcome.reply);
        return;
      }
      current = outcome.form;
    }
  };

  prompt();
  for (;;) {
    const line = await nextLine();
    if (line === null) break;
    const text = line.trim();
    if (text === "") {
      prompt();
      continue;
    }
    if (/^(exit|quit|avsluta)$/i.test(text)) break;
    try {
      const pressed = /^\d{1,2}$/.test(text) ? buttons[Number(text) - 1] : undefined;
      const reply = pressed
        ? await bot.handleAction({ platform: "console", userId: personId, action: pressed.action })
        : await bot.handleMessage({ platform: "console", userId: personId, text, mentions: consoleMentions(text) });
      await show(reply);
    } catch (error) {
      bot.ctx.logger.error({ event: "console.error", err: error }, "console message failed");
      write("Något gick fel hos Löftesbot just nu – försök igen. Inget sparades.");
    }
    prompt();
  }
  rl.close();
  return 0;
}
