// Shopify's real Admin GraphQL schema, built from the introspection result that
// scripts/shopify-schemas.sh extracts from the @shopify/dev-mcp npm package. The sandbox validates
// and executes every operation against it, so a field Encore gets wrong fails here as it would
// at Shopify.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** The Admin API version Encore targets (the app's single version constant is the same string). */
export const DEFAULT_ADMIN_API_VERSION = "2026-10";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where scripts/shopify-schemas.sh puts the schemas; SHOPIFY_SCHEMAS_DIR overrides it. */
export function shopifySchemasDir(): string {
  return process.env.SHOPIFY_SCHEMAS_DIR ?? join(REPO_ROOT, ".shopify-schemas");
}

export function adminSchemaPath(version: string = DEFAULT_ADMIN_API_VERSION): string {
  return join(shopifySchemasDir(), `admin_${version}.json.gz`);
}

/** Whether the introspection file for this version is on disk (tests can skip cleanly without it). */
export function hasAdminSchema(version: string = DEFAULT_ADMIN_API_VERSION): boolean {
  return existsSync(adminSchemaPath(version));
}

const schemaCache = new Map<string, GraphQLSchema>();

/**
 * Loads and builds the Admin schema for `version` (gunzip + JSON.parse + buildClientSchema, about
 * half a second), once per process.
 */
export function loadAdminSchema(version: string = DEFAULT_ADMIN_API_VERSION): GraphQLSchema {
  const cached = schemaCache.get(version);
  if (cached) return cached;
  const path = adminSchemaPath(version);
  if (!existsSync(path)) {
    throw new Error(
      `Shopify Admin API ${version} schema not found at ${path}. Run \`bash scripts/shopify-schemas.sh\` to fetch it.`,
    );
  }
  const parsed = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as
    | { data: IntrospectionQuery }
    | IntrospectionQuery;
  const introspection = "data" in parsed ? parsed.data : parsed;
  // The schema is Shopify's own; skip graphql-js's re-validation of it (it is large and valid).
  const schema = buildClientSchema(introspection, { assumeValid: true });
  schemaCache.set(version, schema);
  return schema;
}
