// `npm start`: the service. Migrates, loads the organisation, serves HTTP on
// PORT, and stops cleanly on SIGTERM/SIGINT (in-flight requests finish).
import type { Server } from "node:http";
import type { Core } from "./compose.js";
import { createHttpServer, type RouteHandler } from "../http/server.js";

export interface Service {
  server: Server;
  port: number;
  stop(): Promise<void>;
}

export interface ServiceParts {
  routes: Record<string, RouteHandler>;
  /** started after the server listens; stopped before the database closes */
  background?: { start(): void | Promise<void>; stop(): void | Promise<void> }[];
}

export async function startService(core: Core, parts: ServiceParts): Promise<Service> {
  const server = createHttpServer({
    whyNotReady: () => core.db.whyNotWritable(),
    routes: parts.routes,
    logger: core.logger,
    timeouts: core.config.http,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(core.config.port, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : core.config.port;
  for (const b of parts.background ?? []) await b.start();
  // no chart library (vega, vega-lite, sharp, resvg: ~40 MiB resident) loads here, nor after start: a
  // chart-bearing command starts loading them as it arrives, and the first chart may use the time its
  // answer has left (src/progress/chart.ts); `/logga` never loads them
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      // no new requests; those in flight finish (at most 10 s), then background
      // work still answering after an ack drains, and only then the database closes
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      for (const b of parts.background ?? []) await b.stop();
      await core.close();
    })();
    return stopping;
  };
  return { server, port, stop };
}
