// Scenario 3: the weekly status (and the gruppchef digests, when that job
// exists) for a national-scale organisation — by default 10 000 people, 1 000
// groups, 100 kommuner in 10 LPOs, one promise with three activities per
// kommun, every group bound to a Slack channel, one million activity entries
// over the promise year — against ONE plain SQL aggregate of the same figures.
// The data is generated with raw SQL after the committed migrations: on
// PostgreSQL with generate_series on the server, on SQLite with prepared
// statements in one transaction; secondary indexes of activity_entry are
// dropped for the load and created again after it, then ANALYZE.
import Sqlite from "better-sqlite3";
import pg from "pg";
import type { ChatSender } from "../src/delivery/chatSender.js";
import type { TargetPer } from "../src/domain/targetPeriod.js";
import { targetPeriodOf } from "../src/domain/targetPeriod.js";
import { DeliveryLedger } from "../src/schedules/deliveryLedger.js";
import type { JobDefinition } from "../src/schedules/job.js";
import { JobRunner } from "../src/schedules/jobRunner.js";
import { registry } from "../src/features/index.js";
import { weeklyStatusJob } from "../src/features/status/jobs.js";
import { sqliteFilePath } from "../src/storage/database.js";
import { sqliteTimestamp } from "../src/storage/embeddedSqlite.js";
import { migrateDatabase } from "../src/storage/migrate.js";
import { addDays, log, todayInStockholm } from "./common.js";
import { type BenchCore, openBenchCore } from "./core.js";

export interface NationalShape {
  lpos: number;
  kommunerPerLpo: number;
  groupsPerKommun: number;
  peoplePerGroup: number;
  entries: number;
}

export const NATIONAL: NationalShape = {
  lpos: 10,
  kommunerPerLpo: 10,
  groupsPerKommun: 10,
  peoplePerGroup: 10,
  entries: 1_000_000,
};

const ACTIVITIES: {
  n: number;
  code: string;
  name: string;
  alias: string;
  unit: string;
  amount: number;
  per: TargetPer;
}[] = [
  { n: 1, code: "N1", name: "Ökad närvaro i centrum", alias: "närvaro", unit: "timmar", amount: 40, per: "vecka" },
  { n: 2, code: "N2", name: "Hastighetskontroller", alias: "hastighet", unit: "tillfällen", amount: 8, per: "månad" },
  { n: 3, code: "N3", name: "Trygghetsvandringar", alias: "vandring", unit: "timmar", amount: 500, per: "period" },
];

const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const lpoId = (l: number) => `lpo-${pad(l, 2)}`;
export const kommunId = (k: number) => `k-${pad(k, 3)}`;
export const groupId = (g: number) => `g-${pad(g, 4)}`;
export const personId = (p: number) => `n-${pad(p, 5)}`;
export const channelOf = (g: number) => `CN${pad(g, 7)}`;
const activityId = (k: number, a: number) => `a-${pad(k, 3)}-${a}`;

export interface Dataset {
  shape: NationalShape;
  today: string;
  promiseFrom: string;
  promiseTo: string;
  groups: number;
  people: number;
  kommuner: number;
  activities: number;
  generateMs: number;
}

