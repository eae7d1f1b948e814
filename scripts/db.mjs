#!/usr/bin/env node
// Database chores for both providers. prisma/schema.prisma (SQLite) is the source of truth;
// the PostgreSQL schema is derived from it so the two never drift.
//   node scripts/db.mjs generate          derive the PostgreSQL schema, generate both clients
//   node scripts/db.mjs deploy            apply migrations to DATABASE_URL (either provider)
//   node scripts/db.mjs new-migration N   write migration N for both providers (the change since the
//                                         last migration's schema snapshot; the PostgreSQL adapter
//                                         needs a server to connect to: DIFF_POSTGRES_URL, default local)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const sqliteSchema = path.join(root, "prisma", "schema.prisma");
const postgresSchema = path.join(root, "prisma", "postgresql", "schema.prisma");

/** The PostgreSQL version of a SQLite schema text (only the datasource and the output differ). */
function toPostgres(source) {
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../app/db/generated/sqlite"', 'output       = "../../app/db/generated/postgresql"')
    .replace(/^\/\/ Encore's database\.[\s\S]*?\n\n/, "// GENERATED from prisma/schema.prisma by scripts/db.mjs: edit that file, not this one.\n\n");
  if (derived.includes('"sqlite"') || !derived.includes("generated/postgresql")) {
    throw new Error("scripts/db.mjs could not derive the PostgreSQL schema: the datasource or generator lines changed");
  }
  return derived;
}

function derivePostgresSchema() {
  const derived = toPostgres(readFileSync(sqliteSchema, "utf8"));
  mkdirSync(path.dirname(postgresSchema), { recursive: true });
  if (!existsSync(postgresSchema) || readFileSync(postgresSchema, "utf8") !== derived) writeFileSync(postgresSchema, derived);
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
    // Prisma cannot diff from the migrations folder or a live database through a driver adapter
    // (for SQLite it silently diffs from empty), so each migration is the difference between the
    // schema as of the last migration (kept in prisma/migrations/schema.prisma.snapshot) and now.
    const snapshot = path.join(root, "prisma", "migrations", "schema.prisma.snapshot");
    const previous = existsSync(snapshot) ? readFileSync(snapshot, "utf8") : null;
    for (const provider of ["sqlite", "postgresql"]) {
      const dir = provider === "sqlite" ? path.join(root, "prisma", "migrations") : path.join(root, "prisma", "postgresql", "migrations");
      const to = provider === "sqlite" ? sqliteSchema : postgresSchema;
      const fromFile = path.join(root, "data", `previous-${provider}.prisma`);
      if (previous) writeFileSync(fromFile, provider === "sqlite" ? previous : toPostgres(previous));
      const from = previous ? ["--from-schema-datamodel", fromFile] : ["--from-empty"];
      const draft = path.join(root, "data", `${stamp}_${name}.${provider}.sql`);
      // The URL selects the provider in prisma.config.ts; the adapter connects but reads nothing.
      const url = provider === "sqlite" ? "file:./data/diff.sqlite" : (process.env.DIFF_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres");
      prisma(["migrate", "diff", ...from, "--to-schema-datamodel", to, "--script", "-o", draft], url);
      const target = path.join(dir, `${stamp}_${name}`);
      mkdirSync(target, { recursive: true });
      renameSync(draft, path.join(target, "migration.sql"));
      rmSync(fromFile, { force: true });
      const lock = path.join(dir, "migration_lock.toml");
      if (!existsSync(lock)) writeFileSync(lock, `provider = "${provider}"\n`);
    }
    writeFileSync(snapshot, readFileSync(sqliteSchema, "utf8"));
    rmSync(path.join(root, "data", "diff.sqlite"), { force: true });
    break;
  }
  default:
    throw new Error(`unknown command ${command ?? "(none)"}: generate | deploy | new-migration NAME`);
}
