// The type of the Prisma client the code uses. The SQLite client is generated
// from the same model and has the same API, so both are typed as this one.
import type { PrismaClient } from "../../generated/postgresql/client.js";

export type Prisma = PrismaClient;
