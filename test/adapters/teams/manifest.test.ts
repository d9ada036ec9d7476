// The Teams app package: manifest rules (schema v1.19+), icons, and the
// `loftesbot manifest teams` command that zips it for side-loading.
import { registry } from "../../../src/features/index.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { colourIcon, outlineIcon } from "../../../adapters/teams/icons.js";
import {
  buildManifest,
  buildPackage,
  readZip,
  validateManifest,
  validatePackage,
  writeZip,
} from "../../../adapters/teams/manifest.js";
import { PNG } from "pngjs";
import { runLoftesbot } from "../../support/cli.js";
import { sqliteTestUrl } from "../../support/databases.js";

function encodePng(image: { width: number; height: number; pixels: Uint8Array }): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.pixels);
  return PNG.sync.write(png);
}
const decodePng = (data: Uint8Array) => {
  const png = PNG.sync.read(Buffer.from(data));
  return { width: png.width, height: png.height, colourType: png.colorType, pixels: png.data };
};

const APP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const dir = new URL("../../../manifests/teams/", import.meta.url);
const icons = () =>
  new Map<string, Uint8Array>([
    ["color.png", readFileSync(new URL("color.png", dir))],
    ["outline.png", readFileSync(new URL("outline.png", dir))],
  ]);

describe("Teams manifest", () => {
  it("lists exactly the commands the features declare, per scope", () => {
    const manifest = JSON.parse(readFileSync(new URL("manifest.json", dir), "utf8")) as {
      bots: { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
    };
    const lists = manifest.bots[0].commandLists;
    expect(lists.map((l) => l.scopes)).toEqual([["personal"], ["team", "groupChat"]]);
    expect(lists[0].commands).toEqual(registry.teamsCommands("personal"));
    expect(lists[1].commands).toEqual(registry.teamsCommands("team"));
    // every title starts with a word the front door understands
    for (const list of lists) for (const c of list.commands) expect(registry.parse(c.title).command).not.toBeNull();
  });

  it("is valid once the app id is filled in", () => {
    const manifest = buildManifest({ appId: APP_ID });
    expect(validateManifest(manifest, icons())).toEqual([]);
    expect(manifest).toMatchObject({
      manifestVersion: "1.19",
      $schema: "https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json",
      id: APP_ID,
      bots: [{ botId: APP_ID, scopes: ["personal", "team", "groupChat"] }],
      validDomains: [],
    });
    const bot = (manifest.bots as { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[])[0];
    const personal = bot.commandLists.find((l) => l.scopes.includes("personal"))!.commands.map((c) => c.title);
    expect(personal).toEqual(
      expect.arrayContaining(["logga", "mina", "lofte", "dialog ny", "uppfoljning", "loftesbot hjälp"]),
    );
    const team = bot.commandLists.find((l) => l.scopes.includes("team"))!.commands.map((c) => c.title);
    expect(team).toEqual(expect.arrayContaining(["logga", "loftesbot koppla", "loftesbot hjälp"]));
    expect(buildManifest({ appId: APP_ID, domain: "loftesbot.example.se" }).validDomains).toEqual([
      "loftesbot.example.se",
    ]);
  });

  it("the template itself is not a valid manifest until filled in", () => {
    const template = JSON.parse(readFileSync(new URL("manifest.json", dir), "utf8"));
    const errors = validateManifest(template, icons());
    expect(errors).toContain("manifest: a {{placeholder}} is not filled in");
    expect(errors).toContain("id: must be a GUID");
    expect(errors).toContain("bots[0].botId: must be a GUID");
  });

  it("catches the mistakes Teams would refuse", () => {
    const good = buildManifest({ appId: APP_ID });
    const broken = structuredClone(good) as Record<string, unknown> & {
      bots: { commandLists: { commands: unknown[] }[]; scopes: string[] }[];
      name: { short: string };
    };
    broken.manifestVersion = "1.17";
    broken.$schema = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json";
    broken.name.short = "Ett alldeles för långt namn på en app";
    broken.bots[0].scopes = ["personal"];
    broken.bots[0].commandLists[0].commands = Array.from({ length: 11 }, (_, i) => ({
      title: `kommando ${i}`,
      description: "x",
    }));
    const files = icons();
    files.set("color.png", encodePng({ width: 96, height: 96, pixels: new Uint8Array(96 * 96 * 4) }));
    const pixels = new Uint8Array(32 * 32 * 4).fill(255);
    pixels[0] = 10; // a coloured, opaque corner
    files.set("outline.png", encodePng({ width: 32, height: 32, pixels }));
    const errors = validateManifest(broken, files);
    expect(errors).toEqual(
      expect.arrayContaining([
        "manifestVersion: 1.17 is older than 1.19",
        "name.short: required, at most 30 characters",
        "bots[0].scopes: must include team",
        "bots[0].commandLists[0].commands: at most 10 commands, has 11",
        "icons.color: must be 192×192 pixels, is 96×96",
        "icons.outline: background must be transparent",
        "icons.outline: must be white on transparent",
      ]),
    );
  });

  it("has icons of the sizes Teams requires, drawn by adapters/teams/icons.ts", () => {
    const color = readFileSync(new URL("color.png", dir));
    const outline = readFileSync(new URL("outline.png", dir));
    expect(decodePng(color)).toMatchObject({ width: 192, height: 192, colourType: 6 });
    expect(decodePng(outline)).toMatchObject({ width: 32, height: 32, colourType: 6 });
    expect(colourIcon().equals(color)).toBe(true);
    expect(outlineIcon().equals(outline)).toBe(true);
    // the colour icon fills its square; the outline is white on transparent
    const c = decodePng(color).pixels;
    for (let i = 3; i < c.length; i += 4) expect(c[i]).toBe(255);
    // its colours: police blue at the corner, white inside the shield, yellow on its edge
    const at = (x: number, y: number) => [...c.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 3)];
    expect(at(0, 0)).toEqual([11, 61, 145]);
    expect(at(96, 150)).toEqual([255, 255, 255]);
    expect(at(96, Math.round(0.14 * 192))).toEqual([242, 194, 0]);
    const o = decodePng(outline).pixels;
    expect(o[3]).toBe(0);
    for (let i = 0; i < o.length; i += 4) if (o[i + 3] > 0) expect([o[i], o[i + 1], o[i + 2]]).toEqual([255, 255, 255]);
  });

  it("zips and reads back", () => {
    const entries = [
      { name: "a.txt", data: Buffer.from("hej hej hej hej") },
      { name: "b.bin", data: new Uint8Array([0, 1, 2, 255]) },
    ];
    const zip = writeZip(entries);
    // the same input gives the same zip, byte for byte
    expect(writeZip(entries).equals(zip)).toBe(true);
    const back = readZip(zip);
    expect(back.map((e) => [e.name, Buffer.from(e.data).toString("hex")])).toEqual(
      entries.map((e) => [e.name, Buffer.from(e.data).toString("hex")]),
    );
    const built = buildPackage({ appId: APP_ID });
    expect(validatePackage(built.zip)).toEqual([]);
    expect(() => readZip(Buffer.from("not a zip"))).toThrow();
  });
});

describe("loftesbot manifest teams", () => {
  it("builds the side-loadable zip: manifest.json and the two icons at the root", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "loftesbot-manifest-")), "loftesbot.zip");
    const env = { DATABASE_URL: sqliteTestUrl("manifest") };
    const result = await runLoftesbot(["manifest", "teams", "--app-id", APP_ID.toUpperCase(), "--out", out], { env });
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toContain(`Wrote ${out}`);
    const zip = readFileSync(out);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(Buffer.from(entries.find((e) => e.name === "manifest.json")!.data).toString("utf8"));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(validatePackage(zip)).toEqual([]);
    // and an ordinary unzip agrees, where there is one
    let listing = "";
    try {
      listing = execFileSync("unzip", ["-l", out], { encoding: "utf8" });
    } catch {
      listing = "";
    }
    if (listing) for (const name of ["manifest.json", "color.png", "outline.png"]) expect(listing).toContain(name);
  });

  it("refuses a missing or malformed app id", async () => {
    const env = { DATABASE_URL: sqliteTestUrl("manifest-bad") };
    const bad = await runLoftesbot(["manifest", "teams", "--app-id", "not-a-guid", "--out", "x.zip"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain("--app-id must be the bot's Microsoft App ID");
    const missing = await runLoftesbot(["manifest", "teams", "--app-id", APP_ID], { env });
    expect(missing.code).toBe(2);
  });
});
