// A tiny fake of the platforms' outbound side, in the bench process:
// - Slack Web API (`/api/<method>`): `{ ok: true }` to everything (auth.test
//   included; files.uploadV2's three steps work); optionally Slack's chat.postMessage limits — about one message
//   per second per channel and a workspace-wide burst limit — answered with
//   429 and `Retry-After` when exceeded;
// - Slack `response_url`s (`/respond/<n>`): answers sent after an empty ack;
// - a Bot Framework connector (`/teams/v3/conversations/…`), for replies that
//   do not come back in the body.
// It counts what it saw, so the benches can check what was delivered.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createHash } from "node:crypto";

export interface RateLimits {
  /** minimum spacing of accepted chat.postMessage per channel, ms (Slack: ~1 message/s per channel) */
  perChannelMs: number;
  /** workspace-wide token bucket for chat.postMessage: sustained rate per second and burst */
  globalPerSecond?: number;
  globalBurst?: number;
  /** Retry-After to send, seconds */
  retryAfterSeconds?: number;
}

export interface FakeSlackStats {
  calls: Record<string, number>;
  /** accepted chat.postMessage per channel */
  posted: Map<string, number>;
  /** accepted chat.postMessage per channel and content hash (a count above 1 is a duplicate) */
  postedContent: Map<string, number>;
  rateLimited: number;
  perChannelViolations: number;
  /** files uploaded (files.uploadV2's second step) */
  uploads: number;
  /** response_url posts, and how many carried a confirmation (✅) */
  responded: number;
  respondedConfirmed: number;
  /** confirmations through response_url per target (`/respond/<target>/<n>`) */
  confirmedBy: Map<string, number>;
  /** the last body posted to each response_url path (`/respond/<target>/<n>`) */
  responses: Map<string, string>;
  teamsActivities: number;
}

function emptyStats(): FakeSlackStats {
  return {
    calls: {},
    posted: new Map(),
    postedContent: new Map(),
    rateLimited: 0,
    perChannelViolations: 0,
    uploads: 0,
    responded: 0,
    respondedConfirmed: 0,
    confirmedBy: new Map(),
    responses: new Map(),
    teamsActivities: 0,
  };
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (!text) return {};
  if (contentType?.includes("json")) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export class FakeSlack {
  stats: FakeSlackStats = emptyStats();
  private server!: Server;
  port = 0;
  limits: RateLimits | null = null;
  private lastAccepted = new Map<string, number>();
  private tokens = 0;
  private tokensAt = Date.now();
  private ts = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  reset(limits: RateLimits | null = null): void {
    this.stats = emptyStats();
    this.limits = limits;
    this.lastAccepted.clear();
    this.tokens = limits?.globalBurst ?? 0;
    this.tokensAt = Date.now();
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const body = await readAll(req);
      const url = req.url ?? "/";
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(payload));
      };
      if (url.startsWith("/api/")) {
        const method = url.slice("/api/".length).split("?")[0];
        this.stats.calls[method] = (this.stats.calls[method] ?? 0) + 1;
        if (method === "auth.test")
          return json(200, {
            ok: true,
            url: "https://bench.slack.com/",
            team: "bench",
            user: "loftesbot",
            team_id: "T0BENCH",
            user_id: "U00LOFTESBOT",
            bot_id: "B00LOFTESBOT",
          });
        if (method === "chat.postMessage") {
          const args = parseBody(body, req.headers["content-type"]);
          const channel = String(args.channel ?? "");
          const limited = this.limit(channel);
          if (limited) {
            this.stats.rateLimited++;
            return json(429, { ok: false, error: "ratelimited" }, { "retry-after": String(limited) });
          }
          this.stats.posted.set(channel, (this.stats.posted.get(channel) ?? 0) + 1);
          const key = `${channel}\u0000${createHash("sha1")
            .update(String(args.text ?? "") + String(args.blocks ?? ""))
            .digest("hex")}`;
          this.stats.postedContent.set(key, (this.stats.postedContent.get(key) ?? 0) + 1);
          return json(200, {
            ok: true,
            channel,
            ts: `${Math.floor(Date.now() / 1000)}.${String(++this.ts).padStart(6, "0")}`,
          });
        }
        if (method === "files.getUploadURLExternal") {
          const fileId = `F${++this.ts}`;
          return json(200, { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId });
        }
        if (method === "files.completeUploadExternal") return json(200, { ok: true, files: [{ id: "F0", title: "" }] });
        return json(200, { ok: true });
      }
      if (url.startsWith("/upload/")) {
        this.stats.uploads++;
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("OK");
      }
      if (url.startsWith("/respond/")) {
        this.stats.responded++;
        this.stats.responses.set(url, body);
        if (body.includes("✅") || body.includes("\\u2705")) {
          this.stats.respondedConfirmed++;
          const target = url.split("/")[2] ?? "";
          this.stats.confirmedBy.set(target, (this.stats.confirmedBy.get(target) ?? 0) + 1);
        }
        return json(200, { ok: true });
      }
      if (url.startsWith("/teams/")) {
        this.stats.teamsActivities++;
        return json(200, { id: `activity-${++this.ts}` });
      }
      json(404, { ok: false, error: "unknown_method" });
    });
    this.server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
  }

  /** seconds to wait when this post is over a limit, else 0 (and the post is counted) */
  private limit(channel: string): number {
    const limits = this.limits;
    if (!limits) return 0;
    const now = Date.now();
    const retryAfter = limits.retryAfterSeconds ?? 1;
    const last = this.lastAccepted.get(channel);
    if (last !== undefined && now - last < limits.perChannelMs) {
      this.stats.perChannelViolations++;
      return retryAfter;
    }
    if (limits.globalPerSecond) {
      const burst = limits.globalBurst ?? limits.globalPerSecond;
      this.tokens = Math.min(burst, this.tokens + ((now - this.tokensAt) / 1000) * limits.globalPerSecond);
      this.tokensAt = now;
      if (this.tokens < 1) return retryAfter;
      this.tokens -= 1;
    }
    this.lastAccepted.set(channel, now);
    return 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
