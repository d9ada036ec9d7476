// The core's front door for every adapter (Slack, Teams, console): a message,
// a button or a form submission from a platform user becomes a call of the
// feature that owns it (the registry), on behalf of a known person, and comes
// back as the neutral reply model. Every request is answered within its
// deadline ("försök igen" otherwise, never a hang or a stack trace) and is
// handled at most once per request key.
// A message longer than MESSAGE_MAX_LENGTH characters, or a form value beyond
// the form limits, is answered with the limit and stored nowhere, unread.
// Each request gets a write tracker (writes.ts): when it fails or runs out of
// time, its answer says what it stored — nothing, the confirmation, or that
// it could not be confirmed — never "inget sparades" for a stored write.
import type { Actor } from "../domain/organisation.js";
import type { Platform } from "../domain/platform.js";
import { formatNumber, translator } from "../i18n/index.js";
import type { Action, FormOutcome, FormSpec, FormValues, Reply } from "./reply.js";
import type { ProcessedRequests } from "../storage/processedRequests.js";
import { metrics } from "../http/metrics.js";
import type { CoreContext } from "./context.js";
import { answerBy, TIMED_OUT, within } from "./deadline.js";
import { helpReply } from "./help.js";
import type { Registry } from "./registry.js";
import type { Lang } from "../domain/lang.js";
import { OPEN_FORM_ACTION, textReply } from "./reply.js";
import { currentWrites, RequestWrites, withWrites } from "./writes.js";

export interface MessageInput {
  platform: Platform;
  userId: string;
  text: string;
  /** the channel the message came from (for `koppla`); none in a personal chat */
  channelId?: string;
  /** a unique key for this request (event id, activity id) to ignore repeats */
  requestKey?: string;
  /** mention tokens as they appear in the text → platform user id */
  mentions?: Record<string, string>;
  /** how long the answer may take (default: answerWithinMs); an adapter that acked first may allow more */
  deadlineMs?: number;
}

export interface ActionInput {
  platform: Platform;
  userId: string;
  action: Action;
  channelId?: string;
  requestKey?: string;
}

export interface FormInput {
  platform: Platform;
  userId: string;
  formId: string;
  state: string;
  values: FormValues;
  requestKey?: string;
}

export type FormRequest = { kind: "form"; form: FormSpec } | { kind: "reply"; reply: Reply };

/** The longest message (in characters) the core reads: a one-line log never needs more. */
export const MESSAGE_MAX_LENGTH = 4_000;
/** The longest form value (in characters; the longest field allows 2 000) and the most values one field may carry. */
export const FORM_VALUE_MAX_LENGTH = 4_000;
export const FORM_VALUE_MAX_ITEMS = 1_000;

/** Characters (code points) of `text`, counted only when its UTF-16 length could exceed `max`. */
function charactersBeyond(text: string, max: number): number | null {
  if (text.length <= max) return null;
  let characters = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff) characters++; // a low surrogate ends a character already counted
  }
  return characters > max ? characters : null;
}

/** A form value beyond the limits (too long, or too many values in one field). */
function formTooLarge(values: FormValues, state: string): boolean {
  if (typeof state === "string" && charactersBeyond(state, FORM_VALUE_MAX_LENGTH) !== null) return true;
  return Object.values(values ?? {}).some((value) => {
    const items = Array.isArray(value) ? value : [value];
    if (items.length > FORM_VALUE_MAX_ITEMS) return true;
    return items.some((item) => typeof item === "string" && charactersBeyond(item, FORM_VALUE_MAX_LENGTH) !== null);
  });
}

export class Loftesbot {
  constructor(
    readonly ctx: CoreContext,
    private readonly processed: ProcessedRequests,
    /** every feature's commands, actions, forms and jobs */
    readonly registry: Registry,
    /** how long a request may take before the user is told to try again (Slack acks within 3 s) */
    private readonly answerWithinMs = 2_500,
  ) {}

  /** The person behind a platform user, or null when not registered. */
  async actorFor(platform: Platform, userId: string): Promise<Actor | null> {
    return this.ctx.organisation.actorForPlatform(platform, userId, this.ctx.defaultLang);
  }

  async notRegistered(): Promise<Reply> {
    const t = translator(this.ctx.defaultLang);
    const admins = await this.ctx.organisation.adminNames();
    return textReply(
      t("common.notRegistered", { admins: admins.length > 0 ? admins.join(", ") : t("common.noAdmins") }),
    );
  }

