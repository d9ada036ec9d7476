// The Teams app package: manifests/teams/manifest.json with the app id filled
// in, plus the two icons, zipped at the root – what an admin side-loads or
// uploads. `loftesbot manifest teams --app-id <GUID> --out loftesbot.zip`.
// The package is checked against the manifest rules that matter before it is
// written (the official JSON schema is not available offline). Zipping and
// unzipping is fflate's, PNG decoding pngjs's; the same input gives the same
// zip byte for byte (fixed file times).
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { unzipSync, zipSync } from "fflate";
import { PNG } from "pngjs";

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

// DOS times are local times from 1980 on: noon of its first day is 1980-01-01 in every time zone
const FIXED_TIME = new Date(1980, 0, 1, 12, 0, 0);

/** Deflates the entries into a zip at its root, in the order given. */
export function writeZip(entries: ZipEntry[]): Buffer {
  const files: Record<string, [Uint8Array, { level: 9; mtime: Date }]> = {};
  for (const e of entries) files[e.name] = [new Uint8Array(e.data), { level: 9, mtime: FIXED_TIME }];
  return Buffer.from(zipSync(files));
}

/** Every entry of a zip; throws on a file that is not one. */
export function readZip(zip: Uint8Array): ZipEntry[] {
  return Object.entries(unzipSync(new Uint8Array(zip))).map(([name, data]) => ({ name, data }));
}

/** A PNG's size and pixels (RGBA), or null when it is not a PNG file pngjs can read. */
function readPng(data: Uint8Array): { width: number; height: number; pixels: Uint8Array } | null {
  try {
    const png = PNG.sync.read(Buffer.from(data));
    return { width: png.width, height: png.height, pixels: png.data };
  } catch {
    return null;
  }
}

export const MANIFEST_DIR = new URL("../../manifests/teams/", import.meta.url);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MIN_MANIFEST_VERSION = [1, 19];
const BOT_SCOPES = ["personal", "team", "groupChat"];
const MAX_COMMANDS_PER_SCOPE = 10;

