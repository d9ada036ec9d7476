// `npm run check:teams-client` (opt-in; not part of `npm test`: CI has no
// Chromium). Starts Löftesbot with Teams in local mode on a fresh SQLite
// database with the demo organisation, Microsoft 365 Agents Playground
// (the npm package @microsoft/m365agentsplayground) as Anna Berg, and
// Debian's Chromium (/usr/bin/chromium, driven by playwright-core; never a
// downloaded browser) on the playground's page, then walks STEPS
// (check/teamsClientSteps.ts). Every step gets a screenshot per card in
// reports/teams-client/ (or CHECK_OUT). A step fails on a missing reply, a card
// the adaptivecards parser rejects, a message over Teams' size cap, a missing
// chart, a card the page did not render, or an error in the page. The browser
// reaches this machine only: every other request is aborted (the playground
// asks a CDN for fonts). Exit code 0 only when every step passed.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { chromium, type Locator, type Page } from "playwright-core";
import {
  cardHeading,
  EVERY_FIELD,
  isLocalRequest,
  type SentActivity,
  STEPS,
  type Step,
  weekEnd,
  wireProblems,
} from "./teamsClientSteps.js";

const root = resolve(import.meta.dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const out = resolve(process.env.CHECK_OUT ?? join(root, "reports", "teams-client"));
const work = mkdtempSync(join(tmpdir(), "loftesbot-teams-client-"));
const children: ChildProcess[] = [];

/** The people at a keyboard: Anna Berg (gruppchef of IG Turlag 1) and Erik Johansson (kommunpolis, Norrdal). */
const PEOPLE = {
  anna: { name: "Anna Berg", email: "anna.berg", aad: "00290f12-1a3a-4bee-b515-f5fb060e9290" },
  erik: { name: "Erik Johansson", email: "erik.johansson", aad: "9d956d44-6475-45ef-a2f5-6770832f8dd1" },
};
type Person = keyof typeof PEOPLE;
const OTHERS = [
  ["Ali Hassan", "ali.hassan", "cad08bec-f72f-4c47-b151-79064388d4eb"],
  ["Emma Lund", "emma.lund", "0256b88b-8bf3-4aeb-b94e-ba887b470af1"],
  ["Oskar Nyberg", "oskar.nyberg", "50c9b05b-e613-4789-90d2-7379eadaf943"],
  ["Sofia Karlsson", "sofia.karlsson", "3cdca634-3ae4-4b70-ad7d-b5ab914c2672"],
  ["Per Andersson", "per.andersson", "8dbb5b2a-6e20-4f8e-9001-a6625a1298a1"],
];

/** Each person's 1:1 chat with the bot (as in Teams, one per person). */
const personalChat = (who: Person) => `a:personal-chat-${who}`;

/** The playground's configuration for one person (it wants at least five other users); IG Turlag 1's channel as in the demo. */
function playgroundConfig(who: Person): string {
  const user = (id: string, name: string, email: string, aad: string) => {
    const [given, surname] = name.split(" ");
    return `{ id: ${id}, name: ${name}, userPrincipleName: ${email}@example.com, aadObjectId: ${aad}, givenName: ${given}, surname: ${surname}, email: ${email}@example.com }`;
  };
  const me = PEOPLE[who];
  return `version: "0.1.1"
tenantId: 00000000-0000-0000-0000-0000000000001
bot: { id: 00000000-0000-0000-0000-00000000000011, name: Löftesbot }
currentUser: ${user(`user-id-${who}`, me.name, me.email, me.aad)}
users:
${OTHERS.map(([name, email, aad], i) => `  - ${user(`user-id-${i + 1}`, name, email, aad)}`).join("\n")}
personalChat: { id: ${personalChat(who)} }
groupChat: { id: __GROUP_CHAT_ID__, name: Group Chat }
team: { id: team-id, name: IG Turlag 1, aadGroupId: 00000000-0000-0000-0000-000000000031, channels: [ { id: "19:demoigturlag1@thread.tacv2", name: Turlagskanalen } ] }
`;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** Starts a child and resolves when a line of its output matches `ready`. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, ready: RegExp, log: string) {
  return new Promise<ChildProcess>((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`${log}: not ready in 120 s:\n${seen.slice(-2000)}`)), 120_000);
    const listen = (chunk: Buffer) => {
      seen += chunk.toString();
      writeFileSync(join(out, `${log}.log`), seen);
      if (ready.test(seen)) {
        clearTimeout(timer);
        done(child);
      }
    };
    child.stdout?.on("data", listen);
    child.stderr?.on("data", listen);
    child.once("exit", (code) => fail(new Error(`${log} exited with ${code}:\n${seen.slice(-2000)}`)));
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (c: Buffer) => (text += c));
    child.stderr.on("data", (c: Buffer) => (text += c));
    child.once("exit", () => done(text));
  });
}

