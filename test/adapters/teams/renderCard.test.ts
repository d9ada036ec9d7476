// Adaptive Card rendering of the neutral reply model (pure), and reading
// Teams activities: every card passes the official parser and stays small.
import { randomBytes } from "node:crypto";
import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import {
  canonicalValues,
  channelIdOf,
  commandText,
  conversationIdOf,
  mentionedPeople,
  readSubmit,
} from "../../../adapters/teams/inbound.js";
import {
  MAX_MESSAGE_BYTES,
  markdown,
  outgoingActivities,
  renderForm,
  renderReply,
  splitText,
  toActivity,
} from "../../../adapters/teams/renderCard.js";
import { type Block, type FormSpec, literal, type Reply } from "../../../src/core/reply.js";
import { PNG } from "pngjs";
import { BOT_ID, cardText, checkSentActivity, parseWithAdaptiveCards } from "./support.js";

function elements(card: unknown, type: string): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if (o.type === type) found.push(o);
    for (const v of Object.values(o)) if (typeof v === "object") walk(v);
  };
  walk(card);
  return found;
}

/** A PNG of random pixels: incompressible, so its size is known (about 4 bytes a pixel). */
function noisyPng(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(randomBytes(width * height * 4));
  for (let i = 3; i < pixels.length; i += 4) pixels[i] = 255;
  const png = new PNG({ width, height });
  png.data = Buffer.from(pixels);
  return PNG.sync.write(png);
}

