// The environment Löftesbot reads (CONTRACT.md), parsed once with zod by the
// composition root. A wrong value stops start-up with one clear line.
import type { Lang } from "../domain/lang.js";
import type { HttpTimeouts } from "../http/server.js";
import { z } from "zod/v4";
import { ORG_FILE_MAX_MB_DEFAULT } from "../organisation/organisationFile.js";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("sv-SE", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const environmentSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
    DATABASE_URL: z
      .string()
      .default("file:./data/loftesbot.db")
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), "must start with file: or postgresql://"),
    TZ_REGION: z.string().default("Europe/Stockholm").refine(isTimeZone, "is not a known IANA time zone"),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText,
    SLACK_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), "must be an http(s) URL"),
    MICROSOFT_APP_ID: optionalText,
    MICROSOFT_APP_PASSWORD: optionalText,
    MICROSOFT_APP_TENANT_ID: optionalText,
    MICROSOFT_APP_TYPE: optionalText.refine(
      (v) => v === undefined || ["SingleTenant", "MultiTenant", "UserAssignedMSI"].includes(v),
      "must be SingleTenant, MultiTenant or UserAssignedMSI",
    ),
    /** the explicit opt-in to Teams without authentication, for the Agents Playground on this machine */
    LOFTESBOT_TEAMS_LOCAL: z.enum(["0", "1"]).default("0"),
    LOFTESBOT_ORG_FILE: optionalText,
    LOFTESBOT_ORG_FILE_MAX_MB: z.coerce
      .number({ error: "must be a number of megabytes, e.g. 10" })
      .positive("must be more than 0")
      .max(1024, "must be at most 1024")
      .default(ORG_FILE_MAX_MB_DEFAULT),
    LOFTESBOT_LANG: z.enum(["sv", "en"]).default("sv"),
    LOFTESBOT_POLL_MIN_RESPONSES: z.coerce.number().int().min(1).max(1000).default(5),
    LOFTESBOT_DEMO: z.enum(["0", "1"]).default("1"),
    LOFTESBOT_SECRET: optionalText,
    LOFTESBOT_INSTANCE: optionalText,
    LOFTESBOT_SCHEDULES: z.enum(["0", "1"]).default("1"),
    LOFTESBOT_RETAIN_NOTES_DAYS: z.coerce.number().int().min(1).default(730),
    LOFTESBOT_RETAIN_FREE_TEXT_DAYS: z.coerce.number().int().min(1).default(365),
    LOFTESBOT_RETAIN_AUDIT_DAYS: z.coerce.number().int().min(1).default(1825),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    LOFTESBOT_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
    LOFTESBOT_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
    LOFTESBOT_HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(65_000),
    OPENAI_API_KEY: optionalText,
    AZURE_OPENAI_API_KEY: optionalText,
    AZURE_OPENAI_ENDPOINT: optionalText,
    AZURE_OPENAI_DEPLOYMENT: optionalText,
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.SLACK_SIGNING_SECRET) !== Boolean(env.SLACK_BOT_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        path: [env.SLACK_SIGNING_SECRET ? "SLACK_BOT_TOKEN" : "SLACK_SIGNING_SECRET"],
        message: "Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or neither)",
      });
    }
    const appSettings = ["MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID", "MICROSOFT_APP_TYPE"] as const;
    const stray = appSettings.filter((name) => env[name]);
    if (!env.MICROSOFT_APP_ID && stray.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["MICROSOFT_APP_ID"],
        message: `is required when ${stray.join(", ")} ${stray.length > 1 ? "are" : "is"} set (without it Teams is off)`,
      });
    }
    if (env.MICROSOFT_APP_ID && env.LOFTESBOT_TEAMS_LOCAL === "1") {
      ctx.addIssue({
        code: "custom",
        path: ["LOFTESBOT_TEAMS_LOCAL"],
        message: "must not be 1 when MICROSOFT_APP_ID is set (it turns Teams authentication off)",
      });
    }
    if (env.LOFTESBOT_HTTP_REQUEST_TIMEOUT_MS < env.LOFTESBOT_HTTP_HEADERS_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["LOFTESBOT_HTTP_REQUEST_TIMEOUT_MS"],
        message: "must be at least LOFTESBOT_HTTP_HEADERS_TIMEOUT_MS (the request includes its headers)",
      });
    }
    if (env.MICROSOFT_APP_TYPE === "SingleTenant" && !env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({
        code: "custom",
        path: ["MICROSOFT_APP_TENANT_ID"],
        message: "is required when MICROSOFT_APP_TYPE=SingleTenant",
      });
    }
  });

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  port: number;
  databaseUrl: string;
  timeZone: string;
  lang: Lang;
  pollMinResponses: number;
  loadDemo: boolean;
  orgFile?: string;
  /** organisation files larger than this are refused before they are read (LOFTESBOT_ORG_FILE_MAX_MB) */
  orgFileMaxMb: number;
  /** key for one-way tokens (poll answers); when unset a key file beside the data is used */
  secret?: string;
  instanceId: string;
  schedulesEnabled: boolean;
  logLevel: Environment["LOG_LEVEL"];
  /** how long a client may take to send the headers, the whole request, and how long an idle connection stays open */
  http: HttpTimeouts;
  /** gallring: days to keep activity notes, free-text answers (after closing) and the audit log */
  retention: { notesDays: number; freeTextDays: number; auditDays: number };
  slack?: { signingSecret: string; botToken: string; apiUrl?: string };
  /**
   * Teams: off (no route, no sender) unless MICROSOFT_APP_ID is set (authenticated:
   * the Bot Framework's JWT) or LOFTESBOT_TEAMS_LOCAL=1 (local: unauthenticated,
   * this machine only). `openIdMetadataUrl` is for tests' fake signing keys, set in code only.
   */
  teams?: {
    mode: "authenticated" | "local";
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType?: string;
    openIdMetadataUrl?: string;
  };
  ai?: { openAiKey?: string; azureKey?: string; azureEndpoint?: string; azureDeployment?: string };
}

