// Every text input fuzzed with fast-check, through the core's front door, as
// anyone (every role of two LPOs, and a stranger), on the console and Slack:
// random command lines (`/logga`, `/mina`, `/lofte …`, `/dialog …`,
// `/uppfoljning …`, `/loftesbot …`), random log-form values, random button
// values and random submissions of every form. Never an internal error (the
// core's "försök igen" after an exception, logged as command.failed), and
// nothing stored or changed unless the answer says it was (✅, 🔗, ↩️, 📤).
// The HTTP side is fuzzed in http.test.ts.
import { Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleMentions } from "../../adapters/console/mentions.js";
import { slackMentions } from "../../adapters/slack/mentions.js";
import { features } from "../../src/features/index.js";
import { createLogger } from "../../src/core/log.js";
import { OPEN_FORM_ACTION } from "../../src/core/reply.js";
import type { FormOutcome, Reply } from "../../src/core/reply.js";
import { CHOOSE_ACTIVITY_ACTION, LOG_FORM } from "../../src/features/logging/index.js";
import { requestKeyDigest } from "../../src/storage/processedRequests.js";
import type { TestCore } from "../support/core.js";
import { createPoll, EVERYONE, fingerprint, openTwoLpoCore, PEOPLE, replyText } from "./fixtures.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** what an answer starts with when it did change something */
const CHANGED = /^(✅|🔗|↩️|📤)/u;

const tokens = fc.constantFrom(
  "1h",
  "1,5h",
  "1h30",
  "90 min",
  "2 tim",
  "3st",
  "x3",
  "3 ggr",
  "0h",
  "25h",
  "101st",
  "-1h",
  "torget",
  "närvaro",
  "narvaro",
  "hastighet",
  "hamnen",
  "L1",
  "#L2",
  "S1",
  "idag",
  "igår",
  "i förrgår",
  "tisdag",
  "2026-11-20",
  "2030-01-01",
  "2026-02-30",
  "med",
  "@anna.berg",
  "@sv.medarbetare",
  "@ali.hassan",
  "<@U0DEMO005>",
  "<@U0SV001>",
  "<@U0NOBODY|x>",
  "<at>Anna Berg</at>",
  "ny",
  "ändra",
  "koppla",
  "ig-1",
  "sv-ig-1",
  "resultat",
  "svara",
  "uppfoljning",
  "d1",
  "d2",
  "#d1",
  "norrdal",
  "sodervik",
  "asby",
  "november",
  "2026-11",
  "v47",
  "kvartal",
  "ångra",
  "undo",
  "hjälp",
  "19811224-1234",
  "ABC123",
  "NaN",
  "Infinity",
  "__proto__",
  "constructor",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder typed by a person
  "${x}",
  "%s",
  "\u0000",
  "\u202e",
  "🚓",
  "'; DROP TABLE activity_entry; --",
  "<script>alert(1)</script>",
  "&lt;@U0DEMO005&gt;",
  "\\",
  '"',
  "\n",
);
const words = fc.array(fc.oneof(tokens, fc.string({ maxLength: 8 })), { maxLength: 10 }).map((a) => a.join(" "));
const text = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 80 }) },
  { weight: 3, arbitrary: words },
);
const commandWord = fc.constantFrom(
  "logga",
  "log",
  "/logga",
  "mina",
  "lofte",
  "löfte",
  "/lofte",
  "dialog",
  "/dialog",
  "uppfoljning",
  "uppföljning",
  "loftesbot",
  "hjälp",
  "",
);
const person = fc.constantFrom(...EVERYONE);

function isJsonObject(value: string): boolean {
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === "object" && parsed !== null;
  } catch {
    return false;
  }
}

