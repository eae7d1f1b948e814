// The sandbox's Admin API: root fields (queries and mutations) over a SandboxStore, executed by
// graphql-js against Shopify's real schema. Each area lives in its own file; this one wires them
// together and runs operations.
import {
  execute,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import type { SandboxStore } from "../store/store";
import { appDiscountFields } from "./app-discounts";
import { bulkOperationById, bulkOperationRootFields } from "./bulk-operations";
import { sandboxFieldResolver, type AdminApiContext } from "./context";
import { customerMutations, customerQueries } from "./customers";
import { discountMutations, discountQueries } from "./discounts";
import { gidOf, parseAnyGid } from "./ids";
import { orderQueries } from "./orders";
import { productQueries } from "./products";
import { shopNode } from "./shop";
import { tagMutations } from "./tags";
import { metafieldMutations } from "./metafields";

type RootField = (args: Record<string, unknown>, context: AdminApiContext) => unknown;

/** Resolves `node(id)` / `nodes(ids)` by delegating to the per-type root field. */
function nodeResolver(queries: Record<string, RootField>) {
  const byResource: Record<string, (id: string, context: AdminApiContext) => unknown> = {
    Product: (id, c) => queries.product({ id }, c),
    ProductVariant: (id, c) => queries.productVariant({ id }, c),
    Collection: (id, c) => queries.collection({ id }, c),
    Customer: (id, c) => queries.customer({ id }, c),
    Order: (id, c) => queries.order({ id }, c),
    DiscountCodeNode: (id, c) => queries.codeDiscountNode({ id }, c),
    DiscountNode: (id, c) => queries.discountNode({ id }, c),
    DiscountAutomaticNode: (id, c) => queries.automaticDiscountNode({ id }, c),
    BulkOperation: (id, c) => bulkOperationById(id, c),
  };
  return (id: string, context: AdminApiContext) => {
    const { resource } = parseAnyGid(id);
    const resolve = byResource[resource];
    if (!resolve) {
      throw new GraphQLError(`The Encore sandbox does not implement node() for ${resource} ids (add it in app/sandbox/admin-api/resolvers.ts)`, {
        extensions: { code: "SANDBOX_NOT_IMPLEMENTED" },
      });
    }
    return resolve(id, context);
  };
}

export interface AppIdentity {
  apiKey: string;
  /** The scopes the app requests (its TOML `access_scopes.scopes`). */
  requestedScopes: string[];
  /** The app's extensions/ folder: its functions (shopifyFunctions, app discounts). */
  extensionsDir?: string;
}

function appNode(app: AppIdentity, context: AdminApiContext) {
  const scope = (handle: string) => ({ handle, description: handle });
  const appId = gidOf("App", 1);
  const installation = {
    __typename: "AppInstallation",
    id: gidOf("AppInstallation", 1),
    accessScopes: [...context.scopes].sort().map(scope),
    activeSubscriptions: [], // the sandbox has no billing: nothing is ever subscribed
    launchUrl: `https://admin.shopify.com/store/${context.store.state.shop.domain.replace(/\.myshopify\.com$/, "")}/apps/${app.apiKey}`,
    app: () => appNode(app, context),
  };
  return {
    __typename: "App",
    id: appId,
    apiKey: app.apiKey,
    title: "Encore",
    handle: "encore",
    embedded: true,
    requestedAccessScopes: app.requestedScopes.map(scope),
    optionalAccessScopes: [],
    installation,
  };
}

/** One object holding every implemented QueryRoot and Mutation field. */
export function createRootValue(store: SandboxStore, app: AppIdentity) {
  const appDiscounts = appDiscountFields(store, { apiKey: app.apiKey, extensionsDir: app.extensionsDir });
  const codeDiscounts = discountQueries(store);
  const queries = {
    ...productQueries(store),
    ...customerQueries(store),
    ...orderQueries(store),
    ...codeDiscounts,
    ...appDiscounts.queries,
    // One discountNode for both kinds: automatic app discounts first, then code discounts.
    discountNode: (args: { id: string }, context: AdminApiContext) => appDiscounts.discountNode(args.id) ?? codeDiscounts.discountNode(args, context),
  } as unknown as Record<string, RootField>;
  const node = nodeResolver(queries);
  return {
    ...queries,
    shop: () => shopNode(store.state.shop),
    node: ({ id }: { id: string }, context: AdminApiContext) => node(id, context),
    nodes: ({ ids }: { ids: string[] }, context: AdminApiContext) => ids.map((id) => node(id, context)),
    app: ({ id }: { id?: string | null }, context: AdminApiContext) => (id && id !== gidOf("App", 1) ? null : appNode(app, context)),
    currentAppInstallation: (_args: unknown, context: AdminApiContext) => appNode(app, context).installation,
    // mutations
    ...tagMutations(store),
    ...metafieldMutations(store),
    ...customerMutations(store),
    ...discountMutations(store),
    ...appDiscounts.mutations,
    // bulk queries (queries and mutations)
    ...bulkOperationRootFields(),
  };
}

/** Executes an already parsed and validated operation. */
export async function executeAdminOperation(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  context: AdminApiContext;
  app: AppIdentity;
}): Promise<ExecutionResult> {
  return execute({
    schema: options.schema,
    document: options.document,
    rootValue: createRootValue(options.context.store, options.app),
    contextValue: options.context,
    variableValues: options.variables ?? undefined,
    operationName: options.operationName ?? undefined,
    fieldResolver: sandboxFieldResolver,
  });
}
