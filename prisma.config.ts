import path from "node:path";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// Prisma runs fully offline here: the "js" engine with a driver adapter needs no engine download.
// DATABASE_URL picks the provider: file:... is SQLite (the embedded default), postgresql://... is
// PostgreSQL, each with its own schema file and migrations.
const databaseUrl = process.env.DATABASE_URL ?? "";
const postgres = /^postgres(ql)?:\/\//.test(databaseUrl);

// Prisma's migration engine reads PostgreSQL catalogs whose columns have the `name` and `"char"`
// types, which @prisma/adapter-pg 6.19 cannot map (prisma/orm#27403: "Column type 'name' could not
// be deserialized"). Both are text on the wire, so in this CLI process we report them as text.
if (postgres) {
  const TEXT = 25;
  const TEXT_ARRAY = 1009;
  const asText: Record<number, number> = { 18: TEXT, 19: TEXT, 1002: TEXT_ARRAY, 1003: TEXT_ARRAY };
  type Fields = { dataTypeID: number }[];
  const result = pg.Result.prototype as unknown as { addFields(fields: Fields): void };
  const addFields = result.addFields;
  result.addFields = function (this: unknown, fields: Fields) {
    for (const field of fields) field.dataTypeID = asText[field.dataTypeID] ?? field.dataTypeID;
    return addFields.call(this, fields);
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", postgres ? "postgresql/schema.prisma" : "schema.prisma"),
  migrations: { path: path.join("prisma", postgres ? "postgresql/migrations" : "migrations") },
  async adapter() {
    if (!databaseUrl) throw new Error("DATABASE_URL is not set (file:./data/encore.sqlite or postgresql://...)");
    return postgres ? new PrismaPg({ connectionString: databaseUrl }) : new PrismaLibSQL({ url: databaseUrl });
  },
});
