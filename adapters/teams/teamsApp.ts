// Teams on POST /api/messages: botbuilder's CloudAdapter (as Teams AI's
// TeamsAdapter, authenticated as botbuilder does it: open without an app id,
// JWT-validated with one, single-tenant supported) and a Teams AI Application
// routing messages, card buttons, form submissions and install events to the
// core's facade. No business rules here: text in, neutral reply out, rendered
// as Adaptive Cards.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Application, TeamsAdapter } from "@microsoft/teams-ai";
import { type Activity, ActivityTypes, TeamsInfo, type TurnContext } from "botbuilder";
import type { Loftesbot } from "../../src/core/loftesbot.js";
import type { Logger } from "../../src/core/log.js";
import type { Lang } from "../../src/domain/lang.js";
import type { Prisma } from "../../src/storage/database.js";
import { type RouteHandler, readBody } from "../../src/http/server.js";
import { translator } from "../../src/i18n/index.js";
import type { Reply } from "../../src/core/reply.js";
import { textReply } from "../../src/core/reply.js";
import { ConversationRefStore } from "./conversationRefs.js";
import {
  canonicalValues,
  channelIdOf,
  commandText,
  conversationIdOf,
  conversationKind,
  hashKey,
  mentionedPeople,
  readSubmit,
} from "./inbound.js";
import { ACTION_VERB, FORM_VERB, outgoingActivities, renderForm, SUBMIT_FILTER, toActivity } from "./renderCard.js";
import { TeamsSender, type TeamsSenderOptions } from "./teamsSender.js";

export const TEAMS_MESSAGES_PATH = "/api/messages";
/** A Teams request's body is one activity; cards stay far below this. */
const MAX_ACTIVITY_BYTES = 256_000;

/** The Bot Framework credentials (MICROSOFT_APP_*); all unset = open local mode. */
export interface TeamsConfig {
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
}

/** What talks to the Bot Framework, inbound and outbound: made before the core, so that its sender is a port of it. */
export interface TeamsConnector {
  config: TeamsConfig;
  adapter: TeamsAdapter;
  refs: ConversationRefStore;
  sender: TeamsSender;
  logger: Logger;
  lang: Lang;
}

export interface Teams extends TeamsConnector {
  route: RouteHandler;
  app: Application;
}

export function createTeamsConnector(options: {
  config: TeamsConfig;
  prisma: Prisma;
  logger: Logger;
  lang: Lang;
  sender?: TeamsSenderOptions;
}): TeamsConnector {
  const { config, logger, lang } = options;
  const adapter = adapterFor(config);
  const refs = new ConversationRefStore(options.prisma);
  const sender = new TeamsSender(adapter, refs, logger, {
    appId: config.appId,
    tenantId: config.tenantId,
    lang,
    ...options.sender,
  });
  return { config, adapter, refs, sender, logger, lang };
}

