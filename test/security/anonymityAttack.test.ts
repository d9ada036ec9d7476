// The attacker (review findings HIGH 2 and 3): five known people answer a
// five-person anonymous poll (IG Turlag 1) in a known order through the real
// HTTP routes — Slack (signed requests; the modal through a fake Web API) and
// Teams (Bot Framework activities, open local mode) — one changes their
// answer, the reminder and closing run as jobs. Then someone holding the raw
// database (the SQLite file read with better-sqlite3, PostgreSQL queried
// directly; rows in physical order), the key file or environment, and every
// log line the service wrote tries every route to link an answer to its
// author: tokens and reminder keys recomputed with the instance key, the
// poll's own key recovered, request keys guessed from what the adapters build
// them of (user id + poll id + the invitation's message id), audit rows, log
// lines, Teams conversation times, and the order of rows (rowid / ctid /
// xmin), ids (cuid time) and days matched against the true answer order.
//
// After closing, no route may link anyone. While the poll is open, the
// database alone may not either; the database and the key together do (the
// documented residual risk; it also shows the attacker's tools work).
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { dirname } from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashKey } from "../../adapters/teams/inbound.js";
import { requestHash } from "../../adapters/slack/slackAdapter.js";
import { type Core, loadConfig, openCore } from "../../src/app/compose.js";
import { type Server, startServer } from "../../src/app/wiring.js";
import { createLogger } from "../../src/core/log.js";
import { ANSWER_ACTION, POLL_ANSWER_FORM, RESULTS_ACTION } from "../../src/features/dialog/forms.js";
import { pollCloseJob, pollRemindersJob } from "../../src/features/dialog/jobs.js";
import {
  legacyReminderKey,
  legacyResponseToken,
  openSheet,
  reminderKey,
  responseToken,
  unwrapPollKey,
} from "../../src/features/dialog/pollToken.js";
import { sqliteFilePath } from "../../src/storage/database.js";
import { requestKeyDigest } from "../../src/storage/processedRequests.js";
import { type FakeSlack, interaction, postSigned, startFakeSlack, waitFor } from "../adapters/slack/support.js";
import { FakeConnector, message, PEOPLE as TEAMS_PEOPLE, post } from "../adapters/teams/support.js";
import { FakeClock } from "../support/core.js";
import { type DatabaseKind, databaseKinds, freshDatabase } from "../support/databases.js";

const SIGNING = "attack-signing-secret";

interface Answerer {
  id: string;
  name: string;
  slack: string;
  aad: string;
  via: "slack" | "teams";
}

const ANNA: Answerer = { ...person("anna"), slack: "U0DEMO005", via: "slack" };
const ALI: Answerer = { ...person("ali"), slack: "U0DEMO006", via: "teams" };
const EMMA: Answerer = { ...person("emma"), slack: "U0DEMO007", via: "slack" };
const OSKAR: Answerer = { ...person("oskar"), slack: "U0DEMO008", via: "teams" };
const SOFIA: Answerer = { ...person("sofia"), slack: "U0DEMO009", via: "slack" };
const RECIPIENTS = [ANNA, ALI, EMMA, OSKAR, SOFIA];
const CREATOR = { id: "erik.johansson", slack: "U0DEMO003" };

function person(key: "anna" | "ali" | "emma" | "oskar" | "sofia") {
  const p = TEAMS_PEOPLE[key];
  return { id: p.id, name: p.name, aad: p.aad };
}

/**
 * The sheet each person writes: the scale answer tells the sheets apart. The
 * sheets are answered in the order of ANSWERS; their content order (by the
 * scale answer first) differs from it at every place, so an order that
 * followed time would link all five and an order by content links none.
 */
