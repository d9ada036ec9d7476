// What importing one package costs on top of tsx, in a fresh process (issue 18):
//   for p in date-holidays require:date-holidays yaml; do node --expose-gc bench/importCost.mjs $p; done
// "require:NAME" loads it with require (a CommonJS build); anything else with import().
// RSS, heap and external memory after full GCs, before and after the import.
import { createRequire } from "node:module";
import { register } from "tsx/esm/api";

register();
const gc = globalThis.gc;
if (!gc) throw new Error("run with node --expose-gc");
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
await settle();
const before = process.memoryUsage();
const started = performance.now();
const what = process.argv[2] ?? "none";
if (what.startsWith("require:")) createRequire(import.meta.url)(what.slice("require:".length));
else if (what !== "none") await import(what);
const ms = performance.now() - started;
await settle();
const after = process.memoryUsage();
const mib = (x) => (x / 1048576).toFixed(1);
console.log(
  `${what.padEnd(36)} RSS +${mib(after.rss - before.rss)} MiB, heap +${mib(after.heapUsed - before.heapUsed)} MiB, ` +
    `external +${mib(after.external - before.external)} MiB, ${Math.round(ms)} ms`,
);