describe("renderReply", () => {
  it("renders every kind of block as Adaptive Card 1.5 elements", () => {
    const reply: Reply = {
      text: "Summering med *fet* text",
      blocks: [
        { kind: "heading", text: "Rubrik" },
        { kind: "text", text: "Hej *fet*\nandra raden" },
        { kind: "fields", fields: [{ label: "Aktivitet", value: "L1" }] },
        { kind: "progress", label: "L1 denna vecka", done: 14, target: 20, text: "IG Turlag 1: 14/20 h denna vecka." },
        { kind: "divider" },
        { kind: "context", text: "Liten text" },
        {
          kind: "actions",
          buttons: [
            { label: "Ja", action: { id: "yes", value: "1" }, style: "primary" },
            { label: "Nej", action: { id: "no", value: "2" }, style: "danger" },
          ],
        },
        { kind: "image", png: noisyPng(20, 20), alt: "Diagram: 14 av 20 timmar", title: "Diagram" },
      ],
    };
    const [message, ...rest] = renderReply(reply);
    expect(rest).toHaveLength(0);
    expect(message.summary).toBe("Summering med fet text");
    const { card } = message;
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5", fallbackText: "Summering med fet text" });
    expect(card.body[0]).toMatchObject({
      type: "TextBlock",
      text: "Rubrik",
      size: "Large",
      weight: "Bolder",
      wrap: true,
    });
    expect(card.body[1]).toMatchObject({ type: "TextBlock", text: "Hej **fet**\n\nandra raden", wrap: true });
    expect(card.body[2]).toMatchObject({ type: "FactSet", facts: [{ title: "Aktivitet", value: "L1" }] });
    // progress: a decorative bar and the whole text alternative
    expect(elements(card, "ColumnSet")).toHaveLength(1);
    expect(cardText(card)).toContain("IG Turlag 1: 14/20 h denna vecka.");
    expect(cardText(card)).toContain("70 %");
    const context = card.body.find((b) => b.text === "Liten text");
    expect(context).toMatchObject({ isSubtle: true, size: "Small", separator: true });
    const buttons = elements(card, "Action.Submit");
    expect(buttons.map((b) => b.style)).toEqual(["positive", "destructive"]);
    expect(buttons[0].data).toEqual({ lb: "action", id: "yes", value: "1" });
    const [image] = elements(card, "Image");
    expect(image.altText).toBe("Diagram: 14 av 20 timmar");
    expect(String(image.url)).toMatch(/^data:image\/png;base64,/);
    checkSentActivity(toActivity(message));
  });

  it("pages a huge reply into several messages, each under 40 KB, losing nothing", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `Rad ${i + 1}: ${"å".repeat(20)}`);
    const blocks: Block[] = [
      { kind: "heading", text: "Stor rapport" },
      { kind: "text", text: lines.join("\n") },
      {
        kind: "fields",
        fields: Array.from({ length: 500 }, (_, i) => ({ label: `Fält ${i}`, value: "v".repeat(50) })),
      },
      {
        kind: "actions",
        buttons: Array.from({ length: 12 }, (_, i) => ({ label: `Knapp ${i}`, action: { id: "x", value: `${i}` } })),
      },
      { kind: "text", text: "x".repeat(100_000) },
      { kind: "image", png: noisyPng(120, 120), alt: "Ett stort diagram, beskrivet i text", title: "Stort diagram" },
    ];
    const messages = renderReply({ text: "Stor rapport", blocks });
    expect(messages.length).toBeGreaterThan(5);
    for (const [i, m] of messages.entries()) {
      const activity = toActivity(m);
      expect(Buffer.byteLength(JSON.stringify(activity))).toBeLessThan(MAX_MESSAGE_BYTES);
      checkSentActivity(activity);
      expect(m.summary).toBe(`Stor rapport (${i + 1}/${messages.length})`);
    }
    const all = messages.map((m) => cardText(m.card)).join("\n");
    expect(all).toContain("Rad 1:");
    expect(all).toContain("Rad 3000:");
    expect(all).toContain("Fält 499");
    expect(all.split("x".repeat(1000)).length).toBeGreaterThan(90);
    // at most five buttons side by side, all twelve present
    for (const set of messages.flatMap((m) => elements(m.card, "ActionSet")))
      expect((set.actions as unknown[]).length).toBeLessThanOrEqual(5);
    expect(messages.flatMap((m) => elements(m.card, "Action.Submit"))).toHaveLength(12);
    // an image too large for one message is replaced by its text alternative
    expect(messages.flatMap((m) => elements(m.card, "Image"))).toHaveLength(0);
    expect(all).toContain("Ett stort diagram, beskrivet i text");
  });

  it("keeps a small chart as an image with its alt text", () => {
    const [m] = renderReply({
      text: "Diagram",
      blocks: [{ kind: "image", png: noisyPng(40, 40), alt: "Staplar", title: "Uppföljning" }],
    });
    expect(elements(m.card, "Image")[0].altText).toBe("Staplar");
    const [empty] = renderReply({
      text: "Diagram",
      blocks: [{ kind: "image", png: new Uint8Array(), alt: "Bara text", title: "T" }],
    });
    expect(elements(empty.card, "Image")).toHaveLength(0);
    expect(cardText(empty.card)).toContain("Bara text");
  });

  it("renders an empty reply as its text", () => {
    const [m] = renderReply({ text: "Bara text", blocks: [] });
    expect(cardText(m.card)).toBe("Bara text");
  });

  it("splits text at lines, then words, then characters", () => {
    expect(splitText("kort", 100)).toEqual(["kort"]);
    const pieces = splitText("ett två tre fyra fem sex sju åtta nio tio", 20);
    expect(pieces.every((p) => Buffer.byteLength(JSON.stringify(p)) <= 20)).toBe(true);
    expect(pieces.join(" ").replace(/\s+/g, " ")).toBe("ett två tre fyra fem sex sju åtta nio tio");
    expect(splitText("a".repeat(50), 12).join("")).toBe("a".repeat(50));
    expect(markdown("*a* och *b*\nc")).toBe("**a** och **b**\n\nc");
  });
});

const form: FormSpec = {
  id: "log",
  title: "Logga arbete",
  submitLabel: "Spara",
  intro: "Välj *aktivitet*.",
  state: "s1",
  fields: [
    {
      kind: "choice",
      name: "activity",
      label: "Aktivitet",
      required: true,
      options: [
        { value: "a1", label: "L1" },
        { value: "a2", label: "L2" },
      ],
      initial: "a2",
    },
    {
      kind: "choice",
      name: "groups",
      label: "Grupper",
      multiple: true,
      options: [
        { value: "ig-1", label: "IG 1" },
        { value: "ig-2", label: "IG 2" },
        { value: "ig-3", label: "IG 3" },
        { value: "ig-4", label: "IG 4" },
      ],
    },
    { kind: "number", name: "count", label: "Antal", min: 1, max: 100, placeholder: "1" },
    { kind: "date", name: "day", label: "Dag", required: true, initial: "2026-11-25" },
    { kind: "text", name: "note", label: "Anteckning", multiline: true, maxLength: 500 },
    { kind: "people", name: "others", label: "Andra", options: [{ value: "emma.lund", label: "Emma Lund" }] },
  ],
  errors: { day: "Dagen ligger i framtiden.", general: "Något saknas." },
};

