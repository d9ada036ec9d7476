// translate() fills a template cut once at its {params}: the text must be what
// replacing /\{(\w+)\}/ left to right gives, for any template and params
// (a key missing from the catalogues is its own template, which lets any be tried).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { literal } from "../../../src/core/replyText.js";
import { type MessageKey, markup, type Params, translate } from "../../../src/i18n/index.js";

/** The rule as it was written before templates were cut once. */
function byReplacing(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    if (typeof value === "number") return String(value);
    return typeof value === "string" ? literal(value) : value.text;
  });
}

describe("translate", () => {
  it("fills catalogue templates: params as literal text, markup as markup, missing params left as written", () => {
    expect(translate("sv", "common.week", { week: 48 })).toBe(byReplacing("v. {week}", { week: 48 }));
    const key = "x {a}{b} {c} {{a}} {a-b} {} {a" as MessageKey;
    const params: Params = { a: "*fet*", b: markup("*fet*"), toString: "t" };
    expect(translate("sv", key, params)).toBe(byReplacing(key, params));
    expect(translate("sv", key)).toBe(key);
  });

  it("gives what replacing gives, for any template and params (property)", () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom("{a}", "{b}", "{c}", "{", "}", "{{", "}}", "{a", "a}", "{_1}", "$&", "$1"),
    );
    const value = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.string({ maxLength: 5 }).map(markup));
    const params = fc.dictionary(fc.constantFrom("a", "b", "c", "_1", "x"), value);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), params, (pieces, p) => {
        const template = pieces.join("");
        expect(translate("en", template as MessageKey, p)).toBe(byReplacing(template, p));
      }),
      { numRuns: 5_000 },
    );
  });
});
