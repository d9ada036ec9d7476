// Teams on POST /api/messages: botbuilder's CloudAdapter (as Teams AI's
// TeamsAdapter, imported from its own file) and a small router here sending
// messages, card buttons, form submissions and install events to the core's
// facade. Teams AI's Application is not used: its module loads the AI system
// and sign-in (an LLM client, a tokenizer, botbuilder's dialogs: ~40 MiB) for
// the five routes below; the router keeps its order and rules. Two modes, and
// no route at all unless one is configured: authenticated (MICROSOFT_APP_ID:
// the Bot Framework's JWT as botbuilder validates it, single-tenant
// supported) and local (LOFTESBOT_TEAMS_LOCAL=1: unauthenticated, loopback
// clients and loopback service URLs only). In both, an activity whose service
// URL the mode does not allow (serviceUrl.ts) is refused with 403 before the
// bot reads it, so nothing of it is stored, answered or sent there.
// No business rules here: text in, neutral reply out, as Adaptive Cards.
import type { IncomingMessage, ServerResponse } from "node:http";
// its own file, not the package's index: the index loads all of Teams AI (see above)
import { TeamsAdapter } from "@microsoft/teams-ai/lib/TeamsAdapter.js";
import { type Activity, ActivityTypes, CallerIdConstants, TeamsInfo, TurnContext } from "botbuilder";
import {
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  JwtTokenValidation,
  type UserTokenClient,
} from "botframework-connector";
import type { Loftesbot } from "../../src/core/loftesbot.js";
import type { Logger } from "../../src/core/log.js";
import type { Lang } from "../../src/domain/lang.js";
import type { Prisma } from "../../src/storage/database.js";
import type { EmbeddedSqlite } from "../../src/storage/embeddedSqlite.js";
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
import { hostForLog, localModeRefusal, serviceUrlPolicy, type TeamsMode } from "./serviceUrl.js";
import { TeamsSender, type TeamsSenderOptions } from "./teamsSender.js";

export const TEAMS_MESSAGES_PATH = "/api/messages";
/** A Teams request's body is one activity; cards stay far below this. */
const MAX_ACTIVITY_BYTES = 256_000;

/** How Teams is on: authenticated with the Bot Framework credentials (MICROSOFT_APP_*), or local (no credentials). */
export interface TeamsConfig {
  mode: TeamsMode;
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
  /**
   * Where the Bot Framework's signing keys are looked up (authenticated mode):
   * Microsoft's own unless a test points it at a local fake. Set in code only,
   * never from the environment.
   */
  openIdMetadataUrl?: string;
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
}

export function createTeamsConnector(options: {
  config: TeamsConfig;
  prisma: Prisma;
  /** the shared SQLite connection (database.ts): the references' writes join its group commit */
  embedded?: EmbeddedSqlite | null;
  logger: Logger;
  lang: Lang;
  sender?: TeamsSenderOptions;
}): TeamsConnector {
  const { config, logger, lang } = options;
  const adapter = adapterFor(config);
  const refs = new ConversationRefStore(options.prisma, serviceUrlPolicy(config.mode), { embedded: options.embedded });
  const sender = new TeamsSender(adapter, refs, logger, {
    appId: config.appId,
    tenantId: config.tenantId,
    lang,
    ...options.sender,
  });
  return { config, adapter, refs, sender, logger, lang };
}

/** The public cloud's values (botframework-connector's AuthenticationConstants), for a test's own key URL. */
function publicCloudWithKeysAt(openIdMetadataUrl: string): Record<string, string> {
  return {
    ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
    ToChannelFromBotOAuthScope: "https://api.botframework.com",
    ToBotFromChannelTokenIssuer: "https://api.botframework.com",
    OAuthUrl: "https://api.botframework.com",
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

function adapterFor(config: TeamsConfig): TeamsAdapter {
  return reuseClients(newAdapter(config));
}

/** The most clients kept per kind: one per service URL and audience in use (a few regions). */
const MAX_CLIENTS = 32;

/** A bounded map of promises; one that rejects is dropped, so the next caller tries again. */
function cachedIn<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit;
  if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value as string);
  const made = make();
  cache.set(key, made);
  made.catch(() => {
    if (cache.get(key) === made) cache.delete(key);
  });
  return made;
}

/**
 * botbuilder builds a new connector client (an Azure HTTP pipeline with its
 * policies) and a new user-token client for every turn. Both are stateless
 * between requests (the credentials fetch and renew their own token), so the
 * turns of one app id, audience and service URL share them: about a tenth of
 * a Teams message's CPU. Which clients a turn gets is still decided by
 * botbuilder's authentication of that turn.
 */
