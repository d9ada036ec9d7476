// See every message without a chat platform (issue 17): `jobs run NAME
// --preview` shows each message a job would send — whom to, then the text as
// the console shows it — and writes nothing (no ledger row, no lease, no
// inbox); a real run without platforms records "no platform" (not failed)
// and keeps the message in the console inbox, which `chat --as` shows on
// start and `inbox --as` lists. A real core on a fresh SQLite database with
// the demo organisation; the CLI's own command functions.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChat } from "../../../adapters/console/chat.js";
import { jobsCommand } from "../../../src/app/operations.js";
import { runLoftesbot } from "../../support/cli.js";
import { openTestCore, type TestCore } from "../../support/core.js";

const AT = "2026-11-30T07:00:00+01:00";

async function run(core: TestCore, args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await jobsCommand(core, args, (t) => lines.push(t));
  return { code, text: lines.join("\n") };
}

async function written(core: TestCore) {
  const p = core.db.prisma;
  return {
    deliveries: await p.delivery.count(),
    leases: await p.jobLease.count(),
    inbox: await p.consoleInboxMessage.count(),
  };
}

describe("jobs run --preview on the demo", () => {
  let core: TestCore;
  beforeAll(async () => {
    core = (await openTestCore("sqlite", { now: "2026-11-30T06:00:00Z" }))!;
  });
  afterAll(async () => core?.drop());

  it("shows every message of every job with its recipient and content, and records nothing", async () => {
    const before = await written(core);
    let messages = 0;
    for (const job of core.registry.jobs) {
      const { code, text } = await run(core, ["run", job.name, "--at", AT, "--preview"]);
      expect(code, text).toBe(0);
      const [header, ...blocks] = text.split(/\n── /);
      const count = Number(/: (\d+) meddelande\(n\) \(förhandsvisning/.exec(header!)?.[1]);
      expect(count, header).toBe(blocks.length);
      for (const block of blocks) {
        const [to, ...body] = block.split("\n");
        // "1/4 till: kanal IG Turlag 1 (slack C0DEMOIG1)" or "… till: Anna Berg (anna.berg) via Teams eller Slack"
        expect(to).toMatch(/^\d+\/\d+ till: (kanal .+ \((slack|teams) \S+\)|.+ \([\w.-]+\)( via .+| – ingen .+))/);
        expect(body.join("\n").trim().length, block).toBeGreaterThan(20);
        messages++;
      }
    }
    // the demo has something to say in the weekly status, the reminder, the digest and the monthly follow-up
    expect(messages).toBeGreaterThanOrEqual(4 + 3 + 5 + 1);
    expect(await written(core)).toEqual(before);
  }, 120_000);

  it("a run without platforms is 'no platform', not failed, and keeps the digest in the gruppchef's console inbox", async () => {
    const { code, text } = await run(core, ["run", "gruppchef-digest", "--at", AT]);
    expect(code, text).toBe(0);
    expect(text).toMatch(
      /failed 0, no platform 5 \(ingen chattplattform är konfigurerad: 5; kept in the console inbox/,
    );
    const rows = await core.db.prisma.delivery.findMany({ where: { job: "gruppchef-digest" } });
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill("no-platform"));
    // run again: still once in the inbox
    await run(core, ["run", "gruppchef-digest", "--at", AT]);
    const inbox = await core.inbox.list("anna.berg");
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.text).toContain("Veckosammanfattning för gruppchefen");
    // kept to be read later: its button by name, no number (a number would press nothing there)
    expect(inbox[0]!.text).toContain("[Skicka status till IG Turlag 1]");
    expect(inbox[0]!.text).not.toMatch(/\[\d+\]/);
    // the attacker's side: a private digest is kept for its gruppchef only — not for the group's
    // members, and another gruppchef's is about their own group
    expect((await core.inbox.list("ali.hassan")).map((m) => m.job)).not.toContain("gruppchef-digest");
    const johan = await core.inbox.list("johan.lindqvist");
    expect(johan.map((m) => m.job)).toEqual(["gruppchef-digest"]);
    expect(johan[0]!.text).not.toContain("Skicka status till IG Turlag 1");

    const output = new PassThrough();
    let shown = "";
    output.on("data", (d) => {
      shown += d;
    });
    const input = new PassThrough();
    input.end("");
    await runChat({
      bot: core.bot,
      personId: "Anna.Berg",
      input,
      output,
      interactive: false,
      inbox: {
        unread: () => core.inbox.list("Anna.Berg", { unreadOnly: true }),
        markRead: () => core.inbox.markRead("Anna.Berg", core.clock.now()),
      },
    });
    expect(shown).toMatch(/^1 meddelande sedan sist:\n/);
    expect(shown).toContain("Hej Anna!");
    expect(shown).toContain(
      "Knapparna i meddelandena ovan ([Svara] och andra inom hakparentes) trycker du på i Slack eller Teams. Här skriver du kommandot i stället: `dialog` för att svara på en medarbetardialog, `sammanfattning` för veckosammanfattningen.",
    );
    expect(await core.inbox.list("anna.berg", { unreadOnly: true })).toEqual([]);
  });

  it("a channel's weekly status lands in the inbox of the group's members", async () => {
    await run(core, ["run", "weekly-status", "--at", AT]);
    const ali = await core.inbox.list("ali.hassan");
    expect(ali.map((m) => m.job)).toEqual(["weekly-status"]);
    expect(ali[0]!.text).toContain("Veckostatus medborgarlöften – IG Turlag 1");
  });
});

describe("loftesbot inbox and chat through the binary", () => {
  it("chat --as shows what jobs run left in the inbox, inbox --as lists it", async () => {
    const core = (await openTestCore("sqlite", { now: "2026-11-30T06:00:00Z" }))!;
    const env = { DATABASE_URL: core.config.databaseUrl, LOFTESBOT_DEMO: "1" };
    await core.close();
    const ran = await runLoftesbot(["jobs", "run", "gruppchef-digest", "--at", AT], { env });
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const listed = await runLoftesbot(["inbox", "--as", "ANNA.BERG"], { env });
    expect(listed.stdout).toMatch(/^anna\.berg: 1 meddelande, 1 nytt\n/);
    expect(listed.stdout).toContain("gruppchef-digest 2026-W49 · nytt");
    const chat = await runLoftesbot(["chat", "--as", "anna.berg"], { env, input: "" });
    expect(chat.stdout).not.toContain("sedan sist"); // read by `inbox`
    await runLoftesbot(["jobs", "run", "weekly-status", "--at", AT], { env });
    const again = await runLoftesbot(["chat", "--as", "anna.berg"], { env, input: "" });
    expect(again.stdout).toMatch(/^1 meddelande sedan sist:/);
  }, 180_000);
});
