// Block Kit rendering of the neutral reply model: Slack's limits are kept by
// splitting and paging, never by losing content or letting Slack refuse.
import { describe, expect, it } from "vitest";
import {
  actionIdFor,
  escapeMrkdwn,
  parseActionId,
  renderMessages,
  splitText,
} from "../../../adapters/slack/renderBlocks.js";
import { modalErrors, readViewState, renderModal } from "../../../adapters/slack/renderModal.js";
import { type Block, type FormSpec, literal, type Reply } from "../../../src/core/reply.js";
import { checkBlockKitLimits, checkModalLimits } from "./support.js";

// biome-ignore lint/suspicious/noExplicitAny: Slack JSON
type Json = any;

const unescapeMrkdwn = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function sectionTexts(messages: { blocks: Json[] }[]): string[] {
  return messages.flatMap((m) =>
    m.blocks.filter((b: Json) => b.type === "section" && b.text).map((b: Json) => b.text.text),
  );
}

describe("renderMessages", () => {
  it("renders a small reply as one message with every kind of block and the text fallback", () => {
    const reply: Reply = {
      text: "✅ 1,5 h på L1 <Torget> & co",
      blocks: [
        { kind: "heading", text: "Min loggning" },
        { kind: "text", text: "✅ *1,5 h* på L1 <Torget> & co" },
        { kind: "fields", fields: [{ label: "Vecka", value: "3 h" }] },
        { kind: "progress", label: "L1 denna vecka", done: 14, target: 20, text: "Turlaget: 14/20 h denna vecka." },
        { kind: "context", text: "Exempel: /logga 1h närvaro" },
        { kind: "divider" },
        { kind: "actions", buttons: [{ label: "Ångra", action: { id: "undo", value: "batch-1" }, style: "danger" }] },
        { kind: "image", png: new Uint8Array([1, 2]), alt: "Stapeldiagram: 14 av 20 h", title: "L1" },
      ],
    };
    const messages = renderMessages(reply);
    expect(messages).toHaveLength(1);
    const [m] = messages;
    expect(checkBlockKitLimits(m)).toEqual([]);
    expect(m.text).toBe("✅ 1,5 h på L1 &lt;Torget&gt; &amp; co");
    expect(m.blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "context",
      "divider",
      "actions",
      "context",
    ]);
    const json = m.blocks as Json[];
    expect(json[0].text).toEqual({ type: "plain_text", text: "Min loggning", emoji: true });
    expect(json[1].text.text).toBe("✅ *1,5 h* på L1 &lt;Torget&gt; &amp; co");
    expect(json[2].fields[0].text).toBe("*Vecka*\n3 h");
    expect(json[3].text.text).toContain("▓▓▓▓▓▓▓░░░");
    expect(json[3].text.text).toContain("Turlaget: 14/20 h denna vecka.");
    expect(json[6].elements[0]).toEqual({
      type: "button",
      text: { type: "plain_text", text: "Ångra", emoji: true },
      action_id: "lb:undo:0",
      value: "batch-1",
      style: "danger",
    });
    expect(json[7].elements[0].text).toContain("Stapeldiagram: 14 av 20 h");
  });

  it("escapes user text so that <@U…> and <!channel> cannot ping anyone", () => {
    expect(escapeMrkdwn("<!channel> <@U123> a & b")).toBe("&lt;!channel&gt; &lt;@U123&gt; a &amp; b");
  });

  it("splits and pages a huge reply (200 progress bars, 10 000 characters of text, 60 buttons) within the limits", () => {
    const long = Array.from({ length: 1200 }, (_, i) => `ord${i} & <x>`)
      .join(" ")
      .slice(0, 10_000);
    const blocks: Block[] = [
      { kind: "heading", text: `Rubrik ${"x".repeat(300)}` },
      { kind: "text", text: long },
      {
        kind: "fields",
        fields: Array.from({ length: 25 }, (_, i) => ({
          label: `Fält ${i}`,
          value: i === 3 ? "v".repeat(2500) : `${i}`,
        })),
      },
      ...Array.from(
        { length: 200 },
        (_, i): Block => ({
          kind: "progress",
          label: `Aktivitet ${i}`,
          done: i % 21,
          target: 20,
          text: `Aktivitet ${i}: ${i % 21} av 20 h denna vecka.`,
        }),
      ),
      { kind: "context", text: "c".repeat(7000) },
      {
        kind: "actions",
        buttons: Array.from({ length: 60 }, (_, i) => ({
          label: `Knapp ${i} ${"l".repeat(100)}`,
          action: {
            id: "choose-activity",
            value: JSON.stringify({ a: `act-${i}`, l: "v".repeat(i === 7 ? 1900 : 10) }),
          },
        })),
      },
    ];
    const messages = renderMessages({ text: "Stor rapport", blocks });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(checkBlockKitLimits(m)).toEqual([]);
    expect(messages[0].text).toBe("Stor rapport");
    expect(messages[1].text).toBe(`Stor rapport (2/${messages.length})`);

    const all = messages.flatMap((m) => m.blocks) as Json[];
    // the whole long text is there, in order
    const texts = sectionTexts(messages).map(unescapeMrkdwn);
    const joined = texts.join(" ").replace(/\s+/g, " ");
    expect(joined).toContain(long.replace(/\s+/g, " "));
    // every progress bar, with its text alternative
    expect(texts.filter((t) => /▓|░/.test(t))).toHaveLength(200);
    expect(texts.some((t) => t.includes("Aktivitet 199: 10 av 20 h denna vecka."))).toBe(true);
    // every button once, ids unique over the whole reply
    const buttonIds = all.filter((b) => b.type === "actions").flatMap((b) => b.elements.map((e: Json) => e.action_id));
    expect(buttonIds).toHaveLength(60);
    expect(new Set(buttonIds).size).toBe(60);
    expect(buttonIds.map((id: string) => parseActionId(id))).toEqual(Array(60).fill("choose-activity"));
    // every field (the 2 500-character one as its own section)
    const fieldCount = all.filter((b) => b.fields).reduce((n, b) => n + b.fields.length, 0);
    expect(fieldCount).toBe(24);
    expect(texts.some((t) => t.startsWith("*Fält 3*"))).toBe(true);
    // the cut heading is repeated whole
    expect(all[0].type).toBe("header");
    expect(texts.some((t) => t.includes("x".repeat(300)))).toBe(true);
  });

  it("never splits inside an escaped entity or leaves an empty section", () => {
    const text = "&".repeat(2999) + "<>".repeat(10);
    for (const chunk of splitText(escapeMrkdwn(text), 3000)) {
      expect(chunk.length).toBeLessThanOrEqual(3000);
      expect(chunk).toMatch(/^(&amp;|&lt;|&gt;)+$/);
    }
    const messages = renderMessages({ text: "t", blocks: [{ kind: "text", text: "\n\n   \n" }] });
    for (const m of messages) expect(checkBlockKitLimits(m)).toEqual([]);
  });

  it("a reply without blocks still has a message body and a fallback", () => {
    const [m] = renderMessages({ text: "", blocks: [] });
    expect(checkBlockKitLimits(m)).toEqual([]);
  });

  it("action ids carry the core's action id", () => {
    expect(parseActionId(actionIdFor("undo", 12))).toBe("undo");
    expect(parseActionId(actionIdFor("open:form", 0))).toBe("open:form");
    expect(parseActionId("other:1")).toBeNull();
    expect(parseActionId("lb:undo")).toBeNull();
  });
});

