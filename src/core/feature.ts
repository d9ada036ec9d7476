// A feature plugs into the core's front door: the commands it answers, the
// buttons (actions) and forms it handles. Written once, it shows up in Slack,
// Teams and the console alike.
import type { Actor } from "../domain/organisation.js";
import type { Platform } from "../domain/platform.js";
import type { Action, FormOutcome, FormValues, Reply } from "./reply.js";
import type { CoreContext } from "./context.js";

export type CommandName = "logga" | "mina" | "lofte" | "dialog" | "uppfoljning" | "loftesbot";

export interface CommandRequest {
  ctx: CoreContext;
  actor: Actor;
  platform: Platform;
  /** the words after the command, e.g. "ny" for `/lofte ny` */
  args: string;
  channelId?: string;
  mentions?: Record<string, string>;
}

export interface ActionRequest {
  ctx: CoreContext;
  actor: Actor;
  platform: Platform;
  action: Action;
  channelId?: string;
}

export interface FormSubmission {
  ctx: CoreContext;
  actor: Actor;
  platform: Platform;
  formId: string;
  state: string;
  values: FormValues;
}

export interface Feature {
  name: string;
  /** return null when the arguments are not this feature's (the next feature is asked) */
  commands?: Partial<Record<CommandName, (request: CommandRequest) => Promise<Reply | null>>>;
  actions?: Record<string, (request: ActionRequest) => Promise<Reply>>;
  forms?: Record<string, (submission: FormSubmission) => Promise<FormOutcome>>;
}
