import { TtlCache } from "~/lib/ttl-cache";

/**
 * Storefront answers (recommendations, cart suggestions) per process, for 30 s: the same answer
 * goes to every shopper and may be cached by browsers for 60 s anyway, and under load the database
 * round trips, not the answers, are what a request costs (docs/decisions/008-storefront-request-path.md).
 * A merchant's change clears the process that saved it at once and the others within 30 s.
 */
const answers = new TtlCache<unknown>({ maxEntries: 20_000, ttlMs: 30_000 });

export function cachedStorefrontAnswer<T>(shop: string, key: string, load: () => Promise<T>): Promise<T> {
  return answers.getOrLoad(`${shop}|${key}`, load) as Promise<T>;
}

/** After a merchant changes what the storefront should show. */
export function forgetStorefrontAnswers(shop: string): void {
  answers.deleteWhere((key) => key.startsWith(`${shop}|`));
}