function adapterFor(config: TeamsConfig): TeamsAdapter {
  const { appId, appPassword, appType, tenantId } = config;
  const settings: Record<string, string> = {};
  if (appId) settings.MicrosoftAppId = appId;
  if (appPassword) settings.MicrosoftAppPassword = appPassword;
  if (appType) settings.MicrosoftAppType = appType;
  if (tenantId) settings.MicrosoftAppTenantId = tenantId;
  try {
    return new TeamsAdapter(settings);
  } catch (error) {
    throw new Error(
      `Teams configuration (MICROSOFT_APP_*) is incomplete: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The small part of an Express response that botbuilder's `process` uses, over node's ServerResponse. */
export function responseShim(res: ServerResponse) {
  return {
    socket: res.socket,
    status(code: number) {
      if (!res.headersSent) res.statusCode = code;
      return this;
    },
    header(name: string, value: unknown) {
      if (!res.headersSent) res.setHeader(name, String(value));
      return this;
    },
    send(body?: unknown) {
      if (body === undefined || body === null || res.writableEnded) return this;
      if (typeof body === "string" || Buffer.isBuffer(body)) {
        if (!res.headersSent && !res.hasHeader("content-type"))
          res.setHeader("content-type", "text/plain; charset=utf-8");
        res.write(body);
      } else {
        if (!res.headersSent) res.setHeader("content-type", "application/json; charset=utf-8");
        res.write(JSON.stringify(body));
      }
      return this;
    },
    end() {
      if (!res.writableEnded) res.end();
      return this;
    },
  };
}

function sendPlain(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: message }));
}

/** The route on /api/messages over a connector, answering through the core's front door. */
export function createTeams(connector: TeamsConnector, bot: Loftesbot): Teams {
  const { adapter, refs, logger, lang } = connector;
  const app = new Application({
    adapter,
    removeRecipientMention: true,
    // the typing timer is one per Application (not per turn) and our replies are quick
    startTypingTimer: false,
    longRunningMessages: false,
    adaptiveCards: { actionSubmitFilter: SUBMIT_FILTER },
  });
  const userIdOf = (context: TurnContext) => context.activity.from?.aadObjectId ?? "";

  /** Keeps the conversation's reference fresh (never fails the turn). */
  const remember = async (context: TurnContext) => {
    try {
      const userId = userIdOf(context);
      const personId =
        conversationKind(context.activity) === "personal" && userId
          ? ((await bot.actorFor("teams", userId))?.id ?? null)
          : null;
      await refs.save(context.activity, personId);
    } catch (error) {
      logger.warn({ event: "teams.ref.failed", err: error }, "could not store the Teams conversation reference");
    }
  };

  const sendReply = async (context: TurnContext, reply: Reply) => {
    await context.sendActivities(outgoingActivities(reply, { lang }) as Partial<Activity>[]);
  };

  /**
   * In a 1:1 chat the card the person pressed is replaced by the answer (its
   * buttons cannot be pressed twice); in a channel or group chat, where the
   * card may be someone else's, the answer is a new message. A card that
   * cannot be updated gets a new message too.
   */
  const replaceCard = async (context: TurnContext, activities: Partial<Activity>[]) => {
    const target = context.activity.replyToId;
    const own = conversationKind(context.activity) === "personal";
    if (own && target && context.activity.deliveryMode !== "expectReplies" && activities.length > 0) {
      try {
        await context.updateActivity({ ...activities[0], id: target });
        if (activities.length > 1) await context.sendActivities(activities.slice(1));
        return;
      } catch (error) {
        logger.debug({ event: "teams.update.failed", err: error }, "could not update the card; sending a new one");
      }
    }
    await context.sendActivities(activities);
  };

  /** `med @Anna`: each mention's token → the person's Entra object id (asked of Teams when the entity lacks it). */
  const mentionsOf = async (context: TurnContext): Promise<Record<string, string>> => {
    const mentions: Record<string, string> = {};
    for (const person of mentionedPeople(context.activity)) {
      let aad = person.aadObjectId;
      if (!aad) {
        try {
          aad = (await TeamsInfo.getMember(context, person.id)).aadObjectId;
        } catch (error) {
          logger.debug({ event: "teams.member.failed", err: error }, "could not look up a mentioned member");
        }
      }
      if (aad) mentions[person.token] = aad;
    }
    return mentions;
  };

  const onAction = async (context: TurnContext, id: string, value: string) => {
    const userId = userIdOf(context);
    const reply = await bot.handleAction({
      platform: "teams",
      userId,
      action: { id, value },
      channelId: channelIdOf(context.activity),
      requestKey: `teams:action:${hashKey(userId, id, value, context.activity.replyToId ?? "")}`,
    });
    // the pressed card becomes the answer, so its buttons cannot be pressed again
    await replaceCard(context, outgoingActivities(reply, { lang }) as Partial<Activity>[]);
  };

  const onForm = async (context: TurnContext, submit: Extract<ReturnType<typeof readSubmit>, { kind: "form" }>) => {
    const userId = userIdOf(context);
    const outcome = await bot.submitForm({
      platform: "teams",
      userId,
      formId: submit.formId,
      state: submit.state,
      values: submit.values,
      // the same card submitted twice stores once; another card with the same values is another entry
      requestKey: `teams:form:${hashKey(userId, submit.formId, submit.state, canonicalValues(submit.values), context.activity.replyToId ?? "")}`,
    });
    if (outcome.kind === "errors")
      await replaceCard(context, [toActivity(renderForm({ ...outcome.form, errors: outcome.errors }, { lang }))]);
    else await replaceCard(context, outgoingActivities(outcome.reply, { lang }) as Partial<Activity>[]);
  };

  const onSubmit = async (context: TurnContext) => {
    const submit = readSubmit(context.activity.value);
    if (!submit) return;
    await remember(context);
    if (submit.kind === "action") await onAction(context, submit.id, submit.value);
    else await onForm(context, submit);
  };

  app.adaptiveCards.actionSubmit(ACTION_VERB, (context) => onSubmit(context));
  app.adaptiveCards.actionSubmit(FORM_VERB, (context) => onSubmit(context));

  app.activity(ActivityTypes.Message, async (context) => {
    const activity = context.activity;
    // a card submission that carries text as well (some clients) is still a submission
    if (readSubmit(activity.value)) return onSubmit(context);
    await remember(context);
    const text = commandText(activity);
    const userId = userIdOf(context);
    const reply = await bot.handleMessage({
      platform: "teams",
      userId,
      text: text || "loftesbot hjälp",
      channelId: channelIdOf(activity),
      // Teams message ids are unique within a conversation
      requestKey: activity.id ? `teams:${activity.id}:${hashKey(activity.conversation?.id ?? "")}` : undefined,
      mentions: await mentionsOf(context),
    });
    await sendReply(context, reply);
  });

  const botIsIn = (members: { id?: string }[] | undefined, context: TurnContext) =>
    (members ?? []).some((m) => m.id === context.activity.recipient?.id);

  app.conversationUpdate("membersAdded", async (context) => {
    if (!botIsIn(context.activity.membersAdded, context)) return;
    await remember(context);
    logger.info(
      { event: "teams.installed", kind: conversationKind(context.activity) },
      "Löftesbot added to a Teams conversation",
    );
    // a welcome: in a 1:1 chat the person's own help (or how to get registered), elsewhere the general help
    const reply =
      conversationKind(context.activity) === "personal"
        ? await bot.handleMessage({ platform: "teams", userId: userIdOf(context), text: "loftesbot hjälp" })
        : bot.help(lang);
    await sendReply(context, reply);
  });

  app.conversationUpdate("membersRemoved", async (context) => {
    if (!botIsIn(context.activity.membersRemoved, context)) return;
    await refs.remove(context.activity);
    logger.info({ event: "teams.removed", kind: conversationKind(context.activity) }, "Löftesbot removed");
  });

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = String(context.activity.action ?? "");
    if (action.startsWith("remove")) await refs.remove(context.activity);
    else await remember(context);
  });

  app.error(async (context, error) => {
    logger.error(
      {
        event: "teams.turn.failed",
        type: context.activity.type,
        conversation: conversationIdOf(context.activity),
        err: error,
      },
      "Teams turn failed",
    );
    if (context.activity.type !== ActivityTypes.Message) return;
    try {
      await sendReply(context, textReply(translator(lang)("common.tryAgain")));
    } catch {
      // nothing more to do: the person sees no answer and can try again
    }
  });

  const route: RouteHandler = async (req: IncomingMessage, res: ServerResponse) => {
    let body: unknown;
    try {
      const raw = await readBody(req, MAX_ACTIVITY_BYTES);
      body = JSON.parse(raw.toString("utf8"));
    } catch (error) {
      const tooLarge = (error as { status?: number }).status === 413;
      return sendPlain(res, tooLarge ? 413 : 400, tooLarge ? "request body too large" : "malformed JSON");
    }
    if (!body || typeof body !== "object" || Array.isArray(body) || typeof (body as Activity).type !== "string")
      return sendPlain(res, 400, "not an activity");
    await adapter.process(
      { body: body as Record<string, unknown>, headers: req.headers, method: req.method },
      responseShim(res),
      async (context) => {
        await app.run(context);
      },
    );
  };

  logger.info(
    { event: "teams.on", path: TEAMS_MESSAGES_PATH, auth: connector.config.appId ? "jwt" : "open" },
    connector.config.appId
      ? "Teams on POST /api/messages (Bot Framework JWT required)"
      : "Teams on POST /api/messages in open local mode: MICROSOFT_APP_ID is not set, requests are not authenticated",
  );
  return { ...connector, route, app };
}
