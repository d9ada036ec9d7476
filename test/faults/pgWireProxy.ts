// A TCP proxy between a client and PostgreSQL that reads the wire protocol
// (v3) enough to know which statement each message belongs to, and cuts every
// open connection at a chosen moment of a chosen statement: as the client sends
// it (it never reaches the server), when its result arrives (the server has
// run it — for a statement outside a transaction, committed it — but the
// client never hears), or right after its result was passed on. It can also
// hold a statement back for a while. The PostgreSQL server is never touched.
import { createServer, connect, type Server, type Socket } from "node:net";

/** send: drop it on its way to the server; result: drop its result; after-result: pass the result on, then cut */
export type CutMoment = "send" | "result" | "after-result";

export interface Trap {
  /** which statement: its SQL and its number among the statements sent since the trap was set (from 1) */
  match: (sql: string, ordinal: number) => boolean;
  moment: CutMoment;
  /** after the cut, new connections are refused for this long (an outage); else they are accepted at once */
  outageMs?: number;
}

interface Pending {
  sql: string;
  trapped: CutMoment | null;
  outageMs?: number;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  statements: Pending[];
  /** client bytes held back (a held statement and everything after it on this connection) */
  held: Buffer[] | null;
  /** the server answers an SSL or GSS request with one untyped byte */
  expectByte: boolean;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export class PgWireProxy {
  port = 0;
  /** every statement clients sent, in order (for diagnostics) */
  readonly sent: string[] = [];
  cuts = 0;
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  private trap: (Trap & { seen: number }) | null = null;
  private hold: { match: RegExp; ms: number } | null = null;
  private refusingUntil = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = "127.0.0.1";
    u.port = String(this.port);
    return u.toString();
  }

  /** Cut every connection at the trap's moment (once). */
  arm(trap: Trap): void {
    this.trap = { ...trap, seen: 0 };
  }

  disarm(): void {
    this.trap = null;
  }

  /** True while a trap is set and has not fired. */
  get armed(): boolean {
    return this.trap !== null;
  }

  /** Hold the next statement matching `match` (and what follows it on its connection) for `ms`, once. */
  holdNext(match: RegExp, ms: number): void {
    this.hold = { match, ms };
  }

  /** Cut every open connection now; refuse new ones for `outageMs`. */
  cutAll(outageMs = 0): void {
    this.cuts++;
    this.refusingUntil = Date.now() + outageMs;
    for (const pair of this.pairs) {
      pair.client.resetAndDestroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  private accept(client: Socket): void {
    client.on("error", () => undefined);
    if (Date.now() < this.refusingUntil) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    const pair: Pair = { client, upstream, statements: [], held: null, expectByte: false };
    this.pairs.add(pair);
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.destroy());
    client.on("close", () => {
      this.pairs.delete(pair);
      upstream.destroy();
    });
    this.readClient(pair);
    this.readServer(pair);
  }

  private readClient(pair: Pair): void {
    let buffer = Buffer.alloc(0);
    let startup = true;
    pair.client.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!this.pairs.has(pair)) return;
        if (startup) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSS_REQUEST) pair.expectByte = true;
          else if (code !== CANCEL_REQUEST) startup = false;
          this.toServer(pair, message);
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1) + 1;
        if (buffer.length < length) return;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const type = String.fromCharCode(message[0] ?? 0);
        if (type === "P" || type === "Q") {
          const body = message.subarray(5);
          const sql = type === "Q" ? cString(body, 0).text : cString(body, cString(body, 0).end + 1).text;
          if (!this.onStatement(pair, sql)) return;
        }
        this.toServer(pair, message);
      }
    });
  }

  /** Notes a statement on its way; false when the connection was cut instead. */
  private onStatement(pair: Pair, sql: string): boolean {
    this.sent.push(sql);
    const pending: Pending = { sql, trapped: null };
    const trap = this.trap;
    if (trap) {
      trap.seen++;
      if (trap.match(sql, trap.seen)) {
        this.trap = null;
        if (trap.moment === "send") {
          this.cutAll(trap.outageMs);
          return false;
        }
        pending.trapped = trap.moment;
        pending.outageMs = trap.outageMs;
      }
    }
    if (this.hold?.match.test(sql)) {
      const { ms } = this.hold;
      this.hold = null;
      pair.held = [];
      setTimeout(() => {
        const held = pair.held ?? [];
        pair.held = null;
        for (const message of held) if (this.pairs.has(pair)) pair.upstream.write(message);
      }, ms);
    }
    pair.statements.push(pending);
    return true;
  }

  private toServer(pair: Pair, message: Buffer): void {
    if (pair.held) pair.held.push(Buffer.from(message));
    else pair.upstream.write(message);
  }

  private readServer(pair: Pair): void {
    let buffer = Buffer.alloc(0);
    pair.upstream.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!this.pairs.has(pair)) return;
        if (pair.expectByte) {
          if (buffer.length < 1) return;
          pair.client.write(buffer.subarray(0, 1));
          buffer = buffer.subarray(1);
          pair.expectByte = false;
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1) + 1;
        if (buffer.length < length) return;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const type = String.fromCharCode(message[0] ?? 0);
        if (type === "C" || type === "E") {
          // the statement whose cycle (up to ReadyForQuery) is under way
          const current = pair.statements[0];
          if (current?.trapped === "result") {
            this.cutAll(current.outageMs);
            return;
          }
          if (current?.trapped === "after-result") {
            pair.client.write(message);
            this.cutAll(current.outageMs);
            return;
          }
        }
        if (type === "Z") pair.statements.shift();
        pair.client.write(message);
      }
    });
  }
}

function cString(buffer: Buffer, start: number): { text: string; end: number } {
  const end = buffer.indexOf(0, start);
  return { text: buffer.toString("utf8", start, end < 0 ? buffer.length : end), end: end < 0 ? buffer.length : end };
}