describe("renderModal", () => {
  const form: FormSpec = {
    id: "log",
    title: "Logga arbete på ett medborgarlöfte idag",
    submitLabel: "Spara loggningen nu direkt",
    intro: "Intro med <tecken> & sånt",
    state: "",
    fields: [
      {
        kind: "choice",
        name: "activity",
        label: "Aktivitet",
        required: true,
        initial: "a-7",
        options: Array.from({ length: 150 }, (_, i) => ({ value: `a-${i}`, label: `L${i} ${"n".repeat(90)}` })),
      },
      {
        kind: "choice",
        name: "groups",
        label: "Grupper",
        multiple: true,
        initial: ["g1"],
        options: [{ value: "g1", label: "IG 1" }],
      },
      { kind: "date", name: "day", label: "Dag", required: true, initial: "2026-11-25" },
      { kind: "text", name: "duration", label: "Tid", placeholder: "1,5h", maxLength: 20, initial: "x".repeat(40) },
      { kind: "number", name: "count", label: "Antal", min: 1, max: 100 },
      { kind: "people", name: "others", label: "Andra", options: [] },
      { kind: "text", name: "note", label: "Anteckning", multiline: true, maxLength: 5000 },
    ],
  };

  it("keeps a modal within Slack's limits (titles, 100 options, lengths)", () => {
    const view = renderModal(form, JSON.stringify({ f: "log", s: "" }), "Avbryt") as Json;
    expect(checkModalLimits(view)).toEqual([]);
    const activity = view.blocks.find((b: Json) => b.block_id === "activity").element;
    expect(activity.option_groups.flatMap((g: Json) => g.options)).toHaveLength(150);
    expect(activity.initial_option.value).toBe("a-7");
    const count = view.blocks.find((b: Json) => b.block_id === "count").element;
    expect(count).toMatchObject({ type: "number_input", is_decimal_allowed: false, min_value: "1", max_value: "100" });
    const note = view.blocks.find((b: Json) => b.block_id === "note").element;
    expect(note).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
    expect(view.blocks.find((b: Json) => b.block_id === "others").optional).toBe(true);
  });

  it("reads a submitted modal's state back as form values, people mapped", () => {
    const values = readViewState(
      {
        activity: { activity: { type: "static_select", selected_option: { value: "a-1" } } },
        groups: { groups: { type: "multi_static_select", selected_options: [{ value: "g1" }] } },
        day: { day: { type: "datepicker", selected_date: "2026-11-24" } },
        duration: { duration: { type: "plain_text_input", value: "1,5h" } },
        count: { count: { type: "number_input", value: null } },
        others: { others: { type: "multi_users_select", selected_users: ["U1", "U2"] } },
      },
      (ids) => ids.map((id) => (id === "U1" ? "anna.berg" : id)),
    );
    expect(values).toEqual({
      activity: "a-1",
      groups: ["g1"],
      day: "2026-11-24",
      duration: "1,5h",
      count: undefined,
      others: ["anna.berg", "U2"],
    });
  });

  it("maps the core's field errors onto input block ids", () => {
    expect(modalErrors({ duration: "Ange tid.", x: "Annat." }, ["activity", "duration"])).toEqual({
      duration: "Ange tid.",
      activity: "Annat.",
    });
  });
});

