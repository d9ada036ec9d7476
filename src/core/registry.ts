// The registry: every feature's declarations in lookup tables. Each command
// word, action id, form id and job name belongs to exactly one feature; a
// second claim is refused when the registry is built (at start, and in a test).
// Everything that lists commands — the words the front door understands, the
// Slack adapter's slow commands, the help text, the Slack and Teams manifests'
// command lists (compared with the files by a test) — is derived here.
import type { Lang } from "../domain/lang.js";
import type { JobDefinition } from "../schedules/job.js";
import type { ActionRequest, CommandSpec, Feature, FormSubmission, RegistryView, TeamsScope } from "./feature.js";
import { type FormOutcome, OPEN_FORM_ACTION, type Reply } from "./reply.js";

export interface ParsedCommand {
  /** the command, or null when the first word is none */
  command: CommandSpec | null;
  /** the words after the command word (or a shortcut's fixed arguments); the whole text when no command */
  args: string;
}

export class Registry implements RegistryView {
  readonly features: readonly Feature[];
  readonly commands: readonly CommandSpec[];
  readonly jobs: readonly JobDefinition[];
  private readonly words = new Map<string, { command: CommandSpec; args?: string }>();
  private readonly actions = new Map<string, (request: ActionRequest) => Promise<Reply>>();
  private readonly forms = new Map<string, (submission: FormSubmission) => Promise<FormOutcome>>();
  private readonly jobsByName = new Map<string, JobDefinition>();
  private readonly unrecordedActions = new Set<string>();
  private readonly unrecordedForms = new Set<string>();

  constructor(features: readonly Feature[]) {
    this.features = features;
    const owners = new Map<string, string>();
    const claim = (kind: string, key: string, feature: Feature) => {
      const owner = owners.get(`${kind}:${key}`);
      if (owner) throw new Error(`${kind} "${key}" is declared by both "${owner}" and "${feature.name}"`);
      owners.set(`${kind}:${key}`, feature.name);
    };
    for (const feature of features) {
      for (const command of feature.commands ?? []) {
        for (const word of [command.name, ...(command.aliases ?? [])]) {
          claim("command word", word, feature);
          this.words.set(word, { command });
        }
        for (const [word, args] of Object.entries(command.shortcuts ?? {})) {
          claim("command word", word, feature);
          this.words.set(word, { command, args });
        }
      }
      for (const [id, handler] of Object.entries(feature.actions ?? {})) {
        claim("action", id, feature);
        this.actions.set(id, handler);
      }
      for (const [id, handler] of Object.entries(feature.forms ?? {})) {
        claim("form", id, feature);
        this.forms.set(id, handler);
      }
      for (const id of feature.unrecorded?.actions ?? []) this.unrecordedActions.add(id);
      for (const id of feature.unrecorded?.forms ?? []) this.unrecordedForms.add(id);
      for (const job of feature.jobs ?? []) {
        claim("job", job.name, feature);
        this.jobsByName.set(job.name, job);
      }
    }
    this.commands = features.flatMap((f) => f.commands ?? []);
    this.jobs = features.flatMap((f) => f.jobs ?? []);
  }

  /** "/logga 1,5h närvaro" → logga with "1,5h närvaro"; "hjälp" → loftesbot with "hjälp". */
  parse(text: string): ParsedCommand {
    const trimmed = text.replace(/\s+/g, " ").trim();
    const match = /^\/?(\S+)\s*(.*)$/s.exec(trimmed);
    if (!match) return { command: null, args: "" };
    const found = this.words.get(match[1].toLowerCase());
    if (!found) return { command: null, args: trimmed };
    return { command: found.command, args: found.args ?? match[2].trim() };
  }

  /** Whether a message, button or form submission must not be recorded as handled (Feature.unrecorded). */
  unrecorded(
    request:
      | { kind: "message"; text: string }
      | { kind: "action"; id: string; value: string }
      | { kind: "form"; id: string },
  ): boolean {
    if (request.kind === "form") return this.unrecordedForms.has(request.id);
    if (request.kind === "action" && request.id !== OPEN_FORM_ACTION) return this.unrecordedActions.has(request.id);
    const { command, args } = this.parse(request.kind === "message" ? request.text : request.value);
    return command?.unrecorded?.(args) === true;
  }

  command(name: string): CommandSpec | undefined {
    return this.commands.find((c) => c.name === name);
  }

  action(id: string): ((request: ActionRequest) => Promise<Reply>) | undefined {
    return this.actions.get(id);
  }

  form(id: string): ((submission: FormSubmission) => Promise<FormOutcome>) | undefined {
    return this.forms.get(id);
  }

  job(name: string): JobDefinition | undefined {
    return this.jobsByName.get(name);
  }

  helpLines(lang: Lang): string[] {
    return this.commands.flatMap((c) => c.help[lang]);
  }

  /** The slash commands as manifests/slack/manifest.yaml must list them, in order. */
  slackCommands(): { command: string; description: string; usageHint?: string }[] {
    return this.commands.flatMap((c) => c.slack.map((s) => ({ ...s })));
  }

  /** The Teams manifest's command list of one scope, in order. */
  teamsCommands(scope: TeamsScope): { title: string; description: string }[] {
    return this.commands.flatMap((c) =>
      c.teams.filter((t) => t.scopes.includes(scope)).map(({ title, description }) => ({ title, description })),
    );
  }
}
