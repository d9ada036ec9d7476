// The generated Prisma client reads its query compiler's Wasm as a file
// (prisma/generate.mjs, readWasmAsFile): the rewrite happens at install, and
// an install whose Prisma ships that Wasm in another shape fails there, with
// the reason — not at the service's first query.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { readWasmAsFile } from "../../prisma/generate.mjs";

const SPEC = "@prisma/client/runtime/query_compiler_bg.sqlite.wasm-base64.mjs";
/** the generated client as Prisma writes it, before the rewrite */
const asGenerated = `config.compilerWasm = {
  getQueryCompilerWasmModule: async () => {
    const { wasm } = await import("${SPEC}")
    return await decodeBase64AsWasm(wasm)
  }
}`;
const dir = mkdtempSync(join(tmpdir(), "loftesbot-wasm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shippedAs(text: string) {
  const file = join(dir, `wasm-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, text);
  return { resolve: () => file };
}

describe("readWasmAsFile", () => {
  it("rewrites the import to read the installed file, which is one base64 string of valid Wasm", () => {
    const require = createRequire(import.meta.url);
    const rewritten: string = readWasmAsFile(asGenerated, require);
    expect(rewritten).not.toContain(`await import("${SPEC}")`);
    expect(rewritten).toContain(`createRequire(import.meta.url).resolve("${SPEC}")`);
    expect(readFileSync(require.resolve(SPEC), "utf8").length).toBeGreaterThan(1_000_000);
  });

  it("refuses, at install, a Wasm file in another shape, and a generated client that imports it otherwise", () => {
    const shapes = [
      'const wasm = "AGFzbQEAAAAB%%%%";\nexport { wasm }\n', // not base64
      'const wasm = "QUJD";\nexport { wasm }\n', // base64, not Wasm
      "const wasm = 'AGFzbQEAAAA=';\nexport { wasm }\n", // other quotes
      'const a = "AGFzbQ", b = "EAAAA=";\nexport const wasm = a + b;\n', // split
    ];
    for (const text of shapes)
      expect(() => readWasmAsFile(asGenerated, shippedAs(text)), text).toThrow(
        /no longer one base64 string of valid Wasm/,
      );
    expect(readWasmAsFile(asGenerated, shippedAs('const wasm = "AGFzbQEAAAA=";\nexport { wasm }\n'))).toContain(
      "createRequire",
    );
    expect(() =>
      readWasmAsFile(asGenerated.replace("{ wasm }", "{ wasm: w }"), createRequire(import.meta.url)),
    ).toThrow(/no longer imports its Wasm as expected/);
  });
});
