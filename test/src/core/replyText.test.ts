// Reply text: a person's text is carried literal through every translation,
// our markup stays ours, and decoding gives back exactly what was written.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasLiteral, literal, plainText, runs, unmarked } from "../../../src/core/replyText.js";
import { markup, translate } from "../../../src/i18n/index.js";

describe("reply text", () => {
  it("literal() is lossless and idempotent, and leaves no markup character of a person's", () => {
    fc.assert(
      // (a stand-in itself, typed by someone, shows as its character: it is never markup either)
      fc.property(
        fc.string({ unit: "grapheme" }).filter((t) => !/[\ue000-\ue07f]/.test(t)),
        (text) => {
          const carried = literal(text);
          expect(plainText(carried)).toBe(text);
          expect(literal(carried)).toBe(carried);
          expect(carried).not.toMatch(/[*_~`[\]<>\\&]/);
        },
      ),
    );
  });

  it("a person's characters can neither open nor close our bold", () => {
    expect(runs(`*Svar:* ${literal("*fet* [x](y)")}`)).toEqual([
      { text: "Svar:", bold: true },
      { text: " *fet* [x](y)" },
    ]);
    expect(runs(`*${literal("IG *1*")}*`)).toEqual([{ text: "IG *1*", bold: true }]);
    expect(runs("`kod` och *fet*", { code: true })).toEqual([
      { text: "kod", code: true },
      { text: " och " },
      { text: "fet", bold: true },
    ]);
    expect(unmarked(`*Svar:* ${literal("*fet*")}`)).toBe("Svar: *fet*");
    expect(hasLiteral(literal("a*b"), "*")).toBe(true);
    expect(hasLiteral(literal("a-b"))).toBe(false);
  });

  it("translate() makes every param literal; markup() and numbers go in as they are", () => {
    const title = "[Klicka här](http://evil.example) **x**";
    const text = translate("sv", "dialog.results.heading", { title });
    expect(text).not.toContain("[Klicka");
    expect(plainText(text)).toBe(`Resultat: ${title}`);
    // a translation of ours with *bold*, put into another one, keeps its markup
    const kind = translate("sv", "dialog.kind.vadExplained");
    expect(kind).toContain("*vad-dialog*");
    const who = translate("sv", "dialog.invite.who", { creator: "Anna *A*", kind: markup(kind), concerns: "x" });
    expect(who).toContain("*vad-dialog*");
    expect(who).not.toContain("Anna *A*");
    expect(unmarked(who)).toContain("Anna *A*");
    expect(translate("sv", "dialog.results.rate", { answered: 5, asked: 10, percent: 50 })).toBe(
      "5 av 10 har svarat (50 %).",
    );
  });
});
