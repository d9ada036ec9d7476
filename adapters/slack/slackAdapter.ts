// Slack on POST /slack/events: Bolt 5 with its HTTPReceiver, mounted as a
// route of our own HTTP server (same port as /api/messages and the health
// endpoints). Slash commands, buttons, modals and events become calls on the
// core's facade (Loftesbot); the reply model comes back as Block Kit. No
// business rules here: what is valid, allowed or stored is the core's call.
//
// Timing: Slack gives 3 s to ack. A command's reply goes in the ack body when
// the core answers within ACK_BUDGET_MS, else the command is acked empty and
// answered through response_url. Buttons and events are acked at once.
// Duplicates: a button's request key is a hash of (user, action, value,
// message), an event's is its event_id, so the core's ProcessedRequests makes
// repeats return the first reply; repeated events are not answered twice.
import { TIMED_OUT, within } from "../../src/core/deadline.js";
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AllMiddlewareArgs,
  App,
  type Logger as BoltLogger,
  HTTPReceiver,
  LogLevel,
  type RespondArguments,
  type RespondFn,
  type SlackActionMiddlewareArgs,
  type SlackCommandMiddlewareArgs,
  type SlackViewMiddlewareArgs,
  type webApi,
} from "@slack/bolt";
import { translator } from "../../src/i18n/index.js";
import { readBody } from "../../src/http/server.js";
import type { Logger } from "../../src/core/log.js";
import type { Loftesbot } from "../../src/core/loftesbot.js";
import type { FormSpec, Reply } from "../../src/core/reply.js";
import { OPEN_FORM_ACTION, textReply } from "../../src/core/reply.js";
import { slackMentions } from "./mentions.js";
import { parseActionId, renderMessages, type SlackMessage } from "./renderBlocks.js";
import {
  decodeMetadata,
  encodeMetadata,
  FORM_CALLBACK_ID,
  type FormMetadata,
  modalErrors,
  readViewState,
  renderModal,
  type SlackStateValue,
} from "./renderModal.js";
import { normaliseApiUrl, SlackSender } from "./slackSender.js";
import { checkSlackSignature, isSslCheck } from "./slackSignature.js";

export const SLACK_EVENTS_PATH = "/slack/events";

/** A command's reply goes in the ack body when ready within this; Slack's limit is 3 s. */
export const ACK_BUDGET_MS = 2000;

/** how long a deferred command may work before "försök igen" */
const DEFERRED_DEADLINE_MS = 60_000;

/** response_url may be used at most 5 times. */
const RESPONSE_URL_USES = 5;

/** placeholders: the bot's ids are not needed (its own messages are recognised by bot_id) and auth.test is not called */
const BOT_ID = "B00LOFTESBOT";
const BOT_USER_ID = "U00LOFTESBOT";

export interface SlackAdapterOptions {
  bot: Loftesbot;
  slack: { signingSecret: string; botToken: string; apiUrl?: string };
  logger: Logger;
  /** the sender made with the core (its outbound port); one of its own when not given */
  sender?: SlackSender;
  /** see ACK_BUDGET_MS */
  ackBudgetMs?: number;
}

export interface SlackAdapter {
  /** the `/slack/events` route of src/http/server.ts */
  route(req: IncomingMessage, res: ServerResponse): Promise<void>;
  app: App;
  /** outbound messages for scheduled features */
  sender: SlackSender;
  /** waits for work still running after its ack (answers via response_url, posts) */
  drain(): Promise<void>;
}

type WebClient = webApi.WebClient;

/** Where an answer goes. */
type Target =
  | { kind: "respond"; respond: RespondFn; replaceFirst: boolean; userId: string }
  | { kind: "ephemeral"; channel: string; userId: string; threadTs?: string }
  | { kind: "dm"; channel: string };