describe("text a person wrote", () => {
  /** Every mrkdwn text object (the only text Slack parses). */
  const mrkdwnOf = (blocks: Json): Json[] => {
    const out: Json[] = [];
    const walk = (node: Json) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      if (node.type === "mrkdwn") out.push(node);
      for (const v of Object.values(node)) if (v && typeof v === "object") walk(v);
    };
    walk(blocks);
    return out;
  };

  it("never pings, links or formats: escaped and verbatim in mrkdwn, rich text where mrkdwn would format it", () => {
    const reply: Reply = {
      text: `Resultat: ${literal("<!channel> *x*")}`,
      blocks: [
        { kind: "heading", text: "Resultat: **x** <!channel>" },
        { kind: "text", text: `*Vad händer sedan:* ${literal("<!channel> <@U123> <http://evil|klicka>")}` },
        { kind: "text", text: `*Svaren:*\n– ${literal("*fet* _kursiv_ ~struken~ `kod`")}\n– ${literal("> citat")}` },
        { kind: "context", text: `Delat av ${literal("Greta *Gren*")}` },
        { kind: "fields", fields: [{ label: "IG *1*", value: "<!here>" }] },
        { kind: "progress", label: "S1 _i_ hamnen", done: 1, target: 10, text: "1/10 h" },
      ],
    };
    const [m] = renderMessages(reply);
    expect(checkBlockKitLimits(m)).toEqual([]);
    expect(m.text).toBe("Resultat: &lt;!channel&gt; *x*");
    const json = m.blocks as Json[];
    for (const object of mrkdwnOf(json)) {
      expect(object.verbatim).toBe(true);
      expect(object.text).not.toContain("<");
      for (const attack of ["*fet*", "_kursiv_", "~struken~", "`kod`", "*Gren*", "*1*", "_i_", "**x**"])
        expect(object.text).not.toContain(attack);
    }
    // no formatting character of theirs: mrkdwn, escaped, and nothing Slack turns into a link or a ping
    expect(json[1].text.text).toBe("*Vad händer sedan:* &lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|klicka&gt;");
    // formatting characters of theirs: rich text, our bold as a style, theirs as written
    expect(json[2]).toEqual({
      type: "rich_text",
      elements: [
        {
          type: "rich_text_section",
          elements: [
            { type: "text", text: "Svaren:", style: { bold: true } },
            { type: "text", text: "\n– *fet* _kursiv_ ~struken~ `kod`\n– > citat" },
          ],
        },
      ],
    });
    expect(json[3]).toEqual({
      type: "context",
      elements: [{ type: "plain_text", text: "Delat av Greta *Gren*", emoji: true }],
    });
    expect(json[4].fields[0]).toEqual({ type: "plain_text", text: "IG *1*\n<!here>", emoji: true });
    expect(json[5].type).toBe("rich_text");
    expect(json[0].text).toEqual({ type: "plain_text", text: "Resultat: **x** <!channel>", emoji: true });
  });

  it("leaves text without a person's formatting characters as the mrkdwn section it always was", () => {
    const [m] = renderMessages({
      text: "x",
      blocks: [{ kind: "text", text: `*Vecka 48* ${literal("Anna & <Berg>")}` }],
    });
    expect(m.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "*Vecka 48* Anna &amp; &lt;Berg&gt;", verbatim: true },
    });
  });

  it("in a modal: the intro and errors as written, labels and options as plain text", () => {
    const evil: FormSpec = {
      id: "poll-answer",
      title: "Trygghet *x*",
      submitLabel: "Skicka",
      intro: `Dialogen ${literal("*fet* <!channel>")}`,
      state: "d1",
      fields: [
        {
          kind: "choice",
          name: "q1",
          label: "2. Vad *oroar*?",
          options: [{ value: "0", label: literal("*B*") }],
        },
      ],
      errors: { q1: `Välj ${literal("*ett*")}` },
    };
    const view = renderModal(evil, "{}", "Stäng") as Json;
    expect(checkModalLimits(view)).toEqual([]);
    for (const object of mrkdwnOf(view.blocks)) {
      expect(object.text).not.toContain("<");
      for (const attack of ["*fet*", "*ett*"]) expect(object.text).not.toContain(attack);
    }
    expect(view.blocks[0].type).toBe("rich_text");
    expect(view.blocks[1].elements[0]).toEqual({ type: "plain_text", text: "⚠️ Välj *ett*", emoji: true });
    expect(view.blocks[2].element.options[0].text.text).toBe("*B*");
    expect(view.title.text).toBe("Trygghet *x*");
    expect(modalErrors({ q1: `Välj ${literal("*ett*")}` }, ["q1"])).toEqual({ q1: "Välj *ett*" });
  });

  it("shows a modal error as plain text without our `code` marks; a person's backticks stay", () => {
    const error = `${literal("`kaj`")} är ingen grupp. Skriv t.ex. \`ig-1: 5, ig-2: 5\`.`;
    expect(modalErrors({ shares: error }, ["shares"])).toEqual({
      shares: "`kaj` är ingen grupp. Skriv t.ex. ig-1: 5, ig-2: 5.",
    });
    const form: FormSpec = {
      id: "f",
      title: "Löfte",
      submitLabel: "Spara",
      fields: [{ kind: "text", name: "shares", label: "Andelar" }],
      errors: { shares: error },
      state: "",
    };
    const view = renderModal(form, "{}", "Stäng") as Json;
    expect(view.blocks[0].elements[0]).toEqual({
      type: "plain_text",
      text: "⚠️ `kaj` är ingen grupp. Skriv t.ex. ig-1: 5, ig-2: 5.",
      emoji: true,
    });
  });
});
