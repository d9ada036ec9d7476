// A feature plugs into the core's front door by declaring, once, what it owns:
// its commands (with their words, help lines and manifest entries), the
// buttons (actions) and forms it handles, and its scheduled jobs. The registry
// (registry.ts) derives everything else from these declarations — the command
// words, the Slack adapter's slow set, the help text, both manifests' command
// lists (checked by a test), the job list — and refuses a word, action, form
// or job declared twice. Written once, a feature shows up in Slack, Teams and
// the console alike.
import type { Actor } from "../domain/organisation.js";
import type { Lang } from "../domain/lang.js";
import type { Platform } from "../domain/platform.js";
import type { JobDefinition } from "../schedules/job.js";
import type { CoreContext } from "./context.js";
import type { Action, FormOutcome, FormValues, Reply } from "./reply.js";

/** What a command, action or form handler may ask the registry (help is built from every feature's lines). */
export interface RegistryView {
  helpLines(lang: Lang): string[];
}

interface Request {
  ctx: CoreContext;
  actor: Actor;
  platform: Platform;
  registry: RegistryView;
}

export interface CommandRequest extends Request {
  /** the words after the command, e.g. "ny" for `/lofte ny` */
  args: string;
  /** the channel the command came from; none in a personal chat */
  channelId?: string;
  /** mention tokens as they appear in `args` → the platform user id the adapter resolved them to */
  mentions?: Record<string, string>;
}

export interface ActionRequest extends Request {
  action: Action;
  channelId?: string;
}

export interface FormSubmission extends Request {
  formId: string;
  state: string;
  values: FormValues;
}

export type TeamsScope = "personal" | "team";

export interface CommandSpec {
  /** the canonical word: lowercase ASCII, the Slack slash command's name (`logga` for `/logga`) */
  name: string;
  /** other words for the same command: other spellings, diacritics (`löfte`), English (`log`) */
  aliases?: readonly string[];
  /** words that stand for the command with fixed arguments: `hjälp` → `/loftesbot hjälp` */
  shortcuts?: Readonly<Record<string, string>>;
  /** may take longer than Slack's 3 s ack: the Slack adapter acks first and answers through response_url */
  slow?: boolean;
  /** the lines of the help text, one per usage, in each language (Slack-style `*bold*` and `code`) */
  help: Readonly<Record<Lang, readonly string[]>>;
  /** the Slack slash commands registered for it (manifests/slack/manifest.yaml), the name first */
  slack: readonly { command: string; description: string; usageHint?: string }[];
  /** its entries in the Teams manifest's command lists (manifests/teams/manifest.json) */
  teams: readonly { title: string; description: string; scopes: readonly TeamsScope[] }[];
  /** null: the arguments are none of this command's (the front door answers that it cannot do that yet) */
  handle(request: CommandRequest): Promise<Reply | null>;
  /**
   * True for the arguments whose requests the front door must not record as
   * handled (see Feature.unrecorded); their handling must be safe to repeat.
   */
  unrecorded?(args: string): boolean;
}

export interface Feature {
  name: string;
  commands?: readonly CommandSpec[];
  actions?: Readonly<Record<string, (request: ActionRequest) => Promise<Reply>>>;
  forms?: Readonly<Record<string, (submission: FormSubmission) => Promise<FormOutcome>>>;
  /**
   * Buttons and forms whose requests the front door does not record as
   * handled (no request key is kept, so a repeat runs again): those that read
   * or write a person's own anonymous answer, where a kept key would say who
   * did it and when. Their handling must be safe to repeat.
   */
  unrecorded?: { actions?: readonly string[]; forms?: readonly string[] };
  jobs?: readonly JobDefinition[];
}
