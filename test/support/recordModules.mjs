// Loaded with `node --import` by test/src/app/cliStartup.test.ts: appends the
// URL of every module the process loads to the file named by
// LOFTESBOT_TEST_MODULES_FILE — ES modules (and CommonJS entered from ESM) as
// they load, and at exit every CommonJS module in require's cache (those one
// CommonJS module requires from another, or createRequire, never pass the
// ESM hooks).
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

const file = process.env.LOFTESBOT_TEST_MODULES_FILE;
register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  const result = await next(url, context);
  appendFileSync(${JSON.stringify(file)}, url + "\\n");
  return result;
}`)}`,
);
const require = createRequire(import.meta.url);
process.once("exit", () => {
  const cached = Object.keys(require.cache).filter((path) => path.startsWith("/"));
  if (cached.length > 0) appendFileSync(file, `${cached.map((path) => pathToFileURL(path).href).join("\n")}\n`);
});
