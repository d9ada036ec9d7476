// What every use-case gets: repositories, the clock and the time zone.
import { dayInZone } from "../domain/calendar.js";
import type { Logger } from "../log.js";
import type { ActivityLogRepository } from "../storage/activityLogRepository.js";
import type { AuditLog } from "../storage/auditLog.js";
import type { Prisma } from "../storage/database.js";
import type { OrganisationRepository } from "../storage/organisationRepository.js";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface CoreContext {
  prisma: Prisma;
  organisation: OrganisationRepository;
  activityLog: ActivityLogRepository;
  audit: AuditLog;
  clock: Clock;
  timeZone: string;
  defaultLang: "sv" | "en";
  pollMinResponses: number;
  /** key for keyed one-way tokens (anonymous poll answers); never stored in the database */
  secret: string;
  /** AI summaries, when configured (OPENAI_API_KEY / AZURE_OPENAI_*) */
  ai?: { openAiKey?: string; azureKey?: string; azureEndpoint?: string; azureDeployment?: string };
  logger: Logger;
}

export function today(ctx: CoreContext): string {
  return dayInZone(ctx.clock.now(), ctx.timeZone);
}
