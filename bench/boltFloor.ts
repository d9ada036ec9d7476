// The floor for Slack: a bare Bolt app (HTTPReceiver, same signing secret) that
// only acks every slash command. Started as its own process by bench/slack.ts:
//   PORT=… SLACK_SIGNING_SECRET=… node bin/run-ts.mjs bench/boltFloor.ts
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

const port = Number(process.env.PORT ?? 3979);
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
await app.start(port);
process.once("SIGTERM", () => {
  void app.stop().finally(() => process.exit(0));
});
