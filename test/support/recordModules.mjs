// Loaded with `node --import` by test/src/app/cliStartup.test.ts: appends the
// URL of every module the process loads (ESM, and CommonJS entered from ESM)
// to the file named by LOFTESBOT_TEST_MODULES_FILE.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  const result = await next(url, context);
  appendFileSync(${JSON.stringify(process.env.LOFTESBOT_TEST_MODULES_FILE)}, url + "\\n");
  return result;
}`)}`,
);
