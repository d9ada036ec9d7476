// Scheduling as the service and the operator see it: the runner with its
// ledger, the scheduler, and the `jobs list` / `jobs run` commands.
import { parseArgs } from "node:util";
import type { Core } from "./compose.js";
import { nextRun } from "../schedules/cron.js";
import { forgetPerson, runRetention } from "../features/retention/retention.js";
import { Scheduler, scheduleEntries } from "../schedules/scheduler.js";

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
    const outcome = await forgetPerson(core.ctx, args[1], core.ctx.clock.now());
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
          `(sent ${counts.sent}, failed ${counts.failed}, skipped ${counts.skipped})  ${entry.job.description}`,
      );
      for (const lpoId of entry.lpoIds)
        for (const note of (await entry.job.notes?.(core.ctx, lpoId)) ?? []) out(`  ${lpoId}: ${note}`);
    }
    return 0;
  }
  if (sub === "run") {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { at: { type: "string" }, db: { type: "string" } },
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
    const outcome = await runner.run(job, at);
    if (outcome.busy) {
      out(`${job.name}: another instance is running this job right now; nothing was sent. Try again shortly.`);
      return 3;
    }
    out(
      `${job.name} ${outcome.period}: planned ${outcome.planned}, sent ${outcome.sent}, already delivered ${outcome.alreadyDone}, ` +
        `failed ${outcome.failed}, no platform configured ${outcome.unsendable}`,
    );
    return outcome.failed > 0 ? 4 : 0;
  }
  out("jobs list | jobs run NAME [--at ISO-TIME]");
  return 2;
}
