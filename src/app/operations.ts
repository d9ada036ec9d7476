// Scheduling as the service and the operator see it: the runner with its
// ledger, the scheduler, and the `jobs list` / `jobs run` commands.
import { parseArgs } from "node:util";
import type { Core } from "./compose.js";
import { nextRun } from "../schedules/cron.js";
import { dayInZone } from "../domain/calendar.js";
import { clockInZone } from "../domain/zonedTime.js";
import { forgetPerson, runRetention } from "../features/retention/retention.js";
import { Scheduler, scheduleEntries } from "../schedules/scheduler.js";
import { renderReplyText, terminalText } from "../../adapters/console/renderText.js";

/** `jobs …`, `retention run`, `person forget ID`; null when the command is not one of these. */
export async function runSchedulingCommand(
  core: Core,
  command: string,
  args: string[],
  out: (text: string) => void,
): Promise<number | null> {
  if (command === "jobs") return jobsCommand(core, args, out);
  if (command === "retention" && args[0] === "run") {
    const outcome = await runRetention(core.ctx, core.ctx.clock.now());
    out(
      `Gallring: ${outcome.notesCleared} anteckningar och ${outcome.freeTextCleared} fritextsvar rensade, ` +
        `${outcome.auditDeleted} granskningsposter och ${outcome.requestsDeleted} gamla förfrågningar borttagna.`,
    );
    return 0;
  }
  if (command === "person" && args[0] === "forget" && args[1]) {
    // person ids are matched case-insensitively, as everywhere (Ali.Hassan is ali.hassan)
    const known = await core.ctx.organisation.actorForPlatform("console", args[1], core.ctx.defaultLang);
    const outcome = known ? await forgetPerson(core.ctx, known.id, core.ctx.clock.now()) : null;
    if (!outcome) {
      out(`no person "${args[1]}" (or already forgotten)`);
      return 1;
    }
    out(
      `${args[1]}: personal data removed; now ${outcome.newId}; ${outcome.entriesKept} entries kept for the counts, ${outcome.notesCleared} notes cleared`,
    );
    return 0;
  }
  return null;
}

export function createScheduler(core: Core): Scheduler {
  return new Scheduler(core.ctx, core.runner, core.ledger, [...core.registry.jobs]);
}

/** `loftesbot jobs list` and `loftesbot jobs run NAME [--at ISO-TIME]` */
export async function jobsCommand(core: Core, args: string[], out: (text: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  const { runner, ledger, registry } = core;
  const jobs = registry.jobs;
  if (sub === "list") {
    const now = core.ctx.clock.now();
    for (const entry of scheduleEntries([...jobs], await runner.lpos())) {
      const next = nextRun(entry.cron, now, core.config.timeZone);
      const counts = await ledger.summary(entry.job.name);
      out(
        `${entry.job.name.padEnd(18)} ${entry.cron.padEnd(14)} next ${next ? next.toISOString() : "-"}  LPO ${entry.lpoIds.join(",")}  ` +
          `(sent ${counts.sent}, failed ${counts.failed}, skipped ${counts.skipped}, no platform ${counts["no-platform"]})  ${entry.job.description}`,
      );
      for (const lpoId of entry.lpoIds)
        for (const note of (await entry.job.notes?.(core.ctx, lpoId)) ?? []) out(`  ${lpoId}: ${note}`);
      // jobs timed per group (holidays, shift rotations): each group's own next run
      if (!entry.job.nextRuns) continue;
      for (const lpoId of entry.lpoIds) {
        for (const run of await entry.job.nextRuns(core.ctx, lpoId, now)) {
          const at = run.at ? formatZoned(run.at, core.config.timeZone) : "-";
          out(`  ${entry.job.name.padEnd(16)} ${lpoId}/${run.group.padEnd(12)} next ${at}  ${run.basis}`);
        }
      }
    }
    return 0;
  }
  if (sub === "run") {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { at: { type: "string" }, preview: { type: "boolean" }, db: { type: "string" } },
      allowPositionals: true,
    });
    const job = positionals[0] ? registry.job(positionals[0]) : undefined;
    if (!job) {
      out(`unknown job "${positionals[0] ?? ""}"; jobs: ${jobs.map((j) => j.name).join(", ")}`);
      return 2;
    }
    const at = values.at ? new Date(values.at) : core.ctx.clock.now();
    if (Number.isNaN(at.getTime())) {
      out(`--at must be an ISO time, e.g. 2026-11-30T07:00:00+01:00`);
      return 2;
    }
    if (values.preview) return previewJob(core, job, at, out);
    const outcome = await runner.run(job, at);
    if (outcome.busy) {
      out(`${job.name}: another instance is running this job right now; nothing was sent. Try again shortly.`);
      return 3;
    }
    out(
      `${job.name} ${outcome.period}: planned ${outcome.planned}, sent ${outcome.sent}, already delivered ${outcome.alreadyDone}, ` +
        `failed ${outcome.failed}, no platform ${outcome.unsendable}` +
        (outcome.unsendable > 0
          ? ` (${Object.entries(outcome.unsendableReasons ?? {})
              .map(([reason, n]) => `${reason}: ${n}`)
              .join(", ")}; kept in the console inbox: loftesbot inbox --as PERSON)`
          : ""),
    );
    return outcome.failed > 0 ? 4 : 0;
  }
  out("jobs list | jobs run NAME [--at ISO-TIME] [--preview]");
  return 2;
}

/** "2026-12-28 10:00 (mån)": the zone's wall clock, as the operator reads the schedule. */
function formatZoned(instant: Date, timeZone: string): string {
  const weekday = new Intl.DateTimeFormat("sv-SE", { timeZone, weekday: "short" }).format(instant);
  return `${dayInZone(instant, timeZone)} ${clockInZone(instant, timeZone)} (${weekday})`;
}

/** `jobs run NAME --preview`: every message the job would send, recipient first, as the console shows it. */
async function previewJob(
  core: Core,
  job: NonNullable<ReturnType<Core["registry"]["job"]>>,
  at: Date,
  out: (text: string) => void,
): Promise<number> {
  const { period, deliveries } = await core.runner.preview(job, at);
  out(`${job.name} ${period}: ${deliveries.length} meddelande(n) (förhandsvisning – inget skickas och inget sparas)`);
  for (const [i, delivery] of deliveries.entries()) {
    out(
      `\n── ${i + 1}/${deliveries.length} till: ${await core.inbox.recipientLabel(delivery.recipient, delivery.routes)}`,
    );
    out(terminalText(renderReplyText(delivery.reply).text));
  }
  return 0;
}
