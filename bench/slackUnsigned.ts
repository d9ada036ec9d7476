// What unsigned Slack requests cost the service: N streams (default 12) each
// sending unsigned 1 MB JSON bodies of nested arrays ([[[…]]]) to /slack/events
// one after another, while one client sends signed `/logga` commands in turn
// and another samples GET /healthz (a proxy for the event loop's delay). Prints
// latencies quiet and under the flood, and the flood's rate; asserts nothing.
//
//   node bin/run-ts.mjs bench/slackUnsigned.ts [--streams 12] [--seconds 10] [--service-root DIR]
//
// --service-root runs `bin/loftesbot.mjs serve` of another checkout (e.g. the
// commit before a change) with this bench, for before/after figures.
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fmt, freePort, httpOk, log, machine, ROOT, sleep, startChild, stopAllChildren, table } from "./common.js";
import { FakeSlack } from "./fakeSlack.js";
import { writeBenchOrganisation } from "./org.js";
import { SIGNING_SECRET, signedSlashCommand } from "./slack.js";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "12" },
    seconds: { type: "string", default: "10" },
    bytes: { type: "string", default: "1000000" },
    "service-root": { type: "string" },
  },
});
const streams = Number(values.streams);
const seconds = Number(values.seconds);
const bytes = Number(values.bytes);
const serviceRoot = resolve(values["service-root"] ?? ROOT);

interface Answer {
  status: number;
  ms: number;
  body: string;
}

function post(port: number, agent: Agent, path: string, headers: Record<string, string>, body: string | Buffer) {
  return new Promise<Answer>((done) => {
    const started = performance.now();
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          done({
            status: res.statusCode ?? 0,
            ms: performance.now() - started,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on("error", () => done({ status: 0, ms: performance.now() - started, body: "" }));
    req.end(body);
  });
}

async function healthz(port: number): Promise<number> {
  const started = performance.now();
  await httpOk(`http://127.0.0.1:${port}/healthz`);
  return performance.now() - started;
}

function quantiles(samples: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "loftesbench-unsigned-"));
  const fake = new FakeSlack();
  await fake.start();
  const organisation = writeBenchOrganisation(join(dir, "organisation.yaml"), 2000, 100);
  const port = await freePort();
  log(`starting ${serviceRoot}/bin/loftesbot.mjs serve`);
  await startChild(
    "service",
    [join(serviceRoot, "bin/loftesbot.mjs"), "serve"],
    {
      PORT: String(port),
      DATABASE_URL: `file:${join(dir, "bench.db")}`,
      LOFTESBOT_ORG_FILE: organisation.file,
      LOFTESBOT_DEMO: "0",
      LOFTESBOT_SCHEDULES: "0",
      LOG_LEVEL: "error",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_API_URL: fake.apiUrl,
    },
    port,
    () => httpOk(`http://127.0.0.1:${port}/healthz`),
  );
  const logAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  let person = 0;
  const logga = async (): Promise<Answer> => {
    const i = person++;
    const p = organisation.people[i % organisation.people.length];
    const r = signedSlashCommand(SIGNING_SECRET, {
      team_id: "T0BENCH",
      channel_id: `D${p.slack.slice(1)}`,
      channel_name: "directmessage",
      user_id: p.slack,
      user_name: p.id,
      command: "/logga",
      // a note of its own and a few minutes: not a likely duplicate, never above the daily limit
      text: `5min närvaro u${i}x${Date.now()}`,
      api_app_id: "A0BENCH",
      response_url: `${fake.baseUrl}/respond/unsigned/${i}`,
      trigger_id: `${Date.now()}.${i}.unsigned`,
    });
    return post(port, logAgent, r.path, r.headers, r.body);
  };

  /** sequential /logga and /healthz samples for `ms` */
  const sample = async (ms: number) => {
    const until = performance.now() + ms;
    const loggaMs: number[] = [];
    const healthMs: number[] = [];
    let confirmed = 0;
    await Promise.all([
      (async () => {
        while (performance.now() < until) {
          const a = await logga();
          loggaMs.push(a.ms);
          if (a.status === 200 && a.body.includes("✅")) confirmed++;
        }
      })(),
      (async () => {
        while (performance.now() < until) {
          healthMs.push(await healthz(port));
          await sleep(50);
        }
      })(),
    ]);
    return { logga: quantiles(loggaMs), healthz: quantiles(healthMs), confirmed };
  };

  for (let i = 0; i < 20; i++) await logga(); // warm-up
  log(`quiet: ${seconds} s`);
  const quiet = await sample(seconds * 1000);

  const nested = Buffer.from(`${"[".repeat(Math.floor(bytes / 2))}${"]".repeat(Math.floor(bytes / 2))}`);
  let flooding = true;
  const statuses = new Map<number, number>();
  let floodSent = 0;
  const flood = Array.from({ length: streams }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (flooding) {
      const a = await post(port, agent, "/slack/events", { "content-type": "application/json" }, nested);
      floodSent++;
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    }
    agent.destroy();
  });
  await sleep(500);
  log(`flood: ${streams} streams of ${bytes} unsigned bytes, ${seconds} s`);
  const floodStarted = performance.now();
  const sentBefore = floodSent;
  const loaded = await sample(seconds * 1000);
  const floodRate = (floodSent - sentBefore) / ((performance.now() - floodStarted) / 1000);
  flooding = false;
  await Promise.all(flood);

  const row = (name: string, q: ReturnType<typeof quantiles>) => [
    name,
    `${q.n}`,
    fmt.ms(q.p50),
    fmt.ms(q.p99),
    fmt.ms(q.max),
  ];
  process.stdout.write(`\nservice: ${serviceRoot}\n${table(["machine", ""], Object.entries(machine()))}\n\n`);
  process.stdout.write(
    `${table(
      ["what", "n", "p50 ms", "p99 ms", "max ms"],
      [
        row("/logga quiet", quiet.logga),
        row("/healthz quiet", quiet.healthz),
        row(`/logga under ${streams} unsigned streams`, loaded.logga),
        row(`/healthz under ${streams} unsigned streams`, loaded.healthz),
      ],
    )}\n\n`,
  );
  process.stdout.write(
    `unsigned bodies answered: ${fmt.n(floodRate, 1)}/s; statuses ${JSON.stringify(Object.fromEntries(statuses))}; /logga confirmed ${quiet.confirmed} quiet, ${loaded.confirmed} under the flood\n`,
  );
  logAgent.destroy();
  await stopAllChildren();
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  await stopAllChildren();
  process.exit(1);
});
