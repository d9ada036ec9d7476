// The chat platforms' connections, made before the core so that their senders
// are the core's outbound port: Slack's sender when Slack is configured, and
// the Teams connector (Bot Framework adapter, conversation references,
// sender) only when Teams is configured (MICROSOFT_APP_ID, or the explicit
// LOFTESBOT_TEAMS_LOCAL=1): otherwise Teams is off, with no sender. The
// adapters are imported only here and in wiring.ts, and only when needed, so
// the CLI's other commands start without them.
import type { TeamsConnector } from "../../adapters/teams/teamsApp.js";
import type { SlackSender } from "../../adapters/slack/slackSender.js";
import type { Logger } from "../core/log.js";
import type { Senders } from "../schedules/jobRunner.js";
import type { Database } from "../storage/database.js";
import type { Config } from "./config.js";

export interface Platforms {
  senders: Senders;
  slack?: SlackSender;
  teams?: TeamsConnector;
}

export async function connectPlatforms(
  config: Config,
  db: Pick<Database, "prisma" | "embedded">,
  logger: Logger,
): Promise<Platforms> {
  const platforms: Platforms = { senders: {} };
  if (config.slack) {
    const { SlackSender } = await import("../../adapters/slack/slackSender.js");
    platforms.slack = new SlackSender({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
    platforms.senders.slack = platforms.slack;
  }
  if (config.teams) {
    const { createTeamsConnector } = await import("../../adapters/teams/teamsApp.js");
    platforms.teams = createTeamsConnector({
      config: config.teams,
      prisma: db.prisma,
      embedded: db.embedded,
      logger,
      lang: config.lang,
    });
    platforms.senders.teams = platforms.teams.sender;
  }
  return platforms;
}
