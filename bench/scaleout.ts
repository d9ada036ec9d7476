// Scale-out: several service instances on one PostgreSQL behind a small
// round-robin HTTP proxy on loopback (in this process), loaded with signed
// `/logga` slash commands, against the same number of bare Bolt apps behind
// the same proxy and one service instance alone behind it. Then what must hold
// across instances:
// - every confirmed line is stored exactly once: each line carries its number
//   in the note (`1,5h närvaro rad <n>`), every tenth request is sent again
//   (same trigger_id, so the same request key) to the next instance, and the
//   proxy records which lines were answered with ✅ (plus ✅ via response_url);
// - a scheduled job run on every instance at once delivers once (the ledger):
//   `loftesbot jobs run weekly-status` started on each instance's settings at
//   the same moment, every accepted chat.postMessage counted per channel;
// - an organisation change made through one instance is seen by the others:
//   the admin binds a channel to grp-1 through instance 1, then grp-2's
//   gruppchef tries to bind it through each other instance and must be told
//   it is taken by grp-1, timed from the first answer.
import pg from "pg";
import {
  type Child,
  cpuSecondsOf,
  ROOT,
  createPgDatabase,
  dropPgDatabase,
  freePort,
  httpAnswers,
  httpOk,
  log,
  memoryOf,
  pgUrlFor,
  SERVICE_NODE_FLAGS,
  settle,
  sleep,
  startChild,
} from "./common.js";
import type { FakeSlack } from "./fakeSlack.js";
import { type LoadRequest, type LoadResult, runLoad } from "./load.js";
import { type BenchOrganisation, slackIdOf } from "./org.js";
import { SIGNING_SECRET, signedSlashCommand } from "./slack.js";
import { spawn } from "node:child_process";

/** A round-robin proxy (bench/roundRobin.ts) in its own process, and what it saw of the lines. */
interface Proxy {
  child: Child;
  port: number;
  seen(): Promise<{ confirmed: number[]; answered: number[] }>;
}

async function startProxy(name: string, upstreams: number[]): Promise<Proxy> {
  const port = await freePort();
  const child = await startChild(
    name,
    ["bin/run-ts.mjs", "bench/roundRobin.ts"],
    { PORT: String(port), UPSTREAMS: upstreams.join(",") },
    port,
    () => httpOk(`http://127.0.0.1:${port}/__seen`),
  );
  return {
    child,
    port,
    seen: async () =>
      (await (await fetch(`http://127.0.0.1:${port}/__seen`)).json()) as { confirmed: number[]; answered: number[] },
  };
}

export interface ScaleStep {
  target: string;
  result: LoadResult;
  /** CPU seconds the target's processes used during the step */
  cpuS: number;
  /** CPU seconds its round-robin proxy used */
  proxyCpuS: number;
  peakMiB: number | null;
}

export interface ScaleResult {
  instances: number;
  steps: ScaleStep[];
  lines: { sent: number; repeats: number; confirmed: number; stored: number; missing: number; duplicated: number };
  jobs: { channels: number; posted: number; duplicates: number; instances: number; ms: number; outputs: string[] };
  org: { firstMs: number; seenMs: number[]; seen: boolean[] };
  notes: string[];
}

function cpuOf(pids: number[]): number {
  return pids.reduce((total, pid) => total + (cpuSecondsOf(pid) ?? 0), 0);
}

