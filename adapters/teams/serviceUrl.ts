// Who may talk to the Teams endpoint and where the bot may write back (pure).
// Local mode (LOFTESBOT_TEAMS_LOCAL=1: no authentication, for the Agents
// Playground) serves loopback clients only and writes only to loopback
// service URLs; authenticated mode writes only to the Bot Framework's and
// Teams' own hosts over https. Nothing else is ever stored or contacted.
import { isIP } from "node:net";

export type TeamsMode = "local" | "authenticated";

/** Longer than any real service URL (e.g. https://smba.trafficmanager.net/emea/<tenant id>/). */
export const MAX_SERVICE_URL = 512;

/**
 * The hosts that send activities with a serviceUrl, by where that is written down:
 * - Teams, public cloud: `https://smba.trafficmanager.net/{region}/` — Microsoft Teams
 *   platform docs, "Communication flow for Teams bot apps" (MicrosoftDocs/msteams-docs,
 *   msteams-platform/bots/communication-flow.md). Exactly this host: anyone with an
 *   Azure subscription can register another `<name>.trafficmanager.net`.
 * - Teams GCC, GCC High and DoD: the Microsoft 365 Agents SDK's TeamsServiceEndpoints
 *   (https://microsoft.github.io/Agents-for-js/variables/_microsoft_agents-hosting.TeamsServiceEndpoints.html).
 */
const TEAMS_HOSTS = new Set([
  "smba.trafficmanager.net",
  "smba.infra.gcc.teams.microsoft.com",
  "smba.infra.gov.teams.microsoft.us",
  "smba.infra.dod.teams.microsoft.us",
]);
/**
 * The Bot Framework's own channels (Web Chat in the Azure portal, Direct Line):
 * `<channel>.botframework.com`, e.g. webchat.botframework.com — Microsoft Q&A 85514,
 * "the serviceUrl is channel specific … Direct Line would be directline.botframework.com".
 */
const BOT_FRAMEWORK_DOMAIN = ".botframework.com";

function parse(url: string): URL | null {
  if (typeof url !== "string" || url.length > MAX_SERVICE_URL) return null;
  try {
    const parsed = new URL(url);
    return parsed.username || parsed.password ? null : parsed;
  } catch {
    return null;
  }
}

function bare(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x (a socket's remoteAddress, or a URL's host). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const ip = bare(address).toLowerCase();
  if (isIP(ip) === 4) return ip.startsWith("127.");
  if (isIP(ip) === 6) return ip === "::1" || /^::ffff:127\.\d+\.\d+\.\d+$/.test(ip);
  return false;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname.toLowerCase() === "localhost" || isLoopbackAddress(hostname);
}

/** http(s) to this machine: localhost, 127.x or [::1]. */
export function isLoopbackServiceUrl(url: string): boolean {
  const parsed = parse(url);
  return !!parsed && (parsed.protocol === "http:" || parsed.protocol === "https:") && isLoopbackHost(parsed.hostname);
}

/** https on the default port to a Teams host or a Bot Framework channel's host. */
export function isBotFrameworkServiceUrl(url: string): boolean {
  const parsed = parse(url);
  if (parsed?.protocol !== "https:" || parsed.port !== "") return false;
  const host = parsed.hostname.toLowerCase();
  return TEAMS_HOSTS.has(host) || (host.endsWith(BOT_FRAMEWORK_DOMAIN) && host.length > BOT_FRAMEWORK_DOMAIN.length);
}

/** Where the bot may write in this mode: the one check for what is stored and what is contacted. */
export function serviceUrlPolicy(mode: TeamsMode): (url: string) => boolean {
  return mode === "local" ? isLoopbackServiceUrl : isBotFrameworkServiceUrl;
}

/** The host of a URL for a log line (never the whole URL), or a note that it is not one. */
export function hostForLog(url: unknown): string {
  if (typeof url !== "string") return "(none)";
  try {
    return new URL(url.slice(0, MAX_SERVICE_URL)).host.slice(0, 100);
  } catch {
    return "(not a URL)";
  }
}

/** A header's host (`Host`, `Origin`) is this machine. */
function headerIsLoopback(value: string, withScheme: boolean): boolean {
  try {
    return isLoopbackHost(new URL(withScheme ? value : `http://${value}`).hostname);
  } catch {
    return false;
  }
}

type RequestLike = {
  socket: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
};

/**
 * Why a request may not use the unauthenticated local mode, or null: only a
 * client on this machine, addressed as this machine (no DNS rebinding), not
 * through a proxy or tunnel, and not a web page of another origin.
 */
export function localModeRefusal(req: RequestLike): string | null {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return "client is not on this machine";
  for (const header of ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip"])
    if (req.headers[header] !== undefined) return "request came through a proxy";
  const host = req.headers.host;
  if (typeof host !== "string" || !headerIsLoopback(host, false)) return "Host is not this machine";
  const origin = req.headers.origin;
  if (origin !== undefined && (typeof origin !== "string" || !headerIsLoopback(origin, true)))
    return "request came from a web page of another origin";
  return null;
}