describe("renderForm", () => {
  it("renders every field kind with labels, required markers and errors under the field", () => {
    const { card, summary } = renderForm(form);
    expect(summary).toBe("Logga arbete: Dagen ligger i framtiden. Något saknas.");
    const inputs = card.body.filter((e) => String(e.type).startsWith("Input."));
    expect(inputs).toEqual([
      {
        type: "Input.ChoiceSet",
        id: "f_activity",
        label: "Aktivitet",
        isRequired: true,
        errorMessage: "Fyll i: Aktivitet",
        style: "expanded",
        choices: [
          { title: "L1", value: "a1" },
          { title: "L2", value: "a2" },
        ],
        value: "a2",
      },
      expect.objectContaining({ type: "Input.ChoiceSet", id: "f_groups", isMultiSelect: true, style: "compact" }),
      expect.objectContaining({ type: "Input.Number", id: "f_count", min: 1, max: 100, placeholder: "1" }),
      expect.objectContaining({ type: "Input.Date", id: "f_day", value: "2026-11-25", isRequired: true }),
      expect.objectContaining({ type: "Input.Text", id: "f_note", isMultiline: true, maxLength: 500 }),
      expect.objectContaining({ type: "Input.ChoiceSet", id: "f_others", isMultiSelect: true }),
    ]);
    const dayAt = card.body.findIndex((e) => e.id === "f_day");
    expect(card.body[dayAt + 1]).toMatchObject({
      type: "TextBlock",
      color: "Attention",
      text: "Dagen ligger i framtiden.",
    });
    // an error for no field in particular comes first
    expect(card.body.findIndex((e) => e.text === "Något saknas.")).toBeLessThan(dayAt);
    expect(card.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Spara",
        style: "positive",
        data: { lb: "form", formId: "log", state: "s1", multi: ["groups", "others"] },
      },
    ]);
    expect(parseWithAdaptiveCards(card)).toEqual({ events: [], validation: [] });
    expect(renderForm(form, { lang: "en" }).card.body.find((e) => e.id === "f_activity")?.errorMessage).toBe(
      "Please fill in: Aktivitet",
    );
  });

  it("says when a field is required that depends on another (requiredWhen), as Slack and the console do", () => {
    const withDuration: FormSpec = {
      ...form,
      fields: [
        ...form.fields,
        { kind: "text", name: "duration", label: "Tid", requiredWhen: "krävs för aktiviteter i timmar" },
      ],
    };
    const input = renderForm(withDuration).card.body.find((e) => e.id === "f_duration");
    expect(input?.label).toBe("Tid (krävs för aktiviteter i timmar)");
    // not required for every activity: the card does not refuse an empty field itself
    expect(input?.isRequired).toBeUndefined();
  });

  it("sends only the form when a reply is just the form's title", () => {
    const messages = renderReply({ text: "Logga arbete", blocks: [{ kind: "text", text: "Logga arbete" }], form });
    expect(messages).toHaveLength(1);
    expect(messages[0].card.actions?.[0]).toMatchObject({ title: "Spara" });
    const both = renderReply({ text: "Hej", blocks: [{ kind: "text", text: "Hej" }], form });
    expect(both).toHaveLength(2);
  });

  it("falls back to plain text for a card that cannot fit", () => {
    const huge: FormSpec = {
      ...form,
      errors: undefined,
      fields: [
        {
          kind: "people",
          name: "others",
          label: "Andra",
          options: Array.from({ length: 2000 }, (_, i) => ({ value: `p${i}`, label: `Person nummer ${i}` })),
        },
      ],
    };
    const activities = outgoingActivities({ text: "Logga arbete", blocks: [], form: huge });
    for (const a of activities) expect(Buffer.byteLength(JSON.stringify(a))).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(activities.at(-1)).toMatchObject({ type: "message", text: "Logga arbete" });
  });
});

