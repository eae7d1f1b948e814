import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const testDatabasesDir = path.join(repoRoot, ".test-dbs");
export const sqliteTemplate = path.join(testDatabasesDir, "template.sqlite");
// One template per checkout, so two checkouts on one machine (worktrees, a fresh clone next to the
// working tree) can run the suite at the same time without dropping each other's template.
export const postgresTemplateName = `encore_test_template_${createHash("sha256").update(repoRoot).digest("hex").slice(0, 8)}`;
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
