// What one request has written, so that its answer tells the truth about it:
// nothing, a write on its way whose outcome the database has not confirmed, or
// a committed write. The database layer marks every write a request makes
// (src/storage/writeWatch.ts); the front door picks its fallback answer from
// it. Once a request was told "nothing was stored", its writes are closed: a
// write that has not gone out yet is refused, so that answer stays true.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Reply } from "./reply.js";

export type WriteOutcome = "none" | "committed" | "unknown";

/** queued: not sent yet (refused once closed); sent: on its way; unknown: the connection failed meanwhile */
type WriteState = "queued" | "sent" | "committed" | "not-written" | "unknown";

/** A write refused because its request was already answered "nothing was stored". */
export class WritesClosed extends Error {
  constructor() {
    super("the request was answered 'nothing was stored': no write may go out for it now");
    this.name = "WritesClosed";
  }
}

/** One statement (or one transaction's COMMIT) that may store something. */
export class WriteTicket {
  private current: WriteState = "queued";

  constructor(
    private readonly writes: RequestWrites,
    /** committed together with the request key's claim: the key tells its outcome */
    readonly keyed: boolean,
  ) {}

  get state(): WriteState {
    return this.current;
  }

  /** The statement goes out now; refused (nothing sent) when the request's writes were closed meanwhile. */
  send(): void {
    if (this.current !== "queued") return;
    if (this.writes.closed) {
      this.current = "not-written";
      throw new WritesClosed();
    }
    this.current = "sent";
  }

  committed(): void {
    this.current = "committed";
  }

  /** `definite`: the database said the statement did not commit (or it never went out). */
  failed(definite: boolean): void {
    this.current = this.current === "queued" || definite ? "not-written" : "unknown";
  }

  /** A later look at the database settled an unknown outcome. */
  settled(committed: boolean): void {
    if (this.current === "unknown" || this.current === "sent") this.current = committed ? "committed" : "not-written";
  }
}

/** The request key this request claimed, for writes that commit together with it. */
export interface RequestClaim {
  key: string;
  /** the claim's value while this attempt owns the key; a write keyed to it commits only while it is unchanged */
  marker: string;
}

export class RequestWrites {
  private readonly tickets: WriteTicket[] = [];
  /** another attempt of the same request (same key) may be writing */
  private othersWriting = false;
  private isClosed = false;
  /** the confirmation to give if the request fails after its write committed (built before the reply's extras) */
  receipt?: Reply;
  /**
   * what to say when the outcome of its write is unknown (else the core's general text); built
   * only then, so it must read nothing that changes after it is set
   */
  unconfirmed?: () => Reply;
  /** set while this attempt owns the request key */
  claim?: RequestClaim;
  /** when the request must be answered (performance.now()); the front door sets it (deadline.ts answerBy) */
  answerDue?: number;

  get closed(): boolean {
    return this.isClosed;
  }

  /** A write starts; refused when the request was already answered "nothing was stored". */
  begin(keyed = false): WriteTicket {
    if (this.isClosed) throw new WritesClosed();
    const ticket = new WriteTicket(this, keyed);
    this.tickets.push(ticket);
    return ticket;
  }

  /** Another attempt of this request holds its key (true) or no longer does (false). */
  waitingForOtherAttempt(waiting: boolean): void {
    this.othersWriting = waiting;
  }

  outcome(): WriteOutcome {
    if (this.tickets.some((t) => t.state === "committed")) return "committed";
    if (this.othersWriting || this.tickets.some((t) => t.state === "sent" || t.state === "unknown")) return "unknown";
    return "none";
  }

  /** Writes whose outcome is unknown but committed together with the request key (its claim tells). */
  unknownKeyed(): WriteTicket[] {
    return this.tickets.filter((t) => t.keyed && (t.state === "unknown" || t.state === "sent"));
  }

  /**
   * At the deadline: when nothing was written, no write may go out any more
   * (so "nothing was stored" stays true). Returns the outcome as it stands.
   */
  closeIfNothingWritten(): WriteOutcome {
    const outcome = this.outcome();
    if (outcome === "none") this.isClosed = true;
    return outcome;
  }
}

const current = new AsyncLocalStorage<RequestWrites>();

/** Runs a request's work with its write tracker. */
export function withWrites<T>(writes: RequestWrites, work: () => Promise<T>): Promise<T> {
  return current.run(writes, work);
}

/** The tracker of the request being handled, if any. */
export function currentWrites(): RequestWrites | undefined {
  return current.getStore();
}

/** Runs work that belongs to no request (a job started by a command): its writes are not the request's. */
export function outsideRequest<T>(work: () => T): T {
  return current.exit(work);
}
