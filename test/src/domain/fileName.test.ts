// safeFileName: one plain name in a directory, whatever the data holds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeFileName } from "../../../src/domain/fileName.js";

const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("safeFileName", () => {
  it("keeps plain names as they are", () => {
    for (const name of ["uppfoljning-norrdal-2026-08-01_2026-11-30.html", "follow-up-höör-x.png", "a..b.md"])
      expect(safeFileName(name)).toBe(name);
  });

  it("turns path characters, NUL and leading dots into one plain name, keeping the extension", () => {
    const name = safeFileName("r-x/../../../../utanfor.png");
    expect(name).toMatch(/^r-x_\.\._\.\._\.\._\.\._utanfor-[0-9a-f]{8}\.png$/);
    expect(safeFileName("../..")).toMatch(/^file-[0-9a-f]{8}$/);
    expect(safeFileName("a\\b\u0000c.md")).toMatch(/^a_b_c-[0-9a-f]{8}\.md$/);
    expect(safeFileName("a/b")).not.toBe(safeFileName("a\\b"));
  });

  it("always gives a plain name of at most 200 bytes, and is its own fixed point", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (raw) => {
        const name = safeFileName(raw);
        expect(name).toMatch(PLAIN);
        expect(bytes(name)).toBeLessThanOrEqual(200);
        expect(safeFileName(name)).toBe(name);
      }),
    );
  });
});