export class ConfigError extends Error {}

/** Parses the environment (an empty variable is unset); throws ConfigError with one line naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // an empty variable (`PORT=` in an env file) is unset, so its default holds: as a number it would read as 0
  const given = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const result = environmentSchema.safeParse(given);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    timeZone: e.TZ_REGION,
    lang: e.LOFTESBOT_LANG,
    pollMinResponses: e.LOFTESBOT_POLL_MIN_RESPONSES,
    loadDemo: e.LOFTESBOT_DEMO === "1",
    orgFile: e.LOFTESBOT_ORG_FILE,
    orgFileMaxMb: e.LOFTESBOT_ORG_FILE_MAX_MB,
    secret: e.LOFTESBOT_SECRET,
    instanceId: e.LOFTESBOT_INSTANCE ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    schedulesEnabled: e.LOFTESBOT_SCHEDULES === "1",
    logLevel: e.LOG_LEVEL,
    http: {
      headersTimeoutMs: e.LOFTESBOT_HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.LOFTESBOT_HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.LOFTESBOT_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    retention: {
      notesDays: e.LOFTESBOT_RETAIN_NOTES_DAYS,
      freeTextDays: e.LOFTESBOT_RETAIN_FREE_TEXT_DAYS,
      auditDays: e.LOFTESBOT_RETAIN_AUDIT_DAYS,
    },
    slack:
      e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN
        ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL }
        : undefined,
    teams: e.MICROSOFT_APP_ID
      ? {
          mode: "authenticated",
          appId: e.MICROSOFT_APP_ID,
          appPassword: e.MICROSOFT_APP_PASSWORD,
          tenantId: e.MICROSOFT_APP_TENANT_ID,
          appType: e.MICROSOFT_APP_TYPE,
        }
      : e.LOFTESBOT_TEAMS_LOCAL === "1"
        ? { mode: "local" }
        : undefined,
    ai:
      e.OPENAI_API_KEY || e.AZURE_OPENAI_API_KEY
        ? {
            openAiKey: e.OPENAI_API_KEY,
            azureKey: e.AZURE_OPENAI_API_KEY,
            azureEndpoint: e.AZURE_OPENAI_ENDPOINT,
            azureDeployment: e.AZURE_OPENAI_DEPLOYMENT,
          }
        : undefined,
  };
}