/**
 * The connector between the bot and the playground: forwards every request the bot makes to the playground's
 * connector and records each activity the bot sends (POST a message, PUT a replaced card) with its size.
 * Only the person's own 1:1 chat is answered here (see below).
 */
function recordingConnector(target: number, sent: SentActivity[], who: Person): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      // Teams answers "create a 1:1 conversation" with the person's existing chat with the bot; the playground makes a
      // new one it never shows, so the connector answers for the person at this playground's keyboard
      if (req.method === "POST" && /\/v3\/conversations\/?$/.test(req.url ?? "") && body.includes(PEOPLE[who].aad)) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: personalChat(who) }));
        return;
      }
      if ((req.method === "POST" || req.method === "PUT") && /\/activities/.test(req.url ?? "")) {
        try {
          const activity = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
          if (activity.type === "message")
            sent.push({ method: req.method, path: req.url ?? "", bytes: body.length, body: activity });
        } catch {
          // not JSON: forwarded as it is
        }
      }
      const forward = request(
        { host: "127.0.0.1", port: target, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openChat(page: Page, chat: Step["chat"]): Promise<void> {
  const name = chat === "personal" ? "Personal Chat" : "Turlagskanalen";
  await page.getByText(name, { exact: true }).first().click();
  // the chat's cards have rendered when their count holds for a second
  let count = -1;
  for (let i = 0; i < 20; i++) {
    await sleep(500);
    const now = await page.locator(".ac-adaptiveCard").count();
    if (now === count) break;
    count = now;
  }
}

/** The newest rendered card that has a button or input matching what the step needs. */
async function newestCard(page: Page, has?: (card: Locator) => Promise<boolean>): Promise<Locator> {
  const cards = page.locator(".ac-adaptiveCard");
  for (let i = (await cards.count()) - 1; i >= 0; i--) {
    const card = cards.nth(i);
    if (!has || (await has(card))) return card;
  }
  throw new Error("no card has it");
}

async function fillForm(page: Page, fields: Record<string, string>, submit: string): Promise<void> {
  const card = await newestCard(page, async (c) => (await c.getByRole("button", { name: submit }).count()) > 0);
  const labels = card.locator("label.ac-richTextBlock, label.ac-textBlock");
  const targets: { label: string; target: Locator; value: string }[] = [];
  for (let i = 0; i < (await labels.count()); i++) {
    const text = ((await labels.nth(i).textContent()) ?? "").toLowerCase();
    const id = await labels.nth(i).getAttribute("for");
    // a label is its field's when it begins with the field's name; a name inside another label's words
    // ("Tid (… krävs för aktiviteter …)" holds "aktivitet") counts only when no label begins with one
    const keys = Object.keys(fields);
    const key =
      keys.find((k) => k === EVERY_FIELD || text.trimStart().startsWith(k.toLowerCase())) ??
      keys.find((k) => text.includes(k.toLowerCase()));
    if (key !== undefined && id && !targets.some((t) => t.label === key && key !== EVERY_FIELD))
      targets.push({ label: key, target: card.locator(`[id="${id}"]`), value: fields[key] });
  }
  for (const key of Object.keys(fields))
    if (key !== EVERY_FIELD && !targets.some((t) => t.label === key)) throw new Error(`the form has no field "${key}"`);
  for (const { label, target, value } of targets) {
    const [tag, role] = await target.evaluate((e) => [e.tagName.toLowerCase(), e.getAttribute("role")]);
    if (role === "combobox") {
      // a drop-down: open it, pick the option (for every field: the first; one already chosen shows none to pick)
      if (label === EVERY_FIELD && (await target.inputValue()) !== "") continue;
      await target.click();
      await sleep(300);
      const options = page.locator("[role=option], [role=menuitemcheckbox]");
      const option = (label === EVERY_FIELD ? options : options.filter({ hasText: value })).first();
      if ((await option.count()) > 0) await option.click();
      await page.keyboard.press("Escape");
    } else if (tag === "input" || tag === "textarea") {
      if (label !== EVERY_FIELD || (await target.inputValue()) === "") await target.fill(value);
    } else if (label === EVERY_FIELD) {
      // a choice: its first option
      const first = target.locator("input[type=radio], input[type=checkbox]").first();
      if ((await first.count()) > 0 && !(await first.isChecked())) await first.check();
    } else if ((await target.locator("input[type=radio], input[type=checkbox]").count()) > 0) {
      await target.locator("label").filter({ hasText: value }).first().click();
    } else {
      // a drop-down: open it, pick the option
      await target.click();
      await page.getByRole("option", { name: value }).first().click();
    }
  }
  await card.getByRole("button", { name: submit }).first().click();
}

async function main(): Promise<number> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const botPort = await freePort();
  const sent: SentActivity[] = [];
  const env = {
    DATABASE_URL: `file:${join(work, "loftesbot.db")}`,
    LOFTESBOT_TEAMS_LOCAL: "1",
    LOFTESBOT_SCHEDULES: "0",
    LOFTESBOT_POLL_MIN_RESPONSES: "1",
    PORT: String(botPort),
    SLACK_SIGNING_SECRET: "",
    SLACK_BOT_TOKEN: "",
    MICROSOFT_APP_ID: "",
  };
  await start("node", ["bin/loftesbot.mjs", "serve"], env, root, /service\.started/, "service");
  const playground = join(
    dirname(createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/package.json")),
    "cli.js",
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const blocked = new Set<string>();
  let pageErrors: string[] = [];
  const connectors: Server[] = [];
  /** one playground (its own connector, folder and page) for each person at a keyboard */
  const pages = {} as Record<Person, Page>;
  for (const who of Object.keys(PEOPLE) as Person[]) {
    const playgroundPort = await freePort();
    const connector = await recordingConnector(playgroundPort, sent, who);
    connectors.push(connector);
    const connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/_connector`;
    const folder = join(work, who);
    mkdirSync(folder);
    writeFileSync(join(folder, ".m365agentsplayground.yml"), playgroundConfig(who));
    await start(
      "node",
      [
        playground,
        ...["-e", `http://127.0.0.1:${botPort}/api/messages`, "-c", "msteams", "--disable-telemetry"],
        ...["-p", String(playgroundPort), "--service-url", connectorUrl],
      ],
      { TEAMSAPPTESTER_BROWSER: "none" },
      folder,
      /Listening on/,
      `playground-${who}`,
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 3600 } });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (isLocalRequest(url)) return route.continue();
      blocked.add(new URL(url).host);
      return route.abort();
    });
    page.on("pageerror", (e) => pageErrors.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      // what the page could not load because the check blocked it is not a render error
      const text = m.text();
      if (
        m.type() === "error" &&
        !/ERR_FAILED|Failed to load resource/.test(text) &&
        ![...blocked].some((h) => text.includes(h))
      )
        pageErrors.push(`console: ${text.slice(0, 300)}`);
    });
    await page.goto(`http://127.0.0.1:${playgroundPort}`, { waitUntil: "networkidle" });
    pages[who] = page;
  }
  await sleep(2000);

  const results: { step: Step; problems: string[]; sizes: number[] }[] = [];
  const shown = new Map<Person, Step["chat"]>();
  /** each chat's conversation id, learnt from the first reply to something typed in it */
  const conversations = new Map<string, string>();
  const conversationOf = (r: SentActivity) => /\/conversations\/([^/]+)/.exec(r.path)?.[1];
  for (const [index, step] of STEPS.entries()) {
    const label = `${String(index + 1).padStart(2, "0")}-${step.name}`;
    const before = sent.length;
    pageErrors = [];
    const problems: string[] = [];
    const who = step.as ?? "anna";
    const page = pages[who];
    const chatKey = `${who}:${step.chat}`;
    try {
      if (shown.get(who) !== step.chat) await openChat(page, step.chat);
      shown.set(who, step.chat);
      const action = step.action;
      if ("say" in action) {
        await page.locator('[data-lexical-editor="true"]').filter({ visible: true }).first().click();
        await page.keyboard.type(action.say);
        await page.keyboard.press("Enter");
      } else if ("press" in action) {
        const card = await newestCard(
          page,
          async (c) => (await c.getByRole("button", { name: action.press }).count()) > 0,
        );
        await card.getByRole("button", { name: action.press }).first().click();
      } else if ("fill" in action) {
        await fillForm(page, action.fill, action.submit);
      } else {
        const at = action.at === "week-end" ? ["--at", weekEnd(new Date()).toISOString()] : [];
        const output = await run("node", ["bin/loftesbot.mjs", "jobs", "run", action.job, ...at], env);
        writeFileSync(join(out, `${label}.job.txt`), output);
      }
    } catch (error) {
      problems.push(`could not do the step: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    }
    // replies: wait until the wanted number arrived and nothing more came for a moment
    const want = step.replies ?? 1;
    const deadline = Date.now() + 20_000;
    let last = sent.length;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      await sleep(250);
      if (sent.length !== last) {
        last = sent.length;
        quietSince = Date.now();
      }
      if (sent.length - before >= want && Date.now() - quietSince > 1500) break;
    }
    const replies = sent.slice(before);
    problems.push(...wireProblems(step, replies));
    await sleep(1000);
    if ("say" in step.action && replies[0] && !conversations.has(chatKey))
      conversations.set(chatKey, conversationOf(replies[0]) ?? "");
    const here = conversations.get(chatKey);
    // what the page shows: the messages to this chat (a job also writes to other people)
    const withCards = replies.filter(
      (r) =>
        Array.isArray(r.body.attachments) &&
        r.body.attachments.length > 0 &&
        (here === undefined || conversationOf(r) === here),
    );
    // every card sent to this chat (a new message, or a card replaced in place) must be on the page
    const onPage: Locator[] = [];
    for (const reply of withCards) {
      const heading = cardHeading(reply.body);
      const match = page.locator(".ac-adaptiveCard").filter({ hasText: heading });
      if ((await match.count()) === 0) problems.push(`the page shows no card with "${heading}"`);
      else onPage.push(match.last());
    }
    if (onPage.length < withCards.length)
      await page.screenshot({ path: join(out, `${label}-page.png`), fullPage: true });
    problems.push(...pageErrors);
    if (onPage.length === 0) onPage.push(page.locator(".ac-adaptiveCard").last());
    for (const [i, card] of onPage.entries()) {
      const file = join(out, `${label}${onPage.length > 1 ? `-${i + 1}` : ""}.png`);
      if ((await card.count()) > 0) await card.screenshot({ path: file });
      else await page.screenshot({ path: file });
    }
    writeFileSync(join(out, `${label}.json`), JSON.stringify(replies, null, 1));
    results.push({ step: { ...step, name: label }, problems, sizes: replies.map((r) => r.bytes) });
    process.stdout.write(
      `${problems.length === 0 ? "ok  " : "FAIL"} ${label}  ${replies.length} message(s) ${replies.map((r) => `${r.bytes} B`).join(", ")}${problems.map((p) => `\n       ${p}`).join("")}\n`,
    );
  }
  await browser.close();
  for (const connector of connectors) connector.close();
  const failed = results.filter((r) => r.problems.length > 0).length;
  const all = results.flatMap((r) => r.sizes);
  process.stdout.write(
    `\n${results.length - failed} of ${results.length} steps passed; ${all.length} messages, largest ${Math.max(0, ...all)} bytes; ` +
      `blocked requests to: ${[...blocked].join(", ") || "none"}; screenshots in ${out}\n`,
  );
  return failed === 0 ? 0 : 1;
}

const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
};
main().then(
  (code) => {
    stop();
    process.exit(code);
  },
  (error) => {
    stop();
    process.stderr.write(`check:teams-client: ${error instanceof Error ? error.message : error}\n`);
    process.exit(2);
  },
);