/** Test activities carry only the fields that matter. */
const act = (fields: object) => fields as Partial<Activity>;

describe("reading Teams activities", () => {
  const base = {
    recipient: { id: BOT_ID, name: "Löftesbot" },
    conversation: { id: "19:kanal@thread.tacv2;messageid=123", conversationType: "channel" },
    channelData: { channel: { id: "19:kanal@thread.tacv2" } },
  };

  it("strips the bot's mention and Teams' HTML, keeps other people's mentions", () => {
    const activity = act({
      ...base,
      text: "<at>Löftesbot</at>&nbsp;logga 2h n&auml;rvaro med <at>Anna Berg</at> &amp; co<br/>",
      entities: [
        { type: "mention", text: "<at>Löftesbot</at>", mentioned: { id: BOT_ID } },
        { type: "mention", text: "<at>Anna Berg</at>", mentioned: { id: "29:anna", aadObjectId: "aad-anna" } },
        { type: "clientInfo", locale: "sv-SE" },
      ],
    });
    expect(commandText(activity)).toBe("logga 2h n&auml;rvaro med <at>Anna Berg</at> & co");
    expect(mentionedPeople(activity)).toEqual([
      { token: "<at>Anna Berg</at>", id: "29:anna", aadObjectId: "aad-anna" },
    ]);
    expect(commandText(act({ ...base, text: "/logga <p>1h</p> &#228;&#x5a;" }))).toBe("/logga 1h äZ");
  });

  it("names the channel without the thread's message id; none in a personal chat", () => {
    expect(conversationIdOf(act(base))).toBe("19:kanal@thread.tacv2");
    expect(channelIdOf(act(base))).toBe("19:kanal@thread.tacv2");
    expect(channelIdOf(act({ conversation: { id: "a:1", conversationType: "personal" } }))).toBeUndefined();
    expect(channelIdOf(act({ conversation: { id: "19:chat@thread.v2", conversationType: "groupChat" } }))).toBe(
      "19:chat@thread.v2",
    );
  });

  it("reads button and form submissions", () => {
    expect(readSubmit({ lb: "action", id: "undo", value: "b1" })).toEqual({
      kind: "action",
      id: "undo",
      value: "b1",
      finishes: false,
    });
    expect(readSubmit({ lb: "action", id: "undo", value: "b1", fin: 1 })).toMatchObject({ finishes: true });
    expect(readSubmit({ lb: "nope" })).toBeNull();
    expect(readSubmit("text")).toBeNull();
    const submit = readSubmit({
      lb: "form",
      formId: "log",
      state: "",
      multi: ["others"],
      f_activity: "a1",
      f_count: 3,
      f_note: "  ",
      f_others: "emma.lund,sofia.karlsson",
      unrelated: "x",
    });
    expect(submit).toEqual({
      kind: "form",
      formId: "log",
      state: "",
      values: { activity: "a1", count: "3", note: undefined, others: ["emma.lund", "sofia.karlsson"] },
    });
    if (submit?.kind === "form") {
      const shuffled = { others: ["sofia.karlsson", "emma.lund"], note: undefined, count: "3", activity: "a1" };
      expect(canonicalValues(shuffled)).toEqual(canonicalValues(submit.values));
    }
  });
});

/** The strings of a card a Teams client reads as Markdown: TextBlocks and facts (and, in some renderers, radio and checkbox labels and input errors). */
function markdownStrings(card: unknown): string[] {
  const out: string[] = [];
  for (const b of elements(card, "TextBlock")) out.push(String(b.text));
  for (const f of elements(card, "FactSet").flatMap((s) => s.facts as { title: string; value: string }[]))
    out.push(f.title, f.value);
  for (const c of elements(card, "Input.ChoiceSet"))
    if (c.style === "expanded") out.push(...(c.choices as { title: string }[]).map((x) => x.title));
  for (const i of elements(card, "Input.ChoiceSet").concat(elements(card, "Input.Text")))
    if (typeof i.errorMessage === "string") out.push(i.errorMessage);
  return out;
}

const runsOf = (card: unknown) => elements(card, "TextRun") as { text: string; weight?: string; fontType?: string }[];

