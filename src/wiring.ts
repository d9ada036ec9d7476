// Wiring the service's parts: which HTTP routes exist (Slack, Teams), which
// background work runs (schedules), and the operator commands that later
// features add to the CLI. Called from the composition root's callers only.
import type { Core } from "./compose.js";
import type { RouteHandler } from "./http/server.js";
import { type Service, startService } from "./service.js";

export async function startServer(core: Core): Promise<Service> {
  const routes: Record<string, RouteHandler> = {};
  if (!core.config.slack)
    core.logger.info({ event: "slack.off" }, "Slack is off: SLACK_SIGNING_SECRET/SLACK_BOT_TOKEN are not set");
  return startService(core, { routes, background: [] });
}

/** Operator commands beyond the foundation's; null = not a command. */
export async function runOperatorCommand(
  _core: Core,
  command: string,
  _args: string[],
  out: (text: string) => void,
): Promise<number | null> {
  switch (command) {
    case "jobs":
    case "report":
    case "retention":
    case "manifest":
      out(`loftesbot ${command}: not available yet`);
      return 2;
    default:
      return null;
  }
}
