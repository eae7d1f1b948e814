// What every resolver gets, and the one field resolver the sandbox uses for the whole schema.
//
// Resolved objects are plain JS objects whose properties are the GraphQL field names: a value, or
// a function `(args, context, info) => value` for fields that take arguments or are costly. A
// field that exists in Shopify's schema but not on the object is a sandbox gap, reported as a
// clear GraphQL error instead of a silent null (a null could hide a bug that production exposes).
import { GraphQLError, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import type { SandboxStore } from "../store/store";

export interface SearchWarning {
  field: string;
  message: string;
  code: string;
}

/** Shopify reports search-syntax problems in `extensions.search` instead of failing the query. */
export interface SearchExtensionEntry {
  path: (string | number)[];
  query: string;
  warnings: SearchWarning[];
}

export type UpdatedResource = "Product" | "Customer" | "Order" | "DiscountCodeNode";

export interface AdminApiContext {
  store: SandboxStore;
  apiVersion: string;
  /** Access scopes of the token that made the request ("read_products,write_orders" split). */
  scopes: ReadonlySet<string>;
  now: () => number;
  searchWarnings: SearchExtensionEntry[];
  /** Called after a mutation changed a resource (the sandbox can emit webhooks from it). */
  onResourceUpdated?: (resource: UpdatedResource, id: number) => void;
}

/** Shorthand for resolver functions stored on resolved objects. */
export type FieldFn<TArgs = Record<string, unknown>> = (
  args: TArgs,
  context: AdminApiContext,
  info: GraphQLResolveInfo,
) => unknown;

export function notImplementedError(typeName: string, fieldName: string, apiVersion: string): GraphQLError {
  return new GraphQLError(
    `The Encore sandbox does not implement ${typeName}.${fieldName} (it exists in Shopify's Admin API ${apiVersion} schema; add it in app/sandbox/admin-api/)`,
    { extensions: { code: "SANDBOX_NOT_IMPLEMENTED", typeName, fieldName } },
  );
}

export const sandboxFieldResolver: GraphQLFieldResolver<unknown, AdminApiContext> = (source, args, context, info) => {
  if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
    const value = (source as Record<string, unknown>)[info.fieldName];
    return typeof value === "function" ? (value as FieldFn).call(source, args, context, info) : value;
  }
  throw notImplementedError(info.parentType.name, info.fieldName, context.apiVersion);
};

/** Shopify: a write scope implies the matching read scope. */
export function hasScope(context: AdminApiContext, scope: string): boolean {
  if (context.scopes.has(scope)) return true;
  if (scope.startsWith("read_")) return context.scopes.has(`write_${scope.slice("read_".length)}`);
  return false;
}

/** Throws Shopify's ACCESS_DENIED error unless the token has `scope`. */
export function requireScope(context: AdminApiContext, fieldName: string, scope: string): void {
  if (hasScope(context, scope)) return;
  const requiredAccess = `\`${scope}\` access scope.`;
  throw new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess,
    },
  });
}

export function nowIso(context: AdminApiContext): string {
  return new Date(context.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Shopify's mutation userErrors shape (`UserError`, `DiscountUserError` adds `code`). */
export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
  extraInfo?: string | null;
}
