// Test support for the Slack adapter: requests signed like Slack signs them
// (v0 HMAC), a local fake of the Slack Web API and of response_url that
// records every call, the real service in-process with Slack pointed at that
// fake (and, for a describe block, started and stopped around its tests, with
// numbered slash commands and button presses from one channel), and checks of
// Block Kit payloads against Slack's limits.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { type Core, loadConfig, openCore } from "../../../src/app/compose.js";
import type { Service } from "../../../src/app/service.js";
import { startServer } from "../../../src/app/wiring.js";
import { silentLogger } from "../../../src/core/log.js";
import { sqliteTestUrl } from "../../support/databases.js";

// ---------------------------------------------------------------- signing

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface PostOptions {
  secret: string;
  /** seconds since the epoch; now when unset */
  timestamp?: number;
  /** replaces the computed signature */
  signature?: string;
  headers?: Record<string, string>;
}

export interface PostResult {
  status: number;
  text: string;
  /** the JSON body, when there is one */
  json: unknown;
  ms: number;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  options: PostOptions,
): Promise<PostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? slackSignature(options.secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, ms };
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const interaction = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

// ---------------------------------------------------------------- the fake Slack

export interface RecordedCall {
  /** Web API method ("chat.postMessage"), or "response_url" */
  method: string;
  /** for response_url: the path's id */
  id?: string;
  args: Record<string, unknown>;
  /** the Authorization header (the bot token for Web API calls) */
  authorization?: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeSlack {
  url: string;
  /** base of the Web API, e.g. http://127.0.0.1:1234/api/ */
  apiUrl: string;
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  responseUrl(id: string): string;
  /** the next calls of `method` get these answers, in order, before the normal `{ ok: true }` */
  script(method: string, ...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** WebClient sends form-encoded arguments, with objects (blocks, view) as JSON strings. */
function parseArgs(body: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // a plain string after all
      }
    }
    out[key] = value;
  }
  return out;
}

let tsCounter = 0;

