// `loftesbot manifest slack --url …`: the Slack app manifest with every slash
// command and the service's URL for commands, interactivity and events.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { MANIFEST_FILE, slackManifest } from "../../../adapters/slack/manifest.js";
import { readFileSync } from "node:fs";
import { registry } from "../../../src/features/index.js";
import { runManifestCommand } from "../../../src/app/wiring.js";

// biome-ignore lint/suspicious/noExplicitAny: manifest YAML
type Json = any;

async function run(args: string[]): Promise<{ code: number | null; out: string }> {
  let out = "";
  // the manifest needs no database: the core is not touched
  const code = await runManifestCommand(args, (text) => {
    out += text;
  });
  return { code, out };
}

describe("loftesbot manifest slack", () => {
  it("lists exactly the slash commands the features declare, with their descriptions and usage hints", () => {
    const manifest: Json = parse(readFileSync(MANIFEST_FILE, "utf8"));
    const inFile = (manifest.features.slash_commands as Json[]).map((c) => ({
      command: c.command,
      description: c.description,
      ...(c.usage_hint === undefined ? {} : { usageHint: c.usage_hint }),
    }));
    expect(inFile).toEqual(registry.slackCommands());
    // every slash command is a word the front door understands as that command
    for (const { command } of registry.slackCommands())
      expect(registry.parse(`${command} x`).command?.slack.some((s) => s.command === command)).toBe(true);
  });

  it("prints the manifest with every slash command and the URL filled in", async () => {
    const { code, out } = await run(["slack", "--url", "https://bot.example.se"]);
    expect(code).toBe(0);
    expect(out).not.toContain("https://BOT_URL");
    for (const command of ["/logga", "/log", "/mina", "/lofte", "/dialog", "/uppfoljning", "/loftesbot"])
      expect(out).toContain(`command: ${command}\n`);
    const manifest: Json = parse(out);
    const commands: Json[] = manifest.features.slash_commands;
    expect(commands.map((c) => c.command)).toEqual(registry.slackCommands().map((c) => c.command));
    for (const c of commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]+$/);
      expect(c.url).toBe("https://bot.example.se/slack/events");
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.should_escape).toBe(true);
    }
    expect(manifest.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: "https://bot.example.se/slack/events",
    });
    expect(manifest.settings.event_subscriptions.request_url).toBe("https://bot.example.se/slack/events");
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_mention", "message.im"]);
    expect(manifest.oauth_config.scopes.bot).toEqual([
      "commands",
      "chat:write",
      "app_mentions:read",
      "im:history",
      "files:write",
    ]);
  });

  it("accepts a URL with a path or a trailing slash, and refuses a missing or non-https one", async () => {
    expect(slackManifest("https://proxy.example.se/loftesbot/")).toContain(
      "https://proxy.example.se/loftesbot/slack/events",
    );
    expect(slackManifest("https://bot.example.se/slack/events")).toContain(
      "url: https://bot.example.se/slack/events\n",
    );
    expect((await run(["slack"])).code).toBe(2);
    const plainHttp = await run(["slack", "--url", "http://bot.example.se"]);
    expect(plainHttp.code).toBe(2);
    expect(plainHttp.out).toContain("https");
  });
});