describe("text a person wrote", () => {
  const LINK = "[Klicka här](http://evil.example)";

  it("goes out as TextRuns, which no client parses, with our bold as a bold run", () => {
    const reply: Reply = {
      text: `Svar: ${literal(LINK)}`,
      blocks: [
        { kind: "heading", text: "Resultat: **x** <http://evil|x>" },
        { kind: "text", text: `*Svaren:*\n– ${literal(LINK)}\n– ${literal("*fet* _kursiv_")}` },
        { kind: "context", text: `Delat av ${literal("Greta **Gren**")}` },
        { kind: "fields", fields: [{ label: "IG *1*", value: LINK }] },
        { kind: "progress", label: "S1 Närvaro **i** hamnen", done: 1, target: 10, text: `S1 ${LINK}: 1/10 h` },
        { kind: "image", png: new Uint8Array(), alt: `Diagram ${LINK}`, title: "Diagram *x*" },
      ],
    };
    const [message, ...rest] = renderReply(reply);
    expect(rest).toHaveLength(0);
    checkSentActivity(toActivity(message));
    for (const text of markdownStrings(message.card))
      for (const attack of [LINK, "**x**", "<http", "*fet*", "**Gren**", "*1*", "**i**", "*x*"])
        expect(text).not.toContain(attack);
    const runs = runsOf(message.card);
    const all = runs.map((r) => r.text).join("\n");
    for (const shown of [
      "Resultat: **x** <http://evil|x>",
      `– ${LINK}`,
      "– *fet* _kursiv_",
      "Greta **Gren**",
      "IG *1*",
      LINK,
      "S1 Närvaro **i** hamnen",
      `Diagram ${LINK}`,
      "Diagram *x*",
    ])
      expect(all).toContain(shown);
    // our own markup is still ours: "Svaren:" bold, the person's asterisks as written
    expect(runs.find((r) => r.text === "Svaren:")?.weight).toBe("Bolder");
    expect(runs.find((r) => r.text.includes("*fet*"))?.weight).toBeUndefined();
    // the notification text is plain, every character as written
    expect(message.summary).toBe(`Svar: ${LINK}`);
  });

  it("in a line that starts like a Markdown list, heading or quote, is shown as written", () => {
    for (const start of ["1. Mer polis", "- punkt", "# rubrik", "> citat", "+ plus"]) {
      const [m] = renderReply({ text: "x", blocks: [{ kind: "text", text: literal(start) }] });
      expect(elements(m.card, "TextBlock"), start).toHaveLength(0);
      expect(runsOf(m.card).map((r) => r.text)).toEqual([start]);
    }
  });

  it("keeps the help's <…> placeholders, which a client would drop as HTML tags", () => {
    for (const line of ["/logga <rad> – logga arbete", "/uppfoljning <kommun> [period] – uppföljning"]) {
      const [m] = renderReply({ text: "x", blocks: [{ kind: "text", text: line }] });
      expect(elements(m.card, "TextBlock"), line).toHaveLength(0);
      expect(
        runsOf(m.card)
          .map((r) => r.text)
          .join(""),
      ).toBe(line);
    }
  });

  it("shows our `code` in a line of runs as monospace text, not with its backticks (the help's example)", () => {
    const line = "*/logga <rad>* – logga arbete, t.ex. `/logga 1,5h närvaro Torget med @anna`";
    const [m] = renderReply({ text: "x", blocks: [{ kind: "text", text: line }] });
    const shown = runsOf(m.card);
    expect(shown.map((r) => r.text).join("")).toBe(
      "/logga <rad> – logga arbete, t.ex. /logga 1,5h närvaro Torget med @anna",
    );
    expect(shown.find((r) => r.text === "/logga 1,5h närvaro Torget med @anna")?.fontType).toBe("Monospace");
    // a backtick a person wrote stays a backtick
    const [p] = renderReply({ text: "x", blocks: [{ kind: "text", text: `<b> ${literal("`kod`")}` }] });
    expect(
      runsOf(p.card)
        .map((r) => r.text)
        .join(""),
    ).toBe("<b> `kod`");
  });

  it("does not show the console's one-line advice in the new-dialogue form", () => {
    const form: FormSpec = {
      id: "poll",
      title: "Ny medarbetardialog",
      submitLabel: "Skapa",
      intro: "En medarbetardialog är en kort enkät.",
      lineInputHint: "Skriv allt på en rad och skilj frågorna åt med `;`.",
      fields: [{ kind: "text", name: "q", label: "Frågor", multiline: true }],
      state: "",
    };
    expect(JSON.stringify(renderForm(form).card)).not.toContain("skilj frågorna");
    expect(JSON.stringify(renderForm(form).card)).toContain("En medarbetardialog är en kort enkät.");
  });

  it("with a web address in it is not made a link by the client", () => {
    for (const text of ["Se http://evil.example", "www.evil.example", "mailto:a@evil.example"]) {
      const [m] = renderReply({ text: "x", blocks: [{ kind: "text", text: `Svar: ${literal(text)}` }] });
      expect(elements(m.card, "TextBlock"), text).toHaveLength(0);
      expect(runsOf(m.card).map((r) => r.text)).toEqual([`Svar: ${text}`]);
    }
  });

  it("leaves text without a person's markup characters as the Markdown TextBlock it always was", () => {
    const [m] = renderReply({
      text: "x",
      blocks: [
        { kind: "text", text: `*Vecka 48*\n${literal("Anna Berg")}: 2026-11-25, 1,5 h (L1)` },
        { kind: "fields", fields: [{ label: "IG Turlag 1", value: "3 h" }] },
      ],
    });
    expect(m.card.body[0]).toMatchObject({
      type: "TextBlock",
      text: "**Vecka 48**\n\nAnna Berg: 2026-11-25, 1,5 h (L1)",
    });
    expect(m.card.body[1]).toMatchObject({ type: "FactSet", facts: [{ title: "IG Turlag 1", value: "3 h" }] });
    expect(elements(m.card, "RichTextBlock")).toHaveLength(0);
  });

  it("keeps every message under 40 KB when a huge text is shown literally", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `– ${literal(`[svar ${i}](http://evil.example/${i}) *fet*`)}`);
    const messages = renderReply({ text: "Svaren", blocks: [{ kind: "text", text: lines.join("\n") }] });
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) {
      const activity = toActivity(m);
      expect(Buffer.byteLength(JSON.stringify(activity))).toBeLessThan(MAX_MESSAGE_BYTES);
      checkSentActivity(activity);
      expect(elements(m.card, "TextBlock").filter((b) => String(b.text).includes("]("))).toEqual([]);
    }
    const all = messages.flatMap((m) => runsOf(m.card).map((r) => r.text)).join("\n");
    expect(all).toContain("– [svar 0](http://evil.example/0) *fet*");
    expect(all).toContain("– [svar 2999](http://evil.example/2999) *fet*");
  });

  it("in a form: title, intro, labels, choices and errors are shown as written", () => {
    const evil: FormSpec = {
      id: "poll-answer",
      title: "Trygghet **x**",
      submitLabel: "Skicka",
      intro: `Dialogen ${literal(LINK)}`,
      state: "d1",
      fields: [
        {
          kind: "choice",
          name: "q1",
          label: "2. Vad **oroar**?",
          required: true,
          options: [
            { value: "0", label: "[A](http://evil.example)" },
            { value: "1", label: "*B*" },
          ],
        },
        { kind: "text", name: "q0", label: "1. Vad [här](http://evil.example)?", required: true },
      ],
      errors: { q0: `Skriv något om ${literal("**det**")}` },
    };
    const { card } = renderForm(evil);
    expect(parseWithAdaptiveCards(card)).toEqual({ events: [], validation: [] });
    for (const text of markdownStrings(card))
      for (const attack of ["**x**", LINK, "**oroar**", "[A](", "*B*", "[här](", "**det**"])
        expect(text).not.toContain(attack);
    // radio buttons would read Markdown in some renderers: a drop-down list does not
    const choice = card.body.find((e) => e.id === "f_q1")!;
    expect(choice.style).toBe("compact");
    expect(choice.label).toBe("2. Vad **oroar**?");
    expect(choice.errorMessage).toBe("Fyll i fältet.");
    const all = runsOf(card)
      .map((r) => r.text)
      .join("\n");
    for (const shown of ["Trygghet **x**", LINK, "**det**"]) expect(all).toContain(shown);
  });
});