const ANSWERS: { who: Answerer; at: string; values: { q0: string; q1: string; q2: string } }[] = [
  { who: SOFIA, at: "2026-11-25T09:10:00Z", values: { q0: "2", q1: "0", q2: "alfa: mer ljus i parken" } },
  { who: ALI, at: "2026-11-25T10:05:00Z", values: { q0: "3", q1: "1", q2: "bravo: fler fotpatruller" } },
  { who: EMMA, at: "2026-11-25T11:20:00Z", values: { q0: "4", q1: "2", q2: "charlie: kameror vid stationen" } },
  // the reminder runs here (2026-12-01T15:10Z): Oskar and Anna have not answered
  { who: OSKAR, at: "2026-12-01T16:00:00Z", values: { q0: "5", q1: "0", q2: "delta: trafiken på Storgatan" } },
  { who: ANNA, at: "2026-12-02T08:00:00Z", values: { q0: "1", q1: "1", q2: "echo: mer tid för dialog" } },
];
/** Ali changes his answer (the same scale answer, other words). */
const CHANGE = {
  who: ALI,
  at: "2026-12-02T09:00:00Z",
  values: { q0: "3", q1: "1", q2: "bravo: fler fotpatruller på kvällarna" },
};
const TRUTH = new Map(ANSWERS.map((a) => [a.who.id, a.values.q0]));
const TRUE_ORDER = ANSWERS.map((a) => a.who.id);
const DAY_OF = new Map(ANSWERS.map((a) => [a.who.id, a.at.slice(0, 10)]));
const FREE_TEXT = ["alfa", "bravo", "charlie", "delta", "echo"];

// ---------------------------------------------------------------- the raw database

interface RawRow {
  /** physical position: SQLite rowid, PostgreSQL (page, item) of the ctid as one number */
  pos: number;
  /** PostgreSQL: the inserting transaction */
  xmin?: number;
  data: Record<string, unknown>;
}
type Snapshot = Map<string, RawRow[]>;

function sqliteSnapshot(url: string): Snapshot {
  const db = new Sqlite(sqliteFilePath(url), { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[]
    ).map((t) => t.name);
    const out: Snapshot = new Map();
    for (const table of tables) {
      const rows = db.prepare(`SELECT rowid AS "__pos", * FROM "${table}" ORDER BY rowid`).all() as Record<
        string,
        unknown
      >[];
      out.set(
        table,
        rows.map(({ __pos, ...data }) => ({ pos: Number(__pos), data })),
      );
    }
    return out;
  } finally {
    db.close();
  }
}