/** Bolt's log lines into ours; Bolt's debug lines carry request bodies (personal data) and are dropped. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" ");
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => logger.info({ event: "slack.bolt" }, text(msg)),
    warn: (...msg: unknown[]) => logger.warn({ event: "slack.bolt" }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ event: "slack.bolt" }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export function requestHash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 40);
}

/** A direct message is not a channel that can be bound to a group. */
function bindableChannel(channelId: string | undefined, channelName?: string): string | undefined {
  if (!channelId || channelId.startsWith("D") || channelName === "directmessage") return undefined;
  return channelId;
}

/**
 * Slack sends what people typed with `&`, `<` and `>` escaped (`&amp;` …);
 * its own tokens (`<@U123|anna>`, `<#C1>`, links) keep real angle brackets.
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Keys seen recently (events), with a time to live; bounded. */
class RecentKeys {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly max = 20_000,
  ) {}
  has(key: string): boolean {
    const at = this.seen.get(key);
    return at !== undefined && Date.now() - at < this.ttlMs;
  }
  add(key: string): void {
    this.seen.set(key, Date.now());
    if (this.seen.size > this.max) {
      for (const k of this.seen.keys()) {
        this.seen.delete(k);
        if (this.seen.size <= this.max * 0.9) break;
      }
    }
  }
  delete(key: string): void {
    this.seen.delete(key);
  }
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { bot, logger } = options;
  const budget = options.ackBudgetMs ?? ACK_BUDGET_MS;
  const log = boltLogger(logger);
  const slackApiUrl = normaliseApiUrl(options.slack.apiUrl);

  const receiver = new HTTPReceiver({
    signingSecret: options.slack.signingSecret,
    endpoints: [SLACK_EVENTS_PATH],
    logger: log,
    processBeforeResponse: false,
    // the signature is checked once, by `route` (slackSignature.ts, stricter than Bolt's own check),
    // before it hands a request to the receiver; nothing else reaches the receiver (it never listens)
    signatureVerification: false,
  });
  const app = new App({
    receiver,
    token: options.slack.botToken,
    botId: BOT_ID,
    botUserId: BOT_USER_ID,
    // Bolt's own-message filter compares with the placeholder ids above, so it could never match; the
    // events handler ignores every bot's message and every subtype itself (onChatMessage)
    ignoreSelf: false,
    tokenVerificationEnabled: false,
    convoStore: false,
    logger: log,
    clientOptions: {
      slackApiUrl,
      // interactive answers: a short, bounded retry (a trigger_id lives a few seconds)
      retryConfig: { retries: 1, minTimeout: 250, maxTimeout: 1000 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
    },
  });
  const sender =
    options.sender ?? new SlackSender({ botToken: options.slack.botToken, apiUrl: options.slack.apiUrl, logger });

  const pending = new Set<Promise<void>>();
  const track = (work: () => Promise<void>): Promise<void> => {
    const running = work().catch((error: unknown) => {
      logger.error({ event: "slack.error", err: error }, "Slack request failed after its ack");
    });
    pending.add(running);
    void running.finally(() => pending.delete(running));
    return running;
  };

  const recentEvents = new RecentKeys();
  /** form states too long for private_metadata, by key */
  const bigStates = new Map<string, { state: string; at: number }>();

  const tryAgain = (): Reply => textReply(translator(bot.ctx.defaultLang)("common.tryAgain"));

  function deliver(client: WebClient, first: Target, reply: Reply, userId: string): Promise<void> {
    return deliverMessages(client, first, renderMessages(reply), userId);
  }

  async function deliverMessages(client: WebClient, first: Target, messages: SlackMessage[], userId: string) {
    let target = first;
    let uses = 0;
    for (const [i, message] of messages.entries()) {
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          if (target.kind === "respond" && uses < RESPONSE_URL_USES) {
            uses++;
            const args: RespondArguments = {
              response_type: "ephemeral",
              replace_original: i === 0 && target.replaceFirst,
              text: message.text,
              blocks: message.blocks,
            };
            await target.respond(args);
          } else if (target.kind === "ephemeral") {
            await client.chat.postEphemeral({
              channel: target.channel,
              user: target.userId,
              text: message.text,
              blocks: message.blocks,
              ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
            });
          } else {
            await client.chat.postMessage({
              channel: target.kind === "dm" ? target.channel : userId,
              text: message.text,
              blocks: message.blocks,
              unfurl_links: false,
            });
          }
          break;
        } catch (error) {
          logger.warn(
            { event: "slack.deliver.failed", target: target.kind, err: (error as Error).message },
            "Slack answer not delivered; trying the person's direct message",
          );
          if (target.kind === "dm") return;
          // the person's DM: Slack opens it when the channel is a user id
          target = { kind: "dm", channel: userId };
        }
      }
    }
  }

  async function openModal(
    client: WebClient,
    triggerId: string,
    form: FormSpec,
    userId: string,
    channelId: string | undefined,
  ): Promise<boolean> {
    const actor = await bot.actorFor("slack", userId);
    const meta: FormMetadata = { f: form.id, s: form.state, ...(channelId ? { c: channelId } : {}) };
    let metadata = encodeMetadata(meta);
    if (metadata.length > 3000) {
      const key = requestHash(userId, form.id, form.state, String(Date.now()));
      const cutoff = Date.now() - 3 * 3600_000;
      for (const [k, v] of bigStates) if (v.at < cutoff) bigStates.delete(k);
      bigStates.set(key, { state: form.state, at: Date.now() });
      metadata = encodeMetadata({ ...meta, s: "", k: key });
    }
    try {
      await client.views.open({
        trigger_id: triggerId,
        view: renderModal(form, metadata, translator(actor?.lang ?? bot.ctx.defaultLang)("common.close")),
      });
      return true;
    } catch (error) {
      logger.warn({ event: "slack.modal.failed", err: (error as Error).message }, "modal not opened");
      return false;
    }
  }

  /** A reply with a form where no modal can be opened: the reply, plus a button that opens it. */
  function withFormButton(reply: Reply, command: string | null): Reply {
    if (!reply.form) return reply;
    const { form, ...rest } = reply;
    if (!command) return rest;
    return {
      ...rest,
      blocks: [
        ...(rest.blocks.length > 0 ? rest.blocks : [{ kind: "text" as const, text: rest.text }]),
        {
          kind: "actions",
          buttons: [{ label: form.title, action: { id: OPEN_FORM_ACTION, value: command }, style: "primary" }],
        },
      ],
    };
  }

  // ---- slash commands -------------------------------------------------------
  const onCommand = ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) =>
    track(async () => {
      const word = command.command.replace(/^\//, "").toLowerCase();
      const text = unescapeSlackText(command.text ?? "").trim();
      const userId = command.user_id;
      const line = `${word} ${text}`.trim();
      const parsed = bot.registry.parse(line);
      const channelId = bindableChannel(command.channel_id, command.channel_name);
      // a slow command (declared by its feature) is acked at once and answered through response_url
      const deferred = parsed.command?.slow === true;
      const work: Promise<Reply> = (async () => {
        if (text === "" && parsed.command) {
          const opened = await bot.openForm("slack", userId, parsed.command.name);
          return opened.kind === "form" ? { text: opened.form.title, blocks: [], form: opened.form } : opened.reply;
        }
        return bot.handleMessage({
          platform: "slack",
          userId,
          text: line,
          channelId,
          requestKey: `slack:command:${command.trigger_id || requestHash(userId, line, command.response_url)}`,
          mentions: slackMentions(line),
          // acked at once, answered through response_url (valid for 30 minutes)
          deadlineMs: deferred ? DEFERRED_DEADLINE_MS : undefined,
        });
      })();
      // awaited below; marked handled now so a quick failure is not an unhandled rejection meanwhile
      work.catch(() => undefined);
      let acked = false;
      let reply: Reply;
      try {
        const first = deferred ? TIMED_OUT : await within(work, budget);
        if (first === TIMED_OUT) {
          await ack();
          acked = true;
          reply = await work;
        } else reply = first;
      } catch (error) {
        logger.error({ event: "slack.command.error", command: word, err: error }, "command failed");
        reply = tryAgain();
      }
      if (reply.form) {
        if (!acked) await ack();
        if (await openModal(client, command.trigger_id, reply.form, userId, command.channel_id)) return;
        reply = withFormButton(reply, parsed.command?.name ?? null);
        acked = true;
      }
      const target: Target = { kind: "respond", respond, replaceFirst: false, userId };
      if (acked) return deliver(client, target, reply, userId);
      const [head, ...rest] = renderMessages(reply);
      await ack({ response_type: "ephemeral", text: head.text, blocks: head.blocks });
      // further parts of a long reply: through response_url
      if (rest.length > 0) await deliverMessages(client, target, rest, userId);
    });

  // ---- buttons --------------------------------------------------------------
  // every Block Kit action is acked at once, so Slack shows no error for one that is not ours (none are expected)
  const onAction = ({ body, action, ack, respond: respondFn, client }: SlackActionMiddlewareArgs & AllMiddlewareArgs) =>
    track(async () => {
      await ack();
      const button = action as { type: string; action_id?: string; value?: string } | undefined;
      if (body.type !== "block_actions" || button?.type !== "button") return;
      const id = parseActionId(button.action_id ?? "");
      if (!id) return;
      const value = button.value ?? "";
      // actions inside a modal carry no response_url
      const respond = respondFn as RespondFn | undefined;
      const container = (body.container ?? {}) as {
        message_ts?: string;
        view_id?: string;
        is_ephemeral?: boolean;
        channel_id?: string;
      };
      const userId = body.user.id;
      const channelId = body.channel?.id ?? container.channel_id;
      const requestKey = `slack:action:${requestHash(userId, id, value, container.message_ts ?? container.view_id ?? "")}`;
      let reply: Reply;
      try {
        reply = await bot.handleAction({
          platform: "slack",
          userId,
          action: { id, value },
          channelId: bindableChannel(channelId),
          requestKey,
        });
      } catch (error) {
        logger.error({ event: "slack.action.error", action: id, err: error }, "button failed");
        reply = tryAgain();
      }
      if (reply.form) {
        if (await openModal(client, body.trigger_id, reply.form, userId, channelId)) return;
        const { form: _form, ...rest } = reply;
        reply = rest;
      }
      // an answer replaces the clicked message when only this person sees it (ephemeral, or the DM with the bot)
      const replace = Boolean(container.is_ephemeral) || Boolean(channelId?.startsWith("D"));
      const target: Target = respond
        ? { kind: "respond", respond, replaceFirst: replace, userId }
        : channelId
          ? { kind: "ephemeral", channel: channelId, userId }
          : { kind: "dm", channel: userId };
      await deliver(client, target, reply, userId);
    });

  // ---- modal submissions ----------------------------------------------------
  const onFormSubmission = ({ ack, body, view, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs) =>
    track(async () => {
      const meta = decodeMetadata(view.private_metadata);
      if (!meta) {
        await ack();
        return;
      }
      const userId = body.user.id;
      const state = meta.k ? (bigStates.get(meta.k)?.state ?? "") : meta.s;
      const work = (async () => {
        const actor = await bot.actorFor("slack", userId);
        const stateValues = view.state.values as Record<string, Record<string, SlackStateValue>>;
        // the people picked in a users field, found through the front door as every Slack user is
        const picked = new Set<string>();
        readViewState(stateValues, (ids) => {
          for (const id of ids) picked.add(id);
          return ids;
        });
        const personOf = new Map<string, string>();
        for (const id of picked) {
          const person = actor ? await bot.actorFor("slack", id) : null;
          if (person && person.lpoId === actor?.lpoId) personOf.set(id, person.id);
        }
        // a Slack user who is not in the organisation (or of another LPO) stays their Slack id: the core refuses it by name
        const values = readViewState(stateValues, (ids) => ids.map((id) => personOf.get(id) ?? id));
        return bot.submitForm({
          platform: "slack",
          userId,
          formId: meta.f,
          state,
          values,
          requestKey: `slack:view:${requestHash(view.id, meta.f, JSON.stringify(values))}`,
        });
      })();
      const target: Target = meta.c ? { kind: "ephemeral", channel: meta.c, userId } : { kind: "dm", channel: userId };
      let first: Awaited<typeof work> | typeof TIMED_OUT;
      try {
        first = await within(work, budget);
      } catch (error) {
        logger.error({ event: "slack.form.error", form: meta.f, err: error }, "form submission failed");
        await ack();
        return deliver(client, target, tryAgain(), userId);
      }
      if (first === TIMED_OUT) {
        await ack();
        const outcome = await work;
        const reply = outcome.kind === "done" ? outcome.reply : textReply(Object.values(outcome.errors).join(" "));
        return deliver(client, target, reply, userId);
      }
      if (first.kind === "errors") {
        const fields = (view.blocks as { type: string; block_id?: string }[])
          .filter((b) => b.type === "input" && b.block_id)
          .map((b) => b.block_id as string);
        await ack({ response_action: "errors", errors: modalErrors(first.errors, fields) });
        return;
      }
      await ack();
      await deliver(client, target, first.reply, userId);
    });

  // ---- events: mentions in channels, direct messages -------------------------
  interface ChatEvent {
    type: string;
    subtype?: string;
    bot_id?: string;
    user?: string;
    text?: string;
    channel: string;
    channel_type?: string;
    ts: string;
    thread_ts?: string;
  }
  interface Envelope {
    event_id?: string;
    authorizations?: { user_id?: string }[];
  }

  async function onChatMessage(kind: "mention" | "im", event: ChatEvent, body: Envelope, client: WebClient) {
    if (kind === "im" && event.channel_type !== "im") return;
    // the bot's own and other bots' messages, edits, joins…: not commands
    if (event.subtype || event.bot_id || !event.user) return;
    const eventId = body.event_id ?? `${event.channel}:${event.ts}`;
    const keys = [`event:${eventId}`, `message:${event.channel}:${event.ts}`];
    if (keys.some((k) => recentEvents.has(k))) {
      logger.debug({ event: "slack.event.repeat", eventId }, "repeated event ignored");
      return;
    }
    for (const k of keys) recentEvents.add(k);
    try {
      const botUser = body.authorizations?.[0]?.user_id;
      let text = unescapeSlackText(event.text ?? "");
      // a label never holds "<" (Slack escapes it): stopping there keeps this linear on "<@U…|<@U…|…"
      if (botUser) text = text.replace(new RegExp(`<@${botUser}(?:\\|[^<>]*)?>`, "g"), " ");
      else if (kind === "mention") text = text.replace(/^\s*<@[A-Z0-9]+(?:\|[^<>]*)?>/i, " ");
      text = text.replace(/\s+/g, " ").trim() || "hjälp";
      const reply = await bot.handleMessage({
        platform: "slack",
        userId: event.user,
        text,
        channelId: kind === "mention" ? bindableChannel(event.channel) : undefined,
        requestKey: `slack:event:${eventId}`,
        mentions: slackMentions(text),
        // the event was acked before it was handled: the answer is posted, so it may take longer
        deadlineMs: DEFERRED_DEADLINE_MS,
      });
      const target: Target =
        kind === "mention"
          ? { kind: "ephemeral", channel: event.channel, userId: event.user, threadTs: event.thread_ts }
          : { kind: "dm", channel: event.channel };
      await deliver(client, target, withFormButton(reply, bot.registry.parse(text).command?.name ?? null), event.user);
    } catch (error) {
      // not handled: a retry from Slack may try again
      for (const k of keys) recentEvents.delete(k);
      throw error;
    }
  }

  // ---- the one listener ---------------------------------------------------------
  // Every request Bolt has parsed comes to this one middleware, which hands it to its
  // handler above. Bolt's listeners (`app.command`, `app.action`…) would each run a
  // chain of matchers over every request, with copies of its arguments that live as
  // long as the request: most of what Bolt allocated per request, kept alive past
  // young-generation collections under load (bench: the service's peak memory).
  // Anything not handled here goes on to Bolt (no listener: unhandled, as before).
  app.use(async (args) => {
    if ("command" in args) return onCommand(args as SlackCommandMiddlewareArgs & AllMiddlewareArgs);
    // Block Kit buttons only: legacy attachments' and dialogs' actions never matched a listener either
    if ("action" in args && args.body.type === "block_actions")
      return onAction(args as SlackActionMiddlewareArgs & AllMiddlewareArgs);
    if ("view" in args && args.body.type === "view_submission" && args.view.callback_id === FORM_CALLBACK_ID)
      return onFormSubmission(args as SlackViewMiddlewareArgs & AllMiddlewareArgs);
    if ("event" in args && (args.event.type === "app_mention" || args.event.type === "message")) {
      const kind = args.event.type === "app_mention" ? "mention" : "im";
      return track(() => onChatMessage(kind, args.event as unknown as ChatEvent, args.body as Envelope, args.client));
    }
    await args.next();
  });

  app.error(async (error) => {
    logger.error({ event: "slack.bolt.error", err: error }, "Slack request failed");
  });

  return {
    async route(req, res) {
      const refuse = (status: number) => {
        if (!res.headersSent) {
          res.writeHead(status);
          res.end();
        }
      };
      // the body is read here, with the size limit, also when it comes chunked
      // without a content-length; Bolt then uses it as it is (req.rawBody)
      let raw: Buffer;
      try {
        raw = await readBody(req);
      } catch (error) {
        return refuse((error as { status?: number }).status ?? 400);
      }
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      // the signature first, over the raw bytes: nothing unsigned is parsed (slackSignature.ts)
      const refusal = checkSlackSignature(raw, req.headers, options.slack.signingSecret);
      if (refusal) {
        // Slack's certificate check comes unsigned: 200 and nothing done, as Bolt answers it
        if (isSslCheck(raw, req.headers["content-type"])) return refuse(200);
        logger.warn(
          { event: "slack.signature.refused", reason: refusal },
          "Slack request refused: signature not valid",
        );
        return refuse(401);
      }
      // Bolt reads fields of the parsed body in a promise nobody awaits: a body that is not an
      // object (JSON `null`, `payload=null`) would end the process, so it is refused here
      if (!bodyIsObject(raw, req.headers["content-type"])) return refuse(400);
      // only a request whose signature held gets here: Bolt's receiver does not check it again
      try {
        await receiver.requestListener(req, res);
      } catch (error) {
        logger.warn({ event: "slack.route", err: (error as Error).message }, "request not handled");
        refuse(400);
      }
    },
    app,
    sender,
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

/** A key of a form that is, or may decode to, `payload` (a key with a percent escape). */
const PAYLOAD_KEY = /(?:^|&)[^=&]*(?:payload|%)/;

/**
 * False only for a body Bolt would parse to something other than an object
 * (`null`, `1`, `"x"`): JSON, or a form's `payload` field, read as Bolt's
 * HTTPReceiver reads them (a form only when the content type is exactly
 * Slack's, anything else as JSON); anything unparseable is left to Bolt (400).
 * Runs on signed bodies only. A form none of whose keys can be `payload` (a
 * slash command) is an object without being parsed.
 */
function bodyIsObject(raw: Buffer, contentType: string | undefined): boolean {
  const isObject = (text: string) => {
    try {
      const parsed = JSON.parse(text) as unknown;
      return typeof parsed === "object" && parsed !== null;
    } catch {
      return true;
    }
  };
  const text = raw.toString("utf8");
  if (contentType !== "application/x-www-form-urlencoded") return isObject(text);
  if (!PAYLOAD_KEY.test(text)) return true;
  const payload = new URLSearchParams(text).get("payload");
  return payload === null || isObject(payload);
}
