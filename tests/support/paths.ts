import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const testDatabasesDir = path.join(repoRoot, ".test-dbs");
export const sqliteTemplate = path.join(testDatabasesDir, "template.sqlite");
export const postgresTemplateName = "encore_test_template";
export const binary = (name: string) => path.join(repoRoot, "node_modules", ".bin", name);

/** Which database the integration suite runs on: TEST_DATABASE=sqlite (default) or postgres. */
export const testDatabaseKind = (): "sqlite" | "postgres" =>
  process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";

/** A PostgreSQL server the suite may create databases on (CI: local, trust auth). */
export const postgresAdminUrl = () => process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/test";

export function postgresUrlFor(database: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}