function reuseClients(adapter: TeamsAdapter): TeamsAdapter {
  const auth = (adapter as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication })
    .botFrameworkAuthentication;
  const connectors = new Map<string, Promise<ConnectorClient>>();
  const tokenClients = new Map<string, Promise<UserTokenClient>>();
  const appIdOf = (identity: ClaimsIdentity) => JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? "";
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticate(activity, authHeader);
    const factory = result.connectorFactory;
    if (!factory) return result;
    const appId = appIdOf(result.claimsIdentity);
    result.connectorFactory = {
      create: (serviceUrl: string, audience: string) =>
        cachedIn(connectors, JSON.stringify([appId, audience, serviceUrl]), () => factory.create(serviceUrl, audience)),
    };
    return result;
  };
  const userTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (identity) => cachedIn(tokenClients, appIdOf(identity), () => userTokenClient(identity));
  return adapter;
}

function newAdapter(config: TeamsConfig): TeamsAdapter {
  const { appId, appPassword, appType, tenantId } = config;
  // local mode: no credentials, so botbuilder authenticates nothing (the route admits loopback only)
  if (config.mode === "local") return new TeamsAdapter({});
  if (!appId) throw new Error("Teams configuration (MICROSOFT_APP_*) is incomplete: MICROSOFT_APP_ID is not set");
  const settings: Record<string, string> = config.openIdMetadataUrl
    ? publicCloudWithKeysAt(config.openIdMetadataUrl)
    : {};
  settings.MicrosoftAppId = appId;
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
  const { adapter, refs, logger, lang, sender } = connector;
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
   * Who reads an answer (Reply.audience): Teams has no message for one person in a channel or
   * group chat, so there only an answer meant for the conversation is posted (by `post`); any
   * other goes to the person's personal chat with the bot, and the conversation gets one line
   * saying so — or, when that chat cannot be reached, one line saying it was not sent and where
   * to ask, and nothing of the answer.
   */
  const answer = async (
    context: TurnContext,
    activities: Partial<Activity>[],
    audience: Reply["audience"],
    post: (activities: Partial<Activity>[]) => Promise<void>,
  ) => {
    if (audience === "conversation" || conversationKind(context.activity) === "personal") return post(activities);
    const userId = userIdOf(context);
    const actor = userId ? await bot.actorFor("teams", userId) : null;
    const sent = userId
      ? await sender.toPersonalChat(userId, actor?.id ?? null, activities)
      : { ok: false as const, error: "no Entra object id on the activity" };
    if (!sent.ok)
      logger.info(
        { event: "teams.private.unreachable", kind: conversationKind(context.activity), error: sent.error },
        "an answer for one person could not reach their personal chat; not posted in the conversation",
      );
    const t = translator(actor?.lang ?? lang);
    const said = sent.ok
      ? "common.sentPrivately"
      : "partly" in sent
        ? "common.sentPrivatelyPartly"
        : "common.notSentPrivately";
    await sendReply(context, textReply(t(said)));
  };

  /**
   * In a 1:1 chat the card the person pressed is replaced by the answer when
   * the press finishes it (a submitted form, Ångra, a choice asked for: its
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

  const onAction = async (context: TurnContext, id: string, value: string, finishes: boolean) => {
    const userId = userIdOf(context);
    const reply = await bot.handleAction({
      platform: "teams",
      userId,
      action: { id, value },
      channelId: channelIdOf(context.activity),
      requestKey: `teams:action:${hashKey(userId, id, value, context.activity.replyToId ?? "")}`,
    });
    const activities = outgoingActivities(reply, { lang }) as Partial<Activity>[];
    // a button that finishes its card (Ångra, a choice asked for): the card becomes the answer, so its
    // buttons cannot be pressed again; any other (Svara, Skicka status, a results button) leaves the
    // card whole and answers in a new message
    await answer(context, activities, reply.audience, async (all) => {
      if (finishes) await replaceCard(context, all);
      else await context.sendActivities(all);
    });
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
    // a form returned with errors carries what was typed: only ever the person's
    const [activities, audience] =
      outcome.kind === "errors"
        ? [[toActivity(renderForm({ ...outcome.form, errors: outcome.errors }, { lang }))], undefined]
        : [outgoingActivities(outcome.reply, { lang }) as Partial<Activity>[], outcome.reply.audience];
    await answer(context, activities, audience, (all) => replaceCard(context, all));
  };

  const onSubmit = async (context: TurnContext) => {
    const submit = readSubmit(context.activity.value);
    if (!submit) return;
    await remember(context);
    if (submit.kind === "action") await onAction(context, submit.id, submit.value, submit.finishes);
    else await onForm(context, submit);
  };

  const onMessage = async (context: TurnContext) => {
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
    await answer(context, outgoingActivities(reply, { lang }) as Partial<Activity>[], reply.audience, (all) =>
      context.sendActivities(all).then(() => undefined),
    );
  };

  const botIsIn = (members: { id?: string }[] | undefined, context: TurnContext) =>
    (members ?? []).some((m) => m.id === context.activity.recipient?.id);

  const onMembersAdded = async (context: TurnContext) => {
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
  };

  const onMembersRemoved = async (context: TurnContext) => {
    if (!botIsIn(context.activity.membersRemoved, context)) return;
    await refs.remove(context.activity);
    logger.info({ event: "teams.removed", kind: conversationKind(context.activity) }, "Löftesbot removed");
  };

  const onInstallationUpdate = async (context: TurnContext) => {
    const action = String(context.activity.action ?? "");
    if (action.startsWith("remove")) await refs.remove(context.activity);
    else await remember(context);
  };

  /**
   * The routes in Teams AI's order and with its selectors: the first that
   * matches runs and ends the turn; an activity none matches (an invoke, a
   * reaction) is left to botbuilder (an invoke is answered 501).
   */
  const routes: [(activity: Activity) => boolean, (context: TurnContext) => Promise<void>][] = [
    [(a) => isCardSubmit(a, ACTION_VERB) || isCardSubmit(a, FORM_VERB), onSubmit],
    [(a) => isType(a, ActivityTypes.Message), onMessage],
    [(a) => a.type === ActivityTypes.ConversationUpdate && nonEmpty(a.membersAdded), onMembersAdded],
    [(a) => a.type === ActivityTypes.ConversationUpdate && nonEmpty(a.membersRemoved), onMembersRemoved],
    [(a) => isType(a, ActivityTypes.InstallationUpdate), onInstallationUpdate],
  ];

  /** One turn the route admitted; no typing indicator (the replies are quick). */
  const run = async (context: TurnContext) => {
    const activity = context.activity;
    // `@Löftesbot ny …` in a channel: the bot's own mention is not part of the command (as Teams AI
    // removed it; commandText drops it too)
    if (activity.type === ActivityTypes.Message) activity.text = TurnContext.removeRecipientMention(activity);
    requireAddress(activity);
    for (const [matches, handler] of routes) {
      if (!matches(activity)) continue;
      await handler(context);
      return;
    }
  };

  // a turn that throws (ours or botbuilder's) ends here: logged, and a message gets "try again"
  adapter.onTurnError = async (context, error) => {
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
  };

  /** A refused request: 403, nothing read further, stored or answered; one warning for the operator. */
  const refuse = (res: ServerResponse, reason: string, serviceUrl?: unknown) => {
    logger.warn(
      { event: "teams.refused", mode: connector.config.mode, reason, serviceUrlHost: hostForLog(serviceUrl) },
      `Teams request refused: ${reason}`,
    );
    sendPlain(res, 403, reason);
  };

  const route: RouteHandler = async (req: IncomingMessage, res: ServerResponse) => {
    if (connector.config.mode === "local") {
      const refusal = localModeRefusal(req);
      if (refusal) {
        req.resume();
        return refuse(res, `local mode serves this machine only: ${refusal}`);
      }
    }
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
        // botbuilder has authenticated the request by now (authenticated mode: the JWT, whose
        // serviceurl claim must equal the activity's); its service URL must still be one the mode
        // allows, or nothing of it is stored, answered or sent there (the shim ignores botbuilder's
        // own status once this 403 is written)
        const serviceUrl = context.activity.serviceUrl;
        if (serviceUrl !== undefined && serviceUrl !== null && !refs.allows(serviceUrl))
          return refuse(res, `service URL not allowed in ${connector.config.mode} mode`, serviceUrl);
        await run(context);
      },
    );
  };

  return { ...connector, route };
}

/** The activity's type is `type`, in any case (as Teams AI compared them). */
function isType(activity: Activity, type: string): boolean {
  return typeof activity.type === "string" && activity.type.toLocaleLowerCase() === type.toLocaleLowerCase();
}

function nonEmpty(members: unknown): boolean {
  return Array.isArray(members) && members.length > 0;
}

/** An Adaptive Card's Action.Submit for `verb`: a message without text whose value names the verb. */
function isCardSubmit(activity: Activity, verb: string): boolean {
  const value: unknown = activity.value;
  return (
    activity.type === ActivityTypes.Message &&
    !activity.text &&
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SUBMIT_FILTER] === verb
  );
}

/**
 * A turn is for one bot, conversation and sender on one channel: an activity
 * without their ids fails the turn (as Teams AI's turn state refused it), so
 * nothing of it is stored or answered as if it came from nobody.
 */
function requireAddress(activity: Activity): void {
  if (!activity.channelId) throw new Error("missing context.activity.channelId");
  if (!activity.recipient?.id) throw new Error("missing context.activity.recipient.id");
  if (!activity.conversation?.id) throw new Error("missing context.activity.conversation.id");
  if (!activity.from?.id) throw new Error("missing context.activity.from.id");
}
