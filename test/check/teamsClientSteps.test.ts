// The Teams client check's pure parts (check/teamsClientSteps.ts): the walk
// covers what issue 17 lists, and a step fails on a missing reply, a message
// over the cap, a card the adaptivecards parser rejects, a chart replaced by
// its text, or a reply without the text it must show. The browser walk itself
// is opt-in (`npm run check:teams-client`), not part of `npm test`.
import { describe, expect, it } from "vitest";
import {
  cardHeading,
  isLocalRequest,
  type SentActivity,
  STEPS,
  type Step,
  weekEnd,
  wireProblems,
} from "../../check/teamsClientSteps.js";
import { MAX_MESSAGE_BYTES, outgoingActivities } from "../../adapters/teams/renderCard.js";

const step: Step = { name: "x", chat: "personal", action: { say: "hjälp" } };

function sent(activity: object): SentActivity {
  const text = JSON.stringify(activity);
  return {
    method: "POST",
    path: "/v3/conversations/c/activities",
    bytes: Buffer.byteLength(text),
    body: JSON.parse(text),
  };
}

const card = (body: object[]) =>
  sent({
    type: "message",
    summary: "s",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        content: {
          type: "AdaptiveCard",
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          version: "1.5",
          body,
        },
      },
    ],
  });

describe("the Teams client walk", () => {
  it("covers every step issue 17 lists", () => {
    const said = STEPS.map((s) => ("say" in s.action ? s.action.say : "")).join(" | ");
    for (const word of ["hjälp", "logga 1,5h", "mina", "lofte", "uppfoljning", "dialog ny"])
      expect(said).toContain(word);
    const pressed = STEPS.map((s) => ("press" in s.action ? s.action.press : ""));
    expect(pressed).toEqual(expect.arrayContaining(["Ångra", "Svara", "Resultat", "Skicka status"]));
    const jobs = STEPS.map((s) => ("job" in s.action ? s.action.job : ""));
    expect(jobs).toEqual(expect.arrayContaining(["weekly-status", "gruppchef-digest"]));
    // the log form with and without an error
    expect(STEPS.filter((s) => "fill" in s.action && s.action.submit === "Spara")).toHaveLength(2);
    // the charts must be seen as charts
    expect(STEPS.filter((s) => s.image).map((s) => s.name)).toEqual(["uppfoljning", "veckostatus"]);
  });

  it("passes what our renderer sends for a reply with text and a button", () => {
    const activities = outgoingActivities({
      text: "Loggat 1,5 h.",
      blocks: [
        { kind: "text", text: "Loggat 1,5 h." },
        { kind: "actions", buttons: [{ label: "Ångra", action: { id: "undo", value: "1" }, finishes: true }] },
      ],
    });
    expect(wireProblems({ ...step, shows: ["Ångra"] }, activities.map(sent))).toEqual([]);
  });

  it("fails a step without its reply", () => {
    expect(wireProblems(step, [])).toEqual(["missing reply: 0 of 1 message(s)"]);
    expect(wireProblems({ ...step, replies: 0 }, [])).toEqual([]);
  });

  it("fails a message over Teams' size cap", () => {
    const big = card([{ type: "TextBlock", text: "x".repeat(MAX_MESSAGE_BYTES), wrap: true }]);
    expect(wireProblems(step, [big]).join()).toMatch(/over the 40000-byte cap/);
  });

  it("fails a card the adaptivecards parser rejects", () => {
    const broken = card([{ type: "TextBlock", text: "a" }, { type: "Input.Text" }]);
    expect(wireProblems(step, [broken]).join()).toMatch(/card (parse|validation)/);
  });

  it("fails a chart step whose chart was replaced by its text", () => {
    const text = card([{ type: "TextBlock", text: "Diagram, utfört mot mål: …", wrap: true }]);
    const chart = card([{ type: "Image", url: "data:image/png;base64,iVBORw0KGgo=", altText: "Diagram" }]);
    expect(wireProblems({ ...step, image: true }, [text])).toEqual([
      "no chart image (the text alternative replaced it)",
    ]);
    expect(wireProblems({ ...step, image: true }, [chart])).toEqual([]);
  });

  it("fails a reply that does not show what it must (a placeholder lost)", () => {
    const help = card([{ type: "TextBlock", text: "/logga – logga arbete", wrap: true }]);
    expect(wireProblems({ ...step, shows: ["/logga <rad>"] }, [help])).toEqual(['no reply shows "/logga <rad>"']);
  });

  it("runs the weekly status as on this week's Sunday evening", () => {
    expect(weekEnd(new Date("2026-11-30T02:00:00Z")).toISOString()).toBe("2026-12-06T18:00:00.000Z");
    expect(weekEnd(new Date("2026-12-06T10:00:00Z")).toISOString()).toBe("2026-12-06T18:00:00.000Z");
  });

  it("finds a card on the page by its first text, as the page shows it", () => {
    const c = card([
      {
        type: "ColumnSet",
        columns: [{ type: "Column", items: [{ type: "TextBlock", text: "**Veckostatus** IG 1\nrad 2" }] }],
      },
    ]);
    expect(cardHeading(c.body)).toBe("Veckostatus IG 1");
    expect(
      cardHeading(card([{ type: "RichTextBlock", inlines: [{ type: "TextRun", text: "/logga <rad>" }] }]).body),
    ).toBe("/logga <rad>");
  });

  it("lets the browser reach this machine only", () => {
    expect(isLocalRequest("http://127.0.0.1:56150/")).toBe(true);
    expect(isLocalRequest("http://localhost:3978/api/messages")).toBe(true);
    expect(isLocalRequest("data:image/png;base64,AAAA")).toBe(true);
    expect(isLocalRequest("https://res-1.cdn.office.net/fonts/segoeui.woff2")).toBe(false);
    expect(isLocalRequest("http://127.0.0.1.example.com/")).toBe(false);
  });
});
