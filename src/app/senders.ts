// The platform senders for scheduled and immediate messages outside a running
// server (`loftesbot jobs run`): Slack when configured, Teams always (it posts
// through the conversation references stored when the app was installed).
// The service itself uses the senders its adapters create (src/wiring.ts).
import type { Core } from "./compose.js";
import type { Senders } from "../schedules/jobRunner.js";

export async function createSenders(core: Core): Promise<Senders> {
  const senders: Senders = {};
  if (core.config.slack) {
    const { SlackSender } = await import("../../adapters/slack/slackSender.js");
    senders.slack = new SlackSender({
      botToken: core.config.slack.botToken,
      apiUrl: core.config.slack.apiUrl,
      logger: core.logger,
    });
  }
  const { createTeams } = await import("../../adapters/teams/teamsApp.js");
  senders.teams = createTeams(core).sender;
  return senders;
}
