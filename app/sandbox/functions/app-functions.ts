// The app's Shopify Functions as the sandbox knows them: read from extensions/*/shopify.extension.toml
// (type = "function") as Shopify learns them from a deploy, each with a stable id, its targets and
// input queries, and its JavaScript module (run directly: the Wasm toolchain is not available here).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { parse as parseToml } from "smol-toml";
import { shopifySchemasDir } from "../admin-api/schema";

export interface AppFunctionTarget {
  target: string;
  inputQuery: string;
  exportName: string;
}

export interface AppFunction {
  id: string;
  handle: string;
  title: string;
  description: string | null;
  /** "discount" for the Discount Function API (cart.lines / cart.delivery-options targets). */
  apiType: string;
  apiVersion: string;
  dir: string;
  targets: AppFunctionTarget[];
}

interface FunctionToml {
  api_version?: string;
  extensions?: { name?: string; handle?: string; type?: string; description?: string; targeting?: { target?: string; input_query?: string; export?: string }[] }[];
}

function apiTypeOf(target: string): string {
  if (/^cart\.(lines|delivery-options)\.discounts\./.test(target)) return "discount";
  return target.split(".").slice(0, 2).join("_");
}

/** A UUID-shaped id derived from the app and handle, so it survives sandbox restarts (as a deploy's id does). */
function functionId(apiKey: string, handle: string): string {
  const hex = createHash("sha1").update(`${apiKey}:${handle}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Every function extension under extensionsDir, in a stable order. */
export function listAppFunctions(extensionsDir: string | undefined, apiKey: string): AppFunction[] {
  if (!extensionsDir || !existsSync(extensionsDir)) return [];
  const functions: AppFunction[] = [];
  for (const name of readdirSync(extensionsDir).sort()) {
    const dir = join(extensionsDir, name);
    const tomlPath = join(dir, "shopify.extension.toml");
    if (!statSync(dir).isDirectory() || !existsSync(tomlPath)) continue;
    const toml = parseToml(readFileSync(tomlPath, "utf8")) as FunctionToml;
    for (const extension of toml.extensions ?? []) {
      if (extension.type !== "function" || !extension.handle) continue;
      const targets = (extension.targeting ?? []).flatMap((t) =>
        t.target && t.input_query && t.export ? [{ target: t.target, inputQuery: readFileSync(join(dir, t.input_query), "utf8"), exportName: t.export }] : [],
      );
      if (targets.length === 0) continue;
      functions.push({
        id: functionId(apiKey, extension.handle),
        handle: extension.handle,
        title: extension.name ?? extension.handle,
        description: extension.description ?? null,
        apiType: apiTypeOf(targets[0].target),
        apiVersion: toml.api_version ?? "unstable",
        dir,
        targets,
      });
    }
  }
  return functions;
}

/** "cart-lines-discounts-generate-run" -> "cartLinesDiscountsGenerateRun" (the JS export Shopify calls). */
export function exportFunctionName(exportName: string): string {
  return exportName.replace(/[-_]([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

const functionSchemas = new Map<string, GraphQLSchema>();

/**
 * Shopify's published Discount Function schema for a version (scripts/shopify-schemas.sh fetches
 * it), so the sandbox builds a function's input by running its input query on the real schema.
 */
export function loadDiscountFunctionSchema(version: string): GraphQLSchema {
  const cached = functionSchemas.get(version);
  if (cached) return cached;
  const path = join(shopifySchemasDir(), `functions_discount_${version}.json.gz`);
  if (!existsSync(path)) throw new Error(`Shopify's Discount Function ${version} schema not found at ${path}. Run \`bash scripts/shopify-schemas.sh\`.`);
  const parsed = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as { data: IntrospectionQuery };
  const schema = buildClientSchema(parsed.data, { assumeValid: true });
  functionSchemas.set(version, schema);
  return schema;
}
