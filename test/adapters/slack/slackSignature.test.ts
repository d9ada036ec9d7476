// The route's own signature check (adapters/slack/slackSignature.ts) at its
// edges: the 5-minute window both ways, timestamps that are not plain
// integers, an empty secret, and the HMAC over the raw bytes. Over HTTP the
// same rules are in test/security/http.test.ts.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkSlackSignature, isSslCheck } from "../../../adapters/slack/slackSignature.js";

const SECRET = "unit-secret";
const NOW_MS = 1_764_000_000_500;
const NOW = Math.floor(NOW_MS / 1000);

function headers(timestamp: string, body: Buffer | string, secret = SECRET) {
  const mac = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest("hex");
  return { "x-slack-request-timestamp": timestamp, "x-slack-signature": `v0=${mac}` };
}

const check = (body: string | Buffer, h: Record<string, string>, secret = SECRET) =>
  checkSlackSignature(Buffer.from(body), h, secret, NOW_MS);

describe("checkSlackSignature", () => {
  it("accepts a request signed now, and at the edges of the 5-minute window either way", () => {
    for (const ts of [NOW, NOW - 300, NOW + 300]) expect(check("a=1", headers(`${ts}`, "a=1")), `${ts}`).toBeNull();
  });

  it("refuses outside the window, before looking at the signature", () => {
    expect(check("a=1", headers(`${NOW - 301}`, "a=1"))).toBe("stale");
    expect(check("a=1", headers(`${NOW + 301}`, "a=1"))).toBe("future");
  });

  it("refuses timestamps that are not plain integers, even signed over exactly that text", () => {
    for (const ts of ["Infinity", "-Infinity", "NaN", "1e20", "1.5", `${NOW}.0`, `0${NOW}`, `+${NOW}`, "0", ""]) {
      expect(check("a=1", headers(ts, "a=1")), ts).toBe("bad timestamp");
    }
    expect(check("a=1", { "x-slack-signature": headers(`${NOW}`, "a=1")["x-slack-signature"] })).toBe("bad timestamp");
  });

  it("refuses an empty secret, another secret, another version, a changed byte, a malformed signature", () => {
    const good = headers(`${NOW}`, "a=1");
    expect(check("a=1", headers(`${NOW}`, "a=1", ""), "")).toBe("no signing secret");
    expect(check("a=1", headers(`${NOW}`, "a=1", "other"))).toBe("bad signature");
    expect(check("a=2", good)).toBe("bad signature");
    const sig = good["x-slack-signature"];
    for (const bad of [
      sig.replace("v0=", "v1="),
      sig.toUpperCase().replace("V0=", "v0="),
      sig.slice(0, -2),
      `${sig}00`,
    ]) {
      expect(check("a=1", { ...good, "x-slack-signature": bad }), bad).toBe("bad signature");
    }
    expect(check("a=1", { "x-slack-request-timestamp": `${NOW}` })).toBe("bad signature");
  });

  it("signs the raw bytes: a body that is not UTF-8 is checked as sent", () => {
    const raw = Buffer.from([0x61, 0x3d, 0xff, 0xfe]);
    expect(checkSlackSignature(raw, headers(`${NOW}`, raw), SECRET, NOW_MS)).toBeNull();
  });
});

describe("isSslCheck", () => {
  it("is Slack's small unsigned form `ssl_check=1` only", () => {
    const form = "application/x-www-form-urlencoded";
    expect(isSslCheck(Buffer.from("ssl_check=1&token=x"), form)).toBe(true);
    expect(isSslCheck(Buffer.from("ssl_check=1"), "application/json")).toBe(false);
    expect(isSslCheck(Buffer.from("ssl_check=0"), form)).toBe(false);
    expect(isSslCheck(Buffer.from(`ssl_check=1&pad=${"a".repeat(5000)}`), form)).toBe(false);
  });
});
