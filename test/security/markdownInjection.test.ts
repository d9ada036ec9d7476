// "Text a person wrote is shown as written, never read as markup." An LPO
// whose names, group, promise and activity carry Markdown, Slack mrkdwn,
// links, mentions, a broadcast and terminal escape sequences; a dialogue poll
// with such a title, "vad händer sedan", questions and options, answered
// anonymously through the core with such free text, closed by its job (the
// results every recipient gets), forwarded to the group's channel and followed
// up; a log note; /mina, /lofte, /uppfoljning, the weekly status, the
// gruppchef digest and the monthly follow-up; the written report. In the
// replies our markup never takes hold of a person's characters; and every
// reply is rendered as each adapter renders it: Teams cards (parsed with the
// adaptivecards package: no Markdown-parsed string holds the attacker's
// markup, which shows literally in TextRuns), Slack Block Kit (no mrkdwn holds
// a link, mention, broadcast or formatting of theirs), the console (no control
// characters), the report's Markdown and HTML (escaped), and the exports
// (as written).
import { PassThrough } from "node:stream";
import * as AC from "adaptivecards";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChat } from "../../adapters/console/chat.js";
import { renderReplyText } from "../../adapters/console/renderText.js";
import { renderMessages } from "../../adapters/slack/renderBlocks.js";
import { renderModal } from "../../adapters/slack/renderModal.js";
import { outgoingActivities } from "../../adapters/teams/renderCard.js";
import { type FormValues, plainText, type Reply, unmarked } from "../../src/core/reply.js";
import { ANSWER_ACTION, FORWARD_ACTION, POLL_ANSWER_FORM, POLL_FORM } from "../../src/features/dialog/forms.js";
import { pollCloseJob } from "../../src/features/dialog/jobs.js";
import { exportPolls } from "../../src/features/dialog/pollExport.js";
import { registry } from "../../src/features/index.js";
import { rangePeriod, writeFollowUpReport } from "../../src/features/followup/index.js";
import { importOrganisationText } from "../../src/organisation/organisationStore.js";
import { DeliveryLedger } from "../../src/schedules/deliveryLedger.js";
import { JobRunner } from "../../src/schedules/jobRunner.js";
import { checkBlockKitLimits, checkModalLimits } from "../adapters/slack/support.js";
import { checkSentActivity } from "../adapters/teams/support.js";
import { openTestCore, type TestCore } from "../support/core.js";
import { RecordingSender, type Sent } from "../support/recordingSender.js";

// biome-ignore lint/suspicious/noExplicitAny: Slack and card JSON
type Json = any;