export async function startFakeSlack(): Promise<FakeSlack> {
  let baseUrl = () => "";
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const server: Server = createServer(async (req, res) => {
    const body = await readAll(req);
    const path = (req.url ?? "/").split("?")[0];
    const args = parseArgs(body, String(req.headers["content-type"] ?? ""));
    const respond = /^\/respond\/([^/]+)$/.exec(path);
    if (path.startsWith("/upload/")) {
      calls.push({ method: "file_upload", id: path.slice("/upload/".length), args: { bytes: body.length } });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("OK");
      return;
    }
    const method = respond ? "response_url" : path.replace(/^\/api\//, "");
    calls.push({ method, id: respond?.[1], args, authorization: req.headers.authorization });
    const scripted = scripts.get(method)?.shift();
    if (scripted) {
      res.writeHead(scripted.status, { "content-type": "application/json", ...scripted.headers });
      res.end(JSON.stringify(scripted.body ?? { ok: false, error: "scripted" }));
      return;
    }
    tsCounter += 1;
    const ts = `1764000000.${String(tsCounter).padStart(6, "0")}`;
    const answers: Record<string, unknown> = {
      "auth.test": { ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0DEMO" },
      "views.open": { ok: true, view: { id: `V${tsCounter}` } },
      "chat.postMessage": { ok: true, channel: args.channel, ts },
      "chat.postEphemeral": { ok: true, message_ts: ts },
      "files.getUploadURLExternal": {
        ok: true,
        file_id: `F${tsCounter}`,
        upload_url: `${baseUrl()}/upload/F${tsCounter}`,
      },
      "files.completeUploadExternal": { ok: true, files: [{ id: `F${tsCounter}` }] },
      response_url: { ok: true },
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answers[method] ?? { ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  baseUrl = () => url;
  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => `${url}/respond/${id}`,
    script(method, ...answers) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...answers]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function waitFor<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---------------------------------------------------------------- the running service

export interface SlackService {
  fake: FakeSlack;
  core: Core;
  service: Service;
  /** POST /slack/events of the running service */
  endpoint: string;
  /** stops the service and the fake Slack */
  stop(): Promise<void>;
}

/**
 * The real service in this process with Slack configured (signing secret `secret`, the Web API a fresh
 * fake Slack), the demo organisation and no organisation file, on the database at `databaseUrl`.
 */
export async function startSlackService(databaseUrl: string, secret: string): Promise<SlackService> {
  const fake = await startFakeSlack();
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    SLACK_SIGNING_SECRET: secret,
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_API_URL: fake.apiUrl,
    LOG_LEVEL: "silent",
    LOFTESBOT_DEMO: "1",
    LOFTESBOT_ORG_FILE: "",
  });
  let service: Service;
  let core: Core;
  try {
    // an ephemeral port (the config itself refuses PORT=0)
    core = await openCore({ ...config, port: 0 }, { logger: silentLogger, platforms: "configured" });
    service = await startServer(core);
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    core,
    service,
    endpoint: `http://127.0.0.1:${service.port}/slack/events`,
    stop: async () => {
      await service.stop();
      await fake.close();
    },
  };
}

/** A channel of the demo workspace: its id and the name Slack sends with it. */
export interface SlackChannel {
  id: string;
  name: string;
}

/**
 * startSlackService for the tests of one describe block (call it inside the block): the service starts in
 * beforeAll on a fresh SQLite database named `name` and stops in afterAll. Requests go to it as Slack sends
 * them from `channel`, signed with `secret`: each slash command and button press takes the next number,
 * `seq`, which names its response_url (`cmd-<seq>` or `btn-<seq>` of the fake) and its trigger id
 * (`trigger-<seq>`).
 */
export function slackForTests(name: string, secret: string, channel: SlackChannel) {
  let running: SlackService | undefined;
  beforeAll(async () => {
    running = await startSlackService(sqliteTestUrl(name), secret);
  });
  afterAll(() => running?.stop());
  const started = (): SlackService => {
    if (!running) throw new Error("the Slack service has not started (beforeAll)");
    return running;
  };
  const slack = {
    /** the number of the last slash command or button press */
    seq: 0,
    get fake() {
      return started().fake;
    },
    get core() {
      return started().core;
    },
    get service() {
      return started().service;
    },
    /** POST /slack/events of the running service */
    get endpoint() {
      return started().endpoint;
    },
    /** POSTs a form-encoded body (`form`, `interaction`) to /slack/events, signed */
    post: (body: string) => postSigned(started().endpoint, body, "application/x-www-form-urlencoded", { secret }),
    /** `command text` from `user` in the channel, or in `where` */
    command(user: string, command: string, text: string, where = channel): Promise<PostResult> {
      slack.seq += 1;
      return slack.post(
        form(
          slashCommand({
            user,
            command,
            text,
            channel: where.id,
            channelName: where.name,
            responseUrl: slack.fake.responseUrl(`cmd-${slack.seq}`),
            triggerId: `trigger-${slack.seq}`,
          }),
        ),
      );
    },
    /** `user` pressing `button` of the ephemeral message `messageTs` in the channel (encode with `interaction`) */
    buttonPayload(user: string, button: Json, messageTs: string): Json {
      slack.seq += 1;
      return buttonPress({
        user,
        button,
        channel: channel.id,
        channelName: channel.name,
        messageTs,
        responseUrl: slack.fake.responseUrl(`btn-${slack.seq}`),
        triggerId: `trigger-${slack.seq}`,
      });
    },
  };
  return slack;
}

// ---------------------------------------------------------------- Block Kit limits

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON as Slack receives it
type Json = any;

const len = (s: unknown) => (typeof s === "string" ? Array.from(s).length : 0);

/** Problems with a message (text + blocks) Slack would refuse; [] when none. */
export function checkBlockKitLimits(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  const blocks: Json[] = Array.isArray(message.blocks) ? message.blocks : [];
  if (typeof message.text !== "string" || message.text.trim() === "") problems.push("no top-level text fallback");
  if (len(message.text) > 40_000) problems.push(`text has ${len(message.text)} characters (> 40 000)`);
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (> 50)`);
  const size = JSON.stringify(blocks).length;
  if (size > 12_000) problems.push(`blocks are ${size} characters (> 12 000)`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `blocks[${i}] (${block?.type})`;
    if (block.block_id !== undefined) {
      if (len(block.block_id) > 255) problems.push(`${at}: block_id > 255`);
      if (blockIds.has(block.block_id)) problems.push(`${at}: duplicate block_id`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case "header":
        if (block.text?.type !== "plain_text") problems.push(`${at}: header text must be plain_text`);
        if (len(block.text?.text) === 0 || len(block.text?.text) > 150) problems.push(`${at}: header text length`);
        break;
      case "section": {
        if (!block.text && !block.fields) problems.push(`${at}: neither text nor fields`);
        if (block.text && (len(block.text.text) === 0 || len(block.text.text) > 3000))
          problems.push(`${at}: section text has ${len(block.text.text)} characters`);
        const fields: Json[] = block.fields ?? [];
        if (fields.length > 10) problems.push(`${at}: ${fields.length} fields (> 10)`);
        for (const f of fields) if (len(f.text) === 0 || len(f.text) > 2000) problems.push(`${at}: field length`);
        break;
      }
      case "context": {
        const elements: Json[] = block.elements ?? [];
        if (elements.length === 0 || elements.length > 10) problems.push(`${at}: ${elements.length} elements`);
        for (const e of elements) if (len(e.text) === 0 || len(e.text) > 3000) problems.push(`${at}: element length`);
        break;
      }
      case "actions": {
        const elements: Json[] = block.elements ?? [];
        if (elements.length === 0 || elements.length > 25) problems.push(`${at}: ${elements.length} elements`);
        for (const e of elements) {
          if (e.type !== "button") continue;
          if (e.text?.type !== "plain_text" || len(e.text.text) === 0 || len(e.text.text) > 75)
            problems.push(`${at}: button text`);
          if (len(e.action_id) === 0 || len(e.action_id) > 255) problems.push(`${at}: action_id length`);
          if (actionIds.has(e.action_id)) problems.push(`${at}: duplicate action_id ${e.action_id}`);
          actionIds.add(e.action_id);
          if (e.value !== undefined && len(e.value) > 2000) problems.push(`${at}: button value > 2000`);
          if (e.style !== undefined && !["primary", "danger"].includes(e.style)) problems.push(`${at}: style`);
        }
        break;
      }
      case "rich_text": {
        // text a person wrote, shown without mrkdwn: sections of text elements with styles only
        const sections: Json[] = block.elements ?? [];
        if (sections.length === 0) problems.push(`${at}: no elements`);
        for (const section of sections) {
          if (section.type !== "rich_text_section") problems.push(`${at}: element type ${section.type}`);
          const elements: Json[] = section.elements ?? [];
          if (elements.length === 0) problems.push(`${at}: empty rich_text_section`);
          for (const e of elements) {
            if (e.type !== "text" || len(e.text) === 0) problems.push(`${at}: text element`);
            if (len(e.text) > 3000) problems.push(`${at}: text element > 3000`);
            for (const [k, v] of Object.entries(e.style ?? {}))
              if (!["bold", "italic", "strike", "code"].includes(k) || v !== true) problems.push(`${at}: style ${k}`);
          }
        }
        break;
      }
      case "divider":
        break;
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  return problems;
}

const INPUT_ELEMENTS = [
  "static_select",
  "multi_static_select",
  "number_input",
  "datepicker",
  "plain_text_input",
  "multi_users_select",
];

/** Problems with a modal view Slack would refuse; [] when none. */
export function checkModalLimits(view: Json): string[] {
  const problems: string[] = [];
  if (view?.type !== "modal") problems.push("not a modal");
  for (const key of ["title", "submit", "close"]) {
    const t = view?.[key];
    if (key === "title" || t) {
      if (t?.type !== "plain_text" || len(t?.text) === 0 || len(t?.text) > 24)
        problems.push(`${key} must be 1–24 chars`);
    }
  }
  const blocks: Json[] = view?.blocks ?? [];
  if (blocks.length > 100) problems.push(`${blocks.length} blocks (> 100)`);
  if (len(view?.private_metadata) > 3000) problems.push("private_metadata > 3000");
  if (len(view?.callback_id) > 255) problems.push("callback_id > 255");
  if (JSON.stringify(view).length > 250_000) problems.push("view > 250 kB");
  const ids = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `blocks[${i}] (${block?.type})`;
    if (block.block_id !== undefined) {
      if (len(block.block_id) > 255) problems.push(`${at}: block_id > 255`);
      if (ids.has(block.block_id)) problems.push(`${at}: duplicate block_id`);
      ids.add(block.block_id);
    }
    if (block.type === "section" && (len(block.text?.text) === 0 || len(block.text?.text) > 3000))
      problems.push(`${at}: section text`);
    if (block.type !== "input") return;
    if (block.label?.type !== "plain_text" || len(block.label.text) === 0 || len(block.label.text) > 2000)
      problems.push(`${at}: label`);
    const e = block.element ?? {};
    if (!INPUT_ELEMENTS.includes(e.type)) problems.push(`${at}: element type ${e.type}`);
    if (len(e.action_id) === 0 || len(e.action_id) > 255) problems.push(`${at}: action_id`);
    if (e.placeholder && len(e.placeholder.text) > 150) problems.push(`${at}: placeholder > 150`);
    if (e.type === "plain_text_input") {
      if (e.max_length !== undefined && (e.max_length < 1 || e.max_length > 3000)) problems.push(`${at}: max_length`);
      if (e.initial_value !== undefined && len(e.initial_value) > (e.max_length ?? 3000))
        problems.push(`${at}: initial_value longer than max_length`);
    }
    if (e.type === "datepicker" && e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(e.initial_date))
      problems.push(`${at}: initial_date`);
    if (e.type === "static_select" || e.type === "multi_static_select") {
      const groups: Json[] = e.option_groups ?? [];
      const options: Json[] = e.options ?? groups.flatMap((g) => g.options ?? []);
      if (e.options && e.option_groups) problems.push(`${at}: both options and option_groups`);
      if (e.options && e.options.length > 100) problems.push(`${at}: ${e.options.length} options (> 100)`);
      if (groups.length > 100) problems.push(`${at}: ${groups.length} option groups (> 100)`);
      for (const g of groups) {
        if ((g.options ?? []).length > 100) problems.push(`${at}: option group > 100`);
        if (len(g.label?.text) === 0 || len(g.label?.text) > 75) problems.push(`${at}: option group label`);
      }
      for (const o of options) {
        if (o.text?.type !== "plain_text" || len(o.text.text) === 0 || len(o.text.text) > 75)
          problems.push(`${at}: option text`);
        if (len(o.value) === 0 || len(o.value) > 150) problems.push(`${at}: option value`);
      }
      const initial: Json[] = e.initial_option ? [e.initial_option] : (e.initial_options ?? []);
      for (const i of initial)
        if (!options.some((o) => JSON.stringify(o) === JSON.stringify(i)))
          problems.push(`${at}: initial option is not one of the options`);
    }
  });
  return problems;
}

/** The demo workspace's fields of a slash command, as Slack posts them (form-encoded by `form`). */
export function slashCommand(fields: {
  user: string;
  command: string;
  text: string;
  channel: string;
  channelName: string;
  responseUrl: string;
  triggerId: string;
}): Record<string, string> {
  return {
    token: "legacy",
    team_id: "T0DEMO",
    team_domain: "norrdal",
    channel_id: fields.channel,
    channel_name: fields.channelName,
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: "A0LOFTES",
    is_enterprise_install: "false",
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  };
}

/** A block_actions payload pressing `button` of an ephemeral message in the demo workspace (encode with `interaction`). */
export function buttonPress(fields: {
  user: string;
  button: Json;
  channel: string;
  channelName: string;
  messageTs: string;
  responseUrl: string;
  triggerId: string;
}): Json {
  return {
    type: "block_actions",
    user: { id: fields.user, username: fields.user.toLowerCase(), name: fields.user.toLowerCase(), team_id: "T0DEMO" },
    api_app_id: "A0LOFTES",
    token: "legacy",
    container: { type: "message", message_ts: fields.messageTs, channel_id: fields.channel, is_ephemeral: true },
    trigger_id: fields.triggerId,
    team: { id: "T0DEMO", domain: "norrdal" },
    channel: { id: fields.channel, name: fields.channelName },
    response_url: fields.responseUrl,
    actions: [
      {
        type: "button",
        action_id: fields.button.action_id,
        block_id: "b1",
        value: fields.button.value,
        text: fields.button.text,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** A modal input's state as Slack sends it in `view.state.values[block][action]`. */
type StateValue = Json;

/**
 * The state of `view` as Slack sends it when the person submits: for each
 * input block, what `typed` gives for its block id (a text, a chosen option's
 * value, several values, people's Slack ids for a users select, or null:
 * emptied), else what the block shows already (its initial value or options).
 * A value that is not one of a select's options throws: Slack cannot send it.
 */
export function viewState(view: Json, typed: Record<string, string | string[] | null>): Record<string, Json> {
  const values: Record<string, Record<string, StateValue>> = {};
  for (const block of view.blocks as Json[]) {
    if (block.type !== "input") continue;
    const el = block.element;
    const given = block.block_id in typed ? typed[block.block_id] : undefined;
    const options: Json[] = el.options ?? (el.option_groups ?? []).flatMap((g: Json) => g.options);
    const option = (value: string) => {
      const found = options.find((o) => o.value === value);
      if (!found) throw new Error(`${block.block_id}: ${value} is not an option`);
      return found;
    };
    const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
    let state: StateValue;
    switch (el.type) {
      case "static_select":
        state = { selected_option: given === undefined ? (el.initial_option ?? null) : given && option(String(given)) };
        break;
      case "multi_static_select":
        state = {
          selected_options: given === undefined ? (el.initial_options ?? []) : given ? list(given).map(option) : [],
        };
        break;
      case "datepicker":
        state = { selected_date: given === undefined ? (el.initial_date ?? null) : given };
        break;
      case "multi_users_select":
        state = { selected_users: given === undefined ? (el.initial_users ?? []) : given ? list(given) : [] };
        break;
      default:
        state = { value: given === undefined ? (el.initial_value ?? null) : given };
    }
    values[block.block_id] = { [el.action_id]: { type: el.type, ...state } };
  }
  return values;
}

/** A view_submission payload for `view` (as views.open received it) in the demo workspace (encode with `interaction`). */
export function viewSubmission(fields: {
  user: string;
  view: Json;
  values: Json;
  viewId: string;
  triggerId: string;
}): Json {
  return {
    type: "view_submission",
    team: { id: "T0DEMO", domain: "norrdal" },
    user: { id: fields.user, username: fields.user.toLowerCase(), name: fields.user.toLowerCase(), team_id: "T0DEMO" },
    api_app_id: "A0LOFTES",
    token: "legacy",
    trigger_id: fields.triggerId,
    view: {
      ...fields.view,
      id: fields.viewId,
      team_id: "T0DEMO",
      app_id: "A0LOFTES",
      bot_id: "B0BOT",
      hash: "h",
      root_view_id: fields.viewId,
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
      state: { values: fields.values },
    },
    response_urls: [],
  };
}
