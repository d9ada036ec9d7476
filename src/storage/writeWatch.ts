// Every write a request makes, marked in its tracker (src/core/writes.ts) where
// it meets the database: Prisma's driver adapter (both databases) and the
// prepared statements on the shared SQLite connection. A write is a statement
// that changes a table other than the bookkeeping ones (request keys, audit,
// deliveries, leases, conversation references), or the COMMIT of a
// transaction that made one. Its outcome is committed when the database says
// so, not written when the database refused it or it never went out, and
// unknown when the connection failed with it on its way. A write that has not
// gone out when the request was answered "nothing was stored" is refused (a
// transaction's COMMIT becomes a ROLLBACK).
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaPg } from "@prisma/adapter-pg";
import { currentWrites, type WriteTicket, WritesClosed } from "../core/writes.js";

type Factory = Pick<PrismaPg | PrismaBetterSQLite3, "provider" | "adapterName" | "connect" | "connectToShadowDb">;
type Provider = "sqlite" | "postgresql";

/** The parts of Prisma's driver adapter (and its transactions) watched here. */
interface Query {
  sql: string;
  args: unknown[];
  argTypes: unknown[];
}
interface Queryable {
  queryRaw(query: Query): Promise<unknown>;
  executeRaw(query: Query): Promise<number>;
}
interface Transaction extends Queryable {
  rollback(): Promise<void>;
}
interface Adapter extends Queryable {
  startTransaction(isolationLevel?: unknown): Promise<Transaction>;
}

/** Tables whose rows record how a request was handled, not what a person stored. */
const BOOKKEEPING = new Set(["processed_request", "audit_event", "delivery", "job_lease", "conversation_ref"]);

const CHANGES = /^\s*(?:INSERT|UPDATE|DELETE|REPLACE|MERGE|WITH)\b/i;
/** an identifier as PostgreSQL ("…") or SQLite (`…`, […]) may quote it, optionally after its schema */
const NAME = String.raw`(?:"[^"]+"|\`[^\`]+\`|\[[^\]]+\]|\w+)`;
const TARGET = new RegExp(
  String.raw`\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|(?<!\b(?:FOR|DO)\s+(?:NO\s+KEY\s+)?)UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|MERGE\s+INTO)\s+(${NAME}(?:\s*\.\s*${NAME})?)`,
  "gi",
);

/**
 * What a statement writes: nothing people stored ("none": reads, bookkeeping),
 * what people store ("user"), or that together with its request key's claim
 * in one statement ("keyed": the claim tells whether it committed).
 */
export function writeKind(sql: string): "none" | "user" | "keyed" {
  // the same few statements run for every line (their values are bound apart): read each once
  let kind = kinds.get(sql);
  if (kind === undefined) {
    if (kinds.size >= KINDS_KEPT) kinds.clear();
    kind = readWriteKind(sql);
    kinds.set(sql, kind);
  }
  return kind;
}

const KINDS_KEPT = 1_000;
const kinds = new Map<string, "none" | "user" | "keyed">();

