// Wiring the service's parts: which HTTP routes exist (Slack, Teams), which
// background work runs (schedules), and the operator commands that later
// features add to the CLI. Called from the composition root's callers only.
import type { Core } from "./compose.js";
import type { RouteHandler } from "../http/server.js";
import type { Senders } from "../schedules/jobRunner.js";
import { createScheduler, runSchedulingCommand } from "./operations.js";
import { type Service, type ServiceParts, startService } from "./service.js";

export interface ServerOptions {
  /** run the scheduled jobs in this process (the service does; tests mostly do not) */
  schedules?: boolean;
}

/** The running service with the senders its adapters created. */
export interface Server extends Service {
  senders: Senders;
}

/** The service over a core opened with its platforms (`openCore(config, { platforms: "configured" })`). */
export async function startServer(core: Core, options: ServerOptions = {}): Promise<Server> {
  const routes: Record<string, RouteHandler> = {};
  const background: NonNullable<ServiceParts["background"]> = [];
  const { platforms } = core;
  const senders = platforms.senders;
  if (core.config.teams && !platforms.teams)
    throw new Error('startServer needs a core opened with its platforms (platforms: "configured")');
  if (!core.config.slack)
    core.logger.info({ event: "slack.off" }, "Slack is off: SLACK_SIGNING_SECRET/SLACK_BOT_TOKEN are not set");
  else {
    const { createSlackAdapter, SLACK_EVENTS_PATH } = await import("../../adapters/slack/slackAdapter.js");
    const slack = createSlackAdapter({
      bot: core.bot,
      slack: core.config.slack,
      logger: core.logger,
      sender: platforms.slack,
    });
    routes[SLACK_EVENTS_PATH] = slack.route;
    // answers still on their way after an ack finish before the database closes
    background.push({ start: () => undefined, stop: () => slack.drain() });
    core.logger.info({ event: "slack.on", path: SLACK_EVENTS_PATH }, "Slack on POST /slack/events");
  }
  // Teams only when configured: authenticated with MICROSOFT_APP_ID, unauthenticated only with the
  // explicit LOFTESBOT_TEAMS_LOCAL=1; either way the operator sees at warn level which it is. Teams
  // off is a choice (like Slack off), nothing to act on: info
  if (!platforms.teams)
    core.logger.info(
      { event: "teams.mode", mode: "off" },
      "Teams is off: POST /api/messages is not served (set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, " +
        "MICROSOFT_APP_TYPE and MICROSOFT_APP_TENANT_ID for Teams; LOFTESBOT_TEAMS_LOCAL=1 only to try it on this machine)",
    );
  else {
    const { createTeams, TEAMS_MESSAGES_PATH } = await import("../../adapters/teams/teamsApp.js");
    routes[TEAMS_MESSAGES_PATH] = createTeams(platforms.teams, core.bot).route;
    const { mode, appId, appType, tenantId } = platforms.teams.config;
    if (mode === "local")
      core.logger.warn(
        { event: "teams.mode", mode, path: TEAMS_MESSAGES_PATH },
        "Teams in LOCAL mode on POST /api/messages: requests are NOT authenticated; only clients on this machine " +
          "(loopback) with a loopback serviceUrl are served (LOFTESBOT_TEAMS_LOCAL=1, for the Agents Playground; never in production)",
      );
    else
      core.logger.warn(
        { event: "teams.mode", mode, path: TEAMS_MESSAGES_PATH, appId, appType: appType ?? "MultiTenant", tenantId },
        `Teams authenticated on POST /api/messages: Bot Framework JWT required for app ${appId} ` +
          `(${appType ?? "MultiTenant"}${tenantId ? `, tenant ${tenantId}` : ""}); replies only to Teams/Bot Framework service URLs`,
      );
  }
  if (options.schedules) {
    const scheduler = createScheduler(core);
    background.push({ start: () => scheduler.start(), stop: () => scheduler.stop() });
  }
  return { ...(await startService(core, { routes, background })), senders };
}

/** `loftesbot manifest slack|teams …`: needs no database. */
export async function runManifestCommand(args: string[], out: (text: string) => void): Promise<number> {
  if (args[0] === "slack")
    return (await import("../../adapters/slack/manifest.js")).runSlackManifestCommand(args.slice(1), out);
  if (args[0] === "teams")
    return (await import("../../adapters/teams/manifest.js")).runTeamsManifestCommand(args.slice(1), out);
  out("manifest slack --url https://bot.example.se | manifest teams --app-id GUID --out loftesbot.zip");
  return 2;
}

/** Operator commands beyond the foundation's; null = not a command. */
export async function runOperatorCommand(
  _core: Core,
  command: string,
  _args: string[],
  out: (text: string) => void,
): Promise<number | null> {
  if (command === "report") return (await import("./cli/report.js")).runReportCommand(_core, _args, out);
  if (command === "indicators") return (await import("./cli/indicators.js")).runIndicatorsCommand(_core, _args, out);
  if (command === "export" && _args[0] === "progress")
    return (await import("./cli/progressExport.js")).runExportCommand(_core, _args, out);
  if (command === "export" && _args[0] === "polls")
    return (await import("./cli/pollExport.js")).runPollExportCommand(_core, _args.slice(1), out);
  const scheduling = await runSchedulingCommand(_core, command, _args, out);
  if (scheduling !== null) return scheduling;
  return null;
}
