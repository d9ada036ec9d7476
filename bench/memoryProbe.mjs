// Memory probe for issue 18 (not part of `npm run bench`): preload it into
// `loftesbot serve` (or bench/memoryFloor.ts) with
//   NODE_OPTIONS="--import ./bench/memoryProbe.mjs" PROBE_DIR=/tmp/probe …
// It writes PROBE_DIR/mods.PID (every ES module as it loads: seconds since
// start, format, URL), PROBE_DIR/mem.PID (each second: RSS, anonymous and
// file-backed resident memory, VmHWM, the V8 heap and its spaces), and on
// SIGWINCH PROBE_DIR/dump.PID.SECONDS (the memory before and after two full
// GCs, then every CommonJS module in require's cache). Other processes the
// variable reaches are left alone.
import { register, createRequire } from "node:module";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import v8 from "node:v8";
import vm from "node:vm";
if (process.argv.includes("serve") || process.argv.some((a) => a.endsWith("memoryFloor.ts"))) {
  const dir = process.env.PROBE_DIR ?? "/tmp";
  const pid = process.pid;
  const t0 = performance.timeOrigin;
  register(
    `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
  const result = await next(url, context);
  appendFileSync(${JSON.stringify(`${dir}/mods.${pid}`)}, ((Date.now() - ${t0})/1000).toFixed(2) + " " + (result.format ?? "") + " " + url + "\\n");
  return result;
}`)}`,
  );
  const mb = (x) => Math.round(x / 1048576);
  const smaps = () => {
    const s = readFileSync("/proc/self/smaps_rollup", "utf8");
    const k = (n) => Math.round(Number(new RegExp(`^${n}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0) / 1024);
    const st = readFileSync("/proc/self/status", "utf8");
    const q = (n) => Math.round(Number(new RegExp(`^${n}:\\s+(\\d+)`, "m").exec(st)?.[1] ?? 0) / 1024);
    return `anon ${k("Anonymous")} file ${q("RssFile")} hwm ${q("VmHWM")}`;
  };
  const line = () => {
    const m = process.memoryUsage();
    const spaces = v8
      .getHeapSpaceStatistics()
      .map((s) => `${s.space_name.replace("_space", "")}:${mb(s.space_used_size)}/${mb(s.space_size)}`)
      .join(" ");
    return `${((Date.now() - t0) / 1000).toFixed(1)}s rss ${mb(m.rss)} ${smaps()} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} ab ${mb(m.arrayBuffers)} | ${spaces}`;
  };
  setInterval(() => appendFileSync(`${dir}/mem.${pid}`, line() + "\n"), 1000).unref();
  process.on("SIGWINCH", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc");
    const before = line();
    gc();
    gc();
    const require = createRequire(import.meta.url);
    writeFileSync(
      `${dir}/dump.${pid}.${Math.round((Date.now() - t0) / 1000)}`,
      `before gc: ${before}\nafter gc:  ${line()}\n` + Object.keys(require.cache).join("\n") + "\n",
    );
  });
}
