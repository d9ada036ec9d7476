// The composition root: the one place that reads the environment and wires
// configuration, database, core, adapters and schedules together.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Config, parseConfig } from "./config.js";
import { dayInZone } from "../domain/calendar.js";
import { Loftesbot } from "../core/loftesbot.js";
import { createLogger, type Logger } from "../core/log.js";
import {
  DEMO_ORGANISATION_FILE,
  formatOrganisationErrors,
  readOrganisationFile,
} from "../organisation/organisationFile.js";
import { importOrganisationFile } from "../organisation/organisationStore.js";
import { describeOverride } from "../organisation/organisationMerge.js";
import { ActivityLogRepository } from "../storage/activityLogRepository.js";
import { PersonRoutes } from "../delivery/routes.js";
import { AuditLog } from "../storage/auditLog.js";
import { type Database, openDatabase, sqliteFilePath } from "../storage/database.js";
import { migrateDatabase } from "../storage/migrate.js";
import { OrganisationRepository } from "../storage/organisationRepository.js";
import { ProcessedRequests } from "../storage/processedRequests.js";
import { type Clock, type CoreContext, type JobTrigger, systemClock } from "../core/context.js";
import { outsideRequest } from "../core/writes.js";
import type { Registry } from "../core/registry.js";
import { registry } from "../features/index.js";
import { DeliveryLedger } from "../schedules/deliveryLedger.js";
import { JobRunner, type Senders } from "../schedules/jobRunner.js";
import { LedgerOutbound } from "../schedules/outbound.js";
import { connectPlatforms, type Platforms } from "./senders.js";
import { ConsoleInbox } from "../delivery/consoleInbox.js";
import { renderReplyText } from "../../adapters/console/renderText.js";
import type { UndeliveredKeeper } from "../schedules/jobRunner.js";

/** The environment, parsed once. Nothing else reads process.env. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): Config {
  return parseConfig({ ...process.env, ...overrides });
}

export interface Core {
  config: Config;
  db: Database;
  ctx: CoreContext;
  bot: Loftesbot;
  registry: Registry;
  logger: Logger;
  /** the chat platforms this process delivers through (none for the CLI's read-only commands) */
  platforms: Platforms;
  /** the job runner over the platforms' senders and the delivery ledger */
  runner: JobRunner;
  ledger: DeliveryLedger;
  /** what no platform could deliver, as the console shows it (loftesbot inbox / chat) */
  inbox: ConsoleInbox;
  close(): Promise<void>;
}

export interface CoreOptions {
  logger?: Logger;
  clock?: Clock;
  /** migrate and load the organisation (service start); the CLI's read-only commands skip loading */
  prepare?: boolean;
  /**
   * re-import LOFTESBOT_ORG_FILE (service start only); otherwise the file is imported only into
   * a database that holds no organisation yet, so a CLI command never undoes a change made in chat
   */
  reimportOrgFile?: boolean;
  /**
   * The chat platforms: "configured" connects Slack (when configured) and Teams
   * as the service and `jobs` need them; given senders are used as they are
   * (tests); none by default — then deliveries answer "no-platform" and jobs
   * are not started from commands.
   */
  platforms?: "configured" | Senders;
}

