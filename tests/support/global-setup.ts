import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { adminQuery } from "./databases";
import { postgresTemplateName, postgresUrlFor, repoRoot, sqliteTemplate, testDatabaseKind, testDatabasesDir } from "./paths";

/** Once per run: check the app is built and prepare a migrated template database to copy per file. */
export default async function setup() {
  if (!existsSync(path.join(repoRoot, "build", "server", "index.js"))) {
    throw new Error("The app is not built: run `npm run build` (npm test does it) before the integration suite.");
  }
  const migrate = (databaseUrl: string) =>
    execFileSync(process.execPath, [path.join(repoRoot, "scripts", "db.mjs"), "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "ignore", "inherit"],
    });

  if (testDatabaseKind() === "sqlite") {
    mkdirSync(testDatabasesDir, { recursive: true });
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${sqliteTemplate}${suffix}`, { force: true });
    migrate(`file:${sqliteTemplate}`);
  } else {
    await adminQuery(`DROP DATABASE IF EXISTS "${postgresTemplateName}" WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE "${postgresTemplateName}"`);
    migrate(postgresUrlFor(postgresTemplateName));
  }
}
