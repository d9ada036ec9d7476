// The `loftesbot` command (CONTRACT.md): serve, migrate, org import/export,
// chat, export, report, retention, jobs, manifest. Operator-facing: errors are
// one clear line on stderr and a non-zero exit code, never a stack trace.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
// Start-up cost: only what every command needs is imported here. The database,
// the features, the chart and platform libraries are imported by the command
// that uses them (`--help` loads none of them; test/src/app/cliStartup.test.ts).
import type { Core } from "./compose.js";
import type { Config } from "./config.js";
import { dayInZone, isValidDay } from "../domain/calendar.js";

const USAGE = `Usage: loftesbot <command> [options]   (README.md, "Command line", has an example of each)
  serve                                   start the service (npm start); re-imports LOFTESBOT_ORG_FILE
  migrate                                 create or migrate the database
  org import FILE                         import the organisation file (YAML or JSON); says what it overrode
  org export                              print the organisation as a file
  chat --as PERSON                        console client (reads stdin when piped); shows the inbox on start
  inbox --as PERSON [--unread] [--limit N]
                                          messages no chat platform delivered (the console inbox)
  export activities [--from DATE] [--to DATE] [--format csv|json]
  export progress [--from DATE] [--to DATE] [--format csv|json] [--lang sv|en]
  export polls [--format csv|json]
  report --kommun K (--from DATE --to DATE | --period 2026-11|2026-Q3|2026-W47) [--out DIR] [--lang sv|en]
         [--format html|md|json] [--before-from DATE --before-to DATE] [--citizen]
                                          written follow-up (HTML + Markdown) into DIR (default ./reports);
                                          --format json prints it on stdout; --citizen writes the citizen draft
  report published --kommun K (--from DATE --to DATE | --period P)
                                          mark the citizen summary published (criterion lofte.e)
  indicators import FILE [--lang sv|en]   indicator figures (CSV: kommun;omrade;indikator;period;varde;n)
  retention run                           gallring now
  person forget ID                        remove a person's personal data
  jobs list                               the schedules, next runs and ledger counts
  jobs run NAME [--at ISO-TIME] [--preview]
                                          run a job now; --preview shows every message, sends and records nothing
  manifest slack --url URL                the Slack app manifest
  manifest teams --app-id ID --out FILE.zip [--domain HOST]
                                          the Teams app package
  help | --help                           this text
Options for every command: --db URL (instead of DATABASE_URL)`;

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
  const { ConfigError, parseConfig } = await import("./config.js");
  let config: Config;
  try {
    const { values } = parseArgs({ args: rest, options: { db: { type: "string" } }, strict: false });
    config = parseConfig({ ...process.env, ...(typeof values.db === "string" ? { DATABASE_URL: values.db } : {}) });
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
      case "inbox":
        return await inbox(config, rest);
      case "export":
        return await exportCommand(config, rest);
      case "manifest":
        return await (await import("./wiring.js")).runManifestCommand(rest, out);
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
  const [{ openCore }, { createLogger }] = await Promise.all([import("./compose.js"), import("../core/log.js")]);
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

/** Set for the process `serve` starts to import LOFTESBOT_ORG_FILE (see importInOwnProcess). */
const IMPORT_ONLY = "LOFTESBOT_SERVE_IMPORT_ONLY";

/**
 * `serve` re-imports LOFTESBOT_ORG_FILE in a process of its own that ends
 * when the import is done: importing 2 000 people grew the service's memory by
 * ~60 MiB that it kept for its whole life (BENCHMARKS.md). The child runs this
 * same command (migration, import, the same log events on stderr, with its
 * pid); a file it refuses stops the start with its message, as before.
 */
async function importInOwnProcess(): Promise<void> {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, process.argv.slice(1), {
    env: { ...process.env, [IMPORT_ONLY]: "1" },
    stdio: ["ignore", "inherit", "pipe"],
  });
  let pending = "";
  let refusal = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
      const line = pending.slice(0, end + 1);
      pending = pending.slice(end + 1);
      // its log lines are the service's; what follows its first other line is why it stopped
      if (refusal === "" && line.startsWith("{")) process.stderr.write(line);
      else refusal += line;
    }
  });
  const outcome = await new Promise<number | string | Error>((resolve) => {
    child.once("error", resolve);
    child.once("close", (code, signal) => resolve(code ?? signal ?? 1));
  });
  if (outcome instanceof Error) throw new Error(`the organisation file could not be imported: ${outcome.message}`);
  if (outcome === 0) return;
  const message = (refusal + pending).trim().replace(/^loftesbot: /, "");
  throw new Error(message || `the organisation file's import ended with ${outcome}`);
}

