// The checks behind Teams' two modes: which clients local mode serves, and
// which service URLs each mode stores and writes to — including the
// look-alikes an attacker would try.
import { describe, expect, it } from "vitest";
import {
  isBotFrameworkServiceUrl,
  isLoopbackAddress,
  isLoopbackServiceUrl,
  localModeRefusal,
  serviceUrlPolicy,
} from "../../../adapters/teams/serviceUrl.js";

describe("loopback", () => {
  it("knows a loopback socket address", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [
      undefined,
      "",
      "0.0.0.0",
      "192.0.2.2",
      "10.0.0.1",
      "::ffff:192.0.2.2",
      "::",
      "fe80::1",
      "localhost",
    ])
      expect(isLoopbackAddress(a), String(a)).toBe(false);
  });

  it("accepts a service URL on this machine only", () => {
    for (const url of [
      "http://localhost:56150/_connector",
      "http://127.0.0.1:3979/",
      "https://127.0.0.1/",
      "http://[::1]:8080/x",
      "http://2130706433/", // 127.0.0.1 as one number: the URL parser normalises it
    ])
      expect(isLoopbackServiceUrl(url), url).toBe(true);
    for (const url of [
      "http://192.0.2.2:3979/",
      "https://evil.example/",
      "http://localhost.evil.example/",
      "http://127.0.0.1.nip.io/",
      "http://evil.example@127.0.0.1/",
      "http://user:pw@localhost/",
      "http://0.0.0.0:3979/",
      "ftp://127.0.0.1/",
      "file:///etc/passwd",
      "not a url",
      "",
      `http://127.0.0.1/${"a".repeat(600)}`,
    ])
      expect(isLoopbackServiceUrl(url), url).toBe(false);
  });
});

describe("Bot Framework and Teams hosts", () => {
  it("accepts Teams' and the Bot Framework's own hosts over https", () => {
    for (const url of [
      "https://smba.trafficmanager.net/emea/",
      "https://smba.trafficmanager.net/amer/72f988bf-86f1-41af-91ab-2d7cd011db47/",
      "https://SMBA.trafficmanager.net/teams/",
      "https://smba.trafficmanager.net:443/emea/",
      "https://smba.infra.gcc.teams.microsoft.com/teams",
      "https://smba.infra.gov.teams.microsoft.us/teams",
      "https://smba.infra.dod.teams.microsoft.us/teams",
      "https://webchat.botframework.com/",
      "https://europe.directline.botframework.com/",
    ])
      expect(isBotFrameworkServiceUrl(url), url).toBe(true);
  });

  it("refuses look-alikes, other schemes and ports, credentials and this machine", () => {
    for (const url of [
      "https://evil.example/",
      "http://smba.trafficmanager.net/emea/",
      "https://smba.trafficmanager.net:8443/emea/",
      "https://evil.trafficmanager.net/",
      "https://smba-trafficmanager.net/",
      "https://smba.trafficmanager.net.evil.example/",
      "https://evilbotframework.com/",
      "https://botframework.com.evil.example/",
      "https://x@smba.trafficmanager.net/emea/",
      "https://127.0.0.1/",
      "http://localhost:56150/_connector",
      "not a url",
    ])
      expect(isBotFrameworkServiceUrl(url), url).toBe(false);
  });

  it("gives each mode its own policy, and neither accepts the other's", () => {
    expect(serviceUrlPolicy("local")("http://127.0.0.1:1/")).toBe(true);
    expect(serviceUrlPolicy("local")("https://smba.trafficmanager.net/emea/")).toBe(false);
    expect(serviceUrlPolicy("authenticated")("https://smba.trafficmanager.net/emea/")).toBe(true);
    expect(serviceUrlPolicy("authenticated")("http://127.0.0.1:1/")).toBe(false);
  });
});

describe("local mode's clients", () => {
  const req = (remoteAddress: string | undefined, headers: Record<string, string> = {}) => ({
    socket: { remoteAddress },
    headers: { host: "localhost:3978", ...headers },
  });

  it("serves a client on this machine that asked for this machine", () => {
    expect(localModeRefusal(req("127.0.0.1"))).toBeNull();
    expect(localModeRefusal(req("::1", { host: "[::1]:3978" }))).toBeNull();
    expect(localModeRefusal(req("::ffff:127.0.0.1", { host: "127.0.0.1:3978" }))).toBeNull();
    expect(localModeRefusal(req("127.0.0.1", { origin: "http://localhost:56150" }))).toBeNull();
  });

  it("refuses other addresses, proxies, other host names and other web pages", () => {
    expect(localModeRefusal(req("192.0.2.2"))).toMatch(/not on this machine/);
    expect(localModeRefusal(req(undefined))).toMatch(/not on this machine/);
    expect(localModeRefusal(req("127.0.0.1", { "x-forwarded-for": "203.0.113.7" }))).toMatch(/proxy/);
    expect(localModeRefusal(req("127.0.0.1", { forwarded: "for=203.0.113.7" }))).toMatch(/proxy/);
    expect(localModeRefusal(req("127.0.0.1", { host: "evil.example:3978" }))).toMatch(/Host/);
    expect(localModeRefusal({ socket: { remoteAddress: "127.0.0.1" }, headers: {} })).toMatch(/Host/);
    expect(localModeRefusal(req("127.0.0.1", { origin: "https://evil.example" }))).toMatch(/web page/);
    expect(localModeRefusal(req("127.0.0.1", { origin: "null" }))).toMatch(/web page/);
  });
});