/** Organisation rows (everything but the entries), in insertion order. */
function organisationRows(shape: NationalShape, today: string, promiseFrom: string, promiseTo: string) {
  const kommuner = shape.lpos * shape.kommunerPerLpo;
  const groups = kommuner * shape.groupsPerKommun;
  const people = groups * shape.peoplePerGroup;
  const rows: { table: string; columns: string[]; values: unknown[][] }[] = [];
  const add = (table: string, columns: string[], values: unknown[][]) => rows.push({ table, columns, values });
  add(
    "lpo",
    ["id", "name", "updatedAt"],
    Array.from({ length: shape.lpos }, (_, i) => [lpoId(i + 1), `LPO ${i + 1}`, "NOW"]),
  );
  add(
    "kommun",
    ["id", "name", "lpoId"],
    Array.from({ length: kommuner }, (_, k) => [
      kommunId(k + 1),
      `Kommun ${k + 1}`,
      lpoId(Math.floor(k / shape.kommunerPerLpo) + 1),
    ]),
  );
  const lpoOfGroup = (g: number) => Math.floor(g / (shape.kommunerPerLpo * shape.groupsPerKommun)) + 1;
  add(
    "person",
    ["id", "name", "lpoId", "slackUserId", "teamsAadId"],
    Array.from({ length: people }, (_, p) => {
      const g = Math.floor(p / shape.peoplePerGroup);
      return [
        personId(p + 1),
        `Polis ${p + 1}`,
        lpoId(lpoOfGroup(g)),
        `UN${pad(p + 1, 7)}`,
        `10000000-0000-4000-8000-${(p + 1).toString(16).padStart(12, "0")}`,
      ];
    }),
  );
  add(
    "org_group",
    ["id", "name", "kind", "lpoId", "leadId"],
    Array.from({ length: groups }, (_, g) => [
      groupId(g + 1),
      `IG Turlag ${g + 1}`,
      "ig",
      lpoId(lpoOfGroup(g)),
      personId(g * shape.peoplePerGroup + 1),
    ]),
  );
  add(
    "person_role",
    ["personId", "role"],
    Array.from({ length: people }, (_, p) => [
      personId(p + 1),
      p % shape.peoplePerGroup === 0 ? "gruppchef" : "medarbetare",
    ]),
  );
  add(
    "group_member",
    ["personId", "groupId"],
    Array.from({ length: people }, (_, p) => [personId(p + 1), groupId(Math.floor(p / shape.peoplePerGroup) + 1)]),
  );
  add(
    "channel_binding",
    ["id", "platform", "channelId", "groupId"],
    Array.from({ length: groups }, (_, g) => [`cb-${g + 1}`, "slack", channelOf(g + 1), groupId(g + 1)]),
  );
  add(
    "citizen_promise",
    ["id", "kommunId", "title", "fromDay", "toDay", "updatedAt"],
    Array.from({ length: kommuner }, (_, k) => [
      `lofte-${pad(k + 1, 3)}`,
      kommunId(k + 1),
      `Medborgarlöfte kommun ${k + 1}`,
      promiseFrom,
      promiseTo,
      "NOW",
    ]),
  );
  const activities: unknown[][] = [];
  const targets: unknown[][] = [];
  const activityGroups: unknown[][] = [];
  for (let k = 1; k <= kommuner; k++) {
    for (const a of ACTIVITIES) {
      // the third activity has a given baseline; the others get theirs from the first four weeks logged
      activities.push([
        activityId(k, a.n),
        `lofte-${pad(k, 3)}`,
        a.code,
        a.name,
        a.alias,
        a.unit,
        a.n - 1,
        a.n === 3 ? 300 : null,
      ]);
      targets.push([`t-${pad(k, 3)}-${a.n}`, activityId(k, a.n), a.amount, a.unit, a.per, promiseFrom]);
      for (let j = 0; j < shape.groupsPerKommun; j++)
        activityGroups.push([activityId(k, a.n), groupId((k - 1) * shape.groupsPerKommun + j + 1)]);
    }
  }
  add(
    "promise_activity",
    ["id", "promiseId", "code", "name", "aliases", "unit", "position", "baselineAmount"],
    activities,
  );
  add("activity_target", ["id", "activityId", "amount", "unit", "per", "validFrom"], targets);
  add("activity_group", ["activityId", "groupId"], activityGroups);
  return { rows, kommuner, groups, people, activities: activities.length, today };
}

/** Entry number i (0-based): who, which group and activity, which day, how much. Deterministic. */
function entryOf(i: number, shape: NationalShape, days: number) {
  const people = shape.lpos * shape.kommunerPerLpo * shape.groupsPerKommun * shape.peoplePerGroup;
  const p = (i * 7919 + 13) % people;
  const g = Math.floor(p / shape.peoplePerGroup);
  const k = Math.floor(g / shape.groupsPerKommun);
  const a = (i % 3) + 1;
  const dayIndex = (i * 104_729 + 7) % days;
  const primary = i % 10 !== 9;
  const minutes = a === 2 ? null : 30 + (i % 8) * 15;
  const count = a === 2 ? 1 + (i % 3) : null;
  return { p, g, k, a, dayIndex, primary, minutes, count };
}

const ENTRY_COLUMNS = [
  "id",
  "batchId",
  "activityId",
  "personId",
  "loggedById",
  "groupId",
  "primary",
  "day",
  "minutes",
  "count",
  "source",
  "createdAt",
];

const q = (name: string) => `"${name}"`;

