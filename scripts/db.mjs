#!/usr/bin/env node
// Database chores for both providers. prisma/schema.prisma (SQLite) is the source of truth;
// the PostgreSQL schema is derived from it so the two never drift.
//   node scripts/db.mjs generate          derive the PostgreSQL schema, generate both clients
//   node scripts/db.mjs deploy            apply migrations to DATABASE_URL (either provider)
//   node scripts/db.mjs new-migration N   write migration N for both providers (from the last one;
//                                         needs a PostgreSQL server at DIFF_POSTGRES_URL, default local)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const sqliteSchema = path.join(root, "prisma", "schema.prisma");
const postgresSchema = path.join(root, "prisma", "postgresql", "schema.prisma");

function derivePostgresSchema() {
  const source = readFileSync(sqliteSchema, "utf8");
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../app/db/generated/sqlite"', 'output       = "../../app/db/generated/postgresql"')
    .replace(/^\/\/ Encore's database\.[\s\S]*?\n\n/, "// GENERATED from prisma/schema.prisma by scripts/db.mjs: edit that file, not this one.\n\n");
  if (derived.includes('"sqlite"') || !derived.includes("generated/postgresql")) {
    throw new Error("scripts/db.mjs could not derive the PostgreSQL schema: the datasource or generator lines changed");
  }
  mkdirSync(path.dirname(postgresSchema), { recursive: true });
  if (!existsSync(postgresSchema) || readFileSync(postgresSchema, "utf8") !== derived) writeFileSync(postgresSchema, derived);
}

function psql(serverUrl, sql) {
  execFileSync("psql", [serverUrl.toString(), "-v", "ON_ERROR_STOP=1", "-qc", sql], { stdio: ["ignore", "ignore", "inherit"] });
}

function prisma(args, databaseUrl) {
  execFileSync(prismaBin, args, {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl ?? process.env.DATABASE_URL, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

const [command, name] = process.argv.slice(2);
switch (command) {
  case "generate":
    derivePostgresSchema();
    prisma(["generate", "--schema", sqliteSchema], "file:./data/generate.sqlite");
    prisma(["generate", "--schema", postgresSchema], "postgresql://localhost/generate");
    break;
  case "deploy":
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    if (process.env.DATABASE_URL.startsWith("file:")) {
      const file = path.resolve(root, process.env.DATABASE_URL.slice("file:".length));
      mkdirSync(path.dirname(file), { recursive: true });
    }
    prisma(["migrate", "deploy"]);
    break;
  case "new-migration": {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: node scripts/db.mjs new-migration snake_case_name");
    derivePostgresSchema();
    mkdirSync(path.join(root, "data"), { recursive: true }); // libsql cannot create the file's folder
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    // With a driver adapter, Prisma replays the existing migrations in the adapter's database to
    // diff against the schema: give it throwaway databases, never a real one.
    rmSync(path.join(root, "data", "diff.sqlite"), { force: true });
    const postgresServer = new URL(process.env.DIFF_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres");
    const scratch = `encore_diff_${stamp}`;
    psql(postgresServer, `CREATE DATABASE "${scratch}"`);
    const scratchUrl = new URL(postgresServer);
    scratchUrl.pathname = `/${scratch}`;
    try {
      for (const [schema, dir, url] of [
        [sqliteSchema, path.join(root, "prisma", "migrations"), "file:./data/diff.sqlite"],
        [postgresSchema, path.join(root, "prisma", "postgresql", "migrations"), scratchUrl.toString()],
      ]) {
        const previous = existsSync(dir) ? readdirSync(dir).filter((entry) => /^\d+_/.test(entry)) : [];
        const from = previous.length ? ["--from-migrations", dir] : ["--from-empty"];
        // Written outside the folder first: --from-migrations must not see the new, empty migration.
        const draft = path.join(root, "data", `${stamp}_${name}.sql`);
        prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script", "-o", draft], url);
        const target = path.join(dir, `${stamp}_${name}`);
        mkdirSync(target, { recursive: true });
        renameSync(draft, path.join(target, "migration.sql"));
        const lock = path.join(dir, "migration_lock.toml");
        if (!existsSync(lock)) {
          writeFileSync(lock, `provider = "${schema === sqliteSchema ? "sqlite" : "postgresql"}"\n`);
        }
      }
    } finally {
      psql(postgresServer, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
      rmSync(path.join(root, "data", "diff.sqlite"), { force: true });
    }
    break;
  }
  default:
    throw new Error(`unknown command ${command ?? "(none)"}: generate | deploy | new-migration NAME`);
}
