// The `loftesbot` command (CONTRACT.md): serve, migrate, org import/export,
// chat, export, report, retention, jobs, manifest. Operator-facing: errors are
// one clear line on stderr and a non-zero exit code, never a stack trace.
import { parseArgs } from "node:util";
import { runChat } from "../../adapters/console/chat.js";
import { type Core, loadConfig, openCore } from "./compose.js";
import { ConfigError, type Config } from "./config.js";
import { dayInZone, isValidDay } from "../domain/calendar.js";
import { createLogger } from "../core/log.js";
import { formatOrganisationErrors, readOrganisationFile } from "../organisation/organisationFile.js";
import { exportOrganisationText, importOrganisationText } from "../organisation/organisationStore.js";
import { migrateDatabase } from "../storage/migrate.js";
import { CSV_BOM } from "../core/csv.js";
import { activityExportRows, csvHeader, csvLine } from "../features/logging/index.js";
import { runManifestCommand, startServer } from "./wiring.js";

const USAGE = `Usage: loftesbot <command>
  serve                                   start the service (npm start)
  migrate                                 create or migrate the database
  org import FILE | org export            the organisation file (YAML)
  chat --as PERSON                        console client (reads stdin when piped)
  export activities --from DATE --to DATE [--format csv|json]
  export progress --from DATE --to DATE [--format csv|json]
  export polls [--format csv|json]
  report --kommun K (--from DATE --to DATE | --period 2026-11|2026-Q3|2026-W47) [--out DIR] [--lang sv|en]
         [--format html|md|json] [--before-from DATE --before-to DATE] [--citizen]
  report published --kommun K (--from DATE --to DATE | --period P)   mark the citizen summary published
  indicators import FILE [--lang sv|en]   indicator figures (CSV: kommun;omrade;indikator;period;varde;n)
  retention run | person forget ID
  jobs list | jobs run NAME [--at ISO-TIME]
  manifest slack --url URL | manifest teams --app-id ID --out FILE.zip
Options: --db URL (instead of DATABASE_URL)`;

class UsageError extends Error {}

function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

