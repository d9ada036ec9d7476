// The environment Löftesbot reads (CONTRACT.md), parsed once with zod by the
// composition root. A wrong value stops start-up with one clear line.
import type { Lang } from "../domain/lang.js";
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
  /** gallring: days to keep activity notes, free-text answers (after closing) and the audit log */
  retention: { notesDays: number; freeTextDays: number; auditDays: number };
  slack?: { signingSecret: string; botToken: string; apiUrl?: string };
  teams: { appId?: string; appPassword?: string; tenantId?: string; appType?: string };
  ai?: { openAiKey?: string; azureKey?: string; azureEndpoint?: string; azureDeployment?: string };
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = environmentSchema.safeParse(env);
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
    retention: {
      notesDays: e.LOFTESBOT_RETAIN_NOTES_DAYS,
      freeTextDays: e.LOFTESBOT_RETAIN_FREE_TEXT_DAYS,
      auditDays: e.LOFTESBOT_RETAIN_AUDIT_DAYS,
    },
    slack:
      e.SLACK_SIGNING_SECRET && e.SLACK_BOT_TOKEN
        ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL }
        : undefined,
    teams: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
    },
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
