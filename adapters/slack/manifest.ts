// `loftesbot manifest slack --url https://bot.example.se`: the Slack app
// manifest (manifests/slack/manifest.yaml) with the service's URL filled in.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const MANIFEST_FILE = fileURLToPath(new URL("../../manifests/slack/manifest.yaml", import.meta.url));

/** The placeholder in the manifest file for the public base URL. */
export const URL_PLACEHOLDER = "https://BOT_URL";

/** "https://bot.example.se/" or ".../slack/events" → "https://bot.example.se"; null when not an https URL. */
export function baseUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" || parsed.search || parsed.hash || parsed.username) return null;
  const path = parsed.pathname.replace(/\/+$/, "").replace(/\/slack\/events$/, "");
  return `${parsed.origin}${path}`;
}

export function slackManifest(url: string): string {
  const base = baseUrl(url);
  if (!base) throw new Error(`not an https URL: ${url}`);
  return readFileSync(MANIFEST_FILE, "utf8").split(URL_PLACEHOLDER).join(base);
}

/** The operator command; returns the exit code. */
export function runSlackManifestCommand(args: string[], out: (text: string) => void): number {
  const usage = "usage: loftesbot manifest slack --url https://bot.example.se";
  let url: string | undefined;
  try {
    const { values } = parseArgs({ args, options: { url: { type: "string" }, db: { type: "string" } }, strict: true });
    url = values.url;
  } catch (error) {
    out(`loftesbot manifest slack: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (!url || !baseUrl(url)) {
    out(`loftesbot manifest slack: --url must be the service's public https URL\n${usage}`);
    return 2;
  }
  out(slackManifest(url));
  return 0;
}
