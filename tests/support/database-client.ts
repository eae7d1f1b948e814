import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../../app/db/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "../../app/db/generated/sqlite/client";

const BUSY_RETRY_MS = 50;
const BUSY_WAIT_MS = 20_000;

// libsql opens SQLite connections without a busy timeout, so a test's write that meets the app
// process mid-write (the history import after install) fails at once with SQLITE_BUSY, which
// Prisma reports as "Operation has timed out". The app is SQLite's only writer in production;
// here the test is a second one, so it waits its turn as SQLite's busy timeout would.
const isBusy = (error: unknown) => error instanceof Error && ((error as { code?: string }).code === "P1008" || error.message.includes("Operation has timed out"));

/** A Prisma client on a test database, for arranging and checking rows directly. */
export function openDatabase(url: string): SqliteClient {
  if (url.startsWith("postgres")) {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient;
  }
  const client = new SqliteClient({ adapter: new PrismaLibSQL({ url }), transactionOptions: { maxWait: BUSY_WAIT_MS, timeout: 30_000 } });
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        const deadline = Date.now() + BUSY_WAIT_MS;
        for (;;) {
          try {
            return await query(args);
          } catch (error) {
            if (!isBusy(error) || Date.now() > deadline) throw error;
            await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
          }
        }
      },
    },
  }) as unknown as SqliteClient;
}
