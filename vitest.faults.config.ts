import { defineConfig } from "vitest/config";

// `npm run test:faults`: black-box fault tests against real service processes
// (killed mid-load, cut off from the database, a failing chat platform, event
// storms). One file at a time: each starts its own service processes, and
// several at once on a small shared machine would only measure the machine.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
