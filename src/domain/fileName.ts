// File names made from ids and other data (a report per kommun, a chart per
// promise): whatever the data holds, the name is one plain name in the
// directory it is written to — letters, digits, ".", "_" and "-", starting
// with a letter or digit, at most 200 bytes — and a name that already is one
// is kept as it is (so the function can be applied twice).
import { createHash } from "node:crypto";

const MAX_BYTES = 200;
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;
const bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * `name` when it is a plain file name; otherwise every other character becomes "_", leading dots and
 * dashes go, it is cut to fit, and a short hash of the original keeps two different names apart.
 */
export function safeFileName(name: string): string {
  if (PLAIN.test(name) && bytes(name) <= MAX_BYTES) return name;
  const ext = /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0] ?? "";
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  let stem = name
    .slice(0, name.length - ext.length)
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._-]+/gu, "_")
    .replace(/^[._-]+/, "");
  if (stem === "") stem = "file";
  const room = MAX_BYTES - bytes(`-${hash}${ext}`);
  let cut = "";
  for (const ch of stem) {
    if (bytes(cut) + bytes(ch) > room) break;
    cut += ch;
  }
  return `${cut}-${hash}${ext}`;
}
