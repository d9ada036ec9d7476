// The memory floor: the two chat SDKs the service loads, and nothing else —
// a bare Bolt app (as bench/boltFloor.ts: HTTPReceiver, acks every slash
// command) with botbuilder's CloudAdapter and an ActivityHandler created
// beside it (as bench/teamsFloor.ts), in one process. Started by the memory
// scenario of bench/run.ts under the same Slack load as the service:
//   PORT=… SLACK_SIGNING_SECRET=… node bin/run-ts.mjs bench/memoryFloor.ts
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";

const port = Number(process.env.PORT ?? 3981);
const receiver = new HTTPReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? "",
  endpoints: ["/slack/events"],
  processBeforeResponse: false,
});
const app = new App({
  receiver,
  token: "xoxb-bench",
  botId: "B00FLOOR",
  botUserId: "U00FLOOR",
  tokenVerificationEnabled: false,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});
app.command(/.*/, async ({ ack }) => {
  await ack("ok");
});
// botbuilder loaded and set up as the Teams floor does (not loaded by Slack's requests)
const teams = {
  adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
  bot: new ActivityHandler(),
};
teams.bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ""}`);
  await next();
});
await app.start(port);
process.once("SIGTERM", () => {
  void app.stop().finally(() => process.exit(0));
});