export interface PackageOptions {
  appId: string;
  /** host name of the bot's endpoint, e.g. loftesbot.example.se (validDomains) */
  domain?: string;
  version?: string;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** The manifest template with the placeholders filled in. */
export function buildManifest(options: PackageOptions, template?: string): Record<string, unknown> {
  const text = (template ?? readFileSync(new URL("manifest.json", MANIFEST_DIR), "utf8"))
    .replaceAll("{{APP_ID}}", options.appId.toLowerCase())
    .replaceAll("{{VERSION}}", options.version ?? packageVersion());
  const manifest = JSON.parse(text) as Record<string, unknown>;
  if (options.domain) manifest.validDomains = [options.domain];
  return manifest;
}

export function buildPackage(options: PackageOptions): { zip: Buffer; entries: ZipEntry[] } {
  const manifest = buildManifest(options);
  const entries: ZipEntry[] = [
    { name: "manifest.json", data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8") },
    { name: "color.png", data: readFileSync(new URL("color.png", MANIFEST_DIR)) },
    { name: "outline.png", data: readFileSync(new URL("outline.png", MANIFEST_DIR)) },
  ];
  return { zip: writeZip(entries), entries };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function httpsUrl(value: unknown): boolean {
  return typeof value === "string" && /^https:\/\/[^\s]+$/.test(value);
}

/**
 * The manifest rules Teams enforces that matter for this app: required fields
 * and their lengths (schema v1.19), version ≥ 1.19, GUID ids, icon files of the
 * right size (outline white on transparent), bot scopes, at most 10 commands
 * per scope. `files` are the package's other entries by name.
 */
export function validateManifest(manifest: unknown, files: Map<string, Uint8Array>): string[] {
  const errors: string[] = [];
  const fail = (path: string, message: string) => errors.push(`${path}: ${message}`);
  if (!isObject(manifest)) return ["manifest: not a JSON object"];
  const text = JSON.stringify(manifest);
  if (text.includes("{{")) fail("manifest", "a {{placeholder}} is not filled in");

  const version = /^(\d+)\.(\d+)$/.exec(String(manifest.manifestVersion ?? ""));
  if (!version) fail("manifestVersion", "missing or not N.N");
  else {
    const [major, minor] = [Number(version[1]), Number(version[2])];
    if (major < MIN_MANIFEST_VERSION[0] || (major === MIN_MANIFEST_VERSION[0] && minor < MIN_MANIFEST_VERSION[1]))
      fail("manifestVersion", `${manifest.manifestVersion} is older than 1.19`);
    const schema = String(manifest.$schema ?? "");
    if (!schema.endsWith(`/teams/v${major}.${minor}/MicrosoftTeams.schema.json`))
      fail("$schema", `must be the v${major}.${minor} MicrosoftTeams.schema.json`);
  }
  if (!/^\d+\.\d+\.\d+$/.test(String(manifest.version ?? ""))) fail("version", "must be a semantic version like 1.0.0");
  if (!GUID.test(String(manifest.id ?? ""))) fail("id", "must be a GUID");

  const developer = manifest.developer;
  if (!isObject(developer)) fail("developer", "required");
  else {
    if (typeof developer.name !== "string" || developer.name.length === 0 || developer.name.length > 32)
      fail("developer.name", "required, at most 32 characters");
    for (const key of ["websiteUrl", "privacyUrl", "termsOfUseUrl"])
      if (!httpsUrl(developer[key])) fail(`developer.${key}`, "required https URL");
  }
  const name = manifest.name;
  if (!isObject(name) || typeof name.short !== "string" || name.short.length === 0 || name.short.length > 30)
    fail("name.short", "required, at most 30 characters");
  else if (name.full !== undefined && (typeof name.full !== "string" || name.full.length > 100))
    fail("name.full", "at most 100 characters");
  const description = manifest.description;
  if (!isObject(description)) fail("description", "required");
  else {
    if (typeof description.short !== "string" || description.short.length === 0 || description.short.length > 80)
      fail("description.short", "required, at most 80 characters");
    if (typeof description.full !== "string" || description.full.length === 0 || description.full.length > 4000)
      fail("description.full", "required, at most 4000 characters");
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(String(manifest.accentColor ?? ""))) fail("accentColor", "required #RRGGBB colour");

  const icons = manifest.icons;
  if (!isObject(icons)) fail("icons", "required");
  else {
    for (const [key, size] of [
      ["color", 192],
      ["outline", 32],
    ] as const) {
      const file = icons[key];
      const data = typeof file === "string" ? files.get(file) : undefined;
      if (!data) {
        fail(`icons.${key}`, `file ${String(file)} is not in the package`);
        continue;
      }
      const image = readPng(data);
      if (!image) fail(`icons.${key}`, "not a PNG file");
      else if (image.width !== size || image.height !== size)
        fail(`icons.${key}`, `must be ${size}×${size} pixels, is ${image.width}×${image.height}`);
      else if (key === "outline") {
        const corner = image.pixels[3];
        let coloured = false;
        for (let i = 0; i < image.pixels.length; i += 4) {
          const alpha = image.pixels[i + 3];
          if (alpha > 0 && (image.pixels[i] < 250 || image.pixels[i + 1] < 250 || image.pixels[i + 2] < 250))
            coloured = true;
        }
        if (corner !== 0) fail("icons.outline", "background must be transparent");
        if (coloured) fail("icons.outline", "must be white on transparent");
      }
    }
  }

  const bots = manifest.bots;
  if (!Array.isArray(bots) || bots.length !== 1 || !isObject(bots[0])) fail("bots", "exactly one bot");
  else {
    const bot = bots[0];
    if (!GUID.test(String(bot.botId ?? ""))) fail("bots[0].botId", "must be a GUID");
    const scopes = Array.isArray(bot.scopes) ? bot.scopes : [];
    for (const scope of BOT_SCOPES) if (!scopes.includes(scope)) fail("bots[0].scopes", `must include ${scope}`);
    for (const scope of scopes) if (!BOT_SCOPES.includes(String(scope))) fail("bots[0].scopes", `unknown ${scope}`);
    const lists = Array.isArray(bot.commandLists) ? bot.commandLists : [];
    if (lists.length > 3) fail("bots[0].commandLists", "at most 3 lists");
    const seen = new Set<string>();
    lists.forEach((list: unknown, i: number) => {
      const path = `bots[0].commandLists[${i}]`;
      if (!isObject(list) || !Array.isArray(list.scopes) || !Array.isArray(list.commands)) {
        fail(path, "needs scopes and commands");
        return;
      }
      for (const scope of list.scopes) {
        if (seen.has(String(scope))) fail(`${path}.scopes`, `${scope} has more than one command list`);
        seen.add(String(scope));
        if (!scopes.includes(scope)) fail(`${path}.scopes`, `${scope} is not a bot scope`);
      }
      if (list.commands.length > MAX_COMMANDS_PER_SCOPE)
        fail(`${path}.commands`, `at most ${MAX_COMMANDS_PER_SCOPE} commands, has ${list.commands.length}`);
      list.commands.forEach((command: unknown, j: number) => {
        if (!isObject(command) || typeof command.title !== "string" || typeof command.description !== "string")
          fail(`${path}.commands[${j}]`, "needs title and description");
        else {
          if (command.title.length === 0 || command.title.length > 32)
            fail(`${path}.commands[${j}].title`, "1–32 characters");
          if (command.description.length > 128) fail(`${path}.commands[${j}].description`, "at most 128 characters");
        }
      });
    });
  }
  const domains = manifest.validDomains;
  if (domains !== undefined) {
    if (!Array.isArray(domains)) fail("validDomains", "must be an array");
    else
      domains.forEach((d: unknown, i: number) => {
        if (typeof d !== "string" || /^[a-z]+:\/\//i.test(d) || /\s|\//.test(d))
          fail(`validDomains[${i}]`, "a host name without scheme or path");
      });
  }
  return errors;
}

/** Checks a built package: the three files at the root and a valid manifest. */
export function validatePackage(zip: Uint8Array): string[] {
  const entries = readZip(zip);
  const files = new Map(entries.map((e) => [e.name, e.data]));
  const names = entries.map((e) => e.name).sort();
  const errors: string[] = [];
  for (const name of ["color.png", "manifest.json", "outline.png"])
    if (!files.has(name)) errors.push(`package: ${name} missing at the root`);
  if (names.some((n) => n.includes("/"))) errors.push("package: files must be at the zip root");
  const manifest = files.get("manifest.json");
  if (!manifest) return errors;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(manifest).toString("utf8"));
  } catch {
    return [...errors, "manifest.json: not valid JSON"];
  }
  return [...errors, ...validateManifest(parsed, files)];
}

const USAGE = "usage: loftesbot manifest teams --app-id <GUID> --out FILE.zip [--domain HOST]";

/** `loftesbot manifest teams …`; returns the exit code. */
export function runTeamsManifestCommand(args: string[], out: (text: string) => void): number {
  let values: { "app-id"?: string; out?: string; domain?: string };
  try {
    values = parseArgs({
      args,
      options: {
        "app-id": { type: "string" },
        out: { type: "string" },
        domain: { type: "string" },
        db: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    out(`loftesbot manifest teams: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const appId = values["app-id"]?.trim() ?? "";
  if (!GUID.test(appId)) {
    out(`loftesbot manifest teams: --app-id must be the bot's Microsoft App ID (a GUID)\n${USAGE}`);
    return 2;
  }
  if (!values.out) {
    out(`loftesbot manifest teams: --out FILE.zip is required\n${USAGE}`);
    return 2;
  }
  const { zip } = buildPackage({ appId, domain: values.domain?.trim() || undefined });
  const errors = validatePackage(zip);
  if (errors.length > 0) {
    out(`loftesbot manifest teams: the package is not valid:\n${errors.map((e) => `  ${e}`).join("\n")}`);
    return 1;
  }
  writeFileSync(values.out, zip);
  out(`Wrote ${values.out} (manifest.json, color.png, outline.png) for app ${appId.toLowerCase()}.`);
  return 0;
}
