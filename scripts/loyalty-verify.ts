/**
 * Recomputes every loyalty balance from the ledger's entries and prints any difference with the
 * cached balances. Exits 1 when there is one (for cron or CI), 0 when the ledger is consistent.
 *
 *   DATABASE_URL=... npm run loyalty:verify [-- --shop example.myshopify.com]
 */
import { parseArgs } from "node:util";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../app/db/generated/postgresql/client";
import { PrismaClient as SqliteClient } from "../app/db/generated/sqlite/client";
import { isPostgres } from "../app/environment";
import { verifyLedger } from "../app/loyalty/ledger.server";

const { values } = parseArgs({ options: { shop: { type: "string" } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(2);
}
// The app's own client module validates the whole app environment; this script needs only the database.
const db = isPostgres(url)
  ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient)
  : new SqliteClient({ adapter: new PrismaLibSQL({ url }) });
try {
  const differences = await verifyLedger(db, values.shop);
  for (const d of differences) {
    console.log(`${d.shop} customer ${d.customerId}: cached ${JSON.stringify(d.cached)}, from entries ${JSON.stringify(d.derived)}`);
  }
  console.log(differences.length === 0 ? "Loyalty ledger: every balance matches its entries." : `Loyalty ledger: ${differences.length} balance(s) differ.`);
  process.exitCode = differences.length === 0 ? 0 : 1;
} finally {
  await db.$disconnect();
}
