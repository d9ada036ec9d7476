// Prisma CLI configuration: the JavaScript schema engine (engine "js") with a
// driver adapter, so the CLI never downloads Prisma's native engines. The CLI
// is only used to generate the clients and to diff schemas (prisma/generate.mjs);
// migrations are applied by src/storage/migrate.ts.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./generated/prisma-cli.db";

export default defineConfig({
  // prisma/generate.mjs names the derived schema of the provider at hand
  schema: process.env.LOFTESBOT_PRISMA_SCHEMA ?? "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    url.startsWith("postgres") ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }),
});
