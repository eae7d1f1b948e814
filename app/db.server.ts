import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./db/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./db/generated/sqlite/client";
import { env, isPostgres } from "./env.server";

/**
 * The Prisma client for DATABASE_URL: SQLite (embedded default) or PostgreSQL (several app
 * processes). Both clients come from the same models (prisma/schema.prisma), so the app is typed
 * against the SQLite one.
 */
export type Database = SqliteClient;
export type { Prisma } from "./db/generated/sqlite/client";

// Prisma's defaults (wait 2 s to start a transaction, 5 s to finish it) turn a busy moment into
// a 500: on SQLite one transaction runs at a time, so a webhook or an admin save can queue behind
// a history-import batch. Waiting longer is the right answer; work that queues longer still
// (the ledger) passes its own options.
const transactionOptions = { maxWait: 20_000, timeout: 30_000 };

function createDatabase(databaseUrl: string): Database {
  if (isPostgres(databaseUrl)) {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), transactionOptions });
    return client as unknown as Database;
  }
  const client = new SqliteClient({ adapter: new PrismaLibSQL({ url: databaseUrl }), transactionOptions });
  // Write-ahead logging: readers (other processes, tests, backups) never block Encore's writes.
  // The adapter runs queries one at a time, so this runs before anything else.
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch((error: unknown) =>
    console.error("Encore: could not switch SQLite to WAL mode", error),
  );
  return client;
}

declare global {
  // Vite's dev server re-imports modules on change; keep one client (and its pool) per process.
  var encoreDatabase: Database | undefined;
}

export const db: Database = (globalThis.encoreDatabase ??= createDatabase(env.DATABASE_URL));
