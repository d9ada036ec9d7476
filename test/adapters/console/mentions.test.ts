// What the console hands the core as mentions: each `@person.id` word, keyed
// as the one-line log reads the token.
import { describe, expect, it } from "vitest";
import { consoleMentions } from "../../../adapters/console/mentions.js";

describe("console mentions", () => {
  it("maps each @word to the person id it names, without trailing punctuation", () => {
    expect(consoleMentions("logga 2h L1 med @emma.lund, @oskar.nyberg och @sofia.karlsson.")).toEqual({
      "@emma.lund": "emma.lund",
      "@oskar.nyberg": "oskar.nyberg",
      "@sofia.karlsson": "sofia.karlsson",
    });
    expect(consoleMentions("logga 1h närvaro med @anna,@erik")).toEqual({ "@anna": "anna", "@erik": "erik" });
  });

  it("finds nothing in a line without mentions, and not a lone @", () => {
    expect(consoleMentions("logga 1,5h närvaro Torget @ kvällen")).toEqual({});
  });
});