function readWriteKind(sql: string): "none" | "user" | "keyed" {
  if (!CHANGES.test(sql)) return "none";
  const tables = [...sql.matchAll(TARGET)].map(
    (match) =>
      (match[1] ?? "")
        .split(".")
        .pop()
        ?.trim()
        .replace(/["`[\]]/g, "")
        .toLowerCase() ?? "",
  );
  if (!tables.some((table) => !BOOKKEEPING.has(table))) return "none";
  return tables.includes("processed_request") ? "keyed" : "user";
}

/** True when the statement changes a table of what people store (not only bookkeeping). */
export function writesUserData(sql: string): boolean {
  return writeKind(sql) !== "none";
}

/**
 * True when the statement surely did not commit: it never went out, or the
 * database answered with an error of its own (SQLite always; PostgreSQL a
 * SQLSTATE other than a connection failure). A connection lost with the
 * statement on its way leaves the outcome unknown.
 */
export function definitelyNotWritten(provider: Provider, error: unknown): boolean {
  if (error instanceof WritesClosed) return true;
  if (provider === "sqlite") return true;
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  const code = typeof cause?.originalCode === "string" ? cause.originalCode : null;
  return code !== null && !/^(08|57P)/.test(code);
}

/** The write whose statement is being handed to the PostgreSQL pool (it goes out once a connection is free). */
const handingOver = new AsyncLocalStorage<WriteTicket>();

/** A count of 0 changed rows, or null (a keyed write whose claim was gone): nothing was written. */
function changedNothing(result: unknown): boolean {
  return result === null || result === 0;
}

function settle(ticket: WriteTicket, result: unknown): void {
  if (changedNothing(result)) ticket.failed(true);
  else ticket.committed();
}

/**
 * A write for the shared SQLite connection's next batch (embeddedSqlite.ts):
 * marked in its request's tracker when it is queued (refused at once when the
 * request was already answered "nothing was stored"); null when it belongs to
 * no request or writes only bookkeeping. The batch sends it as it runs
 * (`send`, refused when closed meanwhile) and settles it after the COMMIT.
 */
export function queuedWrite(sql: string, keyed = false): WriteTicket | null {
  const writes = currentWrites();
  if (!writes || (!keyed && !writesUserData(sql))) return null;
  return writes.begin(keyed);
}

/** A queued write's outcome once its batch has committed: a count of 0 (or a null keyed write) wrote nothing. */
export function settleQueued(ticket: WriteTicket | null, result: unknown): void {
  if (ticket) settle(ticket, result);
}

/**
 * A write through Prisma (`$executeRaw`, model writes) or a keyed statement:
 * `run` sends it; on PostgreSQL it goes out when the pool hands it a
 * connection (see `watchWrites`), elsewhere at once.
 */
export async function tracked<T>(
  provider: Provider,
  run: () => Promise<T>,
  options: { keyed?: boolean; viaPool?: boolean } = {},
): Promise<T> {
  const writes = currentWrites();
  if (!writes) return run();
  const ticket = writes.begin(options.keyed ?? false);
  if (!options.viaPool) ticket.send();
  try {
    const result = await handingOver.run(ticket, run);
    settle(ticket, result);
    return result;
  } catch (error) {
    ticket.failed(definitelyNotWritten(provider, error));
    throw error;
  }
}

/** Wraps Prisma's adapter factory so that every write through it is marked in its request's tracker. */
export function watchWrites(factory: Factory, provider: Provider): Factory {
  const connect = async () => {
    const connected = await factory.connect();
    const adapter = connected as unknown as Adapter;
    if (provider === "postgresql") watchPool((connected as unknown as { client?: unknown }).client);
    const viaPool = provider === "postgresql";
    const { queryRaw, executeRaw, startTransaction } = adapter;
    const watched =
      <T>(method: (query: Query) => Promise<T>) =>
      (query: Query): Promise<T> => {
        const kind = currentWrites() ? writeKind(query.sql) : "none";
        if (kind === "none") return method.call(adapter, query);
        return tracked(provider, () => method.call(adapter, query), { viaPool, keyed: kind === "keyed" });
      };
    adapter.queryRaw = watched(queryRaw);
    adapter.executeRaw = watched(executeRaw);
    adapter.startTransaction = async (isolationLevel) =>
      watchTransaction(await startTransaction.call(adapter, isolationLevel), provider);
    return connected;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect,
    connectToShadowDb: () => factory.connectToShadowDb(),
  } as Factory;
}

function isUserWrite(query: Query): boolean {
  return currentWrites() !== undefined && writesUserData(query.sql);
}

/**
 * A transaction's writes count when its COMMIT does; a COMMIT after "nothing
 * was stored" rolls back instead. Prisma releases a transaction's connection
 * (PostgreSQL) or the shared connection's lock (SQLite) only after a COMMIT
 * that succeeded (and a ROLLBACK likewise): after one that failed, they are
 * released here, else each connection lost at that moment would keep a
 * connection of the pool, or the lock, for good.
 */
function watchTransaction(transaction: Transaction, provider: Provider): Transaction {
  let changed = false;
  const { queryRaw, executeRaw } = transaction;
  const abandon = async () => {
    await executeRaw.call(transaction, { sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
    await transaction.rollback().catch(() => undefined);
  };
  const commit = async <T>(query: Query, run: (query: Query) => Promise<T>): Promise<T> => {
    const writes = currentWrites();
    let ticket: WriteTicket | null = null;
    if (writes && changed) {
      try {
        ticket = writes.begin();
        ticket.send();
      } catch (closed) {
        await abandon();
        throw closed;
      }
    }
    try {
      const result = await run(query);
      ticket?.committed();
      return result;
    } catch (error) {
      ticket?.failed(definitelyNotWritten(provider, error));
      await abandon();
      throw error;
    }
  };
  const watched =
    <T>(method: (query: Query) => Promise<T>) =>
    (query: Query): Promise<T> => {
      if (/^\s*COMMIT\b/i.test(query.sql)) return commit(query, (q) => method.call(transaction, q));
      if (/^\s*ROLLBACK\b/i.test(query.sql))
        // a ROLLBACK that fails (the connection is gone) would keep the connection too
        return method.call(transaction, query).catch(async (error: unknown) => {
          await transaction.rollback().catch(() => undefined);
          throw error;
        });
      if (isUserWrite(query)) changed = true;
      return method.call(transaction, query);
    };
  transaction.queryRaw = watched(queryRaw);
  transaction.executeRaw = watched(executeRaw);
  return transaction;
}

type PoolCallback = (error: Error | undefined, client: { release(error?: Error): void } | undefined) => void;

/**
 * pg's pool runs a statement once it has a connection for it: that is when a
 * write goes out. Until then it may wait in the pool's queue, and is refused
 * if its request was answered "nothing was stored" meanwhile.
 */
function watchPool(pool: unknown): void {
  const p = pool as { connect?: (callback?: PoolCallback) => unknown; totalCount?: unknown } | undefined;
  if (!p || typeof p.connect !== "function" || typeof p.totalCount !== "number") return;
  const connect = p.connect;
  p.connect = function (this: unknown, callback?: PoolCallback) {
    const ticket = handingOver.getStore();
    if (!ticket || typeof callback !== "function") return connect.call(this, callback);
    return connect.call(this, (error, client) => {
      if (!error && client) {
        try {
          ticket.send();
        } catch (closed) {
          client.release();
          callback(closed as Error, undefined);
          return;
        }
      }
      callback(error, client);
    });
  };
}