async function postgresSnapshot(url: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (
      await client.query(
        "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      )
    ).rows.map((r) => r.name as string);
    const out: Snapshot = new Map();
    for (const table of tables) {
      const rows = (
        await client.query(`SELECT ctid::text AS pos, xmin::text AS xmin, row_to_json(t)::text AS j FROM "${table}" t`)
      ).rows as { pos: string; xmin: string; j: string }[];
      out.set(
        table,
        rows
          .map((r) => {
            const [page, item] = r.pos.replace(/[()]/g, "").split(",").map(Number);
            return {
              pos: page * 100_000 + item,
              xmin: Number(r.xmin),
              data: JSON.parse(r.j) as Record<string, unknown>,
            };
          })
          .sort((a, b) => a.pos - b.pos),
      );
    }
    return out;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- what the attacker knows

interface Knowledge {
  pollId: string;
  /** the instance key (key file or LOFTESBOT_SECRET); null: the database alone */
  secret: string | null;
  /** every line the service logged; null: no logs */
  logs: string[] | null;
  /** the Slack invitation's message timestamp per person (as the Svara press carries it) */
  invitationTs: Map<string, string>;
  /** the Teams card id per person (replyToId of their presses) */
  teamsCards: Map<string, string>;
}

interface Sheet {
  table: string;
  pos: number;
  xmin?: number;
  id: string;
  token: string | null;
  day: string | null;
  /** the scale answer, or null when the attacker cannot read the sheet */
  label: string | null;
}

interface RouteResult {
  route: string;
  /** person → the label of the sheet the route says is theirs */
  links: Map<string, string>;
  /** what the route recovered about people (empty: nothing) */
  found: string[];
}

const rows = (snap: Snapshot, table: string) => snap.get(table) ?? [];
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The poll's own key, when the database still holds it and the attacker has the instance key. */
function recoveredPollKey(snap: Snapshot, k: Knowledge): Buffer | null {
  if (!k.secret) return null;
  const poll = rows(snap, "dialogue_poll").find((r) => r.data.id === k.pollId);
  const wrapped = str(poll?.data.sealKey);
  if (!wrapped) return null;
  try {
    return unwrapPollKey(k.secret, k.pollId, wrapped);
  } catch {
    return null;
  }
}

/** Every sheet of the poll the attacker can see, in physical order, read where they can. */
function sheetsOf(snap: Snapshot, k: Knowledge): Sheet[] {
  const scaleQuestion = rows(snap, "poll_question").find(
    (r) => r.data.pollId === k.pollId && Number(r.data.position) === 0,
  );
  const answers = rows(snap, "poll_answer");
  const plain = rows(snap, "poll_response")
    .filter((r) => r.data.pollId === k.pollId)
    .map((r): Sheet => {
      const scale = answers.find(
        (a) => a.data.responseId === r.data.id && a.data.questionId === scaleQuestion?.data.id,
      );
      return {
        table: "poll_response",
        pos: r.pos,
        xmin: r.xmin,
        id: String(r.data.id),
        token: str(r.data.token),
        day: str(r.data.day),
        label: str(scale?.data.value),
      };
    });
  const key = recoveredPollKey(snap, k);
  const sealed = rows(snap, "poll_sealed_sheet")
    .filter((r) => r.data.pollId === k.pollId)
    .map((r): Sheet => {
      let label: string | null = null;
      if (key) {
        const content = openSheet(key, k.pollId, String(r.data.token), String(r.data.sheet));
        label = content.answers.find((a) => a.questionId === scaleQuestion?.data.id)?.value ?? null;
      }
      return {
        table: "poll_sealed_sheet",
        pos: r.pos,
        xmin: r.xmin,
        id: String(r.data.id),
        token: str(r.data.token),
        day: null,
        label,
      };
    });
  return [...plain, ...sealed];
}

function everywhere(snap: Snapshot, value: string): string[] {
  const hits: string[] = [];
  for (const [table, list] of snap) for (const r of list) if (JSON.stringify(r.data).includes(value)) hits.push(table);
  return hits;
}

/** Links by order: the k-th sheet (as `order` sorts them) to the k-th person of the true answer order. */
function byOrder(sheets: Sheet[], compare: (a: Sheet, b: Sheet) => number): Map<string, string> {
  const links = new Map<string, string>();
  const sorted = sheets.filter((s) => s.label !== null).sort(compare);
  if (sorted.length !== TRUE_ORDER.length) return links;
  for (const [i, who] of TRUE_ORDER.entries()) links.set(who, sorted[i].label as string);
  return links;
}

/** The time in a cuid (c + 8 base-36 digits of milliseconds + …), or null when the id holds none. */
function cuidTime(id: string): number | null {
  return /^c[a-z0-9]{24}$/.test(id) ? Number.parseInt(id.slice(1, 9), 36) : null;
}

function attack(snap: Snapshot, k: Knowledge): RouteResult[] {
  const sheets = sheetsOf(snap, k);
  const results: RouteResult[] = [];
  const linkToken = (route: string, tokenOf: (p: Answerer) => string) => {
    const links = new Map<string, string>();
    const found: string[] = [];
    for (const p of RECIPIENTS) {
      const token = tokenOf(p);
      const sheet = sheets.find((s) => s.token === token);
      if (sheet?.label) links.set(p.id, sheet.label);
      for (const table of everywhere(snap, token)) found.push(`${p.id}'s token in ${table}`);
    }
    results.push({ route, links, found });
  };

  // 1. tokens recomputed with the instance key (the token of polls before per-poll keys)
  if (k.secret) {
    const secret = k.secret;
    linkToken("tokens recomputed with the instance key", (p) => legacyResponseToken(secret, k.pollId, p.id));
  }

  // 2. the poll's own key, recovered from the database with the instance key
  const pollKey = recoveredPollKey(snap, k);
  results.push({ route: "the poll's key recovered", links: new Map(), found: pollKey ? ["the poll's key"] : [] });
  if (pollKey) linkToken("tokens recomputed with the poll's key", (p) => responseToken(pollKey, p.id));

  // 3. reminder keys recomputed: who had not answered when the reminder went
  {
    const found: string[] = [];
    const recipients = new Set(rows(snap, "delivery").map((r) => String(r.data.recipient)));
    for (const p of RECIPIENTS) {
      const keys = [
        ...(k.secret ? [legacyReminderKey(k.secret, k.pollId, p.id)] : []),
        ...(pollKey ? [reminderKey(pollKey, k.pollId, p.id)] : []),
      ];
      if (keys.some((key) => recipients.has(key))) found.push(`${p.id} was reminded`);
    }
    results.push({ route: "reminder keys recomputed", links: new Map(), found });
  }

  // 4. request keys guessed from what the adapters build them of, unkeyed and keyed
  const times = new Map<string, number[]>();
  const addTime = (who: string, at: unknown) => {
    const ms = typeof at === "number" ? at : Date.parse(String(at));
    if (!Number.isNaN(ms)) times.set(who, [...(times.get(who) ?? []), ms]);
  };
  {
    const found: string[] = [];
    const stored = rows(snap, "processed_request");
    for (const p of [...RECIPIENTS, { ...CREATOR, aad: "" } as Answerer]) {
      const raw = [
        `slack:action:${requestHash(p.slack, ANSWER_ACTION, k.pollId, k.invitationTs.get(p.id) ?? "")}`,
        `slack:action:${requestHash(p.slack, RESULTS_ACTION, k.pollId, k.invitationTs.get(p.id) ?? "")}`,
        `teams:action:${hashKey(p.aad, ANSWER_ACTION, k.pollId, k.teamsCards.get(p.id) ?? "")}`,
      ];
      const candidates = [...raw, ...(k.secret ? raw.map((key) => requestKeyDigest(k.secret as string, key)) : [])];
      for (const row of stored)
        if (candidates.includes(String(row.data.key))) {
          found.push(`${p.id} pressed at ${row.data.createdAt}`);
          if (p.id !== CREATOR.id) addTime(p.id, row.data.createdAt);
        }
    }
    results.push({ route: "request keys guessed", links: new Map(), found });
  }

  // 5. audit rows naming a recipient with the poll
  {
    const found: string[] = [];
    for (const row of rows(snap, "audit_event")) {
      const who = RECIPIENTS.find((p) => row.data.actorId === p.id);
      if (who && (row.data.subject === k.pollId || String(row.data.detail).includes(k.pollId))) {
        found.push(`${who.id}: ${row.data.action} at ${row.data.at}`);
        addTime(who.id, row.data.at);
      }
    }
    results.push({ route: "audit rows", links: new Map(), found });
  }

  // 6. log lines naming a recipient together with the poll, or at the time they answered
  if (k.logs) {
    const found: string[] = [];
    const windows = new Map<string, [number, number][]>();
    for (const a of [...ANSWERS, CHANGE]) {
      const at = Date.parse(a.at);
      windows.set(a.who.id, [...(windows.get(a.who.id) ?? []), [at - 60_000, at + 5 * 60_000]]);
    }
    for (const line of k.logs) {
      let parsed: { time?: string } = {};
      try {
        parsed = JSON.parse(line);
      } catch {
        // not a JSON line
      }
      for (const p of RECIPIENTS) {
        if (![p.id, p.name, p.slack, p.aad].some((id) => line.includes(id))) continue;
        const at = Date.parse(parsed.time ?? "");
        const atAnswer = (windows.get(p.id) ?? []).some(([from, to]) => at >= from && at <= to);
        if (line.includes(k.pollId) || atAnswer) {
          found.push(`${p.id}: ${line.slice(0, 200)}`);
          addTime(p.id, at);
        }
      }
    }
    results.push({ route: "log lines", links: new Map(), found });
  }

  // 7. Teams conversation references: when a person last wrote to the bot in Teams (kept by design; it
  // says nothing about answering, and the sheets carry no time to match it with — see the order routes)
  results.push({
    route: "Teams conversation times",
    links: new Map(),
    found: rows(snap, "conversation_ref")
      .filter((r) => RECIPIENTS.some((p) => p.id === r.data.personId))
      .map((r) => `${r.data.personId} wrote at ${r.data.updatedAt}`),
  });

  // order routes, given the true answer order (the strongest attacker: Slack's or Teams' own records)
  results.push({
    route: "physical order (rowid / ctid) and the true order",
    links: byOrder(sheets, (a, b) => a.pos - b.pos),
    found: [],
  });
  if (sheets.some((s) => s.xmin !== undefined))
    results.push({
      route: "inserting transaction (xmin) and the true order",
      links:
        new Set(sheets.map((s) => s.xmin)).size > 1
          ? byOrder(sheets, (a, b) => (a.xmin ?? 0) - (b.xmin ?? 0) || a.pos - b.pos)
          : new Map(),
      found: [],
    });
  const withTime = sheets.filter((s) => cuidTime(s.id) !== null);
  results.push({
    route: "time inside ids (cuid) and the true order",
    links:
      withTime.length > 0
        ? byOrder(withTime, (a, b) => (cuidTime(a.id) ?? 0) - (cuidTime(b.id) ?? 0) || a.id.localeCompare(b.id))
        : new Map(),
    found: withTime.map((s) => `${s.id} made at ${new Date(cuidTime(s.id) ?? 0).toISOString()}`),
  });
  {
    // the day of a sheet and the day each person answered: a day with one answer links it
    const links = new Map<string, string>();
    for (const p of RECIPIENTS) {
      const day = DAY_OF.get(p.id);
      const sameDay = RECIPIENTS.filter((q) => DAY_OF.get(q.id) === day);
      const sheetsThatDay = sheets.filter((s) => s.day === day && s.label);
      if (sameDay.length === 1 && sheetsThatDay.length === 1) links.set(p.id, sheetsThatDay[0].label as string);
    }
    results.push({
      route: "days of sheets",
      links,
      found: sheets.filter((s) => s.day).map((s) => `${s.id}: ${s.day}`),
    });
  }
  {
    // the times the database and the logs reveal (routes 4–6), each person's first, ranked, against the sheets' physical order
    const ranked = [...times].map(([who, ts]) => ({ who, at: Math.min(...ts) })).sort((a, b) => a.at - b.at);
    const sorted = sheets.filter((s) => s.label !== null).sort((a, b) => a.pos - b.pos);
    const links = new Map<string, string>();
    if (ranked.length === sorted.length)
      for (const [i, r] of ranked.entries()) links.set(r.who, sorted[i].label as string);
    results.push({ route: "revealed times and physical order", links, found: [] });
  }
  return results;
}

/** Correct links per route (a link is correct when the sheet it names is the person's). */
function linked(results: RouteResult[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of results) {
    const right = [...r.links].filter(([who, label]) => TRUTH.get(who) === label).map(([who]) => who);
    out[r.route] = right;
  }
  return out;
}

const nobody = (results: RouteResult[]) => Object.fromEntries(results.map((r) => [r.route, [] as string[]]));

// ---------------------------------------------------------------- the test

for (const kind of databaseKinds) {
  describe(`the attacker against anonymous answers, on ${kind}`, () => {
    let database: { url: string; drop(): Promise<void> } | null = null;
    let core: Core;
    let server: Server;
    let slack: FakeSlack;
    const connector = new FakeConnector();
    const clock = new FakeClock(new Date("2026-11-25T09:00:00Z"));
    const logs: string[] = [];
    let secret = "";
    let pollId = "";
    const invitationTs = new Map<string, string>();
    const teamsCards = new Map<string, string>();
    let slackUrl = "";
    let botUrl = "";

    const snapshot = (): Promise<Snapshot> | Snapshot =>
      kind === "sqlite" ? sqliteSnapshot(database!.url) : postgresSnapshot(database!.url);
    const knowledge = (with_: { key: boolean; logs: boolean }): Knowledge => ({
      pollId,
      secret: with_.key ? secret : null,
      logs: with_.logs ? logs : null,
      invitationTs,
      teamsCards,
    });

    beforeAll(async () => {
      database = await freshDatabase(kind as DatabaseKind);
      if (!database) return;
      slack = await startFakeSlack();
      await connector.start();
      // SQLite: the key file beside the database; PostgreSQL: LOFTESBOT_SECRET in the environment
      const env: Record<string, string> =
        kind === "postgresql" ? { LOFTESBOT_SECRET: randomBytes(32).toString("hex") } : {};
      const config = {
        ...loadConfig({
          DATABASE_URL: database.url,
          LOG_LEVEL: "debug",
          LOFTESBOT_ORG_FILE: "",
          LOFTESBOT_DEMO: "1",
          SLACK_SIGNING_SECRET: SIGNING,
          SLACK_BOT_TOKEN: "xoxb-attack",
          SLACK_API_URL: slack.apiUrl,
          // Teams without credentials, on loopback only: the attacker's answers come through the real route
          LOFTESBOT_TEAMS_LOCAL: "1",
          ...env,
        }),
        port: 0,
      };
      const logger = createLogger("debug", { write: (line: string) => void logs.push(line) });
      core = await openCore(config, { logger, clock, platforms: "configured" });
      server = await startServer(core);
      slackUrl = `http://127.0.0.1:${server.port}/slack/events`;
      botUrl = `http://127.0.0.1:${server.port}`;
      const { readFileSync } = await import("node:fs");
      secret =
        kind === "postgresql"
          ? env.LOFTESBOT_SECRET
          : readFileSync(join(dirname(sqliteFilePath(database.url)), "loftesbot.key"), "utf8").trim();
    });

    afterAll(async () => {
      await server?.stop();
      await slack?.close();
      await connector.stop();
      await database?.drop();
    });

    // ---- acting as Slack and Teams clients

    async function slackPress(who: { id: string; slack: string }, id: string, value: string, ts: string, tag: string) {
      const res = await postSigned(
        slackUrl,
        interaction({
          type: "block_actions",
          team: { id: "T0DEMO", domain: "demo" },
          user: { id: who.slack, username: who.id, name: who.id, team_id: "T0DEMO" },
          api_app_id: "A0LOFTES",
          token: "legacy",
          trigger_id: `trigger-${tag}`,
          container: { type: "message", message_ts: ts, channel_id: `D${who.slack}`, is_ephemeral: false },
          channel: { id: `D${who.slack}`, name: "directmessage" },
          response_url: slack.responseUrl(tag),
          actions: [
            {
              type: "button",
              action_id: `lb:${id}:0`,
              block_id: "b0",
              value,
              text: { type: "plain_text", text: "Svara" },
              action_ts: ts,
            },
          ],
        }),
        "application/x-www-form-urlencoded",
        { secret: SIGNING },
      );
      expect(res.status).toBe(200);
    }

    async function answerInSlack(who: Answerer, values: { q0: string; q1: string; q2: string }, tag: string) {
      slack.script("views.open", { status: 200, body: { ok: true, view: { id: `V${tag}` } } });
      await slackPress(who, ANSWER_ACTION, pollId, invitationTs.get(who.id)!, tag);
      const opened = await waitFor(
        () => slack.callsOf("views.open").find((c) => c.args.trigger_id === `trigger-${tag}`),
        `the answer modal for ${who.id}`,
      );
      const view = opened.args.view as { private_metadata: string; blocks: unknown[] };
      // the receipt: ephemeral in the direct message the modal was opened from
      const receipts = () =>
        slack.calls.filter(
          (c) =>
            /^chat\.post(Message|Ephemeral)$/.test(c.method) &&
            (c.args.user === who.slack || c.args.channel === who.slack) &&
            /Du har deltagit|är ändrat/.test(JSON.stringify(c.args)),
        ).length;
      const before = receipts();
      const res = await postSigned(
        slackUrl,
        interaction({
          type: "view_submission",
          team: { id: "T0DEMO", domain: "demo" },
          user: { id: who.slack, username: who.id, name: who.id, team_id: "T0DEMO" },
          api_app_id: "A0LOFTES",
          token: "legacy",
          trigger_id: `trigger-${tag}-submit`,
          view: {
            id: `V${tag}`,
            team_id: "T0DEMO",
            type: "modal",
            callback_id: "lb-form",
            private_metadata: view.private_metadata,
            blocks: view.blocks,
            hash: "h",
            state: {
              values: {
                q0: { q0: { type: "static_select", selected_option: { value: values.q0 } } },
                q1: { q1: { type: "static_select", selected_option: { value: values.q1 } } },
                q2: { q2: { type: "plain_text_input", value: values.q2 } },
              },
            },
          },
        }),
        "application/x-www-form-urlencoded",
        { secret: SIGNING },
      );
      expect(res.status).toBe(200);
      expect(res.text).not.toContain("errors");
      await waitFor(() => receipts() > before, `the receipt to ${who.id}`);
    }

    async function answerInTeams(who: Answerer, values: { q0: string; q1: string; q2: string }) {
      const card = teamsCards.get(who.id)!;
      const who_ = TEAMS_PEOPLE[who.id.split(".")[0] as "ali"];
      const pressed = await post(
        botUrl,
        message({
          who: who_,
          value: { lb: "action", id: ANSWER_ACTION, value: pollId },
          replyToId: card,
          serviceUrl: connector.url,
        }),
      );
      expect(pressed.status).toBeLessThan(300);
      const mark = connector.mark();
      const submitted = await post(
        botUrl,
        message({
          who: who_,
          value: {
            lb: "form",
            formId: POLL_ANSWER_FORM,
            state: pollId,
            multi: [],
            f_q0: values.q0,
            f_q1: values.q1,
            f_q2: values.q2,
          },
          replyToId: card,
          serviceUrl: connector.url,
        }),
      );
      expect(submitted.status).toBeLessThan(300);
      const sent = JSON.stringify(connector.sent(mark).map((c) => c.body));
      expect(sent).toMatch(/Du har deltagit|är ändrat/);
    }

    async function answer(
      a: { who: Answerer; at: string; values: { q0: string; q1: string; q2: string } },
      tag: string,
    ) {
      clock.set(a.at);
      if (a.who.via === "slack") await answerInSlack(a.who, a.values, tag);
      else await answerInTeams(a.who, a.values);
    }

    it("five known people answer in a known order through the real Slack and Teams routes, reminded by the job", async (ctx) => {
      if (!database) return ctx.skip();
      // Anna, Emma, Sofia and the creator use Slack only; Ali and Oskar use Teams: their first message
      // stores their conversation, so the bot reaches them there
      await core.db.prisma.person.updateMany({
        where: { id: { in: [ANNA.id, EMMA.id, SOFIA.id, CREATOR.id] } },
        data: { teamsAadId: null },
      });
      for (const who of [ALI, OSKAR]) {
        const hello = await post(
          botUrl,
          message({ who: TEAMS_PEOPLE[who.id.split(".")[0] as "ali"], text: "hjälp", serviceUrl: connector.url }),
        );
        expect(hello.status).toBeLessThan(300);
      }
      // the invitations' Slack message timestamps, which the Svara presses carry back
      slack.script(
        "chat.postMessage",
        ...RECIPIENTS.map((_, i) => ({
          status: 200,
          body: { ok: true, channel: "D0INVITE", ts: `1764061200.00010${i}` },
        })),
      );
      const created = await core.bot.submitForm({
        platform: "slack",
        userId: CREATOR.slack,
        formId: "poll",
        state: "",
        values: {
          kind: "vad",
          title: "Trygghet i centrum",
          concerns: "k:norrdal",
          template: "own",
          questions:
            "skala: Hur trygg känner du dig på Torget?\nval: Vad oroar mest? | Narkotika | Trafik | Skadegörelse\nfritext: Vad borde vi göra först?",
          groups: ["ig-1"],
          closesDay: "2026-12-02",
          closesTime: "16:00",
          anonymous: "ja",
          whatNext: "Resultatet tas upp på APT i december.",
        },
      });
      expect(created.kind).toBe("done");

      pollId = (await core.db.prisma.dialoguePoll.findFirstOrThrow({ orderBy: { createdAt: "desc" } })).id;
      const invitations = await waitFor(
        () => {
          const slackOnes = slack
            .callsOf("chat.postMessage")
            .filter((c) => /^Medarbetardialog «Trygghet i centrum»/.test(String(c.args.text)));
          const teamsOnes = connector.sent().filter((c) => JSON.stringify(c.body).includes("Trygghet i centrum"));
          return slackOnes.length === 3 && teamsOnes.length === 2 ? { slackOnes } : null;
        },
        "five invitations: three in Slack, two in Teams",
        15_000,
      );
      invitationTs.clear();
      invitationTs.set(CREATOR.id, "1764061200.999999");
      invitations.slackOnes.forEach((c, i) => {
        const who = RECIPIENTS.find((p) => p.slack === c.args.channel);
        if (who) invitationTs.set(who.id, `1764061200.00010${i}`);
      });
      expect([...invitationTs.keys()].sort()).toEqual([ANNA.id, CREATOR.id, EMMA.id, SOFIA.id].sort());
      for (const who of [ALI, OSKAR]) teamsCards.set(who.id, `teams-invitation-${who.id}`);

      for (const [i, a] of ANSWERS.entries()) {
        if (i === 3) {
          clock.set("2026-12-01T15:10:00Z");
          const reminded = await core.runner.run(pollRemindersJob, clock.now());
          expect(reminded.sent).toBe(2);
        }
        await answer(a, `answer-${i}`);
      }
      await answer(CHANGE, "change");
      // the creator looks at the results (a recorded request: the attacker's control for request keys)
      await slackPress(CREATOR, RESULTS_ACTION, pollId, invitationTs.get(CREATOR.id)!, "creator-results");
      await waitFor(() => slack.callsOf("response_url").some((c) => c.id === "creator-results"), "the results");
      expect(await core.db.prisma.pollRecipient.count({ where: { pollId } })).toBe(5);
    });

    it("while the poll is open, the database alone links nothing, and shows no answer", async (ctx) => {
      if (!database || !pollId) return ctx.skip();
      const snap = await snapshot();
      const results = attack(snap, knowledge({ key: false, logs: false }));
      expect(linked(results)).toEqual(nobody(results));
      expect(results.find((r) => r.route === "request keys guessed")?.found).toEqual([]);
      // no answer can be read at all: every sheet is sealed
      for (const word of FREE_TEXT) expect(everywhere(snap, word), word).toEqual([]);
      expect(sheetsOf(snap, knowledge({ key: false, logs: false })).filter((s) => s.label !== null)).toEqual([]);
    });

    it("while the poll is open, the database and the key together do link (the documented residual; the tools work)", async (ctx) => {
      if (!database || !pollId) return ctx.skip();
      const results = attack(await snapshot(), knowledge({ key: true, logs: true }));
      expect(linked(results)["tokens recomputed with the poll's key"]?.sort()).toEqual(
        RECIPIENTS.map((p) => p.id).sort(),
      );
      expect(results.find((r) => r.route === "reminder keys recomputed")?.found.sort()).toEqual(
        [`${ANNA.id} was reminded`, `${OSKAR.id} was reminded`].sort(),
      );
      // the request-key route finds a recorded request: the creator's results button
      expect(results.find((r) => r.route === "request keys guessed")?.found.join()).toContain(CREATOR.id);
    });

    it("after closing, nothing links an answer to its author: not the database, the key, the environment nor the logs", async (ctx) => {
      if (!database || !pollId) return ctx.skip();
      clock.set("2026-12-02T15:05:00Z");
      await core.runner.run(pollCloseJob, clock.now());
      const snap = await snapshot();
      const k = knowledge({ key: true, logs: true });
      const results = attack(snap, k);
      expect(linked(results)).toEqual(nobody(results));
      for (const route of [
        "tokens recomputed with the instance key",
        "the poll's key recovered",
        "reminder keys recomputed",
        "audit rows",
        "log lines",
      ])
        expect(results.find((r) => r.route === route)?.found, route).toEqual([]);
      expect(
        results.find((r) => r.route === "request keys guessed")?.found.filter((f) => !f.startsWith(CREATOR.id)),
      ).toEqual([]);

      // the answers are all there, readable, with nothing but their answers, in the order of their content
      const sheets = sheetsOf(snap, k);
      expect(sheets.map((s) => s.table)).toEqual(Array(5).fill("poll_response"));
      expect(sheets.map((s) => s.label)).toEqual(["1", "2", "3", "4", "5"]);
      for (const s of sheets) {
        expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(s.token).toBeNull();
        expect(s.day).toBeNull();
      }
      const responses = rows(snap, "poll_response").filter((r) => r.data.pollId === pollId);
      expect(responses.map((r) => Object.keys(r.data).sort())).toEqual(
        Array(5).fill(["groupId", "id", "personId", "pollId", "token"]),
      );
      expect(responses.every((r) => r.data.groupId === null && r.data.personId === null)).toBe(true);
      if (kind === "postgresql") expect(new Set(responses.map((r) => r.xmin)).size).toBe(1);
      expect(rows(snap, "poll_sealed_sheet").filter((r) => r.data.pollId === pollId)).toEqual([]);
      expect(rows(snap, "dialogue_poll").find((r) => r.data.id === pollId)?.data.sealKey).toBeNull();
      // the counts per group survive as a tally
      expect(rows(snap, "poll_group_tally").map((r) => [r.data.groupId, Number(r.data.answered)])).toEqual([
        ["ig-1", 5],
      ]);
    });
  });
}