describe("fuzzing every text input through the core", () => {
  let core: TestCore;
  const failures: string[] = [];
  let pool: string[] = [];

  beforeAll(async () => {
    core = (await openTwoLpoCore())!;
    // internal errors are logged as command.failed: catch them
    core.ctx.logger = createLogger(
      "error",
      new Writable({
        write(chunk, _encoding, done) {
          const line = JSON.parse(String(chunk)) as { event?: string; err?: { message?: string } };
          if (line.event === "command.failed") failures.push(line.err?.message ?? String(chunk));
          done();
        },
      }),
    );
    const poll = await createPoll(core, PEOPLE.kommunpolis, ["ig-1", "ig-2"]);
    const p = core.db.prisma;
    const activities = (await p.promiseActivity.findMany({ select: { id: true } })).map((a) => a.id);
    pool = [poll, "norrdal-2026", "sodervik-2026", "ig-1", "sv-ig-1", ...activities.slice(0, 4), "logga", "lofte ny"];
  });

  afterAll(async () => {
    if (process.env.FUZZ_COLLECT) for (const [k, v] of collected) console.log("FOUND", k, "\n   e.g.", v);
    await core?.drop();
  });

  /** Runs one input; returns a problem or null. */
  async function probe(what: string, run: () => Promise<Reply | FormOutcome>): Promise<string | null> {
    const before = await fingerprint(core);
    const seen = failures.length;
    let result: Reply | FormOutcome;
    try {
      result = await run();
    } catch (error) {
      return `${what}: threw ${String(error)}`;
    }
    if (failures.length > seen) return `${what}: internal error ${failures.slice(seen).join("; ")}`;
    const reply = "kind" in result ? (result.kind === "done" ? result.reply : null) : result;
    if (reply && (typeof reply.text !== "string" || !Array.isArray(reply.blocks))) return `${what}: malformed reply`;
    if (reply) replyText(reply);
    const after = await fingerprint(core);
    if (after !== before && !(reply && CHANGED.test(reply.text)))
      return `${what}: changed the database without saying so: ${reply?.text.slice(0, 120) ?? JSON.stringify(result).slice(0, 120)}`;
    return null;
  }

  const collected = new Map<string, string>();
  const check = async (problem: Promise<string | null>) => {
    const p = await problem;
    if (process.env.FUZZ_COLLECT) {
      if (p)
        collected.set(
          p
            .replace(/\(.*?\):/, ":")
            .replace(/^\S+ /, "")
            .slice(0, 140),
          p.slice(0, 300),
        );
      return;
    }
    expect(p).toBeNull();
  };

  it(`${RUNS} random command lines from anyone, on the console and Slack`, async () => {
    await fc.assert(
      fc.asyncProperty(
        commandWord,
        text,
        person,
        fc.boolean(),
        fc.option(fc.constantFrom("C0FUZZ", "D0FUZZ", "C0DEMOIG1", "C0SVIG1")),
        async (word, args, key, slack, channel) => {
          const who = PEOPLE[key];
          const line = `${word} ${args}`;
          await check(
            probe(`${key} ${slack ? "slack" : "console"}: ${JSON.stringify(line)}`, () =>
              core.bot.handleMessage({
                platform: slack ? "slack" : "console",
                userId: slack ? who.slack : who.id,
                text: line,
                channelId: channel ?? undefined,
                // the mentions as each platform's adapter hands them over
                mentions: slack ? slackMentions(line) : consoleMentions(line),
              }),
            ),
          );
        },
      ),
      { numRuns: RUNS },
    );
  }, 180_000);

  it(`${RUNS} random log-form submissions`, async () => {
    const value = fc.oneof(
      text,
      fc.constantFrom(...pool),
      fc.array(fc.oneof(text, fc.constantFrom("ali.hassan", "sv.medarbetare", "anna.berg"))),
    );
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.record(
          {
            activity: fc.oneof(fc.constantFrom(...pool), text),
            day: fc.oneof(fc.constantFrom("2026-11-25", "2026-11-24", "2026-12-25", "2026-02-30", ""), text),
            duration: fc.oneof(fc.constantFrom("1h", "1,5", "90", "0", "25", "-1", "1e3"), text),
            count: fc.oneof(fc.constantFrom("1", "3", "0", "101", "1.5", "-2"), text),
            others: value,
            note: text,
          },
          { requiredKeys: [] },
        ),
        async (key, values) => {
          await check(
            probe(`${key} log form ${JSON.stringify(values)}`, () =>
              core.bot.submitForm({ platform: "console", userId: PEOPLE[key].id, formId: LOG_FORM, state: "", values }),
            ),
          );
        },
      ),
      { numRuns: RUNS },
    );
  }, 180_000);

  it(`${RUNS} random button presses (every action of every feature, random values)`, async () => {
    const actions = [...new Set([...features.flatMap((f) => Object.keys(f.actions ?? {})), OPEN_FORM_ACTION])];
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...actions) }, { weight: 1, arbitrary: text }),
        fc.oneof(
          text,
          fc.constantFrom(...pool),
          fc.record({ a: fc.oneof(fc.constantFrom(...pool), text), l: text }).map((v) => JSON.stringify(v)),
          fc.record({ p: fc.oneof(fc.constantFrom(...pool), text) }).map((v) => JSON.stringify(v)),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (key, id, raw) => {
          // the bot's own choose-activity buttons carry a JSON object; other values: see the test below
          const value = id === CHOOSE_ACTIVITY_ACTION && !isJsonObject(raw) ? JSON.stringify({ a: raw, l: raw }) : raw;
          await check(
            probe(`${key} button ${id}(${JSON.stringify(value).slice(0, 80)})`, () =>
              core.bot.handleAction({ platform: "console", userId: PEOPLE[key].id, action: { id, value } }),
            ),
          );
        },
      ),
      { numRuns: RUNS },
    );
  }, 180_000);

  it(`${RUNS} random submissions of every form (forged state and values)`, async () => {
    const forms = features.flatMap((f) => Object.keys(f.forms ?? {}));
    const fieldNames = [
      "activity",
      "day",
      "duration",
      "count",
      "others",
      "note",
      "title",
      "kommun",
      "from",
      "to",
      "code",
      "name",
      "aliases",
      "amount",
      "unit",
      "per",
      "groups",
      "baseline",
      "kind",
      "concerns",
      "template",
      "questions",
      "seed",
      "closesDay",
      "closesTime",
      "anonymous",
      "whatNext",
      "text",
      "period",
      "q0",
      "q1",
      "q2",
      "q3",
      "__proto__",
    ];
    await fc.assert(
      fc.asyncProperty(
        person,
        fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...forms) }, { weight: 1, arbitrary: text }),
        fc.oneof(
          text,
          fc.constantFrom(...pool),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        fc.dictionary(
          fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 6 })),
          fc.oneof(
            text,
            fc.constantFrom(...pool),
            fc.array(fc.oneof(text, fc.constantFrom(...pool)), { maxLength: 4 }),
          ),
          { maxKeys: 12 },
        ),
        async (key, formId, state, values) => {
          await check(
            probe(
              `${key} form ${formId} state ${JSON.stringify(state).slice(0, 60)} ${JSON.stringify(values).slice(0, 200)}`,
              () => core.bot.submitForm({ platform: "console", userId: PEOPLE[key].id, formId, state, values }),
            ),
          );
        },
      ),
      { numRuns: RUNS },
    );
  }, 180_000);

  // KNOWN BUG (reported): src/features/logging.ts parses the choose-activity button's value with a
  // bare JSON.parse; a value that is not a JSON object (a forged Teams Action.Submit, a corrupted
  // button) throws inside the handler: logged as command.failed and answered "Något gick fel –
  // försök igen", instead of a plain refusal. Nothing is stored. Remove `.fails` once fixed.
  it("a choose-activity button with a value that is not a JSON object is refused, not an internal error", async () => {
    for (const value of ["", "null", "not json", "norrdal-2026", "[1"])
      await check(
        probe(`choose-activity(${JSON.stringify(value)})`, () =>
          core.bot.handleAction({
            platform: "console",
            userId: PEOPLE.medarbetare.id,
            action: { id: CHOOSE_ACTIVITY_ACTION, value },
          }),
        ),
      );
  });

  it("ids named like Object.prototype's members (a forged Teams Action.Submit) are unknown, not internal errors", async () => {
    // fixed in the front door (now: the registry's Maps): `constructor` used to run Object() as the handler and hand
    // the whole request, ctx and its secret included, back as the reply
    for (const id of ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"]) {
      for (const userId of [PEOPLE.medarbetare.id, PEOPLE.admin.id]) {
        await check(
          probe(`button ${id}`, () =>
            core.bot.handleAction({
              platform: "console",
              userId,
              action: { id, value: "x" },
              requestKey: `proto-a-${id}-${userId}`,
            }),
          ),
        );
        await check(
          probe(`form ${id}`, () =>
            core.bot.submitForm({
              platform: "console",
              userId,
              formId: id,
              state: "",
              values: {},
              requestKey: `proto-f-${id}-${userId}`,
            }),
          ),
        );
        const reply = await core.bot.handleMessage({ platform: "console", userId, text: `${id} x` });
        expect(reply.text).toContain("Jag förstod inte");
      }
      // request keys are stored as HMACs under the instance key
      const keys = ["proto-a", "proto-f"].flatMap((kind) =>
        [PEOPLE.medarbetare.id, PEOPLE.admin.id].map((userId) =>
          requestKeyDigest(core.ctx.secret, `${kind}-${id}-${userId}`),
        ),
      );
      const stored = await core.db.prisma.processedRequest.findMany({ where: { key: { in: keys } } });
      expect(stored).toHaveLength(4);
      for (const row of stored) expect(row.reply).not.toContain(core.ctx.secret);
    }
  });
});
