// Raw SQL written once for both databases (`SQL.sql\`…\``, `SQL.join`), from
// Prisma's runtime rather than a generated client: importing a generated
// client loads it (and its query compiler's Wasm), and the service loads only
// the client of the database it uses (database.ts).
export { join, raw, sqltag as sql } from "@prisma/client/runtime/client";
export type { Sql } from "@prisma/client/runtime/client";
