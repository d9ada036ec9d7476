// The attacker's tests of the Slack adapter's one dispatching middleware
// (adapters/slack/slackAdapter.ts, `app.use`): signed requests that are well
// formed but are none of ours — a view_submission of another callback_id
// (carrying a complete, valid log form's state), a block_actions whose
// `actions` is empty — change nothing, call no Slack API, are answered, and
// the service still answers /healthz and a real command after them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Core } from "../../../src/app/compose.js";
import { dayInZone } from "../../../src/domain/calendar.js";
import { sqliteTestUrl } from "../../support/databases.js";
import {
  buttonPress,
  type FakeSlack,
  form,
  interaction,
  postSigned,
  type SlackService,
  slashCommand,
  startSlackService,
  viewSubmission,
  waitFor,
} from "./support.js";

const SECRET = "5ec2e7d15pa7c4a11bb0e0e0e0e0e0e0";
const ANNA = "U0DEMO005";
const CHANNEL = "C0DEMOIG1";

// biome-ignore lint/suspicious/noExplicitAny: Slack JSON
type Json = any;

describe("Slack: requests the dispatcher has no handler for", () => {
  let slack: SlackService | undefined;
  let fake: FakeSlack;
  let core: Core;
  let endpoint: string;
  let seq = 0;
  beforeAll(async () => {
    slack = await startSlackService(sqliteTestUrl("slack-dispatch"), SECRET);
    ({ fake, core, endpoint } = slack);
  });
  afterAll(() => slack?.stop());

  const entries = () => core.db.prisma.activityEntry.count();
  const healthz = async () => (await fetch(endpoint.replace("/slack/events", "/healthz"))).status;
  const command = (text: string) =>
    postSigned(
      endpoint,
      form(
        slashCommand({
          user: ANNA,
          command: "/logga",
          text,
          channel: CHANNEL,
          channelName: "ig-turlag-1",
          responseUrl: fake.responseUrl(`cmd-${++seq}`),
          triggerId: `trigger-${seq}`,
        }),
      ),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );
  const post = (payload: Json) =>
    postSigned(endpoint, interaction(payload), "application/x-www-form-urlencoded", { secret: SECRET });

  it("a view_submission of another callback_id, with a valid log form's state, stores nothing", async () => {
    // the real log form, as views.open received it
    expect((await command("")).status).toBe(200);
    const modal = (await waitFor(() => fake.callsOf("views.open").at(-1), "views.open")).args.view as Json;
    const l1 = modal.blocks
      .find((b: Json) => b.block_id === "activity")
      .element.options.find((o: Json) => o.text.text.startsWith("L1 ")).value;
    const values = {
      activity: { activity: { type: "static_select", selected_option: { value: l1 } } },
      day: { day: { type: "datepicker", selected_date: dayInZone(new Date(), "Europe/Stockholm") } },
      duration: { duration: { type: "plain_text_input", value: "2h" } },
      count: { count: { type: "number_input", value: null } },
      others: { others: { type: "multi_users_select", selected_users: [] } },
      note: { note: { type: "plain_text_input", value: null } },
    };
    const before = await entries();
    const callsBefore = fake.calls.length;
    const result = await post(
      viewSubmission({
        user: ANNA,
        view: { ...modal, callback_id: "someone-elses-form" },
        values,
        viewId: "V-other",
        triggerId: `trigger-${++seq}`,
      }),
    );
    expect(result.status, result.text).toBeLessThan(500);
    expect(result.text).not.toContain("response_action");
    expect(await entries()).toBe(before);
    expect(fake.calls.length).toBe(callsBefore);
    expect(await healthz()).toBe(200);
  });

  it("a block_actions with an empty `actions` is acknowledged and does nothing", async () => {
    const before = await entries();
    const callsBefore = fake.calls.length;
    const press = buttonPress({
      user: ANNA,
      button: { action_id: "lb:undo:0", value: "x", text: { type: "plain_text", text: "Ångra" } },
      channel: CHANNEL,
      channelName: "ig-turlag-1",
      messageTs: "1700000000.000100",
      responseUrl: fake.responseUrl("empty-actions"),
      triggerId: `trigger-${++seq}`,
    });
    const result = await post({ ...press, actions: [] });
    expect(result.status, result.text).toBe(200);
    expect(result.text).toBe("");
    expect(await entries()).toBe(before);
    expect(fake.calls.length).toBe(callsBefore);
    expect(await healthz()).toBe(200);
    // the service still does its work
    const logged = await command("2h närvaro");
    expect((logged.json as Json).text).toContain("✅ 2 h på L1");
    expect(await entries()).toBe(before + 1);
  });
});
