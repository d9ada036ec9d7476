// The console's plain-text rendering: every character as written (our *bold*
// markers dropped), and nothing that could drive the operator's terminal.
import { describe, expect, it } from "vitest";
import { fieldPrompt, formHeader, renderReplyText, terminalText } from "../../../adapters/console/renderText.js";
import { literal, type Reply } from "../../../src/core/reply.js";

const ESC = "\u001b";
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("the console's text", () => {
  it("shows a person's text as written, our bold markers dropped", () => {
    const reply: Reply = {
      text: "x",
      blocks: [
        { kind: "heading", text: `Resultat: ${literal("**x**")}` },
        { kind: "text", text: `*Svaren:*\n– ${literal("[Klicka här](http://evil.example) *fet*")}` },
        { kind: "fields", fields: [{ label: literal("IG *1*"), value: "3 h" }] },
      ],
    };
    expect(renderReplyText(reply).text).toBe(
      "== Resultat: **x** ==\nSvaren:\n– [Klicka här](http://evil.example) *fet*\nIG *1*: 3 h",
    );
  });

  it("removes escape sequences, other control characters and bidirectional overrides", () => {
    const evil = `Mörkt${ESC}[2J${ESC}]8;;http://evil.example\u0007länk${ESC}]8;;\u0007\r\u009b31m\u202eslut\u2066`;
    const reply: Reply = {
      text: evil,
      blocks: [
        { kind: "text", text: literal(evil) },
        { kind: "context", text: evil },
        { kind: "actions", buttons: [{ label: evil, action: { id: "a", value: "1" } }] },
      ],
    };
    const { text } = renderReplyText(reply);
    expect(text).not.toMatch(UNSAFE);
    expect(text).toContain("Mörkt[2J]8;;http://evil.examplelänk]8;;");
    expect(terminalText("a\r\nb\tc\u0007")).toBe("a\nb\tc");
    const prompt = fieldPrompt({ kind: "choice", name: "q", label: evil, options: [{ value: "0", label: evil }] });
    expect(prompt).not.toMatch(UNSAFE);
    expect(formHeader({ id: "f", title: evil, submitLabel: "OK", intro: evil, fields: [], state: "" })).not.toMatch(
      UNSAFE,
    );
  });
});
