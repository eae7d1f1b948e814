import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { postgresAdminUrl, postgresTemplateName, postgresUrlFor, sqliteTemplate, testDatabaseKind, testDatabasesDir } from "./paths";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file: a copy of the migrated SQLite template,
 * or a PostgreSQL database cloned from the migrated template database. Nothing is shared, so
 * nothing needs cleaning between tests.
 */
export async function createTestDatabase(kind = testDatabaseKind()): Promise<TestDatabase> {
  const name = `encore_t_${randomBytes(6).toString("hex")}`;
  if (kind === "sqlite") {
    mkdirSync(testDatabasesDir, { recursive: true });
    const file = path.join(testDatabasesDir, `${name}.sqlite`);
    copyFileSync(sqliteTemplate, file);
    return {
      url: `file:${file}`,
      drop: async () => {
        for (const suffix of ["", "-journal", "-wal", "-shm", ".jobs.sqlite", ".jobs.sqlite-wal", ".jobs.sqlite-shm"]) {
          rmSync(file.replace(/\.sqlite$/, "") + (suffix.startsWith(".jobs") ? suffix : `.sqlite${suffix}`), { force: true });
        }
      },
    };
  }
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${postgresTemplateName}"`);
  return {
    url: postgresUrlFor(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
