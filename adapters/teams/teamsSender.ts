// The Teams ChatSender: posts a reply to a bound channel or to a person's 1:1
// chat (opening one when needed), within Teams' rate limits, retrying 412,
// 429, 502, 503 and 504 with exponential backoff, jitter and Retry-After.
// It writes only to service URLs the mode allows (the reference store's
// policy): never to one a caller named in an unauthenticated request.
import type { Lang } from "../../src/domain/lang.js";
import {
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from "botbuilder";
import type { ChatSender, Recipient, SendResult } from "../../src/delivery/chatSender.js";
import type { Logger } from "../../src/core/log.js";
import type { Reply } from "../../src/core/reply.js";
import type { ConversationRefStore } from "./conversationRefs.js";
import { backoffDelay, retryAfterMs, TeamsRateLimiter } from "./rateLimit.js";
import { outgoingActivities } from "./renderCard.js";

/** The Bot Framework's token audience for the channels (botframework-connector's AuthenticationConstants). */
const BOT_FRAMEWORK_AUDIENCE = "https://api.botframework.com";
const RETRYABLE_STATUS = new Set([412, 429, 502, 503, 504]);
const NETWORK_ERROR = /ECONNRESET|ECONNREFUSED|ETIMEDOUT|ESOCKETTIMEDOUT|EAI_AGAIN|EPIPE|socket hang up/i;

export interface TeamsSenderOptions {
  appId?: string;
  /** the bot's tenant (single-tenant apps); else the tenant of the stored references */
  tenantId?: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** a Retry-After longer than this gives up (retryable) instead of holding the job */
  maxRetryAfterMs?: number;
  lang?: Lang;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

type ErrorLike = {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: { get?: (name: string) => string | undefined } & Record<string, unknown> };
};

export function statusOf(error: unknown): number | undefined {
  const e = error as ErrorLike | undefined;
  const status = e?.statusCode ?? e?.response?.status ?? e?.status;
  return typeof status === "number" ? status : undefined;
}

function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as ErrorLike | undefined)?.response?.headers;
  if (!headers) return undefined;
  const value = typeof headers.get === "function" ? headers.get(name) : (headers[name] ?? headers[name.toLowerCase()]);
  return typeof value === "string" ? value : undefined;
}

export function isRetryable(error: unknown): boolean {
  const status = statusOf(error);
  if (status !== undefined) return RETRYABLE_STATUS.has(status);
  const e = error as ErrorLike | undefined;
  return NETWORK_ERROR.test(`${e?.code ?? ""} ${e?.message ?? ""}`);
}

/**
 * The connector client's own retry policy would retry 429/5xx underneath us,
 * outside the rate limiter; in the sender's turns ours is the only one.
 */
function disableSdkRetries(context: TurnContext): void {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }
    | undefined;
  connector?.client?.pipeline?.removePolicy({ name: "defaultRetryPolicy" });
}

/** A send of several messages that failed after the first of them had arrived; `cause` is the failure. */
class PartlySent extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "PartlySent";
  }
}

function failedResult(error: unknown): Extract<SendResult, { ok: false }> {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, retryable: isRetryable(error), error: status ? `${status} ${message}` : message };
}