export async function runScaleOut(options: {
  instances: number;
  rates: number[];
  durationS: number;
  organisation: BenchOrganisation;
  fake: FakeSlack;
}): Promise<ScaleResult> {
  const { instances, organisation, fake } = options;
  const notes: string[] = [];
  const name = await createPgDatabase("loftesbench_scale");
  const databaseUrl = pgUrlFor(name);
  const children: Child[] = [];
  const serviceEnv = (i: number, port: number): Record<string, string> => ({
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    LOFTESBOT_DEMO: "0",
    LOFTESBOT_SCHEDULES: "0",
    LOFTESBOT_SECRET: "bench-secret",
    LOFTESBOT_INSTANCE: `scale-${i + 1}`,
    LOG_LEVEL: "warn",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_API_URL: fake.apiUrl,
    // the first instance migrates and imports the organisation; the others find it in the database
    ...(i === 0 ? { LOFTESBOT_ORG_FILE: organisation.file } : {}),
  });
  try {
    const services: Child[] = [];
    for (let i = 0; i < instances; i++) {
      const port = await freePort();
      const child = await startChild(
        `scale-${i + 1}`,
        [...SERVICE_NODE_FLAGS, "bin/loftesbot.mjs", "serve"],
        serviceEnv(i, port),
        port,
        () => httpOk(`http://127.0.0.1:${port}/readyz`),
        120_000,
      );
      services.push(child);
      children.push(child);
    }
    const floors: Child[] = [];
    for (let i = 0; i < instances; i++) {
      const port = await freePort();
      const child = await startChild(
        `scale-floor-${i + 1}`,
        ["bin/run-ts.mjs", "bench/boltFloor.ts"],
        { PORT: String(port), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl },
        port,
        () => httpAnswers(`http://127.0.0.1:${port}/`),
      );
      floors.push(child);
      children.push(child);
    }
    log(
      `scale-out: ${instances} instances (${services.map((s) => s.pid).join(", ")}) and ${instances} bare Bolt apps started`,
    );
    const proxied = async (name: string, kind: string, upstreams: Child[]) => {
      const proxy = await startProxy(
        `scale-proxy-${kind}`,
        upstreams.map((u) => u.port),
      );
      children.push(proxy.child);
      return { name, kind, proxy, pids: upstreams.map((u) => u.pid) };
    };
    const targets = [
      await proxied(`${instances} × bare Bolt`, "floor", floors),
      await proxied("1 × Löftesbot postgresql", "one", [services[0]]),
      await proxied(`${instances} × Löftesbot postgresql`, "all", services),
    ];
    let counter = 0;
    let repeats = 0;
    let sentToServices = 0;
    const build =
      (target: string) =>
      (i: number): LoadRequest => {
        // every tenth request repeats the one before (same trigger_id): the next instance gets it
        const n = i % 10 === 9 ? counter + i - 1 : counter + i;
        if (target !== "floor") {
          sentToServices++;
          if (i % 10 === 9) repeats++;
        }
        const person = organisation.people[n % organisation.people.length];
        return signedSlashCommand(SIGNING_SECRET, {
          token: "bench-verification-token",
          team_id: "T0BENCH",
          channel_id: `D${person.slack.slice(1)}`,
          user_id: person.slack,
          user_name: person.id,
          command: "/logga",
          text: `1,5h närvaro rad${n}x`,
          api_app_id: "A0BENCH",
          response_url: `${fake.baseUrl}/respond/scale-${target}/${n}`,
          trigger_id: `scale.${n}`,
        });
      };
    const steps: ScaleStep[] = [];
    // warm-up of each target (JIT, pools), not counted in the figures but in the lines
    for (const t of [...targets, ...targets]) {
      const warm = await runLoad({
        title: `scale ${t.name} warm-up`,
        baseUrl: `http://127.0.0.1:${t.proxy.port}`,
        rate: 100,
        durationS: 1,
        build: build(t.kind),
      });
      counter += warm.sent + 1;
      for (const pid of t.pids) await settle(pid);
    }
    for (const rate of options.rates) {
      for (const t of targets) {
        const cpu = cpuOf(t.pids);
        const proxyCpu = cpuOf([t.proxy.child.pid]);
        const result = await runLoad({
          title: `scale ${t.name} ${rate}/s`,
          baseUrl: `http://127.0.0.1:${t.proxy.port}`,
          rate,
          durationS: options.durationS,
          build: build(t.kind),
          confirmed:
            t.kind === "floor"
              ? (status, body) => status === 200 && body === "ok"
              : (status, body) => status === 200 && body.includes("✅"),
        });
        counter += result.sent + 1;
        const cpuS = cpuOf(t.pids) - cpu;
        const proxyCpuS = cpuOf([t.proxy.child.pid]) - proxyCpu;
        const peaks = t.pids.map((pid) => memoryOf(pid)?.peakMiB ?? 0);
        steps.push({ target: t.name, result, cpuS, proxyCpuS, peakMiB: Math.max(...peaks) });
        log(`scale ${t.name} ${rate}/s: ${result.throughput.toFixed(0)}/s p99 ${result.p99.toFixed(1)} ms`);
        for (const pid of t.pids) await settle(pid);
      }
    }
    for (const s of services) await settle(s.pid);
    await sleep(500);

    // every confirmed line stored exactly once
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const confirmed = new Set<number>();
    for (const t of targets.filter((t) => t.kind !== "floor"))
      for (const n of (await t.proxy.seen()).confirmed) confirmed.add(n);
    for (const [path, body] of fake.stats.responses) {
      const match = /^\/respond\/scale-(?:one|all)\/(\d+)/.exec(path);
      if (match && (body.includes("✅") || body.includes("\\u2705"))) confirmed.add(Number(match[1]));
    }
    const rows = (
      await db.query<{ note: string; n: string }>(`SELECT "note", COUNT(*) AS n FROM "activity_entry" GROUP BY "note"`)
    ).rows;
    const storedCount = new Map(rows.map((r) => [Number(/rad(\d+)x/.exec(r.note)?.[1] ?? -1), Number(r.n)]));
    let missing = 0;
    for (const n of confirmed) if (!storedCount.has(n)) missing++;
    const duplicated = [...storedCount.values()].filter((c) => c > 1).length;
    const lines = {
      sent: sentToServices,
      repeats,
      confirmed: confirmed.size,
      stored: storedCount.size,
      missing,
      duplicated,
    };
    if (missing > 0) notes.push(`scale-out: CONFIRMED LINES MISSING: ${missing}`);
    if (duplicated > 0) notes.push(`scale-out: LINES STORED MORE THAN ONCE: ${duplicated}`);

    // a scheduled job run on every instance at the same moment: delivered once per channel
    fake.reset();
    // this week's status time (Monday 07:00 Stockholm): at 07:05, 06:05 UTC in winter
    const now = new Date();
    const monday = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7), 6, 5),
    );
    const jobStarted = performance.now();
    const outputs = await Promise.all(
      services.map(
        (_, i) =>
          new Promise<string>((resolve) => {
            const env = { ...process.env, ...serviceEnv(i, 0) };
            delete (env as Record<string, string | undefined>).LOFTESBOT_ORG_FILE;
            const proc = spawn(
              process.execPath,
              ["bin/loftesbot.mjs", "jobs", "run", "weekly-status", "--at", monday.toISOString()],
              {
                cwd: ROOT,
                env,
              },
            );
            let out = "";
            proc.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
            proc.stderr.on("data", (c: Buffer) => (out += c.toString("utf8")));
            proc.on("exit", () => resolve(out.trim().split("\n").slice(-2).join(" / ")));
          }),
      ),
    );
    const jobMs = performance.now() - jobStarted;
    for (const [i, out] of outputs.entries()) notes.push(`scale-out: jobs run on instance ${i + 1}'s settings: ${out}`);
    const posted = [...fake.stats.posted.values()].reduce((a, n) => a + n, 0);
    const duplicates = [...fake.stats.postedContent.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
    const channels = Number((await db.query(`SELECT COUNT(*) AS n FROM "channel_binding"`)).rows[0].n);
    await db.end();

    // an organisation change through instance 1, seen through the others
    const slash = (text: string, userIndex: number, n: number): LoadRequest =>
      signedSlashCommand(SIGNING_SECRET, {
        token: "bench-verification-token",
        team_id: "T0BENCH",
        channel_id: "CSCALEORG",
        user_id: slackIdOf(userIndex),
        command: "/loftesbot",
        text,
        api_app_id: "A0BENCH",
        response_url: `${fake.baseUrl}/respond/org/${n}`,
        trigger_id: `scale.org.${n}.${Date.now()}`,
      });
    const send = async (port: number, req: LoadRequest, n: number): Promise<string> => {
      const answer = await fetch(`http://127.0.0.1:${port}${req.path}`, {
        method: "POST",
        headers: req.headers,
        body: req.body,
      });
      const body = await answer.text();
      if (body.includes("IG Turlag")) return body;
      for (let waited = 0; waited < 3000; waited += 20) {
        const later = fake.stats.responses.get(`/respond/org/${n}`);
        if (later) return later;
        await sleep(20);
      }
      return body;
    };
    const lead2 = organisation.people.findIndex((p) => p.id === "p21") + 1 || 21;
    const orgStarted = performance.now();
    const first = await send(services[0].port, slash("koppla grp-1", 1, 0), 0);
    const firstMs = performance.now() - orgStarted;
    if (!first.includes("IG Turlag 1"))
      notes.push(`scale-out: the binding through instance 1 answered: ${first.slice(0, 200)}`);
    const seenMs: number[] = [];
    const seen: boolean[] = [];
    for (let i = 1; i < services.length; i++) {
      const t0 = performance.now();
      const answer = await send(services[i].port, slash("koppla grp-2", lead2, i), i);
      seenMs.push(performance.now() - orgStarted - firstMs);
      seen.push(answer.includes("redan kopplad till IG Turlag 1"));
      if (!seen[seen.length - 1])
        notes.push(
          `scale-out: instance ${i + 1} answered: ${answer.slice(0, 200)} (${(performance.now() - t0).toFixed(0)} ms)`,
        );
    }
    return {
      instances,
      steps,
      lines,
      jobs: { channels, posted, duplicates, instances: services.length, ms: jobMs, outputs },
      org: { firstMs, seenMs, seen },
      notes,
    };
  } finally {
    for (const c of children) await c.stop().catch(() => undefined);
    await dropPgDatabase(name).catch(() => undefined);
  }
}