const LINK = "[Klicka här](http://evil.example)";
const ESCAPES = "\u001b[2J\u001b]8;;http://evil.example\u0007länk\u001b]8;;\u0007\u001b[31m";
/** What a person may write; none of it may become markup anywhere. */
const ATTACKS = [
  LINK,
  "**x**",
  "<http://evil|x>",
  "<!channel>",
  "<@U123>",
  "_kursiv_",
  "~struken~",
  "`kod`",
  "**Gren**",
  "[Profil](http://evil.example)",
  "*Södervik*",
  "**i**",
  "**borde**",
  "[A](http://evil.example)",
  "*B*",
  "*fet*",
  "**not**",
  "*Kollega*",
];
/** Teams clients also turn a web address into a link by themselves. */
const TEAMS_ATTACKS = [...ATTACKS, "http://evil"];
/** Slack's mrkdwn reads *, _, ~, ` and <…>; Markdown links mean nothing to it (and with `verbatim` no URL is linked). */
const SLACK_ATTACKS = ATTACKS.filter((a) => /[*_~`<]/.test(a));

const EVIL_LPO = `
lpo: { id: sodervik, name: LPO Södervik }
kommuner:
  - { id: sodervik, name: Söderviks kommun }
groups:
  - id: sv-ig-1
    name: "IG *Södervik* 1"
    kind: ig
    lead: sv.gruppchef
    channels: { slack: C0SVIG1, teams: "19:svig1@thread.tacv2" }
people:
  - { id: sv.medarbetare, name: Sven Svensson, roles: [medarbetare], groups: [sv-ig-1], slack: U0SV001, teams: 11111111-0000-4000-8000-000000000001 }
  - { id: sv.gruppchef, name: "Greta **Gren** [Profil](http://evil.example) <!channel>", roles: [gruppchef], groups: [sv-ig-1], slack: U0SV002, teams: 11111111-0000-4000-8000-000000000002 }
  - { id: sv.kommunpolis, name: Kim Kommunsson, roles: [kommunpolis], groups: [], slack: U0SV003, teams: 11111111-0000-4000-8000-000000000003 }
  - { id: sv.kollega1, name: "Kalle *Kollega* [Profil](http://evil.example)", roles: [medarbetare], groups: [sv-ig-1] }
  - { id: sv.kollega2, name: Klara Kollega, roles: [medarbetare], groups: [sv-ig-1] }
  - { id: sv.kollega3, name: Konrad Kollega, roles: [medarbetare], groups: [sv-ig-1] }
  - { id: sv.kollega4, name: Kerstin Kollega, roles: [medarbetare], groups: [sv-ig-1] }
promises:
  - id: sodervik-2026
    kommun: sodervik
    title: "Löfte ${LINK}"
    from: 2026-01-01
    to: 2026-12-31
    activities:
      - code: S1
        name: "Närvaro **i** hamnen"
        aliases: [hamnen, kajen]
        target: { amount: 10, unit: timmar, per: vecka }
`;

const MEMBERS = ["sv.medarbetare", "sv.kollega1", "sv.kollega2", "sv.kollega3", "sv.kollega4"];
const ANSWERS = [LINK, "*fet* _kursiv_ ~struken~ `kod`", `Mörkt vid kajen ${ESCAPES}`, "<!channel> <@U123>", "**x**"];

/** Every string of a card that a Teams client reads as Markdown (as the adaptivecards renderer does). */
function markdownStrings(content: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_5;
  card.parse(content as never, context);
  const parsed = card.toJSON() as Json;
  const out: string[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.type === "TextBlock" && typeof node.text === "string") out.push(node.text);
    if (node.type === "FactSet") for (const f of node.facts ?? []) out.push(f.title ?? "", f.value ?? "");
    // radio buttons and checkboxes get Markdown labels; a drop-down list does not
    if (node.type === "Input.ChoiceSet" && (node.isMultiSelect || node.style === "expanded"))
      for (const c of node.choices ?? []) out.push(c.title ?? "");
    if (typeof node.errorMessage === "string") out.push(node.errorMessage);
    for (const v of Object.values(node)) if (v && typeof v === "object") walk(v);
  };
  walk(parsed);
  return out;
}

/** The text of the TextRuns of a card: shown as written. */
function textRuns(content: unknown): string {
  const runs: string[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.type === "TextRun") runs.push(node.text);
    for (const v of Object.values(node)) if (v && typeof v === "object") walk(v);
  };
  walk(content);
  return runs.join("");
}

/** Every mrkdwn text object of Slack blocks (the only text Slack parses). */
function mrkdwnObjects(blocks: Json): Json[] {
  const out: Json[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.type === "mrkdwn") out.push(node);
    for (const v of Object.values(node)) if (v && typeof v === "object") walk(v);
  };
  walk(blocks);
  return out;
}

/** What Slack shows literally: plain_text objects and rich_text text elements. */
function slackLiteralText(blocks: Json): string {
  const out: string[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if ((node.type === "plain_text" || node.type === "text") && typeof node.text === "string") out.push(node.text);
    for (const v of Object.values(node)) if (v && typeof v === "object") walk(v);
  };
  walk(blocks);
  return out.join("\n");
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectTeamsSafe(label: string, reply: Reply): string {
  let literal = "";
  for (const activity of outgoingActivities(reply) as Json[]) {
    checkSentActivity(activity);
    for (const attachment of activity.attachments ?? []) {
      for (const text of markdownStrings(attachment.content))
        for (const attack of TEAMS_ATTACKS)
          expect(text, `${label}: Teams parses "${attack}" as Markdown`).not.toContain(attack);
      literal += textRuns(attachment.content);
    }
  }
  return literal;
}

function expectSlackSafe(label: string, reply: Reply): string {
  let literal = "";
  for (const message of renderMessages(reply)) {
    expect(checkBlockKitLimits(message), label).toEqual([]);
    expect(message.text, `${label}: fallback text`).not.toMatch(/<[^ ]/);
    for (const object of mrkdwnObjects(message.blocks)) {
      // no link, mention or broadcast: every "<" of a mrkdwn text is escaped
      expect(object.text, `${label}: Slack mrkdwn`).not.toContain("<");
      for (const attack of SLACK_ATTACKS)
        expect(object.text, `${label}: Slack parses "${attack}"`).not.toContain(attack);
      expect(object.verbatim, `${label}: Slack must not auto-link or auto-mention`).toBe(true);
    }
    literal += slackLiteralText(message.blocks);
  }
  return literal;
}

function expectConsoleSafe(label: string, reply: Reply): string {
  const { text } = renderReplyText(reply);
  expect(text, `${label}: console`).not.toMatch(CONTROL);
  return text;
}

describe("text a person wrote is shown as written on every platform", () => {
  let core: TestCore | null = null;
  const sent: Sent[] = [];
  let runner: JobRunner;
  let pollId = "";
  const replies = new Map<string, Reply>();

  const say = (person: string, text: string) => core!.bot.handleMessage({ platform: "console", userId: person, text });
  const press = (person: string, id: string, value: string) =>
    core!.bot.handleAction({ platform: "console", userId: person, action: { id, value } });
  const job = (name: string) => registry.job(name)!;

  beforeAll(async () => {
    core = await openTestCore("sqlite", { now: "2026-11-25T09:00:00Z" });
    if (!core) return;
    const imported = await importOrganisationText(core.db.prisma, EVIL_LPO, "2026-11-01");
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    runner = new JobRunner({
      ctx: core.ctx,
      ledger: new DeliveryLedger(core.db.prisma, "instance-a"),
      senders: {
        slack: new RecordingSender("slack", { log: sent }),
        teams: new RecordingSender("teams", { log: sent }),
      },
    });

    // a gruppchef (whose name carries markup) asks their group (whose name does too)
    const create = (values: FormValues) =>
      core!.bot.submitForm({ platform: "console", userId: "sv.gruppchef", formId: POLL_FORM, state: "", values });
    const named = await create({
      kind: "vad",
      title: "Med namn",
      concerns: "k:sodervik",
      template: "own",
      questions: "fritext: Vad fungerar?",
      groups: ["sv-ig-1"],
      closesDay: "2026-12-02",
      closesTime: "16:00",
      anonymous: "nej",
      whatNext: "Vi går igenom svaren på APT.",
    });
    expect(named.kind, JSON.stringify(named)).toBe("done");
    const namedId = (await core.db.prisma.dialoguePoll.findFirst({ where: { title: "Med namn" } }))!.id;
    const created = await create({
      kind: "vad",
      title: "Trygghet **x** <http://evil|x> <!channel> <@U123>",
      concerns: "p:sodervik-2026",
      template: "own",
      questions: "fritext: Vad **borde** vi göra?\nval: Vad oroar mest? | [A](http://evil.example) | *B* | Annat",
      groups: ["sv-ig-1"],
      closesDay: "2026-12-02",
      closesTime: "16:00",
      anonymous: "ja",
      whatNext: `${LINK} _kursiv_ ~struken~`,
    });
    expect(created.kind, JSON.stringify(created)).toBe("done");
    pollId = (await core.db.prisma.dialoguePoll.findFirst({ where: { title: { startsWith: "Trygghet" } } }))!.id;
    await runner.run(job("poll-invitations"), core.clock.now());
    const invitation = sent.find(
      (s) => s.to.kind === "person" && s.to.personId === "sv.medarbetare" && s.reply.text.includes("Trygghet"),
    );
    replies.set("invitation", invitation!.reply);
    replies.set("answer form", await press("sv.medarbetare", ANSWER_ACTION, pollId));

    for (const [i, person] of MEMBERS.entries()) {
      const outcome = await core.bot.submitForm({
        platform: "console",
        userId: person,
        formId: POLL_ANSWER_FORM,
        state: pollId,
        values: { q0: ANSWERS[i % ANSWERS.length], q1: String(i % 3) },
      });
      expect(outcome.kind, JSON.stringify(outcome)).toBe("done");
      // a named poll shows who wrote what: the names too are shown as written
      const answered = await core.bot.submitForm({
        platform: "console",
        userId: person,
        formId: POLL_ANSWER_FORM,
        state: namedId,
        values: { q0: `Svar ${i}` },
      });
      expect(answered.kind, JSON.stringify(answered)).toBe("done");
    }
    // closed by its job: the results everyone asked gets
    core.clock.set("2026-12-02T15:05:00Z");
    sent.splice(0);
    await runner.run(pollCloseJob, core.clock.now());
    replies.set(
      "results sent to a recipient",
      sent.find(
        (s) => s.to.kind === "person" && s.to.personId === "sv.medarbetare" && s.reply.text.includes("Trygghet"),
      )!.reply,
    );
    replies.set("/dialog resultat", await say("sv.gruppchef", `dialog resultat ${pollId}`));
    replies.set("/dialog resultat of a named poll", await say("sv.gruppchef", `dialog resultat ${namedId}`));

    sent.splice(0);
    await press("sv.gruppchef", FORWARD_ACTION, pollId);
    await runner.run(job("poll-forward"), core.clock.now());
    replies.set("results forwarded to the channel", sent.find((s) => s.to.kind === "channel")!.reply);

    sent.splice(0);
    await say("sv.gruppchef", `dialog uppfoljning ${pollId} Vi gör ${LINK} **x** <!channel>`);
    await runner.run(job("poll-followup"), core.clock.now());
    replies.set("follow-up", sent.find((s) => s.to.kind === "person")!.reply);

    replies.set("/logga with a note", await say("sv.medarbetare", `logga 1h hamnen **not** ${LINK} ${ESCAPES}`));
    replies.set("/mina", await say("sv.medarbetare", "mina"));
    replies.set("/lofte", await say("sv.medarbetare", "lofte"));
    replies.set("/uppfoljning", await say("sv.kommunpolis", "uppfoljning sodervik 2026-12"));

    // what the schedules send: the weekly status to the group's channel, the gruppchef's digest, the monthly follow-up
    for (const [name, at] of [
      ["weekly-status", "2026-12-07T06:00:00Z"],
      ["gruppchef-digest", "2026-12-04T12:00:00Z"],
      ["monthly-followup", "2027-01-04T07:00:00Z"],
    ] as const) {
      sent.splice(0);
      core.clock.set(at);
      await runner.run(job(name), core.clock.now());
      expect(sent.length, `${name} sent something`).toBeGreaterThan(0);
      for (const s of sent) replies.set(`${name} → ${JSON.stringify(s.to)}`, s.reply);
    }
  });

  afterAll(async () => {
    await core?.drop();
  });

  it("carries the attacks into the replies (the test sees them)", (ctx) => {
    if (!core) return ctx.skip();
    const all = [...replies.values()].map((r) => plainText(JSON.stringify(r))).join("\n");
    for (const attack of [
      LINK,
      "**x**",
      "<!channel>",
      "*fet*",
      "**Gren**",
      "*Södervik*",
      "**i**",
      "**not**",
      "*Kollega*",
    ])
      expect(all).toContain(attack);
    // control characters never get this far: free text is cleaned of them when it is stored
    expect(all).not.toContain("\\u001b");
  });

  it("the core carries a person's text literal: our markup never takes hold of their characters", (ctx) => {
    if (!core) return ctx.skip();
    for (const [label, reply] of replies) {
      const marked = [
        ...reply.blocks.flatMap((b) => (b.kind === "text" || b.kind === "context" ? [b.text] : [])),
        ...(reply.form?.intro ? [reply.form.intro] : []),
        ...Object.values(reply.form?.errors ?? {}),
      ];
      // what a person wrote is still whole once our *bold* markers are gone
      for (const text of marked)
        for (const attack of ATTACKS)
          if (plainText(text).includes(attack))
            expect(unmarked(text), `${label}: "${attack}" was read as markup`).toContain(attack);
    }
  });

  it("Teams: no Markdown-parsed string of any card holds a person's markup; it is shown literally", (ctx) => {
    if (!core) return ctx.skip();
    let literal = "";
    for (const [label, reply] of replies) literal += expectTeamsSafe(label, reply);
    for (const attack of [LINK, "**x**", "*fet* _kursiv_ ~struken~ `kod`", "**Gren**", "*Södervik*", "**i**"])
      expect(literal).toContain(attack);
  });

  it("Slack: no mrkdwn holds a person's link, mention, broadcast or formatting; it is shown literally", (ctx) => {
    if (!core) return ctx.skip();
    let literal = "";
    for (const [label, reply] of replies) {
      literal += expectSlackSafe(label, reply);
      if (reply.form) {
        const view = renderModal(reply.form, "{}", "Stäng") as Json;
        expect(checkModalLimits(view)).toEqual([]);
        for (const object of mrkdwnObjects(view.blocks)) {
          expect(object.text, `${label}: modal mrkdwn`).not.toContain("<");
          for (const attack of SLACK_ATTACKS)
            expect(object.text, `${label}: modal parses "${attack}"`).not.toContain(attack);
        }
      }
    }
    for (const attack of [LINK, "**x**", "<!channel>", "<@U123>", "*fet* _kursiv_ ~struken~ `kod`", "**Gren**"])
      expect(literal).toContain(attack);
  });

  it("console: no control character reaches the terminal, from a reply or through `loftesbot chat`", async (ctx) => {
    if (!core) return ctx.skip();
    for (const [label, reply] of replies) expectConsoleSafe(label, reply);
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    input.end(`dialog resultat ${pollId}\nmina\n`);
    expect(await runChat({ bot: core.bot, personId: "sv.gruppchef", input, output, interactive: false })).toBe(0);
    expect(printed).toContain("Mörkt vid kajen");
    expect(printed).toContain("Trygghet **x** <http://evil|x> <!channel> <@U123>");
    expect(printed).toContain(LINK);
    expect(printed).not.toMatch(CONTROL);
  });

  it("the written report: Markdown escapes a person's markup, HTML escapes it too", async (ctx) => {
    if (!core) return ctx.skip();
    const files = new Map<string, string | Uint8Array>();
    const report = await writeFollowUpReport(
      core.ctx,
      { id: "sodervik", name: "Söderviks kommun", lpoId: "sodervik" },
      rangePeriod("2026-01-01", "2026-12-31"),
      "sv",
      (name, content) => {
        files.set(name, content);
        return name;
      },
    );
    const markdown = String(files.get(report.markdown));
    const html = String(files.get(report.html));
    expect(markdown).toContain("Trygghet");
    for (const attack of ATTACKS) expect(markdown, `Markdown report holds "${attack}"`).not.toContain(attack);
    expect(markdown).toContain("\\[Klicka här\\]");
    expect(html).not.toContain("<!channel>");
    expect(html).not.toContain("<http://evil");
    expect(html).toContain("&lt;!channel&gt;");
    expect(html).toContain("[Klicka här](http://evil.example)");
    // nothing of the renderers' encoding leaks into files or exports
    expect(markdown + html).not.toMatch(/[\ue000-\ue07f]/);
    const lines: string[] = [];
    for await (const line of exportPolls(core.ctx, "json")) lines.push(line);
    const exported = lines.join("");
    expect(exported).toContain("Trygghet **x** <http://evil|x> <!channel> <@U123>");
    expect(exported).not.toMatch(/[\ue000-\ue07f]/);
  });
});