export async function openCore(config: Config, options: CoreOptions = {}): Promise<Core> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  if (options.prepare !== false) {
    const outcome = await migrateDatabase(config.databaseUrl);
    if (outcome.applied.length > 0)
      logger.info({ event: "db.migrated", applied: outcome.applied }, "database migrated");
  }
  const db = await openDatabase(config.databaseUrl);
  const platforms: Platforms =
    options.platforms === "configured"
      ? await connectPlatforms(config, db, logger)
      : { senders: options.platforms ?? {} };
  const ledger = new DeliveryLedger(db.prisma, config.instanceId);
  const inbox = new ConsoleInbox(db.prisma);
  // a message no platform could take is kept for its people as the console shows it (its buttons by name: read later, no number presses them)
  const keeper: UndeliveredKeeper = {
    keep: async (key, routes, reply) =>
      inbox.keep(await inbox.peopleOf(key.recipient, routes), key, renderReplyText(reply, { numbered: false }).text),
  };
  const live = options.platforms !== undefined;
  // the runner needs the context and the context's job port needs the runner: the port looks it up when called
  let runner: JobRunner | undefined;
  const jobs: JobTrigger = {
    runNow(job) {
      const definition = registry.job(job.name);
      const started = runner;
      if (!live || !started || !definition) return;
      // the job is not part of the command that started it: its writes are not the request's
      outsideRequest(() => started.run(definition, ctx.clock.now())).catch((error: unknown) => {
        logger.error({ event: "job.error", job: job.name, err: error }, "job started by a command failed");
      });
    },
  };
  const ctx: CoreContext = {
    prisma: db.prisma,
    organisation: new OrganisationRepository(db.prisma),
    activityLog: new ActivityLogRepository(db.prisma, db.embedded),
    audit: new AuditLog(db.prisma),
    routes: new PersonRoutes(db.prisma),
    clock,
    timeZone: config.timeZone,
    defaultLang: config.lang,
    pollMinResponses: config.pollMinResponses,
    secret: config.secret ?? secretKeyFile(config.databaseUrl),
    ai: config.ai,
    retention: config.retention,
    outbound: new LedgerOutbound(ledger, platforms.senders, () => clock.now(), keeper),
    jobs,
    logger,
  };
  runner = new JobRunner({ ctx, ledger, senders: platforms.senders, inbox: keeper });
  if (options.prepare !== false) await loadOrganisation(config, ctx, logger, options.reimportOrgFile === true);
  const bot = new Loftesbot(ctx, new ProcessedRequests(db.prisma, db.embedded, ctx.secret), registry);
  return { config, db, ctx, bot, registry, logger, platforms, runner, ledger, inbox, close: () => db.close() };
}

/**
 * The instance key when LOFTESBOT_SECRET is not set: a random key in a file
 * beside the SQLite database (or in ./data for PostgreSQL), created on first
 * start with owner-only permissions. It wraps each poll's own key and keys the
 * stored request keys; it is never written to the database, so the database
 * alone can neither open an open poll's sealed answers nor tell whose a
 * request was. Losing it makes the answers of polls still open unreadable.
 */
function secretKeyFile(databaseUrl: string): string {
  const dir =
    databaseUrl.startsWith("file:") && !databaseUrl.includes(":memory:")
      ? dirname(sqliteFilePath(databaseUrl))
      : resolve("data");
  const file = join(dir, "loftesbot.key");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch {
      // another instance created it first
    }
  }
  return readFileSync(file, "utf8").trim();
}

/**
 * LOFTESBOT_ORG_FILE when set — at service start (`reimport`), or into a database without an
 * organisation — else the demo organisation into an empty database (unless LOFTESBOT_DEMO=0).
 * The file and the chat are one source of truth (organisationMerge.ts): an unchanged file imports
 * nothing; a changed one keeps what was changed in chat unless it changes the same thing, and the
 * log says what it overrode.
 */
async function loadOrganisation(config: Config, ctx: CoreContext, logger: Logger, reimport: boolean): Promise<void> {
  const today = dayInZone(ctx.clock.now(), config.timeZone);
  const empty = (await ctx.prisma.lpo.count()) === 0;
  let file: string | undefined = config.orgFile && (reimport || empty) ? config.orgFile : undefined;
  if (!config.orgFile && config.loadDemo && empty) file = DEMO_ORGANISATION_FILE;
  if (!file) return;
  const read = readOrganisationFile(file, config.orgFileMaxMb);
  if (!read.ok) throw new Error(read.message);
  const outcome = await importOrganisationFile(ctx.prisma, read.text, today, file);
  if (!outcome.ok)
    throw new Error(`Organisation file ${file} has errors:\n${formatOrganisationErrors(outcome.errors)}`);
  if (outcome.unchanged)
    logger.info(
      { event: "org.unchanged", file },
      "organisation file unchanged since its last import: nothing imported (changes made in chat are kept)",
    );
  else logger.info({ event: "org.loaded", file, changes: outcome.changes }, "organisation loaded");
  if (outcome.overrides.length > 0)
    logger.info(
      { event: "org.overrode", file, overrides: outcome.overrides.map(describeOverride) },
      `the organisation file overrode ${outcome.overrides.length} change(s) made in chat: ${outcome.overrides.map(describeOverride).join("; ")}`,
    );
}
