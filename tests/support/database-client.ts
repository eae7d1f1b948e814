import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../../app/db/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "../../app/db/generated/sqlite/client";

/** A Prisma client on a test database, for arranging and checking rows directly. */
export function openDatabase(url: string): SqliteClient {
  if (url.startsWith("postgres")) {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient;
  }
  return new SqliteClient({ adapter: new PrismaLibSQL({ url }) });
}
