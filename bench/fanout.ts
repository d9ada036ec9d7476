// Scenario 4: one weekly status to every bound channel (1 000 on the national
// organisation) through the JobRunner and the real Slack sender
// (adapters/slack/slackSender.ts), against the fake Slack Web API enforcing
// about one message per second per channel and a workspace-wide burst limit,
// answering 429 with Retry-After beyond them. Then the same run again: the
// ledger must send nothing twice.
import { SlackSender } from "../adapters/slack/slackSender.js";
import { createLogger } from "../src/core/log.js";
import { DeliveryLedger } from "../src/schedules/deliveryLedger.js";
import { JobRunner, type JobRunOutcome } from "../src/schedules/jobRunner.js";
import { weeklyStatusJob } from "../src/features/status/jobs.js";
import { log } from "./common.js";
import { openBenchCore } from "./core.js";
import type { FakeSlack, RateLimits } from "./fakeSlack.js";

export const FANOUT_LIMITS: RateLimits = {
  perChannelMs: 1000,
  globalPerSecond: 100,
  globalBurst: 50,
  retryAfterSeconds: 1,
};

export interface FanoutResult {
  channels: number;
  ms: number;
  outcome: JobRunOutcome;
  postMessageCalls: number;
  accepted: number;
  rateLimited: number;
  perChannelViolations: number;
  channelsReached: number;
  duplicates: number;
  /** charts uploaded into the status's thread (files.uploadV2) */
  uploads: number;
  queries: number;
  repeat: { ms: number; outcome: JobRunOutcome; newPosts: number };
  limits: RateLimits;
}

export async function runFanout(
  url: string,
  fake: FakeSlack,
  limits = FANOUT_LIMITS,
  concurrency?: number,
): Promise<FanoutResult> {
  const core = await openBenchCore(url);
  try {
    // a clean ledger: the national measures may have run this job for this week already
    await core.prisma.delivery.deleteMany({});
    await core.prisma.jobLease.deleteMany({});
    const channels = await core.prisma.channelBinding.count({ where: { platform: "slack" } });
    fake.reset(limits);
    const sender = new SlackSender({ botToken: "xoxb-bench", apiUrl: fake.apiUrl, logger: createLogger("error") });
    const runner = new JobRunner({
      ctx: core.ctx,
      ledger: new DeliveryLedger(core.prisma, "bench-fanout"),
      senders: { slack: sender },
      concurrency,
    });
    const at = new Date();
    core.queries.reset();
    const started = performance.now();
    const outcome = await runner.run(weeklyStatusJob, at);
    const ms = performance.now() - started;
    const queries = core.queries.count;
    const stats = fake.stats;
    const accepted = [...stats.posted.values()].reduce((a, b) => a + b, 0);
    const duplicates = [...stats.postedContent.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
    const result = {
      channels,
      ms,
      outcome,
      postMessageCalls: stats.calls["chat.postMessage"] ?? 0,
      accepted,
      rateLimited: stats.rateLimited,
      perChannelViolations: stats.perChannelViolations,
      channelsReached: stats.posted.size,
      duplicates,
      uploads: stats.uploads,
      queries,
    };
    log(
      `fan-out: ${outcome.sent}/${channels} sent in ${(ms / 1000).toFixed(1)} s, ${stats.rateLimited} × 429, ${duplicates} duplicates`,
    );
    // the same run again (an operator's `jobs run weekly-status` twice): nothing new may go out
    const before = accepted;
    const again = performance.now();
    const repeatOutcome = await runner.run(weeklyStatusJob, at);
    const repeatMs = performance.now() - again;
    const after = [...fake.stats.posted.values()].reduce((a, b) => a + b, 0);
    return { ...result, repeat: { ms: repeatMs, outcome: repeatOutcome, newPosts: after - before }, limits };
  } finally {
    await core.close();
    fake.reset(null);
  }
}
