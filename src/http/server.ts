// The one HTTP server: health endpoints, Slack on /slack/events and Teams on
// /api/messages, all on PORT. Adapters get the raw request (their SDKs read
// and verify the body themselves); oversized bodies are refused first, and a
// client that trickles its headers or its request is cut off (HttpTimeouts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { Logger } from "../core/log.js";
import { metrics, renderMetrics } from "./metrics.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpOptions {
  /** null while the service can do its work (the database answers and can take a write), else why not */
  whyNotReady: () => Promise<string | null>;
  routes: Record<string, RouteHandler>;
  logger: Logger;
  maxBodyBytes?: number;
  timeouts?: HttpTimeouts;
}

export const MAX_BODY_BYTES = 1_000_000;

/** How long a client may take; Node's own defaults (60 s, 300 s, checked every 30 s) let a slow client hold a connection. */
export interface HttpTimeouts {
  /** from the connection (or the request's first byte) to the end of its headers; then 408 and closed */
  headersTimeoutMs: number;
  /** from the request's first byte to the end of its body (1 MB at most) */
  requestTimeoutMs: number;
  /**
   * an idle connection between requests; above a reverse proxy's own idle
   * timeout (60 s for nginx's upstream keepalive and AWS/Azure load balancers),
   * so the proxy closes first and never reuses a connection we are closing
   */
  keepAliveTimeoutMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
};

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
  });
  res.end(text);
}

export function createHttpServer(options: HttpOptions): Server {
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const timeouts = options.timeouts ?? HTTP_TIMEOUTS;
  let lastProblem: string | null = null;
  const server = createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // how often the two limits above are checked (Node's default, 30 s, would let a slow client stay that much longer)
      connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.floor(timeouts.headersTimeoutMs / 4))),
    },
    async (req, res) => {
      const requestId = (req.headers["x-request-id"] as string | undefined) ?? randomUUID();
      res.setHeader("x-request-id", requestId);
      const path = (req.url ?? "/").split("?")[0];
      const started = process.hrtime.bigint();
      res.on("finish", () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        metrics.httpRequests.inc({
          route:
            options.routes[path] || path === "/healthz" || path === "/readyz" || path === "/metrics" ? path : "other",
          status: String(res.statusCode),
        });
        options.logger.debug(
          { event: "http", requestId, method: req.method, path, status: res.statusCode, ms },
          "request",
        );
      });
      try {
        if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD"))
          return send(res, 200, { status: "ok" });
        if (path === "/readyz" && (req.method === "GET" || req.method === "HEAD")) {
          const problem = await options.whyNotReady().catch(() => "unavailable");
          if (problem !== lastProblem) {
            // once per change, not per probe: a full disk or a read-only database needs an operator
            if (problem) options.logger.warn({ event: "readiness", problem }, `not ready: database ${problem}`);
            else if (lastProblem) options.logger.info({ event: "readiness" }, "ready again");
            lastProblem = problem;
          }
          return send(res, problem ? 503 : 200, { status: problem ? `database ${problem}` : "ready" });
        }
        if (path === "/metrics" && req.method === "GET") {
          res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
          return void res.end(renderMetrics());
        }
        const route = options.routes[path];
        if (!route) return send(res, 404, { error: "not found" });
        if (req.method !== "POST") return send(res, 405, { error: "method not allowed" });
        const length = Number(req.headers["content-length"] ?? "0");
        if (length > maxBody) {
          req.resume();
          return send(res, 413, { error: "request body too large" });
        }
        await route(req, res);
      } catch (error) {
        metrics.failures.inc({ where: "http" });
        options.logger.error({ event: "http.error", requestId, path, err: error }, "request failed");
        send(res, 500, { error: "internal error" });
      }
    },
  );
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  return server;
}

/** Reads a request body with a size limit; rejects with status 413 when exceeded. */
export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(Object.assign(new Error("request body too large"), { status: 413 }));
        req.resume(); // discard the rest, so the caller can still answer 413 (destroy() reset the connection)
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
