// The memory floor: the two chat SDKs the service loads, and nothing else —
// the bare Bolt app of bench/boltFloor.ts (HTTPReceiver, acks every slash
// command), imported as it is, with botbuilder's CloudAdapter and an ActivityHandler created
// beside it (as bench/teamsFloor.ts), in one process. Started by the memory
// scenario of bench/run.ts under the same Slack load as the service:
//   PORT=… SLACK_SIGNING_SECRET=… node bin/run-ts.mjs bench/memoryFloor.ts
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
// the bare Bolt app itself: it starts on PORT and stops on SIGTERM as on its own
import "./boltFloor.js";

// botbuilder loaded and set up as the Teams floor does (not loaded by Slack's requests)
const teams = {
  adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
  bot: new ActivityHandler(),
};
teams.bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ""}`);
  await next();
});
void teams;