async function serve(config: Config): Promise<number> {
  const started = performance.now();
  const [{ openCore }, { createLogger }, { startServer }] = await Promise.all([
    import("./compose.js"),
    import("../core/log.js"),
    import("./wiring.js"),
  ]);
  const logger = createLogger(config.logLevel);
  if (process.env[IMPORT_ONLY] === "1") {
    // the process `serve` started for the organisation file: migrate, import, end (its logs say which process)
    const core = await openCore(config, { logger: logger.child({ pid: process.pid }), reimportOrgFile: true });
    await core.close();
    return 0;
  }
  if (config.orgFile) await importInOwnProcess();
  // the file is in the database now (or the demo is imported here, into an empty database)
  const core = await openCore(config, { logger, platforms: "configured", reimportOrgFile: false });
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
  const { migrateDatabase } = await import("../storage/migrate.js");
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
  const [
    { formatOrganisationErrors, readOrganisationFile },
    { exportOrganisationText, importOrganisationFile },
    { describeOverride },
  ] = await Promise.all([
    import("../organisation/organisationFile.js"),
    import("../organisation/organisationStore.js"),
    import("../organisation/organisationMerge.js"),
  ]);
  if (sub === "import") {
    if (!file) throw new UsageError("org import needs a FILE");
    const read = readOrganisationFile(file, config.orgFileMaxMb);
    if (!read.ok) return fail(read.message);
    const text = read.text;
    return withCore({ ...config, loadDemo: false, orgFile: undefined }, async (core) => {
      const today = dayInZone(new Date(), config.timeZone);
      const outcome = await importOrganisationFile(core.db.prisma, text, today, resolve(file));
      if (!outcome.ok) {
        process.stderr.write(`${formatOrganisationErrors(outcome.errors)}\n`);
        return fail(`${file}: ${outcome.errors.length} error(s); nothing was changed`);
      }
      const details = Object.entries(outcome.summary)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      out(
        outcome.unchanged
          ? `${file}: no changes (the same file as last imported; changes made in chat are kept)`
          : outcome.changes === 0
            ? `${file}: no changes`
            : `${file}: ${outcome.changes} change(s) (${details})`,
      );
      for (const o of outcome.overrides) out(`overrode ${describeOverride(o)}`);
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
  const personId = values.as;
  const { runChat } = await import("../../adapters/console/chat.js");
  return withCore(config, (core) =>
    runChat({
      bot: core.bot,
      personId,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
      inbox: {
        unread: () => core.inbox.list(personId, { unreadOnly: true }),
        markRead: () => core.inbox.markRead(personId, core.ctx.clock.now()),
      },
    }),
  );
}

/**
 * `loftesbot inbox --as PERSON [--unread] [--limit N]`: what no chat platform delivered to the
 * person (or to a channel of their group), newest last; new ones are marked and then read.
 */
async function inbox(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { as: { type: "string" }, unread: { type: "boolean" }, limit: { type: "string" }, db: { type: "string" } },
    strict: true,
  });
  if (!values.as) throw new UsageError("inbox needs --as PERSON (a person id, e.g. anna.berg)");
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit is a whole number, e.g. --limit 5");
  const personId = values.as;
  const { terminalText } = await import("../../adapters/console/renderText.js");
  return withCore(config, async (core) => {
    const actor = await core.ctx.organisation.actorForPlatform("console", personId, core.ctx.defaultLang);
    if (!actor) return fail(`no person "${personId}" (person ids look like anna.berg)`);
    const messages = await core.inbox.list(actor.id, { unreadOnly: values.unread, limit });
    if (messages.length === 0) {
      out(`${actor.id}: ${values.unread ? "inga olästa meddelanden" : "inkorgen är tom"}.`);
      return 0;
    }
    const unread = messages.filter((m) => !m.read).length;
    out(
      `${actor.id}: ${messages.length} ${messages.length === 1 ? "meddelande" : "meddelanden"}, ${unread} ${unread === 1 ? "nytt" : "nya"}`,
    );
    for (const m of messages)
      out(
        `\n── ${m.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC · ${m.job} ${m.period}${m.read ? "" : " · nytt"}\n${terminalText(m.text)}`,
      );
    await core.inbox.markRead(actor.id, core.ctx.clock.now());
    return 0;
  });
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
  const [{ CSV_BOM }, { activityExportRows, csvHeader, csvLine }] = await Promise.all([
    import("../core/csv.js"),
    import("../features/logging/index.js"),
  ]);
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