  /**
   * Runs `work` once per request key (see processedRequests.ts). A repeat
   * gets the first attempt's reply, or the receipt of what it stored. A
   * request the owning feature declares unrecorded (a person's own anonymous
   * answer) keeps no key at all.
   */
  private async once<T>(
    key: string | undefined,
    unrecorded: boolean,
    work: () => Promise<T>,
    shape: (reply: Reply) => T,
    deadlineMs = this.answerWithinMs,
  ): Promise<T> {
    if (!key || unrecorded) return work();
    return this.processed.once(key, work, () => shape(this.stillWorking()), {
      deadlineMs,
      // a repeat answers before its own deadline: with the receipt if there is one, else "still working"
      waitMs: Math.max(0, deadlineMs - 500),
      receipt: shape,
      committed: () => shape(currentWrites()?.receipt ?? this.savedNoReply()),
    });
  }

  /**
   * Every request answers within `answerWithinMs`. A failure (the database is
   * down) or a slow answer becomes an answer that tells the truth about what
   * the request stored, from its write tracker: nothing ("försök igen, inget
   * sparades" — and nothing may be written for it afterwards), committed (the
   * confirmation of what was stored), or unknown ("titta efter innan du
   * försöker igen").
   */
  private async guarded<T>(
    kind: string,
    platform: Platform,
    work: () => Promise<T>,
    fallback: (reply: Reply) => T,
    deadlineMs = this.answerWithinMs,
  ): Promise<T> {
    const started = performance.now();
    const writes = new RequestWrites();
    const running = withWrites(writes, () => answerBy(deadlineMs, work));
    try {
      const result = await within(running, deadlineMs);
      if (result === TIMED_OUT) {
        const reply = this.fallbackReply(writes, true);
        metrics.commands.inc({ kind, platform, outcome: "timeout" });
        this.ctx.logger.warn(
          { event: "command.slow", kind, platform, ms: deadlineMs, stored: writes.outcome() },
          "answered in time without the result: too slow",
        );
        running.catch((error: unknown) =>
          this.ctx.logger.error({ event: "command.failed", kind, platform, err: error }, "late failure"),
        );
        return fallback(reply);
      }
      metrics.commands.inc({ kind, platform, outcome: "ok" });
      return result;
    } catch (error) {
      const reply = this.fallbackReply(writes, false);
      metrics.commands.inc({ kind, platform, outcome: "error" });
      metrics.failures.inc({ where: kind });
      this.ctx.logger.error(
        { event: "command.failed", kind, platform, stored: writes.outcome(), err: error },
        "the request failed; answered with what it stored",
      );
      return fallback(reply);
    } finally {
      metrics.commandSeconds.observe({ kind }, (performance.now() - started) / 1000);
    }
  }

  /** The answer when the request failed or ran out of time, true to what it stored. */
  private fallbackReply(writes: RequestWrites, timedOut: boolean): Reply {
    const t = translator(this.ctx.defaultLang);
    // nothing written: nothing may be written any more, so "inget sparades" stays true
    const outcome = writes.closeIfNothingWritten();
    if (outcome === "committed") return writes.receipt ?? this.savedNoReply();
    if (outcome === "unknown") {
      try {
        const unconfirmed = writes.unconfirmed?.();
        if (unconfirmed) return unconfirmed;
      } catch (error) {
        this.ctx.logger.error({ event: "command.unconfirmed.failed", err: error }, "unconfirmed reply not built");
      }
      return textReply(t("common.unconfirmed"));
    }
    return textReply(t(timedOut ? "common.timeout" : "common.tryAgain"));
  }

  private savedNoReply = (): Reply => textReply(translator(this.ctx.defaultLang)("common.savedNoReply"));

  /** A repeat of a request whose first attempt is still running. */
  private stillWorking = (): Reply => textReply(translator(this.ctx.defaultLang)("common.stillWorking"));

  private static asReply = (reply: Reply): Reply => reply;

  private static asFormOutcome = (reply: Reply): FormOutcome => ({ kind: "done", reply });

  async handleMessage(input: MessageInput): Promise<Reply> {
    return this.guarded(
      "message",
      input.platform,
      async () => {
        const actor = await this.actorFor(input.platform, input.userId);
        if (!actor) return this.notRegistered();
        const length = charactersBeyond(input.text, MESSAGE_MAX_LENGTH);
        if (length !== null) {
          this.ctx.logger.info({ event: "message.too-long", platform: input.platform, length }, "refused: too long");
          const lang = actor.lang;
          const t = translator(lang);
          // the example is the command's own (`/dialog ny …` is not answered with a /logga line)
          const { command } = this.registry.parse(input.text.slice(0, 200));
          const hint =
            !command || command.name === "logga"
              ? t("common.tooLong.log")
              : t("common.tooLong.command", {
                  command: `/${command.name}`,
                  usage: command.help[lang].map((line) => line.replace(/\*/g, "")).join("; "),
                });
          return textReply(
            t("common.tooLong", {
              length: formatNumber(lang, length, 0),
              max: formatNumber(lang, MESSAGE_MAX_LENGTH, 0),
              hint,
            }),
          );
        }
        const unrecorded = this.registry.unrecorded({ kind: "message", text: input.text });
        return this.once(
          input.requestKey,
          unrecorded,
          () => this.dispatch(actor, input),
          Loftesbot.asReply,
          input.deadlineMs ?? this.answerWithinMs,
        );
      },
      Loftesbot.asReply,
      input.deadlineMs,
    );
  }

