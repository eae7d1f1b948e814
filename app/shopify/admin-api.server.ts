import { HttpRequestError } from "@shopify/shopify-api";
import type { AdminApiContext } from "@shopify/shopify-app-remix/server";

/**
 * The one way Encore calls the Admin GraphQL API. It returns `data`, turns a non-empty
 * `userErrors` into an error with context, and waits and retries when Shopify answers THROTTLED
 * and, for queries, after a 5xx or a timeout (the shopify-api client itself only retries HTTP 429/503).
 */
export type AdminGraphql = Pick<AdminApiContext, "graphql">;

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly operation: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

interface ThrottleStatus {
  currentlyAvailable: number;
  restoreRate: number;
}

const MAX_SERVER_ERROR_RETRIES = 5;
// THROTTLED is bounded by time, not attempts: many callers sharing a drained bucket each get a
// turn only as it refills, so a fixed number of short waits starves some of them.
const MAX_THROTTLE_WAIT_MS = 60_000;

export async function adminQuery<T>(
  admin: AdminGraphql,
  operation: string,
  query: string,
  variables?: Record<string, unknown>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  let throttledFor = 0;
  let serverErrors = 0;
  for (;;) {
    try {
      const response = await admin.graphql(query, { variables });
      const body = (await response.json()) as { data?: T; errors?: unknown };
      if (!body.data) throw new AdminApiError(`${operation} returned no data`, operation, body.errors);
      return body.data;
    } catch (error) {
      // A query is safe to repeat after any transient failure; a mutation only after THROTTLED
      // (Shopify did not run it): after a 5xx or a timeout it may have run, so its caller decides.
      const throttleWait = throttleWaitMs(error);
      if (throttleWait !== null) {
        if (throttledFor + throttleWait > MAX_THROTTLE_WAIT_MS) throw error;
        throttledFor += throttleWait;
        await sleep(throttleWait);
        continue;
      }
      const wait = isMutation(query) ? null : serverErrorWaitMs(error, serverErrors);
      if (wait === null || serverErrors++ >= MAX_SERVER_ERROR_RETRIES) throw error;
      await sleep(wait);
    }
  }
}

/** A generated mutation type with its payloads non-null (Shopify types them nullable; adminMutation reads userErrors from a present payload). */
export type MutationPayloads<T> = { [K in Exclude<keyof T, "__typename">]: NonNullable<T[K]> };

/** Like adminQuery, for mutations: `userErrors` at `resultKey` fail the call. */
export async function adminMutation<T extends Record<string, { userErrors?: { field?: string[] | null; message: string }[] }>>(
  admin: AdminGraphql,
  operation: string,
  query: string,
  variables: Record<string, unknown>,
  resultKey: keyof T,
): Promise<T> {
  const data = await adminQuery<T>(admin, operation, query, variables);
  const userErrors = data[resultKey]?.userErrors ?? [];
  if (userErrors.length > 0) {
    const text = userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message)).join("; ");
    throw new AdminApiError(`${operation} failed: ${text}`, operation, userErrors);
  }
  return data;
}

function isMutation(query: string): boolean {
  return /^\s*(?:#graphql\s*)?mutation\b/.test(query);
}

/** Back-off before repeating a query that failed with a 5xx or a network error/timeout; null for anything else. */
export function serverErrorWaitMs(error: unknown, attempt: number): number | null {
  const code = (error as { response?: { code?: unknown } })?.response?.code;
  const transient = error instanceof HttpRequestError || (typeof code === "number" && code >= 500);
  return transient ? Math.min(8_000, 500 * 2 ** attempt) : null;
}

/** How long to wait before retrying a THROTTLED answer, or null when the error is something else. */
export function throttleWaitMs(error: unknown): number | null {
  const body = (error as { body?: { errors?: unknown; extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } } } })?.body;
  const errors = (body?.errors as { graphQLErrors?: { extensions?: { code?: string } }[] } | undefined)?.graphQLErrors ?? (Array.isArray(body?.errors) ? (body.errors as { extensions?: { code?: string } }[]) : []);
  const throttled = errors.some((e) => e.extensions?.code === "THROTTLED");
  if (!throttled) return null;
  const cost = body?.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!status || !cost?.requestedQueryCost || status.restoreRate <= 0) return 1000;
  const missing = Math.max(0, cost.requestedQueryCost - status.currentlyAvailable);
  return Math.ceil((missing / status.restoreRate) * 1000) + 50;
}