export async function generatePostgres(url: string, shape = NATIONAL): Promise<Dataset> {
  const started = performance.now();
  await migrateDatabase(url);
  const today = todayInStockholm();
  const promiseFrom = addDays(today, -330);
  const promiseTo = addDays(today, 35);
  const org = organisationRows(shape, today, promiseFrom, promiseTo);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET session_replication_role = replica"); // no FK triggers during the load: rows are consistent by construction
    for (const { table, columns, values } of org.rows) {
      for (let start = 0; start < values.length; start += 2000) {
        const chunk = values.slice(start, start + 2000);
        const params: unknown[] = [];
        const tuples = chunk.map(
          (row) =>
            `(${row
              .map((v) => {
                if (v === "NOW") return "now()";
                params.push(v);
                return `$${params.length}`;
              })
              .join(", ")})`,
        );
        await client.query(
          `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES ${tuples.join(", ")}`,
          params,
        );
      }
    }
    // the entries: generated on the server, the same formulas as entryOf()
    const indexes = (
      await client.query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'activity_entry' AND indexname <> 'activity_entry_pkey'",
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const index of indexes) await client.query(`DROP INDEX ${q(index.indexname)}`);
    const people = org.people;
    const days = 331;
    await client.query(
      `INSERT INTO activity_entry (${ENTRY_COLUMNS.map(q).join(", ")})
       SELECT 'e' || i, 'b' || i, 'a-' || lpad((((p / ${shape.peoplePerGroup}) / ${shape.groupsPerKommun}) + 1)::text, 3, '0') || '-' || ((i % 3) + 1),
              'n-' || lpad((p + 1)::text, 5, '0'), 'n-' || lpad((p + 1)::text, 5, '0'),
              'g-' || lpad(((p / ${shape.peoplePerGroup}) + 1)::text, 4, '0'),
              i % 10 <> 9,
              to_char($1::date + ((i * 104729 + 7) % ${days})::int, 'YYYY-MM-DD'),
              CASE WHEN i % 3 = 1 THEN NULL ELSE 30 + (i % 8) * 15 END,
              CASE WHEN i % 3 = 1 THEN 1 + (i % 3) ELSE NULL END,
              'bench', ($1::date + ((i * 104729 + 7) % ${days})::int)::timestamp + interval '12 hours'
         FROM (SELECT i, (i * 7919 + 13) % ${people} AS p FROM generate_series(0::bigint, $2::bigint - 1) AS i) AS s`,
      [promiseFrom, shape.entries],
    );
    for (const index of indexes) await client.query(index.indexdef);
    await client.query("SET session_replication_role = DEFAULT");
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
  return {
    shape,
    today,
    promiseFrom,
    promiseTo,
    groups: org.groups,
    people: org.people,
    kommuner: org.kommuner,
    activities: org.activities,
    generateMs: performance.now() - started,
  };
}

