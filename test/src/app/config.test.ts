// Teams' mode as the environment sets it: off unless configured, the
// unauthenticated local mode only when asked for, and a half-configured or
// contradictory Teams stops start-up with one line instead of guessing.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/app/config.js";

const APP = { MICROSOFT_APP_ID: "5b5a8a52-2f4a-4a86-9d3c-0c1d2e3f4a5b", MICROSOFT_APP_PASSWORD: "secret" };

describe("Teams in the configuration", () => {
  it("is off when nothing is set, also next to a configured Slack", () => {
    expect(parseConfig({}).teams).toBeUndefined();
    expect(parseConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" }).teams).toBeUndefined();
    expect(parseConfig({ LOFTESBOT_TEAMS_LOCAL: "0" }).teams).toBeUndefined();
  });

  it("is local (unauthenticated) only with LOFTESBOT_TEAMS_LOCAL=1", () => {
    expect(parseConfig({ LOFTESBOT_TEAMS_LOCAL: "1" }).teams).toEqual({ mode: "local" });
    expect(() => parseConfig({ LOFTESBOT_TEAMS_LOCAL: "yes" })).toThrow(/LOFTESBOT_TEAMS_LOCAL/);
  });

  it("is authenticated with MICROSOFT_APP_ID", () => {
    expect(
      parseConfig({ ...APP, MICROSOFT_APP_TYPE: "SingleTenant", MICROSOFT_APP_TENANT_ID: "tenant-1" }).teams,
    ).toEqual({
      mode: "authenticated",
      appId: APP.MICROSOFT_APP_ID,
      appPassword: "secret",
      appType: "SingleTenant",
      tenantId: "tenant-1",
    });
  });

  it("refuses the local opt-in next to credentials: it would turn authentication off", () => {
    expect(() => parseConfig({ ...APP, LOFTESBOT_TEAMS_LOCAL: "1" })).toThrow(ConfigError);
    expect(() => parseConfig({ ...APP, LOFTESBOT_TEAMS_LOCAL: "1" })).toThrow(
      /LOFTESBOT_TEAMS_LOCAL must not be 1 when MICROSOFT_APP_ID is set/,
    );
  });

  it("refuses Teams credentials without MICROSOFT_APP_ID rather than quietly leaving Teams off", () => {
    expect(() => parseConfig({ MICROSOFT_APP_PASSWORD: "secret" })).toThrow(
      /MICROSOFT_APP_ID is required when MICROSOFT_APP_PASSWORD is set/,
    );
    expect(() => parseConfig({ MICROSOFT_APP_TYPE: "SingleTenant", MICROSOFT_APP_TENANT_ID: "t" })).toThrow(
      /MICROSOFT_APP_ID is required when MICROSOFT_APP_TENANT_ID, MICROSOFT_APP_TYPE are set/,
    );
  });
});

describe("an empty variable", () => {
  it("is unset: its default holds (PORT= used to give port 0, a random port)", () => {
    const config = parseConfig({
      PORT: "",
      LOFTESBOT_POLL_MIN_RESPONSES: " ",
      LOFTESBOT_RETAIN_NOTES_DAYS: "",
      TZ_REGION: "",
      LOFTESBOT_DEMO: "",
    });
    expect(config.port).toBe(3978);
    expect(config.pollMinResponses).toBe(5);
    expect(config.retention.notesDays).toBe(730);
    expect(config.timeZone).toBe("Europe/Stockholm");
    expect(config.loadDemo).toBe(true);
    expect(parseConfig({ PORT: "0" }).port).toBe(0);
  });
});