export class TeamsSender implements ChatSender {
  readonly platform = "teams" as const;
  private readonly limiter: TeamsRateLimiter;
  private readonly appId: string;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly refs: ConversationRefStore,
    private readonly logger: Logger,
    private readonly options: TeamsSenderOptions = {},
  ) {
    this.appId = options.appId ?? "";
    this.maxAttempts = options.maxAttempts ?? 5;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.limiter = new TeamsRateLimiter(this.now);
  }

  async send(recipient: Recipient, reply: Reply): Promise<SendResult> {
    const activities = outgoingActivities(reply, { lang: this.options.lang });
    return this.attempt(
      () =>
        recipient.kind === "channel"
          ? this.toChannel(recipient.channelId, activities)
          : this.toPerson(recipient.userId, recipient.personId, activities),
      (failure) =>
        this.logger.warn(
          { event: "teams.send.failed", recipient: recipient.kind, ...failure },
          "Teams message not delivered",
        ),
    );
  }

  /**
   * The answer to a person's command in a channel or group chat, to their personal chat with the
   * bot (its stored reference, or one created as for any message to them). A failure is not
   * logged here: the caller says in the channel that it was not sent.
   */
  async toPersonalChat(
    userId: string,
    personId: string | null,
    activities: object[],
  ): Promise<SendResult & { partly?: true }> {
    try {
      return await this.toPerson(userId, personId, activities);
    } catch (error) {
      // some of the messages arrived before one failed: the caller says so, not that nothing came
      if (error instanceof PartlySent) return { ...failedResult(error.cause), partly: true };
      return failedResult(error);
    }
  }

  private async attempt(
    send: () => Promise<SendResult>,
    failed: (failure: { status?: number; retryable: boolean; err: unknown }) => void,
  ): Promise<SendResult> {
    try {
      return await send();
    } catch (thrown) {
      const error = thrown instanceof PartlySent ? thrown.cause : thrown;
      failed({ status: statusOf(error), retryable: isRetryable(error), err: error });
      return failedResult(error);
    }
  }

  private async toChannel(channelId: string, activities: object[]): Promise<SendResult> {
    const stored = await this.refs.byConversation(channelId);
    let reference = stored?.reference;
    if (!reference) {
      // bound from the organisation file before the app was installed there: try the tenant's service URL
      const endpoint = await this.refs.latestEndpoint(this.options.tenantId);
      // retryable: once Löftesbot is added to the team, a later run gets through
      if (!endpoint)
        return {
          ok: false,
          retryable: true,
          error: `no Teams conversation reference for channel ${channelId}: add Löftesbot to the team first`,
          notYet: "Löftesbot är inte tillagd i teamet än",
        };
      const tenantId = this.options.tenantId ?? endpoint.tenantId ?? undefined;
      reference = {
        channelId: "msteams",
        serviceUrl: endpoint.serviceUrl,
        conversation: { id: channelId, isGroup: true, conversationType: "channel", tenantId, name: "" },
      };
    }
    return this.post(reference, activities);
  }

  private async toPerson(userId: string, personId: string | null, activities: object[]): Promise<SendResult> {
    const stored = await this.refs.personal(personId ?? "", userId);
    if (stored) return this.post(stored.reference, activities);
    const endpoint = await this.refs.latestEndpoint(this.options.tenantId);
    if (!endpoint)
      return {
        ok: false,
        retryable: true,
        error: "no Teams service URL known yet: nobody has used Löftesbot in Teams",
        notYet: "ingen har använt Löftesbot i Teams än",
      };
    const refused = this.refuse(endpoint.serviceUrl);
    if (refused) return refused;
    const tenantId = this.options.tenantId ?? endpoint.tenantId ?? undefined;
    const parameters = {
      isGroup: false,
      members: [{ id: userId, name: "" }],
      ...(this.appId ? { bot: { id: `28:${this.appId}`, name: "Löftesbot" } } : {}),
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters;
    let reference: Partial<ConversationReference> | undefined;
    await this.withRetries("createConversation", tenantId ?? "", undefined, () =>
      this.adapter.createConversationAsync(
        this.appId,
        "msteams",
        endpoint.serviceUrl,
        BOT_FRAMEWORK_AUDIENCE,
        parameters,
        async (context) => {
          reference = TurnContext.getConversationReference(context.activity);
        },
      ),
    );
    if (!reference?.conversation?.id) throw new Error("Teams did not return a conversation id");
    reference = {
      ...reference,
      activityId: undefined,
      user: { id: userId, name: "", aadObjectId: userId } as ConversationReference["user"],
      conversation: { ...reference.conversation, conversationType: "personal", isGroup: false, tenantId },
    };
    await this.refs.saveReference(reference, personId);
    return this.post(reference, activities);
  }

  /** The last check before the network: a service URL outside the mode's policy is never contacted. */
  private refuse(serviceUrl: string | undefined): SendResult | null {
    if (serviceUrl && this.refs.allows(serviceUrl)) return null;
    return { ok: false, retryable: false, error: "the Teams service URL is not one this mode may write to" };
  }

  private async post(reference: Partial<ConversationReference>, activities: object[]): Promise<SendResult> {
    const refused = this.refuse(reference.serviceUrl);
    if (refused) return refused;
    const conversationId = reference.conversation?.id ?? "";
    const tenantId = reference.conversation?.tenantId ?? this.options.tenantId ?? "";
    let messageId: string | undefined;
    let failure: unknown;
    let delivered = 0;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      // errors are carried out of the turn ourselves: the adapter's turn-error handler would swallow them
      try {
        disableSdkRetries(context);
        // a new message, not a reply to the continuation's made-up activity id
        context.onSendActivities(async (_context, outgoing, next) => {
          for (const activity of outgoing) activity.replyToId = undefined;
          return next();
        });
        for (const activity of activities) {
          const response: ResourceResponse | undefined = await this.withRetries(
            "sendActivity",
            tenantId,
            conversationId,
            () => context.sendActivity(activity),
          );
          messageId ??= response?.id;
          delivered++;
        }
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw delivered > 0 ? new PartlySent(failure) : failure;
    return { ok: true, messageId };
  }

  private async withRetries<T>(
    what: string,
    tenantId: string,
    conversationId: string | undefined,
    request: () => Promise<T>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = this.limiter.reserve(tenantId, conversationId);
      if (wait > 0) await this.sleep(wait);
      try {
        return await request();
      } catch (error) {
        if (!isRetryable(error) || attempt + 1 >= this.maxAttempts) throw error;
        const after = retryAfterMs(headerOf(error, "retry-after"), this.now());
        if (after !== undefined && after > (this.options.maxRetryAfterMs ?? 60_000)) throw error;
        const backoff = backoffDelay(attempt, {
          baseMs: this.options.baseDelayMs ?? 1_000,
          maxMs: this.options.maxDelayMs ?? 32_000,
          random: this.random,
        });
        const delay = after !== undefined ? Math.max(after, backoff) : backoff;
        this.logger.warn(
          { event: "teams.retry", what, status: statusOf(error), attempt: attempt + 1, delayMs: delay },
          "Teams asked to slow down or failed; retrying",
        );
        await this.sleep(delay);
      }
    }
  }
}