function fail(message: string): number {
  process.stderr.write(`loftesbot: ${message}\n`);
  return 1;
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "help") {
    out(USAGE);
    return command ? 0 : 1;
  }
  let config: Config;
  try {
    const { values } = parseArgs({ args: rest, options: { db: { type: "string" } }, strict: false });
    config = loadConfig(typeof values.db === "string" ? { DATABASE_URL: values.db } : {});
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }
  try {
    switch (command) {
      case "serve":
      case "start":
        return await serve(config);
      case "migrate":
        return await migrate(config);
      case "org":
        return await org(config, rest);
      case "chat":
        return await chat(config, rest);
      case "export":
        return await exportCommand(config, rest);
      case "manifest":
        return await runManifestCommand(rest, out);
      default:
        // `jobs` delivers: it connects the chat platforms; the other operator commands need none
        return await withCore(config, (core) => moreCommands(core, command, rest), true, command === "jobs");
    }
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n${USAGE}`);
    if (error instanceof ConfigError) return fail(error.message);
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** Commands added by later features (jobs, report, retention, manifest); see wiring.ts. */
async function moreCommands(core: Core, command: string, rest: string[]): Promise<number> {
  const { runOperatorCommand } = await import("./wiring.js");
  const handled = await runOperatorCommand(core, command, rest, out);
  if (handled === null) throw new UsageError(`unknown command "${command}"`);
  return handled;
}

async function withCore<T>(
  config: Config,
  work: (core: Core) => Promise<T>,
  prepare = true,
  platforms = false,
): Promise<T> {
  const core = await openCore(config, {
    logger: createLogger(config.logLevel === "info" ? "warn" : config.logLevel),
    prepare,
    platforms: platforms ? "configured" : undefined,
  });
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

async function serve(config: Config): Promise<number> {
  const started = performance.now();
  const logger = createLogger(config.logLevel);
  const core = await openCore(config, { logger, platforms: "configured" });
  const service = await startServer(core, { schedules: config.schedulesEnabled });
  logger.info(
    {
      event: "service.started",
      port: service.port,
      database: core.db.provider,
      startupMs: Math.round(performance.now() - started),
    },
    `Löftesbot listening on port ${service.port}`,
  );
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info({ event: "service.stopping", signal }, "stopping");
      service.stop().then(resolve, resolve);
    };
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    process.once("SIGINT", () => shutdown("SIGINT"));
  });
  logger.info({ event: "service.stopped" }, "stopped");
  return 0;
}

async function migrate(config: Config): Promise<number> {
  const outcome = await migrateDatabase(config.databaseUrl);
  out(
    outcome.applied.length > 0
      ? `Applied ${outcome.applied.length} migration(s): ${outcome.applied.join(", ")}`
      : `Database is up to date (${outcome.alreadyApplied} migration(s) applied earlier).`,
  );
  return 0;
}

async function org(config: Config, args: string[]): Promise<number> {
  const [sub, file] = args.filter((a) => !a.startsWith("--db") && !a.startsWith("postgres") && !a.startsWith("file:"));
  if (sub === "import") {
    if (!file) throw new UsageError("org import needs a FILE");
    const read = readOrganisationFile(file, config.orgFileMaxMb);
    if (!read.ok) return fail(read.message);
    const text = read.text;
    return withCore({ ...config, loadDemo: false, orgFile: undefined }, async (core) => {
      const today = dayInZone(new Date(), config.timeZone);
      const outcome = await importOrganisationText(core.db.prisma, text, today);
      if (!outcome.ok) {
        process.stderr.write(`${formatOrganisationErrors(outcome.errors)}\n`);
        return fail(`${file}: ${outcome.errors.length} error(s); nothing was changed`);
      }
      const details = Object.entries(outcome.summary)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      out(outcome.changes === 0 ? `${file}: no changes` : `${file}: ${outcome.changes} change(s) (${details})`);
      return 0;
    });
  }
  if (sub === "export") {
    return withCore(config, async (core) => {
      const text = await exportOrganisationText(core.db.prisma);
      if (text === null) return fail("the database holds no organisation");
      out(text);
      return 0;
    });
  }
  throw new UsageError("org import FILE | org export");
}

async function chat(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { as: { type: "string" }, db: { type: "string" } }, strict: true });
  if (!values.as) throw new UsageError("chat needs --as PERSON (a person id, e.g. anna.berg)");
  return withCore(config, (core) =>
    runChat({
      bot: core.bot,
      personId: values.as as string,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
    }),
  );
}

async function exportCommand(config: Config, args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what !== "activities") {
    return withCore(config, (core) => moreCommands(core, "export", args));
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      from: { type: "string" },
      to: { type: "string" },
      format: { type: "string", default: "csv" },
      db: { type: "string" },
    },
    strict: true,
  });
  const today = dayInZone(new Date(), config.timeZone);
  const from = values.from ?? `${today.slice(0, 4)}-01-01`;
  const to = values.to ?? today;
  if (!isValidDay(from) || !isValidDay(to)) throw new UsageError("--from and --to are dates like 2026-11-01");
  if (values.format !== "csv" && values.format !== "json") throw new UsageError("--format is csv or json");
  return withCore(config, async (core) => {
    const lines: string[] = [];
    const flush = () => {
      if (lines.length > 0) process.stdout.write(lines.join(""));
      lines.length = 0;
    };
    if (values.format === "csv") lines.push(CSV_BOM + csvHeader());
    for await (const row of activityExportRows(core.db.prisma, from, to)) {
      lines.push(values.format === "csv" ? csvLine(row) : `${JSON.stringify(row)}\n`);
      if (lines.length >= 1000) flush();
    }
    flush();
    return 0;
  });
}
