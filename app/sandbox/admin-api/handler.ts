// The sandbox's Admin API HTTP surface (Web Fetch Request -> Response):
//   POST /admin/api/<version>/graphql.json   Admin GraphQL on Shopify's real schema
//   POST /admin/oauth/access_token           token exchange and refresh
//   GET  /sandbox-files/bulk/<id>.jsonl      bulk operation results (Shopify's signed storage URL)
// Any other path gets `null`, so the sandbox server can offer the request to its next handler.
import { randomUUID } from "node:crypto";
import type { GraphQLError } from "graphql";
import type { SandboxStore } from "../store/store";
import type { AccessTokenRegistry } from "./access-tokens";
import {
  attachBulkOperationEnvironment,
  BulkOperationRegistry,
  bulkFileResponse,
  type BulkOperationOptions,
} from "./bulk-operations";
import type { AdminApiContext, UpdatedResource } from "./context";
import {
  calculateQueryCost,
  maxCostExceededBody,
  pickFault,
  ShopBuckets,
  SINGLE_QUERY_MAX_COST,
  throttledBody,
  type BucketOptions,
  type CostExtension,
  type FaultOptions,
} from "./cost";
import { executeAdminOperation } from "./resolvers";
import { loadAdminSchema } from "./schema";
import { handleAccessTokenRequest } from "./token-exchange";
import { parseAndValidate, rewriteVariableErrors } from "./validation";

export interface AdminApiHandlerDeps {
  store: SandboxStore;
  apiKey: string;
  apiSecret: string;
  /** The one Admin API version served ("2026-10"); other versions answer 404. */
  apiVersion: string;
  accessTokens: AccessTokenRegistry;
  now?: () => number;
  /** Bucket size and refill rate (default 2000 points, 100/s). */
  throttle?: Omit<BucketOptions, "now">;
  /** Make a share of GraphQL calls fail (reliability tests). Off by default. */
  faults?: FaultOptions;
  /** Called after a mutation changed a resource (e.g. to send the matching webhook). */
  onResourceUpdated?: (resource: UpdatedResource, id: number) => void;
  /** Origin of the sandbox as the app reaches it (bulk result URLs); default: the request's origin. */
  publicUrl?: string;
  /** Bulk operation timing, concurrency and faults, or a registry the caller keeps (tests, controls). */
  bulkOperations?: BulkOperationOptions | BulkOperationRegistry;
  /** The app's extensions/ folder, where the sandbox finds its functions (shopifyFunctions). */
  extensionsDir?: string;
}

/** Returns a Response for the Admin API paths, or null for any other request. */
export type AdminApiHandler = (request: Request) => Promise<Response | null>;

const INVALID_TOKEN_MESSAGE = "[API] Invalid API key or access token (unrecognized login or wrong password)";
const GRAPHQL_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "X-Request-Id": randomUUID(), ...headers },
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

interface GraphQLBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

async function readGraphQLBody(request: Request): Promise<GraphQLBody | null> {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/graphql")) return { query: text };
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as GraphQLBody) : null;
  } catch {
    return null;
  }
}

export function createAdminApiHandler(deps: AdminApiHandlerDeps): AdminApiHandler {
  const now = deps.now ?? Date.now;
  const buckets = new ShopBuckets({ ...deps.throttle, now });
  const app = { apiKey: deps.apiKey, requestedScopes: deps.accessTokens.scopes(), extensionsDir: deps.extensionsDir };
  const bulk = deps.bulkOperations instanceof BulkOperationRegistry ? deps.bulkOperations : new BulkOperationRegistry(deps.bulkOperations);

  async function graphql(request: Request, version: string): Promise<Response> {
    const versionHeaders = { "X-Shopify-API-Version": version };
    if (version !== deps.apiVersion) return json(404, { errors: "Not Found" });
    if (request.method !== "POST") return json(405, { errors: "Method Not Allowed" }, { Allow: "POST" });

    const token = deps.accessTokens.lookup(request.headers.get("x-shopify-access-token") ?? "");
    if (!token || token.shop !== deps.store.state.shop.domain) return json(401, { errors: INVALID_TOKEN_MESSAGE });

    const body = await readGraphQLBody(request);
    if (!body || typeof body.query !== "string" || !body.query.trim()) {
      return json(400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
    const operationName = typeof body.operationName === "string" ? body.operationName : null;

    const bucket = buckets.forShop(token.shop);
    const fault = pickFault(deps.faults);
    if (fault === "throttle") return json(200, throttledBody(1, bucket.status()), versionHeaders);
    if (fault === "500") {
      const requestId = randomUUID();
      return json(500, {
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
          },
        ],
      });
    }
    if (fault === "timeout") {
      await sleep(deps.faults?.timeoutMs ?? 30_000, request.signal);
      return json(504, { errors: "Gateway Timeout" });
    }

    const schema = loadAdminSchema(version);
    const parsed = parseAndValidate(schema, body.query);
    if ("errors" in parsed) return json(200, { errors: parsed.errors }, versionHeaders);
    const document = parsed.document;

    const requestedQueryCost = calculateQueryCost(schema, document, variables, operationName);
    if (requestedQueryCost > SINGLE_QUERY_MAX_COST) return json(200, maxCostExceededBody(requestedQueryCost, bucket.status()), versionHeaders);
    if (!bucket.tryTake(requestedQueryCost)) return json(200, throttledBody(requestedQueryCost, bucket.status()), versionHeaders);

    const context: AdminApiContext = {
      store: deps.store,
      apiVersion: version,
      scopes: new Set(token.scope.split(",").filter(Boolean)),
      now,
      searchWarnings: [],
      onResourceUpdated: deps.onResourceUpdated,
    };
    attachBulkOperationEnvironment(context, {
      registry: bulk,
      schema,
      publicUrl: deps.publicUrl ?? new URL(request.url).origin,
      execute: (innerDocument, innerContext) => executeAdminOperation({ schema, document: innerDocument, context: innerContext, app }),
    });
    const result = await executeAdminOperation({ schema, document, variables, operationName, context, app });

    if (result.data === undefined) {
      // Nothing ran (bad variables, unknown operation): Shopify answers errors only, and does not charge.
      bucket.giveBack(requestedQueryCost);
      return json(200, { errors: rewriteVariableErrors(result.errors ?? [], document, variables, schema) }, versionHeaders);
    }
    const cost: CostExtension = {
      requestedQueryCost,
      actualQueryCost: requestedQueryCost,
      throttleStatus: bucket.status(),
    };
    const responseBody: Record<string, unknown> = {};
    if (result.errors?.length) responseBody.errors = result.errors.map((error: GraphQLError) => error.toJSON());
    responseBody.data = result.data;
    responseBody.extensions = { cost, ...(context.searchWarnings.length ? { search: context.searchWarnings } : {}) };
    return json(200, responseBody, versionHeaders);
  }

  return async (request: Request) => {
    const { pathname } = new URL(request.url);
    const graphqlMatch = GRAPHQL_PATH.exec(pathname);
    if (graphqlMatch) return graphql(request, graphqlMatch[1]);
    const bulkFile = bulkFileResponse(bulk, request);
    if (bulkFile) return bulkFile;
    if (pathname === "/admin/oauth/access_token") {
      if (request.method !== "POST") return json(405, { errors: "Method Not Allowed" }, { Allow: "POST" });
      return handleAccessTokenRequest(request, {
        apiKey: deps.apiKey,
        apiSecret: deps.apiSecret,
        shopDomain: deps.store.state.shop.domain,
        accessTokens: deps.accessTokens,
        now,
      });
    }
    return null;
  };
}