  /** A command typed without text opens its form; returns the form or a reply (e.g. not allowed). */
  async openForm(platform: Platform, userId: string, command: string, args = ""): Promise<FormRequest> {
    return this.guarded(
      "form.open",
      platform,
      () => this.formFor(platform, userId, command, args),
      (reply) => ({ kind: "reply", reply }),
    );
  }

  private async formFor(platform: Platform, userId: string, command: string, args: string): Promise<FormRequest> {
    const actor = await this.actorFor(platform, userId);
    if (!actor) return { kind: "reply", reply: await this.notRegistered() };
    const reply = await this.dispatch(actor, { platform, userId, text: `${command} ${args}` });
    return reply.form ? { kind: "form", form: reply.form } : { kind: "reply", reply };
  }

  private async dispatch(actor: Actor, input: MessageInput): Promise<Reply> {
    const { command, args } = this.registry.parse(input.text);
    const t = translator(actor.lang);
    if (!command)
      return textReply(t("common.unknownCommand", { text: input.text.slice(0, 80) }), [
        { kind: "context", text: t("log.example") },
      ]);
    const reply = await command.handle({
      ctx: this.ctx,
      registry: this.registry,
      actor,
      platform: input.platform,
      args,
      channelId: input.channelId,
      mentions: input.mentions,
    });
    return reply ?? textReply(t("common.notImplemented", { what: `/${command.name} ${args}`.trim() }));
  }

  /** The help text, for a welcome message (Teams sends one when the app is installed). */
  help(lang: Lang): Reply {
    return helpReply(lang, this.registry.helpLines(lang));
  }

  async handleAction(input: ActionInput): Promise<Reply> {
    return this.guarded("action", input.platform, () => this.runAction(input), Loftesbot.asReply);
  }

  private async runAction(input: ActionInput): Promise<Reply> {
    const actor = await this.actorFor(input.platform, input.userId);
    if (!actor) return this.notRegistered();
    return this.once(
      input.requestKey,
      this.registry.unrecorded({ kind: "action", ...input.action }),
      async () => {
        if (input.action.id === OPEN_FORM_ACTION) {
          const opened = await this.formFor(input.platform, input.userId, input.action.value, "");
          return opened.kind === "form" ? { ...textReply(opened.form.title), form: opened.form } : opened.reply;
        }
        const handler = this.registry.action(input.action.id);
        if (!handler) return textReply(translator(actor.lang)("common.unknownCommand", { text: input.action.id }));
        return handler({
          ctx: this.ctx,
          registry: this.registry,
          actor,
          platform: input.platform,
          action: input.action,
          channelId: input.channelId,
        });
      },
      Loftesbot.asReply,
    );
  }

  async submitForm(input: FormInput): Promise<FormOutcome> {
    return this.guarded("form", input.platform, () => this.runForm(input), Loftesbot.asFormOutcome);
  }

  private async runForm(input: FormInput): Promise<FormOutcome> {
    const actor = await this.actorFor(input.platform, input.userId);
    if (!actor) return { kind: "done", reply: await this.notRegistered() };
    if (formTooLarge(input.values, input.state)) {
      this.ctx.logger.info({ event: "form.too-large", platform: input.platform, form: input.formId }, "refused");
      const lang = actor.lang;
      const text = translator(lang)("common.formTooLarge", {
        max: formatNumber(lang, FORM_VALUE_MAX_LENGTH, 0),
        items: formatNumber(lang, FORM_VALUE_MAX_ITEMS, 0),
      });
      return { kind: "done", reply: textReply(text) };
    }
    return this.once(
      input.requestKey,
      this.registry.unrecorded({ kind: "form", id: input.formId }),
      async (): Promise<FormOutcome> => {
        const handler = this.registry.form(input.formId);
        if (!handler) {
          return {
            kind: "done",
            reply: textReply(translator(actor.lang)("common.notImplemented", { what: input.formId })),
          };
        }
        return handler({
          ctx: this.ctx,
          registry: this.registry,
          actor,
          platform: input.platform,
          formId: input.formId,
          state: input.state,
          values: input.values,
        });
      },
      Loftesbot.asFormOutcome,
    );
  }
}