export async function generateSqlite(url: string, shape = NATIONAL): Promise<Dataset> {
  const started = performance.now();
  await migrateDatabase(url);
  const today = todayInStockholm();
  const promiseFrom = addDays(today, -330);
  const promiseTo = addDays(today, 35);
  const org = organisationRows(shape, today, promiseFrom, promiseTo);
  const db = new Sqlite(sqliteFilePath(url));
  try {
    db.pragma("journal_mode = WAL");
    const now = sqliteTimestamp(new Date());
    db.transaction(() => {
      for (const { table, columns, values } of org.rows) {
        const insert = db.prepare(
          `INSERT INTO ${q(table)} (${columns.map(q).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
        );
        for (const row of values) insert.run(...row.map((v) => (v === "NOW" ? now : v)));
      }
    })();
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activity_entry' AND sql IS NOT NULL",
      )
      .all() as { name: string; sql: string }[];
    for (const index of indexes) db.exec(`DROP INDEX ${q(index.name)}`);
    const insert = db.prepare(
      `INSERT INTO activity_entry (${ENTRY_COLUMNS.map(q).join(", ")}) VALUES (${ENTRY_COLUMNS.map(() => "?").join(", ")})`,
    );
    const days = 331;
    const dayText = Array.from({ length: days }, (_, d) => addDays(promiseFrom, d));
    db.transaction(() => {
      for (let i = 0; i < shape.entries; i++) {
        const e = entryOf(i, shape, days);
        const person = personId(e.p + 1);
        const day = dayText[e.dayIndex];
        insert.run(
          `e${i}`,
          `b${i}`,
          activityId(e.k + 1, e.a),
          person,
          person,
          groupId(e.g + 1),
          e.primary ? 1 : 0,
          day,
          e.minutes,
          e.count,
          "bench",
          `${day}T12:00:00.000+00:00`,
        );
      }
    })();
    for (const index of indexes) db.exec(index.sql);
    db.exec("ANALYZE");
  } finally {
    db.close();
  }
  return {
    shape,
    today,
    promiseFrom,
    promiseTo,
    groups: org.groups,
    people: org.people,
    kommuner: org.kommuner,
    activities: org.activities,
    generateMs: performance.now() - started,
  };
}

// ---- the floor: one plain SQL aggregate of the same figures ----------------

/**
 * Per activity and group: the current target period's minutes and counts, last
 * week's, and each of the four trend weeks' — one statement, the driver alone.
 */
export function floorSql(dataset: Dataset, provider: "sqlite" | "postgresql") {
  const { today, promiseFrom, promiseTo } = dataset;
  const monday = mondayOf(today);
  const weeks = [1, 2, 3, 4].map((w) => ({ from: addDays(monday, -7 * w), to: addDays(monday, -7 * w + 6) }));
  const periods: { id: string; from: string; to: string }[] = [];
  for (let k = 1; k <= dataset.kommuner; k++)
    for (const a of ACTIVITIES) {
      const period = targetPeriodOf(a.per, today, { from: promiseFrom, to: promiseTo });
      periods.push({ id: activityId(k, a.n), from: period.from, to: period.to });
    }
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return provider === "postgresql" ? `$${params.length}` : "?";
  };
  const values = periods.map((x) => `(${p(x.id)}, ${p(x.from)}, ${p(x.to)})`).join(", ");
  const primary = provider === "postgresql" ? `e."primary"` : `e."primary" = 1`;
  const sums = (from: string, to: string, name: string) =>
    `SUM(CASE WHEN e.day BETWEEN ${p(from)} AND ${p(to)} THEN COALESCE(e.minutes, 0) ELSE 0 END) AS ${name}_minutes, ` +
    `SUM(CASE WHEN e.day BETWEEN ${p(from)} AND ${p(to)} AND ${primary} THEN COALESCE(e.count, 0) ELSE 0 END) AS ${name}_count`;
  const earliest = [promiseFrom, weeks[3].from].sort()[0];
  const sql = `WITH period(aid, pfrom, pto) AS (VALUES ${values})
    SELECT e."activityId", e."groupId",
           SUM(CASE WHEN e.day BETWEEN period.pfrom AND period.pto THEN COALESCE(e.minutes, 0) ELSE 0 END) AS period_minutes,
           SUM(CASE WHEN e.day BETWEEN period.pfrom AND period.pto AND ${primary} THEN COALESCE(e.count, 0) ELSE 0 END) AS period_count,
           ${weeks.map((w, i) => sums(w.from, w.to, `w${i + 1}`)).join(",\n           ")},
           COUNT(*) AS entries
      FROM activity_entry e JOIN period ON period.aid = e."activityId"
     WHERE e."undoneAt" IS NULL AND e.day >= ${p(earliest)} AND e.day <= ${p(today)}
     GROUP BY e."activityId", e."groupId"`;
  return { sql, params };
}

function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export async function floorAggregate(url: string, dataset: Dataset, provider: "sqlite" | "postgresql") {
  const { sql, params } = floorSql(dataset, provider);
  if (provider === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("SELECT 1");
      const started = performance.now();
      const result = await client.query(sql, params);
      return { ms: performance.now() - started, rows: result.rowCount ?? 0 };
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(sqliteFilePath(url), { readonly: true });
  try {
    const started = performance.now();
    const rows = db.prepare(sql).all(...params);
    return { ms: performance.now() - started, rows: rows.length };
  } finally {
    db.close();
  }
}

// ---- the jobs -----------------------------------------------------------------

export interface JobMeasure {
  what: string;
  ms: number;
  queries: number;
  dbMs: number;
  messages: number;
  note?: string;
}

async function lpoIds(core: BenchCore): Promise<string[]> {
  return (await core.prisma.lpo.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((l) => l.id);
}

/**
 * plan() + build() of every delivery of a job for every LPO: the messages, without a ledger or a platform.
 * LPOs are independent and alike here: past `budgetMs` the remaining ones are not run and the time is
 * extrapolated (and said so), to keep the whole bench within a few minutes.
 */
export async function buildAll(
  core: BenchCore,
  job: JobDefinition,
  at: Date,
  options: { concurrency?: number; budgetMs?: number } = {},
): Promise<JobMeasure> {
  const concurrency = options.concurrency ?? 16;
  const ids = await lpoIds(core);
  core.queries.reset();
  const started = performance.now();
  let messages = 0;
  let done = 0;
  for (const lpo of ids) {
    if (options.budgetMs !== undefined && done > 0 && performance.now() - started > options.budgetMs) break;
    done++;
    const planned = await job.plan(core.ctx, lpo, at);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, planned.length) }, async () => {
        while (next < planned.length) {
          const delivery = planned[next++];
          await delivery.build();
          messages++;
        }
      }),
    );
  }
  const ms = performance.now() - started;
  const scale = ids.length / done;
  return {
    what: `${job.name}: plan + build`,
    ms: ms * scale,
    queries: Math.round(core.queries.count * scale),
    dbMs: core.queries.durationMs * scale,
    messages: Math.round(messages * scale),
    note:
      done < ids.length
        ? `measured ${done} of ${ids.length} LPOs (${messages} messages in ${(ms / 1000).toFixed(1)} s), extrapolated`
        : undefined,
  };
}

/** The job through the JobRunner (ledger claims and marks included) with a sender that discards. */
export async function runWithDiscardingSender(core: BenchCore, job: JobDefinition, at: Date): Promise<JobMeasure> {
  const discard = (platform: "slack" | "teams"): ChatSender => ({ platform, send: async () => ({ ok: true }) });
  const ledger = new DeliveryLedger(core.prisma, "bench");
  const runner = new JobRunner({
    ctx: core.ctx,
    ledger,
    senders: { slack: discard("slack"), teams: discard("teams") },
  });
  core.queries.reset();
  const started = performance.now();
  const outcome = await runner.run(job, at);
  return {
    what: `${job.name}: JobRunner, discarding sender`,
    ms: performance.now() - started,
    queries: core.queries.count,
    dbMs: core.queries.durationMs,
    messages: outcome.sent,
    note:
      outcome.failed > 0 || outcome.unsendable > 0
        ? `failed ${outcome.failed}, unsendable ${outcome.unsendable}`
        : undefined,
  };
}

export interface NationalResult {
  provider: "sqlite" | "postgresql";
  dataset: Dataset;
  floor: { ms: number; rows: number };
  measures: JobMeasure[];
  notes: string[];
}

export async function measureNational(
  url: string,
  provider: "sqlite" | "postgresql",
  dataset: Dataset,
  options: { withRunner?: boolean; digestBudgetMs?: number } = {},
): Promise<NationalResult> {
  const notes: string[] = [];
  const at = new Date();
  const floor = await floorAggregate(url, dataset, provider);
  const core = await openBenchCore(url);
  const measures: JobMeasure[] = [];
  try {
    await core.prisma.$queryRawUnsafe("SELECT 1");
    log(`national ${provider}: floor ${floor.ms.toFixed(0)} ms (${floor.rows} rows)`);
    measures.push(await buildAll(core, weeklyStatusJob, at));
    log(`national ${provider}: weekly status built in ${measures.at(-1)?.ms.toFixed(0)} ms`);
    if (options.withRunner) {
      measures.push(await runWithDiscardingSender(core, weeklyStatusJob, at));
      log(`national ${provider}: weekly status through the JobRunner in ${measures.at(-1)?.ms.toFixed(0)} ms`);
    }
    const digest = registry.job("gruppchef-digest");
    if (!digest) notes.push("the gruppchef-digest job does not exist in src/schedules/jobs.ts yet: not measured");
    else {
      try {
        measures.push(await buildAll(core, digest, at, { budgetMs: options.digestBudgetMs }));
        log(`national ${provider}: digests built in ${measures.at(-1)?.ms.toFixed(0)} ms`);
      } catch (error) {
        notes.push(`gruppchef-digest failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await core.close();
  }
  return { provider, dataset, floor, measures, notes };
}
