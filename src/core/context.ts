// What every use case gets: repositories, the clock and the time zone, and
// two ports to the outside (immediate delivery, starting a job now). It is
// built whole by the composition root (src/app/compose.ts) and never changed.
import type { Lang } from "../domain/lang.js";
import { dayInZone } from "../domain/calendar.js";
import type { Logger } from "./log.js";
import type { ActivityLogRepository } from "../storage/activityLogRepository.js";
import type { AuditLog } from "../storage/auditLog.js";
import type { Prisma } from "../storage/database.js";
import type { OrganisationRepository } from "../storage/organisationRepository.js";
import type { DeliveryRoute, PersonRoutes } from "../delivery/routes.js";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface CoreContext {
  prisma: Prisma;
  organisation: OrganisationRepository;
  activityLog: ActivityLogRepository;
  audit: AuditLog;
  /** how to reach people (their private routes); the only way a feature learns of platform ids */
  routes: PersonRoutes;
  clock: Clock;
  timeZone: string;
  defaultLang: Lang;
  pollMinResponses: number;
  /** the instance key: wraps each poll's own key, keys stored request keys; never stored in the database */
  secret: string;
  /** AI summaries, when configured (OPENAI_API_KEY / AZURE_OPENAI_*) */
  ai?: { openAiKey?: string; azureKey?: string; azureEndpoint?: string; azureDeployment?: string };
  /** gallring: days to keep notes, free-text answers (after closing) and the audit log */
  retention: { notesDays: number; freeTextDays: number; auditDays: number };
  /** sends a message now, exactly once per key; answers "no-platform" in a process without chat platforms */
  outbound: Outbound;
  /** starts a scheduled job now, in the background; does nothing in a process without chat platforms */
  jobs: JobTrigger;
  logger: Logger;
}

export type OutboundResult = "sent" | "already-sent" | "failed" | "no-platform";

/** Immediate delivery outside a schedule (e.g. a button that forwards a status), through the delivery ledger. */
export interface Outbound {
  deliver(
    key: { job: string; recipient: string; period: string },
    routes: DeliveryRoute[],
    reply: import("./reply.js").Reply,
  ): Promise<OutboundResult>;
  /** the chat platforms this process delivers to (none in a process without platforms, e.g. the CLI) */
  platforms?(): import("../domain/platform.js").ChatPlatform[];
}

/** Starts a scheduled job now (e.g. poll invitations right after a poll is created); safe to call often. */
export interface JobTrigger {
  runNow(job: { readonly name: string }): void;
}

export function today(ctx: CoreContext): string {
  return dayInZone(ctx.clock.now(), ctx.timeZone);
}
